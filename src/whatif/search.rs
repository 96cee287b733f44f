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
//! 2. **ceiling**: the better of the scored cohort's best value (the
//!    cluster's own included) and the plausible limit (`plausible_limit`:
//!    the start × (1 + `max_change` × years) when higher is better, ×
//!    max(1 − `max_change` × years, 0) when lower is (linear, not
//!    compounded; years from the round's current year to its target year,
//!    at least 1; `max_change` the field's own, else `[whatif] max_change`,
//!    default 0.3), held within the declared bounds (the field's `lower` /
//!    `upper` and `min` / `max`, `framework::plausible`), rounded onto the
//!    value's grid toward the start;
//! 3. **grid**: the value's display step, 1 for a count field, 0.01 of the
//!    unit otherwise;
//! 4. **bracket**: `STEPS` equal steps from the start to the ceiling; the
//!    first step that reaches the target brackets the answer with the one
//!    before (none reaches: "cannot close alone", with the points the
//!    ceiling gains over the submitted total);
//! 5. **bisection** on the grid with the predicate "the target is
//!    reached", down to two neighbouring values: the one toward worse does
//!    not reach, the one toward better does and is the answer (the first
//!    grid value that reaches, when the outcome is monotone in the value,
//!    as it is under min-max, percentile and target rules). Every value
//!    tried is a full re-decision, so the answer is verified by
//!    construction: the target is reached with it and not one grid step
//!    before it.
//!
//! An indicator with no points in the total (weight 0, a gate-only
//! indicator) cannot move the total and is said so without a search.
//!
//! Steps 4 and 5 are `Scenario::first_value`, parameterised by the
//! direction (from the start toward the far end, better or worse) and the
//! predicate on the re-decided round: the fragile decisions
//! (`whatif::fragile`) search with it toward worse for a decision to lose
//! and toward better for one to gain; the combined plan shrinks its moves
//! with the same bisection (`bisect`).

use super::{Change, Decided, Scenario, Target};
use crate::framework::Direction;
use serde::Serialize;

/// Steps from the start to the ceiling in the bracketing phase.
pub const STEPS: usize = 16;
/// The display step of an indicator value that is not a count (values are
/// shown to 2 decimals of their unit).
pub const STEP: f64 = 0.01;
/// The plausible change of a value per year when the framework declares
/// none (`[whatif] max_change`): 0.3, at most 30 % a year, linear over the
/// years to the target year.
pub const MAX_CHANGE: f64 = crate::framework::plausible::DEFAULT_MAX_CHANGE;
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
    /// `points_gained` is the cluster's score with it (the score the round
    /// is decided on) minus its submitted score.
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
    /// The grid of the value (1 for a count, 0.01 otherwise): the values
    /// are shown to it.
    pub step: f64,
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

/// `v` rounded onto the grid of `step`, up when `up`, else down.
pub(super) fn on_grid(v: f64, step: f64, up: bool) -> f64 {
    // Clear the float dust of v / step (0.07 / 0.01 = 7.000000000000001).
    let q = (v / step * 1e6).round() / 1e6;
    let k = if up { q.ceil() } else { q.floor() };
    (k * step * 1e6).round() / 1e6
}

impl Scenario {
    /// The score of `cluster` in `decided` minus its submitted score (the
    /// score the round is decided on: the gap's).
    fn gained(&self, decided: &Decided, cluster: usize) -> f64 {
        match (
            decided.places[cluster].score,
            self.base.places[cluster].score,
        ) {
            (Some(a), Some(b)) => a - b,
            _ => 0.0,
        }
    }

    fn try_value(&self, cluster: usize, j: usize, v: f64) -> Option<Decided> {
        let change: [Change; 1] = [(j, v)];
        self.decide(cluster, &change)
    }

    /// The single-indicator search for every indicator (framework order),
    /// the indicators searched in parallel (each search is deterministic,
    /// so the table does not depend on the threads).
    pub fn singles(&self, cluster: usize, target: Target) -> Vec<SingleMove> {
        use rayon::prelude::*;
        (0..self.round.framework.indicators.len())
            .into_par_iter()
            .map(|j| self.single(cluster, j, target))
            .collect()
    }

    /// The single-indicator search (module header) for indicator `j`.
    pub fn single(&self, cluster: usize, j: usize, target: Target) -> SingleMove {
        let submitted = Some(self.value(cluster, j)).filter(|v| v.is_finite());
        let step = self.grid_step(j);
        let row = |alone| SingleMove {
            indicator: j,
            submitted,
            step,
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
        let reached = |d: &Decided| self.reached(d, cluster, target);
        if submitted.is_none() {
            if let Some(d) = self.try_value(cluster, j, start).filter(|d| reached(d)) {
                return row(Alone::Closes {
                    needed: start,
                    points_gained: self.gained(&d, cluster),
                });
            }
        }
        let ceiling = self.reach(j, start, best, sign);
        match self.first_value(cluster, j, start, ceiling, &reached) {
            Some((needed, d)) => row(Alone::Closes {
                needed,
                points_gained: self.gained(&d, cluster),
            }),
            None => {
                let gained = self
                    .try_value(cluster, j, ceiling)
                    .map_or(0.0, |d| self.gained(&d, cluster));
                row(Alone::CannotCloseAlone {
                    ceiling,
                    points_gained: gained,
                })
            }
        }
    }

    /// Steps 4 and 5 of the module header: the first value on indicator
    /// `j`'s grid, from `start` (excluded) toward `end` (included), at
    /// which `hit` holds for the round re-decided with `cluster`'s value
    /// replaced, with that round; None when it holds at none of the
    /// bracketing steps. The direction is the sign of `end − start`.
    pub fn first_value(
        &self,
        cluster: usize,
        j: usize,
        start: f64,
        end: f64,
        hit: &dyn Fn(&Decided) -> bool,
    ) -> Option<(f64, Decided)> {
        let step = self.grid_step(j);
        let sign = if end >= start { 1.0 } else { -1.0 };
        let judge = |v: f64| self.try_value(cluster, j, v).filter(|d| hit(d));
        let mut before = start;
        let mut found = None;
        for k in 1..=STEPS {
            let v = if k == STEPS {
                end
            } else {
                on_grid(
                    start + (end - start) * k as f64 / STEPS as f64,
                    step,
                    sign > 0.0,
                )
            };
            if (v - start) * sign <= 0.0 {
                continue;
            }
            if let Some(d) = judge(v) {
                found = Some((v, d));
                break;
            }
            before = v;
        }
        let hi = found?;
        Some(bisect(before, hi, step, sign, judge))
    }

    /// The grid of indicator `j`'s values (module header, step 3).
    pub fn grid_step(&self, j: usize) -> f64 {
        let fw = &self.round.framework;
        match &fw.indicators[j].value {
            crate::framework::ValueSpec::Field { field }
                if fw.fields[*field].kind == crate::framework::FieldKind::Count =>
            {
                1.0
            }
            _ => STEP,
        }
    }

    /// The years over which a value may plausibly change: from the round's
    /// current year to its target year, at least 1 (1 in a one-period
    /// round, which has no target year).
    pub fn years(&self) -> f64 {
        let spec = &self.round.spec;
        f64::from(
            spec.target_year
                .map_or(1, |t| (t - spec.current_year).max(1)),
        )
    }

    /// The plausible limit of indicator `j`'s value from `start`, up
    /// (`sign` > 0) or down (module header, step 2): the relative change
    /// of the indicator's range (`Framework::plan_range`) over the years,
    /// within its bounds, on its grid toward the start. Down from a value
    /// of 0 or more it stops at 0.
    pub fn plausible_limit(&self, j: usize, start: f64, sign: f64) -> f64 {
        let range = self.round.framework.plan_range(j);
        let step = self.grid_step(j);
        let change = range.max_change * self.years();
        let v = if sign > 0.0 {
            start.abs().mul_add(change, start)
        } else if start >= 0.0 {
            (start * (1.0 - change)).max(0.0)
        } else {
            start - start.abs() * change
        };
        let v = range.clamp(v);
        on_grid(v, step, sign <= 0.0)
    }

    /// How far indicator `j`'s value may be searched from `start` in the
    /// direction `sign`: the farther of the cohort's `extreme` that way
    /// (its best toward better, its worst toward worse) and the plausible
    /// limit, within the declared bounds (module header, step 2).
    pub fn reach(&self, j: usize, start: f64, extreme: f64, sign: f64) -> f64 {
        let limit = self.plausible_limit(j, start, sign);
        let extreme = self.round.framework.plan_range(j).clamp(extreme);
        if (extreme - limit) * sign >= 0.0 {
            extreme
        } else {
            limit
        }
    }
}

/// Bisection on the grid of `step` between `miss` (where the predicate
/// does not hold) and `hit` (where it does, with what `judge` returned),
/// moving in the direction `sign` from `miss` to `hit`, down to two
/// neighbouring grid values: the one that holds, with its judgement.
/// Stops after `MAX_HALVINGS` whatever the precision.
pub(super) fn bisect<T>(
    miss: f64,
    hit: (f64, T),
    step: f64,
    sign: f64,
    judge: impl Fn(f64) -> Option<T>,
) -> (f64, T) {
    let mut lo = miss;
    let mut hi = hit;
    for _ in 0..MAX_HALVINGS {
        let mid = on_grid((lo + hi.0) / 2.0, step, sign > 0.0);
        if (hi.0 - mid) * sign <= step * 1e-6 || (mid - lo) * sign <= 0.0 {
            break;
        }
        match judge(mid) {
            Some(t) => hi = (mid, t),
            None => lo = mid,
        }
    }
    hi
}
