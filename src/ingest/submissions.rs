//! Cluster submissions (申报数据): long or wide tables of values.
//!
//! Long form: one row per (cluster, indicator, period) with value and unit.
//! Wide form: one row per cluster and period, one column per field, headed
//! by the field's id or Chinese name, optionally with the unit in brackets;
//! a column of cluster names (the template's `集群名称 name`) may stand
//! beside the id, and a name given must be the registry's for that id.
//! Each cell is parsed, converted to the framework's unit and checked
//! against the field's kind and bounds (a count or an amount is `>= 0`
//! unless the framework sets the field's `min`). Every problem is located;
//! duplicate entries, a column the form does not have, two columns for one
//! role and a file with no data row are errors (never last-one-wins, never
//! ignored); rows for periods the round does not use, and comment rows
//! (first cell starting with '#'), are kept as rejections with their
//! reason. A period may be a date (its year is read); every value keeps a
//! note of how its cell and its row's key cells were read from a workbook
//! (`readings`). A problem is said once (`repeats`): a value given twice is
//! one error naming both places, a wide row given twice one error for the
//! row, a header unit that cannot be converted one error for the column, an
//! unknown id or indicator name one error listing its rows.

mod names;
mod readings;
mod store;

use super::ids::IdColumn;
use super::number::{read_year, Year};
use super::repeats::{row_given_again, Again, At, Once};
use super::table::{Row, Table};
use super::{find_column, find_role, role_columns, split_header_unit, units, Registry, CLUSTER_ID};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{Framework, Period};
use serde::Serialize;
use std::collections::BTreeMap;

/// One submitted value, converted to the framework's unit.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    /// Converted value; `None` when the cell said "no data".
    pub value: Option<f64>,
    /// The cell as submitted.
    pub raw: String,
    /// The unit as submitted (empty: the framework's unit was assumed).
    pub unit: String,
    /// The factor applied to convert to the framework's unit.
    pub factor: f64,
    pub file: String,
    pub row: usize,
    pub column: String,
    /// How the cell and its row's key cells were read when not as stored
    /// ("percent format 0.0%: 0.085 read as 8.5%; 年份: date 2023-12-31
    /// read as year 2023"); empty when read as stored.
    pub reading: String,
}

/// A row read but not used, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    pub file: String,
    pub row: usize,
    pub reason: String,
    /// The row's cells joined by commas.
    pub content: String,
}

/// All values of a round, keyed by (cluster index, field index, period).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Submissions {
    pub values: BTreeMap<(usize, usize, Period), Observation>,
    pub rejections: Vec<Rejection>,
}

impl Submissions {
    pub fn get(&self, cluster: usize, field: usize, period: Period) -> Option<&Observation> {
        self.values.get(&(cluster, field, period))
    }

    /// The converted value, if submitted and not "no data".
    pub fn value(&self, cluster: usize, field: usize, period: Period) -> Option<f64> {
        self.get(cluster, field, period).and_then(|o| o.value)
    }
}

const INDICATOR: &[&str] = &[
    "indicator",
    "field",
    "指标",
    "指标名称",
    "数据项",
    "指标编号",
];
const PERIOD: &[&str] = &["period", "year", "年份", "年度", "期间"];
const VALUE: &[&str] = &["value", "数值", "值", "填报值"];
const UNIT: &[&str] = &["unit", "单位", "计量单位"];

/// The years of a round, for reading the period column. A one-period
/// round has only its current year (`baseline` and `target` are `None`).
#[derive(Debug, Clone, Copy)]
pub struct Years {
    pub baseline: Option<i32>,
    pub current: i32,
    pub target: Option<i32>,
}

impl Years {
    /// The year of a period, as clerks write it. A period the round does
    /// not have is refused when its cell is read (`read_period`), so it
    /// never reaches a value; the current year stands in for it here.
    pub fn year(&self, period: Period) -> i32 {
        match period {
            Period::Baseline => self.baseline.unwrap_or(self.current),
            Period::Current => self.current,
            Period::Target => self.target.unwrap_or(self.current),
        }
    }

    /// The round has this period (always the current one).
    fn has(&self, period: Period) -> bool {
        match period {
            Period::Baseline => self.baseline.is_some(),
            Period::Current => true,
            Period::Target => self.target.is_some(),
        }
    }

    fn expectation(&self) -> String {
        match (self.baseline, self.target) {
            (Some(b), Some(t)) => format!(
                "expected {b} (baseline), {} (current) or {t} (target)",
                self.current
            ),
            (Some(b), None) => format!("expected {b} (baseline) or {} (current)", self.current),
            (None, Some(t)) => format!("expected {} (current) or {t} (target)", self.current),
            (None, None) => format!(
                "expected {} (current; the round has only one period)",
                self.current
            ),
        }
    }

    fn expectation_zh(&self) -> String {
        match (self.baseline, self.target) {
            (Some(b), Some(t)) => {
                format!("应为 {b}（基期）、{}（当期）或 {t}（目标）", self.current)
            }
            (Some(b), None) => format!("应为 {b}（基期）或 {}（当期）", self.current),
            (None, Some(t)) => format!("应为 {}（当期）或 {t}（目标）", self.current),
            (None, None) => format!("应为 {}（当期；本轮只有一个时期）", self.current),
        }
    }
}

enum PeriodCell {
    Used(Period),
    /// A well-formed year the round does not use.
    Unused(i32),
}

/// The period of a cell, and the year it was read as when it is a year
/// or a date.
fn read_period(raw: &str, years: &Years) -> Option<(PeriodCell, Option<Year>)> {
    if let Some(y) = read_year(raw) {
        let cell = if Some(y.year) == years.baseline {
            PeriodCell::Used(Period::Baseline)
        } else if y.year == years.current {
            PeriodCell::Used(Period::Current)
        } else if Some(y.year) == years.target {
            PeriodCell::Used(Period::Target)
        } else {
            PeriodCell::Unused(y.year)
        };
        return Some((cell, Some(y)));
    }
    let s = super::number::to_half_width(raw);
    // A period word the round does not have ("baseline" in a one-period
    // round) is an unknown period, said with the years the round has.
    Period::parse(s.trim().trim_end_matches('年'))
        .filter(|p| years.has(*p))
        .map(|p| (PeriodCell::Used(p), None))
}

/// Where a value goes: its cluster, field and period, and the note of how
/// its row's key cells were read.
#[derive(Clone, Copy)]
struct Key<'a> {
    cluster: usize,
    field: usize,
    period: Period,
    keys: &'a str,
}

struct Reader<'a> {
    fw: &'a Framework,
    registry: &'a Registry,
    years: Years,
    diags: &'a mut Diagnostics,
    subs: &'a mut Submissions,
    merges: readings::MergeWarnings,
    /// Problems held until the file is read, to be said once.
    once: Once,
}

/// Read one submissions table into `subs`.
pub fn read_submissions(
    table: &Table,
    fw: &Framework,
    registry: &Registry,
    years: Years,
    diags: &mut Diagnostics,
    subs: &mut Submissions,
) {
    let mut r = Reader {
        fw,
        registry,
        years,
        diags,
        subs,
        merges: Default::default(),
        once: Once::default(),
    };
    let long = find_column(&table.headers, INDICATOR).is_some()
        && find_column(&table.headers, VALUE).is_some();
    if table.rows.is_empty() {
        r.diags.push(
            Diagnostic::error(
                &table.file,
                "no data row: the file has only its header; a submissions file holds the clusters' values",
            )
            .row(table.header_row + 1),
        );
        return;
    }
    let (rejected, errors) = (r.subs.rejections.len(), r.diags.error_count());
    let used = if long {
        r.read_long(table)
    } else {
        r.read_wide(table)
    };
    let expected = (years.expectation(), years.expectation_zh());
    std::mem::take(&mut r.once).finish(&table.file, (&expected.0, &expected.1), r.diags);
    // Rows that are all comments or other years: the file gives nothing.
    if used == 0
        && r.subs.rejections.len() - rejected == table.rows.len()
        && r.diags.error_count() == errors
    {
        r.diags.push(
            Diagnostic::error(
                &table.file,
                format!(
                    "no row of the file is used: every row is a comment (#) or for a year that is not the round's ({})",
                    years.expectation()
                ),
            )
            .row(table.rows[0].line),
        );
    }
}

impl Reader<'_> {
    fn missing_column(&mut self, table: &Table, what: &str) {
        self.diags.push(
            Diagnostic::error(
                &table.file,
                format!(
                    "missing required column {what}; found: {}",
                    table.headers.join(", ")
                ),
            )
            .row(table.header_row)
            .column(what),
        );
    }

    fn reject(&mut self, table: &Table, row: &Row, reason: String) {
        self.subs.rejections.push(Rejection {
            file: table.file.clone(),
            row: row.line,
            reason,
            content: row.cells.join(","),
        });
    }

    /// Common row checks: comment rows, cluster id, period. Returns the
    /// cluster index and period when the row is to be used, with the note
    /// of how its key cells were read.
    fn row_key(
        &mut self,
        table: &Table,
        row: &Row,
        ids: &mut IdColumn,
        id_col: usize,
        period_col: usize,
    ) -> Option<(usize, Period, String)> {
        let first = row.cells.first().map(|c| c.trim()).unwrap_or("");
        if first.starts_with('#') {
            self.reject(
                table,
                row,
                "comment or example row (first cell starts with #)".into(),
            );
            return None;
        }
        if let Some(d) = table.check_width(row) {
            self.diags.push(d);
        }
        let cid = table.cell(row, id_col);
        let cluster = ids.lookup(row.line, cid);
        if super::ids::normalise_id(cid).is_empty() {
            self.diags.push(
                Diagnostic::error(&table.file, "empty cluster id")
                    .row(row.line)
                    .column(&table.headers[id_col])
                    .value(cid.trim()),
            );
        }
        if let Some(d) = readings::year_formatted_as_date(table, row, period_col) {
            self.diags.push(d);
            return None;
        }
        let raw_period = table.cell(row, period_col);
        let (period, year) = match read_period(raw_period, &self.years) {
            Some((PeriodCell::Used(p), year)) => (Some(p), year),
            Some((PeriodCell::Unused(y), year)) => {
                if cluster.is_some() {
                    self.once
                        .unused_year(y, row.line, &table.headers[period_col]);
                    let keys = readings::key_notes(
                        table,
                        row,
                        &[period_col],
                        year.as_ref().map(|y| (period_col, y)),
                    );
                    let how = if keys.is_empty() {
                        String::new()
                    } else {
                        format!("; {keys}")
                    };
                    self.reject(
                        table,
                        row,
                        format!(
                            "period {y} is not a year of this round ({}){how}",
                            self.years.expectation()
                        ),
                    );
                }
                return None;
            }
            None => {
                // Said once for every row with the same period cell.
                self.once.repeated.add(
                    Diagnostic::error(
                        &table.file,
                        format!(
                            "unknown period; {}: write the year as four digits, or a date",
                            self.years.expectation()
                        ),
                    )
                    .row(row.line)
                    .column(&table.headers[period_col])
                    .value(raw_period),
                );
                (None, None)
            }
        };
        let keys = readings::key_notes(
            table,
            row,
            &[id_col, period_col],
            year.as_ref().map(|y| (period_col, y)),
        );
        Some((cluster?, period?, keys))
    }

    /// Read a long-form table; the number of rows used.
    fn read_long(&mut self, table: &Table) -> usize {
        let id = find_role(table, CLUSTER_ID, "cluster_id (集群编号)", self.diags);
        let ind = find_role(table, INDICATOR, "indicator (指标)", self.diags);
        let period = find_role(table, PERIOD, "period (年份)", self.diags);
        let value = find_role(table, VALUE, "value (数值)", self.diags);
        let unit = find_role(table, UNIT, "unit (单位)", self.diags);
        for (col, name) in [(id, "cluster_id (集群编号)"), (period, "period (年份)")] {
            if col.is_none() {
                self.missing_column(table, name);
            }
        }
        self.unknown_long_columns(table, &[id, ind, period, value, unit]);
        let (Some(id), Some(ind), Some(period), Some(value)) = (id, ind, period, value) else {
            return 0;
        };
        let value_unit = split_header_unit(&table.headers[value]).1;
        let used_columns: Vec<usize> = [Some(value), unit].into_iter().flatten().collect();
        self.merges.across(table, &used_columns, self.diags);
        let mut ids = IdColumn::new(self.registry, &table.file, &table.headers[id]);
        let mut used = 0;
        for row in &table.rows {
            let key = self.row_key(table, row, &mut ids, id, period);
            let name = table.cell(row, ind).trim();
            let field = self.fw.find_field(name);
            if field.is_none() && !row.cells.first().is_some_and(|c| c.trim().starts_with('#')) {
                self.once.repeated.add(
                    Diagnostic::error(
                        &table.file,
                        "unknown indicator: no field of the framework has this id or name",
                    )
                    .row(row.line)
                    .column(&table.headers[ind])
                    .value(name),
                );
            }
            let (Some((cluster, period, keys)), Some(field)) = (key, field) else {
                continue;
            };
            used += 1;
            let unit_text = unit
                .map(|u| table.cell(row, u).trim().to_string())
                .unwrap_or_default();
            // A unit in the value column's header (`value（万元）`, or from a
            // units row) is the unit of every value whose unit cell is
            // blank; a unit cell that says another one is a conflict.
            let unit_text = match &value_unit {
                Some(h) if unit_text.is_empty() => h.clone(),
                Some(h) if units::factor(&unit_text, h) != Some(1.0) => {
                    self.diags.push(
                        Diagnostic::error(
                            &table.file,
                            format!(
                                "the unit cell says {unit_text:?} but the value column's header says {h:?}: which one is meant is unclear; leave the unit cell blank, or head the column without a unit"
                            ),
                        )
                        .row(row.line)
                        .column(&table.headers[unit.unwrap_or(value)])
                        .value(&unit_text),
                    );
                    continue;
                }
                _ => unit_text,
            };
            let at = Key {
                cluster,
                field,
                period,
                keys: &keys,
            };
            self.store(table, row, value, at, &unit_text);
        }
        ids.finish(self.diags);
        used
    }

    /// A long-form file has its five columns and no other (a column that is
    /// blank from header to bottom aside): another column would be data
    /// that is never read.
    fn unknown_long_columns(&mut self, table: &Table, known: &[Option<usize>]) {
        // A second column for a role is reported as such.
        let mut roles = vec![false; table.headers.len()];
        for aliases in [CLUSTER_ID, INDICATOR, PERIOD, VALUE, UNIT] {
            for c in role_columns(&table.headers, aliases) {
                roles[c] = true;
            }
        }
        for (c, h) in table.headers.iter().enumerate() {
            if known.contains(&Some(c)) || roles[c] || self.blank_column(table, c) {
                continue;
            }
            self.diags.push(
                Diagnostic::error(
                    &table.file,
                    "unknown column: a long-form submissions file has the columns cluster_id, indicator, period, value and unit (skip another column with `ignore` in round.toml)",
                )
                .row(table.header_row)
                .column(h.clone()),
            );
        }
    }

    fn blank_column(&self, table: &Table, c: usize) -> bool {
        table.headers[c].trim().is_empty()
            && table
                .rows
                .iter()
                .all(|r| table.cell(r, c).trim().is_empty())
    }

    /// Read a wide-form table; the number of rows used.
    fn read_wide(&mut self, table: &Table) -> usize {
        let id = find_role(table, CLUSTER_ID, "cluster_id (集群编号)", self.diags);
        let period = find_role(table, PERIOD, "period (年份)", self.diags);
        if id.is_none() {
            self.missing_column(table, "cluster_id (集群编号)");
        }
        if period.is_none() {
            self.missing_column(table, "period (年份)");
        }
        let name = self.name_column(table, &[id, period]);
        let missing_role = match (id, period) {
            (None, _) => Some("cluster_id (集群编号)"),
            (_, None) => Some("period (年份)"),
            _ => None,
        };
        // Map every other column to a field.
        let mut columns: Vec<(usize, usize, String)> = Vec::new();
        for (c, h) in table.headers.iter().enumerate() {
            if [id, period, name].contains(&Some(c)) || self.blank_column(table, c) {
                continue;
            }
            let (name, unit) = split_header_unit(h);
            let field = self
                .fw
                .find_field(h)
                .map(|f| (f, String::new()))
                .or_else(|| {
                    self.fw
                        .find_field(&name)
                        .map(|f| (f, unit.clone().unwrap_or_default()))
                })
                .or_else(|| {
                    name.split_whitespace()
                        .find_map(|part| self.fw.find_field(part))
                        .map(|f| (f, unit.clone().unwrap_or_default()))
                });
            match field {
                Some((f, u)) if units::factor(&u, &self.fw.fields[f].unit).is_none() => {
                    let fd = &self.fw.fields[f];
                    self.diags.push(
                        Diagnostic::error(
                            &table.file,
                            format!(
                                "wrong unit {u:?} in the header: cannot be converted to {:?}, the unit of field {} ({}); the column is not read",
                                fd.unit, fd.id, fd.name_zh
                            ),
                        )
                        .row(1)
                        .column(h)
                        .value(&u),
                    );
                }
                Some((f, u)) => {
                    if let Some(dup) = columns.iter().find(|(_, g, _)| *g == f) {
                        self.diags.push(
                            Diagnostic::error(
                                &table.file,
                                format!(
                                    "two columns for the same field {} (also {})",
                                    self.fw.fields[f].id, table.headers[dup.0]
                                ),
                            )
                            .row(table.header_row)
                            .column(h),
                        );
                    } else {
                        columns.push((c, f, u));
                    }
                }
                None => {
                    let mut d = Diagnostic::error(
                        &table.file,
                        "unknown indicator column: no field of the framework has this id or name",
                    )
                    .row(table.header_row)
                    .column(h)
                    .value(h);
                    // Perhaps the id or period column under another name.
                    if let Some(role) = missing_role {
                        d = d.consequence_of(format!(
                            "the {role} column is missing (name it so, or map it with `columns` in round.toml)"
                        ));
                    }
                    self.diags.push(d);
                }
            }
        }
        let (Some(id), Some(period)) = (id, period) else {
            return 0;
        };
        let used_columns: Vec<usize> = columns.iter().map(|&(c, _, _)| c).collect();
        self.merges.across(table, &used_columns, self.diags);
        let mut ids = IdColumn::new(self.registry, &table.file, &table.headers[id]);
        let mut used = 0;
        for row in &table.rows {
            let Some((cluster, p, keys)) = self.row_key(table, row, &mut ids, id, period) else {
                continue;
            };
            used += 1;
            if let Some(nc) = name {
                self.check_name(table, row, nc, cluster);
            }
            let filled: Vec<&(usize, usize, String)> = columns
                .iter()
                .filter(|(c, _, _)| !table.cell(row, *c).trim().is_empty())
                .collect();
            let given: Vec<(usize, &Observation)> = filled
                .iter()
                .filter_map(|&&(c, f, _)| Some((c, self.subs.get(cluster, f, p)?)))
                .collect();
            if !given.is_empty() {
                let field = |c| filled.iter().find(|x| x.0 == c).map_or(0, |x| x.1);
                let again: Vec<Again> = (given.iter())
                    .map(|&(c, o)| Again {
                        field: &self.fw.fields[field(c)].id,
                        here: table.cell(row, c),
                        first: At::of(o),
                        first_raw: &o.raw,
                    })
                    .collect();
                let key = (
                    self.registry.clusters[cluster].id.as_str(),
                    self.years.year(p),
                );
                let here = At::new(&table.file, row.line);
                let msg = row_given_again(key, here, filled.len(), &again);
                self.diags.push(
                    Diagnostic::error(&table.file, msg)
                        .row(row.line)
                        .column(&table.headers[id])
                        .value(table.cell(row, id).trim()),
                );
            }
            for (c, f, unit) in filled {
                if self.subs.get(cluster, *f, p).is_none() {
                    let at = Key {
                        cluster,
                        field: *f,
                        period: p,
                        keys: &keys,
                    };
                    self.store(table, row, *c, at, unit);
                }
            }
        }
        ids.finish(self.diags);
        used
    }
}
