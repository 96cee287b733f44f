//! `template --framework <file> [--round <dir>] [--out <file>]`: a blank
//! submission sheet.
//!
//! Wide form, UTF-8 with a BOM so that Excel opens it with the right
//! characters. Each field column is headed "中文名 id (unit)", which `check`
//! reads back. The first data row is an example (its first cell starts with
//! `#`, so it is skipped and recorded, never scored). With `--round`, one
//! empty row per cluster and period of that round follows, ready to fill in.

use super::Outcome;
use cluster_eval::diag::{Diagnostic, Error};
use cluster_eval::framework::{self, FieldKind, Framework, Period};
use cluster_eval::ingest;
use std::path::Path;

/// The template's text (without the BOM).
pub fn render(fw: &Framework, rows: &[(String, String)]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["集群编号 cluster_id".to_string(), "年份 period".to_string()];
    for f in &fw.fields {
        if f.unit.is_empty() {
            header.push(format!("{} {}", f.name_zh, f.id));
        } else {
            header.push(format!("{} {} ({})", f.name_zh, f.id, f.unit));
        }
    }
    let _ = w.write_record(&header);
    let mut example = vec![
        "#示例 example (delete or keep: rows starting with # are skipped)".to_string(),
        "current".to_string(),
    ];
    for f in &fw.fields {
        example.push(example_value(f.kind, f.min, f.max));
    }
    let _ = w.write_record(&example);
    for (cluster, period) in rows {
        let mut row = vec![cluster.clone(), period.clone()];
        row.extend(std::iter::repeat_n(String::new(), fw.fields.len()));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn example_value(kind: FieldKind, min: Option<f64>, max: Option<f64>) -> String {
    let v: f64 = match kind {
        FieldKind::Amount => 123.4,
        FieldKind::Count => 12.0,
        FieldKind::Percent => 12.5,
        FieldKind::Ratio => 0.125,
        FieldKind::Score => 6.0,
        FieldKind::Quantity => 1.5,
    };
    let v = match (min, max) {
        (_, Some(hi)) if v > hi => hi,
        (Some(lo), _) if v < lo => lo,
        _ => v,
    };
    format!("{v}")
}

pub fn execute(
    framework_path: &Path,
    round: Option<&Path>,
    out: Option<&Path>,
) -> Result<Outcome, Error> {
    let (fw, diags) = framework::load(framework_path);
    let errors: Vec<&Diagnostic> = diags.errors().collect();
    let Some(fw) = fw.filter(|_| errors.is_empty()) else {
        for d in &diags.items {
            errln!("{d}");
        }
        errln!("refused: the framework has errors; no template written");
        return Ok(Outcome::ProblemsFound);
    };
    let mut rows = Vec::new();
    if let Some(dir) = round {
        let (r, d) = ingest::load_round(dir, Some(framework_path));
        let Some(r) = r else {
            for x in &d.items {
                errln!("{x}");
            }
            return Ok(Outcome::ProblemsFound);
        };
        for c in &r.registry.clusters {
            for p in Period::ALL {
                let year = match p {
                    Period::Baseline => r.spec.baseline_year,
                    Period::Current => r.spec.current_year,
                    Period::Target => r.spec.target_year,
                };
                if fw.fields.iter().any(|f| f.periods.contains(&p)) {
                    rows.push((c.id.clone(), year.to_string()));
                }
            }
        }
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(render(&fw, &rows).into_bytes());
    match out {
        Some(path) => {
            let tmp = path.with_extension("csv.partial");
            let res = std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, path));
            if let Err(e) = res {
                // The partial file may not exist; the error reported is the
                // write's.
                let _ = std::fs::remove_file(&tmp);
                return Err(Error::io(path.display().to_string(), e));
            }
            errln!("wrote {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| Error::io("standard output", e))?;
        }
    }
    Ok(Outcome::Done)
}
