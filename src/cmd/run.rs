//! `run [round] --out <dir>`: the whole pipeline.
//!
//! load framework -> ingest round -> validate -> score -> rank -> audit
//! trace -> export. Any error in the inputs stops the run before a single
//! output file is written.

use crate::diag::{Diagnostic, Diagnostics, Error, Severity};
use crate::report::manifest::{self, Manifest};
pub use crate::report::Lang;
use crate::{audit, compare, ingest, process, rank, report, robust, score, weighting};
use std::path::Path;

/// Run the whole pipeline on a round folder: the result, or every problem
/// (errors and warnings) when anything is in error.
pub fn analyse(round_dir: &Path, framework: Option<&Path>) -> Result<audit::RoundResult, Error> {
    analyse_with(round_dir, framework, &Options::default())
}

/// Settings of the robustness analysis given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A `[robustness]` table from another file (value, file label) instead
    /// of round.toml's.
    pub robustness: Option<(toml::Value, String)>,
    /// Without a `[robustness]` table (here or in round.toml), refuse the
    /// round with an error that says what to add (`sensitivity`).
    pub require_robustness: bool,
    pub replications: Option<usize>,
    pub sobol_base: Option<usize>,
    pub seed: Option<u64>,
    pub bootstrap: Option<usize>,
    /// Draw a progress bar on a terminal.
    pub progress: bool,
    /// Check the `[robustness]` table but do not run it (`check`).
    pub skip_robustness: bool,
}

/// `analyse` with command-line options for the robustness analysis.
pub fn analyse_with(
    round_dir: &Path,
    framework: Option<&Path>,
    options: &Options,
) -> Result<audit::RoundResult, Error> {
    let (round, mut diags) = ingest::load_round(round_dir, framework);
    let Some(mut round) = round else {
        return Err(Error::Invalid(diags));
    };
    let mut process_files = Vec::new();
    let plan = process::load(&round, &mut diags, &mut process_files);
    round.files.extend(process_files);
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    let failures = match &plan {
        Some(p) => process::gates::check(&round, &p.process.gates),
        None => vec![vec![]; round.registry.len()],
    };
    let excluded: Vec<bool> = failures.iter().map(|f| !f.is_empty()).collect();
    if !excluded.is_empty() && excluded.iter().all(|&x| x) {
        diags.push(Diagnostic::error(
            round.dir.join("round.toml").display().to_string(),
            "every cluster failed an eligibility gate: nothing to score",
        ));
        return Err(Error::Invalid(diags));
    }
    if let Err(d) = weighting::resolve_objective(&mut round, &excluded) {
        diags.extend(d);
        return Err(Error::Invalid(diags));
    }
    let scored = match score::score_cohort(&round, &excluded) {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d);
            return Err(Error::Invalid(diags));
        }
    };
    let (ids, names) = scored.labels(&round);
    let standings = rank::rank(&round.framework, &scored, &ids);
    let outcome = match &plan {
        Some(p) => {
            let (result, d) = process::run(&round, p, &scored, &failures);
            diags.extend(d);
            Some(result)
        }
        None => None,
    };
    let round_file = round.dir.join("round.toml").display().to_string();
    let source = match &options.robustness {
        Some((v, file)) => Some((v, file.clone())),
        None => round.robustness.as_ref().map(|v| (v, round_file.clone())),
    };
    let robustness_config = match source {
        Some((v, file)) => match robust::config::parse(v, &round.framework, &file, "robustness") {
            Ok(mut c) => {
                c.replications = options.replications.unwrap_or(c.replications);
                c.sobol_base = options.sobol_base.unwrap_or(c.sobol_base);
                c.seed = options.seed.unwrap_or(c.seed);
                c.bootstrap = options.bootstrap.unwrap_or(c.bootstrap);
                let problems = c.validate("command line", "");
                let ok = !problems.has_errors();
                diags.extend(problems);
                if c.select.is_some_and(|s| s > ids.len()) {
                    diags.push(Diagnostic::warning(
                        &file,
                        format!(
                            "select = {} is more than the {} scored clusters: every cluster counts as selected",
                            c.select.unwrap_or(0),
                            ids.len()
                        ),
                    ));
                }
                ok.then_some(c)
            }
            Err(d) => {
                diags.extend(d);
                None
            }
        },
        None if options.require_robustness => {
            diags.push(
                Diagnostic::error(
                    &round_file,
                    "no [robustness] section: declare the uncertain choices in round.toml or give --config FILE",
                )
                .column("robustness"),
            );
            None
        }
        None => None,
    };
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    let mut result =
        audit::build_result(&round, &scored, &standings, outcome.as_ref(), diags.items);
    result.methods = Some(compare::compare(
        &round.framework,
        &scored,
        &standings,
        &ids,
        &names,
    ));
    if let Some(config) = robustness_config.filter(|_| !options.skip_robustness) {
        result.robustness = Some(robust::analyse(
            &round.framework,
            &scored,
            &standings,
            &ids,
            &names,
            &config,
            default_select(plan.as_ref(), ids.len()),
            options.progress,
        ));
    }
    Ok(result)
}

/// "Selected" when no `select` is given: the process quota, or the top
/// quarter.
pub fn default_select(plan: Option<&process::ProcessPlan>, clusters: usize) -> usize {
    plan.and_then(|p| p.process.quota)
        .unwrap_or(clusters.div_ceil(4))
        .max(1)
}

/// Run a round and return the rendered output files, manifest.json last
/// (nothing written). `out` is where they will go: the manifest records the
/// round folder relative to it.
pub fn evaluate(
    round_dir: &Path,
    framework: Option<&Path>,
    lang: Lang,
    out: &Path,
) -> Result<Vec<report::OutputFile>, Error> {
    let result = analyse(round_dir, framework)?;
    let mut files = report::render_all(&result, lang)?;
    let manifest = manifest_for(&result, &files, framework, lang, out)?;
    files.push(report::OutputFile {
        name: "manifest.json".into(),
        bytes: manifest.to_bytes()?,
    });
    Ok(files)
}

/// The manifest of a run: inputs relative to the round folder, outputs by
/// name, both with SHA-256.
pub fn manifest_for(
    result: &audit::RoundResult,
    files: &[report::OutputFile],
    framework: Option<&Path>,
    lang: Lang,
    out: &Path,
) -> Result<Manifest, Error> {
    let src = &result.sources;
    let mut inputs = Vec::new();
    for f in &src.files {
        let label = manifest::relative(f, &src.round_dir);
        if inputs
            .iter()
            .any(|d: &manifest::FileDigest| d.path == label)
        {
            continue;
        }
        inputs.push(manifest::digest_file(f, label)?);
    }
    Ok(Manifest {
        tool: "cluster-eval".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        round: manifest::relative(&src.round_dir, out),
        round_absolute: manifest::absolute(&src.round_dir).display().to_string(),
        options: manifest::Options {
            framework: framework.map(|f| manifest::relative(f, out)),
            lang: lang.as_str().into(),
        },
        seed: None,
        framework: manifest::relative(&src.framework, &src.round_dir),
        inputs,
        outputs: files
            .iter()
            .map(|f| manifest::FileDigest {
                path: f.name.clone(),
                sha256: manifest::sha256_hex(&f.bytes),
                bytes: f.bytes.len() as u64,
            })
            .collect(),
    })
}

pub fn execute(round: Option<&Path>, framework: Option<&Path>, out: &Path, lang: Lang) -> i32 {
    let dir = super::round_dir(round);
    let files = match evaluate(&dir, framework, lang, out) {
        Ok(f) => f,
        Err(Error::Invalid(diags)) => {
            print_refusal(&diags);
            return super::INVALID;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return super::FAILED;
        }
    };
    if let Err(e) = report::write_all(out, &files) {
        eprintln!("error: {e}");
        return super::FAILED;
    }
    println!("wrote {} file(s) to {}:", files.len(), out.display());
    for f in &files {
        println!("  {}", f.name);
    }
    super::OK
}

pub(crate) fn print_refusal(diags: &Diagnostics) {
    for d in &diags.items {
        eprintln!("{d}");
    }
    eprintln!(
        "refused: {} error(s), {} warning(s); nothing was written",
        diags.count(Severity::Error),
        diags.count(Severity::Warning)
    );
}
