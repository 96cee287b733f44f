//! Reading roster files: headers matched to roster columns, then every
//! row checked and counted as it is read.
//!
//! A CSV is read in chunks, in parallel (`chunks`), when it is plain:
//! UTF-8, one line per row, LF or CRLF line ends, no blank line among the
//! rows, no cell longer than a spreadsheet cell. Its header is read first;
//! only the columns the framework's derived fields (and the audit) use are
//! copied out of each record, and every row is checked (`rows`) as its
//! chunk is scanned, so a bad cell is located by file, row and column in
//! the same pass. Every row must have the header's number of cells, and a
//! quote left open at the end is an error. Any other CSV (GBK, UTF-16, CR
//! line ends, cells with line breaks, blank lines among the rows) and XLSX
//! go through the shared spreadsheet reader and its rows through the same
//! checks. A file read keeps a `Locator`, to fetch a few rows again by
//! number (the names of enterprises listed twice). A roster with no data
//! row is an error.

use super::chunks::{self, BlockAt, Blocks, Scanned};
use super::rows::{Checker, Found, Plan, Values};
use super::Source;
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::derive::{ColumnKind, RosterColumn};
use crate::ingest::csv_text::{Scanner, Sink};
use crate::ingest::ids::IdColumn;
use crate::ingest::{header_matches, table, Registry};
use rayon::prelude::*;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

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

/// What reading one roster file found.
pub struct FileRead<'a> {
    pub mapped: Vec<Mapped>,
    pub found: Found,
    /// The cluster column's ids, read against the registry (until
    /// reported).
    pub ids: Option<IdColumn<'a>>,
    pub locator: Locator,
}

/// How to fetch rows of a file again by their number.
pub enum Locator {
    /// A plain CSV: its blocks, and the slot of each cell of a record.
    Plain {
        path: PathBuf,
        blocks: Vec<BlockAt>,
        slot_of_cell: Vec<Option<usize>>,
        width: usize,
    },
    /// A file read whole by the spreadsheet reader: its table, and the
    /// column of each slot.
    Table {
        table: table::Table,
        columns: Vec<Option<usize>>,
    },
}

/// One row's cells by slot, fetched again.
pub type RowText = Vec<String>;

impl Locator {
    /// The cells by slot of the rows `lines` (sorted) of the file.
    pub fn fetch(
        &self,
        checker: &Checker,
        lines: &[usize],
    ) -> std::io::Result<Vec<(usize, RowText)>> {
        match self {
            Locator::Table { table, columns } => Ok(lines
                .iter()
                .filter_map(|&l| {
                    let k = table.rows.binary_search_by_key(&l, |r| r.line).ok()?;
                    Some((l, table_cells(table, &table.rows[k], columns)))
                })
                .collect()),
            Locator::Plain {
                path,
                blocks,
                slot_of_cell,
                width,
            } => {
                let mut by_block: Vec<(usize, Vec<usize>)> = Vec::new();
                for &l in lines {
                    let b = blocks.partition_point(|b| b.base < l).saturating_sub(1);
                    match by_block.last_mut() {
                        Some((k, ls)) if *k == b => ls.push(l - blocks[b].base),
                        _ => by_block.push((b, vec![l - blocks[b].base])),
                    }
                }
                // The blocks are scanned again on the thread pool, a
                // batch of blocks per thread at a time (bounded memory),
                // their rows kept in file order.
                use rayon::prelude::*;
                let mut out = Vec::new();
                let batch = 2 * rayon::current_num_threads().max(1);
                for group in by_block.chunks(batch) {
                    let found = group
                        .par_iter()
                        .map(|(b, local)| -> std::io::Result<Vec<(usize, RowText)>> {
                            let at = blocks[*b];
                            let mut bytes = vec![0u8; at.len];
                            let mut file = std::fs::File::open(path)?;
                            file.seek(SeekFrom::Start(at.offset))?;
                            file.read_exact(&mut bytes)?;
                            let (_, kept) = chunks::scan(
                                checker,
                                slot_of_cell,
                                *width,
                                0,
                                (at.offset, &bytes),
                                Some(local),
                            );
                            Ok(kept
                                .into_iter()
                                .map(|(r, cells)| (r + at.base, cells))
                                .collect())
                        })
                        .collect::<Vec<_>>();
                    for rows in found {
                        out.extend(rows?);
                    }
                }
                Ok(out)
            }
        }
    }
}

fn table_cells(t: &table::Table, row: &table::Row, columns: &[Option<usize>]) -> RowText {
    columns
        .iter()
        .map(|c| {
            c.map(|c| t.cell(row, c).trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// The header of a plain CSV: its cells and the bytes it takes (with a
/// BOM), and the bytes read after it; `None` when the file is not plain.
/// A plain CSV's header: its cells, the bytes it takes, the bytes read
/// after it.
type Header = (Vec<String>, u64, Vec<u8>);

fn read_header(file: &mut std::fs::File) -> std::io::Result<Option<Header>> {
    #[derive(Default)]
    struct Cells {
        cells: Vec<String>,
        cell: Vec<u8>,
        records: usize,
        row: usize,
        content: bool,
    }
    impl Sink for Cells {
        fn bytes(&mut self, bytes: &[u8]) {
            self.cell.extend_from_slice(bytes);
        }
        fn end_cell(&mut self) {
            let cell = std::mem::take(&mut self.cell);
            self.cells.push(String::from_utf8_lossy(&cell).into_owned());
        }
        fn end_record(&mut self, row: usize, _: usize, content: bool) {
            self.records += 1;
            self.row = row;
            self.content = content;
        }
    }
    let mut buf = Vec::new();
    let nl = loop {
        let start = buf.len();
        let n = file.by_ref().take(1 << 16).read_to_end(&mut buf)?;
        if let Some(p) = buf[start..].iter().position(|&b| b == b'\n') {
            break start + p;
        }
        if n == 0 {
            // One line and no line end: read by the spreadsheet reader.
            return Ok(None);
        }
    };
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let line = &buf[bom..=nl];
    if std::str::from_utf8(line).is_err() {
        return Ok(None);
    }
    let mut scanner = Scanner::default();
    let mut cells = Cells::default();
    scanner.feed(line, &mut cells);
    let long = cells
        .cells
        .iter()
        .any(|c| c.chars().count() > table::MAX_CELL_CHARS);
    if scanner.multiline
        || scanner.lone_cr
        || long
        || cells.records != 1
        || cells.row != 1
        || !cells.content
    {
        return Ok(None);
    }
    let rest = buf[nl + 1..].to_vec();
    Ok(Some((cells.cells, (nl + 1) as u64, rest)))
}

/// Blocks checked at a time (per thread of the pool, twice).
fn batch_size() -> usize {
    2 * rayon::current_num_threads().max(1)
}

/// Read a plain CSV roster (see the module header); `None` inside when it
/// is not plain. The problems of a plain file are reported here.
fn read_plain<'a>(
    source: &Source,
    file_index: u32,
    plan: &Plan,
    registry: &'a Registry,
    columns: &[RosterColumn],
    wanted: &[&str],
    diags: &mut Diagnostics,
) -> std::io::Result<Option<Option<FileRead<'a>>>> {
    let label = source.label.as_str();
    let mut file = std::fs::File::open(&source.path)?;
    let Some((headers, start, rest)) = read_header(&mut file)? else {
        return Ok(None);
    };
    let mut mapping = Diagnostics::default();
    let mapped: Vec<Mapped> = map_headers(&headers, columns, label, &mut mapping)
        .into_iter()
        .filter(|m| wanted.contains(&m.id.as_str()))
        .collect();
    let slot_of_cell: Vec<Option<usize>> = headers
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let first = headers.iter().position(|x| x == h) == Some(k);
            let m = mapped.iter().find(|m| m.header == *h)?;
            first.then(|| plan.slot(&m.id)).flatten()
        })
        .collect();
    let width = headers.len();
    let checker = Checker::new(plan, registry, label, file_index, source.cluster);
    let clusters = registry.len();
    let mut blocks = Blocks::new(file, chunks::chunk_bytes(), start, rest);
    let mut found = Found::new(plan, clusters);
    let mut ids = IdColumn::new(registry, label, &header_of(&mapped, "cluster"));
    let mut at = Vec::new();
    let (mut base, mut last_content) = (1usize, 1usize);
    let mut widths: Vec<(usize, usize)> = Vec::new();
    let mut more_widths = 0;
    let mut open = None;
    let mut next = blocks.batch(batch_size())?;
    while !next.is_empty() {
        let current = next;
        let (scanned, read) = rayon::join(
            || chunks::scan_batch(&checker, &slot_of_cell, width, clusters, &current),
            || blocks.batch(batch_size()),
        );
        next = read?;
        for s in scanned {
            let Scanned {
                offset,
                len,
                not_plain,
                lines,
                first_content,
                last_content: last,
                gaps,
                widths: w,
                more_widths: more,
                open: o,
                found: mut f,
            } = s;
            if not_plain || gaps {
                return Ok(None);
            }
            if let Some(first) = first_content {
                if base + first != last_content + 1 {
                    return Ok(None);
                }
                last_content = base + last;
            }
            for (row, cells) in w {
                if widths.len() < table::WIDTHS_SHOWN {
                    widths.push((row + base, cells));
                } else {
                    more_widths += 1;
                }
            }
            more_widths += more;
            if let Some(mut o) = o {
                o.row += base;
                open = Some(o);
            }
            for (row, raw) in std::mem::take(&mut f.id_cells) {
                ids.lookup(row + base, &raw);
            }
            found.merge(f, base);
            at.push(BlockAt { offset, len, base });
            base += lines;
        }
    }
    let errors = diags.error_count();
    let mut w = table::Widths::new(label, width);
    for (row, cells) in widths {
        w.push(diags, row, cells);
    }
    w.also(more_widths);
    w.finish(diags);
    if let Some(open) = open {
        diags.push(table::open_quote(label, &headers, open));
    }
    table::duplicate_headers(&headers, label, 1, diags);
    if diags.error_count() > errors {
        return Ok(Some(None));
    }
    diags.extend(mapping);
    Ok(Some(Some(FileRead {
        mapped,
        found,
        ids: Some(ids),
        locator: Locator::Plain {
            path: source.path.clone(),
            blocks: at,
            slot_of_cell,
            width,
        },
    })))
}

/// The header a roster column has in a file (its id when absent).
pub fn header_of(mapped: &[Mapped], id: &str) -> String {
    mapped
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.header.clone())
        .unwrap_or_else(|| id.to_string())
}

/// A file read whole by the spreadsheet reader, its rows checked (in
/// parallel, in runs merged in order).
fn read_table<'a>(
    source: &Source,
    file_index: u32,
    plan: &Plan,
    registry: &'a Registry,
    columns: &[RosterColumn],
    wanted: &[&str],
    diags: &mut Diagnostics,
) -> Option<FileRead<'a>> {
    let label = source.label.as_str();
    let t = table::read(&source.path, label, source.sheet.as_deref(), diags)?;
    let mapped: Vec<Mapped> = map_headers(&t.headers, columns, label, diags)
        .into_iter()
        .filter(|m| wanted.contains(&m.id.as_str()))
        .collect();
    let slots: Vec<Option<usize>> = plan
        .ids
        .iter()
        .map(|id| {
            let m = mapped.iter().find(|m| m.id == *id)?;
            t.headers.iter().position(|h| *h == m.header)
        })
        .collect();
    let checker = Checker::new(plan, registry, label, file_index, source.cluster);
    let clusters = registry.len();
    let runs: Vec<Found> = t
        .rows
        .par_chunks(4096)
        .map(|rows| {
            let mut found = Found::new(plan, clusters);
            let mut values = Values::blank(plan);
            for r in rows {
                let cells = table_cells(&t, r, &slots);
                let cells: Vec<&str> = cells.iter().map(|s| s.as_str()).collect();
                checker.row(r.line, &cells, &mut values, &mut found);
            }
            found
        })
        .collect();
    let mut found = Found::new(plan, clusters);
    let mut ids = IdColumn::new(registry, label, &header_of(&mapped, "cluster"));
    for mut f in runs {
        for (row, raw) in std::mem::take(&mut f.id_cells) {
            ids.lookup(row, &raw);
        }
        found.merge(f, 0);
    }
    Some(FileRead {
        mapped,
        found,
        ids: Some(ids),
        locator: Locator::Table {
            table: t,
            columns: slots,
        },
    })
}

/// Read one roster file: its rows checked and counted.
pub fn read_file<'a>(
    source: &Source,
    file_index: u32,
    plan: &Plan,
    registry: &'a Registry,
    columns: &[RosterColumn],
    diags: &mut Diagnostics,
) -> Option<FileRead<'a>> {
    let label = source.label.as_str();
    let wanted: Vec<&str> = plan.ids.iter().map(|s| s.as_str()).collect();
    let is_csv = source
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let plain = if is_csv {
        match read_plain(source, file_index, plan, registry, columns, &wanted, diags) {
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
    let read = match plain {
        Some(read) => read?,
        None => read_table(source, file_index, plan, registry, columns, &wanted, diags)?,
    };
    if read.found.rows == 0 {
        diags.push(
            Diagnostic::error(
                label,
                "no data row: the roster has only its header; it lists one enterprise per row",
            )
            .row(2),
        );
        return None;
    }
    Some(read)
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
