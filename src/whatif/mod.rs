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

mod fast;
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
    /// Advanced to this stage of the process (index; a cluster stopped at
    /// an earlier stage, e.g. not shortlisted for the defence).
    Stage(usize),
}

/// One cluster's place in a decided round.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The score the round is decided on for this cluster (the last
    /// stage's, or the score of the stage it stopped at, or the total),
    /// None when the cluster was not scored.
    pub score: Option<f64>,
    pub rank: Option<usize>,
    pub grade: Option<usize>,
    pub selected: bool,
    /// The furthest stage the cluster reached: ranked in, or shortlisted
    /// for when the process stopped before it (a round with a process).
    pub stage: Option<usize>,
    /// Its score at every stage (a round with a process; else empty).
    pub stage_scores: Vec<Option<f64>>,
}

/// A round decided once: every cluster's place, in registry order, and
/// the framework total of each (for points gained).
#[derive(Debug, Clone, PartialEq)]
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
    /// The fast path of `decide` (None: the framework has objective
    /// weights, every decision re-resolves them).
    fast: Option<fast::Fast>,
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
            fast: None,
        };
        let (resolved, scored) = s.score_raw(&s.raw)?;
        s.base = s.decided(resolved.as_ref().unwrap_or(&s.round), &scored)?;
        if resolved.is_none() {
            s.fast = Some(fast::Fast::new(&s.round, scored));
        }
        Ok(s)
    }

    /// The decimals grades are decided on (the process's, else 2).
    pub fn decimals(&self) -> u32 {
        self.plan.as_ref().map_or(2, |p| p.process.decimals)
    }

    /// Re-decide the round with `changes` made to `cluster`'s values.
    /// None when the changed round cannot be scored. The fast path
    /// (`fast`: only the changed columns re-scored, on a reused buffer)
    /// serves every change it can decide exactly; the others (objective
    /// weights, a filled missing value under screening, a cluster outside
    /// the scored cohort) take `decide_slow`.
    pub fn decide(&self, cluster: usize, changes: &[Change]) -> Option<Decided> {
        match self.fast.as_ref() {
            Some(fast) if fast.serves(self, cluster, changes) => {
                fast.decide(self, cluster, changes)
            }
            _ => self.decide_slow(cluster, changes),
        }
    }

    /// Does `decide` have its fast path (no objective weights)?
    pub fn fast_path(&self) -> bool {
        self.fast.is_some()
    }

    /// The slow path of `decide` (and the reference the fast path is
    /// tested against): objective weights re-resolved, the whole matrix
    /// scored, the round decided.
    pub fn decide_slow(&self, cluster: usize, changes: &[Change]) -> Option<Decided> {
        let mut raw = RawMatrix {
            clusters: self.raw.clusters,
            indicators: self.raw.indicators,
            values: self.raw.values.clone(),
            provenance: vec![],
        };
        let n = raw.clusters;
        for &(j, v) in changes {
            raw.values[j * n + cluster] = v;
        }
        self.decide_raw(&raw).ok()
    }

    fn decide_raw(&self, raw: &RawMatrix) -> Result<Decided, Diagnostics> {
        let (round, scored) = self.score_raw(raw)?;
        self.decided(round.as_ref().unwrap_or(&self.round), &scored)
    }

    /// Score a raw matrix of the whole registry: with the framework's
    /// objective weights re-resolved on it (then the round with them is
    /// returned), else with the loaded round.
    fn score_raw(&self, raw: &RawMatrix) -> Result<(Option<Round>, score::Scored), Diagnostics> {
        if self
            .round
            .framework
            .weightings
            .iter()
            .any(|w| w.is_objective())
        {
            let framework = weighting::resolve_objective_raw(&self.round, &self.excluded, raw)?;
            let round = Round {
                framework,
                ..self.round.clone()
            };
            let scored = score::score_raw(&round, &self.excluded, raw.clone())?;
            return Ok((Some(round), scored));
        }
        Ok((
            None,
            score::score_raw(&self.round, &self.excluded, raw.clone())?,
        ))
    }

    /// Every cluster's place in a scored round: the process run on it, or
    /// the ranks and grades of the framework.
    fn decided(&self, round: &Round, scored: &score::Scored) -> Result<Decided, Diagnostics> {
        let n = round.registry.len();
        let mut totals = vec![None; n];
        for (row, &c) in scored.clusters.iter().enumerate() {
            totals[c] = Some(scored.scores.total(row));
        }
        let places = match &self.plan {
            Some(p) => {
                let (result, d) = process::run(round, p, scored, &self.failures);
                if d.has_errors() {
                    return Err(d);
                }
                result
                    .decisions
                    .iter()
                    .map(|d| Place {
                        score: d
                            .final_score
                            .or(d.stage_reached.and_then(|k| d.stage_scores[k]))
                            .or(d.indicator_score),
                        rank: d.rank,
                        grade: d.grade,
                        selected: d.status == Status::Selected,
                        stage: match d.status {
                            Status::Shortlisted => d.stage_reached.map(|k| k + 1),
                            _ => d.stage_reached,
                        },
                        stage_scores: d.stage_scores.clone(),
                    })
                    .collect()
            }
            None => {
                let computed;
                let ids = match self.fast.as_ref().and_then(|f| f.ids_of(scored)) {
                    Some(ids) => ids,
                    None => {
                        computed = scored.labels(round).0;
                        &computed
                    }
                };
                let mut places: Vec<Place> = totals
                    .iter()
                    .map(|&t| Place {
                        score: t,
                        rank: None,
                        grade: None,
                        selected: false,
                        stage: None,
                        stage_scores: vec![],
                    })
                    .collect();
                for s in rank::rank(&round.framework, scored, ids) {
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
            Target::Stage(k) => p.stage.is_some_and(|x| x >= k),
        }
    }

    /// The gap in points from `cluster`'s score to `target` in `decided`
    /// (0 when reached): to the grade's cut-off on the score rounded to the
    /// process's decimals (a cluster above the cut-off that the top-grade
    /// cap keeps out is short of the score of the last one it keeps), to
    /// the score of the cluster at rank N, to the last selected cluster's
    /// score, or, for a stage, from its score at the stage before to the
    /// lowest score at that stage of the clusters that advanced. 0 and not
    /// reached: level with the line, out on a tie-break. None when the
    /// cluster or the line has no score.
    pub fn gap(&self, decided: &Decided, cluster: usize, target: Target) -> Option<f64> {
        if self.reached(decided, cluster, target) {
            return Some(0.0);
        }
        if let Target::Stage(k) = target {
            let before = k.checked_sub(1)?;
            let at = |p: &Place| p.stage_scores.get(before).copied().flatten();
            let own = round_to(at(&decided.places[cluster])?, self.decimals());
            let line = decided
                .places
                .iter()
                .filter(|p| p.stage.is_some_and(|x| x >= k))
                .filter_map(at)
                .map(|s| round_to(s, self.decimals()))
                .min_by(f64::total_cmp)?;
            return Some((line - own).max(0.0));
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
            Target::Stage(_) => unreachable!("answered above"),
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

    /// The default target of a cluster: in a round with a quota, the next
    /// stage for a cluster stopped before the last one (e.g. the shortlist
    /// for the defence: without the defence panel's score it cannot be
    /// selected), else the quota line; else the next grade up (a round with
    /// grades), else the rank above. None when there is nothing higher.
    pub fn default_target(&self, cluster: usize) -> Option<Target> {
        let p = &self.base.places[cluster];
        if let Some(plan) = self.plan.as_ref().filter(|p| p.process.quota.is_some()) {
            let last = plan.process.stages.len().saturating_sub(1);
            return match p.stage {
                _ if p.selected => None,
                Some(k) if k < last => Some(Target::Stage(k + 1)),
                _ => Some(Target::Quota),
            };
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
    /// None when the cluster is already at the top (no higher grade, or
    /// selected).
    pub target: Option<Target>,
    /// Selected in a competition, as submitted.
    pub selected: bool,
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
        if let Some(Target::Stage(k)) = target {
            if let Some(until) = self.until_stage(k) {
                return until.answer(cluster, target);
            }
        }
        let score = self.base.places[cluster].score;
        let Some(t) = target else {
            return Answer {
                cluster,
                target,
                selected: self.base.places[cluster].selected,
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
            selected: self.base.places[cluster].selected,
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

    /// The round decided only up to stage `k` (its panels from stage `k`
    /// on set aside, so the process stops there and shortlists the
    /// clusters that reached it), when a later panel has sat: a what-if
    /// that brings a cluster into stage `k` must not be judged by a panel
    /// that never saw it (it would have no score there, and the process
    /// would refuse the round). None when no panel of stage `k` or later
    /// has sat (the round already stops there).
    pub fn until_stage(&self, k: usize) -> Option<Scenario> {
        let plan = self.plan.as_ref()?;
        if !plan.inputs.reviews.iter().any(|r| r.stage >= k) {
            return None;
        }
        let mut plan = plan.clone();
        plan.inputs.reviews.retain(|r| r.stage < k);
        Scenario::new(self.round.clone(), Some(plan)).ok()
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
