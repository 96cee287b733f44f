//! One problem, said once: what repeats down a column is reported with its
//! rows instead of once per row.
//!
//! `Repeated` groups problems by column, message and value (an unknown
//! indicator name written in twenty rows is one error listing the rows).
//! `CellErrors` holds a file's cell errors until the file is read, then
//! reports a column whose every filled cell failed the same way (the
//! header's fault: a unit that cannot be converted, a text column taken
//! for a field) as one error for the column, and any other cell error as
//! it was. `given_twice` words a value given twice with both locations.
//! Nothing here reads cells or decides what is an error.

use super::ids::SHOWN_CELLS;
use crate::diag::{list_rows, Diagnostic, Diagnostics};
use std::collections::BTreeMap;

/// Problems grouped by (column, message, value), in order of first row.
#[derive(Debug, Default)]
pub struct Repeated {
    groups: Vec<Group>,
    /// (file, column, message, value) to the group's index.
    index: BTreeMap<Key, usize>,
}

type Key = (String, Option<String>, String, Option<String>);

#[derive(Debug)]
struct Group {
    first: Diagnostic,
    rows: Vec<usize>,
    count: usize,
}

impl Repeated {
    /// Add a problem located at a row; one like it (same file, column,
    /// message and value) only adds its row.
    pub fn add(&mut self, d: Diagnostic) {
        let key = (
            d.file.clone(),
            d.column.clone(),
            d.message.clone(),
            d.value.clone(),
        );
        match self.index.get(&key).map(|&k| &mut self.groups[k]) {
            Some(g) => {
                g.count += 1;
                if let (true, Some(r)) = (g.rows.len() < SHOWN_CELLS, d.row) {
                    g.rows.push(r);
                }
            }
            None => {
                self.index.insert(key, self.groups.len());
                self.groups.push(Group {
                    rows: d.row.into_iter().collect(),
                    first: d,
                    count: 1,
                });
            }
        }
    }

    /// Each group once, at its first row, naming the rows it repeats in.
    pub fn finish(self, diags: &mut Diagnostics) {
        for g in self.groups {
            let mut d = g.first;
            if g.count > 1 {
                d.message = format!(
                    "{} (the same in {})",
                    d.message,
                    list_rows(&g.rows, g.count, SHOWN_CELLS)
                );
            }
            diags.push(d);
        }
    }
}

/// Cell errors of one file, by column, until the file is read.
#[derive(Debug, Default)]
pub struct CellErrors {
    /// Column, its errors in row order.
    by_column: Vec<(usize, Vec<Diagnostic>)>,
}

impl CellErrors {
    pub fn add(&mut self, column: usize, d: Diagnostic) {
        match self.by_column.iter_mut().find(|(c, _)| *c == column) {
            Some((_, v)) => v.push(d),
            None => self.by_column.push((column, vec![d])),
        }
    }

    /// Report the errors: a column whose `filled` cells (the cells read,
    /// at least two) all failed with one message as one error at its
    /// first row; every other error as it is.
    pub fn finish(self, filled: impl Fn(usize) -> usize, diags: &mut Diagnostics) {
        for (column, errors) in self.by_column {
            let n = errors.len();
            let same = errors.iter().all(|d| d.message == errors[0].message);
            if n >= 2 && same && n == filled(column) {
                let rows: Vec<usize> = errors.iter().filter_map(|d| d.row).collect();
                let mut d = errors.into_iter().next().expect("n >= 2");
                d.message = format!(
                    "{} (every one of the column's {n} values fails the same way, {}: check the column's header)",
                    d.message,
                    list_rows(&rows, n, SHOWN_CELLS)
                );
                diags.push(d);
            } else {
                for d in errors {
                    diags.push(d);
                }
            }
        }
    }
}

/// Where a value was given: file and row.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub file: &'a str,
    pub row: usize,
}

/// "indicators.csv row 5 and row 18", or with both files when they differ.
pub fn both_places(first: At, second: At) -> String {
    if first.file == second.file {
        format!("{} row {} and row {}", first.file, first.row, second.row)
    } else {
        format!(
            "{} row {} and {} row {}",
            first.file, first.row, second.file, second.row
        )
    }
}

/// "WJ03 revenue 2021 is given twice: indicators.csv row 5 and row 18
/// (values 12.3 and 12.3)".
pub fn given_twice(what: &str, first: At, a: &str, second: At, b: &str) -> String {
    format!(
        "{what} is given twice: {} (values {} and {})",
        both_places(first, second),
        a.trim(),
        b.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: usize, msg: &str, value: &str) -> Diagnostic {
        Diagnostic::error("a.csv", msg)
            .row(row)
            .column("indicator")
            .value(value)
    }

    #[test]
    fn repeats_are_one_problem_with_their_rows() {
        let mut r = Repeated::default();
        for row in [3, 4, 9, 10, 11, 12, 13] {
            r.add(at(row, "unknown indicator", "营收"));
        }
        r.add(at(5, "unknown indicator", "利润"));
        let mut d = Diagnostics::default();
        r.finish(&mut d);
        assert_eq!(d.items.len(), 2);
        assert_eq!(
            d.items[0].to_string(),
            "error: a.csv, row 3, column indicator, value \"营收\": unknown indicator (the same in rows 3, 4, 9, 10, 11 and 2 more)"
        );
        assert_eq!(
            d.items[1].to_string(),
            "error: a.csv, row 5, column indicator, value \"利润\": unknown indicator"
        );
    }

    #[test]
    fn a_column_failing_throughout_is_one_error() {
        let mut e = CellErrors::default();
        e.add(2, at(2, "wrong unit", "1"));
        e.add(2, at(3, "wrong unit", "2"));
        e.add(4, at(2, "wrong unit", "1"));
        e.add(4, at(3, "not a number", "x"));
        let mut d = Diagnostics::default();
        // Column 2 has two filled cells, both failed alike; column 4's
        // cells failed differently.
        e.finish(|_| 2, &mut d);
        assert_eq!(d.items.len(), 3);
        assert_eq!(
            d.items[0].message,
            "wrong unit (every one of the column's 2 values fails the same way, rows 2, 3: check the column's header)"
        );
        // Three filled cells of which two failed: each error stays.
        let mut e = CellErrors::default();
        e.add(2, at(2, "wrong unit", "1"));
        e.add(2, at(3, "wrong unit", "2"));
        let mut d = Diagnostics::default();
        e.finish(|_| 3, &mut d);
        assert_eq!(d.items.len(), 2);
    }

    #[test]
    fn both_places_name_the_file_once() {
        let a = At {
            file: "i.csv",
            row: 5,
        };
        let b = At {
            file: "i.csv",
            row: 18,
        };
        assert_eq!(
            given_twice("WJ03 revenue 2021", a, "12.3", b, " 12.3"),
            "WJ03 revenue 2021 is given twice: i.csv row 5 and row 18 (values 12.3 and 12.3)"
        );
        let c = At {
            file: "j.csv",
            row: 2,
        };
        assert_eq!(both_places(a, c), "i.csv row 5 and j.csv row 2");
    }
}
