//! Weights (权重): entropy, CRITIC, AHP and their combination, resolved on
//! the scored cohort, and the table of every resolved weight.
//!
//! The formulas are pure functions in `maths::mcdm`. `resolve_objective`
//! applies the data-driven ones (`[[weighting]]` with entropy, critic or
//! combined) to a round before it is ranked: deepest node first, it scores
//! the cohort, reads the children's score fractions (an indicator's share of
//! its points; a node's subtotal over its points), computes the weights and
//! gives the children their share of the node's points. It returns the
//! framework with these effective points (the round's own is left as
//! loaded); the pipeline scores, ranks and reports with the returned one,
//! so every output, trace and explanation uses them. `table` lists the weight of every child of every
//! node and how it was obtained, for `weights.csv` and the reports.

use crate::diag::Diagnostics;
use crate::framework::{Aggregation, Child, Framework, WeightMethod};
use crate::ingest::Round;
use crate::maths::mcdm as methods;
use crate::score;
use serde::Serialize;

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
                    if w.method == WeightMethod::Combined {
                        format!(
                            "combined({} {:.2} + {} {:.2})",
                            w.subjective_source,
                            w.share,
                            w.objective.map(|o| o.as_str()).unwrap_or(""),
                            1.0 - w.share
                        )
                    } else {
                        w.method.as_str().to_string()
                    },
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
            });
        }
    }
    rows
}
