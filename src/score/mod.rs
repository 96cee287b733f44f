//! Scoring: from a loaded round to points for every cluster and indicator.
//!
//! `values` builds the raw indicator matrix (with provenance), this module
//! checks what the kernel cannot (a missing value under policy `fail`, a
//! value outside a transform's domain), and `kernel` does the arithmetic as
//! a pure function. Ranking, reports and audit read the result; nothing here
//! writes files.

pub mod kernel;
pub mod rules;
pub mod values;

pub use kernel::{Imputation, Plan, Scores};
pub use values::{Provenance, RawMatrix};

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{MissingPolicy, Transform};
use crate::ingest::Round;
use std::collections::BTreeMap;

/// A scored round: the raw matrix, the plan and the kernel's output.
#[derive(Debug, Clone)]
pub struct Scored {
    pub raw: RawMatrix,
    pub plan: Plan,
    pub scores: Scores,
}

/// Group index of every cluster for a registry column (groups numbered in
/// sorted order of their labels, so the numbering does not depend on row
/// order).
pub fn group_indices(round: &Round, column: &str) -> Vec<usize> {
    let labels: Vec<String> = round
        .registry
        .clusters
        .iter()
        .map(|c| c.group_value(column).unwrap_or("").to_string())
        .collect();
    let mut sorted: Vec<&String> = labels.iter().collect();
    sorted.sort();
    sorted.dedup();
    let index: BTreeMap<&String, usize> = sorted
        .into_iter()
        .enumerate()
        .map(|(i, l)| (l, i))
        .collect();
    labels.iter().map(|l| index[l]).collect()
}

/// Score a round; errors (policy `fail`, log1p domain) are located.
pub fn score_round(round: &Round) -> Result<Scored, Diagnostics> {
    let raw = values::build(round);
    let mut diags = Diagnostics::default();
    check(round, &raw, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let plan = Plan::new(&round.framework, round.registry.len(), |col| {
        group_indices(round, col)
    });
    let scores = kernel::score(&raw.values, &plan);
    Ok(Scored { raw, plan, scores })
}

fn check(round: &Round, raw: &RawMatrix, diags: &mut Diagnostics) {
    let fw = &round.framework;
    let n = raw.clusters;
    for (j, ind) in fw.indicators.iter().enumerate() {
        for (i, cluster) in round.registry.clusters.iter().enumerate() {
            let v = raw.values[j * n + i];
            let prov = &raw.provenance[j * n + i];
            let located = |msg: String| {
                let first = prov.inputs.iter().find(|r| !r.file.is_empty());
                let mut d = Diagnostic::error(
                    first
                        .map(|r| r.file.clone())
                        .unwrap_or_else(|| round.dir.display().to_string()),
                    msg,
                )
                .column(format!("{} / {}", cluster.id, ind.id));
                if let Some(r) = first {
                    d.row = Some(r.row);
                    d.column = Some(r.column.clone());
                    d.value = Some(r.raw.clone());
                }
                d
            };
            if v.is_nan() && ind.missing == MissingPolicy::Fail {
                diags.push(located(format!(
                    "missing value for cluster {} indicator {} ({}), whose policy is fail: {}",
                    cluster.id,
                    ind.id,
                    ind.name_zh,
                    prov.missing_reason.clone().unwrap_or_default()
                )));
            }
            if v <= -1.0 && ind.transforms.contains(&Transform::Log1p) {
                diags.push(located(format!(
                    "value {v} of indicator {} is at or below -1, outside the domain of log1p",
                    ind.id
                )));
            }
        }
    }
}
