//! Why a cluster's total changed between two runs: every indicator's
//! change of points split into three parts that add up to it exactly.
//!
//! A run is a framework F applied to the data D of a cohort. Between run A
//! (F_A, D_A) and run B (F_B, D_B) the total of cluster i changes by
//! `T_i(F_B, D_B) − T_i(F_A, D_A)`. The path taken (data first):
//!
//! ```text
//! (F_A, D_A) ─own─► (F_A, D_A with i's row of D_B) ─cohort─► (F_A, D_B) ─framework─► (F_B, D_B)
//! ```
//!
//! - **own**: only cluster i's values change, to what it submitted in B,
//!   everyone else as in A (its own value moving a normalisation bound
//!   counts as its own change);
//! - **cohort**: the other clusters' values change, clusters arrive or
//!   leave: normalisation bounds, imputed cohort means and medians and
//!   objective weights move under i (a late submission shows here);
//! - **framework**: the indicator file changes (weights, rules, goalposts,
//!   cut-offs that move points).
//!
//! Every state is scored by the same kernel as a run, so each part is an
//! exact difference of points, indicator by indicator: the kernel's total
//! is the sum of the indicators' points, so the parts add up to the change
//! in total (to the rounding of a sum, far below 1e-9). When a framework
//! has a node that does not add up points (geometric, harmonic,
//! generalised mean, Copeland), each part is the change of the kernel's
//! total between two states, so the three still add up to the change
//! exactly, but the indicators' changes of points do not add up to a part:
//! `non_additive` names the nodes and the outputs say so. When B's data
//! cannot be read under A's framework (a field A needs is gone), the
//! framework step is taken first instead, on A's data:
//! `(F_A, D_A) ─framework─► (F_B, D_A) ─own─► … ─cohort─► (F_B, D_B)`; the
//! order used is recorded. A cluster scored in only one of the two runs
//! (new, gone, failing a gate or screened out in one) has no parts.

use crate::diag::{Diagnostics, Error, Result};
use crate::ingest::Round;
use crate::pipeline::{self, Loaded};
use crate::process;
use crate::score::{self, RawMatrix};
use crate::weighting;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Which step came first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// own, cohort (under A's framework), then framework (on B's data).
    DataFirst,
    /// framework (on A's data), then own, cohort (under B's framework).
    FrameworkFirst,
}

/// One indicator's change of points for one cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorPart {
    pub indicator: String,
    /// Points in run A (None: not in A's framework).
    pub before: Option<f64>,
    /// Points in run B (None: not in B's framework).
    pub after: Option<f64>,
    pub own: f64,
    pub cohort: f64,
    pub framework: f64,
}

impl IndicatorPart {
    pub fn change(&self) -> f64 {
        self.own + self.cohort + self.framework
    }
}

/// A cluster's change of total, in parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parts {
    pub before: f64,
    pub after: f64,
    pub own: f64,
    pub cohort: f64,
    pub framework: f64,
    /// Every indicator of either framework, A's order then B's new ones.
    pub indicators: Vec<IndicatorPart>,
}

/// Every cluster scored in both runs, by id.
#[derive(Debug, Clone, Serialize)]
pub struct Decomposition {
    pub order: Order,
    /// The nodes of either framework that do not add up points (geometric,
    /// harmonic, generalised mean, Copeland): with any, a cluster's parts
    /// are differences of its total (they still add up to its change) but
    /// the indicators' changes of points do not add up to them.
    pub non_additive: Vec<String>,
    pub clusters: BTreeMap<String, Parts>,
}

/// A loaded round ready to be scored with other values.
struct Cohort {
    round: Round,
    raw: RawMatrix,
    excluded: Vec<bool>,
    /// Registry index of each cluster id.
    index: BTreeMap<String, usize>,
}

/// A cluster's points with its own row changed (None: not scored then).
type OwnState = std::result::Result<Option<(f64, BTreeMap<String, f64>)>, Diagnostics>;

/// Total and points of every scored cluster, by id: (total, indicator id
/// → points).
type Points = BTreeMap<String, (f64, BTreeMap<String, f64>)>;

impl Cohort {
    fn new(loaded: Loaded) -> Cohort {
        let Loaded { round, process, .. } = loaded;
        let excluded = match &process {
            Some(p) => process::gates::check(&round, &p.process.gates)
                .iter()
                .map(|f| !f.is_empty())
                .collect(),
            None => vec![false; round.registry.len()],
        };
        let raw = score::values::build(&round);
        let raw = RawMatrix {
            provenance: vec![],
            ..raw
        };
        let index = round
            .registry
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Cohort {
            round,
            raw,
            excluded,
            index,
        }
    }

    /// Score the cohort with `raw` and `excluded` (objective weights
    /// resolved on these values, as a run does).
    fn points(
        &self,
        raw: &RawMatrix,
        excluded: &[bool],
    ) -> std::result::Result<Points, Diagnostics> {
        let framework = weighting::resolve_objective_raw(&self.round, excluded, raw)?;
        let round = Round {
            framework,
            ..self.round.clone()
        };
        let scored = score::score_raw(&round, excluded, raw.clone())?;
        let fw = &round.framework;
        let s = &scored.scores;
        let mut out = Points::new();
        for (row, &c) in scored.clusters.iter().enumerate() {
            let per = fw
                .indicators
                .iter()
                .enumerate()
                .map(|(j, ind)| (ind.id.clone(), s.points[s.at(row, j)]))
                .collect();
            out.insert(round.registry.clusters[c].id.clone(), (s.total(row), per));
        }
        Ok(out)
    }

    fn base(&self) -> std::result::Result<Points, Diagnostics> {
        self.points(&self.raw, &self.excluded)
    }

    /// This cohort with cluster `id`'s row (values and gate) taken from
    /// `other` (the same framework, other data).
    fn with_row_of(&self, other: &Cohort, id: &str) -> Option<(RawMatrix, Vec<bool>)> {
        let i = *self.index.get(id)?;
        let k = *other.index.get(id)?;
        let (n, m) = (self.raw.clusters, self.raw.indicators);
        let mut raw = RawMatrix {
            clusters: n,
            indicators: m,
            values: self.raw.values.clone(),
            provenance: vec![],
        };
        for j in 0..m {
            raw.values[j * n + i] = other.raw.values[j * other.raw.clusters + k];
        }
        let mut excluded = self.excluded.clone();
        excluded[i] = other.excluded[k];
        Some((raw, excluded))
    }
}

fn load(dir: &Path, framework: Option<&Path>) -> std::result::Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::default();
    match pipeline::load(dir, framework, &mut diags) {
        Some(l) if !diags.has_errors() => Ok(l),
        _ => Err(diags),
    }
}

fn invalid(what: &str, d: Diagnostics) -> Error {
    let mut d = d;
    d.push(crate::diag::Diagnostic::error(
        what.to_string(),
        "the decomposition needs this state of the round",
    ));
    Error::Invalid(d)
}

/// A round folder and the framework file it is run with.
pub struct Side<'a> {
    pub round_dir: &'a Path,
    pub framework: &'a Path,
}

/// Decompose every cluster's change of total from run A to run B.
pub fn decompose(a: &Side, b: &Side) -> Result<Decomposition> {
    let load_a = |f: &Path| load(a.round_dir, Some(f));
    let load_b = |f: &Path| load(b.round_dir, Some(f));
    let from = Cohort::new(load_a(a.framework).map_err(|d| invalid("run A", d))?);
    let to = Cohort::new(load_b(b.framework).map_err(|d| invalid("run B", d))?);
    // Data first: B's data under A's framework.
    if let Ok(crossed) = load_b(a.framework) {
        let crossed = Cohort::new(crossed);
        let p_from = from.base().map_err(|d| invalid("run A", d))?;
        let p_crossed = crossed
            .base()
            .map_err(|d| invalid("run B's data under run A's framework", d))?;
        let p_to = to.base().map_err(|d| invalid("run B", d))?;
        let own = own_points(&from, &crossed)?;
        return Ok(assemble(
            Order::DataFirst,
            [&p_from, &p_crossed, &p_to],
            &own,
            false,
            non_additive(&from, &to),
        ));
    }
    // Framework first: A's data under B's framework.
    let crossed = load_a(b.framework).map_err(|d| {
        invalid(
            "the two runs' frameworks and data cannot be crossed (neither run's data reads under the other's framework)",
            d,
        )
    })?;
    let crossed = Cohort::new(crossed);
    let p_from = from.base().map_err(|d| invalid("run A", d))?;
    let p_crossed = crossed
        .base()
        .map_err(|d| invalid("run A's data under run B's framework", d))?;
    let p_to = to.base().map_err(|d| invalid("run B", d))?;
    let own = own_points(&crossed, &to)?;
    Ok(assemble(
        Order::FrameworkFirst,
        [&p_from, &p_crossed, &p_to],
        &own,
        true,
        non_additive(&from, &to),
    ))
}

/// The non-additive nodes of either cohort's framework, by id.
fn non_additive(a: &Cohort, b: &Cohort) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for fw in [&a.round.framework, &b.round.framework] {
        for n in fw.nodes.iter().filter(|n| !n.aggregation.is_additive()) {
            if !out.contains(&n.id) {
                out.push(n.id.clone());
            }
        }
    }
    out
}

/// For every cluster in both cohorts, the points of `base`'s cohort with
/// that cluster's row from `other`.
fn own_points(base: &Cohort, other: &Cohort) -> Result<Points> {
    let ids: Vec<&String> = base
        .index
        .keys()
        .filter(|id| other.index.contains_key(*id))
        .collect();
    let states: Vec<(String, OwnState)> = ids
        .par_iter()
        .map(|id| {
            let state = match base.with_row_of(other, id) {
                Some((raw, excluded)) => base
                    .points(&raw, &excluded)
                    .map(|mut p| p.remove(id.as_str())),
                None => Ok(None),
            };
            (id.to_string(), state)
        })
        .collect();
    let mut out = Points::new();
    for (id, state) in states {
        match state {
            Ok(Some(p)) => {
                out.insert(id, p);
            }
            Ok(None) => {}
            Err(d) => {
                return Err(invalid(
                    &format!("cluster {id}'s own values with the rest of the cohort unchanged"),
                    d,
                ))
            }
        }
    }
    Ok(out)
}

/// The parts from the scored states: `[start, crossed, end]` and the own
/// states. Data first: own = own − start, cohort = crossed − own,
/// framework = end − crossed. Framework first: framework = crossed −
/// start, own = own − crossed, cohort = end − own.
fn assemble(
    order: Order,
    [start, crossed, end]: [&Points; 3],
    own: &Points,
    fw_first: bool,
    non_additive: Vec<String>,
) -> Decomposition {
    let mut clusters = BTreeMap::new();
    for (id, (t0, p0)) in start {
        let (Some((t3, p3)), Some((to, po)), Some((tc, pc))) =
            (end.get(id), own.get(id), crossed.get(id))
        else {
            continue;
        };
        let mut ids: Vec<&String> = p0.keys().collect();
        for k in p3.keys() {
            if !p0.contains_key(k) {
                ids.push(k);
            }
        }
        let get = |p: &BTreeMap<String, f64>, k: &str| p.get(k).copied().unwrap_or(0.0);
        let split = |s: f64, c: f64, o: f64, e: f64| {
            if fw_first {
                (o - c, e - o, c - s)
            } else {
                (o - s, c - o, e - c)
            }
        };
        let indicators: Vec<IndicatorPart> = ids
            .into_iter()
            .map(|k| {
                let (own, cohort, framework) =
                    split(get(p0, k), get(pc, k), get(po, k), get(p3, k));
                IndicatorPart {
                    indicator: k.clone(),
                    before: p0.get(k).copied(),
                    after: p3.get(k).copied(),
                    own,
                    cohort,
                    framework,
                }
            })
            .collect();
        let sum = |f: fn(&IndicatorPart) -> f64| indicators.iter().map(f).sum::<f64>();
        let parts = if non_additive.is_empty() {
            Parts {
                before: p0.values().sum(),
                after: p3.values().sum(),
                own: sum(|p| p.own),
                cohort: sum(|p| p.cohort),
                framework: sum(|p| p.framework),
                indicators,
            }
        } else {
            // The totals are not sums of points: each step is the change
            // of the kernel's total itself.
            let (own, cohort, framework) = split(*t0, *tc, *to, *t3);
            Parts {
                before: *t0,
                after: *t3,
                own,
                cohort,
                framework,
                indicators,
            }
        };
        clusters.insert(id.clone(), parts);
    }
    Decomposition {
        order,
        non_additive,
        clusters,
    }
}
