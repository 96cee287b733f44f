//! The natural-range check: a percent outside 0-100 where the framework
//! declares no bound for the field (neither `min` nor `max`), and a figure
//! derived from a roster outside the field's bounds (declared, or 0 for an
//! amount or a count).
//!
//! A submitted cell outside the declared bounds, or a negative amount or
//! count, is refused by `ingest` with a located error and never stored, so
//! this check does not report it again: the bounds it applies to a
//! submitted cell are the natural ones of a percent the framework left
//! open.

use super::text::{num, period_zh};
use super::{Check, Context, Found};
use crate::framework::{Field, FieldKind, Period};
use crate::ingest::units;

/// A bound a value can break.
#[derive(Clone, Copy)]
struct Bound {
    value: f64,
    /// Declared by the framework (`min` / `max`), or natural.
    declared: bool,
    upper: bool,
}

impl Bound {
    fn reference(self) -> &'static str {
        match (self.declared, self.upper) {
            (true, true) => "declared_max",
            (true, false) => "declared_min",
            (false, true) => "natural_max",
            (false, false) => "natural_min",
        }
    }
}

/// A percent (kind `percent`, or unit `%`).
fn is_percent(f: &Field) -> bool {
    f.kind == FieldKind::Percent || units::normalise(&f.unit) == "%"
}

/// The field's lower and upper bounds, declared or natural. A percent
/// whose entry declares neither `min` nor `max` is bounded by 0 and 100;
/// one that declares either has the bounds the framework gave it (a
/// completion rate with `min = 0` and no `max` may exceed 100). An amount
/// or a count is never below 0 unless the framework sets its `min`.
fn bounds(f: &Field) -> [Option<Bound>; 2] {
    let open_percent = is_percent(f) && f.min.is_none() && f.max.is_none();
    let natural_min = open_percent || matches!(f.kind, FieldKind::Amount | FieldKind::Count);
    let lower = match f.min {
        Some(m) => Some((m, true)),
        None => natural_min.then_some((0.0, false)),
    };
    let upper = match f.max {
        Some(m) => Some((m, true)),
        None => open_percent.then_some((100.0, false)),
    };
    [(lower, false), (upper, true)].map(|(b, upper)| {
        b.map(|(value, declared)| Bound {
            value,
            declared,
            upper,
        })
    })
}

pub(super) fn check(cx: &Context, out: &mut Found) {
    let Some(severity) = cx.fw.quality.range else {
        return;
    };
    for (key, o, v) in cx.values() {
        let f = &cx.fw.fields[key.1];
        let broken =
            bounds(f).into_iter().flatten().find(
                |b| {
                    if b.upper {
                        v > b.value
                    } else {
                        v < b.value
                    }
                },
            );
        let Some(b) = broken else { continue };
        let message = message(f, v, b, key.2, o.row == 0);
        out.push(cx.finding(
            Check::Range,
            severity,
            key,
            o,
            v,
            b.reference().into(),
            b.value,
            message,
        ));
    }
}

/// (Chinese, English) for a value beyond a bound; `derived` when the
/// value was derived from a roster rather than submitted in a cell.
fn message(f: &Field, v: f64, b: Bound, period: Period, derived: bool) -> (String, String) {
    let (value, bound, unit) = (num(v), num(b.value), &f.unit);
    let p = period_zh(period);
    let (zh_side, en_side, zh_key, en_key) = if b.upper {
        ("高于", "above", "上限", "max")
    } else {
        ("低于", "below", "下限", "min")
    };
    let (zh_check, en_check) = if derived {
        (
            "该数值由企业名录计算得出，请核对名录",
            "the figure is derived from the enterprise roster: check the roster",
        )
    } else {
        ("请核对该单元格", "check the cell")
    };
    if b.declared {
        (
            format!(
                "{p}值{value}{unit}{zh_side}指标体系为数据项“{}”规定的{zh_key}{bound}{unit}；{zh_check}",
                f.name_zh
            ),
            format!(
                "{value} {unit} is {en_side} the {en_key} {bound} {unit} of field {}; {en_check}",
                f.id
            ),
        )
    } else if is_percent(f) {
        (
            format!(
                "{p}值{value}%{zh_side}百分比的自然{zh_key}{bound}%（数据项“{}”）；{zh_check}；若确属正常，请在指标体系中为该数据项声明{zh_key}",
                f.name_zh
            ),
            format!(
                "{value} % is {en_side} {bound} %, the natural {en_key} of a percent (field {}); {en_check}, or declare the field's {en_key} in the framework if such values are meant",
                f.id
            ),
        )
    } else {
        let (zh_kind, en_kind) = if f.kind == FieldKind::Count {
            ("数量", "a count")
        } else {
            ("金额", "an amount")
        };
        (
            format!(
                "{p}值{value}{unit}小于0：数据项“{}”为{zh_kind}，不能为负；{zh_check}",
                f.name_zh
            ),
            format!(
                "{value} {unit} is below 0: field {} is {en_kind} and cannot be negative; {en_check}",
                f.id
            ),
        )
    }
}
