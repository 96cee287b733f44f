//! Reading a spreadsheet file (CSV or XLSX) into rows of text cells.
//!
//! CSV may be UTF-8 with or without a BOM, UTF-16 with a BOM, or GBK /
//! GB18030 as saved by Excel on Chinese Windows; an encoding other than
//! UTF-8 is named in a warning, and a file that is none of these is refused
//! at the row and column of the first byte that cannot be read. CSV is read
//! strictly: every row must have the header's number of cells, and a quote
//! left open at the end is an error (see `csv_text`). XLSX is read by
//! `workbook` (the first sheet, or a named one), which checks the file's
//! sizes before reading; other workbook formats are refused. Both give a
//! `Grid`, the rows that are not blank; `build` turns it into a `Table`
//! with the layout `layout::find` gives it (the header found below title
//! rows, a units row applied to the header, totals, notes and signatures
//! set aside with their reason), reporting each kind of row set aside in
//! one warning. Every row keeps the number a spreadsheet shows for it, so
//! later stages can locate problems. Two columns with the same header are
//! an error in either format. This module does not interpret cells.

mod report;

use super::csv_text::{self, OpenQuote};
use super::layout::{self, Pins, Role};
use super::reading::{CellReading, Merge};
use super::Rejection;
use crate::diag::{Diagnostic, Diagnostics};
use report::{apply_units, report_set_aside};
use std::path::Path;

/// One row of a file.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based row number as a spreadsheet shows it.
    pub line: usize,
    pub cells: Vec<String>,
    /// How the cells whose text is not what the file stores were read (a
    /// percent or date format, a merged range ...), by column; empty for
    /// CSV.
    pub readings: Vec<CellReading>,
}

impl Row {
    /// How the cell in column `col` was read, when not as stored.
    pub fn reading(&self, col: usize) -> Option<&CellReading> {
        self.readings.iter().find(|r| r.column == col)
    }

    /// Whether the cell in column `col` is a copy of the first cell of a
    /// range merged over rows (not typed in this row).
    pub fn is_merged_copy(&self, col: usize) -> bool {
        self.reading(col)
            .is_some_and(|r| matches!(r.how, super::reading::How::Merged { .. }))
    }

    /// Remove column `col` (its cell and reading; the columns after it
    /// move left).
    pub fn remove_column(&mut self, col: usize) {
        if col < self.cells.len() {
            self.cells.remove(col);
        }
        self.readings.retain(|r| r.column != col);
        for r in &mut self.readings {
            if r.column > col {
                r.column -= 1;
            }
        }
    }
}

impl Row {
    pub fn new(line: usize, cells: Vec<String>) -> Row {
        Row {
            line,
            cells,
            readings: Vec::new(),
        }
    }
}

/// A file read as a header row and records.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it (for messages).
    pub file: String,
    pub headers: Vec<String>,
    /// The records, in order.
    pub rows: Vec<Row>,
    /// The header's row as a spreadsheet numbers it (1 unless title rows
    /// are above it).
    pub header_row: usize,
    /// Rows read that are not the header and not records (title rows,
    /// the units row, totals, notes, signatures), with the reason.
    pub set_aside: Vec<Rejection>,
    /// The merged ranges of a workbook sheet (none for CSV). A range that
    /// spans rows has its first cell's value in every row of the table it
    /// covers (`Row::readings` says so); a range that spans columns does
    /// not (a number is never copied into several fields).
    pub merges: Vec<Merge>,
}

impl Table {
    /// Remove column `col`: its header, its cells and readings, and its
    /// place in merged ranges (the columns after it move left).
    pub fn remove_column(&mut self, col: usize) {
        if col < self.headers.len() {
            self.headers.remove(col);
        }
        for row in &mut self.rows {
            row.remove_column(col);
        }
        self.merges.retain_mut(|m| {
            if m.first_column > col {
                m.first_column -= 1;
                m.last_column -= 1;
            } else if m.last_column >= col {
                if m.first_column == m.last_column {
                    return false;
                }
                m.last_column -= 1;
            }
            true
        });
    }

    /// Copy column `col` to a new last column headed `header` (its cells
    /// and how they were read): one column serving two roles. Returns the
    /// new column's index.
    pub fn copy_column(&mut self, col: usize, header: String) -> usize {
        let at = self.headers.len();
        self.headers.push(header);
        for row in &mut self.rows {
            row.cells.resize(at, String::new());
            let cell = row.cells.get(col).cloned().unwrap_or_default();
            row.cells.push(cell);
            if let Some(mut r) = row.reading(col).cloned() {
                r.column = at;
                row.readings.push(r);
            }
        }
        at
    }

    /// An error when a row has non-empty cells beyond the header.
    pub fn check_width(&self, row: &Row) -> Option<Diagnostic> {
        let extra = row.cells.get(self.headers.len()..)?;
        extra.iter().any(|c| !c.trim().is_empty()).then(|| {
            Diagnostic::error(
                &self.file,
                format!(
                    "row has {} cells but the header has {} columns",
                    row.cells.len(),
                    self.headers.len()
                ),
            )
            .row(row.line)
        })
    }

    /// The cell of `row` in column `col`, empty if the row is short.
    pub fn cell<'a>(&self, row: &'a Row, col: usize) -> &'a str {
        row.cells.get(col).map(|s| s.as_str()).unwrap_or("")
    }
}

/// A file's rows as read, before its layout is known: every row that is
/// not blank, in order.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as the user named it (for messages).
    pub file: String,
    pub rows: Vec<Row>,
    /// Read from CSV: every record must have the header's number of cells.
    pub csv: bool,
    /// CSV: a quoted cell left open at the end of the file.
    pub open_quote: Option<OpenQuote>,
    /// The merged ranges of a workbook sheet (none for CSV).
    pub merges: Vec<Merge>,
    /// The workbook's other visible sheets, when none was named (none for
    /// CSV): named when no header is found.
    pub other_sheets: Vec<String>,
}

/// Read a CSV or XLSX file with the first row as the header and every
/// other row a record. `label` names the file in messages.
pub fn read(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Table> {
    read_as(
        path,
        label,
        sheet,
        &Role::default(),
        &Pins::default(),
        diags,
    )
}

/// Read a CSV or XLSX file of `role`, its layout found (`layout::find`)
/// or pinned by `pins`.
pub fn read_as(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    role: &Role,
    pins: &Pins,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let grid = read_grid(path, label, sheet, diags)?;
    build(grid, role, pins, diags)
}

/// Read the rows of a CSV or XLSX file.
pub fn read_grid(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Grid> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => super::workbook::read(path, label, sheet, diags),
        "xls" | "xlsb" | "ods" => {
            diags.push(Diagnostic::error(
                label,
                format!("a .{ext} workbook is not read: save the sheet as .xlsx (or CSV)"),
            ));
            None
        }
        _ => read_csv(path, label, diags),
    }
}

/// The table of a grid: header, units row and records as its layout has
/// them (see `layout`). Rows set aside are kept, with their reason, in
/// `set_aside`, and reported in one warning per kind; CSV records must
/// have the header's number of cells (a longer one is reported and cut).
pub fn build(grid: Grid, role: &Role, pins: &Pins, diags: &mut Diagnostics) -> Option<Table> {
    let file = grid.file.as_str();
    if grid.rows.is_empty() {
        if let Some(open) = grid.open_quote {
            diags.push(open_quote(file, &[], open));
        }
        let what = if grid.csv { "file" } else { "sheet" };
        diags.push(Diagnostic::error(
            file,
            format!("the {what} is empty: expected a header row"),
        ));
        return None;
    }
    let layout = match layout::find(&grid.rows, role, pins, file) {
        Ok(l) => l,
        Err(mut d) => {
            // The header may be on another sheet of the workbook (an
            // instructions sheet first).
            if !grid.other_sheets.is_empty() {
                d.message.push_str(&format!(
                    "; the workbook's other sheets: {}: if one of them holds the data, name it with `sheet` in round.toml",
                    grid.other_sheets.join(", ")
                ));
            }
            diags.push(*d);
            if let Some(open) = grid.open_quote {
                diags.push(open_quote(file, &[], open));
            }
            return None;
        }
    };
    let header_row = grid.rows[layout.header].line;
    let mut headers: Vec<String> = grid.rows[layout.header]
        .cells
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let applied = match &layout.units {
        Some(u) => apply_units(&mut headers, u, &grid.rows[u.row], role, file, diags),
        None => Vec::new(),
    };
    if role.table_unit_matters {
        for (i, cell) in &layout.table_units {
            diags.push(
                Diagnostic::error(
                    file,
                    "this row states a unit for the whole table, which is not applied to any column: write the unit in the header of each column it applies to (营业收入(万元)), or in a units row under the header",
                )
                .row(grid.rows[*i].line)
                .value(cell.clone()),
            );
        }
    }
    cells_fit_a_spreadsheet(&grid.rows, &headers, header_row, file, diags);
    duplicate_headers(&headers, file, header_row, diags);
    report_set_aside(&grid.rows, &layout, &applied, file, diags);
    let set_aside = layout
        .set_aside
        .iter()
        .map(|&(i, kind)| Rejection {
            file: file.to_string(),
            row: grid.rows[i].line,
            reason: kind.reason().to_string(),
            content: grid.rows[i].cells.join(","),
        })
        .collect();
    let records = layout.records(grid.rows.len());
    let Grid {
        file,
        rows,
        csv,
        open_quote: open,
        merges,
        other_sheets: _,
    } = grid;
    let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    let mut widths = Widths::new(&file, headers.len());
    let mut kept = Vec::with_capacity(records.len());
    for i in records {
        let Some(mut row) = rows[i].take() else {
            continue;
        };
        if csv && row.cells.len() != headers.len() {
            widths.push(diags, row.line, row.cells.len());
            row.cells.truncate(headers.len());
        }
        kept.push(row);
    }
    widths.finish(diags);
    if let Some(open) = open {
        diags.push(open_quote(&file, &headers, open));
    }
    Some(Table {
        file,
        headers,
        rows: kept,
        header_row,
        set_aside,
        merges,
    })
}
/// The most characters a spreadsheet cell holds (Excel's limit): a longer
/// cell was not typed in a spreadsheet, and could not be written back into
/// the workbook report.
pub const MAX_CELL_CHARS: usize = 32_767;

/// An error for every cell longer than a spreadsheet cell (records or not:
/// a row set aside is written to rejections.csv).
fn cells_fit_a_spreadsheet(
    rows: &[Row],
    headers: &[String],
    header_row: usize,
    file: &str,
    diags: &mut Diagnostics,
) {
    let cells = rows
        .iter()
        .flat_map(|r| r.cells.iter().enumerate().map(move |(c, x)| (r.line, c, x)));
    for (line, col, cell) in cells {
        let n = cell.chars().count();
        if n > MAX_CELL_CHARS {
            let start: String = cell.chars().take(20).collect();
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "a cell of {n} characters: a spreadsheet cell holds at most {MAX_CELL_CHARS}"
                    ),
                )
                .row(line)
                .column(match headers.get(col) {
                    Some(h) if line > header_row && !h.trim().is_empty() => h.clone(),
                    _ => (col + 1).to_string(),
                })
                .value(format!("{start}…")),
            );
        }
    }
}

/// An error for every header that names a column already named (blank
/// headers aside): which column is meant would be a guess.
pub fn duplicate_headers(headers: &[String], label: &str, row: usize, diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for (c, h) in headers.iter().enumerate() {
        let h = h.trim();
        if h.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(h) {
            diags.push(
                Diagnostic::error(
                    label,
                    format!(
                        "duplicate column name: columns {} and {} are both headed {h:?}; every column needs its own name",
                        first + 1,
                        c + 1
                    ),
                )
                .row(row)
                .column(h),
            );
        } else {
            seen.insert(h, c);
        }
    }
}

fn read_csv(path: &Path, label: &str, diags: &mut Diagnostics) -> Option<Grid> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(label, format!("cannot read file: {e}")));
            return None;
        }
    };
    let text = match csv_text::decode(&bytes) {
        Ok((text, None)) => text,
        Ok((text, Some(enc))) => {
            diags.push(Diagnostic::warning(
                label,
                format!("encoding: the file is not UTF-8; it was read as {enc}. Save it as UTF-8 to be sure of the characters"),
            ).zh(format!("编码：文件不是 UTF-8，已按 {enc} 读取。请另存为 UTF-8 以确保字符无误")));
            text
        }
        Err(e) => {
            let at = csv_text::place(&e.prefix);
            let message = e.message(at.character);
            diags.push(
                Diagnostic::error(label, message)
                    .row(at.row)
                    .column(at.column),
            );
            return None;
        }
    };
    Some(parse_csv_text(&text, label))
}

/// Split CSV text (already decoded) into its rows that are not blank,
/// each numbered as a spreadsheet shows it.
pub fn parse_csv_text(text: &str, label: &str) -> Grid {
    let (records, open) = csv_text::records(text);
    let rows = records
        .into_iter()
        .filter(|(_, cells)| !cells.iter().all(|c| c.trim().is_empty()))
        .map(|(line, cells)| Row::new(line, cells))
        .collect();
    Grid {
        file: label.to_string(),
        rows,
        csv: true,
        open_quote: open,
        merges: Vec::new(),
        other_sheets: Vec::new(),
    }
}

/// The error for a quoted cell still open at the end of a file.
pub fn open_quote(label: &str, headers: &[String], open: OpenQuote) -> Diagnostic {
    let column = headers
        .get(open.cell)
        .filter(|h| !h.is_empty())
        .cloned()
        .unwrap_or_else(|| format!("{}", open.cell + 1));
    Diagnostic::error(
        label,
        format!(
            "unterminated quote: the quoted cell that starts here never closes, so the rest of the file ({} bytes) would be one cell; the file may be cut short, or a quote inside a cell is not doubled (\"\")",
            open.bytes
        ),
    )
    .row(open.row)
    .column(column)
}

/// Errors shown per file for rows whose number of cells is not the
/// header's, before they are summarised.
pub const WIDTHS_SHOWN: usize = 20;

/// Rows whose number of cells differs from the header's, reported located
/// (the first `WIDTHS_SHOWN`) and counted.
pub struct Widths<'a> {
    label: &'a str,
    expected: usize,
    shown: usize,
    more: usize,
}

impl<'a> Widths<'a> {
    pub fn new(label: &'a str, expected: usize) -> Self {
        Widths {
            label,
            expected,
            shown: 0,
            more: 0,
        }
    }

    pub fn push(&mut self, diags: &mut Diagnostics, row: usize, found: usize) {
        if self.shown == WIDTHS_SHOWN {
            self.more += 1;
            return;
        }
        self.shown += 1;
        let why = if found < self.expected {
            "a cell is missing, or the row is cut short"
        } else {
            "a cell holds an unquoted comma, or there is a cell beyond the last column"
        };
        diags.push(
            Diagnostic::error(
                self.label,
                format!(
                    "row has {found} cells but the header has {} columns: {why}",
                    self.expected
                ),
            )
            .row(row),
        );
    }

    /// Rows beyond those shown, counted elsewhere.
    pub fn also(&mut self, more: usize) {
        self.more += more;
    }

    pub fn finish(self, diags: &mut Diagnostics) {
        if self.more > 0 {
            diags.push(Diagnostic::error(
                self.label,
                format!(
                    "... and {} more rows whose number of cells is not the header's {}",
                    self.more, self.expected
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_column_takes_its_readings_and_merge_places() {
        use crate::ingest::reading::How;
        let reading = |column: usize, how: How| CellReading {
            column,
            stored: "0.5".into(),
            format: "0%".into(),
            how,
        };
        let merged = How::Merged {
            range: "A2:A3".into(),
            from: "A2".into(),
        };
        let merge = |first_column, last_column| Merge {
            first_line: 2,
            last_line: 3,
            first_column,
            last_column,
        };
        let mut t = Table {
            file: "t.xlsx".into(),
            headers: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![Row {
                line: 2,
                cells: vec!["x".into(), "50%".into(), "50%".into()],
                readings: vec![
                    reading(0, merged),
                    reading(1, How::Percent),
                    reading(2, How::Percent),
                ],
            }],
            header_row: 1,
            set_aside: Vec::new(),
            merges: vec![merge(0, 0), merge(1, 1), merge(1, 2), merge(2, 2)],
        };
        assert!(t.rows[0].is_merged_copy(0) && !t.rows[0].is_merged_copy(1));
        t.remove_column(1);
        assert_eq!(t.headers, vec!["a", "c"]);
        assert_eq!(t.rows[0].cells, vec!["x", "50%"]);
        let columns: Vec<usize> = t.rows[0].readings.iter().map(|r| r.column).collect();
        assert_eq!(columns, vec![0, 1]);
        assert_eq!(t.merges, vec![merge(0, 0), merge(1, 1), merge(1, 1)]);
    }

    #[test]
    fn rows_keep_spreadsheet_numbers() {
        let mut d = Diagnostics::default();
        let grid = parse_csv_text("a,b\n1,2\n\n3,\"x\ny\"\n5,6\n", "t.csv");
        let t = build(grid, &Role::default(), &Pins::default(), &mut d).unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
    }
}
