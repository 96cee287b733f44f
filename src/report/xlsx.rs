//! report.xlsx: the data tables as Excel sheets (rust_xlsxwriter).
//!
//! Each sheet is written from the same `Table` as its CSV file, so the two
//! cannot disagree: headers in Chinese with the column's id beside
//! ("排名 rank"), a frozen header row (and id columns), number cells as
//! numbers with a display format ("0" for whole-number columns, "0.00"
//! otherwise) holding the number the CSV file shows, text cells as text.
//! Text from outside is neutralised exactly as in the CSV files, and is
//! always written as a string, never as a formula. The workbook's creation
//! date is fixed so that the same round gives the same bytes.

use super::csv_out::cell_text;
use super::table::{Cell, Column, Kind, Table};
use crate::diag::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// A sheet: its name and how many leading columns stay in view.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    pub name: super::msg::Msg,
    pub frozen: u16,
}

/// The workbook of the given sheets, in order.
pub fn workbook(title: &str, sheets: &[(Sheet, &Table)]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("cluster-eval")
            .set_creation_datetime(&created),
    );
    for (sheet, table) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name.both())?;
        write_sheet(ws, table, sheet.frozen)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The header of a column: "中文 id", or the id alone.
fn header(c: &Column) -> String {
    if c.zh.is_empty() {
        c.id.to_string()
    } else {
        format!("{} {}", c.zh, c.id)
    }
}

/// The number a cell holds as its CSV text shows it (None: not a finite
/// number, or a text cell).
fn number(cell: &Cell, kind: Kind) -> Option<f64> {
    if !kind.is_numeric() {
        return None;
    }
    match cell {
        Cell::Int(i) => Some(*i as f64),
        Cell::Num(x) => kind.number(*x).parse::<f64>().ok(),
        _ => None,
    }
    .filter(|x| x.is_finite())
}

fn write_sheet(ws: &mut Worksheet, t: &Table, frozen_cols: u16) -> Result<()> {
    let bold = Format::new().set_bold().set_text_wrap();
    let two = Format::new().set_num_format("0.00");
    let int = Format::new().set_num_format("0");
    let mut widths: Vec<usize> = Vec::new();
    for (c, col) in t.columns.iter().enumerate() {
        let label = header(col);
        widths.push(label.chars().count().min(40));
        ws.write_string_with_format(0, c as u16, &label, &bold)?;
    }
    for (r, cells) in t.rows.iter().enumerate() {
        let row = (r + 1) as u32;
        for (c, (cell, col)) in cells.iter().zip(&t.columns).enumerate() {
            let text = cell_text(cell, col.kind);
            match number(cell, col.kind) {
                Some(x) => {
                    let format = if col.kind == Kind::Integer {
                        &int
                    } else {
                        &two
                    };
                    ws.write_number_with_format(row, c as u16, x, format)?;
                }
                None if !text.is_empty() => {
                    ws.write_string(row, c as u16, &text)?;
                }
                None => {}
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(text.chars().count().min(60));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 * 1.3 + 2.0).clamp(6.0, 70.0))?;
    }
    ws.set_freeze_panes(1, frozen_cols)?;
    Ok(())
}
