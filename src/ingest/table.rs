//! Reading a spreadsheet file (CSV or XLSX) into rows of text cells.
//!
//! CSV may be UTF-8 with or without a BOM, or GBK / GB18030 as saved by Excel
//! on Chinese Windows; the encoding used is reported as a note. XLSX is read
//! by `workbook` (the first sheet, or a named one), which checks the file's
//! sizes before reading; other workbook formats are refused. Every row keeps the
//! number a spreadsheet shows for it, so later stages can locate problems.
//! This module does not interpret cells.

use crate::diag::{Diagnostic, Diagnostics};
use std::path::Path;

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based row number as a spreadsheet shows it (the header is row 1).
    pub line: usize,
    pub cells: Vec<String>,
}

/// A file read as a header row and data rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it (for messages).
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
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

/// Decode CSV bytes: UTF-8 (BOM stripped) or GB18030 (a superset of GBK).
/// Returns the text and, when it was not UTF-8, the name of the encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                Err("the file is neither UTF-8 nor GBK/GB18030 text".into())
            } else {
                Ok((text.into_owned(), Some("GB18030 (GBK)")))
            }
        }
    }
}

/// Read a CSV or XLSX file. `label` names the file in messages.
pub fn read(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Table> {
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

fn read_csv(path: &Path, label: &str, diags: &mut Diagnostics) -> Option<Table> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(label, format!("cannot read file: {e}")));
            return None;
        }
    };
    let text = match decode(&bytes) {
        Ok((text, None)) => text,
        Ok((text, Some(enc))) => {
            diags.push(Diagnostic::warning(
                label,
                format!("encoding: the file is not UTF-8; it was read as {enc}. Save it as UTF-8 to be sure of the characters"),
            ));
            text
        }
        Err(msg) => {
            diags.push(Diagnostic::error(label, msg));
            return None;
        }
    };
    parse_csv_text(&text, label, diags)
}

/// Parse CSV text (already decoded).
pub fn parse_csv_text(text: &str, label: &str, diags: &mut Diagnostics) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // A spreadsheet shows a cell with line breaks as one row: count the
    // breaks inside earlier records so row numbers match what Excel shows.
    let mut embedded_breaks = 0usize;
    let mut lines = LineCounter::default();
    for (i, rec) in reader.records().enumerate() {
        let line = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position().map(|p| lines.line(text, p.byte() as usize)))
            .unwrap_or(i + 1)
            - embedded_breaks;
        match rec {
            Ok(r) => {
                let cells: Vec<String> = r.iter().map(|c| c.to_string()).collect();
                embedded_breaks += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if headers.is_none() {
                    headers = Some(cells.iter().map(|c| c.trim().to_string()).collect());
                } else {
                    rows.push(Row { line, cells });
                }
            }
            Err(e) => {
                let row = e
                    .position()
                    .map(|p| physical_line(text, p.byte() as usize))
                    .unwrap_or(i + 1);
                diags.push(Diagnostic::error(label, format!("cannot read CSV: {e}")).row(row));
            }
        }
    }
    match headers {
        Some(headers) => Some(Table {
            file: label.to_string(),
            headers,
            rows,
        }),
        None => {
            diags.push(Diagnostic::error(
                label,
                "the file is empty: expected a header row",
            ));
            None
        }
    }
}

/// 1-based line of a byte offset.
/// The csv reader's record position may point at blank lines before the
/// record; skip them.
fn physical_line(text: &str, byte: usize) -> usize {
    LineCounter::default().line(text, byte)
}

/// Physical line numbers of increasing byte offsets, counted once (a
/// count from the start for every record would be quadratic).
#[derive(Default)]
struct LineCounter {
    at: usize,
    newlines: usize,
}

impl LineCounter {
    fn line(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        let mut at = byte.min(bytes.len());
        while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
            at += 1;
        }
        if at < self.at {
            *self = LineCounter::default();
        }
        self.newlines += bytes[self.at..at].iter().filter(|&&b| b == b'\n').count();
        self.at = at;
        1 + self.newlines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        let (t, enc) = decode(b"\xEF\xBB\xBFa,b").unwrap();
        assert_eq!((t.as_str(), enc), ("a,b", None));
        // "集群" in GBK is BC AF C8 BA.
        let (t, enc) = decode(b"\xBC\xAF\xC8\xBA").unwrap();
        assert_eq!(t, "集群");
        assert_eq!(enc, Some("GB18030 (GBK)"));
    }

    #[test]
    fn rows_keep_spreadsheet_numbers() {
        let mut d = Diagnostics::default();
        let t = parse_csv_text("a,b\n1,2\n\n3,\"x\ny\"\n5,6\n", "t.csv", &mut d).unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
    }
}
