//! CSV views: ranking, trace and rejections.
//!
//! UTF-8 without BOM, comma-separated, one header row of English column
//! names. Text that came from outside (names, raw cells, notes) is
//! neutralised so that no cell can be taken for a formula by a spreadsheet.

use super::{exact, fixed};
use crate::audit::RoundResult;
use crate::diag::{Error, Result};
use crate::ingest::Rejection;

/// Prefix text that a spreadsheet would read as a formula (=, +, -, @, tab,
/// carriage return at the start) with an apostrophe.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| Error::Other(format!("CSV: {e}")))
}

pub(super) fn row(w: &mut csv::Writer<Vec<u8>>, cells: &[String]) -> Result<()> {
    w.write_record(cells)
        .map_err(|e| Error::Other(format!("CSV: {e}")))
}

/// ranking.csv: one row per cluster in rank order.
pub fn ranking_csv(r: &RoundResult) -> Result<Vec<u8>> {
    let d = r.framework.decimals;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "rank",
        "cluster_id",
        "name_zh",
        "name_en",
        "city",
        "track",
        "total",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(r.dimensions.iter().map(|n| n.id.clone()));
    header.extend(
        ["grade", "grade_zh", "tied", "tie_note"]
            .iter()
            .map(|s| s.to_string()),
    );
    row(&mut w, &header)?;
    for c in &r.clusters {
        let mut cells = vec![
            c.rank.to_string(),
            neutralise(&c.cluster_id),
            neutralise(&c.name_zh),
            neutralise(&c.name_en),
            neutralise(&c.city),
            neutralise(&c.track),
            fixed(c.total, d),
        ];
        cells.extend(r.dimensions.iter().map(|n| fixed(c.subtotal(&n.id), d)));
        cells.push(c.grade.as_ref().map(|g| g.id.clone()).unwrap_or_default());
        cells.push(
            c.grade
                .as_ref()
                .map(|g| g.name_zh.clone())
                .unwrap_or_default(),
        );
        cells.push(if c.tied { "yes" } else { "no" }.to_string());
        cells.push(neutralise(&c.tie_note));
        row(&mut w, &cells)?;
    }
    finish(w)
}

/// trace.csv: one row per cluster x indicator, from submitted cells to points.
pub fn trace_csv(r: &RoundResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "rank",
            "cluster_id",
            "indicator_id",
            "indicator_zh",
            "dimension",
            "rule",
            "raw_value",
            "submitted_unit",
            "conversion",
            "converted_value",
            "source",
            "value",
            "formula",
            "missing_reason",
            "imputed",
            "imputation",
            "imputed_value",
            "treatment",
            "treated_value",
            "transforms",
            "transformed_value",
            "normalised_score",
            "points_max",
            "contribution",
        ]
        .map(String::from),
    )?;
    for c in &r.clusters {
        for (t, info) in c.indicators.iter().zip(&r.indicators) {
            let join = |f: &dyn Fn(&crate::score::values::InputRef) -> String| {
                t.inputs.iter().map(f).collect::<Vec<_>>().join("; ")
            };
            let multi = t.inputs.len() > 1;
            let label = |i: &crate::score::values::InputRef, s: String| {
                if multi {
                    format!("{}@{}={}", i.field, i.period.as_str(), s)
                } else {
                    s
                }
            };
            let cells = vec![
                c.rank.to_string(),
                neutralise(&c.cluster_id),
                t.indicator.clone(),
                info.name_zh.clone(),
                info.dimension.clone().unwrap_or_default(),
                if info.rule == info.scoring {
                    info.rule.clone()
                } else {
                    format!("{} -> {}", info.rule, info.scoring)
                },
                neutralise(&join(&|i| label(i, i.raw.clone()))),
                neutralise(&join(&|i| label(i, i.unit.clone()))),
                join(&|i| label(i, format!("x{}", i.factor))),
                join(&|i| label(i, exact(i.value))),
                neutralise(&join(&|i| {
                    if i.file.is_empty() {
                        format!("{}@{}: not submitted", i.field, i.period.as_str())
                    } else {
                        i.source()
                    }
                })),
                exact(t.value),
                neutralise(&t.formula),
                neutralise(t.missing_reason.as_deref().unwrap_or("")),
                if t.imputation.is_empty() { "no" } else { "yes" }.to_string(),
                t.imputation.clone(),
                exact(t.imputed_value),
                t.treatment.clone(),
                exact(t.treated),
                info.transforms.join(" "),
                exact(t.transformed),
                format!("{}", t.normalised),
                format!("{}", t.points_max),
                format!("{}", t.points),
            ];
            row(&mut w, &cells)?;
        }
    }
    finish(w)
}

/// rejections.csv: rows read but not used, with the reason.
pub fn rejections_csv(rejections: &[Rejection]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &["file", "row", "reason", "content"].map(String::from),
    )?;
    for rj in rejections {
        row(
            &mut w,
            &[
                neutralise(&rj.file),
                rj.row.to_string(),
                neutralise(&rj.reason),
                neutralise(&rj.content),
            ],
        )?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_inert() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("保定"), "保定");
    }
}
