//! `check [round]`: validate the framework and the round, print every
//! problem (human form or JSON) grouped by file and in row order, exit
//! non-zero on errors. The count line says how many errors were only the
//! consequence of another. The plausibility findings
//! (`cluster_eval::quality`) come after the other problems, grouped by
//! check, each located at its cell. Writes nothing. One language at a
//! time: English by default (the language every diagnostic has, as
//! scripts read them, with the inputs' Chinese), or Chinese with
//! `--lang zh`: the count line and every problem that has a Chinese text
//! (`Diagnostic::shown`; every warning and note has one, most errors only
//! their English message, then located in Chinese).

use super::Outcome;
use cluster_eval::diag::{Diagnostic, Diagnostics, Error, Severity};
use cluster_eval::pipeline::{self, Options};
use cluster_eval::report::{Lang, Msg};
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
        // Nothing is written: the rectification list is not needed.
        rectification: false,
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
    counts_in(diags, Lang::En)
}

/// The count line in `lang` (its words from the message catalogue).
pub fn counts_in(diags: &Diagnostics, lang: Lang) -> String {
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    match diags.consequence_count() {
        0 => Msg::CheckCounts.fill(lang, &[&errors, &warnings]),
        1 => Msg::CheckCountsOne.fill(lang, &[&errors, &warnings]),
        n => Msg::CheckCountsMany.fill(lang, &[&errors, &n, &warnings]),
    }
}

pub fn execute(
    round: Option<&Path>,
    framework: Option<&Path>,
    format: Format,
    lang: Option<Lang>,
) -> Result<Outcome, Error> {
    let lang = lang.unwrap_or(Lang::En);
    let zh = lang == Lang::Zh;
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
                outln!("{}", d.shown(zh))?;
            }
            let shown = dir.display();
            if errors == 0 {
                outln!("{}", Msg::CheckValid.fill(lang, &[&shown, &warnings]))?;
            } else {
                let line = counts_in(&diags, lang);
                outln!("{}", Msg::CheckIn.fill(lang, &[&line, &shown]))?;
            }
        }
    }
    Ok(if errors == 0 {
        Outcome::Done
    } else {
        Outcome::ProblemsFound
    })
}
