//! `check [round]`: validate the framework and the round, print every
//! problem (human form or JSON), exit non-zero on errors. Writes nothing.

use crate::diag::{Diagnostics, Severity};
use crate::{ingest, score};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Load and validate; the diagnostics of every stage up to scoring.
pub fn validate(round_dir: &Path, framework: Option<&Path>) -> Diagnostics {
    let (round, mut diags) = ingest::load_round(round_dir, framework);
    if let Some(round) = round {
        if !diags.has_errors() {
            if let Err(d) = score::score_round(&round) {
                diags.extend(d);
            }
        }
    }
    diags
}

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [crate::diag::Diagnostic],
}

pub fn execute(round: Option<&Path>, framework: Option<&Path>, format: Format) -> i32 {
    let dir = super::round_dir(round);
    let diags = validate(&dir, framework);
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    match format {
        Format::Json => {
            let report = Report {
                ok: errors == 0,
                errors,
                warnings,
                diagnostics: &diags.items,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return super::FAILED;
                }
            }
        }
        Format::Human => {
            for d in &diags.items {
                println!("{d}");
            }
            if errors == 0 {
                println!("ok: {} is valid ({} warning(s))", dir.display(), warnings);
            } else {
                println!(
                    "{} error(s), {} warning(s) in {}",
                    errors,
                    warnings,
                    dir.display()
                );
            }
        }
    }
    if errors == 0 {
        super::OK
    } else {
        super::INVALID
    }
}
