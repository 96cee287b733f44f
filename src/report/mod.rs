//! Exporters: views of the one `RoundResult`, returned as bytes.
//!
//! Each format is a function from the result to the bytes of one file
//! (ranking.csv, trace.csv, scores.json, report.md, report.html, report.xlsx,
//! decisions and panel files, rejections.csv). Writing
//! is done once, by `write_all`, into the output folder through temporary
//! names and renames, so a failure never leaves a half-written report.
//! Exporters neither compute scores nor read inputs.

mod csv_out;
pub mod html;
mod html_robust;
mod html_roster;
pub mod manifest;
mod markdown;
mod process_csv;
mod robust_csv;
mod roster_csv;
mod xlsx;

use crate::audit::RoundResult;
use crate::diag::{Error, Result};
use std::path::Path;

pub use csv_out::{neutralise, rejections_csv};
pub use html::Lang;

/// One output file.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every file `run` writes for a result (all but manifest.json).
pub fn render_all(result: &RoundResult, lang: Lang) -> Result<Vec<OutputFile>> {
    let mut files = vec![
        OutputFile {
            name: "ranking.csv".into(),
            bytes: csv_out::ranking_csv(result)?,
        },
        OutputFile {
            name: "trace.csv".into(),
            bytes: csv_out::trace_csv(result)?,
        },
        OutputFile {
            name: "scores.json".into(),
            bytes: scores_json(result)?,
        },
        OutputFile {
            name: "report.md".into(),
            bytes: markdown::report_md(result).into_bytes(),
        },
    ];
    if let Some(p) = &result.process {
        let d = p.decimals;
        let mut add = |name: &str, bytes: Vec<u8>| {
            files.push(OutputFile {
                name: name.into(),
                bytes,
            })
        };
        add("decisions.csv", process_csv::decisions_csv(p, d)?);
        if !p.panels.is_empty() {
            add("panel_scores.csv", process_csv::panel_scores_csv(p, d)?);
            add("review_flags.csv", process_csv::review_flags_csv(p)?);
            add("reviewer_diagnostics.csv", process_csv::reviewers_csv(p)?);
            add("panel_agreement.csv", process_csv::agreement_csv(p)?);
        }
    }
    if !result.progress.is_empty() {
        files.push(OutputFile {
            name: "progress.csv".into(),
            bytes: roster_csv::progress_csv(&result.progress)?,
        });
    }
    if let Some(v) = &result.roster {
        files.extend(roster_tables(v)?);
    }
    if !result.rejections.is_empty() {
        files.push(OutputFile {
            name: "rejections.csv".into(),
            bytes: rejections_csv(&result.rejections)?,
        });
    }
    files.extend(analysis_files(result)?);
    files.push(OutputFile {
        name: "report.html".into(),
        bytes: html::report_html(result, lang).into_bytes(),
    });
    let workbook = xlsx::workbook(result, &files)?;
    files.push(OutputFile {
        name: "report.xlsx".into(),
        bytes: workbook,
    });
    Ok(files)
}

/// weights.csv, methods.csv, method_agreement.csv and, when the analysis
/// ran, robustness.csv and sensitivity.csv.
pub fn analysis_files(result: &RoundResult) -> Result<Vec<OutputFile>> {
    let mut files = vec![OutputFile {
        name: "weights.csv".into(),
        bytes: robust_csv::weights_csv(&result.weights)?,
    }];
    if let Some(m) = &result.methods {
        files.push(OutputFile {
            name: "methods.csv".into(),
            bytes: robust_csv::methods_csv(m)?,
        });
        files.push(OutputFile {
            name: "method_agreement.csv".into(),
            bytes: robust_csv::agreement_csv(m)?,
        });
    }
    if let Some(r) = &result.robustness {
        files.push(OutputFile {
            name: "robustness.csv".into(),
            bytes: robust_csv::robustness_csv(r)?,
        });
        if !r.factors.is_empty() {
            files.push(OutputFile {
                name: "sensitivity.csv".into(),
                bytes: robust_csv::sensitivity_csv(r)?,
            });
        }
    }
    Ok(files)
}

/// The files of the `sensitivity` command: the analysis tables, the
/// analysis as JSON and robustness.html (the report's robustness section
/// on its own).
pub fn sensitivity_files(result: &RoundResult, lang: Lang) -> Result<Vec<OutputFile>> {
    let mut files = analysis_files(result)?;
    let mut json = serde_json::to_vec_pretty(&result.robustness)
        .map_err(|e| Error::Other(format!("JSON: {e}")))?;
    json.push(b'\n');
    files.push(OutputFile {
        name: "robustness.json".into(),
        bytes: json,
    });
    files.push(OutputFile {
        name: "robustness.html".into(),
        bytes: html_robust::standalone(result, lang).into_bytes(),
    });
    Ok(files)
}

/// The files of the `roster` command: the derived figures (given as CSV
/// bytes) and the roster audit tables.
pub fn roster_files(v: &crate::audit::RosterView, derived: Vec<u8>) -> Result<Vec<OutputFile>> {
    let mut files = vec![OutputFile {
        name: "roster_derived.csv".into(),
        bytes: derived,
    }];
    files.extend(roster_tables(v)?);
    Ok(files)
}

/// roster_audit.csv, roster_clusters.csv and (when any) roster_duplicates.csv.
fn roster_tables(v: &crate::audit::RosterView) -> Result<Vec<OutputFile>> {
    let mut files = vec![
        OutputFile {
            name: "roster_audit.csv".into(),
            bytes: roster_csv::roster_audit_csv(v)?,
        },
        OutputFile {
            name: "roster_clusters.csv".into(),
            bytes: roster_csv::roster_clusters_csv(v)?,
        },
    ];
    if !v.duplicates.is_empty() {
        files.push(OutputFile {
            name: "roster_duplicates.csv".into(),
            bytes: roster_csv::roster_duplicates_csv(v)?,
        });
    }
    Ok(files)
}

/// The full structured result, pretty-printed with a final newline.
pub fn scores_json(result: &RoundResult) -> Result<Vec<u8>> {
    let mut bytes =
        serde_json::to_vec_pretty(result).map_err(|e| Error::Other(format!("JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Files a run writes only when it has something to put in them; a stale
/// copy from an earlier run is removed.
const OPTIONAL_OUTPUTS: &[&str] = &[
    "rejections.csv",
    "decisions.csv",
    "panel_scores.csv",
    "review_flags.csv",
    "reviewer_diagnostics.csv",
    "panel_agreement.csv",
    "progress.csv",
    "roster_audit.csv",
    "roster_clusters.csv",
    "roster_duplicates.csv",
    "robustness.csv",
    "sensitivity.csv",
];

/// Write files into `dir` (created if needed): each goes to a temporary
/// name first and is renamed into place only after all were written.
/// A stale optional file (rejections, decisions, panels) from an earlier run
/// is removed when this run has none.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let mut temps = Vec::new();
    for f in files {
        let tmp = dir.join(format!(".{}.partial", f.name));
        if let Err(e) = std::fs::write(&tmp, &f.bytes) {
            for (t, _) in &temps {
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
    for name in OPTIONAL_OUTPUTS {
        if !files.iter().any(|f| f.name == *name) {
            let stale = dir.join(name);
            if stale.exists() {
                std::fs::remove_file(&stale)
                    .map_err(|e| Error::io(stale.display().to_string(), e))?;
            }
        }
    }
    Ok(())
}

/// Fixed-decimal number text.
pub fn fixed(x: f64, decimals: u32) -> String {
    format!("{:.*}", decimals as usize, x)
}

/// Shortest exact text of an optional number ("" for none).
pub fn exact(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}
