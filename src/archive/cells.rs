//! What changed inside an input file between two versions of it, cell by
//! cell: pure, bytes in and changes out (`verify` names the cells of an
//! input overwritten since its run; `diff` the cells that differ between
//! two runs).
//!
//! **CSV** (decoded as the ingest decodes it: UTF-8 with or without a BOM,
//! UTF-16 with a BOM, GBK / GB18030) and **XLSX** (every sheet, matched by
//! name, each cell as Excel shows it, numbers with their full value) are
//! compared as tables. In each version the header is the first of the
//! first rows with two filled cells or more (rows above it are titles,
//! compared by position). Columns are matched by their header text when
//! it is unique in its version, else by position, so an inserted column
//! is one new column and not every cell moved; a column is named by its
//! letter and header, `C (营业收入 revenue)`. Rows are matched by a key:
//! the fewest leading columns (at most four, never all of them) whose
//! values are unique in both versions, such as a cluster id, or cluster,
//! indicator and period in a long table; failing a key, by position. So
//! the same rows in another order are no change, a corrected cell is one
//! change (old → new), and an added or removed row is named with its cells
//! (its key first). Rows are numbered as a spreadsheet shows them (the
//! ingest's convention: 1 is the first line), in the new version, and in
//! the earlier one for a removed row. Spaces around a cell's text are not
//! a change (the ingest reads the text trimmed); a file whose bytes differ
//! with no cell changed (line ends, encoding, order) gives no change.
//!
//! **TOML** (round.toml, the framework): every setting flattened to its
//! key path, an array of tables keyed by its `id` when every table has a
//! unique one (`indicator[A1].points`), else by its place (`grade[#2].min`,
//! counted from 1); a changed, added or removed setting is a `Setting`
//! change, so a change of weight, rule or cut-off is named (`settings`).
//!
//! **Anything else**, or a file that cannot be read as its kind, or one
//! larger than `MAX_COMPARED`: one `Binary` change with both digests.
//! Every change is kept; `describe` shows the first few and counts the
//! rest.

mod settings;
#[cfg(test)]
mod tests;

use crate::ingest::csv_text;
use crate::ingest::reading::column_letters;
use crate::report::manifest::sha256_hex;
use crate::report::{CellWords, Lang};
use std::collections::{HashMap, HashSet};

/// The largest version of a file compared cell by cell (bytes); a larger
/// one is compared by its digest.
pub const MAX_COMPARED: usize = 64 << 20;
/// Rows at the top of a table searched for its header.
const HEADER_SEARCH: usize = 20;
/// Leading columns at most in a row's key.
const MAX_KEY: usize = 4;
/// Characters of a value shown by `describe`.
const SHOWN_CHARS: usize = 80;

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ChangeKind {
    /// A cell of a table: `old` → `new` (None: blank).
    Cell,
    /// A row only in the new version (`new`: its cells).
    RowAdded,
    /// A row only in the earlier version (`old`: its cells; `row`: its
    /// row there).
    RowRemoved,
    /// A setting of a TOML file (`column`: its key path; None: not set).
    Setting,
    /// A file only in the new run.
    FileAdded,
    /// A file only in the earlier run.
    FileRemoved,
    /// A file not compared cell by cell (`old`, `new`: its SHA-256).
    Binary,
}

/// One change between two versions of an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellChange {
    /// The file as the manifest names it.
    pub file: String,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The row as a spreadsheet shows it.
    pub row: Option<usize>,
    /// The column (letter and header) or the setting's key path.
    pub column: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub kind: ChangeKind,
}

impl CellChange {
    fn whole_file(label: &str, kind: ChangeKind) -> CellChange {
        CellChange {
            file: label.to_string(),
            sheet: None,
            row: None,
            column: None,
            old: None,
            new: None,
            kind,
        }
    }

    /// A file only in the new run.
    pub fn file_added(label: &str) -> CellChange {
        CellChange::whole_file(label, ChangeKind::FileAdded)
    }

    /// A file only in the earlier run.
    pub fn file_removed(label: &str) -> CellChange {
        CellChange::whole_file(label, ChangeKind::FileRemoved)
    }
}

/// Every change between two versions of the input `label` (its name says
/// its kind: `.csv`, `.xlsx`/`.xlsm`, `.toml`); none when no cell or
/// setting differs.
pub fn diff_file(label: &str, old: &[u8], new: &[u8]) -> Vec<CellChange> {
    if old == new {
        return Vec::new();
    }
    let compared = if old.len().max(new.len()) > MAX_COMPARED {
        None
    } else {
        let ext = label
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => csv_changes(label, old, new),
            "xlsx" | "xlsm" => xlsx_changes(label, old, new),
            "toml" => settings::changes(label, old, new),
            _ => None,
        }
    };
    compared.unwrap_or_else(|| {
        let mut c = CellChange::whole_file(label, ChangeKind::Binary);
        c.old = Some(sha256_hex(old));
        c.new = Some(sha256_hex(new));
        vec![c]
    })
}

/// A row of a table: its spreadsheet row and its cells.
type Line = (usize, Vec<String>);

fn csv_changes(label: &str, old: &[u8], new: &[u8]) -> Option<Vec<CellChange>> {
    let rows = |bytes: &[u8]| -> Option<Vec<Line>> {
        let (text, _) = csv_text::decode(bytes).ok()?;
        let (records, open) = csv_text::records(&text);
        // A quote left open hides the rest of the file in one cell: such
        // a file is compared by its digest (the ingest refuses it).
        if open.is_some() {
            return None;
        }
        Some(records.into_iter().filter(|(_, c)| filled(c) > 0).collect())
    };
    Some(diff_rows(label, None, &rows(old)?, &rows(new)?))
}

fn xlsx_changes(label: &str, old: &[u8], new: &[u8]) -> Option<Vec<CellChange>> {
    let sheets = |bytes: &[u8]| -> Option<Vec<(String, Vec<Line>)>> {
        let sheets = crate::ingest::sheets_from_bytes(bytes, label).ok()?;
        Some(
            sheets
                .into_iter()
                .map(|(name, grid)| {
                    let rows = grid.rows.into_iter().map(|r| (r.line, r.cells)).collect();
                    (name, rows)
                })
                .collect(),
        )
    };
    let (old, new) = (sheets(old)?, sheets(new)?);
    let mut changes = Vec::new();
    for (name, rows) in &new {
        let before = old
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[][..], |(_, r)| r);
        changes.extend(diff_rows(label, Some(name), before, rows));
    }
    for (name, rows) in &old {
        if !new.iter().any(|(n, _)| n == name) {
            changes.extend(diff_rows(label, Some(name), rows, &[]));
        }
    }
    Some(changes)
}

/// Cells holding more than blanks.
fn filled(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.trim().is_empty()).count()
}

/// A cell's text as compared (trimmed; None: blank or absent).
fn cell(cells: &[String], col: Option<usize>) -> Option<&str> {
    col.and_then(|c| cells.get(c))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

/// A row's cells as one text: up to its last filled cell.
fn row_text(cells: &[String]) -> String {
    let end = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    cells[..end]
        .iter()
        .map(|c| c.trim())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table split into title rows, header and data rows.
struct Parts<'a> {
    titles: &'a [Line],
    header: Option<&'a Line>,
    data: &'a [Line],
}

fn parts(rows: &[Line]) -> Parts<'_> {
    if rows.is_empty() {
        return Parts {
            titles: &[],
            header: None,
            data: &[],
        };
    }
    let h = rows
        .iter()
        .take(HEADER_SEARCH)
        .position(|(_, c)| filled(c) >= 2)
        .unwrap_or(0);
    Parts {
        titles: &rows[..h],
        header: Some(&rows[h]),
        data: &rows[h + 1..],
    }
}

/// The changes found, located in one file (and sheet).
struct Found<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    changes: Vec<CellChange>,
}

impl Found<'_> {
    fn push(
        &mut self,
        row: usize,
        column: Option<String>,
        old: Option<&str>,
        new: Option<&str>,
        kind: ChangeKind,
    ) {
        self.changes.push(CellChange {
            file: self.file.to_string(),
            sheet: self.sheet.map(str::to_string),
            row: Some(row),
            column,
            old: old.map(str::to_string),
            new: new.map(str::to_string),
            kind,
        });
    }

    /// Two rows matched by position, compared column by column (letters).
    fn by_letter(&mut self, row: usize, old: &[String], new: &[String]) {
        for c in 0..old.len().max(new.len()) {
            let (o, n) = (cell(old, Some(c)), cell(new, Some(c)));
            if o != n {
                self.push(row, Some(column_letters(c)), o, n, ChangeKind::Cell);
            }
        }
    }

    fn added(&mut self, (row, cells): &Line) {
        self.push(
            *row,
            None,
            None,
            Some(&row_text(cells)),
            ChangeKind::RowAdded,
        );
    }

    fn removed(&mut self, (row, cells): &Line) {
        self.push(
            *row,
            None,
            Some(&row_text(cells)),
            None,
            ChangeKind::RowRemoved,
        );
    }
}

/// The changes between two versions of a table (see the module header).
fn diff_rows(file: &str, sheet: Option<&str>, old: &[Line], new: &[Line]) -> Vec<CellChange> {
    let mut found = Found {
        file,
        sheet,
        changes: Vec::new(),
    };
    let (o, n) = (parts(old), parts(new));
    // Title rows, by position.
    for k in 0..o.titles.len().max(n.titles.len()) {
        match (o.titles.get(k), n.titles.get(k)) {
            (Some(a), Some(b)) => found.by_letter(b.0, &a.1, &b.1),
            (Some(a), None) => found.removed(a),
            (None, Some(b)) => found.added(b),
            (None, None) => {}
        }
    }
    let none: Vec<String> = Vec::new();
    let head = |p: &Parts| p.header.map_or(&none, |(_, c)| c).clone();
    let width = |p: &Parts| {
        p.data
            .iter()
            .chain(p.header)
            .map(|(_, c)| c.len())
            .max()
            .unwrap_or(0)
    };
    let columns = columns(&head(&o), &head(&n), width(&o), width(&n));
    match (o.header, n.header) {
        (Some(a), Some(b)) => {
            for col in &columns {
                let (x, y) = (cell(&a.1, col.old), cell(&b.1, col.new));
                if x != y {
                    found.push(b.0, Some(col.name.clone()), x, y, ChangeKind::Cell);
                }
            }
        }
        (Some(a), None) => found.removed(a),
        (None, Some(b)) => found.added(b),
        (None, None) => {}
    }
    let matched = match_rows(o.data, n.data, &columns);
    let mut used = vec![false; o.data.len()];
    for (j, line) in n.data.iter().enumerate() {
        let Some(i) = matched[j] else {
            found.added(line);
            continue;
        };
        used[i] = true;
        let before = &o.data[i].1;
        for col in &columns {
            let (x, y) = (cell(before, col.old), cell(&line.1, col.new));
            if x != y {
                found.push(line.0, Some(col.name.clone()), x, y, ChangeKind::Cell);
            }
        }
    }
    for (i, line) in o.data.iter().enumerate() {
        if !used[i] {
            found.removed(line);
        }
    }
    found.changes
}

/// A column of either version: its place in each, and its name.
struct Column {
    old: Option<usize>,
    new: Option<usize>,
    /// Letter and header, as messages show it.
    name: String,
}

/// The columns of two versions of a table, matched by header text when
/// it is unique in its version, the others by position: the new version's
/// columns in order, then those only in the earlier one.
fn columns(old: &[String], new: &[String], old_width: usize, new_width: usize) -> Vec<Column> {
    let ident = |h: &[String]| -> HashMap<String, usize> {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for t in h.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            *count.entry(t).or_default() += 1;
        }
        h.iter()
            .enumerate()
            .filter(|(_, s)| count.get(s.trim()) == Some(&1))
            .map(|(i, s)| (s.trim().to_string(), i))
            .collect()
    };
    let (old_ids, new_ids) = (ident(old), ident(new));
    let (wo, wn) = (old_width.max(old.len()), new_width.max(new.len()));
    let mut old_used = vec![false; wo];
    let mut of_new: Vec<Option<usize>> = vec![None; wn];
    for (id, &j) in &new_ids {
        if let Some(&i) = old_ids.get(id) {
            of_new[j] = Some(i);
            old_used[i] = true;
        }
    }
    // Unmatched columns at the same place: one column renamed (or both
    // without a header).
    for (j, slot) in of_new.iter_mut().enumerate() {
        if slot.is_none() && j < wo && !old_used[j] {
            *slot = Some(j);
            old_used[j] = true;
        }
    }
    let name = |i: usize, h: &[String]| match h.get(i).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(t) => format!("{} ({t})", column_letters(i)),
        None => column_letters(i),
    };
    let mut out: Vec<Column> = of_new
        .iter()
        .enumerate()
        .map(|(j, &i)| Column {
            old: i,
            new: Some(j),
            name: name(j, new),
        })
        .collect();
    out.extend((0..wo).filter(|&i| !old_used[i]).map(|i| Column {
        old: Some(i),
        new: None,
        name: name(i, old),
    }));
    out
}

/// For every new data row, the earlier row it is matched with: by key
/// (the fewest leading shared columns unique in both versions), rows
/// without a key and tables without one by position.
fn match_rows(old: &[Line], new: &[Line], columns: &[Column]) -> Vec<Option<usize>> {
    let shared: Vec<&Column> = columns
        .iter()
        .filter(|c| c.old.is_some() && c.new.is_some())
        .collect();
    let key_of = |cells: &[String], k: usize, old_side: bool| -> Option<String> {
        let parts: Vec<&str> = shared[..k]
            .iter()
            .map(|c| cell(cells, if old_side { c.old } else { c.new }).unwrap_or(""))
            .collect();
        parts
            .iter()
            .any(|p| !p.is_empty())
            .then(|| parts.join("\u{1f}"))
    };
    let unique = |rows: &[Line], k: usize, old_side: bool| {
        let mut seen = HashSet::new();
        rows.iter()
            .filter_map(|(_, c)| key_of(c, k, old_side))
            .all(|key| seen.insert(key))
    };
    let k = (1..=MAX_KEY.min(shared.len().saturating_sub(1)))
        .find(|&k| unique(old, k, true) && unique(new, k, false));
    let mut matched = vec![None; new.len()];
    let (mut old_rest, mut new_rest): (Vec<usize>, Vec<usize>) = match k {
        Some(k) => {
            let by_key: HashMap<String, usize> = old
                .iter()
                .enumerate()
                .filter_map(|(i, (_, c))| key_of(c, k, true).map(|key| (key, i)))
                .collect();
            let mut used = vec![false; old.len()];
            for (j, (_, c)) in new.iter().enumerate() {
                if let Some(&i) = key_of(c, k, false).and_then(|key| by_key.get(&key)) {
                    matched[j] = Some(i);
                    used[i] = true;
                }
            }
            let keyless_old = (0..old.len()).filter(|&i| key_of(&old[i].1, k, true).is_none());
            let keyless_new = (0..new.len()).filter(|&j| key_of(&new[j].1, k, false).is_none());
            (keyless_old.collect(), keyless_new.collect())
        }
        None => ((0..old.len()).collect(), (0..new.len()).collect()),
    };
    old_rest.truncate(new_rest.len());
    new_rest.truncate(old_rest.len());
    for (i, j) in old_rest.into_iter().zip(new_rest) {
        matched[j] = Some(i);
    }
    matched
}

/// The first `limit` changes as English lines, and how many more.
pub fn describe(changes: &[CellChange], limit: usize) -> Vec<String> {
    describe_in(changes, limit, Lang::En)
}

/// The first `limit` changes as lines in `lang`, and a last line counting
/// the rest.
pub fn describe_in(changes: &[CellChange], limit: usize, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = changes.iter().take(limit).map(|c| line(c, lang)).collect();
    if changes.len() > limit {
        lines.push(CellWords::More.fill(lang, &[&(changes.len() - limit)]));
    }
    lines
}

/// A value as a line shows it: at most `SHOWN_CHARS` characters.
fn shown(value: &Option<String>, absent: CellWords, lang: Lang) -> String {
    match value {
        None => absent.text(lang).to_string(),
        Some(v) => match v.char_indices().nth(SHOWN_CHARS) {
            Some((i, _)) => format!("{}…", &v[..i]),
            None => v.clone(),
        },
    }
}

/// One change as a line.
pub fn line(c: &CellChange, lang: Lang) -> String {
    let file = match &c.sheet {
        Some(s) => format!("{}[{s}]", c.file),
        None => c.file.clone(),
    };
    let row = c.row.map(|r| r.to_string()).unwrap_or_default();
    let column = c.column.clone().unwrap_or_default();
    let blank = |v: &Option<String>| shown(v, CellWords::Blank, lang);
    match c.kind {
        ChangeKind::Cell => CellWords::Cell.fill(
            lang,
            &[&file, &row, &column, &blank(&c.old), &blank(&c.new)],
        ),
        ChangeKind::RowAdded => CellWords::RowAdded.fill(lang, &[&file, &row, &blank(&c.new)]),
        ChangeKind::RowRemoved => CellWords::RowRemoved.fill(lang, &[&file, &row, &blank(&c.old)]),
        ChangeKind::Setting => {
            let unset = |v: &Option<String>| shown(v, CellWords::Unset, lang);
            CellWords::Setting.fill(lang, &[&file, &column, &unset(&c.old), &unset(&c.new)])
        }
        ChangeKind::FileAdded => CellWords::FileAdded.fill(lang, &[&file]),
        ChangeKind::FileRemoved => CellWords::FileRemoved.fill(lang, &[&file]),
        ChangeKind::Binary => {
            let short = |v: &Option<String>| {
                v.as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(16)
                    .collect::<String>()
            };
            CellWords::Binary.fill(lang, &[&file, &short(&c.old), &short(&c.new)])
        }
    }
}
