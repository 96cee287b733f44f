//! The combined plan: the fewest indicators that together reach the
//! target, each moved within its plausible range, then each move shrunk
//! to the least that still reaches it. Every candidate is judged by
//! re-deciding the whole round (`Scenario::decide`).
//!
//! The search, in order:
//!
//! 1. **ranges**: each indicator with points may move from its start (the
//!    submitted value; a missing one from the cohort's worst) to its
//!    plausible limit (`Scenario::plausible_limit`: at most the field's
//!    `max_change`, else `[whatif] max_change` (default 0.3), a year,
//!    linear over the years to the target year, within the declared
//!    bounds `lower` / `upper` and the field's `min` / `max`, on the
//!    value's grid). Indicators whose limit gains nothing alone and together are
//!    still tried: a move can matter only with another one (a min-max
//!    bound).
//! 2. **fewest indicators**: the subsets of the movable indicators, one
//!    size at a time from 1, each with its indicators at their limits
//!    together, while the number of subsets of the next size stays within
//!    `EXACT_BUDGET` re-decisions: the first size with a subset that
//!    reaches the target is the fewest (exact). Among the subsets of that
//!    size that reach it, the one gaining the most points is kept (ties:
//!    framework order). Beyond the budget the search is **greedy**: from
//!    the subsets tried, add the indicator whose limit gains the most
//!    points per unit of relative effort (the relative change to its
//!    limit), re-deciding after each step, until the target is reached;
//!    the plan then says it is greedy, not proven fewest.
//! 3. **shrink**: each chosen move in turn (framework order) is dropped
//!    when the other moves kept reach the target without it (a greedy
//!    step can be overtaken by later ones), else bisected on its grid
//!    between its start and its limit (`search::bisect`), the others held
//!    at their current values, to the least value that still reaches the
//!    target.
//! 4. **verification**: the final plan is re-decided once more; its total
//!    is reported from that re-decision.
//!
//! When every movable indicator at its limit together does not reach the
//! target, there is no plan within the ranges, and that is said so.

use super::{Change, Scenario, Target};
use serde::Serialize;

/// Judges a set of changes: (target reached, the cluster's total), None
/// when the changed round cannot be scored.
type Judge<'a> = dyn Fn(&[Change]) -> Option<(bool, Option<f64>)> + 'a;

/// Re-decisions the exact search may spend on subsets.
pub const EXACT_BUDGET: usize = 4096;

/// One indicator's move in a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub indicator: usize,
    /// As submitted; None when missing.
    pub submitted: Option<f64>,
    /// The value the plan asks for (in the indicator's unit).
    pub value: f64,
    /// The plausible limit it may move to.
    pub limit: f64,
    /// The value's grid.
    pub step: f64,
}

impl Move {
    /// The change in % of the submitted value (None: missing or 0).
    pub fn change_pct(&self) -> Option<f64> {
        self.submitted
            .filter(|&s| s != 0.0)
            .map(|s| (self.value - s) / s.abs() * 100.0)
    }
}

/// The combined plan of a cluster toward a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Plan {
    /// These moves together reach the target; `total` is the cluster's
    /// score with them (the score the round is decided on, as `Place`'s),
    /// `fewest` true when the search proved no fewer
    /// indicators can (exact), false when it was greedy.
    Found {
        moves: Vec<Move>,
        total: Option<f64>,
        fewest: bool,
    },
    /// Every movable indicator at its limit together does not reach the
    /// target: no plan within the plausible ranges.
    NoPlan,
}

impl Scenario {
    /// (indicator, start, limit, step) of every movable indicator.
    fn ranges(&self, cluster: usize) -> Vec<(usize, f64, f64, f64)> {
        let fw = &self.round.framework;
        (0..fw.indicators.len())
            .filter(|&j| self.base.points.get(j).is_some_and(|&p| p > 0.0))
            .filter_map(|j| {
                let (_, worst) = self.cohort_bounds(j)?;
                let v = self.value(cluster, j);
                let start = if v.is_finite() { v } else { worst };
                let sign = super::search::better_sign(fw.indicators[j].direction);
                let step = self.grid_step(j);
                let limit = self.plausible_limit(j, start, sign);
                ((limit - start) * sign > 0.0).then_some((j, start, limit, step))
            })
            .collect()
    }

    /// The combined plan (module header) of `cluster` toward `target`.
    pub fn plan(&self, cluster: usize, target: Target) -> Plan {
        let ranges = self.ranges(cluster);
        let at_limits = |set: &[usize]| -> Vec<Change> {
            set.iter().map(|&k| (ranges[k].0, ranges[k].2)).collect()
        };
        let all: Vec<usize> = (0..ranges.len()).collect();
        let reaches = |changes: &[Change]| {
            self.decide(cluster, changes)
                .map(|d| (self.reached(&d, cluster, target), d.places[cluster].score))
        };
        if !reaches(&at_limits(&all)).is_some_and(|r| r.0) {
            return Plan::NoPlan;
        }
        let (chosen, fewest) = self.fewest(&ranges, &reaches, &at_limits);
        // Drop each move the others reach the target without, else shrink
        // it to the least that still reaches it.
        let mut values: Vec<f64> = chosen.iter().map(|&k| ranges[k].2).collect();
        let mut kept = vec![true; chosen.len()];
        for (n, &k) in chosen.iter().enumerate() {
            let (j, start, _, step) = ranges[k];
            let sign = super::search::better_sign(self.round.framework.indicators[j].direction);
            let lo = start;
            let hi = values[n];
            // The moves kept, move `n` at `v` (None: move `n` undone).
            let with = |v: Option<f64>, values: &[f64], kept: &[bool]| -> Vec<Change> {
                chosen
                    .iter()
                    .zip(values)
                    .enumerate()
                    .filter(|&(m, _)| kept[m] && (m != n || v.is_some()))
                    .map(|(m, (&c, &x))| (ranges[c].0, if m == n { v.unwrap_or(x) } else { x }))
                    .collect()
            };
            if reaches(&with(None, &values, &kept)).is_some_and(|r| r.0) {
                kept[n] = false;
                continue;
            }
            let judge = |v: f64| {
                reaches(&with(Some(v), &values, &kept))
                    .filter(|r| r.0)
                    .map(|_| ())
            };
            values[n] = super::search::bisect(lo, (hi, ()), step, sign, judge).0;
        }
        let chosen: Vec<usize> = chosen
            .iter()
            .zip(&kept)
            .filter_map(|(&k, &keep)| keep.then_some(k))
            .collect();
        let values: Vec<f64> = values
            .iter()
            .zip(&kept)
            .filter_map(|(&v, &keep)| keep.then_some(v))
            .collect();
        let changes: Vec<Change> = chosen
            .iter()
            .zip(&values)
            .map(|(&k, &v)| (ranges[k].0, v))
            .collect();
        let total = reaches(&changes)
            .and_then(|r| r.1)
            .map(|t| crate::framework::round_to(t, self.decimals()));
        Plan::Found {
            moves: chosen
                .iter()
                .zip(&values)
                .map(|(&k, &value)| {
                    let (j, _, limit, step) = ranges[k];
                    Move {
                        indicator: j,
                        submitted: Some(self.value(cluster, j)).filter(|v| v.is_finite()),
                        value,
                        limit,
                        step,
                    }
                })
                .collect(),
            total,
            fewest,
        }
    }

    /// The chosen subset (indices into `ranges`, framework order) and
    /// whether it is proven fewest (module header, step 2).
    fn fewest(
        &self,
        ranges: &[(usize, f64, f64, f64)],
        reaches: &Judge,
        at_limits: &dyn Fn(&[usize]) -> Vec<Change>,
    ) -> (Vec<usize>, bool) {
        let m = ranges.len();
        let mut spent = 0usize;
        for size in 1..=m {
            let count = binomial(m, size);
            if spent.saturating_add(count) > EXACT_BUDGET {
                break;
            }
            spent += count;
            let mut best: Option<(f64, Vec<usize>)> = None;
            let mut set: Vec<usize> = (0..size).collect();
            loop {
                if let Some((true, total)) = reaches(&at_limits(&set)) {
                    let t = total.unwrap_or(f64::NEG_INFINITY);
                    if best.as_ref().is_none_or(|(b, _)| t > *b) {
                        best = Some((t, set.clone()));
                    }
                }
                if !next_subset(&mut set, m) {
                    break;
                }
            }
            if let Some((_, set)) = best {
                return (set, true);
            }
        }
        // Greedy on points per relative effort.
        let mut chosen: Vec<usize> = Vec::new();
        let mut current = reaches(&[]).and_then(|r| r.1).unwrap_or(0.0);
        while chosen.len() < m {
            let mut pick: Option<(f64, usize, bool, f64)> = None;
            for k in (0..m).filter(|k| !chosen.contains(k)) {
                let mut set = chosen.clone();
                set.push(k);
                set.sort_unstable();
                let Some((hit, total)) = reaches(&at_limits(&set)) else {
                    continue;
                };
                let total = total.unwrap_or(current);
                let (_, start, limit, _) = ranges[k];
                let effort = if start != 0.0 {
                    ((limit - start) / start).abs()
                } else {
                    1.0
                };
                let rate = (total - current) / effort.max(1e-9);
                let better = match pick {
                    None => true,
                    Some((r, _, h, _)) => (hit && !h) || (hit == h && rate > r),
                };
                if better {
                    pick = Some((rate, k, hit, total));
                }
            }
            let Some((_, k, hit, total)) = pick else {
                break;
            };
            chosen.push(k);
            chosen.sort_unstable();
            current = total;
            if hit {
                break;
            }
        }
        (chosen, false)
    }
}

/// n choose k, saturating.
fn binomial(n: usize, k: usize) -> usize {
    let mut r: usize = 1;
    for i in 0..k.min(n - k) {
        r = r.saturating_mul(n - i) / (i + 1);
    }
    r
}

/// The next k-subset of 0..n in lexicographic order; false after the last.
fn next_subset(set: &mut [usize], n: usize) -> bool {
    let k = set.len();
    let mut i = k;
    while i > 0 {
        i -= 1;
        if set[i] < n - k + i {
            set[i] += 1;
            for j in i + 1..k {
                set[j] = set[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_of_four_taken_two_are_the_six_pairs_in_order() {
        let mut set = vec![0, 1];
        let mut seen = vec![set.clone()];
        while next_subset(&mut set, 4) {
            seen.push(set.clone());
        }
        assert_eq!(
            seen,
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        assert_eq!(binomial(4, 2), 6);
        assert_eq!(binomial(30, 3), 4060);
    }
}
