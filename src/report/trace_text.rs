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
        "higher" => Msg::HigherBetter.text(l).to_string(),
        "lower" => Msg::LowerBetter.text(l).to_string(),
        other => other.to_string(),
    };
    Tr::RuleLine.fill(l, &[&trace::rule(rule, scoring, l), &direction])
}
