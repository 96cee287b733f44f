//! Reading one sheet of an XLSX workbook into its rows (a `table::Grid`),
//! with every size the file states checked before anything is allocated
//! from it.
//!
//! A workbook is a zip archive of XML parts, and the numbers inside it (cell
//! references, the sheet's declared dimension, the count of shared strings,
//! the size the parts unpack to) are whatever its writer put there. So
//! before calamine parses a byte, every part is streamed once (`guard`):
//! every cell reference must lie within a sheet (A1 to XFD1048576), a
//! declared dimension too, and the shared strings and unpacked bytes stay
//! under a ceiling; the first problem is a located error and nothing more is
//! read. The sheet is then streamed cell by cell: its extent is where its
//! filled cells are (never its declared dimension; an empty, formatted cell
//! far away costs nothing), and the rows are built from the filled cells
//! under a cell budget. This module reads cells as text; it does not
//! interpret them.

mod guard;

use super::table::{Grid, Row};
use crate::diag::{Diagnostic, Diagnostics};
use calamine::{Data, Reader, Xlsx};
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
    let name = choose_sheet(&wb.sheet_names(), sheet, label, diags)?;
    let label = format!("{label}[{name}]");
    let cells = match stream_cells(&mut wb, &name) {
        Ok(cells) => cells,
        Err(e) => {
            diags.push(e.locate(&label));
            return None;
        }
    };
    match assemble(cells, &label) {
        Ok(grid) => Some(grid),
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

/// The sheet asked for, or the first.
fn choose_sheet(
    names: &[String],
    sheet: Option<&str>,
    label: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    match sheet {
        Some(s) if names.iter().any(|n| n == s) => Some(s.to_string()),
        Some(s) => {
            diags.push(
                Diagnostic::error(
                    label,
                    format!(
                        "no sheet named {s:?}; the workbook has: {}",
                        names.join(", ")
                    ),
                )
                .column("sheet"),
            );
            None
        }
        None => {
            let first = names.first().cloned();
            if first.is_none() {
                diags.push(Diagnostic::error(label, "the workbook has no sheets"));
            }
            first
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

/// The filled cells of a sheet: (0-based row, 0-based column, text).
type Cells = Vec<(u32, u32, String)>;

/// Stream the sheet's cells; keep the filled ones, under the limits.
fn stream_cells<R: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
    name: &str,
) -> Result<Cells, SheetError> {
    let cannot = |e: calamine::XlsxError| SheetError {
        row: None,
        message: format!("cannot read the sheet: {e}"),
    };
    let mut reader = wb.worksheet_cells_reader(name).map_err(cannot)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(cannot)? {
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
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if cells.len() >= MAX_CELLS {
            return Err(SheetError {
                row: Some(u64::from(row) + 1),
                message: format!(
                    "the sheet has more than {MAX_CELLS} filled cells, the most this tool reads from a sheet"
                ),
            });
        }
        cells.push((row, col, text));
    }
    Ok(cells)
}

/// The rows with a visible cell, from the filled cells (in any order; a
/// cell given twice keeps its last value, as a spreadsheet would show it).
/// Each row spans column A to its last filled cell; which row is the
/// header is for `layout` to find.
fn assemble(mut cells: Cells, label: &str) -> Result<Grid, Box<Diagnostic>> {
    // Spreadsheet programs write cells in order; only others pay the sort.
    if !cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
        cells.sort_by_key(|&(r, c, _)| (r, c));
    }
    let mut lines: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
    for (r, c, text) in cells {
        match lines.last_mut() {
            Some((row, cells)) if *row == r => match cells.last_mut() {
                Some((col, old)) if *col == c => *old = text,
                _ => cells.push((c, text)),
            },
            _ => lines.push((r, vec![(c, text)])),
        }
    }
    // Rows without a visible cell are skipped. The cells the rows will
    // hold are counted before any row is allocated.
    lines.retain(|(_, filled)| filled.iter().any(|(_, t)| !t.trim().is_empty()));
    let width = |filled: &[(u32, String)]| filled.last().map_or(0, |&(c, _)| c as usize + 1);
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
            for (c, text) in filled {
                dense[c as usize] = text;
            }
            Row::new(r as usize + 1, dense)
        })
        .collect();
    Ok(Grid {
        file: label.to_string(),
        rows,
        csv: false,
        open_quote: None,
    })
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
        #[allow(unreachable_patterns)]
        _ => String::new(),
    }
}
