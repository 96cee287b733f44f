//! `run [round] --out <dir>`: the whole pipeline.
//!
//! load framework -> ingest round -> validate -> score -> rank -> audit
//! trace -> export. Any error in the inputs stops the run before a single
//! output file is written.

use crate::diag::{Diagnostics, Error, Severity};
use crate::{audit, ingest, rank, report, score};
use std::path::Path;

/// Run a round and return the rendered output files (nothing written).
pub fn evaluate(
    round_dir: &Path,
    framework: Option<&Path>,
) -> Result<Vec<report::OutputFile>, Error> {
    let (round, diags) = ingest::load_round(round_dir, framework);
    let round = match round {
        Some(r) if !diags.has_errors() => r,
        _ => return Err(Error::Invalid(diags)),
    };
    let scored = score::score_round(&round).map_err(Error::Invalid)?;
    let ids: Vec<String> = scored
        .clusters
        .iter()
        .map(|&i| round.registry.clusters[i].id.clone())
        .collect();
    let standings = rank::rank(&round.framework, &scored, &ids);
    let kept = diags
        .items
        .into_iter()
        .filter(|d| d.severity != Severity::Error)
        .collect();
    let result = audit::build_result(&round, &scored, &standings, kept);
    report::render_all(&result)
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
