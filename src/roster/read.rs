//! Reading roster files into polars frames of the columns used.
//!
//! A UTF-8 CSV is scanned lazily by polars, projecting only the columns the
//! framework's derived fields (and the audit) need, with numeric columns
//! typed as Float64. When polars cannot type a numeric column (thousands
//! separators, full-width digits, "—" for no data, or a bad cell) the file is
//! read again as text and every cell parsed by the engine's own number
//! reader, so a bad cell is reported with its row. XLSX files and GBK CSV go
//! through the shared spreadsheet reader and end up in the same frame.
//! Every frame carries `__line`, the row as a spreadsheet numbers it.

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::derive::{ColumnKind, RosterColumn};
use crate::ingest::number::{parse_cell, Cell};
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

/// The header row of a CSV file, if it is UTF-8 (BOM allowed).
pub fn csv_headers(path: &Path) -> std::io::Result<Option<Vec<String>>> {
    use std::io::BufRead;
    let file = std::fs::File::open(path)?;
    let mut first = Vec::new();
    std::io::BufReader::new(file).read_until(b'\n', &mut first)?;
    let first = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&first);
    let Ok(text) = std::str::from_utf8(first) else {
        return Ok(None);
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    Ok(reader
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(|s| s.to_string()).collect()))
}

/// Scan a UTF-8 CSV with polars: the mapped columns, renamed to their ids,
/// numbers typed when `typed` (else every column as text).
pub fn scan_csv(path: &Path, mapped: &[Mapped], typed: bool) -> PolarsResult<DataFrame> {
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
    let utf8_headers = if is_csv {
        match csv_headers(path) {
            Ok(h) => h,
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
    if let Some(headers) = utf8_headers {
        let mapped: Vec<Mapped> = map_headers(&headers, columns, label, diags)
            .into_iter()
            .filter(|m| wanted.contains(&m.id.as_str()))
            .collect();
        let df = match scan_csv(path, &mapped, true) {
            Ok(df) => df,
            // A numeric column polars could not type: read text, parse ourselves.
            Err(_) => match scan_csv(path, &mapped, false) {
                Ok(df) => df,
                Err(e) => {
                    polars_error(e, diags);
                    return None;
                }
            },
        };
        return Some((df, mapped));
    }
    let t = table::read(path, label, sheet, diags)?;
    let mapped: Vec<Mapped> = map_headers(&t.headers, columns, label, diags)
        .into_iter()
        .filter(|m| wanted.contains(&m.id.as_str()))
        .collect();
    match frame_from_table(&t, &mapped) {
        Ok(df) => Some((df, mapped)),
        Err(e) => {
            polars_error(e, diags);
            None
        }
    }
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
        out.extend(ca.iter().map(|x| x.unwrap_or(f64::NAN)));
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
        if x < 0.0 || x.is_infinite() {
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
