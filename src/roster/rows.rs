//! One roster row checked and counted, and what a run of rows found.
//!
//! A `Plan` numbers the roster columns the framework needs (slots: code,
//! name, cluster, then every column a derived field reads). `Checker::row`
//! takes one row's cells by slot, as text borrowed from the reader (no
//! allocation for a good row), and does everything a row needs: the
//! cluster looked up (a cell the id normalisation changes, an unknown id or
//! a blank one kept aside to be reported as `IdColumn` reports them), the
//! credit code checked (a wrong one becomes a rejection), numbers and flags
//! parsed (a bad cell kept with its row, value and expectation, the first
//! `SHOWN` of each kind), and the row's contribution added to its cluster's
//! sums. What a chunk of rows found (`Found`) merges into what its file
//! found, in order, so the messages are those of one pass over the file.

use super::aggregate::{contribute, plan_fields, ClusterSums, FieldPlan};
use super::duplicates::Key;
use super::read::{flag, SHOWN};
use super::uscc;
use crate::framework::derive::ColumnKind;
use crate::framework::Framework;
use crate::ingest::ids::normalise_id;
use crate::ingest::number::{parse_cell, Cell};
use crate::ingest::{Registry, Rejection};
use std::collections::HashMap;

/// The columns read, by slot, and the derived fields' plans.
#[derive(Debug, Clone)]
pub struct Plan {
    pub ids: Vec<String>,
    pub kinds: Vec<ColumnKind>,
    /// Read by a derived field (parsed and checked).
    pub needed: Vec<bool>,
    pub fields: Vec<FieldPlan>,
    pub sums: usize,
}

pub const CODE: usize = 0;
pub const NAME: usize = 1;
pub const CLUSTER: usize = 2;

impl Plan {
    pub fn new(fw: &Framework) -> Plan {
        let ids: Vec<String> = super::wanted_columns(fw)
            .iter()
            .map(|s| s.to_string())
            .collect();
        let kinds = ids
            .iter()
            .map(|id| {
                fw.roster
                    .column(id)
                    .map(|c| c.kind)
                    .unwrap_or(ColumnKind::Text)
            })
            .collect();
        let needed = ids
            .iter()
            .map(|id| {
                fw.fields.iter().any(|f| {
                    f.derived
                        .as_ref()
                        .is_some_and(|d| d.columns().contains(&id.as_str()))
                })
            })
            .collect();
        let (fields, sums) = plan_fields(fw, |c| ids.iter().position(|id| id == c).unwrap_or(0));
        Plan {
            ids,
            kinds,
            needed,
            fields,
            sums,
        }
    }

    pub fn slot(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|s| s == id)
    }
}

/// A row's parsed values by slot (NaN = blank number; blank flag = no).
#[derive(Debug, Clone)]
pub struct Values {
    pub numbers: Vec<f64>,
    pub flags: Vec<bool>,
}

impl Values {
    pub fn blank(plan: &Plan) -> Values {
        let n = plan.ids.len();
        Values {
            numbers: vec![f64::NAN; n],
            flags: vec![false; n],
        }
    }
}

/// The first `SHOWN` problems of one kind (row, value, expectation), and
/// how many there are in all.
#[derive(Debug, Clone, Default)]
pub struct Capped {
    pub first: Vec<(usize, String, String)>,
    pub count: usize,
}

impl Capped {
    fn push(&mut self, row: usize, value: &str, message: impl Into<String>) {
        if self.first.len() < SHOWN {
            self.first.push((row, value.to_string(), message.into()));
        }
        self.count += 1;
    }

    fn merge(&mut self, other: Capped, base: usize) {
        for (row, v, m) in other.first {
            if self.first.len() < SHOWN {
                self.first.push((row + base, v, m));
            }
        }
        self.count += other.count;
    }
}

/// What a run of rows (a chunk, then a whole file) found. Rows are
/// counted from the run's start until `shift` places them in the file.
#[derive(Debug, Default)]
pub struct Found {
    /// Data rows read.
    pub rows: usize,
    pub listed: Vec<usize>,
    pub rejected_rows: Vec<usize>,
    pub sums: Vec<Option<Box<ClusterSums>>>,
    pub keys: Vec<Key>,
    pub rejected: Vec<Rejection>,
    pub bad_cluster: Capped,
    /// Cluster cells `IdColumn` has something to say about: row, as written.
    pub id_cells: Vec<(usize, String)>,
    /// Per slot: cells that are not numbers, negative numbers, bad flags.
    pub not_numbers: Vec<Capped>,
    pub negatives: Vec<Capped>,
    pub not_flags: Vec<Capped>,
}

impl Found {
    pub fn new(plan: &Plan, clusters: usize) -> Found {
        let n = plan.ids.len();
        Found {
            listed: vec![0; clusters],
            rejected_rows: vec![0; clusters],
            sums: (0..clusters).map(|_| None).collect(),
            not_numbers: vec![Capped::default(); n],
            negatives: vec![Capped::default(); n],
            not_flags: vec![Capped::default(); n],
            ..Default::default()
        }
    }

    /// Add a later run, whose rows start after row `base` of this one.
    pub fn merge(&mut self, other: Found, base: usize) {
        self.rows += other.rows;
        for (a, b) in self.listed.iter_mut().zip(&other.listed) {
            *a += b;
        }
        for (a, b) in self.rejected_rows.iter_mut().zip(&other.rejected_rows) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(other.sums) {
            match (a.as_mut(), b) {
                (Some(a), Some(b)) => a.merge(&b),
                (None, Some(b)) => *a = Some(b),
                _ => {}
            }
        }
        let shift = base as u32;
        self.keys
            .extend(other.keys.into_iter().map(|k| k.shifted(shift)));
        self.rejected
            .extend(other.rejected.into_iter().map(|mut r| {
                r.row += base;
                r
            }));
        self.bad_cluster.merge(other.bad_cluster, base);
        self.id_cells
            .extend(other.id_cells.into_iter().map(|(r, s)| (r + base, s)));
        let pairs = [
            (&mut self.not_numbers, other.not_numbers),
            (&mut self.negatives, other.negatives),
            (&mut self.not_flags, other.not_flags),
        ];
        for (mine, theirs) in pairs {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b, base);
            }
        }
    }
}

/// Checks rows of one file (shared by the chunks read in parallel).
pub struct Checker<'a> {
    pub plan: &'a Plan,
    pub registry: &'a Registry,
    /// Registry ids to their index (the first of a repeated id).
    pub index: HashMap<&'a str, usize>,
    pub label: &'a str,
    pub file: u32,
    /// One file per cluster: the cluster it lists.
    pub file_cluster: Option<usize>,
}

/// The message of a row naming another cluster than its file's.
pub fn other_cluster(registry: &Registry, file_cluster: usize) -> String {
    format!(
        "this file lists the enterprises of cluster {}, but the row names another cluster",
        registry.clusters[file_cluster].id
    )
}

pub const BLANK_CLUSTER: &str = "the cluster is blank; every enterprise must name its cluster";

/// A plain decimal (`-12`, `3.5`): the common cell, read without the
/// general number reader (which gives the same value for it).
fn plain_decimal(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(p) => (&b[..p], Some(&b[p + 1..])),
        None => (b, None),
    };
    !int.is_empty()
        && int.iter().all(u8::is_ascii_digit)
        && frac.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
}

/// A number cell: its value (NaN = blank) or what was expected.
pub fn number(raw: &str) -> Result<f64, &'static str> {
    if raw.is_empty() {
        return Ok(f64::NAN);
    }
    if plain_decimal(raw) {
        if let Ok(x) = raw.parse::<f64>() {
            if x.is_finite() {
                return Ok(x);
            }
        }
    }
    match parse_cell(raw) {
        Ok(Cell::Missing) => Ok(f64::NAN),
        Ok(Cell::Number {
            value,
            percent: false,
        }) => Ok(value),
        Ok(Cell::Number { percent: true, .. }) => {
            Err("a percentage where an amount or count was expected")
        }
        Err(e) => Err(e.expectation()),
    }
}

/// A row's values, parsed (a bad cell counts as blank, or no), and its
/// bad cells: slot and expectation.
pub fn parse_values(
    plan: &Plan,
    cells: &[&str],
    values: &mut Values,
) -> Vec<(usize, &'static str)> {
    let mut bad = Vec::new();
    for (s, &cell) in cells.iter().enumerate() {
        if !plan.needed[s] {
            continue;
        }
        match plan.kinds[s] {
            ColumnKind::Number => {
                values.numbers[s] = number(cell).unwrap_or_else(|e| {
                    bad.push((s, e));
                    f64::NAN
                })
            }
            ColumnKind::Flag => {
                values.flags[s] = flag(cell).unwrap_or_else(|| {
                    bad.push((s, NOT_A_FLAG));
                    false
                })
            }
            ColumnKind::Text => {}
        }
    }
    bad
}

pub const NOT_A_FLAG: &str = "expected yes or no (是/否, 1/0, Y/N, true/false; blank = no)";

impl<'a> Checker<'a> {
    pub fn new(
        plan: &'a Plan,
        registry: &'a Registry,
        label: &'a str,
        file: u32,
        file_cluster: Option<usize>,
    ) -> Self {
        Checker {
            plan,
            registry,
            index: registry
                .clusters
                .iter()
                .enumerate()
                .rev()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            label,
            file,
            file_cluster,
        }
    }

    /// The cluster a cell names, as `IdColumn::lookup` finds it, and
    /// whether `IdColumn` must see the cell (changed, unknown, unchecked).
    fn lookup(&self, raw: &str) -> (Option<usize>, bool) {
        let id = normalise_id(raw);
        if id.is_empty() {
            return (None, false);
        }
        if self.registry.is_empty() {
            return (None, true);
        }
        let found = self.index.get(id.as_ref()).copied();
        (found, found.is_none() || id != raw)
    }

    /// Check and count one data row (`cells` by slot; "" when absent).
    pub fn row(&self, line: usize, cells: &[&str], values: &mut Values, found: &mut Found) {
        found.rows += 1;
        let raw_cluster = cells[CLUSTER];
        let raw = cells[CODE];
        let ids = |found: &mut Found| {
            let (c, note) = self.lookup(raw_cluster);
            if note {
                found.id_cells.push((line, raw_cluster.to_string()));
            }
            c
        };
        let named = !normalise_id(raw_cluster).is_empty();
        let cluster = match (named, self.file_cluster) {
            (true, Some(fc)) => match ids(found) {
                Some(i) if i == fc => Some(i),
                Some(_) => {
                    let message = other_cluster(self.registry, fc);
                    found.bad_cluster.push(line, raw_cluster.trim(), message);
                    None
                }
                None => None,
            },
            (false, Some(fc)) => Some(fc),
            (true, None) => ids(found),
            (false, None) => {
                found.bad_cluster.push(line, "", BLANK_CLUSTER);
                None
            }
        };
        for (s, e) in parse_values(self.plan, cells, values) {
            let bucket = match self.plan.kinds[s] {
                ColumnKind::Number => &mut found.not_numbers[s],
                _ => &mut found.not_flags[s],
            };
            bucket.push(line, cells[s], e);
        }
        for (s, &x) in values.numbers.iter().enumerate() {
            if x < 0.0 {
                found.negatives[s].push(line, &x.to_string(), "expected a number >= 0");
            }
        }
        let Some(c) = cluster else { return };
        found.listed[c] += 1;
        match uscc::validate(raw) {
            Ok(()) => {
                found
                    .keys
                    .push(Key::new(super::pack(raw.trim()), self.file, line, c));
                let plan = self.plan;
                let acc = found.sums[c].get_or_insert_with(|| Box::new(ClusterSums::new(plan)));
                contribute(plan, values, acc, 1);
            }
            Err(problem) => {
                found.rejected_rows[c] += 1;
                found.rejected.push(Rejection {
                    file: self.label.to_string(),
                    row: line,
                    reason: problem.reason(),
                    content: super::content(raw, Some(cells[NAME]), &self.registry.clusters[c].id),
                });
            }
        }
    }
}
