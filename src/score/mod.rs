//! Scoring: from a loaded round to points for every cluster and indicator.
//!
//! `values` builds the raw indicator matrix (with provenance), this module
//! checks what the kernel cannot (a missing value under policy `fail`, a
//! value outside a transform's domain), and `kernel` does the arithmetic as
//! a pure function. Ranking, reports and audit read the result; nothing here
//! writes files.

pub mod kernel;
pub mod progress;
pub mod rules;
pub mod values;

pub use kernel::{Imputation, Plan, Scores};
pub use values::{Provenance, RawMatrix};

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{MissingPolicy, Transform};
use crate::ingest::Round;
use std::collections::BTreeMap;

/// A unit left out by screening.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Screened {
    /// Index in the registry.
    pub cluster: usize,
    /// Share of indicators with a value.
    pub availability: f64,
}

/// A scored round: the raw matrix, the plan and the kernel's output, for
/// the clusters that were scored (all of them unless screening left some
/// out).
#[derive(Debug, Clone)]
pub struct Scored {
    /// Registry index of each scored row.
    pub clusters: Vec<usize>,
    pub screened: Vec<Screened>,
    pub raw: RawMatrix,
    pub plan: Plan,
    pub scores: Scores,
}

impl Scored {
    /// Id and (Chinese, English) name of every scored row.
    pub fn labels(&self, round: &Round) -> (Vec<String>, Vec<(String, String)>) {
        self.clusters
            .iter()
            .map(|&i| {
                let c = &round.registry.clusters[i];
                (c.id.clone(), (c.name_zh.clone(), c.name_en.clone()))
            })
            .unzip()
    }
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

/// Score a round without the clusters marked `excluded` (e.g. those that
/// failed an eligibility gate): they are not part of the cohort, so they
/// cannot move anyone's relative score.
pub fn score_cohort(round: &Round, excluded: &[bool]) -> Result<Scored, Diagnostics> {
    let raw = values::build(round);
    let mut diags = Diagnostics::default();
    check(round, &raw, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let (active, screened) = screen(round, &raw, excluded);
    let raw = raw.rows(&active);
    let plan = Plan::new(&round.framework, active.len(), |col| {
        let all = group_indices(round, col);
        active.iter().map(|&i| all[i]).collect()
    });
    let scores = kernel::score(&raw.values, &plan);
    Ok(Scored {
        clusters: active,
        screened,
        raw,
        plan,
        scores,
    })
}

/// Data availability of every cluster; those below the framework's
/// threshold are left out (and reported). Without screening, all are kept.
fn screen(round: &Round, raw: &RawMatrix, excluded: &[bool]) -> (Vec<usize>, Vec<Screened>) {
    let fw = &round.framework;
    let n = raw.clusters;
    let Some(sc) = fw.screening else {
        return ((0..n).filter(|&i| !excluded[i]).collect(), vec![]);
    };
    let m = fw.indicators.len().max(1);
    let mut active = Vec::new();
    let mut screened = Vec::new();
    for i in (0..n).filter(|&i| !excluded[i]) {
        let have = fw
            .indicators
            .iter()
            .enumerate()
            .filter(|(j, ind)| {
                let v = raw.values[j * n + i];
                v.is_finite()
                    || (sc.after_imputation
                        && !matches!(ind.missing, MissingPolicy::NoPoints | MissingPolicy::Fail))
            })
            .count();
        let availability = have as f64 / m as f64;
        if availability < sc.min_availability {
            screened.push(Screened {
                cluster: i,
                availability,
            });
        } else {
            active.push(i);
        }
    }
    (active, screened)
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
