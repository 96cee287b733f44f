//! The rectification list (整改清单, issue 20) of a result: for every
//! cluster that must improve, what is weakest and what it would take.
//!
//! Who is on the list: in a mid-term round, every cluster graded in one of
//! the framework's two lowest grades (合格 pass and 不合格 fail: the grades
//! whose default outcomes are rectification and warning); in a
//! competition, every cluster that reached the last stage and was not
//! selected. Clusters are listed in rank order.
//!
//! For each, built from the what-if `Scenario` of the same loaded round:
//!
//! - **weakest**: the indicators on which the cluster is furthest below
//!   the cohort median in points (the median of the indicator's points
//!   over the scored clusters, minus the cluster's points), the largest
//!   `WEAKEST` shortfalls, ties in framework order; an indicator at or
//!   above the median is not weak, so a cluster may have fewer than three;
//! - **target and gap**: the default target (`Scenario::default_target`:
//!   the next grade up, or the quota line) and the gap in points to it;
//! - **plan**: the combined plan (`Scenario::plan`, documented in
//!   `whatif::plan`): each move's submitted and planned value, the change
//!   in % and the total re-decided with the plan. The single-indicator
//!   table is not computed here (the plan only), so a run stays fast; the
//!   plans of the clusters are computed in parallel;
//! - **progress**: for each planned move on an indicator that scores a
//!   field against the cluster's own target, what the planned value means
//!   for that field: the `progress` rule (value r = p / e × 100, so the
//!   field's value is baseline + r / 100 × e × (target − baseline)), the
//!   `target` rule on a field (achievement a = 100 x / t, or 100 t / x when
//!   lower is better), and any other indicator on a field (or its growth
//!   rate) whose target the cluster declared: the field's value now and
//!   the value the plan needs, its share of the target and, when the field
//!   has a baseline, the progress from the baseline. Other moves (a
//!   weighted count, a ratio, a field without a target) have no entry.

use super::RoundResult;
use crate::framework::{Direction, Period, Rule, ValueSpec};
use crate::score::progress;
use crate::whatif::plan::Plan;
use crate::whatif::{Change, Scenario, Target};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Weakest indicators listed per cluster.
pub const WEAKEST: usize = 3;

/// One cluster's entry of the rectification list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rectification {
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Mid-term: the grade's id; competition: the status id
    /// (`not_selected`).
    pub standing: String,
    pub standing_zh: String,
    /// The grade's English name (a competition: empty).
    pub standing_en: String,
    /// The score the round is decided on (the final score in a
    /// competition, the total in a mid-term round).
    pub score: Option<f64>,
    /// None when there is nothing higher to reach.
    pub target: Option<TargetView>,
    /// Points from the score to the target's line.
    pub gap: Option<f64>,
    /// Largest shortfall first.
    pub weakest: Vec<Weak>,
    /// None when there is no target or the cluster was not scored.
    pub plan: Option<PlanView>,
    /// One entry per planned move on a field with a target.
    pub progress: Vec<ProgressNeed>,
}

/// The target of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    /// `grade`, `quota`, `rank` or `stage`.
    pub kind: String,
    /// The grade's (or the stage's) id and names (empty for the quota
    /// line).
    pub grade: String,
    pub name_zh: String,
    pub name_en: String,
    /// The rank to reach (kind `rank`).
    pub rank: Option<usize>,
}

/// An indicator below the cohort median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weak {
    /// 1 = the largest shortfall.
    pub rank: usize,
    pub indicator: String,
    pub name_zh: String,
    pub name_en: String,
    pub points: f64,
    pub points_max: f64,
    /// The median of the scored clusters' points on the indicator.
    pub median: f64,
    /// median − points (> 0).
    pub shortfall: f64,
}

/// The combined plan of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PlanView {
    /// These moves together reach the target: `score` is the score the
    /// round is decided on (the final score in a competition) re-decided
    /// with them, `total` the framework total with them (both at the
    /// decimals grades are decided on), `fewest` true when no fewer
    /// indicators can (proven by the search).
    Found {
        moves: Vec<PlannedMove>,
        score: Option<f64>,
        total: Option<f64>,
        fewest: bool,
    },
    /// Even every indicator at its plausible limit does not reach it.
    NoPlan,
}

/// One move of a plan, in the indicator's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedMove {
    pub indicator: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub unit_en: String,
    /// The grid of the value (1: a count, shown whole).
    pub step: f64,
    /// None: missing as submitted.
    pub submitted: Option<f64>,
    pub planned: f64,
    /// The plausible limit the search allowed.
    pub limit: f64,
    /// (planned − submitted) / |submitted| × 100; None: missing or 0.
    pub change_pct: Option<f64>,
    /// The cluster's points on the indicator as submitted.
    pub points: f64,
    pub points_max: f64,
}

/// What a planned move means for a field with a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressNeed {
    /// The indicator moved.
    pub indicator: String,
    pub field: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub unit_en: String,
    /// The field is a count.
    pub count: bool,
    /// The field's baseline, when declared.
    pub baseline: Option<f64>,
    /// The field's value as submitted.
    pub current: Option<f64>,
    /// The field's value the plan needs.
    pub needed: f64,
    /// The target the field is measured against (declared by the cluster,
    /// or the indicator's fixed target).
    pub target: f64,
    /// The target is the one the cluster declared (false: the indicator's
    /// fixed target, e.g. 100 %).
    pub declared: bool,
    pub target_year: i32,
    pub baseline_year: i32,
    /// Share of the target (x / t, or t / x when lower is better): now and
    /// with the plan, fractions.
    pub share_now: Option<f64>,
    pub share_needed: Option<f64>,
    /// Progress from the baseline (x − b) / (t − b): now and with the
    /// plan, fractions; None without a baseline.
    pub progress_now: Option<f64>,
    pub progress_needed: Option<f64>,
}

/// Is the cluster on the list, and who is it (registry index)?
fn listed(r: &RoundResult, s: &Scenario) -> Vec<(usize, String, String, String)> {
    let Some(p) = &r.process else {
        return vec![];
    };
    let registry = &s.round.registry.clusters;
    let index = |id: &str| registry.iter().position(|c| c.id == id);
    if p.kind == "midterm" {
        let n = r.grades.len();
        let low: Vec<&str> = r
            .grades
            .iter()
            .skip(n.saturating_sub(2))
            .map(|g| g.id.as_str())
            .collect();
        r.clusters
            .iter()
            .filter_map(|c| {
                let g = c.grade.as_ref().filter(|g| low.contains(&g.id.as_str()))?;
                Some((
                    index(&c.cluster_id)?,
                    g.id.clone(),
                    g.name_zh.clone(),
                    g.name_en.clone(),
                ))
            })
            .collect()
    } else {
        let last = p.stages.last().map(|st| st.id.as_str());
        let mut rows: Vec<_> = p
            .decisions
            .iter()
            .filter(|d| d.status == "not_selected" && d.stage_reached.as_deref() == last)
            .collect();
        rows.sort_by_key(|d| d.rank.unwrap_or(usize::MAX));
        rows.iter()
            .filter_map(|d| {
                Some((
                    index(&d.cluster_id)?,
                    d.status.clone(),
                    d.status_zh.clone(),
                    String::new(),
                ))
            })
            .collect()
    }
}

/// The median of `xs` (mean of the two middle values of an even count).
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => xs[n / 2],
        _ => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// The weakest indicators of the scored cluster `id` (module header).
pub fn weakest(r: &RoundResult, id: &str) -> Vec<Weak> {
    let Some(c) = r.clusters.iter().find(|c| c.cluster_id == id) else {
        return vec![];
    };
    let mut weak: Vec<Weak> = r
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(j, info)| {
            let m = median(
                r.clusters
                    .iter()
                    .filter_map(|x| x.indicators.get(j).map(|t| t.points))
                    .collect(),
            );
            let t = c.indicators.get(j)?;
            let shortfall = m - t.points;
            (shortfall > 1e-9).then(|| Weak {
                rank: 0,
                indicator: info.id.clone(),
                name_zh: info.name_zh.clone(),
                name_en: info.name_en.clone(),
                points: t.points,
                points_max: t.points_max,
                median: m,
                shortfall,
            })
        })
        .collect();
    // Stable: equal shortfalls keep framework order.
    weak.sort_by(|a, b| b.shortfall.total_cmp(&a.shortfall));
    weak.truncate(WEAKEST);
    for (k, w) in weak.iter_mut().enumerate() {
        w.rank = k + 1;
    }
    weak
}

fn target_view(s: &Scenario, t: Target) -> TargetView {
    match t {
        Target::Grade(g) => {
            let gr = &s.round.framework.grades[g];
            TargetView {
                kind: "grade".into(),
                grade: gr.id.clone(),
                name_zh: gr.name_zh.clone(),
                name_en: gr.name_en.clone(),
                rank: None,
            }
        }
        Target::Rank(n) => TargetView {
            kind: "rank".into(),
            grade: String::new(),
            name_zh: String::new(),
            name_en: String::new(),
            rank: Some(n),
        },
        Target::Quota => TargetView {
            kind: "quota".into(),
            grade: String::new(),
            name_zh: String::new(),
            name_en: String::new(),
            rank: None,
        },
        Target::Stage(k) => {
            let stage = s.plan.as_ref().and_then(|p| p.process.stages.get(k));
            TargetView {
                kind: "stage".into(),
                grade: stage.map(|st| st.id.clone()).unwrap_or_default(),
                name_zh: stage.map(|st| st.name_zh.clone()).unwrap_or_default(),
                name_en: stage.map(|st| st.name_en.clone()).unwrap_or_default(),
                rank: None,
            }
        }
    }
}

/// The rectification list of a result (module header), from the scenario
/// of the same loaded round.
pub fn rectification(s: &Scenario, r: &RoundResult) -> Vec<Rectification> {
    let who = listed(r, s);
    type Planned = (Option<Target>, Option<f64>, Option<(Plan, Option<f64>)>);
    let plans: Vec<Planned> = who
        .par_iter()
        .map(|&(i, ..)| {
            let Some(t) = s.default_target(i) else {
                return (None, None, None);
            };
            let gap = s.gap(&s.base, i, t);
            let plan = (!s.reached(&s.base, i, t) && s.base.totals[i].is_some()).then(|| {
                let plan = s.plan(i, t);
                let score = decided_score(s, i, &plan);
                (plan, score)
            });
            (Some(t), gap, plan)
        })
        .collect();
    who.into_iter()
        .zip(plans)
        .map(|((i, standing, zh, en), (target, gap, plan))| {
            let c = &s.round.registry.clusters[i];
            let trace = r.clusters.iter().find(|x| x.cluster_id == c.id);
            let plan = plan.map(|(p, score)| plan_view(s, trace, p, score));
            let progress = match &plan {
                Some(PlanView::Found { moves, .. }) => moves
                    .iter()
                    .filter_map(|m| {
                        let j = s
                            .round
                            .framework
                            .indicators
                            .iter()
                            .position(|x| x.id == m.indicator)?;
                        need(s, i, j, m.planned)
                    })
                    .collect(),
                _ => vec![],
            };
            Rectification {
                cluster_id: c.id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                standing,
                standing_zh: zh,
                standing_en: en,
                score: s.base.places[i].score,
                target: target.map(|t| target_view(s, t)),
                gap,
                weakest: weakest(r, &c.id),
                plan,
                progress,
            }
        })
        .collect()
}

fn plan_view(
    s: &Scenario,
    trace: Option<&super::ClusterResult>,
    p: Plan,
    score: Option<f64>,
) -> PlanView {
    let fw = &s.round.framework;
    match p {
        Plan::NoPlan => PlanView::NoPlan,
        Plan::Found {
            moves,
            total,
            fewest,
        } => PlanView::Found {
            moves: moves
                .iter()
                .map(|m| {
                    let ind = &fw.indicators[m.indicator];
                    let t = trace.and_then(|c| c.indicators.get(m.indicator));
                    PlannedMove {
                        indicator: ind.id.clone(),
                        name_zh: ind.name_zh.clone(),
                        name_en: ind.name_en.clone(),
                        unit: ind.unit.clone(),
                        unit_en: ind.unit_en.clone(),
                        step: m.step,
                        submitted: m.submitted,
                        planned: m.value,
                        limit: m.limit,
                        change_pct: m.change_pct(),
                        points: t.map_or(0.0, |t| t.points),
                        points_max: t.map_or(ind.points, |t| t.points_max),
                    }
                })
                .collect(),
            score,
            total,
            fewest,
        },
    }
}

/// The score `cluster`'s round is decided on with the plan's moves,
/// re-decided once more (at the decimals grades are decided on).
fn decided_score(s: &Scenario, cluster: usize, plan: &Plan) -> Option<f64> {
    let Plan::Found { moves, .. } = plan else {
        return None;
    };
    let changes: Vec<Change> = moves.iter().map(|m| (m.indicator, m.value)).collect();
    let d = s.decide(cluster, &changes)?;
    d.places[cluster]
        .score
        .map(|x| crate::framework::round_to(x, s.decimals()))
}

/// What the planned value `v` of indicator `j` means for its field's
/// target (module header), None when it has no such meaning.
fn need(s: &Scenario, i: usize, j: usize, v: f64) -> Option<ProgressNeed> {
    let round = &s.round;
    let fw = &round.framework;
    let ind = &fw.indicators[j];
    let f = ind.primary_field()?;
    let base = round.data.value(i, f, Period::Baseline);
    let current = round.data.value(i, f, Period::Current);
    let declared = round.data.value(i, f, Period::Target);
    // A one-period round has no target year to measure a plan against.
    let (by, cy, ty) = round.years()?;
    let field_only = matches!(ind.value, ValueSpec::Field { .. });
    let lower = ind.direction == Direction::Lower;
    let mut own = true;
    let (needed, target) = match &ind.rule {
        Rule::Progress { .. } if field_only => {
            let (b, t) = (base?, declared?);
            let gap = if lower { b - t } else { t - b };
            if gap <= 0.0 {
                return None;
            }
            let e = progress::elapsed(by, cy, ty);
            (b + v / 100.0 * e * (t - b), t)
        }
        Rule::Target { fixed, .. } if field_only => {
            let t = fixed.or(declared)?;
            own = fixed.is_none();
            if lower {
                (v > 0.0).then(|| (100.0 * t / v, t))?
            } else {
                (v * t / 100.0, t)
            }
        }
        Rule::Target { .. } | Rule::Progress { .. } => return None,
        _ => match ind.value {
            ValueSpec::Field { .. } => (v, declared?),
            ValueSpec::Growth { .. } => {
                let b = base?;
                let years = f64::from(cy - by);
                (b * (1.0 + v / 100.0).powf(years), declared?)
            }
            _ => return None,
        },
    };
    if !needed.is_finite() || !target.is_finite() {
        return None;
    }
    let share = |x: f64| {
        let s = if lower { target / x } else { x / target };
        s.is_finite().then_some(s)
    };
    let from_base = |x: f64| {
        let b = base?;
        (own && target != b).then(|| (x - b) / (target - b))
    };
    let field = &fw.fields[f];
    Some(ProgressNeed {
        indicator: ind.id.clone(),
        field: field.id.clone(),
        name_zh: field.name_zh.clone(),
        name_en: field.name_en.clone(),
        unit: field.unit.clone(),
        unit_en: field.unit_en.clone(),
        count: field.kind == crate::framework::FieldKind::Count,
        baseline: base,
        current,
        needed,
        target,
        declared: own,
        target_year: ty,
        baseline_year: by,
        share_now: current.and_then(share),
        share_needed: share(needed),
        progress_now: current.and_then(from_base),
        progress_needed: from_base(needed),
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(vec![]).is_nan());
    }
}
