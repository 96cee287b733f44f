//! Tables read strictly (#15): every malformed table, number or computed
//! value ends in the exact located error, and what must be read correctly
//! (CR or CRLF line ends, UTF-16 with a byte-order mark) gives the same
//! outputs as the sample itself. Row numbers are counted by hand from the
//! sample files (the header is row 1).
//!
//! This file holds the helpers; the tests are in `tables` (rows, cells,
//! headers, the registry, line ends and encodings) and `numbers` (NaN and
//! infinities, amounts, arithmetic that overflows).

mod numbers;
mod tables;

use crate::workdir::{Output, WorkDir};
use std::path::Path;

/// The error lines of `check`'s output.
pub fn errors(out: &Output) -> Vec<&str> {
    out.stdout
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

/// `check round` fails; its errors are exactly `expected`, in any order.
#[track_caller]
pub fn refused(w: &WorkDir, expected: &[&str]) -> Output {
    let out = w.fails(&["check", "round", "--lang", "en"], 1);
    let mut got = errors(&out);
    got.sort_unstable();
    let mut want = expected.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "--- whole output:\n{}", out.stdout);
    out
}

/// `check round` fails and lists `line` among its errors.
#[track_caller]
pub fn refused_with(w: &WorkDir, line: &str) -> Output {
    let out = w.fails(&["check", "round", "--lang", "en"], 1);
    assert!(
        out.stdout.lines().any(|l| l == line),
        "missing line:\n{line}\n--- got:\n{}",
        out.stdout
    );
    out
}

/// Replace row `row` (1-based, the header is row 1) of a round file.
pub fn set_row(w: &WorkDir, rel: &str, row: usize, to: &str) {
    let text = w.read(rel);
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines[row - 1] = to;
    w.write(rel, lines.join("\n"));
}

/// Set cell `col` (1-based) of row `row` of a round file without quotes.
pub fn set_cell(w: &WorkDir, rel: &str, row: usize, col: usize, to: &str) {
    let text = w.read(rel);
    let line = text.split('\n').nth(row - 1).unwrap();
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[col - 1] = to;
    set_row(w, rel, row, &cells.join(","));
}

/// The files of an output folder but its manifest (which names the inputs'
/// bytes and hashes), by name.
pub fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && !p.ends_with("manifest.json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Run the round as edited and the untouched sample; every output but the
/// manifest and the files named in `except` must be the same, byte for
/// byte.
#[track_caller]
pub fn same_outputs_as_sample(w: &WorkDir, sample: &str, except: &[&str]) {
    w.ok(&["run", "round", "--out", "out"]);
    let reference = WorkDir::new();
    reference.sample_round(sample);
    reference.ok(&["run", "round", "--out", "out"]);
    let (got, want) = (outputs(&w.path("out")), outputs(&reference.path("out")));
    assert_eq!(got.len(), want.len());
    for ((name, a), (_, b)) in got.iter().zip(&want) {
        assert!(
            a == b || except.contains(&name.as_str()),
            "{name} differs from the sample's"
        );
    }
}

pub fn bytes_map(w: &WorkDir, rel: &str, f: impl Fn(&[u8]) -> Vec<u8>) {
    let b = std::fs::read(w.path(rel)).unwrap();
    w.write(rel, f(&b));
}

pub fn line_ends(b: &[u8], end: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() + b.len() / 20);
    for &c in b {
        if c == b'\n' {
            out.extend_from_slice(end);
        } else {
            out.push(c);
        }
    }
    out
}

pub const SHORT_ROW: &str = "a cell is missing, or the row is cut short";
pub const LONG_ROW: &str =
    "a cell holds an unquoted comma, or there is a cell beyond the last column";
