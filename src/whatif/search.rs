//! The single-indicator search: for one cluster, one target and one
//! indicator, the value that alone reaches the target with every other
//! value as submitted, each candidate judged by re-deciding the whole
//! round (`Scenario::decide`).
//!
//! The search, in order:
//!
//! 1. **start**: the submitted value; a missing value starts from the
//!    scored cohort's worst value (a missing value that, filled with the
//!    worst, already reaches the target is reported as that value);
//! 2. **ceiling**: the better of the cohort's best value and the start,
//!    moved further toward better by the cohort's range (best − worst;
//!    one display step when the range is 0); for a lower-is-better
//!    indicator whose values are all ≥ 0 the ceiling is not below 0;
//! 3. **bracket**: `STEPS` equal steps from the start to the ceiling; the
//!    first step that reaches the target brackets the answer with the one
//!    before (none reaches: "cannot close alone", with the points the
//!    ceiling gains over the submitted total);
//! 4. **bisection** on the predicate "the target is reached" down to the
//!    value's display step (`STEP`, 0.01 of the indicator's unit), then the
//!    value rounded toward better onto that step;
//! 5. **verification**: that value is re-decided once more; if it does not
//!    reach the target (a round whose outcome is not monotone in the value)
//!    the next steps toward better are tried, up to the bracket's end.
//!
//! An indicator with no points in the total (weight 0, a gate-only
//! indicator) cannot move the total and is said so without a search.

use super::{Change, Decided, Scenario, Target};
use crate::framework::Direction;
use serde::Serialize;

/// Steps from the start to the ceiling in the bracketing phase.
pub const STEPS: usize = 16;
/// The display step of an indicator value (values are shown to 2
/// decimals of their unit).
pub const STEP: f64 = 0.01;
/// Bisection stops after this many halvings whatever the precision (a
/// bound on the work for huge values).
const MAX_HALVINGS: usize = 60;

/// What one indicator alone can do for the cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Alone {
    /// Weight 0 (or gate-only): the indicator cannot move the total.
    NoEffect,
    /// This value (in the indicator's unit) reaches the target;
    /// `points_gained` is the cluster's total with it minus the submitted
    /// total.
    Closes { needed: f64, points_gained: f64 },
    /// Even `ceiling` does not reach the target; it gains `points_gained`.
    CannotCloseAlone { ceiling: f64, points_gained: f64 },
    /// The cohort has no value of this indicator to search from.
    NoValues,
}

/// One indicator's row of the single-indicator table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SingleMove {
    /// Index into the framework's indicators.
    pub indicator: usize,
    /// As submitted; None when missing.
    pub submitted: Option<f64>,
    pub alone: Alone,
}

impl SingleMove {
    /// The change from the submitted value to the needed one, in % of the
    /// submitted value (None: missing or 0 submitted, or no value needed).
    pub fn change_pct(&self) -> Option<f64> {
        match (self.submitted, &self.alone) {
            (Some(s), Alone::Closes { needed, .. }) if s != 0.0 => {
                Some((needed - s) / s.abs() * 100.0)
            }
            _ => None,
        }
    }
}

/// +1 when higher is better, -1 when lower is.
pub fn better_sign(direction: Direction) -> f64 {
    match direction {
        Direction::Higher => 1.0,
        Direction::Lower => -1.0,
    }
}

/// The value rounded onto the display step, toward better.
fn toward_better(v: f64, sign: f64) -> f64 {
    let q = v / STEP;
    let k = if sign > 0.0 { q.ceil() } else { q.floor() };
    // Clear the float dust of k × 0.01 (0.07 × 100 = 7.000000000000001).
    (k * STEP * 1e6).round() / 1e6
}

impl Scenario {
    /// The total of `cluster` in `decided` minus its submitted total.
    fn gained(&self, decided: &Decided, cluster: usize) -> f64 {
        match (decided.totals[cluster], self.base.totals[cluster]) {
            (Some(a), Some(b)) => a - b,
            _ => 0.0,
        }
    }

    fn try_value(&self, cluster: usize, j: usize, v: f64) -> Option<Decided> {
        let change: [Change; 1] = [(j, v)];
        self.decide(cluster, &change)
    }

    fn reaches(&self, cluster: usize, j: usize, v: f64, target: Target) -> bool {
        self.try_value(cluster, j, v)
            .is_some_and(|d| self.reached(&d, cluster, target))
    }

    /// The single-indicator search for every indicator (framework order).
    pub fn singles(&self, cluster: usize, target: Target) -> Vec<SingleMove> {
        (0..self.round.framework.indicators.len())
            .map(|j| self.single(cluster, j, target))
            .collect()
    }

    /// The single-indicator search (module header) for indicator `j`.
    pub fn single(&self, cluster: usize, j: usize, target: Target) -> SingleMove {
        let submitted = Some(self.value(cluster, j)).filter(|v| v.is_finite());
        let row = |alone| SingleMove {
            indicator: j,
            submitted,
            alone,
        };
        if self.base.points.get(j).is_none_or(|&p| p == 0.0) {
            return row(Alone::NoEffect);
        }
        let Some((best, worst)) = self.cohort_bounds(j) else {
            return row(Alone::NoValues);
        };
        let sign = better_sign(self.round.framework.indicators[j].direction);
        let start = submitted.unwrap_or(worst);
        if submitted.is_none() && self.reaches(cluster, j, start, target) {
            let d = self.try_value(cluster, j, start);
            let gained = d.map_or(0.0, |d| self.gained(&d, cluster));
            return row(Alone::Closes {
                needed: start,
                points_gained: gained,
            });
        }
        let ceiling = self.ceiling(j, start, best, worst, sign);
        let mut before = start;
        let mut hit = None;
        for k in 1..=STEPS {
            let v = start + (ceiling - start) * k as f64 / STEPS as f64;
            if self.reaches(cluster, j, v, target) {
                hit = Some(v);
                break;
            }
            before = v;
        }
        let Some(mut hi) = hit else {
            let gained = self
                .try_value(cluster, j, ceiling)
                .map_or(0.0, |d| self.gained(&d, cluster));
            return row(Alone::CannotCloseAlone {
                ceiling,
                points_gained: gained,
            });
        };
        let end = hi;
        let mut lo = before;
        for _ in 0..MAX_HALVINGS {
            if (hi - lo).abs() <= STEP / 2.0 {
                break;
            }
            let mid = (lo + hi) / 2.0;
            if self.reaches(cluster, j, mid, target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        // Verification: the shown value itself must reach the target.
        let mut v = toward_better(hi, sign);
        loop {
            if let Some(d) = self.try_value(cluster, j, v) {
                if self.reached(&d, cluster, target) {
                    return row(Alone::Closes {
                        needed: v,
                        points_gained: self.gained(&d, cluster),
                    });
                }
            }
            if (v - end) * sign >= 0.0 {
                // Only the unrounded bracket end is known to reach.
                let d = self.try_value(cluster, j, end);
                let gained = d.map_or(0.0, |d| self.gained(&d, cluster));
                return row(Alone::Closes {
                    needed: end,
                    points_gained: gained,
                });
            }
            v = toward_better(v + sign * STEP, sign);
        }
    }

    /// The search's ceiling (module header, step 2).
    fn ceiling(&self, j: usize, start: f64, best: f64, worst: f64, sign: f64) -> f64 {
        let far = if (best - start) * sign >= 0.0 {
            best
        } else {
            start
        };
        let range = (best - worst).abs();
        let c = far + sign * if range > 0.0 { range } else { STEP };
        let n = self.raw.clusters;
        let non_negative = start >= 0.0
            && (0..n)
                .map(|i| self.raw.values[j * n + i])
                .filter(|v| v.is_finite())
                .all(|v| v >= 0.0);
        if sign < 0.0 && non_negative {
            c.max(0.0)
        } else {
            c
        }
    }
}
