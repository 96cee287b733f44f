//! The one table model every export formats (hyperfine, `src/export/`: one
//! table, formatted per style).
//!
//! A `Table` is columns (an id, a Chinese and an English label, and a kind
//! that says how its numbers are written) and rows of typed cells. CSV and
//! XLSX files are written from tables built by `tables`; the Markdown and
//! HTML reports build display tables the same way and format them with
//! their own table writers (a display table may select and relabel the
//! columns of a data table). A table holds values: how a cell looks is
//! decided by the formatter from the cell and its column's kind; the only
//! text already formatted for one style is a `Markup` cell, which a report
//! uses where a cell mixes values and markup.

use super::msg::{Alias, Col, Lang, Measure, Msg};
use super::number::{exact, fixed, NumKind, Share, NONE};
use std::borrow::Cow;

/// How the numbers of a number column are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// The shortest text that reads back as the same number.
    Exact,
    /// Fixed decimals.
    Fixed(u32),
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text: a string in a workbook, left-aligned in Markdown.
    Text,
    /// Whole numbers (ranks, counts, rows): shown without decimals.
    Integer,
    /// Numbers, written exactly or at fixed decimals.
    Number(Digits),
    /// A percentage (the cell holds the value already times 100), fixed
    /// decimals followed by "%".
    Percent(u32),
    /// A number of a report table, written as the display policy says for
    /// its kind (`number::NumKind`); exact in a data file.
    Shown(NumKind),
}

impl Kind {
    pub fn is_numeric(self) -> bool {
        self != Kind::Text
    }

    /// The text of a number in a column of this kind.
    pub fn number(self, x: f64) -> String {
        match self {
            Kind::Number(Digits::Fixed(d)) | Kind::Percent(d) => fixed(x, d),
            Kind::Text | Kind::Integer | Kind::Number(Digits::Exact) | Kind::Shown(_) => {
                exact(Some(x))
            }
        }
    }

    /// The text of a number in a report (Markdown, HTML) column of this
    /// kind, by the display policy: whole numbers grouped by thousands,
    /// fixed decimals without noise, percentages with "%".
    pub fn shown(self, x: f64) -> String {
        match self {
            Kind::Shown(k) => k.text(x),
            Kind::Integer => NumKind::Count.text(x),
            Kind::Number(Digits::Fixed(d)) => NumKind::Score { decimals: d }.text(x),
            Kind::Percent(d) => NumKind::Percent {
                given: Share::Points,
                decimals: d,
            }
            .text(x),
            Kind::Text | Kind::Number(Digits::Exact) => NumKind::Exact.text(x),
        }
    }
}

/// One column: `id` is its name in CSV files (and the English part of a
/// workbook header), `zh` and `en` the labels people read, `measure` what
/// its numbers are (the workbook's number format).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub id: Cow<'static, str>,
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
    pub kind: Kind,
    pub measure: Measure,
}

/// The measure of a column that declares none: counts for whole numbers.
fn measure_of(kind: Kind) -> Measure {
    match kind {
        Kind::Integer => Measure::Count,
        _ => Measure::General,
    }
}

impl Column {
    /// A column of a data file, named from the column catalogue.
    pub fn data(col: Col, kind: Kind) -> Column {
        Column {
            id: Cow::Borrowed(col.id()),
            zh: Cow::Borrowed(col.zh()),
            en: Cow::Borrowed(col.id()),
            kind,
            measure: col.measure(),
        }
    }

    /// A data-file column named by a catalogue alias (a CSV name used by
    /// another key, under its own Chinese name).
    pub fn alias(a: Alias, kind: Kind) -> Column {
        Column {
            id: Cow::Borrowed(a.id()),
            zh: Cow::Borrowed(a.zh()),
            en: Cow::Borrowed(a.id()),
            kind,
            measure: a.measure(),
        }
    }

    /// The same column, declared to hold numbers of this measure.
    pub fn measured(mut self, measure: Measure) -> Column {
        self.measure = measure;
        self
    }

    /// A data-file column whose name is made from the inputs (a node, a
    /// stage, a method); `zh` may be empty.
    pub fn named(id: String, zh: String, kind: Kind) -> Column {
        Column {
            en: Cow::Owned(id.clone()),
            id: Cow::Owned(id),
            zh: Cow::Owned(zh),
            kind,
            measure: measure_of(kind),
        }
    }

    /// A report column labelled from the message catalogue.
    pub fn label(msg: Msg, kind: Kind) -> Column {
        Column {
            id: Cow::Borrowed(""),
            zh: Cow::Borrowed(msg.text(Lang::Zh)),
            en: Cow::Borrowed(msg.text(Lang::En)),
            kind,
            measure: measure_of(kind),
        }
    }

    /// A report column labelled with a symbol (W, χ², p) in both languages.
    pub fn symbol(symbol: &'static str, kind: Kind) -> Column {
        Column {
            id: Cow::Borrowed(""),
            zh: Cow::Borrowed(symbol),
            en: Cow::Borrowed(symbol),
            kind,
            measure: measure_of(kind),
        }
    }

    /// A report column labelled with text from the inputs (a dimension, a
    /// stage); `en` may be empty.
    pub fn text(zh: String, en: String, kind: Kind) -> Column {
        Column {
            id: Cow::Borrowed(""),
            zh: Cow::Owned(zh),
            en: Cow::Owned(en),
            kind,
            measure: measure_of(kind),
        }
    }

    /// The label of a bilingual header: "中文 English", or the one that is
    /// there when the other is empty or the same. (The reports are in one
    /// language now; kept for bilingual headers.)
    #[allow(dead_code)]
    pub fn both(&self) -> String {
        if self.en.is_empty() || self.zh == self.en {
            self.zh.to_string()
        } else if self.zh.is_empty() {
            self.en.to_string()
        } else {
            format!("{} {}", self.zh, self.en)
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text the tool made or took from the framework (ids, labels, rules).
    Text(String),
    /// Text that came from an input file: neutralised in spreadsheets.
    Input(String),
    /// Text already written in the markup of the report it is for (escaped
    /// where needed); formatters write it as it is.
    Markup(String),
    Int(i64),
    Num(f64),
    /// No value: empty in CSV and XLSX, a dash in Markdown and HTML.
    Blank,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn input(s: impl Into<String>) -> Cell {
        Cell::Input(s.into())
    }

    pub fn count(n: usize) -> Cell {
        Cell::Int(n as i64)
    }

    /// A number, or blank for none.
    pub fn num(x: Option<f64>) -> Cell {
        x.map_or(Cell::Blank, Cell::Num)
    }

    /// A whole number, or blank for none.
    pub fn int(x: Option<usize>) -> Cell {
        x.map_or(Cell::Blank, Cell::count)
    }

    /// "yes" or "no".
    pub fn yes_no(b: bool) -> Cell {
        Cell::text(if b { "yes" } else { "no" })
    }

    /// The cell's text in a column of `kind`, with `none` for no value.
    /// Input text is returned as it is (the caller neutralises or escapes).
    pub fn display(&self, kind: Kind, none: &str) -> String {
        let base = match self {
            Cell::Text(s) | Cell::Input(s) | Cell::Markup(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(x) => kind.number(*x),
            Cell::Blank => none.to_string(),
        };
        match kind {
            Kind::Percent(_) if matches!(self, Cell::Int(_) | Cell::Num(_) | Cell::Blank) => {
                base + "%"
            }
            _ => base,
        }
    }

    /// The cell's text in Markdown and HTML, by the display policy
    /// (`Kind::shown`); the dash for no value.
    pub fn shown(&self, kind: Kind) -> String {
        match self {
            Cell::Text(s) | Cell::Input(s) | Cell::Markup(s) => s.clone(),
            Cell::Int(i) => kind.shown(*i as f64),
            Cell::Num(x) => kind.shown(*x),
            Cell::Blank => NONE.to_string(),
        }
    }
}

/// Columns and rows of typed cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// A table of data-file columns from the catalogue.
    pub fn data(columns: &[(Col, Kind)]) -> Table {
        Table::new(columns.iter().map(|&(c, k)| Column::data(c, k)).collect())
    }

    /// The same rows under other columns (labels and kinds), one for each
    /// column of the table.
    pub fn relabel(mut self, columns: Vec<Column>) -> Table {
        debug_assert_eq!(columns.len(), self.columns.len(), "one label per column");
        self.columns = columns;
        self
    }

    /// Some columns of the table, by id, each under a new label and kind.
    /// An id the table lacks gives blank cells.
    pub fn select(&self, picks: Vec<(Col, Column)>) -> Table {
        let at: Vec<Option<usize>> = picks
            .iter()
            .map(|(c, _)| self.columns.iter().position(|x| x.id == c.id()))
            .collect();
        Table {
            columns: picks.into_iter().map(|(_, column)| column).collect(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    at.iter()
                        .map(|k| k.and_then(|k| row.get(k).cloned()).unwrap_or(Cell::Blank))
                        .collect()
                })
                .collect(),
        }
    }

    /// Add a row; it has one cell per column.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "one cell per column");
        self.rows.push(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_by_kind() {
        let two = Kind::Number(Digits::Fixed(2));
        assert_eq!(Cell::Num(1.0 / 3.0).shown(two), "0.33");
        assert_eq!(Cell::Num(0.1).shown(Kind::Number(Digits::Exact)), "0.1");
        assert_eq!(Cell::Blank.shown(two), "—");
        assert_eq!(Cell::Blank.display(two, ""), "");
        assert_eq!(Cell::Blank.display(Kind::Percent(1), ""), "%");
        assert_eq!(Cell::Blank.shown(Kind::Percent(1)), "—");
        assert_eq!(Cell::Num(12.345).shown(Kind::Percent(1)), "12.3%");
        assert_eq!(Cell::Int(3).shown(two), "3.00");
        assert_eq!(Cell::Int(1800).shown(Kind::Integer), "1,800");
        assert_eq!(Cell::Num(1800.0).display(Kind::Integer, ""), "1800");
        assert_eq!(Cell::Num(2.4000000000000004).shown(two), "2.40");
        let p = Kind::Shown(NumKind::PValue);
        assert_eq!(Cell::Num(0.0002).shown(p), "< 0.001");
        assert_eq!(Cell::Num(0.0002).display(p, ""), "0.0002");
    }
}
