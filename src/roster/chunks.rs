//! A plain CSV roster read in chunks, in parallel, in bounded memory.
//!
//! The file is read in blocks of about `chunk_bytes()` that end at a line
//! end; a few blocks at a time are checked on the thread pool while the
//! next ones are read, and each block's findings are merged, in order, into
//! its file's as soon as it is done, so memory holds a few blocks and the
//! findings, never the file. Every block is scanned by the engine's CSV
//! tokenizer as if a record began at its start. That holds for the first
//! block; it holds for the next if the block before ended outside quotes,
//! which a block reports: a line break inside a quoted cell, a lone CR, a
//! cell longer than a spreadsheet cell, bytes that are not UTF-8, or a
//! blank line among the rows make the file not plain, and the caller reads
//! it through the spreadsheet reader instead. Rows are numbered within a
//! block, then placed in the file when merged. Each record's wanted cells
//! are copied into small buffers reused for every row, so a row allocates
//! nothing. A chunk size can be forced (tests do, to check that outputs do
//! not depend on it) with `CLUSTER_EVAL_ROSTER_CHUNK` (bytes).

use super::rows::{Checker, Found, Values};
use crate::ingest::csv_text::{OpenQuote, Scanner, Sink};
use crate::ingest::table;
use rayon::prelude::*;
use std::io::Read;

/// Bytes per block unless `CLUSTER_EVAL_ROSTER_CHUNK` says otherwise.
const CHUNK_BYTES: usize = 8 << 20;

/// The block size: `CLUSTER_EVAL_ROSTER_CHUNK` (bytes, at least 1), or
/// 8 MiB.
pub fn chunk_bytes() -> usize {
    std::env::var("CLUSTER_EVAL_ROSTER_CHUNK")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(CHUNK_BYTES)
}

/// Where a block starts in the file.
#[derive(Debug, Clone, Copy)]
pub struct BlockAt {
    pub offset: u64,
    pub len: usize,
    /// Rows of the file before the block.
    pub base: usize,
}

/// Blocks of a file that end at a line end (the last one where the file
/// ends).
pub struct Blocks {
    file: std::fs::File,
    size: usize,
    carry: Vec<u8>,
    offset: u64,
    done: bool,
}

impl Blocks {
    pub fn new(file: std::fs::File, size: usize, offset: u64, carry: Vec<u8>) -> Blocks {
        Blocks {
            file,
            size,
            carry,
            offset,
            done: false,
        }
    }

    /// The next block and its offset in the file.
    pub fn next_block(&mut self) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        if self.done && self.carry.is_empty() {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.carry);
        let mut searched = 0;
        loop {
            if let Some(p) = buf[searched..].iter().rposition(|&b| b == b'\n') {
                let end = searched + p + 1;
                if buf.len() >= self.size || self.done {
                    self.carry = buf[end..].to_vec();
                    buf.truncate(end);
                    break;
                }
            }
            if self.done {
                break;
            }
            searched = buf.len();
            let want = self.size.max(buf.len() + 1);
            buf.reserve(want - buf.len());
            let n = (&mut self.file)
                .take((want - buf.len()) as u64)
                .read_to_end(&mut buf)?;
            if n == 0 {
                self.done = true;
                searched = 0;
            }
        }
        if buf.is_empty() {
            return Ok(None);
        }
        let at = self.offset;
        self.offset += buf.len() as u64;
        Ok(Some((at, buf)))
    }

    /// Up to `n` next blocks.
    pub fn batch(&mut self, n: usize) -> std::io::Result<Vec<(u64, Vec<u8>)>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            match self.next_block()? {
                Some(b) => out.push(b),
                None => break,
            }
        }
        Ok(out)
    }
}

/// What one block found.
pub struct Scanned {
    pub offset: u64,
    pub len: usize,
    /// Not plain (see the module header): read the file another way.
    pub not_plain: bool,
    pub lines: usize,
    /// Rows (in the block) of its first and last record with content,
    /// and a gap between two of them.
    pub first_content: Option<usize>,
    pub last_content: usize,
    pub gaps: bool,
    /// Records whose number of cells is not the header's: the first
    /// `WIDTHS_SHOWN`, and how many more.
    pub widths: Vec<(usize, usize)>,
    pub more_widths: usize,
    pub open: Option<OpenQuote>,
    pub found: Found,
}

/// Collects a block's wanted cells record by record and checks each row.
/// The rows a locator wants, and the cells kept of each: (row, cells).
type Kept<'b> = (&'b [usize], Vec<(usize, Vec<String>)>);

struct RowSink<'a, 'b> {
    checker: &'b Checker<'a>,
    slot_of_cell: &'b [Option<usize>],
    width: usize,
    cell: usize,
    cell_bytes: usize,
    long_cell: bool,
    bufs: Vec<Vec<u8>>,
    values: Values,
    out: Scanned,
    /// Rows wanted by a locator (then rows are kept, not checked).
    keep: Option<Kept<'b>>,
}

impl Sink for RowSink<'_, '_> {
    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        self.cell_bytes += bytes.len();
        if let Some(Some(s)) = self.slot_of_cell.get(self.cell) {
            self.bufs[*s].extend_from_slice(bytes);
        }
    }

    #[inline]
    fn end_cell(&mut self) {
        // Bytes, not characters: a cell this long is read by the
        // spreadsheet reader, which counts characters and says so.
        if std::mem::take(&mut self.cell_bytes) > table::MAX_CELL_CHARS {
            self.long_cell = true;
        }
        self.cell += 1;
    }

    fn end_record(&mut self, row: usize, cells: usize, content: bool) {
        self.cell = 0;
        if content {
            self.record(row, cells);
        }
        for b in &mut self.bufs {
            b.clear();
        }
    }
}

impl RowSink<'_, '_> {
    fn record(&mut self, row: usize, cells: usize) {
        let out = &mut self.out;
        match out.first_content {
            None => out.first_content = Some(row),
            Some(_) if row != out.last_content + 1 => out.gaps = true,
            _ => {}
        }
        out.last_content = row;
        if cells != self.width {
            if out.widths.len() < table::WIDTHS_SHOWN {
                out.widths.push((row, cells));
            } else {
                out.more_widths += 1;
            }
        }
        // The block is UTF-8 and cells end at ASCII bytes.
        fn utf8(b: &[u8]) -> &str {
            std::str::from_utf8(b).unwrap_or("")
        }
        let mut few: [&str; 32] = [""; 32];
        let many: Vec<&str>;
        let text: &[&str] = if self.bufs.len() <= few.len() {
            for (t, b) in few.iter_mut().zip(&self.bufs) {
                *t = utf8(b);
            }
            &few[..self.bufs.len()]
        } else {
            many = self.bufs.iter().map(|b| utf8(b)).collect();
            &many
        };
        match &mut self.keep {
            Some((wanted, kept)) => {
                if wanted.binary_search(&row).is_ok() {
                    kept.push((row, text.iter().map(|s| s.to_string()).collect()));
                }
            }
            None => self
                .checker
                .row(row, text, &mut self.values, &mut self.out.found),
        }
    }
}

/// Scan one block (rows numbered from 1 within it). With `keep`, the rows
/// listed there (sorted) are returned as text instead of being checked.
pub fn scan(
    checker: &Checker,
    slot_of_cell: &[Option<usize>],
    width: usize,
    clusters: usize,
    (offset, bytes): (u64, &[u8]),
    keep: Option<&[usize]>,
) -> (Scanned, Vec<(usize, Vec<String>)>) {
    let plan = checker.plan;
    let mut sink = RowSink {
        checker,
        slot_of_cell,
        width,
        cell: 0,
        cell_bytes: 0,
        long_cell: false,
        bufs: vec![Vec::new(); plan.ids.len()],
        values: Values::blank(plan),
        out: Scanned {
            offset,
            len: bytes.len(),
            not_plain: false,
            lines: 0,
            first_content: None,
            last_content: 0,
            gaps: false,
            widths: Vec::new(),
            more_widths: 0,
            open: None,
            found: Found::new(plan, if keep.is_some() { 0 } else { clusters }),
        },
        keep: keep.map(|k| (k, Vec::new())),
    };
    if std::str::from_utf8(bytes).is_err() {
        sink.out.not_plain = true;
        return (sink.out, Vec::new());
    }
    let mut scanner = Scanner::default();
    scanner.feed(bytes, &mut sink);
    sink.out.open = scanner.finish(&mut sink);
    sink.out.lines = scanner.row() - 1;
    sink.out.not_plain = scanner.multiline || scanner.lone_cr || sink.long_cell;
    let kept = sink.keep.map(|(_, k)| k).unwrap_or_default();
    (sink.out, kept)
}

/// Scan a batch of blocks on the thread pool, in order.
pub fn scan_batch(
    checker: &Checker,
    slot_of_cell: &[Option<usize>],
    width: usize,
    clusters: usize,
    batch: &[(u64, Vec<u8>)],
) -> Vec<Scanned> {
    batch
        .par_iter()
        .map(|(o, b)| scan(checker, slot_of_cell, width, clusters, (*o, b), None).0)
        .collect()
}
