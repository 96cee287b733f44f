//! What each part of the index weighs in fact.
//!
//! **Leave one out** (COINr `remove_elements`): each indicator and each
//! node below the root is removed in turn, its siblings share its weight
//! (their shares of the parent renormalised), the index is re-aggregated
//! with the round's own model (`rank::model`, the same sums, rounding and
//! tie-break chain as the official ranking) and every unit's rank is
//! compared with its official rank: the rank change per unit and the mean
//! absolute rank shift.
//!
//! **Effective importance** (Paruolo, Saisana & Saltelli 2013, "Ratings
//! and rankings: voodoo or science?", J. R. Statist. Soc. A 176(3)
//! 609–634): a component's nominal weight says how much it should count,
//! its squared Pearson correlation with the aggregate it enters says how
//! much it does. For each node, the squared correlation of each child
//! with the node (for a top-level dimension: with the index) is
//! normalised to sum 1 over the node's children and set beside the
//! child's nominal share of the node's points; the ratio effective /
//! nominal is flagged when above the audit's factor or below its inverse.

use super::data::Data;
use super::Settings;
use crate::framework::Framework;
use crate::maths::stats;
use crate::rank::model::{Aggregation, Model, GEOMETRIC_FLOOR};
use crate::score::Scored;
use serde::Serialize;

/// The index without one element.
#[derive(Debug, Clone, Serialize)]
pub struct LeaveOneOut {
    pub element: String,
    pub level: usize,
    /// Official rank of every unit (the data's row order).
    pub rank: Vec<u32>,
    /// Rank of every unit without the element.
    pub rank_without: Vec<u32>,
    /// Mean over units of |rank without − rank|.
    pub mean_abs_shift: f64,
    /// The largest |rank without − rank|.
    pub max_abs_shift: u32,
}

/// Leave each indicator and each node below the root out in turn.
pub fn leave_one_out(fw: &Framework, scored: &Scored, d: &Data) -> Vec<LeaveOneOut> {
    let model = Model::new(fw, scored, GEOMETRIC_FLOOR);
    let mut work = model.work();
    let fractions = &scored.scores.fraction;
    model.nominal_into(&mut work);
    model.evaluate(fractions, &[], Aggregation::Arithmetic, &mut work);
    let official = work.ranks.clone();
    // The order in which the model draws a multiplier per child: top
    // down, each node's child nodes then its indicators.
    let plan = &scored.plan;
    let m = fw.indicators.len();
    let order: Vec<usize> = plan
        .bottom_up
        .iter()
        .rev()
        .flat_map(|&k| {
            let (inds, kids) = &plan.node_children[k];
            kids.iter()
                .map(|&c| m + c)
                .chain(inds.iter().copied())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    for (e, el) in d.elements.iter().enumerate() {
        if e == d.root {
            continue;
        }
        let mut draws = order.iter().map(|&x| if x == e { 0.0 } else { 1.0 });
        model.weights_into(|| draws.next().unwrap_or(1.0), None, &mut work);
        model.evaluate(fractions, &[], Aggregation::Arithmetic, &mut work);
        let without = work.ranks.clone();
        let shifts: Vec<u32> = official
            .iter()
            .zip(&without)
            .map(|(a, b)| a.abs_diff(*b))
            .collect();
        out.push(LeaveOneOut {
            element: el.code.clone(),
            level: el.level,
            rank: official.clone(),
            rank_without: without,
            mean_abs_shift: shifts.iter().map(|&s| s as f64).sum::<f64>()
                / shifts.len().max(1) as f64,
            max_abs_shift: shifts.iter().copied().max().unwrap_or(0),
        });
    }
    model.nominal_into(&mut work);
    out
}

/// A child's nominal and effective importance within its node.
#[derive(Debug, Clone, Serialize)]
pub struct Importance {
    pub group: String,
    pub element: String,
    pub level: usize,
    /// Pearson correlation with the node.
    pub r: f64,
    /// Squared correlation, normalised over the node's children.
    pub effective: f64,
    /// The child's share of the node's points.
    pub nominal: f64,
    /// effective / nominal.
    pub ratio: f64,
    /// The ratio is above the factor or below its inverse.
    pub flagged: bool,
}

/// Effective against nominal importance of every child of every node.
pub fn importance(d: &Data, s: &Settings) -> Vec<Importance> {
    let mut out = Vec::new();
    for (k, node) in d.elements.iter().enumerate() {
        if node.children.len() < 2 {
            continue;
        }
        let r: Vec<f64> = node
            .children
            .iter()
            .map(|&c| stats::pearson(&d.aggregated[c], &d.aggregated[k]))
            .collect();
        let sum_r2: f64 = r.iter().filter(|x| x.is_finite()).map(|x| x * x).sum();
        let points: f64 = node.children.iter().map(|&c| d.elements[c].points).sum();
        for (&c, &rc) in node.children.iter().zip(&r) {
            let effective = if rc.is_finite() && sum_r2 > 0.0 {
                rc * rc / sum_r2
            } else {
                0.0
            };
            let nominal = if points > 0.0 {
                d.elements[c].points / points
            } else {
                f64::NAN
            };
            let ratio = effective / nominal;
            out.push(Importance {
                group: node.code.clone(),
                element: d.elements[c].code.clone(),
                level: d.elements[c].level,
                r: rc,
                effective,
                nominal,
                ratio,
                flagged: !(ratio <= s.importance_factor && ratio >= 1.0 / s.importance_factor),
            });
        }
    }
    out
}
