//! Exporters: views of the one `RoundResult`, returned as bytes.
//!
//! Each format is a function from the result to the bytes of one file
//! (ranking.csv, trace.csv, scores.json, report.md, rejections.csv). Writing
//! is done once, by `write_all`, into the output folder through temporary
//! names and renames, so a failure never leaves a half-written report.
//! Exporters neither compute scores nor read inputs.

mod csv_out;
mod markdown;

use crate::audit::RoundResult;
use crate::diag::{Error, Result};
use std::path::Path;

pub use csv_out::{neutralise, rejections_csv};

/// One output file.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every file `run` writes for a result.
pub fn render_all(result: &RoundResult) -> Result<Vec<OutputFile>> {
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
    if !result.rejections.is_empty() {
        files.push(OutputFile {
            name: "rejections.csv".into(),
            bytes: rejections_csv(&result.rejections)?,
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

/// Write files into `dir` (created if needed): each goes to a temporary
/// name first and is renamed into place only after all were written.
/// A stale `rejections.csv` from an earlier run is removed when this run has
/// none.
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
    if !files.iter().any(|f| f.name == "rejections.csv") {
        let stale = dir.join("rejections.csv");
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| Error::io(stale.display().to_string(), e))?;
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
