//! report.xlsx: the data tables as Excel sheets (rust_xlsxwriter), laid
//! out for an office that filters, reads and prints them.
//!
//! Each sheet is written from the same `Table` as its CSV file, so the two
//! cannot disagree: headers in Chinese with the column's id beside
//! ("排名 rank"), number cells as numbers holding the number the CSV file
//! shows (full precision, or the published precision of a score the
//! process rounds), text cells as text. Text from outside is neutralised
//! exactly as in the CSV files, and is always written as a string, never
//! as a formula.
//!
//! How a number looks is chosen by what its column measures (`Measure`,
//! declared with the column, never guessed from the values): counts
//! "#,##0", ranks and row numbers "0", fractions "0.0%", scores at the
//! framework's display decimals (or the process's), amounts "#,##0.00",
//! p-values "0.000", indices "0.0000"; numbers of mixed units keep Excel's
//! General format.
//!
//! Every sheet: a frozen header row (and id columns), an autofilter on the
//! header, column widths from the text they hold (a Chinese character
//! counts two units; a long text column is capped and wraps), and a print
//! setup: A4 landscape, fitted to one page wide, the header row repeated
//! on every page, the round's name and the sheet's in the page header and
//! "第 &P 页 共 &N 页" ("Page &P of &N") in the footer. The workbook's
//! creation date is fixed so that the same round gives the same bytes.

use super::csv_out::cell_text;
use super::msg::{Lang, Measure, SheetText};
use super::number::fixed;
use super::table::{Cell, Column, Digits, Kind, Table};
use super::text_width::columns;
use crate::diag::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// A sheet: its name and how many leading columns stay in view.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    pub name: super::msg::Msg,
    pub frozen: u16,
}

/// What every sheet of a workbook shares: the round's name (page header
/// and document title), the language of the page footer, and the display
/// decimals of the framework's scores.
#[derive(Debug, Clone, Copy)]
pub struct Book<'a> {
    pub title: &'a str,
    pub lang: Lang,
    pub decimals: u32,
}

/// A4 in Excel's paper codes.
const A4: u8 = 9;
/// The widest a text column gets (units of one digit); longer text wraps.
const TEXT_CAP: f64 = 40.0;
/// The narrowest column.
const MIN_WIDTH: f64 = 6.0;

/// The workbook of the given sheets, in order.
pub fn workbook(book: Book, sheets: &[(Sheet, &Table)]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(book.title)
            .set_author("cluster-eval")
            .set_creation_datetime(&created),
    );
    for (sheet, table) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name.both())?;
        write_sheet(ws, table, sheet.frozen, book.decimals)?;
        print_setup(ws, table, &book)?;
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

/// The decimals a score column shows: the framework's display decimals,
/// or fewer when the table fixes fewer (a process publishes its stage
/// scores rounded; the totals are kept at the framework's rounding, more
/// digits than a reader needs).
fn score_decimals(kind: Kind, decimals: u32) -> u32 {
    match kind {
        Kind::Number(Digits::Fixed(d)) | Kind::Percent(d) => d.min(decimals),
        _ => decimals,
    }
}

/// The Excel number format of a column (None: General).
pub(super) fn num_format(col: &Column, decimals: u32) -> Option<String> {
    let places = |d: u32| {
        if d == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(d.min(15) as usize))
        }
    };
    Some(match col.measure {
        Measure::General if col.kind == Kind::Integer => "0".into(),
        Measure::General => return None,
        Measure::Count => "#,##0".into(),
        Measure::Ordinal => "0".into(),
        Measure::Fraction => "0.0%".into(),
        Measure::Score => places(score_decimals(col.kind, decimals)),
        Measure::Amount => "#,##0.00".into(),
        Measure::PValue => "0.000".into(),
        Measure::Index => "0.0000".into(),
    })
}

/// About how many digits wide a number looks in its column's format.
fn shown_width(x: f64, col: &Column, decimals: u32) -> f64 {
    let grouped = |s: String| {
        let digits = s
            .trim_start_matches('-')
            .split('.')
            .next()
            .map_or(0, str::len);
        s.len() as f64 + (digits.saturating_sub(1) / 3) as f64
    };
    match col.measure {
        Measure::General if col.kind != Kind::Integer => {
            (col.kind.number(x).len() as f64).min(12.0)
        }
        Measure::General | Measure::Ordinal => fixed(x, 0).len() as f64,
        Measure::Count => grouped(fixed(x, 0)),
        Measure::Fraction => fixed(x * 100.0, 1).len() as f64 + 1.0,
        Measure::Score => fixed(x, score_decimals(col.kind, decimals)).len() as f64,
        Measure::Amount => grouped(fixed(x, 2)),
        Measure::PValue => fixed(x, 3).len() as f64,
        Measure::Index => fixed(x, 4).len() as f64,
    }
}

fn write_sheet(ws: &mut Worksheet, t: &Table, frozen_cols: u16, decimals: u32) -> Result<()> {
    let bold = Format::new().set_bold().set_text_wrap();
    let formats: Vec<Format> = t
        .columns
        .iter()
        .map(|col| match num_format(col, decimals) {
            Some(f) => Format::new().set_num_format(f),
            None => Format::new(),
        })
        .collect();
    // A header wraps at its space: as wide as its wider half.
    let mut widths: Vec<f64> = t
        .columns
        .iter()
        .map(|col| columns(&col.zh).max(columns(&col.id)) + 1.0)
        .collect();
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, header(col), &bold)?;
    }
    for (r, cells) in t.rows.iter().enumerate() {
        let row = (r + 1) as u32;
        for (c, (cell, col)) in cells.iter().zip(&t.columns).enumerate() {
            let width = match number(cell, col.kind) {
                Some(x) => {
                    ws.write_number_with_format(row, c as u16, x, &formats[c])?;
                    shown_width(x, col, decimals)
                }
                None => {
                    let text = cell_text(cell, col.kind);
                    if !text.is_empty() {
                        ws.write_string(row, c as u16, &text)?;
                    }
                    columns(&text)
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = w.max(width);
            }
        }
    }
    let wrap = Format::new().set_text_wrap();
    for (c, w) in widths.iter().enumerate() {
        let width = (w + 2.0).max(MIN_WIDTH);
        if width > TEXT_CAP {
            // Long text: capped, and wrapped within the column.
            ws.set_column_width(c as u16, TEXT_CAP)?;
            ws.set_column_format(c as u16, &wrap)?;
        } else {
            ws.set_column_width(c as u16, width)?;
        }
    }
    ws.set_freeze_panes(1, frozen_cols)?;
    Ok(())
}

/// Filter and print settings of a sheet.
fn print_setup(ws: &mut Worksheet, t: &Table, book: &Book) -> Result<()> {
    if !t.columns.is_empty() {
        let last_col = (t.columns.len() - 1) as u16;
        ws.autofilter(0, 0, t.rows.len() as u32, last_col)?;
    }
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_gridlines(true);
    ws.set_header(page_header(book.title));
    ws.set_footer(SheetText::PageOfPages.text(book.lang));
    Ok(())
}

/// The page header: the round's name at the left, the sheet's at the
/// right (`&A`). An ampersand in the name is doubled (Excel's escape), and
/// the name is shortened to keep the header under Excel's 255 characters.
fn page_header(title: &str) -> String {
    let name: String = title
        .chars()
        .take(120)
        .collect::<String>()
        .replace('&', "&&");
    format!("&L{name}&R&A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::msg::Col;

    #[test]
    fn number_formats_follow_the_declared_measure() {
        let f = |c: Col, k: Kind| num_format(&Column::data(c, k), 2);
        let exact = Kind::Number(Digits::Exact);
        assert_eq!(f(Col::Rank, Kind::Integer).as_deref(), Some("0"));
        assert_eq!(f(Col::Listed, exact).as_deref(), Some("#,##0"));
        assert_eq!(f(Col::PSelected, exact).as_deref(), Some("0.0%"));
        assert_eq!(f(Col::Total, exact).as_deref(), Some("0.00"));
        // A table that fixes its decimals shows no more than the display
        // decimals (totals kept at 6), and its own when fewer.
        assert_eq!(
            f(Col::Total, Kind::Number(Digits::Fixed(6))).as_deref(),
            Some("0.00")
        );
        assert_eq!(
            f(Col::Total, Kind::Number(Digits::Fixed(1))).as_deref(),
            Some("0.0")
        );
        assert_eq!(f(Col::Declared, exact).as_deref(), Some("#,##0.00"));
        assert_eq!(f(Col::PValue, exact).as_deref(), Some("0.000"));
        assert_eq!(f(Col::Value, exact), None);
        assert_eq!(
            num_format(&Column::data(Col::Total, exact), 0).as_deref(),
            Some("0")
        );
    }

    #[test]
    fn widths_count_chinese_twice_and_group_thousands() {
        let count = Column::data(Col::Listed, Kind::Number(Digits::Exact));
        // "1,800": 5 characters.
        assert_eq!(shown_width(1800.0, &count, 2), 5.0);
        assert_eq!(shown_width(1_234_567.0, &count, 2), 9.0);
        let share = Column::data(Col::PSelected, Kind::Number(Digits::Exact));
        // "45.4%".
        assert_eq!(shown_width(0.4537, &share, 2), 5.0);
        assert_eq!(page_header("A&B"), "&LA&&B&R&A");
    }
}
