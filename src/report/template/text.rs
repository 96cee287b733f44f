//! The words of the submission template, in Chinese and in English: the
//! general instructions of the 填表说明 sheet, the names of field kinds and
//! periods, and the allowed range of a field as a clerk reads it.
//!
//! Every text is a pair (`zh`, `en`); the Chinese one is wholly Chinese
//! (units and numbers aside) and the English one wholly English.

use super::Range;
use crate::framework::{FieldKind, Period};

/// One text in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// "中文 / English".
    pub fn both(&self) -> String {
        format!("{} / {}", self.zh, self.en)
    }
}

/// The general instructions, in order: how to fill the data sheet so that
/// what is read is what the clerk meant.
pub fn instructions(prefilled: bool) -> Vec<Text> {
    let rows = if prefilled {
        Text::new(
            "在“填报数据 data”表中填写：每个集群每个年份一行，已预填集群编号、名称和年份，只需填写数值。",
            "Fill in the sheet \"填报数据 data\": one row per cluster and year; the cluster id, name and year are already there, write the values only.",
        )
    } else {
        Text::new(
            "在“填报数据 data”表中填写：每个集群每个年份一行，每个数据项一列。",
            "Fill in the sheet \"填报数据 data\": one row per cluster and year, one column per field.",
        )
    };
    vec![
        rows,
        Text::new(
            "单元格中只填数字，不要写单位：单位以表头括号中的为准（如“亿元”列填 752.08，不填“752.08亿元”，也不要换算成万元）。",
            "Numbers only, no units in the cells: the unit is the one in brackets in the header (write 752.08 in a column in 亿元, not \"752.08亿元\", and do not convert it to 万元).",
        ),
        Text::new(
            "没有数据的单元格留空，不要填 0（0 表示确实为零）。",
            "Leave a cell blank when there is no data; do not write 0 (0 means the value is zero).",
        ),
        Text::new(
            "百分比填显示的数字：8.5% 填 8.5，不要输入百分号，也不要把单元格设为百分比格式。",
            "Percentages as the number shown: 8.5 for 8.5 %, without a % sign and without a percent cell format.",
        ),
        Text::new(
            "年份填四位数字（如 2021），不要填日期。",
            "Years as 4-digit numbers (e.g. 2021), never as dates.",
        ),
        Text::new(
            "集群编号从下拉列表选择或按名录填写，不要加空格或使用全角字符。",
            "Choose the cluster id from the list or write it as in the registry, without spaces or full-width characters.",
        ),
        Text::new(
            "个数填非负整数；各数据项的单位、填报年份和允许范围见下表，超出范围时表格会提示。",
            "Counts are whole numbers of at least 0; the unit, the years asked and the allowed range of every field are in the table below, and the sheet warns when a value is outside them.",
        ),
        if prefilled {
            Text::new(
                "不要修改表头，不要增删或移动列，不要合并单元格；灰色单元格为该年份不需填报的数据项。",
                "Do not edit the header, add, delete or move columns, or merge cells; grey cells are fields not asked for that year.",
            )
        } else {
            Text::new(
                "不要修改表头，不要增删或移动列，不要合并单元格。",
                "Do not edit the header, add, delete or move columns, or merge cells.",
            )
        },
    ]
}

/// The name of a field kind.
pub fn kind(k: FieldKind) -> Text {
    match k {
        FieldKind::Amount => Text::new("金额", "amount"),
        FieldKind::Count => Text::new("个数", "count"),
        FieldKind::Percent => Text::new("百分比", "percent"),
        FieldKind::Ratio => Text::new("比值", "ratio"),
        FieldKind::Score => Text::new("评分", "score"),
        FieldKind::Quantity => Text::new("计量值", "quantity"),
    }
}

/// The name of a period.
pub fn period(p: Period) -> Text {
    match p {
        Period::Baseline => Text::new("基期", "baseline"),
        Period::Current => Text::new("当期", "current"),
        Period::Target => Text::new("目标", "target"),
    }
}

/// A number as a clerk reads it: no trailing zeros, no exponent.
pub fn number(x: f64) -> String {
    format!("{x}")
}

/// The allowed range of a field.
pub fn range(r: &Range) -> Text {
    let (zh, en) = match (r.min, r.max) {
        (Some(lo), Some(hi)) => (
            format!("{} 至 {}", number(lo), number(hi)),
            format!("{} to {}", number(lo), number(hi)),
        ),
        (Some(lo), None) => (format!("≥ {}", number(lo)), format!("≥ {}", number(lo))),
        (None, Some(hi)) => (format!("≤ {}", number(hi)), format!("≤ {}", number(hi))),
        (None, None) => ("任意数值".to_string(), "any number".to_string()),
    };
    let (zh, en) = if r.whole {
        (format!("{zh} 的整数"), format!("a whole number, {en}"))
    } else {
        (zh, en)
    };
    if r.declared {
        Text::new(zh, en)
    } else {
        Text::new(
            format!("{zh}（超出时提示，可确认保留）"),
            format!("{en} (a warning beyond it, which can be confirmed)"),
        )
    }
}

/// The input message of a field's cells (shown when a cell is selected).
pub fn input_message(unit: &str, r: &Range) -> Text {
    let range = range(r);
    let unit_zh = if unit.is_empty() {
        String::new()
    } else {
        format!("单位：{unit}；")
    };
    let unit_en = if unit.is_empty() {
        String::new()
    } else {
        format!("Unit: {unit}; ")
    };
    Text::new(
        format!("{unit_zh}{}；只填数字，无数据留空。", range.zh),
        format!("{unit_en}{}; a number only, blank for no data.", range.en),
    )
}

/// The error message of a field's cells (shown for a value refused).
pub fn error_message(unit: &str, r: &Range) -> Text {
    let range = range(r);
    let unit_zh = if unit.is_empty() {
        String::new()
    } else {
        format!("（单位：{unit}）")
    };
    let unit_en = if unit.is_empty() {
        String::new()
    } else {
        format!(" (unit {unit})")
    };
    Text::new(
        format!(
            "请填写数字：{}{unit_zh}；不要写单位、百分号或文字；无数据留空。",
            range.zh
        ),
        format!(
            "Enter a number: {}{unit_en}; no units, % signs or text; blank for no data.",
            range.en
        ),
    )
}
