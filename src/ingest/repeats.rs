//! One problem, said once: what repeats down a column is reported with its
//! rows instead of once per row.
//!
//! `Repeated` groups problems by column, message and value (an unknown
//! indicator name written in twenty rows is one error listing the rows).
//! `CellErrors` holds a file's cell errors until the file is read, then
//! reports a column whose every filled cell failed the same way (the
//! header's fault: a unit that cannot be converted, a text column taken
//! for a field) as one error for the column, and any other cell error as
//! it was. `given_twice` words a value given twice with both locations,
//! and `row_given_again` a wide row given twice. `Once` holds all of it
//! for one submissions file, with the rows of years the round does not use
//! (one warning per year). Nothing here reads cells or decides what is an
//! error.

use super::ids::SHOWN_CELLS;
use super::Observation;
use crate::diag::{list_rows, list_rows_zh, Diagnostic, Diagnostics};
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
                if let Some(zh) = &d.message_zh {
                    let rows = list_rows_zh(&g.rows, g.count, SHOWN_CELLS);
                    d.message_zh = Some(format!("{zh}（{rows}同样如此）"));
                }
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
                if let Some(zh) = &d.message_zh {
                    let listed = list_rows_zh(&rows, n, SHOWN_CELLS);
                    d.message_zh = Some(format!(
                        "{zh}（该列 {n} 个值全部同样出错，{listed}：请检查该列的表头）"
                    ));
                }
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

impl<'a> At<'a> {
    pub fn new(file: &'a str, row: usize) -> Self {
        At { file, row }
    }

    /// Where an observation was read.
    pub fn of(o: &'a Observation) -> Self {
        At::new(&o.file, o.row)
    }
}

/// What a submissions file says once, held until the file is read.
#[derive(Debug, Default)]
pub struct Once {
    /// Cell errors (a column failing throughout is one error).
    pub cells: CellErrors,
    /// Cells read per column.
    pub read: BTreeMap<usize, usize>,
    /// Problems repeated down a column (an unknown indicator name).
    pub repeated: Repeated,
    /// Years the round does not use: first row, number of rows, column.
    unused_years: BTreeMap<i32, (usize, usize, String)>,
}

impl Once {
    /// A row for a year the round does not use.
    pub fn unused_year(&mut self, year: i32, row: usize, column: &str) {
        let e = (self.unused_years)
            .entry(year)
            .or_insert((row, 0, column.to_string()));
        e.1 += 1;
    }

    /// Report it all: `expected` says which years the round uses.
    pub fn finish(self, file: &str, expected: (&str, &str), diags: &mut Diagnostics) {
        let (expected, expected_zh) = expected;
        let read = self.read;
        self.cells
            .finish(|c| read.get(&c).copied().unwrap_or(0), diags);
        self.repeated.finish(diags);
        for (year, (row, n, column)) in self.unused_years {
            diags.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "{n} row(s) for {year}, which is not a year of this round ({expected}): not read (kept in rejections.csv)"
                    ),
                )
                .zh(format!(
                    "{n} 行属于 {year} 年，不是本轮的年份（{expected_zh}）：未读取（保留在 rejections.csv 中）"
                ))
                .row(row)
                .column(column)
                .value(year.to_string()),
            );
        }
    }
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

/// A value of a wide row that was given before.
#[derive(Debug, Clone, Copy)]
pub struct Again<'a> {
    /// The field's id.
    pub field: &'a str,
    /// The cell in this row.
    pub here: &'a str,
    /// Where it was first given, and the cell there.
    pub first: At<'a>,
    pub first_raw: &'a str,
}

/// The message for a wide row of cluster `cid` and year `year`, with
/// `filled` values, of which `again` were given before: "row 18 repeats
/// row 5 (C03, 2021)" when each value is the same as in one earlier row;
/// otherwise, by the earlier row, "C03 revenue 2021 is given twice: …" for
/// one value, or "C03 2021 is given twice: … 31 values, 1 of them
/// different: revenue (919.79 and 999)".
pub fn row_given_again(
    (cid, year): (&str, i32),
    here: At,
    filled: usize,
    again: &[Again],
) -> String {
    let first = again[0].first;
    let same_place = |a: &Again| a.first.file == first.file && a.first.row == first.row;
    let same_row = again.len() == filled
        && again
            .iter()
            .all(|a| same_place(a) && a.first_raw.trim() == a.here.trim());
    if same_row {
        return if first.file == here.file {
            format!("row {} repeats row {} ({cid}, {year})", here.row, first.row)
        } else {
            format!(
                "row {} repeats {} row {} ({cid}, {year})",
                here.row, first.file, first.row
            )
        };
    }
    // By the earlier row each value was first given in.
    let mut places: Vec<Vec<&Again>> = Vec::new();
    for a in again {
        match places
            .iter_mut()
            .find(|p| p[0].first.file == a.first.file && p[0].first.row == a.first.row)
        {
            Some(p) => p.push(a),
            None => places.push(vec![a]),
        }
    }
    let phrases: Vec<String> = places
        .iter()
        .map(|values| {
            let before = values[0].first;
            if let [a] = values.as_slice() {
                let what = format!("{cid} {} {year}", a.field);
                return given_twice(&what, before, a.first_raw, here, a.here);
            }
            let differ: Vec<String> = values
                .iter()
                .filter(|a| a.first_raw.trim() != a.here.trim())
                .map(|a| format!("{} ({} and {})", a.field, a.first_raw.trim(), a.here.trim()))
                .collect();
            let how = match differ.len() {
                0 => "all the same".to_string(),
                k => {
                    let shown = differ[..k.min(SHOWN_CELLS)].join(", ");
                    let more = k.saturating_sub(SHOWN_CELLS);
                    let more = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    format!("{k} of them different: {shown}{more}")
                }
            };
            format!(
                "{cid} {year} is given twice: {}: {} values, {how}",
                both_places(before, here),
                values.len()
            )
        })
        .collect();
    phrases.join("; ")
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
    fn a_wide_row_given_again_is_one_message() {
        let at = |file, row| At { file, row };
        let again = |field, here, row, first_raw| Again {
            field,
            here,
            first: at("i.csv", row),
            first_raw,
        };
        let here = at("i.csv", 18);
        // Every value as in row 5: a repeated row.
        let same = [
            again("revenue", "12.3", 5, "12.3"),
            again("share", "80", 5, "80"),
        ];
        assert_eq!(
            row_given_again(("C03", 2021), here, 2, &same),
            "row 18 repeats row 5 (C03, 2021)"
        );
        // The same values, but the row also gives a third: not a repeat.
        assert_eq!(
            row_given_again(("C03", 2021), here, 3, &same),
            "C03 2021 is given twice: i.csv row 5 and row 18: 2 values, all the same"
        );
        let differ = [
            again("revenue", "12.4", 5, "12.3"),
            again("share", "80", 7, "80"),
        ];
        assert_eq!(
            row_given_again(("C03", 2021), here, 2, &differ),
            "C03 revenue 2021 is given twice: i.csv row 5 and row 18 (values 12.3 and 12.4); C03 share 2021 is given twice: i.csv row 7 and row 18 (values 80 and 80)"
        );
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
