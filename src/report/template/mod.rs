//! The submission template an evaluation office sends out (填报模板): the
//! form the ingest reads, written from the framework (and, for a round,
//! its years and registry) before any cluster has submitted.
//!
//! Two forms share one layout: the wide form of the README, one row per
//! cluster and period, columns `集群编号 cluster_id`, `集群名称 name`,
//! `年份 period`, then one column per field headed `中文名 id (unit)`.
//! - `csv`: UTF-8 with a BOM, an example row first (its first cell starts
//!   with `#`, so it is recorded and never scored);
//! - `xlsx` (in `xlsx`): a data sheet with the header locked, data
//!   validation and number formats on every input cell, a 填表说明 sheet
//!   listing every field (definition, unit, periods, allowed range, kind)
//!   and the general instructions in Chinese and English, and with a round
//!   a 集群名录 sheet that feeds the cluster-id dropdown.
//!
//! The allowed range of a field (`allowed`) is the framework's declared
//! bounds, or its kind's natural range: at least 0 for amounts and counts,
//! 0 to 100 for a percent with no bound declared. `save` writes a file
//! through a temporary name in the same folder and a rename, and never
//! replaces an existing file unless told to.

mod text;
mod xlsx;

use crate::diag::{Error, Result};
use crate::framework::{Field, FieldKind, Framework, Period};
use crate::ingest::{Cluster, Registry, RoundSpec};
use std::path::Path;

pub use text::Text;
pub use xlsx::{CLUSTERS_SHEET, DATA_SHEET, INSTRUCTIONS_SHEET, VALIDATED_ROWS};

/// What a template is made from.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    pub framework: &'a Framework,
    /// The round to prefill: its years and its registry.
    pub round: Option<(&'a RoundSpec, &'a Registry)>,
}

/// The header of the cluster-id column.
pub const ID_HEADER: &str = "集群编号 cluster_id";
/// The header of the cluster-name column (read back as the name, checked
/// against the registry).
pub const NAME_HEADER: &str = "集群名称 name";
/// The header of the period column.
pub const PERIOD_HEADER: &str = "年份 period";
/// Columns before the first field: id, name, period.
pub const KEY_COLUMNS: usize = 3;

/// The values a field accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Whole numbers only (counts).
    pub whole: bool,
    /// The bounds are the framework's (a value beyond them is refused by
    /// the ingest); otherwise they are the kind's natural range.
    pub declared: bool,
}

/// The allowed range of a field: the declared bounds (a count's `min`
/// defaults to 0 in the framework), else at least 0 for an amount, 0 to
/// 100 for a percent.
pub fn allowed(f: &Field) -> Range {
    let whole = f.kind == FieldKind::Count;
    let declared = |min, max| Range {
        min,
        max,
        whole,
        declared: true,
    };
    match f.kind {
        _ if f.min.is_some() || f.max.is_some() => declared(f.min, f.max),
        FieldKind::Amount => declared(Some(0.0), None),
        FieldKind::Percent => Range {
            min: Some(0.0),
            max: Some(100.0),
            whole,
            declared: false,
        },
        _ => declared(None, None),
    }
}

/// The header of a field's column: "中文名 id (unit)".
pub fn field_header(f: &Field) -> String {
    if f.unit.is_empty() {
        format!("{} {}", f.name_zh, f.id)
    } else {
        format!("{} {} ({})", f.name_zh, f.id, f.unit)
    }
}

/// Every column header, in order.
pub fn headers(fw: &Framework) -> Vec<String> {
    let mut h = vec![
        ID_HEADER.to_string(),
        NAME_HEADER.to_string(),
        PERIOD_HEADER.to_string(),
    ];
    h.extend(fw.fields.iter().map(field_header));
    h
}

/// A prefilled row: a cluster and one period of the round.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub cluster: &'a Cluster,
    pub period: Period,
    pub year: i32,
}

/// The periods some field asks for, in order.
pub fn periods(fw: &Framework) -> Vec<Period> {
    Period::ALL
        .into_iter()
        .filter(|p| fw.fields.iter().any(|f| f.periods.contains(p)))
        .collect()
}

/// The year of a period in a round.
pub fn year(spec: &RoundSpec, p: Period) -> i32 {
    match p {
        // A one-period round asks for no baseline or target value (the
        // framework's fields are checked when the round is loaded).
        Period::Baseline => spec.baseline_year.unwrap_or(spec.current_year),
        Period::Current => spec.current_year,
        Period::Target => spec.target_year.unwrap_or(spec.current_year),
    }
}

impl<'a> Template<'a> {
    /// One row per cluster (registry order) and period asked (in order);
    /// none without a round.
    pub fn rows(&self) -> Vec<Row<'a>> {
        let Some((spec, registry)) = self.round else {
            return vec![];
        };
        let periods = periods(self.framework);
        registry
            .clusters
            .iter()
            .flat_map(|c| {
                periods.iter().map(move |&p| Row {
                    cluster: c,
                    period: p,
                    year: year(spec, p),
                })
            })
            .collect()
    }

    /// The CSV template: UTF-8 with a BOM, the header, an example row, and
    /// one row per cluster and period of the round with id, name and year.
    pub fn csv(&self) -> Result<Vec<u8>> {
        let fw = self.framework;
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        w.write_record(headers(fw))?;
        let mut example = vec![
            "#示例 example (delete or keep: rows starting with # are skipped)".to_string(),
            String::new(),
            "current".to_string(),
        ];
        example.extend(fw.fields.iter().map(example_value));
        w.write_record(&example)?;
        for r in self.rows() {
            // A name is text from outside: never a formula in a spreadsheet
            // (the ingest reads the apostrophe back off).
            let mut row = vec![
                r.cluster.id.clone(),
                super::neutralise(&r.cluster.name_zh),
                r.year.to_string(),
            ];
            row.extend(std::iter::repeat_n(String::new(), fw.fields.len()));
            w.write_record(&row)?;
        }
        w.into_inner()
            .map_err(|e| Error::Other(format!("CSV template: {e}")))
    }

    /// The XLSX template (see `xlsx`).
    pub fn xlsx(&self) -> Result<Vec<u8>> {
        xlsx::workbook(self)
    }
}

/// An example value of a field, within its allowed range.
fn example_value(f: &Field) -> String {
    let v: f64 = match f.kind {
        FieldKind::Amount => 123.4,
        FieldKind::Count => 12.0,
        FieldKind::Percent => 12.5,
        FieldKind::Ratio => 0.125,
        FieldKind::Score => 6.0,
        FieldKind::Quantity => 1.5,
    };
    let r = allowed(f);
    let v = match (r.min, r.max) {
        (_, Some(hi)) if v > hi => hi,
        (Some(lo), _) if v < lo => lo,
        _ => v,
    };
    text::number(v)
}

/// Write `bytes` to `path` through a temporary file in the same folder
/// (`.NAME.partial`) and a rename, so that a failure never leaves a
/// half-written file. An existing file is replaced only with `force`.
pub fn save(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let shown = path.display().to_string();
    if !force && path.exists() {
        return Err(Error::Rejected(format!(
            "--out {shown} exists: give --force to replace it, or choose another name"
        )));
    }
    let Some(name) = path.file_name() else {
        return Err(Error::Rejected(format!(
            "--out {shown} names no file: give a file name"
        )));
    };
    if path.is_dir() {
        return Err(Error::Rejected(format!(
            "--out {shown} is a folder: give a file name"
        )));
    }
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        // The partial file may not exist; the error reported is the write's.
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(shown, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: FieldKind, min: Option<f64>, max: Option<f64>) -> Field {
        Field {
            id: "x".into(),
            name_zh: "某项".into(),
            name_en: "x".into(),
            definition_zh: String::new(),
            definition_en: String::new(),
            unit: String::new(),
            unit_en: String::new(),
            kind,
            min,
            max,
            periods: vec![Period::Current],
            derived: None,
            plausible: Default::default(),
        }
    }

    #[test]
    fn allowed_ranges_follow_the_declared_bounds_then_the_kind() {
        let r = allowed(&field(FieldKind::Percent, None, None));
        assert_eq!(
            (r.min, r.max, r.whole, r.declared),
            (Some(0.0), Some(100.0), false, false)
        );
        // A percent that declares only a minimum (completion can pass 100).
        let r = allowed(&field(FieldKind::Percent, Some(0.0), None));
        assert_eq!((r.min, r.max, r.declared), (Some(0.0), None, true));
        let r = allowed(&field(FieldKind::Amount, None, None));
        assert_eq!((r.min, r.max, r.declared), (Some(0.0), None, true));
        let r = allowed(&field(FieldKind::Amount, Some(-5.0), None));
        assert_eq!(r.min, Some(-5.0));
        let r = allowed(&field(FieldKind::Count, Some(0.0), None));
        assert!(r.whole && r.declared);
        let r = allowed(&field(FieldKind::Quantity, None, None));
        assert_eq!((r.min, r.max), (None, None));
    }

    #[test]
    fn headers_carry_name_id_and_unit() {
        let mut f = field(FieldKind::Amount, None, None);
        f.unit = "亿元".into();
        assert_eq!(field_header(&f), "某项 x (亿元)");
        f.unit.clear();
        assert_eq!(field_header(&f), "某项 x");
    }

    #[test]
    fn save_refuses_an_existing_file_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        save(&p, b"one", false).unwrap();
        let e = save(&p, b"two", false).unwrap_err().to_string();
        assert!(e.contains("exists") && e.contains("--force"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        save(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // A folder that does not exist: the write fails, nothing is left.
        let q = dir.path().join("missing/t.csv");
        assert!(matches!(save(&q, b"x", false), Err(Error::Io { .. })));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("t.csv")]);
    }
}
