//! Tables of the scored round: ranking, dimension scores, the trace from
//! submitted cells to points, and the rejected rows.

use super::{fixed, EXACT, INT, TEXT};
use crate::audit::RoundResult;
use crate::ingest::Rejection;
use crate::report::msg::notes::tie_notes;
use crate::report::msg::{provenance, Col, Lang, Measure::Score};
use crate::report::number::exact;
use crate::report::table::{Cell, Column, Table};
use crate::report::trace_text::field_name;
use crate::score::values::InputRef;

/// ranking.csv: one row per cluster in rank order.
pub fn ranking(r: &RoundResult) -> Table {
    let decimals = fixed(r.framework.decimals);
    let mut t = Table::data(&[
        (Col::Rank, INT),
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
        (Col::NameEn, TEXT),
        (Col::City, TEXT),
        (Col::Track, TEXT),
        (Col::Total, decimals),
    ]);
    t.columns.extend(
        r.dimensions
            .iter()
            .map(|n| Column::named(n.id.clone(), n.name_zh.clone(), decimals).measured(Score)),
    );
    for c in [Col::Grade, Col::GradeZh, Col::Tied, Col::TieNote] {
        t.columns.push(Column::data(c, TEXT));
    }
    t.columns.push(super::process::zh_of(Col::TieNote));
    for c in &r.clusters {
        let mut row = vec![
            Cell::count(c.rank),
            Cell::input(&c.cluster_id),
            Cell::input(&c.name_zh),
            Cell::input(&c.name_en),
            Cell::input(&c.city),
            Cell::input(&c.track),
            Cell::Num(c.total),
        ];
        row.extend(r.dimensions.iter().map(|n| Cell::Num(c.subtotal(&n.id))));
        row.push(Cell::text(grade_id(c.grade.as_ref())));
        row.push(Cell::text(grade_zh(c.grade.as_ref())));
        row.push(Cell::yes_no(c.tied));
        row.push(Cell::Input(tie_notes(&c.tie_note, Lang::En)));
        row.push(Cell::Input(tie_notes(&c.tie_note, Lang::Zh)));
        t.push(row);
    }
    t
}

/// The id of a grade ("" for none).
pub fn grade_id(g: Option<&crate::audit::GradeInfo>) -> String {
    g.map(|g| g.id.clone()).unwrap_or_default()
}

/// The Chinese name of a grade ("" for none).
pub fn grade_zh(g: Option<&crate::audit::GradeInfo>) -> String {
    g.map(|g| g.name_zh.clone()).unwrap_or_default()
}

/// The workbook's dimension-scores sheet: every node's subtotal per cluster.
pub fn dimensions(r: &RoundResult) -> Table {
    let mut t = Table::data(&[
        (Col::Rank, INT),
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
    ]);
    t.columns.extend(
        r.nodes
            .iter()
            .map(|n| Column::named(n.id.clone(), n.name_zh.clone(), EXACT).measured(Score)),
    );
    t.columns.push(Column::data(Col::Total, EXACT));
    for c in &r.clusters {
        let mut row = vec![
            Cell::count(c.rank),
            Cell::input(&c.cluster_id),
            Cell::input(&c.name_zh),
        ];
        row.extend(r.nodes.iter().map(|n| Cell::Num(c.subtotal(&n.id))));
        row.push(Cell::Num(c.total));
        t.push(row);
    }
    t
}

/// trace.csv: one row per cluster x indicator, from submitted cells to points.
pub fn trace(r: &RoundResult) -> Table {
    let mut t = Table::data(&[
        (Col::Rank, INT),
        (Col::ClusterId, TEXT),
        (Col::IndicatorId, TEXT),
        (Col::IndicatorZh, TEXT),
        (Col::Dimension, TEXT),
        (Col::Rule, TEXT),
        (Col::RawValue, TEXT),
        (Col::SubmittedUnit, TEXT),
        (Col::Conversion, TEXT),
        (Col::ConvertedValue, EXACT),
        (Col::Source, TEXT),
        (Col::CellReading, TEXT),
        (Col::Value, EXACT),
        (Col::Formula, TEXT),
        (Col::MissingReason, TEXT),
        (Col::FormulaZh, TEXT),
        (Col::MissingReasonZh, TEXT),
        (Col::Imputed, TEXT),
        (Col::Imputation, TEXT),
        (Col::ImputedValue, EXACT),
        (Col::Treatment, TEXT),
        (Col::TreatedValue, EXACT),
        (Col::Transforms, TEXT),
        (Col::TransformedValue, EXACT),
        (Col::NormalisedScore, EXACT),
        (Col::PointsMax, EXACT),
        (Col::Contribution, EXACT),
    ]);
    for c in &r.clusters {
        for (tr, info) in c.indicators.iter().zip(&r.indicators) {
            let inputs = Inputs(&tr.inputs);
            t.push(vec![
                Cell::count(c.rank),
                Cell::input(&c.cluster_id),
                Cell::text(&tr.indicator),
                Cell::text(&info.name_zh),
                Cell::text(info.dimension.clone().unwrap_or_default()),
                Cell::text(if info.rule == info.scoring {
                    info.rule.clone()
                } else {
                    format!("{} -> {}", info.rule, info.scoring)
                }),
                Cell::Input(inputs.each(|i| i.raw.clone())),
                Cell::Input(inputs.each(|i| i.unit.clone())),
                Cell::Text(inputs.each(|i| format!("x{}", i.factor))),
                converted(&inputs),
                Cell::Input(inputs.sources()),
                Cell::Input(inputs.readings()),
                Cell::num(tr.value),
                Cell::input(tr.formula.to_string()),
                Cell::input(
                    tr.missing_reason
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                ),
                Cell::input(provenance::formula(&tr.formula, Lang::Zh)),
                Cell::input(tr.missing_reason.as_ref().map_or_else(String::new, |m| {
                    provenance::missing(m, &field_name(r, Lang::Zh), Lang::Zh)
                })),
                Cell::yes_no(!tr.imputation.is_empty()),
                Cell::text(&tr.imputation),
                Cell::num(tr.imputed_value),
                Cell::text(&tr.treatment),
                Cell::num(tr.treated),
                Cell::Text(info.transforms.join(" ")),
                Cell::num(tr.transformed),
                Cell::Num(tr.normalised),
                Cell::Num(tr.points_max),
                Cell::Num(tr.points),
            ]);
        }
    }
    t
}

/// The submitted cells behind one value: one item each, labelled with the
/// field and period when there are several.
struct Inputs<'a>(&'a [InputRef]);

impl Inputs<'_> {
    fn each(&self, f: impl Fn(&InputRef) -> String) -> String {
        let multi = self.0.len() > 1;
        self.0
            .iter()
            .map(|i| {
                let s = f(i);
                if multi {
                    format!("{}@{}={}", i.field, i.period.as_str(), s)
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// How the cells were read from a workbook, where that is not as
    /// stored: one item per cell that has a note, labelled when there are
    /// several inputs.
    fn readings(&self) -> String {
        let multi = self.0.len() > 1;
        self.0
            .iter()
            .filter(|i| !i.reading.is_empty())
            .map(|i| {
                if multi {
                    format!("{}@{}: {}", i.field, i.period.as_str(), i.reading)
                } else {
                    i.reading.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    fn sources(&self) -> String {
        self.0
            .iter()
            .map(|i| {
                if i.file.is_empty() {
                    format!("{}@{}: not submitted", i.field, i.period.as_str())
                } else {
                    i.source()
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The converted value: a number when there is one input, the labelled
/// list when there are several.
fn converted(inputs: &Inputs) -> Cell {
    match inputs.0 {
        [one] => Cell::num(one.value),
        _ => Cell::Text(inputs.each(|i| exact(i.value))),
    }
}

/// rejections.csv: rows read but not used, with the reason.
pub fn rejections(rejections: &[Rejection]) -> Table {
    let mut t = Table::data(&[
        (Col::File, TEXT),
        (Col::Row, INT),
        (Col::Reason, TEXT),
        (Col::Content, TEXT),
    ]);
    for rj in rejections {
        t.push(vec![
            Cell::input(&rj.file),
            Cell::count(rj.row),
            Cell::input(&rj.reason),
            Cell::input(&rj.content),
        ]);
    }
    t
}
