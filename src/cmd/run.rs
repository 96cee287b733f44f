//! `run [round] --out <dir>`: the whole pipeline.
//!
//! load framework -> ingest round -> validate -> score -> rank -> audit
//! trace -> export. Any error in the inputs stops the run before a single
//! output file is written.

use crate::diag::{Diagnostic, Diagnostics, Error, Severity};
use crate::{audit, ingest, process, rank, report, score};
use std::path::Path;

/// Run the whole pipeline on a round folder: the result, or every problem
/// (errors and warnings) when anything is in error.
pub fn analyse(round_dir: &Path, framework: Option<&Path>) -> Result<audit::RoundResult, Error> {
    let (round, mut diags) = ingest::load_round(round_dir, framework);
    let round = match round {
        Some(r) if !diags.has_errors() => r,
        _ => return Err(Error::Invalid(diags)),
    };
    let failures = match &round.process {
        Some(p) => process::gates::check(&round, &p.gates),
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
    let scored = match score::score_cohort(&round, &excluded) {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d);
            return Err(Error::Invalid(diags));
        }
    };
    let ids: Vec<String> = scored
        .clusters
        .iter()
        .map(|&i| round.registry.clusters[i].id.clone())
        .collect();
    let standings = rank::rank(&round.framework, &scored, &ids);
    let outcome = match &round.process {
        Some(p) => {
            let (result, d) = process::run(&round, p, &scored, &failures);
            diags.extend(d);
            Some(result)
        }
        None => None,
    };
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    Ok(audit::build_result(
        &round,
        &scored,
        &standings,
        outcome.as_ref(),
        diags.items,
    ))
}

/// Run a round and return the rendered output files (nothing written).
pub fn evaluate(
    round_dir: &Path,
    framework: Option<&Path>,
) -> Result<Vec<report::OutputFile>, Error> {
    report::render_all(&analyse(round_dir, framework)?)
}

pub fn execute(round: Option<&Path>, framework: Option<&Path>, out: &Path) -> i32 {
    let dir = super::round_dir(round);
    let files = match evaluate(&dir, framework) {
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

fn print_refusal(diags: &Diagnostics) {
    for d in &diags.items {
        eprintln!("{d}");
    }
    eprintln!(
        "refused: {} error(s), {} warning(s); nothing was written",
        diags.count(Severity::Error),
        diags.count(Severity::Warning)
    );
}
