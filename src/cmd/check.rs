//! `check [round]`: validate the framework and the round, print every
//! problem (human form or JSON) grouped by file and in row order, exit
//! non-zero on errors. The count line says how many errors were only the
//! consequence of another. The plausibility findings
//! (`cluster_eval::quality`) come after the other problems, grouped by
//! check, each located at its cell. Writes nothing.

use super::Outcome;
use cluster_eval::diag::{Diagnostic, Diagnostics, Error, Severity};
use cluster_eval::pipeline::{self, Options};
use cluster_eval::robust::config::{Mode, Request};
use serde::Serialize;
use std::path::Path;

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Load, validate and run every stage (nothing written); all problems
/// found, the plausibility findings last.
pub fn validate(round_dir: &Path, framework: Option<&Path>) -> Diagnostics {
    let options = Options {
        framework,
        robustness: Request {
            mode: Mode::CheckOnly,
            ..Request::default()
        },
        ..Options::default()
    };
    match pipeline::evaluate(round_dir, &options) {
        Ok(result) => Diagnostics::new(
            result
                .diagnostics
                .into_iter()
                .chain(result.quality.iter().map(|f| f.diagnostic()))
                .collect(),
        ),
        Err(Error::Invalid(diags)) => diags,
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(
                round_dir.display().to_string(),
                e.to_string(),
            ));
            d
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    errors: usize,
    /// Errors that follow from another (fixing that one removes them).
    consequences: usize,
    warnings: usize,
    diagnostics: Vec<&'a Diagnostic>,
}

/// "3 error(s) (2 of them consequences of others), 1 warning(s)".
pub fn counts(diags: &Diagnostics) -> String {
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    match diags.consequence_count() {
        0 => format!("{errors} error(s), {warnings} warning(s)"),
        1 => {
            format!("{errors} error(s) (1 of them a consequence of another), {warnings} warning(s)")
        }
        n => {
            format!("{errors} error(s) ({n} of them consequences of others), {warnings} warning(s)")
        }
    }
}

pub fn execute(
    round: Option<&Path>,
    framework: Option<&Path>,
    format: Format,
) -> Result<Outcome, Error> {
    let dir = super::round_dir(round);
    let diags = validate(&dir, framework);
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    match format {
        Format::Json => {
            let report = Report {
                ok: errors == 0,
                errors,
                consequences: diags.consequence_count(),
                warnings,
                diagnostics: diags.in_reading_order(),
            };
            let text = serde_json::to_string_pretty(&report)?;
            outln!("{text}")?;
        }
        Format::Human => {
            for d in diags.in_reading_order() {
                outln!("{d}")?;
            }
            if errors == 0 {
                outln!("ok: {} is valid ({} warning(s))", dir.display(), warnings)?;
            } else {
                outln!("{} in {}", counts(&diags), dir.display())?;
            }
        }
    }
    Ok(if errors == 0 {
        Outcome::Done
    } else {
        Outcome::ProblemsFound
    })
}
