//! The lines of a value's trace as a reader reads them, shared by the HTML
//! scorecards, report.md and `explain`: each input as the field's name, the
//! period, the cell as submitted in its unit, the conversion and the value
//! read in the FIELD's unit (only the indicator's computed value carries
//! the indicator's unit); the rule and direction in words; the unit of a
//! field or an indicator in the report's language (the framework's
//! `unit_en` first in English).

use super::msg::term;
use super::msg::trace::{self, Tr};
use super::msg::{Lang, Msg};
use super::number::NumKind;
use crate::audit::{FieldInfo, IndicatorInfo, RoundResult};
use crate::framework::derive::{Derivation, RosterColumn};

/// The field `id` of the round, if the framework has it.
pub fn field<'a>(r: &'a RoundResult, id: &str) -> Option<&'a FieldInfo> {
    r.fields.iter().find(|f| f.id == id)
}

/// An indicator's unit in the report's language.
pub fn indicator_unit(info: &IndicatorInfo, l: Lang) -> String {
    term::unit(&info.unit, &info.unit_en, l)
}

/// What a trace knows of one input, from the result or from scores.json.
pub struct Input<'a> {
    /// The field's name in the report's language (its id when unnamed).
    pub field: &'a str,
    /// `baseline`, `current` or `target`.
    pub period: &'a str,
    pub raw: &'a str,
    /// The unit as submitted ("" = the field's own; the field's own is
    /// shown in its English words).
    pub submitted_unit: &'a str,
    pub factor: f64,
    pub value: Option<f64>,
    pub file: &'a str,
    /// The field's unit (Chinese as supplied) and its English unit.
    pub unit: &'a str,
    pub unit_en: &'a str,
}

/// One input in words: "主导产业营业收入（当期）：“1234.5” 亿元 → ×1 →
/// 1234.5 亿元", or the cell's state when it gave no value
/// ("出口交货值占比（当期）：未填报").
pub fn input_line(i: &Input, l: Lang) -> String {
    let period = trace::period(i.period, l);
    if let Some(state) = trace::cell_state(i.raw, i.file, i.value, l) {
        return Tr::InputMissing.fill(l, &[&i.field, &period, &state]);
    }
    let field_unit = term::unit(i.unit, i.unit_en, l);
    let submitted =
        if i.submitted_unit.trim().is_empty() || i.submitted_unit.trim() == i.unit.trim() {
            field_unit.clone()
        } else {
            term::unit(i.submitted_unit, "", l)
        };
    Tr::InputLine
        .fill(
            l,
            &[
                &i.field,
                &period,
                &i.raw,
                &submitted,
                &NumKind::Exact.text(i.factor),
                &NumKind::Exact.or_none(i.value),
                &field_unit,
            ],
        )
        .trim_end()
        .to_string()
}

/// An input of the result in words (the field's name and unit from the
/// framework).
pub fn input_of(r: &RoundResult, i: &crate::score::values::InputRef, l: Lang) -> String {
    let f = field(r, &i.field);
    input_line(
        &Input {
            field: f.map_or(i.field.as_str(), |f| l.pick(&f.name_zh, &f.name_en)),
            period: i.period.as_str(),
            raw: &i.raw,
            submitted_unit: &i.unit,
            factor: i.factor,
            value: i.value,
            file: &i.file,
            unit: f.map_or("", |f| f.unit.as_str()),
            unit_en: f.map_or("", |f| f.unit_en.as_str()),
        },
        l,
    )
}

/// The rule and the direction in words ("加权计数，最小-最大标准化，越高越好").
pub fn rule_line(rule: &str, scoring: &str, direction: &str, l: Lang) -> String {
    let direction = match direction {
        "higher" => Tr::Higher.text(l).to_string(),
        "lower" => Tr::Lower.text(l).to_string(),
        other => other.to_string(),
    };
    Tr::RuleLine.fill(l, &[&trace::rule(rule, scoring, l), &direction])
}

/// The name of a field by its id in the report's language (its id when
/// the framework does not have it), for `msg::provenance`.
pub fn field_name<'a>(r: &'a RoundResult, l: Lang) -> impl Fn(&str) -> String + 'a {
    move |id: &str| {
        field(r, id).map_or(id.to_string(), |f| {
            l.pick(&f.name_zh, &f.name_en).to_string()
        })
    }
}

/// A roster column's name in the report's language (its id when unknown).
fn roster_column<'a>(columns: &'a [RosterColumn], id: &'a str, l: Lang) -> &'a str {
    columns
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| l.pick(&c.name_zh, &c.name_en))
}

/// A roster derivation in words: "名录中满足“规上企业”的企业数" /
/// "number of firms in the roster where Above designated size".
pub fn derivation(columns: &[RosterColumn], d: &Derivation, l: Lang) -> String {
    use crate::framework::derive::{Aggregate, Condition};
    let col = |id: &str| roster_column(columns, id, l).to_string();
    let conditions: Vec<String> = d
        .conditions
        .iter()
        .map(|c| match c {
            Condition::Flag {
                column,
                value: true,
            } => col(column),
            Condition::Flag {
                column,
                value: false,
            } => Tr::RosterNot.fill(l, &[&col(column)]),
            Condition::Compare { column, op, value } => format!(
                "{} {} {}",
                col(column),
                op.symbol(),
                NumKind::Exact.text(*value)
            ),
        })
        .collect();
    let clause = if conditions.is_empty() {
        String::new()
    } else {
        Tr::RosterWhere.fill(l, &[&conditions.join(Tr::RosterAnd.text(l))])
    };
    let mut s = match &d.aggregate {
        Aggregate::Count => Tr::RosterCount.fill(l, &[&clause]),
        Aggregate::Sum { of } => Tr::RosterSum.fill(l, &[&clause, &col(of)]),
        Aggregate::Ratio {
            numerator,
            denominator,
        } => Tr::RosterRatio.fill(l, &[&clause, &col(numerator), &col(denominator)]),
        Aggregate::WeightedCount { weights } => {
            let terms: Vec<String> = weights
                .iter()
                .map(|(c, w)| format!("{} × {}", NumKind::Exact.text(*w), col(c)))
                .collect();
            Tr::RosterWeighted.fill(l, &[&clause, &terms.join(" + ")])
        }
    };
    if d.factor != 1.0 {
        s.push_str(&Tr::RosterFactor.fill(l, &[&NumKind::Exact.text(d.factor)]));
    }
    s
}

/// Where an input came from, in words: "indicators.csv 第 3 行 X 列", or
/// for a figure derived from the roster its files and the derivation,
/// with the figure the cluster declared ("enterprises.csv：名录中满足
/// “规上企业”的企业数；申报值 855"); the dash when nothing was submitted.
pub fn source(
    r: &RoundResult,
    cluster_id: &str,
    i: &crate::score::values::InputRef,
    l: Lang,
) -> String {
    if i.file.is_empty() {
        return super::number::NONE.to_string();
    }
    if i.row > 0 {
        return Msg::CellAt.fill(l, &[&i.file, &i.row, &i.column]);
    }
    let Some(d) = field(r, &i.field).and_then(|f| f.derived.as_ref()) else {
        return i.source();
    };
    let mut s = Tr::RosterFrom.fill(l, &[&i.file, &derivation(&r.roster_columns, d, l)]);
    let declared = r.roster.as_ref().and_then(|v| {
        v.comparisons
            .iter()
            .find(|c| c.cluster_id == cluster_id && c.field == i.field)
            .and_then(|c| c.declared)
    });
    if let Some(x) = declared {
        s.push_str(&Tr::RosterDeclared.fill(l, &[&NumKind::Exact.text(x)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::{En, Zh};

    fn input<'a>(raw: &'a str, file: &'a str, value: Option<f64>) -> Input<'a> {
        Input {
            field: "有效发明专利数",
            period: "current",
            raw,
            submitted_unit: "件",
            factor: 1.0,
            value,
            file,
            unit: "件",
            unit_en: "",
        }
    }

    #[test]
    fn an_input_in_the_fields_unit() {
        let i = input("848", "indicators.csv", Some(848.0));
        assert_eq!(
            input_line(&i, Zh),
            "有效发明专利数（当期）：“848” 件 → ×1 → 848 件"
        );
        assert_eq!(
            input_line(&i, En),
            "有效发明专利数 (current): “848” items → ×1 → 848 items"
        );
        // A cell in 万元 for a field in 亿元: the value read is in 亿元.
        let i = Input {
            field: "主导产业营业收入",
            period: "baseline",
            raw: "91979",
            submitted_unit: "万元",
            factor: 0.0001,
            value: Some(9.1979),
            file: "a.csv",
            unit: "亿元",
            unit_en: "",
        };
        assert_eq!(
            input_line(&i, Zh),
            "主导产业营业收入（基期）：“91979” 万元 → ×0.0001 → 9.1979 亿元"
        );
        assert_eq!(
            input_line(&i, En),
            "主导产业营业收入 (baseline): “91979” CNY 10,000 → ×0.0001 → 9.1979 CNY 100 m"
        );
        let i = input("—", "a.csv", None);
        assert_eq!(
            input_line(&i, Zh),
            "有效发明专利数（当期）：填报为“—”（无数据）"
        );
        let i = input("", "", None);
        assert_eq!(
            input_line(&i, En),
            "有效发明专利数 (current): not submitted"
        );
    }

    #[test]
    fn rule_and_direction() {
        assert_eq!(
            rule_line("weighted_count", "minmax", "higher", Zh),
            "加权计数，最小-最大标准化，越高越好"
        );
        assert_eq!(
            rule_line("minmax", "minmax", "lower", En),
            "min-max normalisation, lower is better"
        );
    }
}
