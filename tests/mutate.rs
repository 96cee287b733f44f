//! Seeded mutators of input files, and the round folders they are tried
//! in; shared by the in-process fuzz harness (`fuzz.rs`) and the
//! end-to-end mutation test of the binary (`mutation.rs`).
//!
//! A round folder is built from a sample round (`bases`): its framework
//! copied beside it, its robustness analysis made small, the mid-term
//! roster cut to every 20th enterprise so a case runs in a fraction of a
//! second, and a conflicts file, a flags file and XLSX copies added so that
//! every reader has a seed. Every file of a base is a `Seed`: CSV, TOML or
//! XLSX. An XLSX seed is kept as the XML of its one sheet, one `<row>` per
//! line and no cell references, so that the text mutators work on it; it is
//! packed into a workbook (a stored zip written here) only when written.
//!
//! A mutation is one `Class` (byte flips, truncation, duplicated lines,
//! random Unicode, huge numbers, far cell references, ...) applied with the
//! crate's own generator (`cluster_eval::rng`), so that a run is the same
//! for the same seed. Classes can be left out of a run by name: the fuzz
//! harness and the mutation test each keep a list of the classes that
//! crash until another branch's fix is merged.

use cluster_eval::rng::Rng;
use std::path::Path;

/// The form of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Toml,
    /// The sheet XML of a one-sheet workbook (see `xlsx`).
    Xlsx,
}

/// What a mutation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Flip one to four random bits.
    Flip,
    /// Insert, overwrite or delete a short run of random bytes.
    Splice,
    /// Cut the file at a random byte (sometimes to nothing or to its first
    /// line).
    Truncate,
    /// Repeat a line, once or many times.
    DupLine,
    /// Swap two lines.
    SwapLines,
    /// Delete a line.
    DropLine,
    /// Insert random Unicode: CJK, emoji, combining marks, zero-width and
    /// bidirectional controls, NUL, full-width digits, line separators.
    Unicode,
    /// Replace a number by a huge or tiny one (1e308, 2^63, 5e-324, ...).
    Huge,
    /// Replace a number by NaN or an infinity.
    NonFinite,
    /// Replace, add or remove a cell (CSV, XLSX) or a value (TOML).
    Cell,
    /// A cell longer than a spreadsheet cell can be (32,767 characters).
    LongCell,
    /// Change the line endings to CRLF or CR, or mix them.
    LineEndings,
    /// Re-encode the file (GBK, UTF-16 with or without BOM) or plant
    /// invalid bytes and BOMs.
    Encoding,
    /// XLSX: a cell at a near but explicit reference (`Z200`).
    NearRef,
    /// XLSX: a cell at a far reference (`XFD1048576`, `A99999999999`).
    FarRef,
    /// XLSX: a malformed cell reference (`1A`, `A0`, 20 letters).
    BadRef,
    /// XLSX: a declared sheet dimension, often absurd.
    Dimension,
    /// XLSX: bytes of the packed workbook (the zip) changed.
    Zip,
}

pub const CLASSES: &[Class] = &[
    Class::Flip,
    Class::Splice,
    Class::Truncate,
    Class::DupLine,
    Class::SwapLines,
    Class::DropLine,
    Class::Unicode,
    Class::Huge,
    Class::NonFinite,
    Class::Cell,
    Class::LongCell,
    Class::LineEndings,
    Class::Encoding,
    Class::NearRef,
    Class::FarRef,
    Class::BadRef,
    Class::Dimension,
    Class::Zip,
];

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Flip => "flip",
            Class::Splice => "splice",
            Class::Truncate => "truncate",
            Class::DupLine => "dup_line",
            Class::SwapLines => "swap_lines",
            Class::DropLine => "drop_line",
            Class::Unicode => "unicode",
            Class::Huge => "huge",
            Class::NonFinite => "non_finite",
            Class::Cell => "cell",
            Class::LongCell => "long_cell",
            Class::LineEndings => "line_endings",
            Class::Encoding => "encoding",
            Class::NearRef => "near_ref",
            Class::FarRef => "far_ref",
            Class::BadRef => "bad_ref",
            Class::Dimension => "dimension",
            Class::Zip => "zip",
        }
    }

    /// Whether the class means anything for a file of this kind.
    pub fn applies(self, kind: Kind) -> bool {
        match self {
            Class::NearRef | Class::FarRef | Class::BadRef | Class::Dimension | Class::Zip => {
                kind == Kind::Xlsx
            }
            // A workbook's XML is UTF-8 by construction; re-encoding it
            // only tests the XML parser's refusal, as Flip does.
            Class::Encoding | Class::LineEndings => kind != Kind::Xlsx,
            Class::LongCell => kind != Kind::Toml,
            _ => true,
        }
    }
}

/// A class left out of a run: which class, on which file (`None`: every
/// file; else the file name of the seed, e.g. "round.toml"), and why.
pub struct Exclusion {
    pub class: Class,
    pub file: Option<&'static str>,
    pub why: &'static str,
}

/// The classes a seed may be mutated with in this run. `include` names
/// excluded classes to put back ("all" for every one), from an
/// environment variable.
pub fn allowed(seed: &Seed, excluded: &[Exclusion], include: &str) -> Vec<Class> {
    let back: Vec<&str> = include.split(',').map(str::trim).collect();
    CLASSES
        .iter()
        .copied()
        .filter(|c| c.applies(seed.kind))
        .filter(|c| {
            back.contains(&"all")
                || back.contains(&c.name())
                || !excluded
                    .iter()
                    .any(|e| e.class == *c && e.file.is_none_or(|f| f == seed.file))
        })
        .collect()
}

/// One input file of a base round, as it is seeded: its name in the round
/// folder, its kind, and its bytes (for XLSX, the sheet XML).
#[derive(Debug, Clone)]
pub struct Seed {
    pub file: &'static str,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

impl Seed {
    /// The bytes as written into the round folder.
    pub fn materialise(&self) -> Vec<u8> {
        match self.kind {
            Kind::Xlsx => xlsx(&self.bytes),
            _ => self.bytes.clone(),
        }
    }
}

/// A round folder's files, every one a seed.
#[derive(Debug, Clone)]
pub struct Base {
    pub name: &'static str,
    pub files: Vec<Seed>,
}

impl Base {
    /// Write every file into `dir` (created).
    pub fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for f in &self.files {
            std::fs::write(dir.join(f.file), f.materialise()).unwrap();
        }
    }
}

/// A mutant: the bytes to write, and the classes applied in order.
pub struct Mutant {
    /// For XLSX, the sheet XML, unless `packed` holds the workbook.
    pub bytes: Vec<u8>,
    /// An XLSX whose zip bytes were mutated: written as is.
    pub packed: Option<Vec<u8>>,
    pub classes: Vec<Class>,
}

impl Mutant {
    pub fn materialise(&self, kind: Kind) -> Vec<u8> {
        match (&self.packed, kind) {
            (Some(p), _) => p.clone(),
            (None, Kind::Xlsx) => xlsx(&self.bytes),
            (None, _) => self.bytes.clone(),
        }
    }

    /// "huge+dup_line" for messages.
    pub fn describe(&self) -> String {
        let names: Vec<&str> = self.classes.iter().map(|c| c.name()).collect();
        names.join("+")
    }
}

/// Apply one to three mutations of the allowed classes to `bytes` (a
/// seed's bytes or a mutant of them, of `kind`). An empty `allowed`
/// leaves the bytes as they are.
pub fn mutate(bytes: &[u8], kind: Kind, allowed: &[Class], rng: &mut Rng) -> Mutant {
    let mut m = Mutant {
        bytes: bytes.to_vec(),
        packed: None,
        classes: vec![],
    };
    if allowed.is_empty() {
        return m;
    }
    // Mostly one mutation, so that many mutants get past the first check;
    // numbers and cells drawn twice as often as the other classes.
    let n = match rng.below(20) {
        0..12 => 1,
        12..17 => 2,
        _ => 3,
    };
    let weighted: Vec<Class> = allowed
        .iter()
        .flat_map(|&c| {
            let twice = matches!(c, Class::Huge | Class::NonFinite | Class::Cell);
            std::iter::repeat_n(c, if twice { 2 } else { 1 })
        })
        .collect();
    for _ in 0..n {
        let class = *pick(rng, &weighted);
        if class == Class::Zip {
            let mut packed = m.packed.take().unwrap_or_else(|| xlsx(&m.bytes));
            zip_bytes(&mut packed, rng);
            m.packed = Some(packed);
        } else if m.packed.is_none() {
            m.bytes = apply(class, &m.bytes, kind, rng);
        } else {
            continue; // the sheet is packed: only its bytes change now
        }
        m.classes.push(class);
    }
    m
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

/// Apply one mutation.
fn apply(class: Class, bytes: &[u8], kind: Kind, rng: &mut Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    match class {
        Class::Flip => {
            for _ in 0..1 + rng.below(4) {
                if !b.is_empty() {
                    let i = rng.below(b.len() as u64) as usize;
                    b[i] ^= 1 << rng.below(8);
                }
            }
        }
        Class::Splice => splice(&mut b, rng),
        Class::Truncate => {
            let first_line = b
                .iter()
                .position(|&x| x == b'\n')
                .map_or(b.len(), |i| i + 1);
            let at = match rng.below(8) {
                0 => 0,
                1 => first_line,
                _ => rng.below(b.len() as u64 + 1) as usize,
            };
            b.truncate(at);
        }
        Class::DupLine | Class::SwapLines | Class::DropLine => {
            b = lines(class, &b, rng);
        }
        Class::Unicode => {
            let s = random_unicode(rng);
            let at = text_position(&b, kind, rng);
            b.splice(at..at, s.bytes());
        }
        Class::Huge => b = replace_number(&b, kind, HUGE, rng),
        Class::NonFinite => b = replace_number(&b, kind, NON_FINITE, rng),
        Class::Cell => {
            b = match kind {
                Kind::Csv => csv_cell(&b, rng),
                Kind::Toml => toml_value(&b, rng),
                Kind::Xlsx => xlsx_cell(&b, rng),
            }
        }
        Class::LongCell => {
            let long =
                if rng.chance(0.5) { "集" } else { "9" }.repeat(32_768 + rng.below(8000) as usize);
            b = match kind {
                Kind::Xlsx => xlsx_cell_value(&b, &long, rng),
                _ => csv_cell_value(&b, &long, rng),
            }
        }
        Class::LineEndings => {
            const ENDINGS: [&[u8]; 3] = [b"\r\n", b"\r", b"\n\r"];
            let to = *pick(rng, &ENDINGS);
            let every = rng.chance(0.5);
            let mut out = Vec::with_capacity(b.len() * 2);
            for &x in &b {
                if x == b'\n' && (every || rng.chance(0.5)) {
                    out.extend_from_slice(to);
                } else {
                    out.push(x);
                }
            }
            b = out;
        }
        Class::Encoding => b = encoding(&b, rng),
        Class::NearRef => {
            let r = *pick(rng, NEAR_REFS);
            b = xlsx_ref(&b, r, rng);
        }
        Class::FarRef => {
            let r = *pick(rng, FAR_REFS);
            b = xlsx_ref(&b, r, rng);
        }
        Class::BadRef => {
            let r = *pick(rng, BAD_REFS);
            b = xlsx_ref(&b, r, rng);
        }
        Class::Dimension => {
            let dim = format!("<dimension ref=\"{}\"/>", pick(rng, DIMENSIONS));
            b = insert_after(&b, b"<worksheet", b">", &dim);
        }
        Class::Zip => zip_bytes(&mut b, rng),
    }
    b
}

fn splice(b: &mut Vec<u8>, rng: &mut Rng) {
    let at = rng.below(b.len() as u64 + 1) as usize;
    let len = 1 + rng.below(16) as usize;
    let random: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
    match rng.below(3) {
        0 => {
            b.splice(at..at, random);
        }
        1 => {
            let end = (at + len).min(b.len());
            b.splice(at..end, random);
        }
        _ => {
            let end = (at + len).min(b.len());
            b.drain(at..end);
        }
    }
}

/// Split into lines keeping their endings.
fn split_lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split_inclusive(|&x| x == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn lines(class: Class, b: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut ls = split_lines(b);
    if ls.is_empty() {
        return b.to_vec();
    }
    let i = rng.below(ls.len() as u64) as usize;
    match class {
        Class::DupLine => {
            let mut line = ls[i].clone();
            if !line.ends_with(b"\n") {
                line.push(b'\n');
            }
            let copies = if rng.chance(0.2) {
                2 + rng.below(200)
            } else {
                1
            };
            let at = if rng.chance(0.5) {
                i
            } else {
                rng.below(ls.len() as u64 + 1) as usize
            };
            for _ in 0..copies {
                ls.insert(at, line.clone());
            }
        }
        Class::SwapLines => {
            let j = rng.below(ls.len() as u64) as usize;
            ls.swap(i, j);
        }
        _ => {
            ls.remove(i);
        }
    }
    ls.concat()
}

/// A byte position where inserted text lands in a value: anywhere in a
/// CSV or TOML file, in a cell's text in a sheet's XML.
fn text_position(b: &[u8], kind: Kind, rng: &mut Rng) -> usize {
    if kind == Kind::Xlsx {
        let spans = text_spans(b);
        if let Some(&(s, e)) = (!spans.is_empty()).then(|| pick(rng, &spans)) {
            return s + rng.below((e - s) as u64 + 1) as usize;
        }
    }
    // A char boundary, so the insertion itself keeps UTF-8 valid.
    let mut at = rng.below(b.len() as u64 + 1) as usize;
    while at < b.len() && (b[at] & 0xC0) == 0x80 {
        at += 1;
    }
    at
}

/// The text between tags of an XML document (byte ranges).
fn text_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, &x) in b.iter().enumerate() {
        match x {
            b'>' => start = Some(i + 1),
            b'<' => {
                if let Some(s) = start.take() {
                    if i > s && !b[s..i].iter().all(|c| c.is_ascii_whitespace()) {
                        spans.push((s, i));
                    }
                }
            }
            _ => {}
        }
    }
    spans
}

fn random_unicode(rng: &mut Rng) -> String {
    const SPECIAL: &[char] = &[
        '\u{0}', '\u{7}', '\u{85}', '\u{a0}', '\u{200b}', '\u{200d}', '\u{202e}', '\u{2028}',
        '\u{3000}', '\u{feff}', '\u{fffd}', '\u{ff0c}', '\u{ff0e}', '\u{ff10}', '\u{ff15}', '"',
        ',', '\'', '=', '[', ']', '#', '\\', '\t',
    ];
    let n = 1 + rng.below(4);
    let mut s = String::new();
    for _ in 0..n {
        let (lo, hi) = *pick(
            rng,
            &[
                (0x80u32, 0x7ff),
                (0x300, 0x36f),
                (0x4e00, 0x9fff),
                (0x1f600, 0x1f64f),
                (0x10000, 0x10ffff),
                (0, 0),
            ],
        );
        let c = if hi == 0 {
            *pick(rng, SPECIAL)
        } else {
            char::from_u32(lo + rng.below(u64::from(hi - lo + 1)) as u32).unwrap_or('\u{fffd}')
        };
        s.push(c);
    }
    s
}

const HUGE: &[&str] = &[
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e309",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "4294967296",
    "2147483647",
    "2147483648",
    "-2147483648",
    "100000000000",
    "1e11",
    "99999999999999999999999999999999",
    "5e-324",
    "1e-320",
    "-0",
    "0",
];

const NON_FINITE: &[&str] = &[
    "NaN", "nan", "-nan", "inf", "-inf", "+inf", "Infinity", "1e999",
];

/// The numbers of a text: maximal runs of digits, dots, signs and
/// exponents that start with a digit. In a sheet's XML only those in the
/// text of cells.
fn number_spans(b: &[u8], kind: Kind) -> Vec<(usize, usize)> {
    let texts = if kind == Kind::Xlsx {
        text_spans(b)
    } else {
        vec![(0, b.len())]
    };
    let mut spans = Vec::new();
    for (s, e) in texts {
        let mut i = s;
        while i < e {
            if b[i].is_ascii_digit() && (i == s || !b[i - 1].is_ascii_alphabetic()) {
                let start = if i > s && b[i - 1] == b'-' { i - 1 } else { i };
                let mut j = i;
                while j < e
                    && (b[j].is_ascii_digit()
                        || b[j] == b'.'
                        || ((b[j] == b'e' || b[j] == b'E')
                            && j + 1 < e
                            && (b[j + 1].is_ascii_digit() || b[j + 1] == b'-')))
                {
                    j += if b[j] == b'e' || b[j] == b'E' { 2 } else { 1 };
                }
                spans.push((start, j.min(e)));
                i = j;
            } else {
                i += 1;
            }
        }
    }
    spans
}

fn replace_number(b: &[u8], kind: Kind, palette: &[&str], rng: &mut Rng) -> Vec<u8> {
    let spans = number_spans(b, kind);
    let new = *pick(rng, palette);
    let mut out = b.to_vec();
    match (!spans.is_empty()).then(|| *pick(rng, &spans)) {
        Some((s, e)) => {
            out.splice(s..e, new.bytes());
        }
        None => {
            let at = text_position(b, kind, rng);
            out.splice(at..at, new.bytes());
        }
    }
    out
}

/// Cell values a user (or an attacker) might type.
const CELLS: &[&str] = &[
    "",
    " ",
    "\"",
    "\"unterminated",
    "a\"b",
    "\"\"\"\"",
    "=1+1",
    "-",
    "—",
    "N/A",
    "#REF!",
    "１２３",
    "1,000",
    "12%",
    "1e5",
    "0x10",
    "  12  ",
    "+5",
    "1.2.3",
    "是",
    "否",
    "C01",
    "HB01",
    "2023",
    "1900",
    "99999",
    "初审",
    "优秀",
    "不合格",
    "revenue",
    "亿元",
    "万元",
    "%",
    "\u{0}",
];

/// A random cell value: one from the palette, a huge or non-finite number,
/// or a long text.
fn random_cell(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => pick(rng, HUGE).to_string(),
        1 => pick(rng, NON_FINITE).to_string(),
        2 => "9".repeat(1 + rng.below(400) as usize),
        3 => random_unicode(rng),
        _ => pick(rng, CELLS).to_string(),
    }
}

/// Replace a cell of a random data line by `value`.
fn csv_cell_value(b: &[u8], value: &str, rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b);
    let mut ls: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    if ls.len() < 2 {
        return b.to_vec();
    }
    let i = 1 + rng.below(ls.len() as u64 - 1) as usize;
    let mut cells: Vec<String> = ls[i].split(',').map(String::from).collect();
    let c = rng.below(cells.len() as u64) as usize;
    let ending = if cells[c].ends_with('\n') { "\n" } else { "" };
    cells[c] = format!("{value}{ending}");
    ls[i] = cells.join(",");
    ls.concat().into_bytes()
}

/// Replace, add, remove, duplicate or blank a cell of a random line
/// (cells split on commas, quotes not honoured: a mutator may break them).
fn csv_cell(b: &[u8], rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b);
    let mut ls: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    if ls.is_empty() {
        return random_cell(rng).into_bytes();
    }
    let i = if rng.chance(0.15) {
        0
    } else {
        rng.below(ls.len() as u64) as usize
    };
    let ending = if ls[i].ends_with("\r\n") {
        "\r\n"
    } else if ls[i].ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let body = &ls[i][..ls[i].len() - ending.len()];
    let mut cells: Vec<String> = body.split(',').map(String::from).collect();
    let c = rng.below(cells.len() as u64) as usize;
    match rng.below(6) {
        0 => cells[c] = random_cell(rng),
        1 => cells.insert(c, random_cell(rng)),
        2 => {
            cells.remove(c);
        }
        3 => {
            let dup = cells[c].clone();
            cells.insert(c, dup);
        }
        4 => cells.push(String::new()),
        _ => cells[c].clear(),
    }
    ls[i] = cells.join(",") + ending;
    ls.concat().into_bytes()
}

/// TOML values of every type (huge numbers are `Class::Huge`'s).
const TOML_VALUES: &[&str] = &[
    "\"\"",
    "[]",
    "{}",
    "0",
    "-1",
    "1.5",
    "true",
    "\"x\"",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "-9223372036854775808",
    "[1, \"a\"]",
    "\"../round.toml\"",
    "\"clusters.csv\"",
    "\"framework.toml\"",
    "\"no-such-file.csv\"",
    "\"Z:/nowhere\"",
    "\"主导产业营业收入\"",
    "{ file = \"clusters.csv\", sheet = \"Sheet1\" }",
];

/// Replace the value of a random `key = value` line.
fn toml_value(b: &[u8], rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b);
    let mut ls: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    let keyed: Vec<usize> = (0..ls.len())
        .filter(|&i| ls[i].contains('=') && !ls[i].trim_start().starts_with('#'))
        .collect();
    let Some(&i) = (!keyed.is_empty()).then(|| pick(rng, &keyed)) else {
        return b.to_vec();
    };
    let eq = ls[i].find('=').unwrap_or(0);
    let key = ls[i][..eq].to_string();
    ls[i] = format!("{key}= {}\n", pick(rng, TOML_VALUES));
    ls.concat().into_bytes()
}

/// The byte ranges of the cells (`<c ...>...</c>`) of a sheet's XML.
fn xlsx_cells(text: &str) -> Vec<(usize, usize)> {
    text.match_indices("<c")
        .filter(|(s, _)| matches!(text.as_bytes().get(s + 2), Some(b'>' | b' ')))
        .filter_map(|(s, _)| text[s..].find("</c>").map(|e| (s, s + e + 4)))
        .collect()
}

/// Change a cell of the sheet's XML: its text, or a cell added or
/// removed.
fn xlsx_cell(b: &[u8], rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b).into_owned();
    let cells = xlsx_cells(&text);
    let Some(&(s, e)) = (!cells.is_empty()).then(|| pick(rng, &cells)) else {
        return b.to_vec();
    };
    let new = cell_xml(&random_cell(rng));
    let mut out = text.clone();
    match rng.below(3) {
        0 => out.replace_range(s..e, &new),
        1 => out.insert_str(s, &new),
        _ => out.replace_range(s..e, ""),
    }
    out.into_bytes()
}

/// Replace a random cell of the sheet's XML by one holding `value`.
fn xlsx_cell_value(b: &[u8], value: &str, rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b).into_owned();
    let cells = xlsx_cells(&text);
    let Some(&(s, e)) = (!cells.is_empty()).then(|| pick(rng, &cells)) else {
        return b.to_vec();
    };
    let mut out = text.clone();
    out.replace_range(s..e, &cell_xml(value));
    out.into_bytes()
}

const NEAR_REFS: &[&str] = &["Z200", "AZ30", "D2000", "A1", "B1", "A3", "CV99"];
const FAR_REFS: &[&str] = &[
    "XFD1048576",
    "A1048576",
    "XFD1",
    "ZZZZ1",
    "A99999999999",
    "XFE1",
    "A4294967296",
];
const BAD_REFS: &[&str] = &[
    "1A",
    "A0",
    "A",
    "",
    "$A$1",
    "a1",
    "A-1",
    "AAAAAAAAAAAAAAAAAAAA1",
    "A1:B2",
    "Z 1",
    "Ａ１",
];
const DIMENSIONS: &[&str] = &[
    "A1:XFD1048576",
    "A1:ZZZZ99999999",
    "A1",
    "B2:A1",
    "A1:C3",
    "garbage",
    "",
];

/// Give a random cell an explicit reference, or add a cell there.
fn xlsx_ref(b: &[u8], r: &str, rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b).into_owned();
    let cells: Vec<usize> = xlsx_cells(&text).into_iter().map(|(s, _)| s).collect();
    let cell = format!("<c r=\"{r}\"><v>1</v></c>");
    let mut out = text.clone();
    match (!cells.is_empty() && rng.chance(0.5)).then(|| *pick(rng, &cells)) {
        Some(s) => out.insert_str(s + 2, &format!(" r=\"{r}\"")),
        None => match out.rfind("</row>") {
            Some(at) => out.insert_str(at, &cell),
            None => out.push_str(&cell),
        },
    }
    out.into_bytes()
}

fn insert_after(b: &[u8], tag: &[u8], close: &[u8], what: &str) -> Vec<u8> {
    let Some(t) = find(b, tag) else {
        return b.to_vec();
    };
    let Some(c) = find(&b[t..], close) else {
        return b.to_vec();
    };
    let at = t + c + close.len();
    let mut out = b.to_vec();
    out.splice(at..at, what.bytes());
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn encoding(b: &[u8], rng: &mut Rng) -> Vec<u8> {
    let text = String::from_utf8_lossy(b);
    match rng.below(7) {
        0 => encoding_rs::GBK.encode(&text).0.into_owned(),
        1 | 2 => {
            let le = rng.chance(0.5);
            let mut out: Vec<u8> = if rng.chance(0.7) {
                if le {
                    vec![0xFF, 0xFE]
                } else {
                    vec![0xFE, 0xFF]
                }
            } else {
                vec![]
            };
            for u in text.encode_utf16() {
                let pair = if le { u.to_le_bytes() } else { u.to_be_bytes() };
                out.extend_from_slice(&pair);
            }
            out
        }
        3 => {
            // A BOM in the middle.
            let mut out = b.to_vec();
            let at = rng.below(b.len() as u64 + 1) as usize;
            out.splice(at..at, [0xEF, 0xBB, 0xBF]);
            out
        }
        4 => {
            // Bytes that are neither UTF-8 nor GBK.
            let mut out = b.to_vec();
            let at = rng.below(b.len() as u64 + 1) as usize;
            out.splice(at..at, [0xFF, 0xFE, 0x80, 0xC0]);
            out
        }
        5 => {
            // A Latin-1 file (é as one byte).
            text.chars()
                .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
                .chain([0xE9])
                .collect()
        }
        _ => {
            // A multi-byte character cut in the middle.
            let mut out = b.to_vec();
            let at = rng.below(b.len() as u64 + 1) as usize;
            out.splice(at..at, [0xE9, 0x9B]);
            out
        }
    }
}

/// Change the bytes of a packed workbook.
fn zip_bytes(b: &mut Vec<u8>, rng: &mut Rng) {
    match rng.below(3) {
        0 => {
            let at = rng.below(b.len() as u64 + 1) as usize;
            b.truncate(at);
        }
        1 => splice(b, rng),
        _ => {
            for _ in 0..1 + rng.below(8) {
                if !b.is_empty() {
                    let i = rng.below(b.len() as u64) as usize;
                    b[i] ^= 1 << rng.below(8);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- XLSX

/// The XML of one cell: a number as a value, anything else as an inline
/// string; no reference (the reader counts positions).
fn cell_xml(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && text.parse::<f64>().is_ok_and(f64::is_finite)
        && !text.starts_with('+');
    if plain {
        format!("<c><v>{text}</v></c>")
    } else if text.is_empty() {
        "<c></c>".into()
    } else {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .chars()
            .filter(|&c| c == '\t' || c == '\n' || c >= ' ')
            .collect::<String>();
        format!("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">{escaped}</t></is></c>")
    }
}

/// A sheet's XML from CSV text: one `<row>` per line.
pub fn sheet_from_csv(csv_text: &str) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let mut xml = String::from(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\n",
    );
    for rec in reader.records() {
        let rec = rec.expect("a sample CSV parses");
        xml.push_str("<row>");
        for cell in rec.iter() {
            xml.push_str(&cell_xml(cell));
        }
        xml.push_str("</row>\n");
    }
    xml.push_str("</sheetData></worksheet>\n");
    xml.into_bytes()
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>";
const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
const WORKBOOK: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
const WORKBOOK_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

/// A one-sheet workbook around a sheet's XML.
pub fn xlsx(sheet: &[u8]) -> Vec<u8> {
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of uncompressed entries (APPNOTE 4.3: local headers, the
/// central directory, its end record).
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in entries {
        let offset = out.len() as u32;
        let (crc, size) = (crc32(data), data.len() as u32);
        le32(&mut out, 0x0403_4b50);
        for x in [20u16, 0, 0, 0, 0x21] {
            le16(&mut out, x); // version, flags, stored, time, date
        }
        for x in [crc, size, size] {
            le32(&mut out, x);
        }
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        le32(&mut central, 0x0201_4b50);
        for x in [20u16, 20, 0, 0, 0, 0x21] {
            le16(&mut central, x);
        }
        for x in [crc, size, size] {
            le32(&mut central, x);
        }
        for x in [name.len() as u16, 0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, cd_size);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

// ---------------------------------------------------------------- bases

fn sample(round: &str, file: &str) -> Vec<u8> {
    let p = crate::workdir::repo()
        .join("sample_data")
        .join(round)
        .join(file);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn framework_of(round_toml: &str) -> (String, Vec<u8>) {
    let named = round_toml
        .lines()
        .find_map(|l| l.strip_prefix("framework = \"../../"))
        .and_then(|l| l.strip_suffix('"'))
        .expect("round.toml names a framework under indicators/")
        .to_string();
    let bytes = std::fs::read(crate::workdir::repo().join(&named)).unwrap();
    (named, bytes)
}

/// round.toml of a sample: the framework beside it, the robustness
/// analysis small (the fuzz and mutation runs test reading, not the
/// statistics of 10,000 replications), `edit` applied.
fn round_toml(round: &str, edit: &[(&str, &str)]) -> (Vec<u8>, Vec<u8>) {
    let text = String::from_utf8(sample(round, "round.toml")).unwrap();
    let (named, fw) = framework_of(&text);
    let mut text = text.replace(&format!("../../{named}"), "framework.toml");
    for (key, small) in [
        ("replications", "10"),
        ("sobol_base", "4"),
        ("bootstrap", "5"),
    ] {
        text = text
            .lines()
            .map(|l| {
                if l.starts_with(&format!("{key} = ")) {
                    format!("{key} = {small}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
    }
    for (from, to) in edit {
        assert!(text.contains(from), "{round}/round.toml has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    (text.into_bytes(), fw)
}

fn seed(file: &'static str, kind: Kind, bytes: Vec<u8>) -> Seed {
    Seed { file, kind, bytes }
}

/// The base rounds, every reader seeded: the competition sample (registry
/// with extra columns, a wide submissions file, reviewers, reviews, and a
/// conflicts file added), the same with XLSX registry and submissions, the
/// mid-term sample (long submissions, history, the enterprise roster cut
/// to every 20th row, a flags file added) and the ASEM index (a wide file
/// with mapped and ignored columns, a 49-indicator framework).
pub fn bases() -> Vec<Base> {
    let comp = "hebei-2022-competition";
    let (toml, fw) = round_toml(
        comp,
        &[(
            "reviews = \"reviews.csv\"\n",
            "reviews = \"reviews.csv\"\nconflicts = \"conflicts.csv\"\n",
        )],
    );
    let conflicts = "专家编号,集群编号,回避原因\nR01,C03,曾参与该集群规划编制\n"
        .as_bytes()
        .to_vec();
    let competition = Base {
        name: "competition",
        files: vec![
            seed("round.toml", Kind::Toml, toml),
            seed("framework.toml", Kind::Toml, fw.clone()),
            seed("clusters.csv", Kind::Csv, sample(comp, "clusters.csv")),
            seed("indicators.csv", Kind::Csv, sample(comp, "indicators.csv")),
            seed("reviewers.csv", Kind::Csv, sample(comp, "reviewers.csv")),
            seed("reviews.csv", Kind::Csv, sample(comp, "reviews.csv")),
            seed("conflicts.csv", Kind::Csv, conflicts),
        ],
    };
    let (toml, _) = round_toml(
        comp,
        &[
            (
                "clusters = \"clusters.csv\"",
                "clusters = \"clusters.xlsx\"",
            ),
            ("[\"indicators.csv\"]", "[\"indicators.xlsx\"]"),
        ],
    );
    let sheet = |f: &str| sheet_from_csv(&String::from_utf8(sample(comp, f)).unwrap());
    let workbooks = Base {
        name: "competition-xlsx",
        files: vec![
            seed("round.toml", Kind::Toml, toml),
            seed("framework.toml", Kind::Toml, fw),
            seed("clusters.xlsx", Kind::Xlsx, sheet("clusters.csv")),
            seed("indicators.xlsx", Kind::Xlsx, sheet("indicators.csv")),
            seed("reviewers.csv", Kind::Csv, sample(comp, "reviewers.csv")),
            seed("reviews.csv", Kind::Csv, sample(comp, "reviews.csv")),
        ],
    };
    let mid = "hebei-2024-midterm";
    let (toml, fw) = round_toml(
        mid,
        &[(
            "history = \"history.csv\"\n",
            "history = \"history.csv\"\nflags = \"flags.csv\"\n",
        )],
    );
    let roster: Vec<u8> = split_lines(&sample(mid, "enterprises.csv"))
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 20 == 0)
        .flat_map(|(_, l)| l)
        .collect();
    let flags = "cluster_id,flag,note\nHB07,数据造假,2023 抽查发现\n"
        .as_bytes()
        .to_vec();
    let midterm = Base {
        name: "midterm",
        files: vec![
            seed("round.toml", Kind::Toml, toml),
            seed("framework.toml", Kind::Toml, fw),
            seed("clusters.csv", Kind::Csv, sample(mid, "clusters.csv")),
            seed("indicators.csv", Kind::Csv, sample(mid, "indicators.csv")),
            seed("history.csv", Kind::Csv, sample(mid, "history.csv")),
            seed("flags.csv", Kind::Csv, flags),
            seed("enterprises.csv", Kind::Csv, roster),
        ],
    };
    let (toml, fw) = round_toml("asem", &[]);
    let asem = Base {
        name: "asem",
        files: vec![
            seed("round.toml", Kind::Toml, toml),
            seed("framework.toml", Kind::Toml, fw),
            seed("iData.csv", Kind::Csv, sample("asem", "iData.csv")),
        ],
    };
    vec![competition, workbooks, midterm, asem]
}
