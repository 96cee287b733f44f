//! Scores on a common scale across rounds (`--pooled`): the
//! data-dependent normalisation bounds of every indicator (min-max: least
//! and greatest value; z-score: mean and sample standard deviation;
//! percentile ranks: the values ranked among) are taken over the stack of
//! the rounds' treated and transformed values, and each round is scored
//! again with them (COINr's panel normalisation with `global = TRUE`).
//! Imputation, outlier treatment and transforms stay per round; goalposts,
//! targets, bands and expert scores are fixed already and do not change.
//! So a change in a pooled score is a change in the cluster's values, not
//! in its cohort.

use crate::score::bounds::{bounds_of, Bounds};
use crate::score::kernel::{aggregate, score_column_with_bounds, Plan, Scores};

/// The bounds `plans[0]`'s rule for an indicator takes from the stacked
/// columns (one per round).
pub fn pooled_bounds(rule: &crate::framework::Rule, columns: &[&[f64]]) -> Bounds {
    let stack: Vec<f64> = columns.iter().flat_map(|c| c.iter().copied()).collect();
    bounds_of(rule, &stack)
}

/// One scored round taking part: its plan and kernel output, and for each
/// indicator of the series its column in this round (`None`: the round
/// does not have it).
pub struct PooledRound<'a> {
    pub plan: &'a Plan,
    pub scores: &'a mut Scores,
    pub columns: Vec<Option<usize>>,
}

/// Re-score every round with bounds pooled across the rounds, indicator by
/// indicator (`rounds[r].columns[k]`: the k-th indicator of the series),
/// then add the points up again. Returns the bounds of each indicator.
pub fn rescore_pooled(rounds: &mut [PooledRound<'_>], indicators: usize) -> Vec<Bounds> {
    let mut all = Vec::with_capacity(indicators);
    for k in 0..indicators {
        let mut rule = None;
        let mut stack: Vec<f64> = Vec::new();
        for r in rounds.iter() {
            if let Some(j) = r.columns[k] {
                let n = r.plan.clusters;
                rule.get_or_insert_with(|| r.plan.columns[j].rule.clone());
                stack.extend_from_slice(&r.scores.transformed[j * n..(j + 1) * n]);
            }
        }
        let bounds = rule.map_or(Bounds::Fixed, |rule| bounds_of(&rule, &stack));
        for r in rounds.iter_mut() {
            if let Some(j) = r.columns[k] {
                score_column_with_bounds(r.plan, j, &bounds, r.scores);
            }
        }
        all.push(bounds);
    }
    for r in rounds.iter_mut() {
        aggregate(r.plan, r.scores);
    }
    all
}
