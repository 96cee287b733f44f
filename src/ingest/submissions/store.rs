//! Storing one submitted cell: how its workbook cell was read, its number
//! and unit parsed and converted to the field's unit, the field's kind and
//! bounds checked, and a value given twice refused with both places. Every
//! problem is located at the cell; problems repeated down a column are said
//! once (`repeats`).

use super::readings;
use super::{Key, Observation, Reader};
use crate::diag::Diagnostic;
use crate::framework::FieldKind;
use crate::ingest::number::{parse_cell, Cell};
use crate::ingest::repeats::{given_twice, At};
use crate::ingest::table::{Row, Table};
use crate::ingest::units;

impl Reader<'_> {
    pub(super) fn store(&mut self, table: &Table, row: &Row, col: usize, at: Key, unit: &str) {
        let Key {
            cluster,
            field,
            period,
            keys,
        } = at;
        let raw = table.cell(row, col).to_string();
        let column = table.headers[col].clone();
        let f = &self.fw.fields[field];
        let located = |msg: String| {
            Diagnostic::error(&table.file, msg)
                .row(row.line)
                .column(column.clone())
                .value(raw.clone())
        };
        *self.once.read.entry(col).or_insert(0) += 1;
        let cells = &mut self.once.cells;
        let mut fail = |msg: String| {
            cells.add(
                col,
                Diagnostic::error(&table.file, msg)
                    .row(row.line)
                    .column(column.clone())
                    .value(raw.clone()),
            )
        };
        let reading = row.reading(col);
        if let Some(why) = reading.and_then(|r| r.refuses_a_number()) {
            self.diags.push(located(format!("{why} [field {}]", f.id)));
            return;
        }
        // A unit the cell's format shows beside the number is the cell's
        // unit; one that is not the column's is a conflict.
        let unit = match reading.and_then(|r| r.shown_unit()) {
            Some(shown) if unit.is_empty() => shown,
            Some(shown) if units::factor(shown, unit) != Some(1.0) => {
                self.diags.push(located(format!(
                    "the cell's number format shows the unit {shown} but the column's unit is {unit}: which one is meant is unclear; format the cell as a number (0.00) and type the value in {unit} [field {}]",
                    f.id
                )));
                return;
            }
            _ => unit,
        };
        let (value, factor) = match parse_cell(&raw) {
            Err(e) => {
                // An error value is named by the message already.
                let how = reading
                    .filter(|r| r.how != crate::ingest::reading::How::ExcelError)
                    .map(|r| format!(" (in the workbook: {})", r.describe(&raw)))
                    .unwrap_or_default();
                fail(format!("{} [field {}]{how}", e.expectation(), f.id));
                return;
            }
            Ok(Cell::Missing) => (None, 1.0),
            Ok(Cell::Number { value, percent }) => {
                let sub_unit = if percent {
                    if !unit.is_empty() && units::factor(unit, "%").is_none() {
                        fail(format!(
                            "the value has a % sign but the unit says {unit:?} [field {}]",
                            f.id
                        ));
                        return;
                    }
                    "%".to_string()
                } else {
                    unit.to_string()
                };
                let Some(factor) = units::factor(&sub_unit, &f.unit) else {
                    fail(format!(
                        "wrong unit {sub_unit:?}: cannot be converted to {:?}, the unit of field {} ({})",
                        f.unit, f.id, f.name_zh
                    ));
                    return;
                };
                let v = units::convert(value, &sub_unit, &f.unit).unwrap_or(value * factor);
                if f.kind == FieldKind::Count && v < 0.0 {
                    fail(format!(
                        "negative count: field {} ({}) counts things and cannot be below 0",
                        f.id, f.name_zh
                    ));
                    return;
                }
                if f.kind == FieldKind::Amount && f.min.is_none() && v < 0.0 {
                    fail(format!(
                        "negative amount: field {} ({}) is an amount and cannot be below 0 (a framework that allows it sets the field's min)",
                        f.id, f.name_zh
                    ));
                    return;
                }
                if f.kind == FieldKind::Count && v.fract() != 0.0 {
                    fail(format!("a count must be a whole number [field {}]", f.id));
                    return;
                }
                if let Some(min) = f.min {
                    if v < min {
                        fail(format!(
                            "below the minimum {min} {} allowed for field {}",
                            f.unit, f.id
                        ));
                        return;
                    }
                }
                if let Some(max) = f.max {
                    if v > max {
                        fail(format!(
                            "above the maximum {max} {} allowed for field {}",
                            f.unit, f.id
                        ));
                        return;
                    }
                }
                (Some(v), factor)
            }
        };
        let key = (cluster, field, period);
        if let Some(first) = self.subs.values.get(&key) {
            let what = format!(
                "{} {} {}",
                self.registry.clusters[cluster].id,
                f.id,
                self.years.year(period)
            );
            let (before, here) = (At::of(first), At::new(&table.file, row.line));
            self.diags.push(
                Diagnostic::error(
                    &table.file,
                    given_twice(&what, before, &first.raw, here, &raw),
                )
                .row(row.line)
                .column(column)
                .value(raw.clone()),
            );
            return;
        }
        self.merges.copied(table, row, col, self.diags);
        self.subs.values.insert(
            key,
            Observation {
                value,
                raw,
                unit: unit.to_string(),
                factor,
                file: table.file.clone(),
                row: row.line,
                column,
                reading: readings::value_note(table, row, col, keys),
            },
        );
    }
}
