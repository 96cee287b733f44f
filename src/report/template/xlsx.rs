//! The XLSX template (rust_xlsxwriter), built so that the Excel habits the
//! ingest has to guess at cannot happen in it.
//!
//! Sheets, in order (the ingest reads the first sheet of a workbook):
//! 1. `填报数据 data`: the header in row 1 (locked: the sheet is protected,
//!    every input cell unlocked), frozen with the id, name and period
//!    columns; with a round, one row per cluster and period asked, id, name
//!    and year filled in, and the cells of fields a period does not ask
//!    grey and locked; without, `VALIDATED_ROWS` empty rows. Every input
//!    cell has a number format that keeps what is typed (ids `@` text,
//!    years and counts `0`, other values `General`: never a percent or a
//!    date format) and a data validation with an input and an error message
//!    in Chinese and English: the cluster id from the registry's list,
//!    the period from the round's years (any year 1900 to 2200 without a
//!    round), counts as whole numbers, other values as decimals, within
//!    the field's allowed range. A value beyond a declared bound is refused
//!    (the ingest would refuse it); beyond a natural range (a percent over
//!    100 with no bound declared) Excel warns and the clerk may confirm.
//! 2. `填表说明 instructions`: the framework and round, the general
//!    instructions, and one row per field.
//! 3. `集群名录 clusters` (with a round): the registry's ids and names, the
//!    source of the id dropdown.
//!
//! The workbook's creation date is fixed, so the same inputs give the same
//! bytes. Text from the registry is written as strings, never formulas.

use super::text::{self, Text};
use super::{allowed, field_header, headers, periods, year, Range, Template, KEY_COLUMNS};
use crate::diag::Result;
use crate::framework::{Field, FieldKind, Period};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatBorder, FormatPattern, Formula, ProtectionOptions, Workbook,
    Worksheet,
};

/// The data sheet, first in the workbook.
pub const DATA_SHEET: &str = "填报数据 data";
/// The instructions sheet.
pub const INSTRUCTIONS_SHEET: &str = "填表说明 instructions";
/// The registry list behind the cluster-id dropdown (with a round).
pub const CLUSTERS_SHEET: &str = "集群名录 clusters";
/// Empty rows with formats and validation in a template without a round.
pub const VALIDATED_ROWS: u32 = 200;

/// Excel's longest validation title and message.
const TITLE_MAX: usize = 32;
const MESSAGE_MAX: usize = 255;
/// The widest "any number" a decimal validation allows (Excel keeps 15
/// significant digits; no field of a round comes near).
const ANY: f64 = 1e15;

/// The first `max` characters of a text.
fn fit(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// "中文\nEnglish", within Excel's limit for a validation message.
fn message(t: &Text) -> String {
    fit(&format!("{}\n{}", t.zh, t.en), MESSAGE_MAX)
}

struct Formats {
    header: Format,
    id: Format,
    year: Format,
    whole: Format,
    decimal: Format,
    not_asked: Format,
    unlocked_row: Format,
    title: Format,
    bold: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        // Excel's built-in formats: 0 General, 1 "0", 49 "@" (text).
        let cell = |index: u8| {
            Format::new()
                .set_num_format_index(index)
                .set_unlocked()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_pattern(FormatPattern::Solid)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin),
            id: cell(49),
            year: cell(1),
            whole: cell(1),
            decimal: cell(0),
            not_asked: Format::new()
                .set_pattern(FormatPattern::Solid)
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
            unlocked_row: Format::new().set_unlocked(),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap(),
        }
    }

    /// The format of a field's input cells.
    fn value(&self, f: &Field) -> &Format {
        if f.kind == FieldKind::Count {
            &self.whole
        } else {
            &self.decimal
        }
    }
}

/// The workbook's bytes.
pub fn workbook(t: &Template) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} 填报模板 submission template",
                t.framework.name_zh
            ))
            .set_author("cluster-eval")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    data_sheet(wb.add_worksheet(), t, &formats)?;
    instructions_sheet(wb.add_worksheet(), t, &formats)?;
    if let Some((_, registry)) = t.round {
        let ws = wb.add_worksheet();
        ws.set_name(CLUSTERS_SHEET)?;
        let heads = [
            "集群编号 cluster_id",
            "集群名称 name_zh",
            "英文名称 name_en",
        ];
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &formats.header)?;
        }
        for (r, c) in registry.clusters.iter().enumerate() {
            let row = r as u32 + 1;
            ws.write_string_with_format(row, 0, &c.id, &formats.id)?;
            ws.write_string(row, 1, &c.name_zh)?;
            ws.write_string(row, 2, &c.name_en)?;
        }
        ws.set_column_width(0, 14)?;
        ws.set_column_width(1, 36)?;
        ws.set_column_width(2, 48)?;
        ws.set_freeze_panes(1, 0)?;
        ws.protect();
    }
    Ok(wb.save_to_buffer()?)
}

/// The data sheet: header, rows, formats, validation, protection.
fn data_sheet(ws: &mut Worksheet, t: &Template, fm: &Formats) -> Result<()> {
    ws.set_name(DATA_SHEET)?;
    let fw = t.framework;
    for (c, h) in headers(fw).iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &fm.header)?;
    }
    ws.set_row_height(0, 48)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 10)?;
    for (k, f) in fw.fields.iter().enumerate() {
        let width = (field_header(f).chars().count() as f64 * 0.8).clamp(12.0, 24.0);
        ws.set_column_width((KEY_COLUMNS + k) as u16, width)?;
    }
    ws.set_freeze_panes(1, KEY_COLUMNS as u16)?;

    let rows = t.rows();
    let last = if rows.is_empty() {
        VALIDATED_ROWS
    } else {
        rows.len() as u32
    };
    for r in 1..=last {
        ws.set_row_format(r, &fm.unlocked_row)?;
    }
    if rows.is_empty() {
        for r in 1..=last {
            ws.write_blank(r, 0, &fm.id)?;
            ws.write_blank(r, 1, &fm.id)?;
            ws.write_blank(r, 2, &fm.year)?;
            for (k, f) in fw.fields.iter().enumerate() {
                ws.write_blank(r, (KEY_COLUMNS + k) as u16, fm.value(f))?;
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, &row.cluster.id, &fm.id)?;
        ws.write_string_with_format(r, 1, &row.cluster.name_zh, &fm.id)?;
        ws.write_number_with_format(r, 2, f64::from(row.year), &fm.year)?;
        for (k, f) in fw.fields.iter().enumerate() {
            let format = if f.periods.contains(&row.period) {
                fm.value(f)
            } else {
                &fm.not_asked
            };
            ws.write_blank(r, (KEY_COLUMNS + k) as u16, format)?;
        }
    }

    key_validations(ws, t, last)?;
    for (k, f) in fw.fields.iter().enumerate() {
        let c = (KEY_COLUMNS + k) as u16;
        ws.add_data_validation(1, c, last, c, &field_validation(f)?)?;
    }
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
    Ok(())
}

/// The validations of the id, name and period columns.
fn key_validations(ws: &mut Worksheet, t: &Template, last: u32) -> Result<()> {
    let error_title = "编号或年份不符 Not in the list";
    let id = match t.round {
        Some((_, registry)) => DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='{CLUSTERS_SHEET}'!$A$2:$A${}",
                registry.len() + 1
            )))
            .set_input_title("集群编号 cluster id")?
            .set_input_message(message(&Text {
                zh: "从下拉列表选择本集群的编号（见“集群名录”表）。".into(),
                en: "Choose the cluster's id from the list (sheet \"集群名录 clusters\").".into(),
            }))?
            .set_error_title(error_title)?
            .set_error_message(message(&Text {
                zh: "该编号不在集群名录中，请从下拉列表选择。".into(),
                en: "This id is not in the registry: choose one from the list.".into(),
            }))?,
        None => DataValidation::new()
            .allow_any_value()
            .set_input_title("集群编号 cluster id")?
            .set_input_message(message(&Text {
                zh: "填写集群名录中的编号，不加空格，不用全角字符。".into(),
                en: "The cluster's id as in the registry, without spaces or full-width characters."
                    .into(),
            }))?,
    };
    ws.add_data_validation(1, 0, last, 0, &id)?;
    let name = DataValidation::new()
        .allow_any_value()
        .set_input_title("集群名称 cluster name")?
        .set_input_message(message(&Text {
            zh: "可不填；填写时须与集群名录中的名称一致，用于核对编号。".into(),
            en: "Optional; when given it must be the registry's name, and it is checked against the id.".into(),
        }))?;
    ws.add_data_validation(1, 1, last, 1, &name)?;
    let period = match t.round {
        Some((spec, _)) => {
            let years: Vec<String> = periods(t.framework)
                .into_iter()
                .map(|p| year(spec, p).to_string())
                .collect();
            DataValidation::new().allow_list_strings(&years)?
        }
        None => DataValidation::new().allow_whole_number(DataValidationRule::Between(
            *crate::ingest::YEARS.start(),
            *crate::ingest::YEARS.end(),
        )),
    }
    .set_input_title("年份 year")?
    .set_input_message(message(&Text {
        zh: "填四位数字年份（如 2021），不要填日期。".into(),
        en: "A 4-digit year (e.g. 2021), never a date.".into(),
    }))?
    .set_error_title(error_title)?
    .set_error_message(message(&Text {
        zh: "请填写本轮的年份（四位数字），不要填日期或文字。".into(),
        en: "Enter a year of this round (4 digits), not a date or text.".into(),
    }))?;
    ws.add_data_validation(1, 2, last, 2, &period)?;
    Ok(())
}

/// A whole-number bound: the declared bound rounded inward, within i32.
fn whole(x: f64, up: bool) -> i32 {
    let x = if up { x.ceil() } else { x.floor() };
    x.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
}

/// The validation of a field's cells: whole numbers for counts, decimals
/// otherwise, within the allowed range.
fn field_validation(f: &Field) -> Result<DataValidation> {
    let r: Range = allowed(f);
    let v = if r.whole {
        let rule = match (r.min, r.max) {
            (Some(lo), Some(hi)) => DataValidationRule::Between(whole(lo, true), whole(hi, false)),
            (Some(lo), None) => DataValidationRule::GreaterThanOrEqualTo(whole(lo, true)),
            (None, Some(hi)) => DataValidationRule::LessThanOrEqualTo(whole(hi, false)),
            (None, None) => DataValidationRule::Between(i32::MIN, i32::MAX),
        };
        DataValidation::new().allow_whole_number(rule)
    } else {
        let rule = match (r.min, r.max) {
            (Some(lo), Some(hi)) => DataValidationRule::Between(lo, hi),
            (Some(lo), None) => DataValidationRule::GreaterThanOrEqualTo(lo),
            (None, Some(hi)) => DataValidationRule::LessThanOrEqualTo(hi),
            (None, None) => DataValidationRule::Between(-ANY, ANY),
        };
        DataValidation::new().allow_decimal_number(rule)
    };
    let style = if r.declared {
        DataValidationErrorStyle::Stop
    } else {
        DataValidationErrorStyle::Warning
    };
    Ok(v.set_input_title(fit(&f.name_zh, TITLE_MAX))?
        .set_input_message(message(&text::input_message(&f.unit, &r)))?
        .set_error_title("数值不符合要求 Invalid value")?
        .set_error_message(message(&text::error_message(&f.unit, &r)))?
        .set_error_style(style))
}

/// The periods a field asks for, with the round's years when known.
fn periods_text(t: &Template, f: &Field) -> String {
    f.periods
        .iter()
        .map(|&p| {
            let name = text::period(p);
            match t.round {
                Some((spec, _)) => format!("{} {} {}", year(spec, p), name.zh, name.en),
                None => format!("{} {}", name.zh, name.en),
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The column letters of a 0-based column.
fn column_name(c: usize) -> String {
    rust_xlsxwriter::utility::column_number_to_name(c as u16)
}

/// The instructions sheet: framework, round, how to fill, every field.
fn instructions_sheet(ws: &mut Worksheet, t: &Template, fm: &Formats) -> Result<()> {
    ws.set_name(INSTRUCTIONS_SHEET)?;
    let fw = t.framework;
    let mut r = 0u32;
    ws.write_string_with_format(r, 0, format!("{} 填报模板", fw.name_zh), &fm.title)?;
    r += 1;
    ws.write_string(r, 0, format!("{}: submission template", fw.name_en))?;
    r += 1;
    ws.write_string(
        r,
        0,
        format!("指标体系 framework: {} {}", fw.id, fw.version),
    )?;
    r += 1;
    if let Some((spec, registry)) = t.round {
        ws.write_string(
            r,
            0,
            format!(
                "轮次 round: {} / {} ({})",
                spec.name_zh, spec.name_en, spec.id
            ),
        )?;
        r += 1;
        let years: Vec<String> = Period::ALL
            .iter()
            .map(|&p| {
                let n = text::period(p);
                format!("{} {} {}", n.zh, n.en, year(spec, p))
            })
            .collect();
        ws.write_string(
            r,
            0,
            format!(
                "年份 years: {}；集群 clusters: {}",
                years.join("，"),
                registry.len()
            ),
        )?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "填写要求 How to fill", &fm.bold)?;
    r += 1;
    for (i, line) in text::instructions(t.round.is_some()).iter().enumerate() {
        ws.write_string(r, 0, format!("{}. {}", i + 1, line.zh))?;
        ws.write_string(r + 1, 0, format!("    {}", line.en))?;
        r += 2;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "数据项 Fields", &fm.bold)?;
    r += 1;
    let heads = [
        "列 column",
        "数据项编号 id",
        "中文名称 name_zh",
        "英文名称 name_en",
        "单位 unit",
        "类型 kind",
        "填报年份 periods",
        "允许范围 allowed range",
        "定义 definition",
        "表头 header",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &fm.header)?;
    }
    for (k, f) in fw.fields.iter().enumerate() {
        r += 1;
        let kind = text::kind(f.kind);
        let mut kind = format!("{} {}", kind.zh, kind.en);
        if f.derived.is_some() {
            kind.push_str("（可由企业名录核算 derived from the enterprise roster）");
        }
        let definition = match (f.definition_zh.is_empty(), f.definition_en.is_empty()) {
            (true, true) => "—".to_string(),
            (false, true) => f.definition_zh.clone(),
            (true, false) => f.definition_en.clone(),
            (false, false) => format!("{}\n{}", f.definition_zh, f.definition_en),
        };
        let unit = if f.unit.is_empty() { "—" } else { &f.unit };
        let cells = [
            column_name(KEY_COLUMNS + k),
            f.id.clone(),
            f.name_zh.clone(),
            f.name_en.clone(),
            unit.to_string(),
            kind,
            periods_text(t, f),
            text::range(&allowed(f)).both(),
            definition,
            field_header(f),
        ];
        for (c, s) in cells.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, s, &fm.wrap)?;
        }
    }
    for (c, w) in [8, 22, 28, 36, 12, 18, 30, 36, 48, 40].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.protect();
    Ok(())
}
