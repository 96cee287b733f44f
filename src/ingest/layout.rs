//! A file's layout, found rather than assumed: which row is the header,
//! whether a units row sits under it, and which rows are not records.
//!
//! Offices send spreadsheets laid out for people: a merged title above the
//! header, a date line, a units row under it, a 合计 row, notes and a
//! signature line under the data. `find` looks at the rows a reader kept
//! (blank rows are never kept) and decides, for a file of a given `Role`
//! (the key columns its header must have, such as the cluster id):
//!
//! **Header.** The first of the first `HEADER_SEARCH` rows that has two
//! filled cells or more and names every key column exactly (one of its
//! names, a unit in brackets aside); failing that, the first that names
//! each in parts that are all its names or words such as ID and 编号
//! ("集群编号 cluster_id", "Cluster ID"). A text that holds a name among
//! other words ("Shijiazhuang biomedicine cluster") never heads a column,
//! so a data row is not taken for the header. The rows above the header
//! are title rows; one of them that holds a plausible id (below) in a key
//! column and another filled cell looks like data, not a title, and is an
//! error (skipping it would lose a record). No header: an error naming
//! the key columns and their names.
//!
//! **Units row.** The row right under the header, when every filled cell
//! is a unit word (亿元, %, 家, "单位：万元", "（亿元）"; `units::is_unit` and
//! the role's own units) or a label (单位, unit, —), with at least one unit
//! and none under a key column. The table builder puts its units into the
//! header.
//!
//! **Rows that are not records**, after the header, wherever they are (a
//! 小计 can sit between groups). A row is set aside when it is
//! recognisably not a record, and only then:
//!
//! - (a) *total row*: its first filled cell, or a key cell, is a totals
//!   word (合计, 总计, 小计, 共计, total, subtotal, grand total, sum; spaces
//!   and a trailing colon aside), the key cells being empty or that cell;
//! - (b) *note or signature row*: its first filled cell starts with a note
//!   word (注, 说明, 填表说明, 备注, 数据来源, Note, Source…) or a signature
//!   word (填报人, 审核人, 负责人, 联系人, 制表, 签字, 盖章, 填报日期,
//!   Prepared by…) followed by nothing, a colon, a bracket, a space, a
//!   digit or 、 ("注塑模具集群" opens no note), the key cells being empty
//!   or that cell;
//! - (c) *one-cell row*: exactly one cell is filled, it is not a number,
//!   and it is not in a key column, or its text is no plausible id: longer
//!   than the longest key cell of the rows with two filled cells or more,
//!   or holding a space, a colon, a comma, a semicolon, 。, 、, ! or ?.
//!
//! Any other row is a record, checked by its reader (an unknown id is
//! still an error): a one-cell row reading "C05" or "12345.67" is an
//! incomplete record, not a note; a row under the data with two names and
//! no note or signature word is a record too.
//!
//! **Comment lines.** A row above the header whose first filled cell
//! starts with `#` or `//` (`# source: ...`; a spreadsheet error such as
//! `#N/A` is no comment) is a comment: never taken for the header nor for
//! data above it, set aside as a comment and noted. Under the header a
//! row opening with a comment marker is an error, located at the row:
//! comments come before the header, and skipping a row among the records
//! could lose one.
//!
//! **Pins** (round.toml `header_row`, `data_rows`, `last_row`): a pinned
//! header replaces the search (the rows above it are set aside as such);
//! a pinned data range replaces (a)-(c), and the rows outside it are set
//! aside. The units row is recognised under a pinned header too: skipping
//! it would read every amount in the wrong unit.
//!
//! Title cells that state a unit for the whole table ("单位：万元") are
//! listed, for the roles where skipping them would change values. A role
//! without key columns reads the first row as the header and every other
//! row as a record. This module decides; it neither reports nor builds the
//! table.

use super::number::{parse_cell, to_half_width, Cell};
use super::table::Row;
use super::{header_matches, split_header_unit, units};
use crate::diag::Diagnostic;
use comments::is_comment_row;
use std::collections::BTreeMap;
use words::{is_total, is_units_label, opening_word, plausible_id, unit_statement, unit_word};

/// Rows (not blank) searched for the header.
pub const HEADER_SEARCH: usize = 30;

/// A column the header of a file must have.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The role as round.toml's `columns` names it ("cluster_id").
    pub id: String,
    /// The role as messages name it ("cluster_id (集群编号)").
    pub label: String,
    /// The header names it is found by.
    pub names: Vec<String>,
}

impl Key {
    pub fn new(id: &str, label: &str, names: &[&str]) -> Key {
        Key {
            id: id.to_string(),
            label: label.to_string(),
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn matches(&self, header: &str) -> bool {
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        header_matches(header, &names)
    }

    /// How well a cell heads this column: exactly one of its names (a
    /// unit in brackets aside), or in parts that are each one of its names
    /// or a word such as ID or 编号 ("集群编号 cluster_id", "Cluster ID").
    /// A text that holds a name among other words ("Shijiazhuang
    /// biomedicine cluster") is no header.
    fn heads(&self, cell: &str) -> Option<Match> {
        let (name, _) = split_header_unit(cell);
        let name = to_half_width(&name).trim().to_lowercase();
        let named = |part: &str| {
            self.names
                .iter()
                .any(|n| to_half_width(n).trim().to_lowercase() == part)
        };
        if named(&name) {
            return Some(Match::Exact);
        }
        let parts: Vec<&str> = name
            .split(|c: char| c.is_whitespace() || c == '/' || c == '|')
            .filter(|p| !p.is_empty())
            .collect();
        (parts.iter().any(|p| named(p)) && parts.iter().all(|p| named(p) || QUALIFIERS.contains(p)))
            .then_some(Match::Parts)
    }
}

/// Words that qualify a key's name in a header ("Cluster ID").
const QUALIFIERS: &[&str] = &["id", "no", "no.", "code", "number", "编号", "代码", "号"];

/// How a header cell names a key column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Parts,
    Exact,
}

/// What a file is, as far as its layout is concerned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Role {
    /// The columns its header must have. None: the first row is the
    /// header and every other row a record.
    pub keys: Vec<Key>,
    /// Unit words a units row may hold besides the known units (the
    /// framework's units).
    pub units: Vec<String>,
    /// A title row stating a unit for the whole table ("单位：万元") would
    /// change values (submissions): the table builder refuses it.
    pub table_unit_matters: bool,
}

impl Role {
    /// A file whose header has these key columns.
    pub fn keyed(keys: Vec<Key>) -> Role {
        Role {
            keys,
            ..Role::default()
        }
    }

    /// The same role, each key also found by the header round.toml maps to
    /// it (`columns = { cluster_id = "uCode" }`).
    pub fn mapped(&self, columns: &BTreeMap<String, String>) -> Role {
        let mut role = self.clone();
        for key in &mut role.keys {
            if let Some(header) = columns.get(&key.id) {
                key.names.push(header.clone());
            }
        }
        role
    }

    /// A unit word: a known unit or one of the role's.
    pub fn is_unit(&self, word: &str) -> bool {
        units::is_unit(word)
            || self
                .units
                .iter()
                .any(|u| units::normalise(u) == units::normalise(word))
    }
}

/// Rows of a file pinned in round.toml (rows as a spreadsheet numbers
/// them), checked for their form when read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pins {
    /// round.toml, where the pins are set (for messages).
    pub round_file: String,
    pub header_row: Option<usize>,
    /// The first data row (`data_rows = "5-40"`); None: under the header.
    pub first_row: Option<usize>,
    /// The last data row (`data_rows` or `last_row`).
    pub last_row: Option<usize>,
}

impl Pins {
    fn data_pinned(&self) -> bool {
        self.first_row.is_some() || self.last_row.is_some()
    }

    /// The setting that pins the data range, as written.
    fn data_setting(&self) -> String {
        match (self.first_row, self.last_row) {
            (Some(a), Some(b)) => format!("data_rows = \"{a}-{b}\""),
            (_, b) => format!("last_row = {}", b.unwrap_or(0)),
        }
    }
}

/// Why a row is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Title,
    /// A comment line above the header (`# ...`, `// ...`).
    Comment,
    Units,
    Total,
    Note,
    Signature,
    AbovePinnedHeader,
    OutsidePinnedRange,
}

impl Kind {
    /// The reason written to rejections.csv.
    /// `reason` in Chinese.
    pub fn reason_zh(self) -> &'static str {
        match self {
            Kind::Title => "表头上方的标题行",
            Kind::Comment => "表头上方的注释行",
            Kind::Units => "单位行，已并入表头",
            Kind::Total => "合计行",
            Kind::Note => "说明行",
            Kind::Signature => "签名行",
            Kind::AbovePinnedHeader => "在 round.toml 设定的表头行上方",
            Kind::OutsidePinnedRange => "在 round.toml 设定的数据范围之外",
        }
    }

    pub fn reason(self) -> &'static str {
        match self {
            Kind::Title => "title row above the header",
            Kind::Comment => "comment line above the header",
            Kind::Units => "units row, applied to the header",
            Kind::Total => "total row",
            Kind::Note => "note row",
            Kind::Signature => "signature row",
            Kind::AbovePinnedHeader => "above the header row set in round.toml",
            Kind::OutsidePinnedRange => "outside the data range set in round.toml",
        }
    }
}

/// The units row: its index and the unit of each column it gives one.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitsRow {
    pub row: usize,
    pub units: Vec<(usize, String)>,
}

/// A file's layout; rows by their index in the rows given to `find`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub header: usize,
    pub units: Option<UnitsRow>,
    /// Every row that is not the header and not a record, with why (the
    /// units row among them), in order.
    pub set_aside: Vec<(usize, Kind)>,
    /// Cells of title rows that state a unit for the whole table: (row,
    /// the cell).
    pub table_units: Vec<(usize, String)>,
}

impl Layout {
    /// The rows that are records, by index.
    pub fn records(&self, rows: usize) -> Vec<usize> {
        let mut aside = self.set_aside.iter().map(|&(i, _)| i).peekable();
        let mut out = Vec::new();
        for i in self.header + 1..rows {
            while aside.next_if(|&a| a < i).is_some() {}
            if aside.peek() != Some(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// Find the layout of `rows` (the rows of `file` that are not blank, in
/// order) for a file of `role`, with `pins` from round.toml. An error
/// when no header is found, a data row sits above it, or a pin does not
/// fit the file.
pub fn find(rows: &[Row], role: &Role, pins: &Pins, file: &str) -> Result<Layout, Box<Diagnostic>> {
    let Some(last) = rows.last() else {
        return Err(Box::new(Diagnostic::error(
            file,
            "the file is empty: expected a header row",
        )));
    };
    let header = match pins.header_row {
        Some(n) => pinned_header(rows, n, last.line, pins, file)?,
        None if role.keys.is_empty() => rows.iter().position(|r| !is_comment_row(r)).unwrap_or(0),
        None => detect_header(rows, role, file)?,
    };
    let key_cols = key_columns(&rows[header], role);
    let title = if pins.header_row.is_some() {
        Kind::AbovePinnedHeader
    } else {
        Kind::Title
    };
    let mut set_aside: Vec<(usize, Kind)> = (0..header)
        .map(|i| {
            (
                i,
                if is_comment_row(&rows[i]) {
                    Kind::Comment
                } else {
                    title
                },
            )
        })
        .collect();
    // Title cells that state a unit for the whole table.
    let table_units = rows
        .iter()
        .take(header)
        .enumerate()
        .flat_map(|(i, r)| {
            r.cells
                .iter()
                .filter(|c| unit_statement(c, role).is_some())
                .map(move |c| (i, c.trim().to_string()))
        })
        .collect();
    let units = match rows.get(header + 1) {
        Some(r) if !role.keys.is_empty() || pins.header_row.is_some() => {
            units_row(r, &key_cols, role).map(|units| UnitsRow {
                row: header + 1,
                units,
            })
        }
        _ => None,
    };
    let body = header + 1 + usize::from(units.is_some());
    if units.is_some() {
        set_aside.push((header + 1, Kind::Units));
    }
    let longest = longest_id(&rows[body..], &key_cols);
    if pins.header_row.is_none() && !role.keys.is_empty() {
        data_above_header(rows, header, &key_cols, longest, role, file)?;
    }
    if pins.data_pinned() {
        let first = pins.first_row.unwrap_or(0);
        let last_pin = pins.last_row.unwrap_or(usize::MAX);
        pinned_range(rows, header, first, last_pin, last.line, pins, file)?;
        for (i, r) in rows.iter().enumerate().skip(body) {
            if r.line < first || r.line > last_pin {
                set_aside.push((i, Kind::OutsidePinnedRange));
            }
        }
    } else if !role.keys.is_empty() {
        for (i, r) in rows.iter().enumerate().skip(body) {
            if let Some(kind) = not_a_record(r, &key_cols, longest) {
                set_aside.push((i, kind));
            }
        }
    }
    Ok(Layout {
        header,
        units,
        set_aside,
        table_units,
    })
}

/// The pinned header's index.
fn pinned_header(
    rows: &[Row],
    n: usize,
    last: usize,
    pins: &Pins,
    file: &str,
) -> Result<usize, Box<Diagnostic>> {
    let pin_error = |msg: String| {
        Box::new(
            Diagnostic::error(&pins.round_file, msg)
                .column("header_row")
                .value(n.to_string()),
        )
    };
    if n > last {
        return Err(pin_error(format!(
            "header_row = {n} for {file} is beyond the file's last row ({last})"
        )));
    }
    rows.iter().position(|r| r.line == n).ok_or_else(|| {
        pin_error(format!(
            "header_row = {n} for {file}: row {n} is blank, so it cannot be the header"
        ))
    })
}

/// A pinned data range must lie under the header and within the file.
fn pinned_range(
    rows: &[Row],
    header: usize,
    first: usize,
    last_pin: usize,
    last: usize,
    pins: &Pins,
    file: &str,
) -> Result<(), Box<Diagnostic>> {
    let setting = pins.data_setting();
    let key = if pins.first_row.is_some() {
        "data_rows"
    } else {
        "last_row"
    };
    let error = |msg: String| {
        Box::new(
            Diagnostic::error(&pins.round_file, format!("{setting} for {file}: {msg}"))
                .column(key)
                .value(setting.split(" = ").nth(1).unwrap_or("").trim_matches('"')),
        )
    };
    let h = rows[header].line;
    if (pins.first_row.is_some() && first <= h) || last_pin <= h {
        return Err(error(format!(
            "the data must lie under the header (row {h})"
        )));
    }
    if last_pin != usize::MAX && last_pin > last {
        return Err(error(format!("the file's last row is {last}")));
    }
    Ok(())
}

/// The first row of the first `HEADER_SEARCH` with two filled cells that
/// names every key column exactly; failing that, the first that names
/// each in parts (`Key::heads`).
fn detect_header(rows: &[Row], role: &Role, file: &str) -> Result<usize, Box<Diagnostic>> {
    let names_keys = |r: &Row, least: Match| {
        !is_comment_row(r)
            && filled(r).count() >= 2
            && role.keys.iter().all(|k| {
                r.cells
                    .iter()
                    .any(|c| k.heads(c).is_some_and(|m| m >= least))
            })
    };
    // Comment lines do not count against the rows searched.
    let comments = rows
        .iter()
        .take(HEADER_SEARCH)
        .filter(|r| is_comment_row(r))
        .count();
    let window = &rows[..rows.len().min(HEADER_SEARCH + comments)];
    let found = window
        .iter()
        .position(|r| names_keys(r, Match::Exact))
        .or_else(|| window.iter().position(|r| names_keys(r, Match::Parts)));
    found.ok_or_else(|| {
        let expected: Vec<String> = role
            .keys
            .iter()
            .map(|k| format!("{} [{}]", k.label, k.names.join(" / ")))
            .collect();
        let searched = rows.len().min(HEADER_SEARCH);
        Box::new(
            Diagnostic::error(
                file,
                format!(
                    "no header row: none of the first {searched} rows (to row {}) has the column{} {}; the first row reads {:?}. Name the column so, map it with `columns`, or set header_row in round.toml",
                    rows[searched - 1].line,
                    if role.keys.len() > 1 { "s" } else { "" },
                    expected.join(" and "),
                    shown(&rows[0])
                ),
            )
            .row(rows[0].line)
            .column(role.keys.first().map_or(String::new(), |k| k.label.clone())),
        )
    })
}

/// A row above a found header that looks like data is an error: skipping
/// it as a title would lose a record.
fn data_above_header(
    rows: &[Row],
    header: usize,
    key_cols: &[usize],
    longest: usize,
    role: &Role,
    file: &str,
) -> Result<(), Box<Diagnostic>> {
    for r in &rows[..header] {
        if filled(r).count() < 2 || is_comment_row(r) {
            continue;
        }
        for (k, &c) in key_cols.iter().enumerate() {
            let cell = r.cells.get(c).map_or("", |s| s.trim());
            if plausible_id(cell, longest) {
                let h = rows[header].line;
                return Err(Box::new(
                    Diagnostic::error(
                        file,
                        format!(
                            "row {} above the header (row {h}) looks like a data row, not a title: rows above the header are not read. Move the header to the top of the table, or set header_row in round.toml",
                            r.line
                        ),
                    )
                    .row(r.line)
                    .column(role.keys.get(k).map_or(String::new(), |k| k.label.clone()))
                    .value(cell),
                ));
            }
        }
    }
    Ok(())
}

/// The header's column of each key (the first matching one).
fn key_columns(header: &Row, role: &Role) -> Vec<usize> {
    role.keys
        .iter()
        .filter_map(|k| {
            let cells = &header.cells;
            (cells.iter().position(|c| k.heads(c).is_some()))
                .or_else(|| cells.iter().position(|c| k.matches(c)))
        })
        .collect()
}

/// The filled cells of a row: (column, trimmed text).
fn filled(row: &Row) -> impl Iterator<Item = (usize, &str)> {
    row.cells
        .iter()
        .enumerate()
        .map(|(c, s)| (c, s.trim()))
        .filter(|(_, s)| !s.is_empty())
}

/// A row's filled cells joined, cut to 40 characters, for messages.
pub fn shown(row: &Row) -> String {
    let text: Vec<&str> = filled(row).map(|(_, s)| s).collect();
    let text = text.join(" ");
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// The units of a units row by column, or None when `row` is not one.
fn units_row(row: &Row, key_cols: &[usize], role: &Role) -> Option<Vec<(usize, String)>> {
    let mut out = Vec::new();
    for (c, text) in filled(row) {
        if is_units_label(text) {
            continue;
        }
        let unit = unit_word(text, role)?;
        if key_cols.contains(&c) {
            return None;
        }
        out.push((c, unit));
    }
    (!out.is_empty()).then_some(out)
}

/// The longest key cell (in characters) of the rows with two filled
/// cells or more that are not totals, notes or signatures.
fn longest_id(rows: &[Row], key_cols: &[usize]) -> usize {
    rows.iter()
        .filter(|r| filled(r).count() >= 2 && marked(r, key_cols).is_none())
        .flat_map(|r| key_cols.iter().filter_map(|&c| r.cells.get(c)))
        .map(|c| c.trim().chars().count())
        .max()
        .unwrap_or(0)
}

/// Rules (a) and (b) of the module header.
fn marked(row: &Row, key_cols: &[usize]) -> Option<Kind> {
    let (first_col, first) = filled(row).next()?;
    let keys_free = key_cols
        .iter()
        .all(|&c| c == first_col || row.cells.get(c).is_none_or(|s| s.trim().is_empty()));
    if key_cols
        .iter()
        .any(|&c| row.cells.get(c).is_some_and(|s| is_total(s)))
        || (keys_free && is_total(first))
    {
        return Some(Kind::Total);
    }
    keys_free.then(|| opening_word(first)).flatten()
}

/// Why a row after the header is not a record (rules (a)-(c)), if it is
/// recognisably not one.
fn not_a_record(row: &Row, key_cols: &[usize], longest: usize) -> Option<Kind> {
    if let Some(kind) = marked(row, key_cols) {
        return Some(kind);
    }
    let mut cells = filled(row);
    let (c, text) = cells.next()?;
    // A lone number may be a value whose row lost its id: a record.
    if cells.next().is_some() || matches!(parse_cell(text), Ok(Cell::Number { .. })) {
        return None;
    }
    (!key_cols.contains(&c) || !plausible_id(text, longest)).then_some(Kind::Note)
}

mod comments;
#[cfg(test)]
mod tests;
mod words;
