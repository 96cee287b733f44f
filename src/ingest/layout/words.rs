//! The words by which `layout` knows a row: unit words and the labels of
//! a units row, a unit stated for a whole table, totals, note and
//! signature words, and what text could be an id. Pure functions on one
//! cell's text.

use super::{Kind, Role};
use crate::ingest::number::to_half_width;

/// A cell of a units row that names no unit: 单位, unit, a dash.
pub(super) fn is_units_label(text: &str) -> bool {
    let t = norm(text);
    [
        "单位",
        "计量单位",
        "unit",
        "units",
        "-",
        "—",
        "——",
        "/",
        "－",
    ]
    .contains(&t.as_str())
}

/// The unit a units-row cell names: "亿元", "（亿元）", "单位：亿元".
pub(super) fn unit_word(text: &str, role: &Role) -> Option<String> {
    let mut t = to_half_width(text).trim().to_string();
    let lower = t.to_lowercase();
    for prefix in ["计量单位:", "单位:", "units:", "unit:"] {
        if lower.starts_with(prefix) {
            t = t[prefix.len()..].trim().to_string();
            break;
        }
    }
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|s| s.strip_suffix(close)) {
            t = inner.trim().to_string();
        }
    }
    (!t.is_empty() && role.is_unit(&t)).then_some(t)
}

/// The unit a title cell states for the whole table ("单位：万元",
/// "（金额单位：亿元）").
pub(super) fn unit_statement(text: &str, role: &Role) -> Option<String> {
    let t = to_half_width(text).replace(' ', "");
    let t = t.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']'));
    let at = t.find("单位:")?;
    unit_word(&t[at + "单位:".len()..], role)
}

/// Lower-case, half-width, without spaces or a trailing colon.
pub(super) fn norm(text: &str) -> String {
    let t: String = to_half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    t.trim_end_matches(':').to_string()
}

const TOTALS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "总合计",
    "全省合计",
    "total",
    "totals",
    "subtotal",
    "grandtotal",
    "sum",
];

pub(super) fn is_total(text: &str) -> bool {
    TOTALS.contains(&norm(text).as_str())
}

const NOTES: &[&str] = &[
    "注",
    "附注",
    "说明",
    "填表说明",
    "填报说明",
    "备注",
    "数据来源",
    "资料来源",
    "来源",
    "note",
    "notes",
    "nb",
    "remark",
    "remarks",
    "source",
    "sources",
];

const SIGNATURES: &[&str] = &[
    "填报人",
    "填表人",
    "制表人",
    "制表",
    "审核人",
    "审核",
    "审批人",
    "复核人",
    "负责人",
    "单位负责人",
    "部门负责人",
    "联系人",
    "联系电话",
    "签字",
    "签名",
    "盖章",
    "单位盖章",
    "填报单位",
    "填报日期",
    "日期",
    "prepared by",
    "checked by",
    "approved by",
    "signature",
    "signed",
    "contact",
    "date",
];

/// The kind of row a cell opens: a note or signature word followed by
/// nothing, a colon, a bracket, a space, a digit or 、.
pub(super) fn opening_word(text: &str) -> Option<Kind> {
    let t = to_half_width(text).trim().to_lowercase();
    let opens = |word: &&str| {
        t.strip_prefix(*word).is_some_and(|rest| {
            rest.chars().next().is_none_or(|c| {
                c.is_whitespace()
                    || c.is_ascii_digit()
                    || matches!(c, ':' | '(' | '[' | '【' | '、' | '.' | ',' | ';')
                    || ('\u{2460}'..='\u{2473}').contains(&c)
            })
        })
    };
    if NOTES.iter().any(opens) {
        Some(Kind::Note)
    } else if SIGNATURES.iter().any(opens) {
        Some(Kind::Signature)
    } else {
        None
    }
}

/// Text that could be an id: at most `longest` characters, without
/// spaces, colons or sentence punctuation, and no note or totals word.
pub(super) fn plausible_id(text: &str, longest: usize) -> bool {
    let t = to_half_width(text);
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() <= longest
        && !t.chars().any(|c| {
            c.is_whitespace() || matches!(c, ':' | ',' | ';' | '!' | '?' | '。' | '、' | '…')
        })
        && opening_word(t).is_none()
        && !is_total(t)
}

/// Spreadsheet error values, which start with `#` but are no comment.
const SHEET_ERRORS: &[&str] = &[
    "#n/a",
    "#ref!",
    "#value!",
    "#div/0!",
    "#name?",
    "#num!",
    "#null!",
    "#spill!",
    "#calc!",
    "#getting_data",
];

/// A comment cell: its text starts with `#` or `//` (full-width forms
/// too), and it is not a spreadsheet error value such as `#N/A`.
pub(super) fn is_comment(text: &str) -> bool {
    let t = to_half_width(text).trim().to_lowercase();
    (t.starts_with('#') && !SHEET_ERRORS.contains(&t.as_str())) || t.starts_with("//")
}
