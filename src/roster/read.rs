//! Reading roster files into polars frames of the columns used.
//!
//! A CSV is first streamed through the engine's tokenizer, which holds no
//! more than a buffer: every row must have the header's number of cells, a
//! quote left open at the end is an error, and the pass finds out whether
//! the file is plain (UTF-8, one line per row, LF or CRLF line ends, no
//! blank line among the rows). A plain CSV is then scanned lazily by
//! polars, projecting only the columns the framework's derived fields (and
//! the audit) need, with numeric columns typed as Float64; its rows are its
//! lines, so the row numbers are right. When polars cannot type a numeric
//! column (thousands separators, full-width digits, "—" for no data, a bad
//! cell) or types a cell as NaN or infinity, the file is read again as text
//! and every cell parsed by the engine's own number reader, so a bad cell
//! is reported with its row and what it said. Any other CSV (GBK, UTF-16,
//! CR line ends, cells with line breaks, blank lines among the rows) and
//! XLSX go through the shared spreadsheet reader and end up in the same
//! frame. Every frame carries `__line`, the row as a spreadsheet numbers
//! it. A roster with no data row is an error.

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::derive::{ColumnKind, RosterColumn};
use crate::ingest::csv_text::{Scanner, Sink};
use crate::ingest::number::{parse_cell, Cell, NumberError};
use crate::ingest::{header_matches, table};
use polars::prelude::*;
use std::path::Path;

/// The row-number column every frame carries.
pub const LINE: &str = "__line";

/// A column of a file mapped to a roster column.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub header: String,
    pub id: String,
    pub kind: ColumnKind,
}

/// Match a file's headers to roster columns. Returns the mapping and
/// reports a column matched twice.
pub fn map_headers(
    headers: &[String],
    columns: &[RosterColumn],
    label: &str,
    diags: &mut Diagnostics,
) -> Vec<Mapped> {
    let mut out: Vec<Mapped> = Vec::new();
    for h in headers {
        let found = columns.iter().find(|c| {
            let mut names: Vec<&str> = vec![&c.id, &c.name_zh, &c.name_en];
            names.extend(c.aliases.iter().map(|a| a.as_str()));
            header_matches(h, &names)
        });
        if let Some(c) = found {
            if let Some(prev) = out.iter().find(|m| m.id == c.id) {
                // Identical headers are reported by `table::duplicate_headers`.
                if prev.header.trim() == h.trim() {
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        label,
                        format!(
                            "two columns are read as roster column {}: {:?} and {:?}",
                            c.id, prev.header, h
                        ),
                    )
                    .row(1)
                    .column(h.clone()),
                );
                continue;
            }
            out.push(Mapped {
                header: h.clone(),
                id: c.id.clone(),
                kind: c.kind,
            });
        }
    }
    out
}

/// What a streaming pass over a CSV roster found (see `plain_csv`).
#[derive(Default)]
struct Shape {
    /// The header's cells (the first record).
    headers: Vec<String>,
    cell: Vec<u8>,
    records: usize,
    /// Row of the last record with content.
    last_row: usize,
    /// A record with content that is not on the line after the previous
    /// one (a blank line or row among the rows): polars' row numbers would
    /// be wrong.
    gaps: bool,
    /// The first rows whose number of cells is not the header's: (row,
    /// cells), and how many more there are.
    widths: Vec<(usize, usize)>,
    more_widths: usize,
    /// Characters of the cell being read, and whether a cell was longer
    /// than a spreadsheet cell holds (then the spreadsheet reader reports
    /// it, located).
    cell_chars: usize,
    long_cell: bool,
}

impl Sink for Shape {
    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        // Characters, not bytes: a UTF-8 continuation byte starts none.
        self.cell_chars += bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        if self.records == 0 {
            self.cell.extend_from_slice(bytes);
        }
    }

    fn end_cell(&mut self) {
        if std::mem::take(&mut self.cell_chars) > table::MAX_CELL_CHARS {
            self.long_cell = true;
        }
        if self.records == 0 {
            let cell = std::mem::take(&mut self.cell);
            self.headers
                .push(String::from_utf8_lossy(&cell).into_owned());
        }
    }

    fn end_record(&mut self, row: usize, cells: usize, content: bool) {
        self.records += 1;
        if !content {
            return;
        }
        if row != self.last_row + 1 {
            self.gaps = true;
        }
        if self.records > 1 && cells != self.headers.len() {
            if self.widths.len() < table::WIDTHS_SHOWN {
                self.widths.push((row, cells));
            } else {
                self.more_widths += 1;
            }
        }
        self.last_row = row;
    }
}

/// A plain CSV roster (see the module header), checked row by row without
/// holding it: its header and the row of its last row with content, or
/// `None` when the file must go through the spreadsheet reader. The
/// problems of a plain file are reported here.
fn plain_csv(
    path: &Path,
    label: &str,
    diags: &mut Diagnostics,
) -> std::io::Result<Option<(Vec<String>, usize)>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut scanner = Scanner::default();
    let mut shape = Shape::default();
    let mut buf = vec![0u8; 1 << 20];
    // Bytes of a UTF-8 character split between two reads.
    let mut carry = 0usize;
    let mut first = true;
    loop {
        let n = file.read(&mut buf[carry..])?;
        if n == 0 {
            if carry > 0 {
                return Ok(None);
            }
            break;
        }
        let filled = carry + n;
        let valid = match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => filled,
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(None),
        };
        let mut piece = &buf[..valid];
        if first {
            piece = piece.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(piece);
            first = false;
        }
        scanner.feed(piece, &mut shape);
        if scanner.multiline || scanner.lone_cr || shape.gaps || shape.long_cell {
            return Ok(None);
        }
        buf.copy_within(valid..filled, 0);
        carry = filled - valid;
    }
    let open = scanner.finish(&mut shape);
    if scanner.lone_cr || shape.gaps || shape.long_cell || shape.records == 0 {
        return Ok(None);
    }
    let mut widths = table::Widths::new(label, shape.headers.len());
    for &(row, cells) in &shape.widths {
        widths.push(diags, row, cells);
    }
    widths.also(shape.more_widths);
    widths.finish(diags);
    if let Some(open) = open {
        diags.push(table::open_quote(label, &shape.headers, open));
    }
    Ok(Some((shape.headers, shape.last_row)))
}

/// Scan a plain CSV with polars: the mapped columns, renamed to their ids,
/// numbers typed when `typed` (else every column as text), the rows up to
/// `last_row` (blank rows after it left out).
pub fn scan_csv(
    path: &Path,
    mapped: &[Mapped],
    typed: bool,
    last_row: usize,
) -> PolarsResult<DataFrame> {
    let mut overwrite = Schema::default();
    for m in mapped {
        let dtype = if typed && m.kind == ColumnKind::Number {
            DataType::Float64
        } else {
            DataType::String
        };
        overwrite.with_column(m.header.as_str().into(), dtype);
    }
    let mut select = vec![col(LINE)];
    select.extend(
        mapped
            .iter()
            .map(|m| col(m.header.as_str()).alias(m.id.as_str())),
    );
    LazyCsvReader::new(PlRefPath::new(path.to_string_lossy().as_ref()))
        .with_infer_schema_length(Some(0))
        .with_dtype_overwrite(Some(Arc::new(overwrite)))
        .finish()?
        .with_row_index(LINE, Some(2))
        .filter(col(LINE).lt_eq(lit(last_row as u64)))
        .select(select)
        .collect()
}

/// A file read by the spreadsheet reader (XLSX, GBK CSV) as a text frame.
pub fn frame_from_table(t: &table::Table, mapped: &[Mapped]) -> PolarsResult<DataFrame> {
    let lines: Vec<u64> = t.rows.iter().map(|r| r.line as u64).collect();
    let mut columns = vec![Column::new(LINE.into(), lines)];
    for m in mapped {
        let c = t.headers.iter().position(|h| *h == m.header).unwrap_or(0);
        let cells: Vec<Option<String>> = t
            .rows
            .iter()
            .map(|r| {
                let s = t.cell(r, c).trim();
                (!s.is_empty()).then(|| s.to_string())
            })
            .collect();
        columns.push(Column::new(m.id.as_str().into(), cells));
    }
    DataFrame::new(t.rows.len(), columns)
}

/// Read one roster file into a frame of the mapped columns.
pub fn read_file(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    columns: &[RosterColumn],
    wanted: &[&str],
    diags: &mut Diagnostics,
) -> Option<(DataFrame, Vec<Mapped>)> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let plain = if is_csv {
        let errors = diags.error_count();
        match plain_csv(path, label, diags) {
            Ok(Some((headers, _))) if diags.error_count() > errors => {
                table::duplicate_headers(&headers, label, 1, diags);
                return None;
            }
            Ok(plain) => plain,
            Err(e) => {
                diags.push(Diagnostic::error(
                    label,
                    format!("cannot read the roster: {e}"),
                ));
                return None;
            }
        }
    } else {
        None
    };
    let polars_error = |e: PolarsError, diags: &mut Diagnostics| {
        diags.push(Diagnostic::error(
            label,
            format!("cannot read the roster as CSV: {e}"),
        ));
    };
    let (df, mapped) = if let Some((headers, last_row)) = plain {
        let errors = diags.error_count();
        table::duplicate_headers(&headers, label, 1, diags);
        if diags.error_count() > errors {
            return None;
        }
        let mapped: Vec<Mapped> = map_headers(&headers, columns, label, diags)
            .into_iter()
            .filter(|m| wanted.contains(&m.id.as_str()))
            .collect();
        // A numeric column polars could not type, or typed as NaN or
        // infinity ("NaN", "inf", "1e400"): read text, parse ourselves, so
        // every such cell is an error with what it said.
        let typed = scan_csv(path, &mapped, true, last_row)
            .ok()
            .filter(|df| all_finite(df, &mapped));
        let df = match typed {
            Some(df) => df,
            None => match scan_csv(path, &mapped, false, last_row) {
                Ok(df) => df,
                Err(e) => {
                    polars_error(e, diags);
                    return None;
                }
            },
        };
        (df, mapped)
    } else {
        let t = table::read(path, label, sheet, diags)?;
        let mapped: Vec<Mapped> = map_headers(&t.headers, columns, label, diags)
            .into_iter()
            .filter(|m| wanted.contains(&m.id.as_str()))
            .collect();
        match frame_from_table(&t, &mapped) {
            Ok(df) => (df, mapped),
            Err(e) => {
                polars_error(e, diags);
                return None;
            }
        }
    };
    if df.height() == 0 {
        diags.push(
            Diagnostic::error(
                label,
                "no data row: the roster has only its header; it lists one enterprise per row",
            )
            .row(2),
        );
        return None;
    }
    Some((df, mapped))
}

/// Every number of the numeric columns is finite (or blank).
fn all_finite(df: &DataFrame, mapped: &[Mapped]) -> bool {
    mapped
        .iter()
        .filter(|m| m.kind == ColumnKind::Number)
        .all(|m| {
            df.column(&m.id)
                .ok()
                .and_then(|c| c.f64().ok())
                .is_none_or(|ca| ca.iter().flatten().all(f64::is_finite))
        })
}

/// Caps the number of located errors of one kind in one file, so a bad
/// 5-million-row roster does not print 5 million lines.
pub struct Limited<'a> {
    pub label: &'a str,
    pub column: String,
    pub shown: usize,
    pub more: usize,
}

/// Errors shown per file and column before they are summarised.
pub const SHOWN: usize = 20;

impl<'a> Limited<'a> {
    pub fn new(label: &'a str, column: &str) -> Self {
        Limited {
            label,
            column: column.to_string(),
            shown: 0,
            more: 0,
        }
    }

    pub fn push(&mut self, diags: &mut Diagnostics, line: u64, value: &str, message: String) {
        if self.shown < SHOWN {
            diags.push(
                Diagnostic::error(self.label, message)
                    .row(line as usize)
                    .column(self.column.clone())
                    .value(value.to_string()),
            );
            self.shown += 1;
        } else {
            self.more += 1;
        }
    }

    pub fn finish(self, diags: &mut Diagnostics) {
        if self.more > 0 {
            diags.push(
                Diagnostic::error(
                    self.label,
                    format!(
                        "... and {} more rows with a problem in this column",
                        self.more
                    ),
                )
                .column(self.column),
            );
        }
    }
}

/// The `__line` column as numbers.
pub fn lines(df: &DataFrame) -> Vec<u64> {
    match df.column(LINE).and_then(|c| c.cast(&DataType::UInt64)) {
        Ok(c) => c
            .u64()
            .map(|ca| ca.iter().map(|x| x.unwrap_or(0)).collect())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// A numeric column as f64 (NaN = blank), parsing text where needed and
/// reporting cells that are not numbers or are negative.
pub fn numbers(
    df: &DataFrame,
    id: &str,
    header: &str,
    label: &str,
    lines: &[u64],
    diags: &mut Diagnostics,
) -> Vec<f64> {
    let Ok(column) = df.column(id) else {
        return vec![f64::NAN; df.height()];
    };
    let mut errors = Limited::new(label, header);
    let mut out = Vec::with_capacity(df.height());
    if let Ok(ca) = column.f64() {
        for (k, x) in ca.iter().enumerate() {
            out.push(match x {
                None => f64::NAN,
                Some(x) if x.is_finite() => x,
                // `read_file` reads such a file as text; this is a backstop.
                Some(x) => {
                    let message = NumberError::NotFinite.expectation().to_string();
                    errors.push(diags, lines[k], &format!("{x}"), message);
                    f64::NAN
                }
            });
        }
    } else if let Ok(ca) = column.str() {
        for (k, cell) in ca.iter().enumerate() {
            let raw = cell.unwrap_or("");
            out.push(match parse_cell(raw) {
                Ok(Cell::Missing) => f64::NAN,
                Ok(Cell::Number {
                    value,
                    percent: false,
                }) => value,
                Ok(Cell::Number { percent: true, .. }) => {
                    errors.push(
                        diags,
                        lines[k],
                        raw,
                        "a percentage where an amount or count was expected".into(),
                    );
                    f64::NAN
                }
                Err(e) => {
                    errors.push(diags, lines[k], raw, e.expectation().to_string());
                    f64::NAN
                }
            });
        }
    }
    for (k, &x) in out.iter().enumerate() {
        if x < 0.0 {
            errors.push(
                diags,
                lines[k],
                &x.to_string(),
                "expected a number >= 0".into(),
            );
        }
    }
    errors.finish(diags);
    out
}

/// Read a yes/no cell: 是/否, 1/0, Y/N, yes/no, true/false, √/×; blank = no.
pub fn flag(cell: &str) -> Option<bool> {
    // The common cells first, without allocating.
    match cell {
        "是" | "1" | "Y" => return Some(true),
        "否" | "0" | "N" | "" => return Some(false),
        _ => {}
    }
    let c = cell.trim();
    if c.is_empty() {
        return Some(false);
    }
    let lower = c.to_ascii_lowercase();
    match lower.as_str() {
        "1" | "1.0" | "是" | "y" | "yes" | "true" | "t" | "√" | "✓" | "✔" | "有" => {
            Some(true)
        }
        "0" | "0.0" | "否" | "n" | "no" | "false" | "f" | "×" | "✗" | "无" | "-" | "—" => {
            Some(false)
        }
        _ => None,
    }
}

/// A flag column as booleans, reporting cells that are not yes/no.
pub fn flags(
    df: &DataFrame,
    id: &str,
    header: &str,
    label: &str,
    lines: &[u64],
    diags: &mut Diagnostics,
) -> Vec<bool> {
    let Ok(ca) = df.column(id).and_then(|c| c.str().cloned()) else {
        return vec![false; df.height()];
    };
    let mut errors = Limited::new(label, header);
    let out = ca
        .iter()
        .enumerate()
        .map(|(k, cell)| {
            let raw = cell.unwrap_or("");
            flag(raw).unwrap_or_else(|| {
                errors.push(
                    diags,
                    lines[k],
                    raw,
                    "expected yes or no (是/否, 1/0, Y/N, true/false; blank = no)".into(),
                );
                false
            })
        })
        .collect();
    errors.finish(diags);
    out
}

/// A text column as polars holds it (all null when the file lacks it).
pub fn strings(df: &DataFrame, id: &str) -> StringChunked {
    match df.column(id).and_then(|c| c.str().cloned()) {
        Ok(ca) => ca,
        Err(_) => StringChunked::full_null(id.into(), df.height()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_cells() {
        for yes in ["是", "1", "Y", "yes", "TRUE", "√"] {
            assert_eq!(flag(yes), Some(true), "{yes}");
        }
        for no in ["", "否", "0", "n", "False", "×"] {
            assert_eq!(flag(no), Some(false), "{no}");
        }
        assert_eq!(flag("maybe"), None);
    }
}
