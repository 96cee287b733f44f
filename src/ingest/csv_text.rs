//! CSV text as a spreadsheet sees it: decoding, and a tokenizer that
//! numbers rows.
//!
//! `decode` turns the bytes of a file into text: UTF-8 (with or without a
//! BOM), UTF-16 with a BOM, or GB18030 / GBK as Excel saves it on Chinese
//! Windows; it names the encoding it used, and for a file that is none of
//! these it gives the byte offset of the first byte it could not read.
//! `Scanner` splits CSV bytes into cells and records (RFC 4180 quoting, as
//! lenient as the csv crate: a quote inside an unquoted cell is text). It
//! can be fed in pieces, so a roster of a gigabyte is checked without
//! holding it, and it numbers every record by the row a spreadsheet shows
//! for it: LF, CRLF and CR line ends each end one row, and a line break
//! inside a quoted cell does not. It reports a quote left open at the end
//! of the input. This module knows nothing of headers' meaning or cells'
//! values.

/// The bytes that end an ordinary run: a cell's end, a line's end, a quote.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// Where the tokenizer is within a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted cell: the closing one, or the first of "".
    QuoteInQuoted,
}

/// What a `Scanner` tells its owner.
pub trait Sink {
    /// Bytes of the current cell.
    fn bytes(&mut self, bytes: &[u8]);
    /// The current cell ends.
    fn end_cell(&mut self);
    /// The current record ends: its spreadsheet row, its number of cells,
    /// and whether any cell holds more than blanks.
    fn end_record(&mut self, row: usize, cells: usize, content: bool);
}

/// A quoted cell still open at the end of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenQuote {
    /// The row the cell starts in.
    pub row: usize,
    /// Its position in the record (0-based).
    pub cell: usize,
    /// Bytes read into it before the input ended.
    pub bytes: usize,
}

/// A streaming CSV tokenizer (see the module header).
#[derive(Debug, Clone)]
pub struct Scanner {
    state: State,
    /// Spreadsheet row of the record being read.
    row: usize,
    /// The previous byte was a CR outside quotes (a following LF is part
    /// of the same line end).
    after_cr: bool,
    /// Bytes of the current record (0: an empty line so far).
    record_bytes: usize,
    /// Cells ended in the current record.
    cells: usize,
    content: bool,
    /// Row and cell of the quoted cell being read, and its length.
    quote: Option<OpenQuote>,
    /// A line break was found inside a quoted cell.
    pub multiline: bool,
    /// A CR not followed by LF ended a line.
    pub lone_cr: bool,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            state: State::FieldStart,
            row: 1,
            after_cr: false,
            record_bytes: 0,
            cells: 0,
            content: false,
            quote: None,
            multiline: false,
            lone_cr: false,
        }
    }
}

impl Scanner {
    /// The spreadsheet row of the record being read.
    pub fn row(&self) -> usize {
        self.row
    }

    /// The cell being read (0-based).
    pub fn cell(&self) -> usize {
        self.cells
    }

    /// Feed the next piece of the input. Runs of ordinary bytes are
    /// passed on whole (a roster of a gigabyte goes through here).
    pub fn feed(&mut self, bytes: &[u8], sink: &mut impl Sink) {
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            if self.after_cr {
                self.after_cr = false;
                if bytes[i] == b'\n' {
                    i += 1;
                    continue;
                }
                self.lone_cr = true;
            }
            match self.state {
                State::FieldStart | State::Unquoted => {
                    let start = i;
                    while i < n && !SPECIAL[bytes[i] as usize] {
                        i += 1;
                    }
                    if i > start {
                        self.state = State::Unquoted;
                        self.run(&bytes[start..i], sink);
                    }
                    let Some(&b) = bytes.get(i) else { break };
                    i += 1;
                    match b {
                        b',' => self.end_cell(sink),
                        b'\n' | b'\r' => self.end_line(b, sink),
                        // b'"'
                        _ if self.state == State::FieldStart => {
                            self.state = State::Quoted;
                            self.record_bytes += 1;
                            self.quote = Some(OpenQuote {
                                row: self.row,
                                cell: self.cells,
                                bytes: 0,
                            });
                        }
                        _ => {
                            self.run(&bytes[i - 1..i], sink);
                        }
                    }
                }
                State::Quoted => {
                    let start = i;
                    while i < n && bytes[i] != b'"' {
                        i += 1;
                    }
                    let run = &bytes[start..i];
                    if run.iter().any(|&b| b == b'\n' || b == b'\r') {
                        self.multiline = true;
                    }
                    self.run(run, sink);
                    if i < n {
                        i += 1;
                        self.state = State::QuoteInQuoted;
                        self.record_bytes += 1;
                    }
                    if let Some(q) = &mut self.quote {
                        q.bytes += i - start;
                    }
                }
                State::QuoteInQuoted => {
                    let b = bytes[i];
                    i += 1;
                    match b {
                        b'"' => {
                            self.state = State::Quoted;
                            self.run(&bytes[i - 1..i], sink);
                        }
                        b',' => self.end_cell(sink),
                        b'\n' | b'\r' => self.end_line(b, sink),
                        _ => {
                            self.state = State::Unquoted;
                            self.quote = None;
                            self.run(&bytes[i - 1..i], sink);
                        }
                    }
                }
            }
        }
    }

    /// Bytes of the current cell.
    #[inline]
    fn run(&mut self, run: &[u8], sink: &mut impl Sink) {
        if !self.content
            && run
                .iter()
                .any(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.content = true;
        }
        self.record_bytes += run.len();
        sink.bytes(run);
    }

    fn end_cell(&mut self, sink: &mut impl Sink) {
        sink.end_cell();
        self.cells += 1;
        self.record_bytes += 1;
        self.state = State::FieldStart;
        self.quote = None;
    }

    /// A line end outside quotes: the record ends (an empty line is no
    /// record), and the next row begins.
    fn end_line(&mut self, b: u8, sink: &mut impl Sink) {
        if self.record_bytes > 0 {
            sink.end_cell();
            sink.end_record(self.row, self.cells + 1, self.content);
        }
        self.row += 1;
        self.after_cr = b == b'\r';
        self.record_bytes = 0;
        self.cells = 0;
        self.content = false;
        self.state = State::FieldStart;
        self.quote = None;
    }

    /// The input has ended: the last record (if it has no line end), or
    /// the quoted cell left open, which is not passed on as a record.
    pub fn finish(&mut self, sink: &mut impl Sink) -> Option<OpenQuote> {
        self.lone_cr |= self.after_cr;
        if self.state == State::Quoted {
            return self.quote;
        }
        if self.record_bytes > 0 {
            sink.end_cell();
            sink.end_record(self.row, self.cells + 1, self.content);
            self.record_bytes = 0;
        }
        None
    }
}

/// A sink that keeps every record's cells as text.
#[derive(Debug, Default)]
pub struct Collect {
    cell: Vec<u8>,
    cells: Vec<String>,
    /// Spreadsheet row and cells of every record.
    pub records: Vec<(usize, Vec<String>)>,
}

impl Sink for Collect {
    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        self.cell.extend_from_slice(bytes);
    }

    fn end_cell(&mut self) {
        let cell = std::mem::take(&mut self.cell);
        self.cells.push(match String::from_utf8(cell) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        });
    }

    fn end_record(&mut self, row: usize, _cells: usize, _content: bool) {
        self.records.push((row, std::mem::take(&mut self.cells)));
    }
}

/// Split CSV text into records: (spreadsheet row, cells) of each, and a
/// quoted cell left open at the end.
pub fn records(text: &str) -> (Vec<(usize, Vec<String>)>, Option<OpenQuote>) {
    let mut sink = Collect::default();
    let mut scanner = Scanner::default();
    scanner.feed(text.as_bytes(), &mut sink);
    let open = scanner.finish(&mut sink);
    (sink.records, open)
}

/// Where a byte of a file is, as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub row: usize,
    /// The header of the cell (or "column N" past the header).
    pub column: String,
    /// 1-based character of the cell.
    pub character: usize,
}

/// The place of the end of `prefix` (the text before a byte) in a file.
pub fn place(prefix: &str) -> Place {
    let mut header = Collect::default();
    let mut scanner = Scanner::default();
    scanner.feed(prefix.as_bytes(), &mut header);
    let cell = scanner.cell();
    let character = std::str::from_utf8(&header.cell)
        .map(|c| c.chars().count())
        .unwrap_or(header.cell.len())
        + 1;
    let names = header.records.first().map(|(_, cells)| cells);
    let column = names
        .and_then(|n| n.get(cell))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| format!("{}", cell + 1));
    Place {
        row: scanner.row(),
        column,
        character,
    }
}

/// What could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A NUL byte, which no text file has (UTF-16 without its mark does).
    Nul,
    /// A byte that is neither UTF-8 nor GB18030.
    Byte(u8),
    /// A UTF-16 unit that is half of a pair.
    Surrogate(u16),
    /// A UTF-16 file of an odd number of bytes.
    OddLength,
}

/// Why bytes could not be read as text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    pub what: Unreadable,
    /// The text decoded before it.
    pub prefix: String,
}

impl Undecodable {
    /// The message, given the character of the cell it is at.
    pub fn message(&self, character: usize) -> String {
        let at = format!("(character {character} of the cell)");
        match self.what {
            Unreadable::Nul => format!(
                "the file holds a NUL byte {at}, so it is not CSV text (UTF-16 saved without a byte-order mark?). Save the file as UTF-8"
            ),
            Unreadable::Byte(b) => format!(
                "the file is neither UTF-8 nor GBK/GB18030 text: byte 0x{b:02X} {at} cannot be read. Save the file as UTF-8"
            ),
            Unreadable::Surrogate(u) => format!(
                "the file starts with a UTF-16 byte-order mark but is not UTF-16 text: unit 0x{u:04X} {at} is half of a pair. Save the file as UTF-8"
            ),
            Unreadable::OddLength => format!(
                "the file starts with a UTF-16 byte-order mark but is not UTF-16 text: it ends with half a unit {at}. Save the file as UTF-8"
            ),
        }
    }
}

/// Decode the bytes of a CSV file: UTF-8 (BOM stripped), UTF-16 with a BOM,
/// or GB18030 (a superset of GBK). Returns the text and, when it was not
/// UTF-8, the name of the encoding used.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), Undecodable> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes, "UTF-16BE");
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // No text encoding a CSV is saved in has NUL bytes (UTF-16 without
    // its byte-order mark does).
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Undecodable {
            what: Unreadable::Nul,
            prefix: String::from_utf8_lossy(&bytes[..at]).into_owned(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(e) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if !had_errors {
                return Ok((text.into_owned(), Some("GB18030 (GBK)")));
            }
            // Most such files are UTF-8 with a stray byte: point at it.
            let at = e.valid_up_to();
            Err(Undecodable {
                what: Unreadable::Byte(bytes[at]),
                prefix: String::from_utf8_lossy(&bytes[..at]).into_owned(),
            })
        }
    }
}

fn utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    name: &'static str,
) -> Result<(String, Option<&'static str>), Undecodable> {
    let mut text = String::with_capacity(bytes.len() / 2);
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(Undecodable {
                    what: Unreadable::Surrogate(e.unpaired_surrogate()),
                    prefix: text,
                });
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(Undecodable {
            what: Unreadable::OddLength,
            prefix: text,
        });
    }
    Ok((text, Some(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        records(text).0
    }

    #[test]
    fn line_ends_each_end_one_row() {
        for text in [
            "a,b\n1,2\n\n3,4\n",
            "a,b\r\n1,2\r\n\r\n3,4\r\n",
            "a,b\r1,2\r\r3,4\r",
        ] {
            let r = rows(text);
            let lines: Vec<usize> = r.iter().map(|(l, _)| *l).collect();
            assert_eq!(lines, vec![1, 2, 4], "{text:?}");
            assert_eq!(r[2].1, vec!["3", "4"]);
        }
    }

    #[test]
    fn quoted_cells() {
        let r = rows("a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n5,6");
        assert_eq!(
            r[1],
            (2, vec!["x\ny".to_string(), "say \"hi\"".to_string()])
        );
        // A cell with a line break is one row, as a spreadsheet shows it.
        assert_eq!(r[2], (3, vec!["5".to_string(), "6".to_string()]));
        // Quotes inside an unquoted cell are text; text after a closing
        // quote joins the cell (as the csv crate reads them).
        assert_eq!(rows("ab\"c,\"d\"e")[0].1, vec!["ab\"c", "de"]);
    }

    /// Well-formed CSV from a seeded generator: the tokenizer reads what
    /// the csv crate reads, whole or fed a byte at a time.
    #[test]
    fn agrees_with_the_csv_crate_and_across_pieces() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |k: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % k
        };
        let pieces = ["a", "1.5", " ", ",", "\"", "\n", "\r", "集", "", "x y"];
        for _ in 0..300 {
            let mut text = String::new();
            let rows = 1 + next(6);
            for _ in 0..rows {
                let cells = 1 + next(5);
                let cells: Vec<String> = (0..cells)
                    .map(|_| {
                        let cell: String = (0..next(4))
                            .map(|_| pieces[next(pieces.len() as u64) as usize])
                            .collect();
                        if cell.contains([',', '"', '\n', '\r']) || cell.is_empty() {
                            format!("\"{}\"", cell.replace('"', "\"\""))
                        } else {
                            cell
                        }
                    })
                    .collect();
                text.push_str(&cells.join(","));
                text.push_str(["\n", "\r\n", "\r"][next(3) as usize]);
            }
            let want: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            let (got, open) = records(&text);
            assert_eq!(open, None, "{text:?}");
            let got: Vec<Vec<String>> = got.into_iter().map(|(_, c)| c).collect();
            assert_eq!(got, want, "{text:?}");
            let mut sink = Collect::default();
            let mut scanner = Scanner::default();
            for b in text.as_bytes().chunks(1) {
                scanner.feed(b, &mut sink);
            }
            scanner.finish(&mut sink);
            let pieced: Vec<Vec<String>> = sink.records.into_iter().map(|(_, c)| c).collect();
            assert_eq!(pieced, want, "{text:?}");
        }
    }

    #[test]
    fn open_quote_is_reported_not_read() {
        let (r, open) = records("a,b\n1,2\n3,\"cut here\n4,5\n");
        assert_eq!(r.len(), 2);
        assert_eq!(
            open,
            Some(OpenQuote {
                row: 3,
                cell: 1,
                bytes: 13
            })
        );
    }

    #[test]
    fn decodes_utf8_bom_gbk_and_utf16() {
        let (t, enc) = decode(b"\xEF\xBB\xBFa,b").unwrap();
        assert_eq!((t.as_str(), enc), ("a,b", None));
        // "集群" in GBK is BC AF C8 BA.
        let (t, enc) = decode(b"\xBC\xAF\xC8\xBA").unwrap();
        assert_eq!((t.as_str(), enc), ("集群", Some("GB18030 (GBK)")));
        let (t, enc) = decode(b"\xFF\xFEa\x00,\x00\xc6\x96").unwrap();
        assert_eq!((t.as_str(), enc), ("a,集", Some("UTF-16LE")));
        let (t, enc) = decode(b"\xFE\xFF\x00a\x00,\x96\xc6").unwrap();
        assert_eq!((t.as_str(), enc), ("a,集", Some("UTF-16BE")));
    }

    #[test]
    fn undecodable_byte_is_placed() {
        let e = decode(b"a,b\n1,caf\xE9\xFF\n").unwrap_err();
        assert_eq!(e.what, Unreadable::Byte(0xE9));
        // "a,\u{D800}b" in UTF-16LE: an unpaired surrogate in cell 2.
        let bad = decode(b"\xFF\xFEa\x00,\x00\x00\xD8b\x00").unwrap_err();
        assert_eq!(bad.what, Unreadable::Surrogate(0xD800));
        assert_eq!(bad.prefix, "a,");
        assert_eq!(
            place(&e.prefix),
            Place {
                row: 2,
                column: "b".into(),
                character: 4
            }
        );
    }
}
