//! `run [round] --out <dir>`: the whole pipeline (`cluster_eval::pipeline`),
//! then every output file rendered for the audience (`--audience`), the manifest, and the files written
//! into the output folder. Any error in the inputs stops the run before a
//! single output file is written.

use super::Outcome;
use cluster_eval::archive::Archive;
use cluster_eval::audit::RoundResult;
use cluster_eval::diag::{Diagnostic, Error};
use cluster_eval::pipeline::{self, Options};
use cluster_eval::report::manifest::{self, Manifest};
use cluster_eval::report::{self, Audience, Lang, OutputDir};
use std::path::{Path, PathBuf};

/// Run a round and return the rendered output files, manifest.json last
/// (nothing written). `out` is where they will go: the manifest records the
/// round folder relative to it.
pub fn evaluate(
    round_dir: &Path,
    framework: Option<&Path>,
    lang: Lang,
    out: &Path,
    audience: Audience,
) -> Result<Vec<report::OutputFile>, Error> {
    Ok(evaluate_with_inputs(round_dir, framework, lang, out, audience, None)?.0)
}

/// The files of a run, the input files it read and the warnings of its
/// documents.
type Evaluated = (Vec<report::OutputFile>, Vec<PathBuf>, Vec<Diagnostic>);

/// `evaluate`, the input files the run read and the warnings of the
/// documents (characters their font lacks). With an archive, every input
/// is copied into it while it is hashed, and the manifest names it.
fn evaluate_with_inputs(
    round_dir: &Path,
    framework: Option<&Path>,
    lang: Lang,
    out: &Path,
    audience: Audience,
    archive: Option<&dyn Fn(&RoundResult) -> Archive>,
) -> Result<Evaluated, Error> {
    let options = Options {
        framework,
        ..Options::default()
    };
    let result = pipeline::evaluate(round_dir, &options)?;
    let mut files = report::render_for(&result, lang, audience)?;
    let archive = archive.map(|a| a(&result));
    let manifest = manifest_for(
        &result,
        &files,
        framework,
        (lang, audience),
        out,
        archive.as_ref(),
    )?;
    files.push(report::OutputFile {
        name: "manifest.json".into(),
        bytes: manifest.to_bytes()?,
    });
    let warnings = match result.round.publication.documents {
        true => report::document::warnings(&result, lang),
        false => Vec::new(),
    };
    Ok((files, result.sources.files.clone(), warnings))
}

/// The manifest of a run: inputs relative to the round folder, outputs by
/// name, both with SHA-256; with an archive, the inputs are stored in it as
/// they are hashed.
fn manifest_for(
    result: &RoundResult,
    files: &[report::OutputFile],
    framework: Option<&Path>,
    (lang, audience): (Lang, Audience),
    out: &Path,
    archive: Option<&Archive>,
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
        inputs.push(match archive {
            Some(a) => a.store(f, label)?,
            None => manifest::digest_file(f, label)?,
        });
    }
    Ok(Manifest {
        tool: "cluster-eval".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        round: manifest::relative(&src.round_dir, out),
        round_absolute: manifest::absolute(&src.round_dir).display().to_string(),
        options: manifest::Options {
            framework: framework.map(|f| manifest::relative(f, out)),
            lang: lang.as_str().into(),
            audience: audience.as_str().into(),
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
        archive: archive.map(|a| manifest::relative(&a.dir, out)),
        archive_absolute: archive.map(|a| manifest::absolute(&a.dir).display().to_string()),
    })
}

pub fn execute(
    round: Option<&Path>,
    framework: Option<&Path>,
    out: &Path,
    lang: Lang,
    force: bool,
    audience: Audience,
) -> Result<Outcome, Error> {
    let dir = super::round_dir(round);
    let keep = |r: &RoundResult| Archive::new(r.sources.archive.clone());
    let (files, inputs, warnings) =
        evaluate_with_inputs(&dir, framework, lang, out, audience, Some(&keep))?;
    let target = OutputDir::prepare(out, &dir, &inputs, force)?;
    let manifest = files.last().map(|f| f.bytes.as_slice()).unwrap_or(&[]);
    let archive = Manifest::from_bytes(manifest)?
        .archive_absolute
        .map(Archive::new);
    let run_id = match &archive {
        Some(a) => Some((a.store_manifest(manifest)?, a.dir.clone())),
        None => None,
    };
    report::write_all(&target, &files, &report::run_optional())?;
    outln!("wrote {} file(s) to {}:", files.len(), out.display())?;
    for f in &files {
        outln!("  {}", f.name)?;
    }
    if let Some((id, dir)) = run_id {
        outln!("inputs archived in {} as run {id}", dir.display())?;
    }
    for w in &warnings {
        errln!("{w}");
    }
    Ok(Outcome::Done)
}
