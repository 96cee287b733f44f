//! Enterprises listed more than once, found in a compact key set.
//!
//! Every row with a valid credit code and a known cluster leaves one `Key`
//! (24 bytes: the code packed in base 31, the file, the row and the
//! cluster), never its text. The keys of all files are sorted by code, then
//! file, then row; a run of equal codes is an enterprise listed more than
//! once. Within one cluster the first listing stands and the repeats are
//! rejected; listed by several clusters, the framework's policy applies
//! (counted for every cluster, for none, or an error). Only then are the
//! rows concerned fetched again from their files, by row number, for their
//! names and codes as written and for their values: a row no longer
//! counted has its contribution taken away from its cluster's sums.

use super::aggregate::{contribute, ClusterSums};
use super::read::FileRead;
use super::rows::{parse_values, Checker, Plan, Values, CODE, NAME};
use super::{content, uscc, Claim, Duplicate, RosterAudit};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::derive::DuplicatePolicy;
use crate::ingest::{Registry, Rejection};
use rayon::prelude::*;
use std::collections::HashMap;

/// One listing of a valid code. Ordered by code, then file, then row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    code_hi: u64,
    code_lo: u32,
    pub file: u32,
    pub line: u32,
    pub cluster: u32,
}

impl Key {
    pub fn new(code: u128, file: u32, line: usize, cluster: usize) -> Key {
        Key {
            code_hi: (code >> 32) as u64,
            code_lo: code as u32,
            file,
            line: line as u32,
            cluster: cluster as u32,
        }
    }

    pub fn shifted(mut self, rows: u32) -> Key {
        self.line += rows;
        self
    }

    fn code(&self) -> (u64, u32) {
        (self.code_hi, self.code_lo)
    }
}

/// What a listing is no longer counted for.
enum Drop {
    /// A repeat within its cluster: rejected.
    Repeat,
    /// Claimed by several clusters under the policy `none`.
    Policy,
}

/// Find codes listed more than once, apply the policy, and take the rows
/// no longer counted out of their clusters' sums. Returns the rows each
/// cluster no longer counts under the policy `none`.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    mut keys: Vec<Key>,
    files: &[(FileRead, Checker)],
    plan: &Plan,
    registry: &Registry,
    policy: DuplicatePolicy,
    out: &mut RosterAudit,
    sums: &mut [Option<Box<ClusterSums>>],
    diags: &mut Diagnostics,
) -> Vec<usize> {
    keys.par_sort_unstable();
    // Runs of one code: the repeats within a cluster, and the claims of
    // several clusters (their first listings).
    let mut drops: Vec<(Key, Drop)> = Vec::new();
    let mut claimed: Vec<Vec<Key>> = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + 1;
        while end < keys.len() && keys[end].code() == keys[start].code() {
            end += 1;
        }
        if end - start > 1 {
            let mut firsts: Vec<Key> = Vec::new();
            for &k in &keys[start..end] {
                if firsts.iter().any(|f| f.cluster == k.cluster) {
                    drops.push((k, Drop::Repeat));
                } else {
                    firsts.push(k);
                }
            }
            if firsts.len() > 1 {
                claimed.push(firsts);
            }
        }
        start = end;
    }
    drop(keys);
    if policy == DuplicatePolicy::None {
        for firsts in &claimed {
            drops.extend(firsts.iter().map(|&k| (k, Drop::Policy)));
        }
    }
    // The rows concerned, fetched again.
    let mut wanted: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for k in drops.iter().map(|(k, _)| k).chain(claimed.iter().flatten()) {
        wanted[k.file as usize].push(k.line as usize);
    }
    let mut text: HashMap<(u32, usize), Vec<String>> = HashMap::new();
    for (f, lines) in wanted.iter_mut().enumerate() {
        lines.sort_unstable();
        lines.dedup();
        if lines.is_empty() {
            continue;
        }
        let (read, checker) = &files[f];
        match read.locator.fetch(checker, lines) {
            Ok(rows) => text.extend(rows.into_iter().map(|(l, t)| ((f as u32, l), t))),
            Err(e) => diags.push(Diagnostic::error(
                checker.label,
                format!("cannot read the roster again for the enterprises listed twice: {e}"),
            )),
        }
    }
    let empty = Vec::new();
    let cells_of = |k: &Key| text.get(&(k.file, k.line as usize)).unwrap_or(&empty);
    let cell = |k: &Key, slot: usize| cells_of(k).get(slot).map(String::as_str).unwrap_or("");
    let label = |k: &Key| files[k.file as usize].1.label;
    let mut dropped = vec![0usize; registry.len()];
    let mut values = Values::blank(plan);
    for (k, why) in &drops {
        let c = k.cluster as usize;
        let cells: Vec<&str> = cells_of(k).iter().map(String::as_str).collect();
        if cells.len() == plan.ids.len() {
            parse_values(plan, &cells, &mut values);
            if let Some(acc) = sums[c].as_mut() {
                contribute(plan, &values, acc, -1);
            }
        }
        match why {
            Drop::Repeat => {
                out.rejected_rows[c] += 1;
                out.rejected.push(Rejection {
                    file: label(k).to_string(),
                    row: k.line as usize,
                    reason: "同一集群重复填报 / the cluster lists this enterprise twice; the first row is counted".into(),
                    content: content(cell(k, CODE), Some(cell(k, NAME)), &registry.clusters[c].id),
                });
            }
            Drop::Policy => dropped[c] += 1,
        }
    }
    for firsts in claimed {
        let claims: Vec<Claim> = firsts
            .iter()
            .map(|k| Claim {
                cluster: registry.clusters[k.cluster as usize].id.clone(),
                name: cell(k, NAME).trim().to_string(),
                file: label(k).to_string(),
                row: k.line as usize,
            })
            .collect();
        let code = uscc::normalise(cell(&firsts[0], CODE));
        if policy == DuplicatePolicy::Fail {
            let list: Vec<String> = claims
                .iter()
                .map(|c| format!("{} ({} row {})", c.cluster, c.file, c.row))
                .collect();
            diags.push(
                Diagnostic::error(
                    &claims[0].file,
                    format!(
                        "enterprise {code} is claimed by {} clusters: {}; the framework's duplicate policy is fail",
                        claims.len(),
                        list.join(", ")
                    ),
                )
                .row(claims[0].row)
                .column("uscc")
                .value(code.clone()),
            );
        }
        out.duplicates.push(Duplicate {
            uscc: code,
            claims,
            policy,
        });
    }
    out.rejected
        .sort_by(|a, b| (&a.file, a.row).cmp(&(&b.file, b.row)));
    dropped
}
