//! Scoring: from a loaded round to points for every cluster and indicator.
//!
//! `values` builds the raw indicator matrix (with its typed provenance,
//! `provenance`), this module checks what the kernel cannot (a missing value under policy `fail`, a
//! value outside a transform's domain, a value that is not a finite number
//! because an input is too large or a denominator too small), and `kernel`
//! does the arithmetic as a pure function. What the kernel computed is
//! checked too: a column whose range or spread overflows, or points or a
//! subtotal that are not finite, stop the run with the indicator (or node)
//! and the cluster named, never scored as 0 or imputed. Ranking, reports and
//! audit read the result; nothing here writes files.

pub mod aggregate;
pub mod beyond;
pub mod bounds;
pub mod column;
pub mod kernel;
pub mod progress;
pub mod provenance;
pub mod rescore;
mod row_mean;
pub mod rules;
pub mod scales;
pub mod values;

pub use kernel::{Imputation, Plan, Scores};
pub use values::{Provenance, RawMatrix};

use crate::diag::{cut, Diagnostic, Diagnostics, MAX_ECHO};
use crate::framework::MissingPolicy;
use crate::ingest::Round;
use std::collections::BTreeMap;

/// A unit left out by screening.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Screened {
    /// Index in the registry.
    pub cluster: usize,
    /// Share of indicators with a value.
    pub availability: f64,
    /// Share of non-zero values among the unit's values (1 with none).
    pub nonzero: f64,
    pub reason: ScreenReason,
}

/// Why screening left a unit out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenReason {
    /// Data availability below `min_availability`.
    Availability,
    /// Share of non-zero values below `min_nonzero`.
    Zeros,
    /// Named in `exclude`.
    Excluded,
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
    score_raw(round, excluded, values::build(round))
}

/// `score_cohort` on a given raw matrix of the whole registry (as
/// `values::build` makes it, perhaps with some values replaced: the
/// what-if engine), instead of building it from the fields.
pub fn score_raw(round: &Round, excluded: &[bool], raw: RawMatrix) -> Result<Scored, Diagnostics> {
    let mut diags = Diagnostics::default();
    check(round, &raw, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    if let Some(sc) = &round.framework.screening {
        for (key, ids) in [("include", &sc.include), ("exclude", &sc.exclude)] {
            for id in ids {
                if !round.registry.clusters.iter().any(|c| &c.id == id) {
                    diags.push(
                        Diagnostic::error(
                            round.framework_path.display().to_string(),
                            format!(
                                "screening names unit {id}, which is not a unit of the registry"
                            ),
                        )
                        .column(format!("screening.{key}"))
                        .value(id.clone()),
                    );
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
    }
    let (active, screened) = screen(round, &raw, excluded);
    let raw = raw.rows(&active);
    let mut plan = Plan::new(&round.framework, active.len(), |col| {
        let all = group_indices(round, col);
        active.iter().map(|&i| all[i]).collect()
    });
    let unfound = plan.set_references(&round.framework, |id| {
        active
            .iter()
            .position(|&i| round.registry.clusters[i].id == id)
    });
    for (j, id) in unfound {
        let ind = &round.framework.indicators[j];
        let why = if round.registry.clusters.iter().any(|c| c.id == id) {
            "is not in the scored cohort (screened out or excluded)"
        } else {
            "is not a unit of the registry"
        };
        diags.push(
            Diagnostic::error(
                round.framework_path.display().to_string(),
                format!(
                    "rule dist2ref of indicator {} ({}) measures the distance to reference unit {id}, which {why}",
                    ind.id, ind.name_zh
                ),
            )
            .column(format!("indicator {}.reference", ind.id))
            .value(id.clone()),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let scores = kernel::score(&raw.values, &plan);
    check_scores(round, &active, &raw, &scores, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Scored {
        clusters: active,
        screened,
        raw,
        plan,
        scores,
    })
}

/// Data availability (share of the indicators with a value) and the share
/// of non-zero values among those values of every cluster; a cluster below
/// the framework's `min_availability` or `min_nonzero`, or named in
/// `exclude`, is left out (and reported with the reason), unless named in
/// `include`. Without screening, all are kept.
fn screen(round: &Round, raw: &RawMatrix, excluded: &[bool]) -> (Vec<usize>, Vec<Screened>) {
    let fw = &round.framework;
    let n = raw.clusters;
    let Some(sc) = &fw.screening else {
        return ((0..n).filter(|&i| !excluded[i]).collect(), vec![]);
    };
    let m = fw.indicators.len().max(1);
    let mut active = Vec::new();
    let mut screened = Vec::new();
    for i in (0..n).filter(|&i| !excluded[i]) {
        let (mut have, mut present, mut zeros) = (0usize, 0usize, 0usize);
        for (j, ind) in fw.indicators.iter().enumerate() {
            let v = raw.values[j * n + i];
            if v.is_finite()
                || (sc.after_imputation
                    && !matches!(ind.missing, MissingPolicy::NoPoints | MissingPolicy::Fail))
            {
                have += 1;
            }
            if v.is_finite() {
                present += 1;
                zeros += usize::from(v == 0.0);
            }
        }
        let availability = have as f64 / m as f64;
        let nonzero = if present == 0 {
            1.0
        } else {
            1.0 - zeros as f64 / present as f64
        };
        let id = &round.registry.clusters[i].id;
        let reason = if sc.include.contains(id) {
            None
        } else if sc.exclude.contains(id) {
            Some(ScreenReason::Excluded)
        } else if availability < sc.min_availability {
            Some(ScreenReason::Availability)
        } else if nonzero < sc.min_nonzero {
            Some(ScreenReason::Zeros)
        } else {
            None
        };
        match reason {
            Some(reason) => screened.push(Screened {
                cluster: i,
                availability,
                nonzero,
                reason,
            }),
            None => active.push(i),
        }
    }
    (active, screened)
}

fn check(round: &Round, raw: &RawMatrix, diags: &mut Diagnostics) {
    let fw = &round.framework;
    let n = raw.clusters;
    // A matrix of values only (`RawMatrix::provenance` empty) has no
    // reasons: its NaNs are the missing values its traced original had.
    let untraced = values::Provenance::default();
    let traced = !raw.provenance.is_empty();
    for (j, ind) in fw.indicators.iter().enumerate() {
        for (i, cluster) in round.registry.clusters.iter().enumerate() {
            let v = raw.values[j * n + i];
            let prov = raw.provenance.get(j * n + i).unwrap_or(&untraced);
            let at = |input: Option<&values::InputRef>, msg: String| {
                let mut d = Diagnostic::error(
                    input
                        .map(|r| r.file.clone())
                        .unwrap_or_else(|| round.dir.display().to_string()),
                    msg,
                )
                .column(format!("{} / {}", cluster.id, ind.id));
                if let Some(r) = input {
                    d.row = Some(r.row);
                    d.column = Some(cut(&r.column, MAX_ECHO));
                    d.value = Some(cut(&r.raw, MAX_ECHO));
                }
                d
            };
            let submitted = || prov.inputs.iter().filter(|r| !r.file.is_empty());
            let located = |msg: String| at(submitted().next(), msg);
            // NaN with a reason is a missing value; anything else that is
            // not a number came out of arithmetic that overflowed. It is
            // located at the input furthest from 1 (the huge value, or the
            // tiny denominator).
            if v.is_infinite() || (traced && v.is_nan() && prov.missing_reason.is_none()) {
                let magnitude = |r: &&values::InputRef| {
                    r.value
                        .filter(|x| *x != 0.0)
                        .map_or(0.0, |x| x.abs().log10().abs())
                };
                let extreme = submitted().max_by(|a, b| magnitude(a).total_cmp(&magnitude(b)));
                let inputs: Vec<String> = prov
                    .inputs
                    .iter()
                    .filter_map(|r| r.value.map(|x| format!("{} = {}", r.field, short(x))))
                    .collect();
                diags.push(at(
                    extreme,
                    format!(
                        "the value of indicator {} ({}) for cluster {} is not a finite number ({v}), computed from {}: an input is too large or a denominator too small",
                        ind.id,
                        ind.name_zh,
                        cluster.id,
                        inputs.join(", ")
                    ),
                ));
                continue;
            }
            if v.is_nan() && ind.missing == MissingPolicy::Fail {
                let msg = format!(
                    "missing value for cluster {} indicator {} ({}), whose policy is fail: {}",
                    cluster.id,
                    ind.id,
                    ind.name_zh,
                    prov.missing_reason
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_default()
                );
                diags.push(match set_aside_row(round, &cluster.id) {
                    // The cluster's row was read and set aside (a year that
                    // is not the round's, a comment): the value is missing
                    // because of it, so the error is located there.
                    Some(r) if submitted().next().is_none() => Diagnostic::error(&r.file, msg)
                        .row(r.row)
                        .column(format!("{} / {}", cluster.id, ind.id))
                        .consequence_of(format!(
                            "{} row {} was not read: {}",
                            r.file, r.row, r.reason
                        )),
                    _ => located(msg),
                });
            }
            if v.is_finite() && rescore::outside_domain(ind, v) {
                let t = rescore::first_transform_outside(ind, v)
                    .map(|t| t.name())
                    .unwrap_or_default();
                let needs = if t == "log1p" { "above -1" } else { "above 0" };
                diags.push(located(format!(
                    "value {v} of indicator {} ({}) for cluster {} is outside the domain of transform {t}, which needs values {needs}",
                    ind.id, ind.name_zh, cluster.id
                )));
            }
        }
    }
}

/// The first row of the submissions that was read and set aside and holds
/// cluster `id` in one of its cells.
fn set_aside_row<'a>(round: &'a Round, id: &str) -> Option<&'a crate::ingest::Rejection> {
    round.data.rejections.iter().find(|r| {
        r.content
            .split(',')
            .any(|c| crate::ingest::ids::normalise_id(c) == id)
    })
}

/// What the kernel computed must be finite: each indicator column's
/// statistics (the range a min-max rule divides by, the sums a z-score or
/// the outlier test uses), every cluster's points and every subtotal.
/// `active` maps the scored rows to the registry; `raw` is their matrix.
fn check_scores(
    round: &Round,
    active: &[usize],
    raw: &RawMatrix,
    scores: &Scores,
    diags: &mut Diagnostics,
) {
    let fw = &round.framework;
    let n = active.len();
    let file = round.dir.display().to_string();
    let cluster = |r: usize| round.registry.clusters[active[r]].id.as_str();
    for (j, ind) in fw.indicators.iter().enumerate() {
        let column = &scores.transformed[j * n..(j + 1) * n];
        if let Some(r) = overflowing(column) {
            let message = format!(
                "the values of indicator {} ({}) are too large to score: their range, or the sums of their squared or 4th-power deviations (z-score, outlier test), go beyond ±1.8e308 (the largest, {}, is cluster {}'s)",
                ind.id,
                ind.name_zh,
                short(column[r]),
                cluster(r)
            );
            let input = raw
                .provenance
                .get(j * n + r)
                .and_then(|p| p.inputs.iter().find(|i| !i.file.is_empty()));
            diags.push(match input {
                Some(i) => Diagnostic::error(&i.file, message)
                    .row(i.row)
                    .column(i.column.clone())
                    .value(i.raw.clone()),
                None => {
                    Diagnostic::error(&file, message).column(format!("{} / {}", cluster(r), ind.id))
                }
            });
            continue;
        }
        if let Some(d) = rule_not_a_number(round, active, scores, j) {
            diags.push(d);
            continue;
        }
        for r in 0..n {
            let p = scores.points[j * n + r];
            if !p.is_finite() {
                diags.push(
                    Diagnostic::error(
                        &file,
                        format!(
                            "the points of indicator {} for cluster {} are not a finite number ({p})",
                            ind.id,
                            cluster(r)
                        ),
                    )
                    .column(format!("{} / {}", cluster(r), ind.id)),
                );
            }
        }
    }
    if diags.has_errors() {
        return;
    }
    aggregate::check_positive(
        fw,
        &file,
        n,
        |c, r| match c {
            crate::framework::Child::Indicator(j) => scores.fraction[j * n + r],
            crate::framework::Child::Node(k) => {
                aggregate::fraction_of(scores.subtotal(r, k), fw.nodes[k].points)
            }
        },
        |r| cluster(r).to_string(),
        diags,
    );
    for r in 0..n {
        for (k, node) in fw.nodes.iter().enumerate() {
            let s = scores.subtotal(r, k);
            if !s.is_finite() {
                diags.push(
                    Diagnostic::error(
                        &file,
                        format!(
                            "the subtotal of node {} for cluster {} is not a finite number ({s}): the points under it add up beyond ±1.8e308",
                            node.id,
                            cluster(r)
                        ),
                    )
                    .column(format!("{} / {}", cluster(r), node.id)),
                );
            }
        }
    }
}

/// A rule whose formula divides by zero for a present value (dist2ref to
/// a reference at the minimum, dist2max or fracmax on a column with no
/// spread or a maximum of 0) gives NaN (0/0) or an infinity: one error for
/// the indicator, naming the clusters and the count of each, never a score.
fn rule_not_a_number(
    round: &Round,
    active: &[usize],
    scores: &Scores,
    j: usize,
) -> Option<Diagnostic> {
    let ind = &round.framework.indicators[j];
    let n = active.len();
    let cluster = |r: usize| round.registry.clusters[active[r]].id.as_str();
    let (mut nan, mut inf) = (Vec::new(), Vec::new());
    for r in 0..n {
        let (x, v) = (scores.transformed[j * n + r], scores.rule_value[j * n + r]);
        if x.is_finite() && v.is_nan() {
            nan.push(cluster(r));
        } else if x.is_finite() && v.is_infinite() {
            inf.push(cluster(r));
        }
    }
    if nan.is_empty() && inf.is_empty() {
        return None;
    }
    let list = |v: &[&str]| {
        let mut s = v.iter().take(10).copied().collect::<Vec<_>>().join(", ");
        if v.len() > 10 {
            s.push_str(&format!(" and {} more", v.len() - 10));
        }
        s
    };
    let first = nan.first().or(inf.first()).copied().unwrap_or_default();
    Some(
        Diagnostic::error(
            round.framework_path.display().to_string(),
            format!(
                "rule {} of indicator {} ({}) divides by zero on these values: {} NaN (0/0: {}) and {} infinite ({}); the indicator cannot be scored with this rule",
                ind.rule.name(),
                ind.id,
                ind.name_zh,
                nan.len(),
                list(&nan),
                inf.len(),
                list(&inf)
            ),
        )
        .column(format!("{first} / {}", ind.id)),
    )
}

/// The row of the largest value of a column whose statistics overflow:
/// the range, the sum, or the sums of the 2nd and 4th powers of the
/// deviations from the mean (finite values only).
fn overflowing(column: &[f64]) -> Option<usize> {
    let (min, max, mean, n) = rules::stats(column);
    if n == 0 {
        return None;
    }
    let (mut s2, mut s4) = (0.0f64, 0.0f64);
    for &v in column.iter().filter(|v| v.is_finite()) {
        let d2 = (v - mean) * (v - mean);
        s2 += d2;
        s4 += d2 * d2;
    }
    let fine = [max - min, mean, s2, s4].iter().all(|x| x.is_finite());
    if fine {
        return None;
    }
    column
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .map(|(r, _)| r)
}

/// A number for a message: exact, but in exponent form when it is huge or
/// tiny (1e308 rather than 309 digits).
fn short(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
