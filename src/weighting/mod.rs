//! Weights (权重): entropy, CRITIC, AHP and their combination, PCA and
//! correlation-optimised weights (`statistical`), resolved on the scored
//! cohort, and the table of every resolved weight.
//!
//! The formulas are pure functions in `maths::mcdm` (and `maths::pca`,
//! `maths::optimise`). `resolve_objective` applies the data-driven ones
//! (`[[weighting]]` with entropy, critic, combined, pca or optimised) to a
//! round before it is ranked: deepest node first, it scores
//! the cohort, reads the children's score fractions (an indicator's share of
//! its points; a node's subtotal over its points), computes the weights and
//! gives the children their share of the node's points. It returns the
//! framework with these effective points (the round's own is left as
//! loaded); the pipeline scores, ranks and reports with the returned one,
//! so every output, trace and explanation uses them. `warnings` says which
//! optimisations stopped before converging. `table` lists the weight of
//! every child of every node and how it was obtained, for `weights.csv`
//! and the reports.

use crate::diag::Diagnostics;
use crate::framework::{Aggregation, Child, Framework, WeightMethod, Weighting};
use crate::ingest::Round;
use crate::maths::mcdm as methods;
use crate::score;
use serde::Serialize;

mod statistical;
pub use statistical::warnings;

/// The framework of a round with its objective weights resolved on the
/// cohort that will be scored (clusters not `excluded`). Without objective
/// weightings it is the round's framework as loaded.
pub fn resolve_objective(round: &Round, excluded: &[bool]) -> Result<Framework, Diagnostics> {
    if !round.framework.weightings.iter().any(|w| w.is_objective()) {
        return Ok(round.framework.clone());
    }
    resolve_objective_raw(round, excluded, &score::values::build(round))
}

/// `resolve_objective` on a given raw matrix of the whole registry (the
/// what-if engine's, with some values replaced) instead of building it
/// from the fields: the weights are those of the cohort as it would be.
pub fn resolve_objective_raw(
    round: &Round,
    excluded: &[bool],
    raw: &score::RawMatrix,
) -> Result<Framework, Diagnostics> {
    if !round.framework.weightings.iter().any(|w| w.is_objective()) {
        return Ok(round.framework.clone());
    }
    let mut round = round.clone();
    let mut order: Vec<usize> = (0..round.framework.weightings.len())
        .filter(|&w| round.framework.weightings[w].is_objective())
        .collect();
    // Deepest node first: a node's fraction is final once its own
    // children's weights are.
    order.sort_by_key(|&w| {
        std::cmp::Reverse(round.framework.nodes[round.framework.weightings[w].node].depth)
    });
    for w in order {
        let scored = score::score_raw(&round, excluded, raw.clone())?;
        let fw = &round.framework;
        let wt = &fw.weightings[w];
        let s = &scored.scores;
        let n = s.clusters;
        let mut matrix = Vec::with_capacity(n * wt.children.len());
        for &c in &wt.children {
            for i in 0..n {
                let f = match c {
                    Child::Indicator(j) => s.fraction[s.at(i, j)],
                    Child::Node(k) => {
                        let p = fw.nodes[k].points;
                        if p > 0.0 {
                            s.subtotal(i, k) / p
                        } else {
                            0.0
                        }
                    }
                };
                matrix.push(if f.is_finite() { f.max(0.0) } else { 0.0 });
            }
        }
        let m = wt.children.len();
        if let Some(st) = wt.statistical.clone() {
            let scores = children_scores(fw, s, &wt.children);
            let (shares, outcome) = statistical::resolve(&round, &scored, wt, &st, &scores)?;
            let (node, children) = (wt.node, wt.children.clone());
            let fw = &mut round.framework;
            fw.weightings[w].objective_weights = shares.clone();
            fw.weightings[w].statistical = Some(outcome);
            fw.set_child_shares(node, &children, &shares);
            continue;
        }
        let objective = match wt.objective {
            Some(WeightMethod::Critic) => methods::critic(&matrix, n, m),
            _ => methods::entropy(&matrix, n, m),
        };
        let shares = if wt.subjective.is_empty() {
            objective.clone()
        } else {
            methods::combine(&wt.subjective, &objective, wt.share)
        };
        let (node, children) = (wt.node, wt.children.clone());
        let fw = &mut round.framework;
        fw.weightings[w].objective_weights = objective;
        fw.set_child_shares(node, &children, &shares);
    }
    Ok(round.framework)
}

/// The children's scores over the scored cohort, column-major: an
/// indicator's fraction of its points, a child node's subtotal over its
/// points (0 when it has none).
fn children_scores(fw: &Framework, s: &score::Scores, children: &[Child]) -> Vec<f64> {
    let n = s.clusters;
    let mut out = Vec::with_capacity(n * children.len());
    for &c in children {
        for i in 0..n {
            out.push(match c {
                Child::Indicator(j) => s.fraction[s.at(i, j)],
                Child::Node(k) => {
                    let p = fw.nodes[k].points;
                    if p > 0.0 {
                        s.subtotal(i, k) / p
                    } else {
                        0.0
                    }
                }
            });
        }
    }
    out
}

/// One child of one node, and how its weight was obtained.
#[derive(Debug, Clone, Serialize)]
pub struct WeightRow {
    pub node: String,
    pub node_name_zh: String,
    pub node_name_en: String,
    pub child: String,
    /// `node` or `indicator`.
    pub kind: &'static str,
    pub name_zh: String,
    pub name_en: String,
    /// points (sum node), weights (mean node), entropy, critic, ahp or
    /// combined.
    pub method: String,
    /// Subjective weight (declared points / weights, or AHP).
    pub subjective: Option<f64>,
    /// Objective weight (entropy or CRITIC).
    pub objective: Option<f64>,
    /// Share of the subjective weight in a combination.
    pub share: Option<f64>,
    /// The weight within the node (adds up to 1 over its children).
    pub weight: f64,
    /// Its effective points in the total.
    pub points: f64,
    /// The AHP matrix's λmax, CI and CR (on every row of that node).
    pub ahp_lambda_max: Option<f64>,
    pub ahp_ci: Option<f64>,
    pub ahp_cr: Option<f64>,
    /// PCA: the child's loading on the first principal component.
    pub pc1_loading: Option<f64>,
    /// PCA: the share of variance the first component explains (on every
    /// row of that node).
    pub pc1_variance_share: Option<f64>,
    /// Optimised: the child's target share of the correlations.
    pub target_share: Option<f64>,
    /// Optimised: the child's correlation with the index (or the node) at
    /// the resolved weights.
    pub correlation: Option<f64>,
    /// Optimised: the objective `log(mean((t − r/Σr)²))` at the resolved
    /// weights, its evaluations and R's convergence code (on every row of
    /// that node).
    pub objective_value: Option<f64>,
    pub evaluations: Option<usize>,
    pub convergence: Option<u32>,
}

/// The method of a weighting as `weights.csv` names it: `pca`,
/// `pca_squared`, `optimised`, `optimised_parent`, `combined(...)` or the
/// method's own name.
fn method_label(w: &Weighting) -> String {
    use crate::framework::statistical::{Against, PcaWeights, Statistical};
    match (&w.statistical, w.method) {
        (Some(Statistical::Pca { weights, .. }), _) => match weights {
            PcaWeights::Loadings => "pca".to_string(),
            PcaWeights::Squared => "pca_squared".to_string(),
        },
        (Some(Statistical::Optimised { settings, .. }), _) => match settings.against {
            Against::Index => "optimised".to_string(),
            Against::Parent => "optimised_parent".to_string(),
        },
        (None, WeightMethod::Combined) => format!(
            "combined({} {:.2} + {} {:.2})",
            w.subjective_source,
            w.share,
            w.objective.map(|o| o.as_str()).unwrap_or(""),
            1.0 - w.share
        ),
        (None, m) => m.as_str().to_string(),
    }
}

/// The statistical columns of a child at `pos` of weighting `w`.
#[derive(Default)]
struct StatisticalCells {
    pc1_loading: Option<f64>,
    pc1_variance_share: Option<f64>,
    target_share: Option<f64>,
    correlation: Option<f64>,
    objective_value: Option<f64>,
    evaluations: Option<usize>,
    convergence: Option<u32>,
}

fn statistical_cells(w: Option<&Weighting>, pos: usize) -> StatisticalCells {
    use crate::framework::statistical::Statistical;
    match w.and_then(|w| w.statistical.as_ref()) {
        Some(Statistical::Pca {
            outcome: Some(o), ..
        }) => StatisticalCells {
            pc1_loading: o.loadings.get(pos).copied(),
            pc1_variance_share: Some(o.variance_share),
            ..Default::default()
        },
        Some(Statistical::Optimised {
            settings,
            outcome: Some(o),
        }) => StatisticalCells {
            target_share: settings.target.get(pos).copied(),
            correlation: o.correlations.get(pos).copied(),
            objective_value: Some(o.objective),
            evaluations: Some(o.evaluations),
            convergence: Some(o.convergence),
            ..Default::default()
        },
        _ => StatisticalCells::default(),
    }
}

/// Every node's children with their resolved weights, root first.
pub fn table(fw: &Framework) -> Vec<WeightRow> {
    let mut rows = Vec::new();
    let mut queue = vec![0usize];
    let mut at = 0;
    while at < queue.len() {
        let node = queue[at];
        at += 1;
        let nd = &fw.nodes[node];
        let wt = fw.weightings.iter().find(|w| w.node == node);
        let children = wt
            .map(|w| w.children.clone())
            .unwrap_or_else(|| fw.children(node));
        for (pos, &c) in children.iter().enumerate() {
            if let Child::Node(k) = c {
                queue.push(k);
            }
            let points = fw.child_points(c);
            let (name_zh, name_en) = fw.child_names(c);
            let weight = if nd.points > 0.0 {
                points / nd.points
            } else {
                0.0
            };
            let (method, subjective, objective, share) = match wt {
                Some(w) => (
                    method_label(w),
                    w.subjective.get(pos).copied(),
                    w.objective_weights.get(pos).copied(),
                    (w.method == WeightMethod::Combined).then_some(w.share),
                ),
                None => (
                    match nd.aggregation {
                        Aggregation::Sum => "points".to_string(),
                        _ => "weights".to_string(),
                    },
                    Some(weight),
                    None,
                    None,
                ),
            };
            let ahp = wt.and_then(|w| w.ahp.as_ref());
            let st = statistical_cells(wt, pos);
            rows.push(WeightRow {
                node: nd.id.clone(),
                node_name_zh: nd.name_zh.clone(),
                node_name_en: nd.name_en.clone(),
                child: fw.child_id(c).to_string(),
                kind: match c {
                    Child::Node(_) => "node",
                    Child::Indicator(_) => "indicator",
                },
                name_zh: name_zh.to_string(),
                name_en: name_en.to_string(),
                method,
                subjective,
                objective,
                share,
                weight,
                points,
                ahp_lambda_max: ahp.map(|a| a.lambda_max),
                ahp_ci: ahp.map(|a| a.ci),
                ahp_cr: ahp.map(|a| a.cr),
                pc1_loading: st.pc1_loading,
                pc1_variance_share: st.pc1_variance_share,
                target_share: st.target_share,
                correlation: st.correlation,
                objective_value: st.objective_value,
                evaluations: st.evaluations,
                convergence: st.convergence,
            });
        }
    }
    rows
}
