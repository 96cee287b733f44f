//! Exporters: views of the one `RoundResult`, returned as bytes.
//!
//! The data of every CSV file and workbook sheet is a `Table` (`table`,
//! built by `tables`); `outputs` lists the files of a run and the sheets
//! of the workbook in one place. Formatters turn a table into the bytes of
//! one style (`csv_out`, `xlsx`); the Markdown and HTML reports use the
//! same table model for their tables, and every word they show comes from
//! the message catalogue (`msg`). Writing is done once, by `write_all`,
//! into the output folder through temporary names and renames, so a failure
//! never leaves a half-written report. Exporters neither compute scores nor
//! read inputs. `template` is the one writer that comes before a result:
//! the submission template (CSV or XLSX) made from the framework and the
//! round's registry, which the ingest reads back once it is filled in.

pub mod audience;
pub mod audit_view;
mod csv_out;
pub mod document;
pub mod explain;
pub mod fragile;
mod html;
pub mod manifest;
mod markdown;
mod movement;
mod msg;
mod number;
pub mod output_dir;
mod outputs;
mod rectify;
mod table;
mod tables;
pub mod template;
mod text_width;
mod trace_text;
mod views;
pub mod whatif;
mod xlsx;

use crate::audit::{RosterView, RoundResult};
use crate::diag::{Error, Result};
use outputs::{Output, TableKind};
use std::collections::BTreeSet;
use table::Table;

pub use audience::Audience;
pub use csv_out::neutralise;
pub use html::esc as html_escape;
pub use msg::aggregate::AggregateWords;
pub use msg::cells::CellWords;
pub use msg::diff::DiffWords;
pub use msg::series::{SeriesCol, SeriesWords};
pub use msg::unit::with_unit;
pub use msg::versions::{VersionCol, VersionWords};
pub use msg::{Lang, Msg};
pub use number::{exact, fixed};
pub use output_dir::OutputDir;

/// One output file.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The tables a result has, each built once, in first-asked order.
struct Built(Vec<(TableKind, Table)>);

impl Built {
    fn new(r: &RoundResult, kinds: impl Iterator<Item = TableKind>) -> Built {
        let mut built: Vec<(TableKind, Table)> = Vec::new();
        for k in kinds {
            if built.iter().all(|(x, _)| *x != k) {
                if let Some(t) = k.build(r) {
                    built.push((k, t));
                }
            }
        }
        Built(built)
    }

    fn get(&self, k: TableKind) -> Option<&Table> {
        self.0.iter().find(|(x, _)| *x == k).map(|(_, t)| t)
    }

    /// The CSV files of the tables that are there, in the given order.
    fn csv_files(&self, kinds: &[TableKind], files: &mut Vec<OutputFile>) -> Result<()> {
        for &k in kinds {
            if let (Some(t), Some(name)) = (self.get(k), k.file()) {
                files.push(OutputFile {
                    name: name.into(),
                    bytes: csv_out::write(t)?,
                });
            }
        }
        Ok(())
    }
}

/// Every file `run` writes for a result (all but manifest.json), for the
/// internal audience.
pub fn render_all(result: &RoundResult, lang: Lang) -> Result<Vec<OutputFile>> {
    render_for(result, lang, Audience::Internal)
}

/// Every file `run` writes for a result and an audience (all but
/// manifest.json): the audience's view of the result (`audience::view`),
/// its tables only (`outputs::tables_for`).
pub fn render_for(result: &RoundResult, lang: Lang, audience: Audience) -> Result<Vec<OutputFile>> {
    msg::unit::with_unit(&result.round.unit_label, || {
        render_view(result, lang, audience)
    })
}

/// `render_for` with the round's word for its units set (`msg::unit`).
fn render_view(result: &RoundResult, lang: Lang, audience: Audience) -> Result<Vec<OutputFile>> {
    let view = audience::view(result, audience);
    let result: &RoundResult = &view;
    let built = Built::new(result, outputs::tables_for(audience));
    let mut files = Vec::new();
    for output in outputs::RUN {
        let (name, bytes) = match output {
            Output::Tables(kinds) => {
                built.csv_files(kinds, &mut files)?;
                continue;
            }
            Output::Json => ("scores.json", scores_json(result)?),
            Output::Markdown => ("report.md", markdown::report_md(result, lang).into_bytes()),
            Output::Html => ("report.html", html::report_html(result, lang).into_bytes()),
            Output::Documents => {
                if result.round.publication.documents {
                    let docs = document::documents(result, lang)?;
                    for (name, bytes) in outputs::DOCUMENTS.iter().zip([docs.pdf, docs.docx]) {
                        files.push(OutputFile {
                            name: name.to_string(),
                            bytes,
                        });
                    }
                }
                continue;
            }
            Output::Workbook => {
                let mut sheets: Vec<_> = outputs::SHEETS
                    .iter()
                    .filter_map(|(k, sheet)| built.get(*k).map(|t| (*sheet, t)))
                    .collect();
                let audit_sheets: Vec<(xlsx::Sheet, Table)> = audit_tables(result, audience);
                sheets.extend(audit_sheets.iter().map(|(s, t)| (*s, t)));
                (
                    "report.xlsx",
                    xlsx::workbook(
                        xlsx::Book {
                            title: lang.pick(&result.round.name_zh, &result.round.name_en),
                            lang,
                            decimals: result.framework.display_decimals,
                        },
                        &sheets,
                    )?,
                )
            }
            Output::Summary => (
                "summary.html",
                html::summary::summary_html(result, lang).into_bytes(),
            ),
        };
        files.push(OutputFile {
            name: name.into(),
            bytes,
        });
    }
    if let (Some(a), Audience::Internal) = (&result.analysis, audience) {
        files.extend(audit_view::csv_files(a)?);
    }
    Ok(files)
}

/// The audit's workbook sheets (the office's own files only).
fn audit_tables(result: &RoundResult, audience: Audience) -> Vec<(xlsx::Sheet, Table)> {
    match (&result.analysis, audience) {
        (Some(a), Audience::Internal) => audit_view::FILES
            .iter()
            .zip(audit_view::tables(a))
            .map(|((_, name), t)| {
                (
                    xlsx::Sheet {
                        name: *name,
                        frozen: 2,
                    },
                    t,
                )
            })
            .collect(),
        _ => vec![],
    }
}

/// The files of the `sensitivity` command: the analysis tables, the
/// analysis as JSON and robustness.html (the report's robustness section
/// on its own).
pub fn sensitivity_files(result: &RoundResult, lang: Lang) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    Built::new(result, outputs::ANALYSIS.iter().copied())
        .csv_files(outputs::ANALYSIS, &mut files)?;
    files.push(OutputFile {
        name: "robustness.json".into(),
        bytes: pretty_json(&result.robustness)?,
    });
    files.push(OutputFile {
        name: "robustness.html".into(),
        bytes: html::robust::standalone(result, lang).into_bytes(),
    });
    Ok(files)
}

/// The files of the `roster` command: the derived figures (cluster id,
/// field id, value) and the roster audit tables.
pub fn roster_files(v: &RosterView, derived: &[(&str, &str, f64)]) -> Result<Vec<OutputFile>> {
    let mut files = vec![OutputFile {
        name: outputs::ROSTER_DERIVED.into(),
        bytes: csv_out::write(&tables::roster::derived(derived))?,
    }];
    for &k in outputs::ROSTER {
        if let (Some(t), Some(name)) = (k.of_roster(v), k.file()) {
            files.push(OutputFile {
                name: name.into(),
                bytes: csv_out::write(&t)?,
            });
        }
    }
    Ok(files)
}

/// The full structured result, pretty-printed with a final newline.
pub fn scores_json(result: &RoundResult) -> Result<Vec<u8>> {
    pretty_json(result)
}

fn pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Files `run` may leave out (a round without a process, a roster,
/// rejections...): a stale copy from an earlier run is removed.
pub fn run_optional() -> Vec<&'static str> {
    outputs::optional_files()
        .chain(audit_view::FILES.iter().map(|(f, _)| *f))
        .collect()
}

/// Files `sensitivity` may leave out (no Sobol indices with
/// `sobol_base = 0`).
pub const SENSITIVITY_OPTIONAL: &[&str] = &["sensitivity.csv"];

/// Files `roster --out` may leave out (no enterprise listed twice).
pub const ROSTER_OPTIONAL: &[&str] = &["roster_duplicates.csv"];

/// Write files into the checked output folder (created if needed): each
/// goes to a temporary name first and is renamed into place only after all
/// were written. Then the files this command wrote there before and may
/// leave out (`optional`) but did not write this time are removed, and the
/// folder's list of the tool's files is brought up to date. Nothing the
/// tool did not write is ever removed.
pub fn write_all(out: &OutputDir, files: &[OutputFile], optional: &[&str]) -> Result<()> {
    let dir = &out.dir;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let mut temps = Vec::new();
    for f in files {
        let tmp = dir.join(format!(".{}.partial", f.name));
        if let Err(e) = std::fs::write(&tmp, &f.bytes) {
            for (t, _) in &temps {
                // Best effort: the error reported is the write's.
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(tmp.display().to_string(), e));
        }
        temps.push((tmp, dir.join(&f.name)));
    }
    for (tmp, fin) in temps {
        std::fs::rename(&tmp, &fin).map_err(|e| Error::io(fin.display().to_string(), e))?;
    }
    let written: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let stale: Vec<&str> = out.stale(&written, optional).collect();
    for name in &stale {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path.display().to_string(), e)),
        }
    }
    let list = dir.join(output_dir::LIST);
    let tmp = dir.join(format!(".{}.partial", output_dir::LIST));
    std::fs::write(&tmp, out.list_after(&written, &stale))
        .and_then(|_| std::fs::rename(&tmp, &list))
        .map_err(|e| Error::io(list.display().to_string(), e))?;
    Ok(())
}
