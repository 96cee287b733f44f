//! The guard of the XLSX reader: every part of a workbook streamed once,
//! before calamine reads any of it, with what calamine takes sizes from
//! checked against a sheet's limits (cell references, row numbers, the
//! declared dimension, the shared strings) and the unpacked bytes counted.
//! It reads the parts as calamine does (the same XML parser and settings,
//! attributes split the same way), so that what it passes is what calamine
//! then reads. It only checks; it keeps nothing.

use super::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED};
use crate::diag::Diagnostic;
use quick_xml::events::Event;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Check every part of the workbook: cell references and dimensions
/// within a sheet, shared strings and unpacked bytes under their
/// ceilings. An archive that cannot be opened is left to calamine, which
/// says why.
pub(super) fn guard(path: &Path, label: &str) -> Result<(), Box<Diagnostic>> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    check_archive(&mut zip, label, &LIMITS)
}

/// `guard` for a workbook held in memory (an archived version of a file).
pub(super) fn guard_bytes(bytes: &[u8], label: &str) -> Result<(), Box<Diagnostic>> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    check_archive(&mut zip, label, &LIMITS)
}

/// The ceilings of the guard (smaller ones in the tests).
struct Limits {
    unpacked: u64,
    strings: u64,
}

const LIMITS: Limits = Limits {
    unpacked: MAX_UNPACKED,
    strings: MAX_CELLS as u64,
};

fn check_archive<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    label: &str,
    limits: &Limits,
) -> Result<(), Box<Diagnostic>> {
    let (mut unpacked, mut strings) = (0u64, 0u64);
    for i in 0..zip.len() {
        // A part that cannot be unpacked (encrypted, an unknown method) is
        // refused by calamine if the sheet needs it.
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let part = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("part {}", i + 1));
        let counted = Counted {
            inner: entry,
            total: &mut unpacked,
            limit: limits.unpacked,
        };
        let found = scan_part(BufReader::new(counted), &part, &mut strings, limits);
        if unpacked > limits.unpacked {
            return Err(Box::new(Diagnostic::error(
                label,
                format!(
                    "the workbook unpacks to more than {}, the most this tool reads",
                    bytes(limits.unpacked)
                ),
            )));
        }
        if let Err(problem) = found {
            return Err(Box::new(problem.locate(label)));
        }
    }
    Ok(())
}

/// A size for a message: MiB when it is whole MiB.
fn bytes(n: u64) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// A reader that counts the bytes it gives and fails beyond the limit.
struct Counted<'a, R> {
    inner: R,
    total: &'a mut u64,
    limit: u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.total += n as u64;
        if *self.total > self.limit {
            return Err(std::io::Error::other("the workbook unpacks too far"));
        }
        Ok(n)
    }
}

/// What is wrong in a part, located by the part's name and the text found.
#[derive(Debug, PartialEq)]
struct PartProblem {
    part: String,
    what: &'static str,
    value: String,
    message: String,
}

impl PartProblem {
    fn locate(self, label: &str) -> Diagnostic {
        let d = Diagnostic::error(
            label,
            format!("{} in {}: {}", self.what, self.part, self.message),
        );
        if self.value.is_empty() {
            d
        } else {
            d.value(shorten(&self.value))
        }
    }
}

/// A value as a message shows it: at most 40 characters.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// An XML reader with calamine's settings.
pub(super) fn xml_reader<R: BufRead>(reader: R) -> quick_xml::Reader<R> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// Stream one part as calamine would (same parser and settings) and check
/// what calamine takes sizes from: `dimension@ref` before the cells,
/// `row@r` and `c@r` among them, `sst@uniqueCount` and the shared strings
/// (`si`). A part that is not XML stops quietly where the parser stops:
/// calamine, reading it, would stop at the same place.
fn scan_part<R: BufRead>(
    reader: R,
    part: &str,
    strings: &mut u64,
    limits: &Limits,
) -> Result<(), PartProblem> {
    let mut xml = xml_reader(reader);
    let problem = |what: &'static str, value: &str, message: String| PartProblem {
        part: part.to_string(),
        what,
        value: value.to_string(),
        message,
    };
    let mut buf = Vec::new();
    let (mut in_cells, mut after_cells) = (false, false);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let attrs = e.attributes_raw();
                match e.local_name().as_ref() {
                    "sheetData" => (in_cells, after_cells) = (true, true),
                    "dimension" if !after_cells => {
                        for v in raw_attrs(attrs, "ref") {
                            check_dimension(v).map_err(|m| problem("sheet dimension", v, m))?;
                        }
                    }
                    "row" if in_cells => {
                        for v in raw_attrs(attrs, "r") {
                            cell_ref(v, false).map_err(|m| problem("row number", v, m))?;
                        }
                    }
                    "c" if in_cells => {
                        for v in raw_attrs(attrs, "r") {
                            cell_ref(v, true).map_err(|m| problem("cell reference", v, m))?;
                        }
                    }
                    "sst" => {
                        for v in raw_attrs(attrs, "uniqueCount") {
                            if declared_count(v).is_some_and(|n| n > limits.strings) {
                                return Err(problem(
                                    "shared strings",
                                    v,
                                    format!(
                                        "more than {} declared, the most this tool reads",
                                        limits.strings
                                    ),
                                ));
                            }
                        }
                    }
                    "si" => {
                        *strings += 1;
                        if *strings > limits.strings {
                            return Err(problem(
                                "shared strings",
                                "",
                                format!("more than {}, the most this tool reads", limits.strings),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "sheetData" => in_cells = false,
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// The values of attribute `key` in an element's raw attribute text, read
/// the way calamine reads them (key up to `=`, a quoted value, no entity
/// decoding); reading stops at the first malformed attribute, where
/// calamine stops with an error.
pub(super) fn raw_attrs<'a>(raw: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    raw_pairs(raw)
        .filter(move |&(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Every (key, raw value) of an element's raw attribute text, read as
/// `raw_attrs` reads them.
pub(super) fn raw_pairs(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let s = rest.trim_ascii_start();
        let eq = s.find('=')?;
        let k = s[..eq].trim_ascii_end();
        let after = s[eq + 1..].trim_ascii_start();
        let quote = after.chars().next().filter(|&q| q == '"' || q == '\'')?;
        let body = &after[1..];
        let (value, next) = match body.find(quote) {
            Some(end) => (&body[..end], &body[end + 1..]),
            None => (body, ""),
        };
        rest = next;
        Some((k, value))
    })
}

/// A count as calamine reads `uniqueCount` (digits, leading zeros allowed;
/// anything else is ignored by calamine, and here). Saturates.
fn declared_count(v: &str) -> Option<u64> {
    let digits = v.strip_prefix('+').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

/// A cell reference such as `B7`: the 0-based (row, column), the column
/// `None` when absent (a row's own number). Checked against the sheet's
/// limits with arithmetic that cannot overflow.
pub(super) fn cell_ref(v: &str, column_required: bool) -> Result<(u64, Option<u64>), String> {
    let expected = || "expected column letters and a row number, like B7".to_string();
    let letters = v.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col_text, row_text) = v.split_at(letters);
    if row_text.is_empty() || !row_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(expected());
    }
    if col_text.is_empty() && column_required {
        return Err(expected());
    }
    let col = col_text.bytes().try_fold(0u64, |n, b| {
        let n = n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
        (n <= MAX_COLUMNS).then_some(n)
    });
    let Some(col) = col else {
        return Err(format!(
            "column {col_text} is beyond XFD, the last column of a sheet"
        ));
    };
    let row = row_text.bytes().try_fold(0u64, |n, b| {
        let n = n * 10 + u64::from(b - b'0');
        (n <= MAX_ROWS).then_some(n)
    });
    match row {
        None => Err(format!(
            "row {row_text} is beyond {MAX_ROWS}, the last row of a sheet"
        )),
        Some(0) => Err("row 0: rows are numbered from 1".into()),
        Some(row) => Ok((row - 1, (col > 0).then(|| col - 1))),
    }
}

/// A declared dimension: one cell, or a range whose end is not before its
/// start.
fn check_dimension(v: &str) -> Result<(), String> {
    let parts: Vec<&str> = v.split(':').collect();
    match parts.as_slice() {
        [one] => cell_ref(one, true).map(|_| ()),
        [a, b] => {
            let (ra, ca) = cell_ref(a, true)?;
            let (rb, cb) = cell_ref(b, true)?;
            if rb < ra || cb < ca {
                Err("the range ends before it starts".into())
            } else {
                Ok(())
            }
        }
        _ => Err("expected a cell or a range, like A1:F20".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_a_sheet() {
        assert_eq!(cell_ref("A1", true), Ok((0, Some(0))));
        assert_eq!(cell_ref("xfd1048576", true), Ok((1_048_575, Some(16_383))));
        assert_eq!(cell_ref("17", false), Ok((16, None)));
        let err = |v: &str| cell_ref(v, true).unwrap_err();
        assert_eq!(
            err("A99999999999"),
            "row 99999999999 is beyond 1048576, the last row of a sheet"
        );
        assert_eq!(
            err("A1048577"),
            "row 1048577 is beyond 1048576, the last row of a sheet"
        );
        assert_eq!(
            err("ZZZZ1"),
            "column ZZZZ is beyond XFD, the last column of a sheet"
        );
        assert_eq!(
            err("XFE1"),
            "column XFE is beyond XFD, the last column of a sheet"
        );
        assert_eq!(
            err("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1"),
            "column AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA is beyond XFD, the last column of a sheet"
        );
        assert_eq!(err("A0"), "row 0: rows are numbered from 1");
        for bad in ["", "A", "1", "A-1", "$A$1", "A1B", "A 1", "Ａ1"] {
            assert_eq!(
                err(bad),
                "expected column letters and a row number, like B7",
                "{bad}"
            );
        }
        assert_eq!(
            check_dimension("B2:A1").unwrap_err(),
            "the range ends before it starts"
        );
        assert_eq!(
            check_dimension("A1:B2:C3").unwrap_err(),
            "expected a cell or a range, like A1:F20"
        );
        assert!(check_dimension("A1:XFD1048576").is_ok());
    }

    #[test]
    fn attributes_as_calamine_reads_them() {
        let v: Vec<&str> = raw_attrs(r#" r="A1" s='2' r = "B2" t"#, "r").collect();
        assert_eq!(v, ["A1", "B2"]);
        assert_eq!(raw_attrs(r#"r=A1 r="B2""#, "r").count(), 0);
        assert_eq!(declared_count("0012"), Some(12));
        assert_eq!(declared_count("99999999999999999999999"), Some(u64::MAX));
        assert_eq!(declared_count("1e9"), None);
    }

    #[test]
    fn a_part_is_checked_as_calamine_would_read_it() {
        let scan = |xml: &str| {
            let mut strings = 0;
            scan_part(
                xml.as_bytes(),
                "xl/worksheets/sheet1.xml",
                &mut strings,
                &LIMITS,
            )
            .map_err(|p| p.locate("book.xlsx").to_string())
        };
        let sheet = |cells: &str| {
            format!(
                r#"<worksheet><dimension ref="A1:B2"/><sheetData>{cells}</sheetData></worksheet>"#
            )
        };
        assert_eq!(
            scan(&sheet(r#"<row r="1"><c r="A1"><v>1</v></c><c/></row>"#)),
            Ok(())
        );
        assert_eq!(
            scan(&sheet(r#"<row r="2"><c r="A99999999999" t="n"><v>1</v></c></row>"#)),
            Err("error: book.xlsx, value \"A99999999999\": cell reference in xl/worksheets/sheet1.xml: row 99999999999 is beyond 1048576, the last row of a sheet".into())
        );
        assert_eq!(
            scan(&sheet(r#"<row r="0"/>"#)),
            Err("error: book.xlsx, value \"0\": row number in xl/worksheets/sheet1.xml: row 0: rows are numbered from 1".into())
        );
        assert_eq!(
            scan(r#"<worksheet><dimension ref="B2:A1"/><sheetData/></worksheet>"#),
            Err("error: book.xlsx, value \"B2:A1\": sheet dimension in xl/worksheets/sheet1.xml: the range ends before it starts".into())
        );
        assert_eq!(
            scan(r#"<sst uniqueCount="1000000000000"><si><t>x</t></si></sst>"#),
            Err("error: book.xlsx, value \"1000000000000\": shared strings in xl/worksheets/sheet1.xml: more than 20000000 declared, the most this tool reads".into())
        );
        // Not XML, or XML without cells: nothing to check.
        assert_eq!(scan("\u{89}PNG\r\n\u{1a}\n<<<>>>"), Ok(()));
        assert_eq!(scan(r#"<c r="ZZZZ1"/>"#), Ok(()));
    }

    #[test]
    fn an_archive_is_checked_under_its_ceilings() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        let strings = "<si><t>x</t></si>".repeat(100);
        write!(zip, "<sst>{strings}</sst>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let check = |unpacked: u64, strings: u64| {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            check_archive(&mut zip, "book.xlsx", &Limits { unpacked, strings })
                .map_err(|d| d.to_string())
        };
        assert_eq!(check(10_000, 100), Ok(()));
        assert_eq!(
            check(10_000, 99),
            Err("error: book.xlsx: shared strings in xl/sharedStrings.xml: more than 99, the most this tool reads".into())
        );
        assert_eq!(
            check(1000, 100),
            Err("error: book.xlsx: the workbook unpacks to more than 1000 bytes, the most this tool reads".into())
        );
    }
}
