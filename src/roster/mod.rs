//! Enterprise rosters (企业名录): derived indicators and the roster audit.
//!
//! A round may list the enterprises of each cluster (`[inputs] enterprises`
//! for files with a cluster column, `[inputs.rosters]` for one file per
//! cluster). This stage reads them in chunks, in parallel, in bounded
//! memory (only the columns used), checks every unified social credit code
//! (GB 32100-2015) and rejects the rows whose code is wrong, finds
//! enterprises listed twice (a compact key per row), applies the
//! framework's duplicate policy, aggregates the derived fields per cluster
//! (count / sum / ratio / weighted count, exact sums streamed), compares each
//! derived figure with what the cluster declared and puts the figure the
//! framework prefers into the submissions, so scoring sees one value per
//! cell with its provenance. It never scores.

mod aggregate;
mod chunks;
mod duplicates;
mod read;
mod rows;
mod stage;
pub mod uscc;

pub use stage::{apply, load};

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::derive::{Aggregate, ColumnKind, DuplicatePolicy, Prefer};
use crate::framework::Framework;
use crate::ingest::{Registry, Rejection};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// One roster file to read.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// The file as named in messages (relative to the round folder).
    pub label: String,
    pub sheet: Option<String>,
    /// One file per cluster: the cluster it lists.
    pub cluster: Option<usize>,
}

/// One cluster's listing of an enterprise claimed by several clusters.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub cluster: String,
    pub name: String,
    pub file: String,
    pub row: usize,
}

/// An enterprise listed by more than one cluster.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    pub uscc: String,
    pub claims: Vec<Claim>,
    /// What the policy did: counted for every cluster, or for none.
    pub policy: DuplicatePolicy,
}

/// Declared vs derived, for one cluster and field.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub cluster: usize,
    pub field: usize,
    pub declared: Option<f64>,
    pub derived: Option<f64>,
    /// derived − declared.
    pub difference: Option<f64>,
    /// |derived − declared| / |declared| (0 when both are 0).
    pub relative: Option<f64>,
    pub tolerance: f64,
    /// Within tolerance; `None` when one of the two is missing.
    pub within: Option<bool>,
    /// "roster", "declared" or "none".
    pub scored: &'static str,
    /// Why the derived figure is missing, when it is.
    pub note: String,
}

/// Wall-clock time of each step, for the benchmark.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Timing {
    pub read_s: f64,
    pub validate_s: f64,
    pub aggregate_s: f64,
}

/// Everything the roster stage found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RosterAudit {
    pub files: Vec<String>,
    /// Data rows read.
    pub rows: usize,
    /// Per cluster: rows listed, and enterprises counted after rejections
    /// and the duplicate policy.
    pub listed: Vec<usize>,
    pub counted: Vec<usize>,
    /// Per cluster: rows rejected (wrong code, listed twice).
    pub rejected_rows: Vec<usize>,
    pub rejected: Vec<Rejection>,
    pub duplicates: Vec<Duplicate>,
    pub comparisons: Vec<Comparison>,
    /// Derived value per (cluster, field), after the factor.
    #[serde(skip)]
    pub derived: BTreeMap<(usize, usize), f64>,
    #[serde(skip)]
    pub timing: Timing,
}

/// The roster columns a framework needs: the audit columns (code, name,
/// cluster) and every column a derived field reads. Nothing else is parsed.
pub fn wanted_columns(fw: &Framework) -> Vec<&str> {
    let mut out = vec!["uscc", "name", "cluster"];
    for f in &fw.fields {
        if let Some(d) = &f.derived {
            for c in d.columns() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Pack a valid code into a number (base 31), for fast duplicate search.
fn pack(code: &str) -> u128 {
    code.bytes().fold(0u128, |acc, b| {
        let v = uscc::ALPHABET
            .iter()
            .position(|&a| a == b.to_ascii_uppercase())
            .unwrap_or(0) as u128;
        acc * 31 + v
    }) + 1
}

/// Read, validate and aggregate the rosters. `None` when they cannot be
/// read at all (the problems are in `diags`).
pub fn audit(
    sources: &[Source],
    fw: &Framework,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Option<RosterAudit> {
    let wanted = wanted_columns(fw);
    let plan = rows::Plan::new(fw);
    let t0 = Instant::now();
    let mut reads = Vec::new();
    for (f, s) in sources.iter().enumerate() {
        let read = read::read_file(s, f as u32, &plan, registry, &fw.roster.columns, diags)?;
        let has = |id: &str| read.mapped.iter().any(|m| m.id == id);
        let mut missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|id| !has(id))
            .filter(|id| !(*id == "cluster" && s.cluster.is_some()))
            .collect();
        missing.dedup();
        for id in missing {
            let c = fw.roster.column(id);
            diags.push(
                Diagnostic::error(
                    &s.label,
                    format!(
                        "the roster has no column {id} ({}), which {}; expected a header such as {:?}",
                        c.map(|c| c.name_zh.as_str()).unwrap_or(""),
                        if read_required(id) {
                            "every roster needs".to_string()
                        } else {
                            format!("derived field(s) {} read", users_of(fw, id))
                        },
                        c.map(|c| c.name_zh.as_str()).unwrap_or(id)
                    ),
                )
                .row(1)
                .column(id),
            );
        }
        let checker = rows::Checker::new(&plan, registry, &s.label, f as u32, s.cluster);
        reads.push((read, checker));
    }
    let read_s = t0.elapsed().as_secs_f64();
    if diags.has_errors() {
        return None;
    }

    let t1 = Instant::now();
    let n = registry.len();
    let mut out = RosterAudit {
        files: sources.iter().map(|s| s.label.clone()).collect(),
        listed: vec![0; n],
        counted: vec![0; n],
        rejected_rows: vec![0; n],
        ..Default::default()
    };
    let mut sums: Vec<Option<Box<aggregate::ClusterSums>>> = (0..n).map(|_| None).collect();
    let mut keys = Vec::new();
    for (read, checker) in &mut reads {
        let found = report(read, &plan, checker.label, diags);
        out.rows += found.rows;
        for (a, b) in out.listed.iter_mut().zip(&found.listed) {
            *a += b;
        }
        for (a, b) in out.rejected_rows.iter_mut().zip(&found.rejected_rows) {
            *a += b;
        }
        out.rejected.extend(found.rejected);
        if keys.is_empty() {
            keys = found.keys;
        } else {
            keys.extend(found.keys);
        }
        for (a, b) in sums.iter_mut().zip(found.sums) {
            match (a.as_mut(), b) {
                (Some(a), Some(b)) => a.merge(&b),
                (None, Some(b)) => *a = Some(b),
                _ => {}
            }
        }
    }
    let policy = fw.roster.duplicates;
    let dropped = duplicates::resolve(
        keys, &reads, &plan, registry, policy, &mut out, &mut sums, diags,
    );
    out.counted = (0..n)
        .map(|i| out.listed[i] - out.rejected_rows[i] - dropped[i])
        .collect();
    let validate_s = t1.elapsed().as_secs_f64();
    if diags.has_errors() {
        return None;
    }
    drop(reads);

    let t2 = Instant::now();
    let values = aggregate::derive(&plan, &sums, &out.counted);
    for (&(i, j), v) in values.iter().filter(|(_, v)| !v.is_finite()) {
        diags.push(
            Diagnostic::error(
                out.files.join(", "),
                format!(
                    "the roster gives {v} for field {} of cluster {}: not a finite number ({}: a sum too large, or a denominator too small)",
                    fw.fields[j].id,
                    registry.clusters[i].id,
                    fw.fields[j]
                        .derived
                        .as_ref()
                        .map(|d| d.describe())
                        .unwrap_or_default()
                ),
            )
            .column(fw.fields[j].id.clone()),
        );
    }
    if diags.has_errors() {
        return None;
    }
    out.derived = values;
    out.timing = Timing {
        read_s,
        validate_s,
        aggregate_s: t2.elapsed().as_secs_f64(),
    };
    Some(out)
}

/// The problems a file's rows showed, reported as one pass over it finds
/// them: the cluster column (blank or other clusters, then the ids), then
/// each number and flag column a derived field reads, in the file's order.
/// Returns what the rows found (the file keeps its locator).
fn report(
    read: &mut read::FileRead,
    plan: &rows::Plan,
    label: &str,
    diags: &mut Diagnostics,
) -> rows::Found {
    let found = std::mem::take(&mut read.found);
    let shown = |limited: &mut read::Limited, capped: &rows::Capped, diags: &mut Diagnostics| {
        for (row, value, message) in &capped.first {
            limited.push(diags, *row as u64, value, message.clone());
        }
        limited.more += capped.count - capped.first.len();
    };
    let mut bad_cluster = read::Limited::new(label, &read::header_of(&read.mapped, "cluster"));
    shown(&mut bad_cluster, &found.bad_cluster, diags);
    bad_cluster.finish(diags);
    if let Some(ids) = read.ids.take() {
        ids.finish(diags);
    }
    for m in &read.mapped {
        let Some(s) = plan.slot(&m.id).filter(|&s| plan.needed[s]) else {
            continue;
        };
        let mut errors = read::Limited::new(label, &m.header);
        match m.kind {
            ColumnKind::Number => {
                shown(&mut errors, &found.not_numbers[s], diags);
                shown(&mut errors, &found.negatives[s], diags);
            }
            ColumnKind::Flag => shown(&mut errors, &found.not_flags[s], diags),
            ColumnKind::Text => continue,
        }
        errors.finish(diags);
    }
    found
}

fn read_required(id: &str) -> bool {
    crate::framework::derive::REQUIRED.contains(&id)
}

fn users_of(fw: &Framework, column: &str) -> String {
    fw.fields
        .iter()
        .filter(|f| {
            f.derived
                .as_ref()
                .is_some_and(|d| d.columns().contains(&column))
        })
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A rejected row as rejections.csv shows it: code, name and cluster, each
/// cut to `diag::MAX_ECHO` characters (a cell of a broken roster can be
/// longer than a spreadsheet cell holds, and the reason names the problem).
fn content(code: &str, name: Option<&str>, cluster: &str) -> String {
    let cut = |s: &str| crate::diag::cut(s.trim(), crate::diag::MAX_ECHO);
    format!("{},{},{cluster}", cut(code), cut(name.unwrap_or("")))
}
