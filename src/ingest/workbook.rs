//! Reading one sheet of an XLSX workbook into its rows (a `table::Grid`),
//! with every size the file states checked before anything is allocated
//! from it, and every cell read as Excel shows it.
//!
//! A workbook is a zip archive of XML parts, and the numbers inside it (cell
//! references, the sheet's declared dimension, the count of shared strings,
//! the size the parts unpack to) are whatever its writer put there. So
//! before calamine parses a byte, every part is streamed once (`guard`):
//! every cell reference must lie within a sheet (A1 to XFD1048576), a
//! declared dimension too, and the shared strings and unpacked bytes stay
//! under a ceiling; the first problem is a located error and nothing more is
//! read. The sheet's part is then streamed once for what calamine does not
//! give (`facts`: hidden rows and columns, merged ranges, formulas without
//! a saved value), and cell by cell with calamine: its extent is where its
//! filled cells are (never its declared dimension; an empty, formatted cell
//! far away costs nothing), and the rows are built from the filled cells
//! under a cell budget. Each cell is read through its number format
//! (`cells`, `format`: a percent cell 0.085 is "8.5%", a date cell 45291 is
//! "2023-12-31"), ranges merged over rows fill their rows (`merges`), and a
//! reading on the row says how whenever the text is not what the file
//! stores. Hidden rows, columns and sheets are read, each reported in a
//! warning; a formula without a saved value is an error. Which row is the
//! header is for `layout` to find; what a cell means (a number, a year) is
//! for the readers of rounds.

mod cells;
mod facts;
mod format;
mod guard;
mod merges;
mod parts;

use super::reading::{column_letters, CellReading};
use super::table::{Grid, Row};
use crate::diag::{Diagnostic, Diagnostics};
use calamine::{Reader, SheetVisible, Xlsx};
use facts::SheetFacts;
use std::path::Path;

/// Rows of a sheet (Excel's limit): row 1 to 1,048,576.
pub const MAX_ROWS: u64 = 1_048_576;
/// Columns of a sheet (Excel's limit): A to XFD.
pub const MAX_COLUMNS: u64 = 16_384;
/// Cells of one sheet as read (each row from column A to its last filled
/// cell), and shared strings of a
/// workbook: far above any round (a full roster of a million enterprises
/// and a dozen columns holds about 12 million).
pub const MAX_CELLS: usize = 20_000_000;
/// Bytes the parts of a workbook may unpack to (a zip bomb stops here).
pub const MAX_UNPACKED: u64 = 1 << 30;

/// Read the rows of the sheet `sheet` (or the first) of the XLSX workbook
/// at `path`; `label` names the file in messages.
pub fn read(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Grid> {
    if let Err(d) = guard::guard(path, label) {
        diags.push(*d);
        return None;
    }
    let mut wb: Xlsx<_> = match calamine::open_workbook(path) {
        Ok(wb) => wb,
        Err(e) => {
            diags.push(Diagnostic::error(
                label,
                format!("cannot open workbook: {e}"),
            ));
            return None;
        }
    };
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let name = choose_sheet(&sheets, sheet, label, diags)?;
    let label = format!("{label}[{name}]");
    hidden_sheet(&wb, &name, sheet.is_none(), &label, diags);
    let facts = match facts::read(path, &name) {
        Ok(facts) => facts,
        Err(message) => {
            diags.push(Diagnostic::error(&label, message));
            return None;
        }
    };
    if let Some(d) = unreadable_cells(&facts, &label) {
        diags.push(d);
        return None;
    }
    let mut cells = match stream_cells(&mut wb, &name) {
        Ok(cells) => cells,
        Err(e) => {
            diags.push(e.locate(&label));
            return None;
        }
    };
    hidden_rows_and_columns(&facts, &cells, &label, diags);
    if !cells.is_sorted_by_key(|c| (c.row, c.col)) {
        cells.sort_by_key(|c| (c.row, c.col));
    }
    if let Err(message) = merges::fill(&mut cells, &facts.merges) {
        diags.push(Diagnostic::error(&label, message));
        return None;
    }
    match assemble(cells, &label) {
        Ok(mut grid) => {
            grid.merges = facts.merges.iter().map(merges::merge_of).collect();
            if sheet.is_none() {
                grid.other_sheets = sheets
                    .iter()
                    .filter(|(n, visible)| *visible && *n != name)
                    .map(|(n, _)| format!("{n:?}"))
                    .collect();
            }
            Some(grid)
        }
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

/// Every sheet of a workbook held in memory (an archived version of a
/// file), in the workbook's order, each read as `read` reads a sheet's
/// cells (as Excel shows them, numbers with their full value), after the
/// same guard. Ranges merged over rows are not filled: two versions of a
/// file are compared cell by cell as typed (`archive::cells`).
pub fn sheets_from_bytes(
    bytes: &[u8],
    label: &str,
) -> Result<Vec<(String, Grid)>, Box<Diagnostic>> {
    guard::guard_bytes(bytes, label)?;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Box::new(Diagnostic::error(
            label,
            format!("cannot open workbook: {e}"),
        ))
    })?;
    let names = wb.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let label = format!("{label}[{name}]");
        let cells = stream_cells(&mut wb, &name).map_err(|e| Box::new(e.locate(&label)))?;
        sheets.push((name, assemble(cells, &label)?));
    }
    Ok(sheets)
}

/// A warning when the sheet read is hidden in Excel.
fn hidden_sheet<R: std::io::Read + std::io::Seek>(
    wb: &Xlsx<R>,
    name: &str,
    first: bool,
    label: &str,
    diags: &mut Diagnostics,
) {
    let visible = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.visible);
    let (how, how_zh) = match visible {
        Some(SheetVisible::Hidden) => ("hidden", "已隐藏"),
        Some(SheetVisible::VeryHidden) => (
            "very hidden (it can only be shown with VBA)",
            "深度隐藏（只能用 VBA 显示）",
        ),
        _ => return,
    };
    let (why, why_zh) = if first {
        (
            "; every sheet of the workbook is hidden, so the first was read (name the sheet to read with `sheet` in round.toml)",
            "；工作簿的每个工作表都已隐藏，因此读取了第一个（请在 round.toml 中用 sheet 指定要读取的工作表）",
        )
    } else {
        ("; it was read", "；已读取")
    };
    diags.push(
        Diagnostic::warning(label, format!("the sheet {name:?} is {how} in Excel{why}"))
            .zh(format!("工作表 “{name}” 在 Excel 中{how_zh}{why_zh}"))
            .column("sheet"),
    );
}

/// The first formula without a saved value, or error value this tool
/// cannot read, as a located error: the cell's value is unknown.
fn unreadable_cells(facts: &SheetFacts, label: &str) -> Option<Diagnostic> {
    if let Some(&(row, col)) = facts.unsaved.first() {
        let more = match facts.unsaved_count - 1 {
            0 => String::new(),
            1 => " (1 more cell like it)".to_string(),
            n => format!(" ({n} more cells like it)"),
        };
        return Some(
            Diagnostic::error(
                label,
                format!(
                    "a formula without a saved value: the workbook was written by a program that did not calculate it, so the value Excel would show is unknown; open and save the workbook in Excel (or WPS){more}"
                ),
            )
            .row(row as usize + 1)
            .column(column_letters(col as usize)),
        );
    }
    let (row, col, value) = facts.unknown_errors.first()?;
    let meaning = crate::ingest::number::ExcelError::parse(value)
        .map(|e| e.expectation().to_string())
        .unwrap_or_else(|| {
            format!("{value} — an Excel error value: correct the formula or type the value")
        });
    Some(
        Diagnostic::error(label, meaning)
            .row(*row as usize + 1)
            .column(column_letters(*col as usize))
            .value(value.clone()),
    )
}

/// Rows and columns shown in a list of a warning before the rest is
/// counted.
const LISTED: usize = 20;

/// One warning for the hidden rows that hold a cell, one for the hidden
/// columns: they were read.
fn hidden_rows_and_columns(
    facts: &SheetFacts,
    cells: &[SheetCell],
    label: &str,
    diags: &mut Diagnostics,
) {
    let filled = cells.iter().filter(|c| !c.text.trim().is_empty());
    let mut rows: Vec<u32> = filled
        .clone()
        .map(|c| c.row)
        .filter(|&r| facts.row_hidden(r))
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let hidden_columns = facts.hidden_column_set();
    let mut cols: Vec<u32> = filled
        .map(|c| c.col)
        .filter(|&c| hidden_columns.get(c as usize) == Some(&true))
        .collect();
    cols.sort_unstable();
    cols.dedup();
    let list = |items: Vec<String>| {
        let n = items.len();
        let mut shown = items[..n.min(LISTED)].join(", ");
        if n > LISTED {
            shown.push_str(&format!(" and {} more", n - LISTED));
        }
        shown
    };
    let list_zh = |items: Vec<String>| {
        let n = items.len();
        let mut shown = items[..n.min(LISTED)].join("、");
        if n > LISTED {
            shown.push_str(&format!(" 及另外 {} 个", n - LISTED));
        }
        shown
    };
    if !rows.is_empty() {
        let (what, verb) = if rows.len() == 1 {
            ("row", "is")
        } else {
            ("rows", "are")
        };
        let names = list(rows.iter().map(|r| (r + 1).to_string()).collect());
        diags.push(
            Diagnostic::warning(
                label,
                format!("{what} {names} {verb} hidden in Excel; read as data like every other row (unhide them to check them, or delete the rows that are not data)"),
            )
            .zh(format!(
                "第 {} 行在 Excel 中已隐藏；已与其他行一样作为数据读取（请取消隐藏加以核对，或删除不是数据的行）",
                list_zh(rows.iter().map(|r| (r + 1).to_string()).collect())
            ))
            .row(rows[0] as usize + 1),
        );
    }
    if !cols.is_empty() {
        let (what, verb) = if cols.len() == 1 {
            ("column", "is")
        } else {
            ("columns", "are")
        };
        let names = list(cols.iter().map(|&c| column_letters(c as usize)).collect());
        diags.push(
            Diagnostic::warning(
                label,
                format!("{what} {names} {verb} hidden in Excel; read like every other column (unhide them to check them)"),
            )
            .zh(format!(
                "{} 列在 Excel 中已隐藏；已与其他列一样读取（请取消隐藏加以核对）",
                list_zh(cols.iter().map(|&c| column_letters(c as usize)).collect())
            ))
            .column(column_letters(cols[0] as usize)),
        );
    }
    if facts.rows_hidden_by_default {
        diags.push(
            Diagnostic::warning(
                label,
                "the sheet's rows are hidden unless shown (zero height); every row was read",
            )
            .zh("该工作表的行默认隐藏（行高为零）；已读取每一行"),
        );
    }
}

/// The sheet asked for, or the first.
fn choose_sheet(
    sheets: &[(String, bool)],
    sheet: Option<&str>,
    label: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let names = || {
        sheets
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match sheet {
        Some(s) if sheets.iter().any(|(n, _)| n == s) => Some(s.to_string()),
        Some(s) => {
            diags.push(
                Diagnostic::error(
                    label,
                    format!("no sheet named {s:?}; the workbook has: {}", names()),
                )
                .column("sheet"),
            );
            None
        }
        None => {
            let Some((first, _)) = sheets.first() else {
                diags.push(Diagnostic::error(label, "the workbook has no sheets"));
                return None;
            };
            // A hidden sheet before the first visible one (an old version,
            // the filled sheet hidden behind instructions): which one holds
            // the data the clerk means is unclear, so it must be named.
            let Some(k) = sheets.iter().position(|(_, visible)| *visible) else {
                return Some(first.clone());
            };
            let (name, _) = &sheets[k];
            if k > 0 {
                let hidden: Vec<String> =
                    sheets[..k].iter().map(|(n, _)| format!("{n:?}")).collect();
                diags.push(
                    Diagnostic::error(
                        label,
                        format!(
                            "the first sheet {} is hidden in Excel and the first visible sheet is {name:?}: which one holds the data is unclear; name it with `sheet` in round.toml ({{ file = ..., sheet = \"...\" }})",
                            hidden.join(", ")
                        ),
                    )
                    .column("sheet"),
                );
                return None;
            }
            Some(name.clone())
        }
    }
}

/// A problem found while streaming a sheet, before its label is known.
struct SheetError {
    row: Option<u64>,
    message: String,
}

impl SheetError {
    fn locate(self, label: &str) -> Diagnostic {
        let d = Diagnostic::error(label, self.message);
        match self.row.and_then(|r| usize::try_from(r).ok()) {
            Some(row) => d.row(row),
            None => d,
        }
    }
}

/// A filled cell of a sheet: 0-based row and column, its text as Excel
/// shows it, and how it was read when that is not as stored.
pub(super) struct SheetCell {
    row: u32,
    col: u32,
    text: String,
    reading: Option<Box<CellReading>>,
}

/// Stream the sheet's cells; keep the filled ones, under the limits.
fn stream_cells<R: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
    name: &str,
) -> Result<Vec<SheetCell>, SheetError> {
    let cannot = |e: calamine::XlsxError| SheetError {
        row: None,
        message: format!("cannot read the sheet: {e}"),
    };
    let is_1904 = wb.has_1904_epoch();
    let mut reader = wb.worksheet_cells_reader(name).map_err(cannot)?;
    let formats: Vec<String> = reader
        .styles()
        .iter()
        .map(|s| cells::format_code(Some(s)))
        .collect();
    let mut out = Vec::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(cannot)? {
        let (row, col) = cell.get_position();
        // A cell without a reference takes the place after the previous
        // one: a long run of them can pass the last column or row.
        if u64::from(row) >= MAX_ROWS || u64::from(col) >= MAX_COLUMNS {
            return Err(SheetError {
                row: None,
                message: format!(
                    "a cell at row {}, column {} is beyond XFD{MAX_ROWS}, the last cell of a sheet",
                    u64::from(row) + 1,
                    u64::from(col) + 1
                ),
            });
        }
        let format = formats.get(style).map_or("General", String::as_str);
        let (text, reading) = cells::read_cell(cell.get_value(), format, is_1904, col);
        if text.is_empty() {
            continue;
        }
        if out.len() >= MAX_CELLS {
            return Err(SheetError {
                row: Some(u64::from(row) + 1),
                message: format!(
                    "the sheet has more than {MAX_CELLS} filled cells, the most this tool reads from a sheet"
                ),
            });
        }
        out.push(SheetCell {
            row,
            col,
            text,
            reading,
        });
    }
    Ok(out)
}

/// The rows with a visible cell, from the filled cells (in any order; a
/// cell given twice keeps its last value, as a spreadsheet would show it).
/// Each row spans column A to its last filled cell; which row is the
/// header is for `layout` to find.
fn assemble(mut cells: Vec<SheetCell>, label: &str) -> Result<Grid, Box<Diagnostic>> {
    // Spreadsheet programs write cells in order; only others pay the sort.
    if !cells.is_sorted_by_key(|c| (c.row, c.col)) {
        cells.sort_by_key(|c| (c.row, c.col));
    }
    type Filled = Vec<(u32, String, Option<Box<CellReading>>)>;
    let mut lines: Vec<(u32, Filled)> = Vec::new();
    for SheetCell {
        row: r,
        col: c,
        text,
        reading,
    } in cells
    {
        match lines.last_mut() {
            Some((row, cells)) if *row == r => match cells.last_mut() {
                Some((col, old, old_reading)) if *col == c => {
                    *old = text;
                    *old_reading = reading;
                }
                _ => cells.push((c, text, reading)),
            },
            _ => lines.push((r, vec![(c, text, reading)])),
        }
    }
    // Rows without a visible cell are skipped. The cells the rows will
    // hold are counted before any row is allocated.
    lines.retain(|(_, filled)| filled.iter().any(|(_, t, _)| !t.trim().is_empty()));
    let width = |filled: &Filled| filled.last().map_or(0, |&(c, _, _)| c as usize + 1);
    let mut total = 0usize;
    for (r, filled) in &lines {
        total += width(filled);
        if total > MAX_CELLS {
            return Err(Box::new(
                Diagnostic::error(
                    label,
                    format!(
                        "the sheet spans more than {MAX_CELLS} cells (each row from column A to its last filled cell), the most this tool reads from a sheet"
                    ),
                )
                .row(*r as usize + 1),
            ));
        }
    }
    let rows = lines
        .into_iter()
        .map(|(r, filled)| {
            let mut dense = vec![String::new(); width(&filled)];
            let mut readings = Vec::new();
            for (c, text, reading) in filled {
                dense[c as usize] = text;
                readings.extend(reading.map(|r| *r));
            }
            Row {
                line: r as usize + 1,
                cells: dense,
                readings,
            }
        })
        .collect();
    Ok(Grid {
        file: label.to_string(),
        rows,
        csv: false,
        open_quote: None,
        merges: Vec::new(),
        other_sheets: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_whose_value_is_unknown_are_located() {
        let facts = SheetFacts {
            unknown_errors: vec![(4, 2, "#SPILL!".into())],
            ..Default::default()
        };
        assert_eq!(
            unreadable_cells(&facts, "b.xlsx[S]").map(|d| d.to_string()),
            Some("error: b.xlsx[S], row 5, column C, value \"#SPILL!\": #SPILL! — the cell's formula failed in Excel (its results do not fit): correct the formula or type the value".into())
        );
        let facts = SheetFacts {
            unknown_errors: vec![(4, 2, "#BUSY!".into())],
            ..Default::default()
        };
        assert_eq!(
            unreadable_cells(&facts, "b.xlsx[S]").map(|d| d.to_string()),
            Some("error: b.xlsx[S], row 5, column C, value \"#BUSY!\": #BUSY! — an Excel error value: correct the formula or type the value".into())
        );
        let facts = SheetFacts {
            unsaved: vec![(0, 27)],
            unsaved_count: 3,
            ..facts
        };
        assert_eq!(
            unreadable_cells(&facts, "b.xlsx[S]").map(|d| d.to_string()),
            Some("error: b.xlsx[S], row 1, column AB: a formula without a saved value: the workbook was written by a program that did not calculate it, so the value Excel would show is unknown; open and save the workbook in Excel (or WPS) (2 more cells like it)".into())
        );
        assert!(unreadable_cells(&SheetFacts::default(), "b.xlsx[S]").is_none());
    }
}
