//! Fragile decisions (issue 20, item 3): the decisions that hang on one
//! number, so that the office can check those numbers before it publishes.
//!
//! A decision is examined when the cluster's score (the score the round is
//! decided on, rounded to the decimals it is decided at) is within the
//! margin (`[whatif] fragile_margin`, default 2 points) of a line:
//!
//! - in a round with a quota, the **quota line**, the score of the last
//!   selected cluster: a selected cluster is above it by its score minus
//!   that one, a cluster not selected below it by its gap
//!   (`Scenario::gap`);
//! - otherwise the **grade cut-offs**: a graded cluster is above its own
//!   grade's cut-off (or, when the top-grade cap keeps out a cluster at or
//!   above the cut-off, above the best score it keeps out) and below the
//!   next grade's (its gap to that grade).
//!
//! For each such decision, the smallest change of one of the cluster's own
//! values that flips it: toward worse for a cluster above the line (it
//! loses the grade or the selection), toward better for one below (it
//! gains it). Each indicator with points is searched alone, every other
//! value as submitted, by `Scenario::first_value` (the single-indicator
//! search of `search`, in the direction asked for, with the predicate "the
//! decision flipped"): from the submitted value to the farther of the
//! cohort's worst (toward worse) or best (toward better) and the plausible
//! limit, within the declared bounds, bracketed in equal steps, then
//! bisected on the value's grid. Every value tried is a full re-decision,
//! so the needed value flips the decision and the value one grid step
//! before it does not. A value not submitted cannot be made worse (no
//! search toward worse); toward better it starts from the cohort's worst,
//! as in `search`. "Smallest" is the smallest relative change
//! (|needed − submitted| / |submitted|); a missing or zero value is ranked
//! after every relative change, by its absolute change in the indicator's
//! unit; equal changes go to the first indicator in framework order.
//!
//! **Ties.** A decision rests on the tie-break when a cluster on the other
//! side of the line has the same rounded score (the competition sample's
//! C17 and C19 at 70.26, separated by the defence panel score). Then a
//! change of either cluster flips it: the flip reported is the smaller of
//! the cluster's own and its tied partner's, the partner's verified by one
//! more re-decision to flip this cluster's decision too.
//!
//! **Gates.** The gates of the process are checked once, on the values as
//! submitted; a change toward worse that would fail a numeric gate on the
//! indicator's field (the competition's leading share ≥ 70 %) leaves the
//! cluster out, so the first grid value that fails it flips the decision
//! too: the nearer of it and the score's flip is reported, the gate named.
//!
//! Nothing here reads or writes a file; `report::fragile` words the list.

use super::search::{better_sign, on_grid};
use super::{Decided, Place, Scenario, Target};
use crate::framework::round_to;
use crate::process::gates::passes;
use crate::process::{GateSubject, GateTest};
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Ordering;

/// The line a decision is taken at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "grade", rename_all = "snake_case")]
pub enum Line {
    /// The cut-off of this grade (index into the framework's grades, best
    /// first): a cluster is in when its grade is this one or better.
    GradeCut(usize),
    /// The quota line: a cluster is in when selected.
    Quota,
}

impl Line {
    /// Is the cluster at `place` on the upper side of the line?
    pub fn holds(self, place: &Place) -> bool {
        match self {
            Line::GradeCut(g) => place.grade.is_some_and(|x| x <= g),
            Line::Quota => place.selected,
        }
    }
}

/// Which side of the line the cluster is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// It has the grade or the selection, and could lose it.
    Above,
    /// It has not, and could gain it.
    Below,
}

/// The smallest single change that flips a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// Registry index of the cluster whose value changes: the cluster
    /// itself, or in a tie the cluster it is tied with.
    pub cluster: usize,
    /// Index into the framework's indicators.
    pub indicator: usize,
    /// As submitted; None when missing.
    pub submitted: Option<f64>,
    /// The value the search started from: the submitted one, or the
    /// cohort's worst for a missing one.
    pub start: f64,
    /// The first value on the grid that flips the decision.
    pub needed: f64,
    /// The value's grid (1 for a count, 0.01 otherwise).
    pub step: f64,
    /// The gate of the process the needed value fails (the cluster is
    /// then left out), when that, not the score, flips the decision.
    pub gate: Option<String>,
}

impl Flip {
    /// The change in % of the submitted value (None: missing or 0).
    pub fn change_pct(&self) -> Option<f64> {
        self.submitted
            .filter(|&s| s != 0.0)
            .map(|s| (self.needed - s) / s.abs() * 100.0)
    }

    /// The order of "smallest" (module header): relative changes first,
    /// by size, then absolute ones by size.
    fn size(&self) -> (u8, f64) {
        match self.change_pct() {
            Some(p) => (0, p.abs()),
            None => (1, (self.needed - self.start).abs()),
        }
    }

    fn smaller_than(&self, other: &Flip) -> bool {
        let (a, b) = (self.size(), other.size());
        a.0 < b.0 || (a.0 == b.0 && a.1.total_cmp(&b.1) == Ordering::Less)
    }
}

/// A decision within the margin of a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fragile {
    /// Registry index.
    pub cluster: usize,
    pub line: Line,
    pub side: Side,
    /// The cluster's score, rounded to the decimals the round is decided
    /// at.
    pub score: f64,
    /// The score of the line (the cut-off, the best score the cap keeps
    /// out, or the last selected cluster's score).
    pub line_score: f64,
    /// Points between the score and the line (0: on it).
    pub distance_points: f64,
    /// The smallest single change that flips the decision; None when no
    /// single indicator can within its range.
    pub flip: Option<Flip>,
    /// The decision rests on the tie-break: `tied_with` (registry order)
    /// are on the other side of the line with the same score.
    pub tie: bool,
    pub tied_with: Vec<usize>,
}

impl Scenario {
    /// Every decision within `margin` points of a line (module header),
    /// with the smallest single change that flips it; sorted by distance,
    /// then registry order, line and side.
    pub fn fragile(&self, margin: f64) -> Vec<Fragile> {
        let mut found: Vec<Fragile> = self
            .near_lines(margin)
            .into_iter()
            .map(|(cluster, line, side, line_score)| {
                let score = self.rounded(cluster).unwrap_or(f64::NAN);
                let tied_with = self.tied(cluster, line, score);
                Fragile {
                    cluster,
                    line,
                    side,
                    score,
                    line_score,
                    distance_points: round_to((score - line_score).abs(), self.decimals()),
                    flip: None,
                    tie: !tied_with.is_empty(),
                    tied_with,
                }
            })
            .collect();
        let flips: Vec<Option<Flip>> = found
            .par_iter()
            .map(|f| self.own_flip(f.cluster, f.line, f.side))
            .collect();
        for (f, flip) in found.iter_mut().zip(flips) {
            f.flip = flip;
        }
        self.adopt_partner_flips(&mut found);
        found.sort_by(|a, b| {
            a.distance_points
                .total_cmp(&b.distance_points)
                .then(a.cluster.cmp(&b.cluster))
                .then(a.line.cmp(&b.line))
                .then(a.side.cmp(&b.side))
        });
        found
    }

    /// A cluster's score as submitted, rounded as the round is decided.
    fn rounded(&self, cluster: usize) -> Option<f64> {
        self.base.places[cluster]
            .score
            .map(|s| round_to(s, self.decimals()))
    }

    /// (cluster, line, side, line score) of every decision within the
    /// margin, in registry order.
    fn near_lines(&self, margin: f64) -> Vec<(usize, Line, Side, f64)> {
        let quota = self
            .plan
            .as_ref()
            .is_some_and(|p| p.process.quota.is_some());
        let grades = self.round.framework.grades.len();
        let mut out = Vec::new();
        let within = |d: f64| d <= margin + 1e-9;
        for (c, place) in self.base.places.iter().enumerate() {
            let Some(s) = self.rounded(c) else {
                continue;
            };
            if quota {
                let Some(last) = self.line_of(Line::Quota) else {
                    continue;
                };
                let side = if place.selected {
                    Side::Above
                } else {
                    Side::Below
                };
                if within((s - last).abs()) {
                    out.push((c, Line::Quota, side, last));
                }
                continue;
            }
            if grades == 0 {
                continue;
            }
            if let Some(g) = place.grade {
                let line = self.line_of(Line::GradeCut(g)).unwrap_or(f64::INFINITY);
                if within(s - line) {
                    out.push((c, Line::GradeCut(g), Side::Above, line));
                }
            }
            let up = match place.grade {
                Some(0) => None,
                Some(g) => Some(g - 1),
                None => Some(grades - 1),
            };
            if let Some(u) = up {
                if let Some(gap) = self.gap(&self.base, c, Target::Grade(u)) {
                    if within(gap) {
                        out.push((c, Line::GradeCut(u), Side::Below, s + gap));
                    }
                }
            }
        }
        out
    }

    /// The score of a line in the round as submitted: the last selected
    /// cluster's score; a grade's cut-off, or the best score the top-grade
    /// cap keeps out at or above it.
    fn line_of(&self, line: Line) -> Option<f64> {
        let scores = |keep: &dyn Fn(&Place) -> bool| {
            (0..self.base.places.len())
                .filter(|&c| keep(&self.base.places[c]))
                .filter_map(|c| self.rounded(c))
                .collect::<Vec<f64>>()
        };
        match line {
            Line::Quota => scores(&|p| p.selected).into_iter().min_by(f64::total_cmp),
            Line::GradeCut(g) => {
                let cut = self.round.framework.grades.get(g)?.min;
                let kept_out = scores(&|p| !line.holds(p))
                    .into_iter()
                    .filter(|&s| s >= cut)
                    .max_by(f64::total_cmp);
                Some(kept_out.map_or(cut, |k| k.max(cut)))
            }
        }
    }

    /// The clusters on the other side of `line` with the same rounded
    /// score as `cluster` (registry order).
    fn tied(&self, cluster: usize, line: Line, score: f64) -> Vec<usize> {
        let inside = line.holds(&self.base.places[cluster]);
        (0..self.base.places.len())
            .filter(|&o| o != cluster)
            .filter(|&o| line.holds(&self.base.places[o]) != inside)
            .filter(|&o| self.rounded(o) == Some(score))
            .collect()
    }

    /// Does `cluster`'s decision at `line` differ in `decided` from the
    /// round as submitted?
    fn flipped(&self, decided: &Decided, cluster: usize, line: Line) -> bool {
        line.holds(&decided.places[cluster]) != line.holds(&self.base.places[cluster])
    }

    /// The smallest change of one of `cluster`'s own values that flips its
    /// decision at `line` (module header).
    fn own_flip(&self, cluster: usize, line: Line, side: Side) -> Option<Flip> {
        let mut best: Option<Flip> = None;
        for f in self.flips(cluster, line, side).into_iter().flatten() {
            if best.as_ref().is_none_or(|b| f.smaller_than(b)) {
                best = Some(f);
            }
        }
        best
    }

    /// For every indicator (framework order), the first value of
    /// `cluster`'s own that flips its decision at `line` from `side`
    /// (toward worse above the line, toward better below); None for an
    /// indicator with no points or that cannot flip it within its range.
    pub fn flips(&self, cluster: usize, line: Line, side: Side) -> Vec<Option<Flip>> {
        (0..self.round.framework.indicators.len())
            .into_par_iter()
            .map(|j| {
                let moves = self.base.points.get(j).is_some_and(|&p| p > 0.0);
                moves
                    .then(|| self.flip_by(cluster, j, line, side))
                    .flatten()
            })
            .collect()
    }

    /// The first value of `cluster`'s indicator `j` that flips its
    /// decision at `line`, toward worse above it and toward better below.
    fn flip_by(&self, cluster: usize, j: usize, line: Line, side: Side) -> Option<Flip> {
        let (best, worst) = self.cohort_bounds(j)?;
        let better = better_sign(self.round.framework.indicators[j].direction);
        let submitted = Some(self.value(cluster, j)).filter(|v| v.is_finite());
        let (sign, extreme) = match side {
            Side::Above => (-better, worst),
            Side::Below => (better, best),
        };
        let start = match (submitted, side) {
            (Some(v), _) => v,
            (None, Side::Above) => return None,
            (None, Side::Below) => worst,
        };
        let step = self.grid_step(j);
        let flips = |d: &Decided| self.flipped(d, cluster, line);
        let flip = |needed, gate: Option<String>| {
            Some(Flip {
                cluster,
                indicator: j,
                submitted,
                start,
                needed,
                step,
                gate,
            })
        };
        if submitted.is_none()
            && self
                .decide(cluster, &[(j, start)])
                .is_some_and(|d| flips(&d))
        {
            return flip(start, None);
        }
        let end = self.reach(j, start, extreme, sign);
        let by_score = self.first_value(cluster, j, start, end, &flips);
        let by_gate = match side {
            Side::Above => self.gate_fails_at(j, start, end, sign),
            Side::Below => None,
        };
        match (by_score, by_gate) {
            (Some((v, _)), Some((g, _))) if (v - g) * sign <= 0.0 => flip(v, None),
            (_, Some((g, gate))) => flip(g, Some(gate)),
            (Some((v, _)), None) => flip(v, None),
            (None, None) => None,
        }
    }

    /// The first grid value of indicator `j` from `start` (excluded)
    /// toward `end` (included) at which a numeric gate of the process on
    /// the indicator's field fails, with the gate's id: the gates are
    /// checked once on the submitted values (`Scenario::new`), so a
    /// change that would leave the cluster out is found here.
    fn gate_fails_at(&self, j: usize, start: f64, end: f64, sign: f64) -> Option<(f64, String)> {
        let field = self.round.framework.value_field(j)?;
        let step = self.grid_step(j);
        let gates = &self.plan.as_ref()?.process.gates;
        gates
            .iter()
            .filter(|g| g.subject == GateSubject::Field(field))
            .filter_map(|g| {
                let v = match (&g.test, sign > 0.0) {
                    (GateTest::Ge(x), false) => on_grid(*x, step, true) - step,
                    (GateTest::Gt(x), false) => on_grid(*x, step, false),
                    (GateTest::Le(x), true) => on_grid(*x, step, false) + step,
                    (GateTest::Lt(x), true) => on_grid(*x, step, true),
                    _ => return None,
                };
                let v = on_grid(v, step, sign > 0.0);
                let inside = (v - start) * sign > 0.0 && (v - end) * sign <= 0.0;
                (inside && !passes(&g.test, Some(v), None)).then(|| (v, g.id.clone()))
            })
            .min_by(|a, b| ((a.0 - start) * sign).total_cmp(&((b.0 - start) * sign)))
    }

    /// In a tie, a partner's flip that is smaller than the cluster's own
    /// and flips the cluster's decision too (checked by re-deciding).
    fn adopt_partner_flips(&self, found: &mut [Fragile]) {
        let mut adopted = Vec::new();
        for (k, f) in found.iter().enumerate() {
            let mut best = f.flip.clone();
            for &p in &f.tied_with {
                let partner = found
                    .iter()
                    .find(|o| o.cluster == p && o.line == f.line)
                    .and_then(|o| o.flip.as_ref());
                let Some(pf) = partner else {
                    continue;
                };
                if best.as_ref().is_some_and(|b| !pf.smaller_than(b)) {
                    continue;
                }
                let flips = self
                    .decide(pf.cluster, &[(pf.indicator, pf.needed)])
                    .is_some_and(|d| self.flipped(&d, f.cluster, f.line));
                if flips {
                    best = Some(pf.clone());
                }
            }
            if best != f.flip {
                adopted.push((k, best));
            }
        }
        for (k, flip) in adopted {
            found[k].flip = flip;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Flip;

    fn flip(submitted: Option<f64>, start: f64, needed: f64) -> Flip {
        Flip {
            cluster: 0,
            indicator: 0,
            submitted,
            start,
            needed,
            step: 0.01,
            gate: None,
        }
    }

    #[test]
    fn relative_changes_come_first_then_absolute_ones_by_size() {
        // -4.5 % of 1340 against +5.45 % of 0.55: the smaller relative.
        let revenue = flip(Some(1340.0), 1340.0, 1279.75);
        let energy = flip(Some(0.55), 0.55, 0.58);
        assert!(revenue.smaller_than(&energy) && !energy.smaller_than(&revenue));
        // A zero or missing value has no relative change: after every
        // relative one, however large, and by its absolute change.
        let zero = flip(Some(0.0), 0.0, 0.01);
        let missing = flip(None, 2.0, 5.0);
        let huge = flip(Some(1.0), 1.0, 100.0);
        assert_eq!(zero.change_pct(), None);
        assert!(huge.smaller_than(&zero) && huge.smaller_than(&missing));
        assert!(zero.smaller_than(&missing) && !missing.smaller_than(&zero));
        // Equal changes: neither is smaller (the first indicator is kept).
        assert!(!revenue.smaller_than(&revenue.clone()));
    }
}
