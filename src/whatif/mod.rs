//! What it would take (issue 20): the gap of a cluster to a target (the
//! next grade, a rank, the quota line) and, per indicator, the value that
//! alone would close it, found by re-deciding the whole round.
//!
//! A `Scenario` is built once from a loaded round (after load and gates):
//! it keeps the round with its framework as loaded, the process plan, the
//! gate failures and the raw clusters × indicators matrix of the whole
//! registry. `Scenario::decide` re-decides the round with some values of
//! one cluster replaced: objective weights re-resolved on the changed
//! cohort (`weighting::resolve_objective_raw`), the kernel
//! (`score::score_raw`), the ranks and the process (grades with the
//! framework's `decimals` and the top-grade cap, or stages, panels and
//! quota). So every cohort effect (min-max bounds, percentiles, imputed
//! medians, objective weights, the others' places) is honoured: nothing
//! here is a linear shortcut. It reads no file and writes none; a change
//! that makes the round fail to score (a value outside a transform's
//! domain) is a scenario that does not reach its target, never a panic.
//!
//! `search` holds the searches on top of `decide` (documented there),
//! `plan` the combined plan, `fragile` the decisions that hang on one
//! number (the smallest single change that flips a grade or a selection).

pub mod fragile;
pub mod plan;
pub mod search;

use crate::diag::Diagnostics;
use crate::framework::{round_to, Direction};
use crate::ingest::Round;
use crate::process::{self, GateFailure, ProcessPlan, Status};
use crate::score::RawMatrix;
use crate::{rank, score, weighting};
use serde::Serialize;

/// What a cluster wants to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum Target {
    /// This grade (index into the framework's grades, best first) or better.
    Grade(usize),
    /// This rank (1-based) or better, on the score the round is decided on.
    Rank(usize),
    /// Selected within the competition's quota.
    Quota,
}

/// One cluster's place in a decided round.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The score the round is decided on (the last stage's, or the total),
    /// None when the cluster was not scored.
    pub score: Option<f64>,
    pub rank: Option<usize>,
    pub grade: Option<usize>,
    pub selected: bool,
}

/// A round decided once: every cluster's place, in registry order, and
/// the framework total of each (for points gained).
#[derive(Debug, Clone)]
pub struct Decided {
    pub places: Vec<Place>,
    pub totals: Vec<Option<f64>>,
    /// Every indicator's effective points (objective weights resolved).
    pub points: Vec<f64>,
}

/// The round, ready to be re-decided with some values replaced.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub round: Round,
    pub plan: Option<ProcessPlan>,
    pub failures: Vec<Vec<GateFailure>>,
    pub excluded: Vec<bool>,
    /// The raw matrix of the whole registry, as submitted.
    pub raw: RawMatrix,
    /// The round as submitted, decided.
    pub base: Decided,
}

/// A replaced value: (indicator index, new value) for the scenario's
/// cluster.
pub type Change = (usize, f64);

impl Scenario {
    /// Build from a round as loaded (`pipeline::load`, with no errors):
    /// gates checked, the raw matrix built, the round decided as submitted.
    pub fn new(round: Round, plan: Option<ProcessPlan>) -> Result<Scenario, Diagnostics> {
        let failures = match &plan {
            Some(p) => process::gates::check(&round, &p.process.gates),
            None => vec![vec![]; round.registry.len()],
        };
        let excluded: Vec<bool> = failures.iter().map(|f| !f.is_empty()).collect();
        let raw = score::values::build(&round);
        let mut s = Scenario {
            round,
            plan,
            failures,
            excluded,
            raw,
            base: Decided {
                places: vec![],
                totals: vec![],
                points: vec![],
            },
        };
        s.base = s.decide_raw(&s.raw)?;
        Ok(s)
    }

    /// The decimals grades are decided on (the process's, else 2).
    pub fn decimals(&self) -> u32 {
        self.plan.as_ref().map_or(2, |p| p.process.decimals)
    }

    /// Re-decide the round with `changes` made to `cluster`'s values.
    /// None when the changed round cannot be scored.
    pub fn decide(&self, cluster: usize, changes: &[Change]) -> Option<Decided> {
        let mut raw = self.raw.clone();
        let n = raw.clusters;
        for &(j, v) in changes {
            raw.values[j * n + cluster] = v;
        }
        self.decide_raw(&raw).ok()
    }

    fn decide_raw(&self, raw: &RawMatrix) -> Result<Decided, Diagnostics> {
        // The round is cloned only when objective weights change its
        // framework; otherwise the loaded round is decided as it is.
        let resolved;
        let round = if self
            .round
            .framework
            .weightings
            .iter()
            .any(|w| w.is_objective())
        {
            let framework = weighting::resolve_objective_raw(&self.round, &self.excluded, raw)?;
            resolved = Round {
                framework,
                ..self.round.clone()
            };
            &resolved
        } else {
            &self.round
        };
        let scored = score::score_raw(round, &self.excluded, raw.clone())?;
        let n = round.registry.len();
        let mut totals = vec![None; n];
        for (row, &c) in scored.clusters.iter().enumerate() {
            totals[c] = Some(scored.scores.total(row));
        }
        let places = match &self.plan {
            Some(p) => {
                let (result, d) = process::run(round, p, &scored, &self.failures);
                if d.has_errors() {
                    return Err(d);
                }
                result
                    .decisions
                    .iter()
                    .map(|d| Place {
                        score: d.final_score.or(d.indicator_score),
                        rank: d.rank,
                        grade: d.grade,
                        selected: d.status == Status::Selected,
                    })
                    .collect()
            }
            None => {
                let (ids, _) = scored.labels(round);
                let mut places: Vec<Place> = totals
                    .iter()
                    .map(|&t| Place {
                        score: t,
                        rank: None,
                        grade: None,
                        selected: false,
                    })
                    .collect();
                for s in rank::rank(&round.framework, &scored, &ids) {
                    places[s.cluster].rank = Some(s.rank);
                    places[s.cluster].grade = s.grade;
                }
                places
            }
        };
        let points = round
            .framework
            .indicators
            .iter()
            .map(|i| i.points)
            .collect();
        Ok(Decided {
            places,
            totals,
            points,
        })
    }

    /// Does `cluster` reach `target` in `decided`?
    pub fn reached(&self, decided: &Decided, cluster: usize, target: Target) -> bool {
        let p = &decided.places[cluster];
        match target {
            Target::Grade(g) => p.grade.is_some_and(|x| x <= g),
            Target::Rank(r) => p.rank.is_some_and(|x| x <= r),
            Target::Quota => p.selected,
        }
    }

    /// The gap in points from `cluster`'s score to `target` in `decided`
    /// (0 when reached): to the grade's cut-off on the score rounded to the
    /// process's decimals (a cluster above the cut-off that the top-grade
    /// cap keeps out is short of the score of the last one it keeps), to
    /// the score of the cluster at rank N, or to the last selected
    /// cluster's score. None when the cluster or the line has no score.
    pub fn gap(&self, decided: &Decided, cluster: usize, target: Target) -> Option<f64> {
        if self.reached(decided, cluster, target) {
            return Some(0.0);
        }
        let own = decided.places[cluster].score?;
        let rounded = round_to(own, self.decimals());
        let line = match target {
            Target::Grade(g) => {
                let cut = self.round.framework.grades.get(g)?.min;
                if rounded >= cut {
                    // Above the cut-off but kept out by the cap: the lowest
                    // score that keeps the grade.
                    self.lowest(decided, |p| p.grade.is_some_and(|x| x <= g))
                        .unwrap_or(cut)
                } else {
                    cut
                }
            }
            Target::Rank(r) => self.lowest(decided, |p| p.rank.is_some_and(|x| x <= r))?,
            Target::Quota => self.lowest(decided, |p| p.selected)?,
        };
        Some((line - rounded).max(0.0))
    }

    fn lowest(&self, decided: &Decided, keep: impl Fn(&Place) -> bool) -> Option<f64> {
        decided
            .places
            .iter()
            .filter(|p| keep(p))
            .filter_map(|p| p.score)
            .map(|s| round_to(s, self.decimals()))
            .min_by(f64::total_cmp)
    }

    /// The default target of a cluster: the quota line (a round with a
    /// quota), else the next grade up (a round with grades), else the rank
    /// above. None when there is nothing higher.
    pub fn default_target(&self, cluster: usize) -> Option<Target> {
        let p = &self.base.places[cluster];
        if self
            .plan
            .as_ref()
            .is_some_and(|p| p.process.quota.is_some())
        {
            return (!p.selected).then_some(Target::Quota);
        }
        if !self.round.framework.grades.is_empty() {
            return match p.grade {
                Some(0) => None,
                Some(g) => Some(Target::Grade(g - 1)),
                None => Some(Target::Grade(self.round.framework.grades.len() - 1)),
            };
        }
        match p.rank {
            Some(r) if r > 1 => Some(Target::Rank(r - 1)),
            _ => None,
        }
    }

    /// The submitted value of `cluster`'s indicator `j` (NaN: missing).
    pub fn value(&self, cluster: usize, j: usize) -> f64 {
        self.raw.values[j * self.raw.clusters + cluster]
    }

    /// The scored cohort's (best, worst) submitted values of indicator `j`,
    /// by its direction; None when no cluster of the cohort has one.
    pub fn cohort_bounds(&self, j: usize) -> Option<(f64, f64)> {
        let n = self.raw.clusters;
        let vals = (0..n)
            .filter(|&i| !self.excluded[i])
            .map(|i| self.raw.values[j * n + i])
            .filter(|v| v.is_finite());
        let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if lo > hi {
            return None;
        }
        Some(match self.round.framework.indicators[j].direction {
            Direction::Higher => (hi, lo),
            Direction::Lower => (lo, hi),
        })
    }
}

/// What it would take for one cluster to reach one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Registry index.
    pub cluster: usize,
    /// None when the cluster is already at the top (no higher grade).
    pub target: Option<Target>,
    /// The score the round is decided on, as submitted.
    pub score: Option<f64>,
    /// Points from the score to the target's line (0: reached; None: no
    /// score or no line).
    pub gap: Option<f64>,
    /// One row per indicator (framework order); empty when reached.
    pub singles: Vec<search::SingleMove>,
    /// The combined plan (None when reached or not scored).
    pub plan: Option<plan::Plan>,
}

impl Scenario {
    /// The gap and the single-indicator table of `cluster` toward `target`
    /// (None: the default target).
    pub fn answer(&self, cluster: usize, target: Option<Target>) -> Answer {
        let target = target.or_else(|| self.default_target(cluster));
        let score = self.base.places[cluster].score;
        let Some(t) = target else {
            return Answer {
                cluster,
                target,
                score,
                gap: None,
                singles: vec![],
                plan: None,
            };
        };
        let gap = self.gap(&self.base, cluster, t);
        let reached = self.reached(&self.base, cluster, t);
        let scored = self.base.totals[cluster].is_some();
        Answer {
            cluster,
            target,
            score,
            gap,
            singles: if reached || !scored {
                vec![]
            } else {
                self.singles(cluster, t)
            },
            plan: (!reached && scored).then(|| self.plan(cluster, t)),
        }
    }

    /// A grade by id or name (zh or en, case ignored for English).
    pub fn grade_named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.round
            .framework
            .grades
            .iter()
            .position(|g| g.id == name || g.name_zh == name || g.name_en.eq_ignore_ascii_case(name))
    }
}
