//! What the submissions reader says about how workbook cells were read:
//! the note an observation carries (its own cell's reading, and its row's
//! key cells: a cluster id taken from a merged range, a period read from a
//! date), a year typed into a cell formatted as a date (an error: Excel
//! shows a date in 1905), and warnings for merged ranges over value cells
//! (a value read for several rows, or a range across columns whose other
//! cells are left empty), once per range.

use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::number::Year;
use crate::ingest::reading::{cell_name, How};
use crate::ingest::table::{Row, Table};
use std::collections::BTreeSet;

/// How the key cells of a row were read, for the note of every value of
/// the row: "集群编号: merged cells A2:A4: the value of A2; 年份: date
/// format yyyy-mm-dd: 44561 shown as 2021-12-31, read as year 2021". A
/// number stored as text says nothing worth noting in a key cell. `period`
/// is the period's column and the year read from a date there.
pub fn key_notes(
    table: &Table,
    row: &Row,
    keys: &[usize],
    period: Option<(usize, &Year)>,
) -> String {
    let header = |c: usize| table.headers.get(c).map_or("", |h| h.trim());
    let mut notes = Vec::new();
    for &c in keys {
        let text = table.cell(row, c);
        let reading = row.reading(c).filter(|r| r.how != How::TextNumber);
        let year = period.filter(|&(pc, _)| pc == c).map(|(_, y)| y);
        let note = match (reading, year) {
            (Some(r), Some(y)) => format!("{}, read as year {}", r.describe(text), y.year),
            (Some(r), None) => r.describe(text),
            (
                None,
                Some(Year {
                    year,
                    date: Some(d),
                }),
            ) => format!("date {d} read as year {year}"),
            (None, _) => continue,
        };
        notes.push(format!("{}: {note}", header(c)));
    }
    notes.join("; ")
}

/// The note of a value: how its cell was read, then its row's key notes.
pub fn value_note(table: &Table, row: &Row, col: usize, keys: &str) -> String {
    let own = row.reading(col).map(|r| r.describe(table.cell(row, col)));
    own.into_iter()
        .chain((!keys.is_empty()).then(|| keys.to_string()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An error when a year cell holds a year formatted as a date (2023 shown
/// as 1905-07-15): the year meant is the number, but Excel shows a date.
pub fn year_formatted_as_date(table: &Table, row: &Row, col: usize) -> Option<Diagnostic> {
    let r = row.reading(col).filter(|r| r.how == How::Date)?;
    let serial: f64 = r.stored.parse().ok()?;
    if serial.fract() != 0.0 || !(1900.0..=2200.0).contains(&serial) {
        return None;
    }
    Some(
        Diagnostic::error(
            &table.file,
            format!(
                "a year formatted as a date: the cell holds {} with the date format {}, so Excel shows {}; format the cell as a number (常规 General) so that it shows the year",
                r.stored,
                r.format,
                table.cell(row, col)
            ),
        )
        .row(row.line)
        .column(table.headers[col].clone())
        .value(table.cell(row, col)),
    )
}

/// Warnings for merged ranges over value cells, once per range.
#[derive(Default)]
pub struct MergeWarnings {
    warned: BTreeSet<(String, String)>,
}

impl MergeWarnings {
    fn first(&mut self, table: &Table, range: &str) -> bool {
        self.warned.insert((table.file.clone(), range.to_string()))
    }

    /// A value cell filled from a range merged over rows: the value was
    /// read for each row of the range.
    pub fn copied(&mut self, table: &Table, row: &Row, col: usize, diags: &mut Diagnostics) {
        let Some(How::Merged { range, from }) = row.reading(col).map(|r| &r.how) else {
            return;
        };
        if !self.first(table, range) {
            return;
        }
        diags.push(
            Diagnostic::warning(
                &table.file,
                format!(
                    "cells {range} are merged over several rows: the value of {from} was read for each of them; if it is meant for one row only, unmerge the cells and fill each row (\"—\" for no data)"
                ),
            )
            .zh(format!(
                "单元格 {range} 跨多行合并：{from} 的值已用于其中每一行；如果它只属于一行，请取消合并并逐行填写（无数据填“—”）"
            ))
            .row(row.line)
            .column(table.headers[col].clone())
            .value(table.cell(row, col)),
        );
    }

    /// Ranges merged across columns over data rows where a value column is
    /// not the range's first: an error, since which field the one value
    /// belongs to is unclear (a number is never copied into several fields,
    /// and leaving the others empty would score them as not submitted).
    pub fn across(&mut self, table: &Table, used: &[usize], diags: &mut Diagnostics) {
        for m in table.merges.iter().filter(|m| m.spans_columns()) {
            let start = table.rows.partition_point(|r| r.line < m.first_line);
            let Some(row) = table.rows[start..]
                .first()
                .filter(|r| r.line <= m.last_line)
            else {
                continue;
            };
            let mut empty: Vec<usize> = used
                .iter()
                .copied()
                .filter(|&c| c > m.first_column && c <= m.last_column)
                .collect();
            empty.sort_unstable();
            let Some(&first_empty) = empty.first() else {
                continue;
            };
            let range = m.name();
            if !self.first(table, &range) {
                continue;
            }
            let names: Vec<String> = empty
                .iter()
                .map(|&c| table.headers[c].trim().to_string())
                .collect();
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "cells {range} are merged across columns: the value belongs to {} only, and {} would be empty, so which field it is meant for is unclear; unmerge the cells and fill each one",
                        cell_name(m.first_line, m.first_column),
                        if names.len() == 1 {
                            format!("column {}", names[0])
                        } else {
                            format!("columns {}", names.join(", "))
                        }
                    ),
                )
                .row(row.line)
                .column(table.headers[first_empty].clone()),
            );
        }
    }
}
