//! The evaluation process (评审流程): gates, stages, panels, quota, grades
//! and dynamic management, on top of the indicator scores.
//!
//! Order of events: eligibility gates (before scoring, `gates`); then each
//! stage in turn: its panel scores (`panel`), its score formula (a weighted
//! sum of the indicator total, the panel score and earlier stage scores,
//! rounded to the process's decimals), its ranking with the tie-break chain,
//! and its advancement rule (top K, a multiple of the quota, a minimum
//! score; a tie straddling the cut lets every tied cluster through). After
//! the last stage a competition fills its quota in rank order, under the
//! minimum score and the caps per city or track (a tie straddling the quota
//! is reported and decided by nobody but the office); a mid-term round
//! grades and applies dynamic management (`dynamic`). A stage with a panel
//! but no scores at all has not been held yet: the process stops before it
//! and the clusters that reached it are `shortlisted`. Pure functions of the
//! round and its scores.

pub mod agreement;
pub mod config;
pub mod dynamic;
pub mod gates;
pub mod panel;

pub use config::{ChainKey, Component, Kind, Process, Stage};
pub use gates::GateFailure;

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::round_to;
use crate::ingest::Round;
use crate::rank;
use crate::score::Scored;
use agreement::Concordance;
use panel::{Outlier, PanelScore, Severity};
use serde::Serialize;

/// Where a cluster ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    FailedGate,
    ScreenedOut,
    NotAdvanced,
    Shortlisted,
    Selected,
    NotSelected,
    TiedAtQuota,
    Evaluated,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::FailedGate => "failed_gate",
            Status::ScreenedOut => "screened_out",
            Status::NotAdvanced => "not_shortlisted",
            Status::Shortlisted => "shortlisted",
            Status::Selected => "selected",
            Status::NotSelected => "not_selected",
            Status::TiedAtQuota => "tied_at_quota",
            Status::Evaluated => "evaluated",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Status::FailedGate => "资格审查未通过",
            Status::ScreenedOut => "数据不足未评",
            Status::NotAdvanced => "未入围",
            Status::Shortlisted => "入围",
            Status::Selected => "入选",
            Status::NotSelected => "未入选",
            Status::TiedAtQuota => "名额边界并列待定",
            Status::Evaluated => "已评估",
        }
    }
}

/// One cluster's path through the process.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Registry index.
    pub cluster: usize,
    pub status: Status,
    /// Why (gate failures, the cut it missed, the cap that stopped it).
    pub reasons: Vec<String>,
    /// The framework total (None when not scored).
    pub indicator_score: Option<f64>,
    /// Per stage.
    pub panel_scores: Vec<Option<f64>>,
    pub stage_scores: Vec<Option<f64>>,
    /// The last stage the cluster was ranked in.
    pub stage_reached: Option<usize>,
    /// Rank within that stage.
    pub rank: Option<usize>,
    pub tied: bool,
    pub tie_note: String,
    /// The last stage's score, for clusters that reached it.
    pub final_score: Option<f64>,
    /// Framework grade index (mid-term).
    pub grade: Option<usize>,
    pub grade_note: String,
    /// Earlier rounds: (year, grade index, outcome).
    pub history: Vec<(i32, usize, Option<String>)>,
    pub outcome: Option<String>,
    pub outcome_reason: String,
}

/// Agreement of one panel (stage x track).
#[derive(Debug, Clone, Serialize)]
pub struct PanelAgreement {
    pub stage: usize,
    pub track: String,
    pub clusters: usize,
    /// Reviewers with a usable score for every cluster of the panel.
    pub reviewers: Vec<usize>,
    /// Reviewers left out because a score was missing or excluded.
    pub incomplete: Vec<usize>,
    pub concordance: Option<Concordance>,
}

/// What the process decided, with the panel diagnostics.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessResult {
    pub kind: Kind,
    pub decimals: u32,
    pub quota: Option<usize>,
    pub stages: Vec<Stage>,
    /// Registry order.
    pub decisions: Vec<Decision>,
    pub panels: Vec<PanelScore>,
    pub outliers: Vec<Outlier>,
    pub severities: Vec<Severity>,
    pub agreement: Vec<PanelAgreement>,
    /// How the quota boundary (and any shortlist boundary) was settled.
    pub boundary: Vec<String>,
}

/// The label of a chain key.
pub fn chain_label(process: &Process, fw: &crate::framework::Framework, key: &ChainKey) -> String {
    match key {
        ChainKey::Stage(s) => format!("{} score", process.stages[*s].label()),
        ChainKey::Panel(s) => format!("{} panel score", process.stages[*s].label()),
        ChainKey::Framework(k) => rank::key_label(fw, k),
    }
}

/// Run the process. Returns the result and the diagnostics (warnings such as
/// excluded conflicts; errors such as an empty panel, which the caller must
/// refuse).
pub fn run(
    round: &Round,
    process: &Process,
    scored: &Scored,
    failures: &[Vec<GateFailure>],
) -> (ProcessResult, Diagnostics) {
    let mut diags = Diagnostics::default();
    let fw = &round.framework;
    let reg = &round.registry;
    let inputs = &round.process_inputs;
    let n_reg = reg.len();
    let n_stages = process.stages.len();
    let mut row_of = vec![None; n_reg];
    for (row, &c) in scored.clusters.iter().enumerate() {
        row_of[c] = Some(row);
    }
    let mut decisions: Vec<Decision> = (0..n_reg)
        .map(|c| Decision {
            cluster: c,
            status: if !failures[c].is_empty() {
                Status::FailedGate
            } else if row_of[c].is_none() {
                Status::ScreenedOut
            } else {
                Status::Evaluated
            },
            reasons: failures[c].iter().map(|f| f.text()).collect(),
            indicator_score: row_of[c].map(|r| scored.scores.total(r)),
            panel_scores: vec![None; n_stages],
            stage_scores: vec![None; n_stages],
            stage_reached: None,
            rank: None,
            tied: false,
            tie_note: String::new(),
            final_score: None,
            grade: None,
            grade_note: String::new(),
            history: inputs
                .history
                .iter()
                .filter(|h| h.cluster == c)
                .map(|h| (h.year, h.grade, h.outcome.clone()))
                .collect(),
            outcome: None,
            outcome_reason: String::new(),
        })
        .collect();
    for d in &mut decisions {
        d.history.sort();
        if d.status == Status::ScreenedOut {
            d.reasons
                .push("left out by screening: too few indicators with data".into());
        }
    }
    let mut members: Vec<usize> = scored
        .clusters
        .iter()
        .copied()
        .filter(|&c| failures[c].is_empty())
        .collect();
    let totals = panel::sheet_totals(inputs);
    let mut panels: Vec<PanelScore> = Vec::new();
    let mut boundary = Vec::new();
    let reviews_file = inputs
        .reviews
        .first()
        .map(|r| r.at.file.clone())
        .unwrap_or_default();

    for k in 0..n_stages {
        let st = &process.stages[k];
        if st.has_panel() {
            let held = inputs.reviews.iter().any(|r| r.stage == k);
            if !held && k > 0 {
                for &c in &members {
                    decisions[c].status = Status::Shortlisted;
                    decisions[c].reasons.push(format!(
                        "advanced to {}, which has no scores yet",
                        st.label()
                    ));
                }
                boundary.push(format!(
                    "{} has no panel scores yet: the process stops after the shortlist of {}",
                    st.label(),
                    members.len()
                ));
                break;
            }
            let mut ignored: Vec<usize> = inputs
                .reviews
                .iter()
                .filter(|r| r.stage == k && !members.contains(&r.cluster))
                .map(|r| r.cluster)
                .collect();
            ignored.sort_unstable();
            ignored.dedup();
            for c in ignored {
                diags.push(
                    Diagnostic::warning(
                        &reviews_file,
                        format!(
                            "scores for cluster {} at {} are ignored: it did not reach this stage",
                            reg.clusters[c].id, st.id
                        ),
                    )
                    .column(reg.clusters[c].id.clone()),
                );
            }
            let ps = panel::panel_scores(process, reg, inputs, &totals, k, &members, &mut diags);
            for p in &ps {
                decisions[p.cluster].panel_scores[k] = Some(p.score);
            }
            panels.extend(ps);
        }
        for &c in &members {
            let d = &decisions[c];
            let terms: Option<Vec<f64>> = st
                .formula
                .iter()
                .map(|(comp, w)| {
                    let v = match comp {
                        Component::Indicators => d.indicator_score,
                        Component::Panel => d.panel_scores[k],
                        Component::Stage(j) => d.stage_scores[*j],
                    };
                    v.map(|v| w * v)
                })
                .collect();
            decisions[c].stage_scores[k] =
                terms.map(|t| round_to(t.iter().sum(), process.decimals));
        }
        if diags.has_errors() {
            break;
        }
        // Rank the stage.
        let usable: Vec<&ChainKey> = process
            .chain
            .iter()
            .filter(|key| match key {
                ChainKey::Stage(j) | ChainKey::Panel(j) => *j <= k,
                ChainKey::Framework(_) => true,
            })
            .collect();
        let labels: Vec<String> = usable
            .iter()
            .map(|key| chain_label(process, fw, key))
            .collect();
        let signs: Vec<f64> = usable
            .iter()
            .map(|key| match key {
                ChainKey::Framework(t) => rank::key_sign(fw, t),
                _ => 1.0,
            })
            .collect();
        let or_last = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
        let keys: Vec<Vec<f64>> = members
            .iter()
            .map(|&c| {
                let d = &decisions[c];
                let mut key = vec![or_last(d.stage_scores[k])];
                for ck in &usable {
                    key.push(match ck {
                        ChainKey::Stage(j) => or_last(d.stage_scores[*j]),
                        ChainKey::Panel(j) => or_last(d.panel_scores[*j]),
                        ChainKey::Framework(t) => match row_of[c] {
                            Some(r) => rank::key_value(fw, scored, r, t),
                            None => f64::NEG_INFINITY,
                        },
                    });
                }
                key
            })
            .collect();
        let ids: Vec<String> = members
            .iter()
            .map(|&c| reg.clusters[c].id.clone())
            .collect();
        let places = rank::rank_keys(&keys, &labels, &signs, &ids, process.decimals);
        for (&c, p) in members.iter().zip(&places) {
            let d = &mut decisions[c];
            d.stage_reached = Some(k);
            d.rank = Some(p.rank);
            d.tied = p.tied;
            d.tie_note = p.note.clone();
        }
        if k + 1 < n_stages {
            members = advance(process, k, &members, &mut decisions, &mut boundary);
        } else {
            for &c in &members {
                decisions[c].final_score = decisions[c].stage_scores[k];
            }
            match process.kind {
                Kind::Competition => {
                    select(process, round, &members, &mut decisions, &mut boundary)
                }
                Kind::Midterm => grade(process, round, &members, &mut decisions),
            }
        }
    }
    if process.kind == Kind::Midterm {
        for f in &inputs.flags {
            if decisions[f.cluster].outcome.as_deref() != Some("exit") {
                let (o, why) =
                    dynamic::outcome(process, fw, None, round.spec.current_year, &[], &[f]);
                decisions[f.cluster].outcome = o;
                decisions[f.cluster].outcome_reason = why;
            }
        }
    }

    let outliers = panel::outliers(&panels, process.panel.outlier_z);
    for o in &outliers {
        diags.push(
            Diagnostic::note(
                &reviews_file,
                format!(
                    "score far from the panel: reviewer {} gave cluster {} {} at {} (panel mean {:.2}, z = {:.2})",
                    inputs.reviewers[o.reviewer].id,
                    reg.clusters[o.cluster].id,
                    o.score,
                    process.stages[o.stage].id,
                    o.panel_mean,
                    o.z
                ),
            )
            .column(format!(
                "{} / {}",
                inputs.reviewers[o.reviewer].id, reg.clusters[o.cluster].id
            )),
        );
    }
    let severities = panel::severities(&panels, &outliers, inputs.reviewers.len());
    let agreement = agreement_by_panel(round, &panels);
    (
        ProcessResult {
            kind: process.kind,
            decimals: process.decimals,
            quota: process.quota,
            stages: process.stages.clone(),
            decisions,
            panels,
            outliers,
            severities,
            agreement,
            boundary,
        },
        diags,
    )
}

/// Apply stage `k`'s advancement rule; returns the members of the next stage.
fn advance(
    process: &Process,
    k: usize,
    members: &[usize],
    decisions: &mut [Decision],
    boundary: &mut Vec<String>,
) -> Vec<usize> {
    let st = &process.stages[k];
    let Some(rule) = &st.advance else {
        return members.to_vec();
    };
    let limit = rule.top.or_else(|| {
        rule.quota_multiple
            .zip(process.quota)
            .map(|(m, q)| (m * q as f64 - 1e-9).ceil() as usize)
    });
    let mut next = Vec::new();
    for &c in members {
        let d = &mut decisions[c];
        let rank = d.rank.unwrap_or(usize::MAX);
        let score = d.stage_scores[k].unwrap_or(f64::NEG_INFINITY);
        let by_rank = limit.is_none_or(|l| rank <= l);
        let by_score = rule.min_score.is_none_or(|m| score >= m);
        if by_rank && by_score {
            next.push(c);
        } else {
            d.status = Status::NotAdvanced;
            if !by_rank {
                d.reasons.push(format!(
                    "ranked {rank} of {} at {}; the best {} advance",
                    members.len(),
                    st.label(),
                    limit.unwrap_or(0)
                ));
            }
            if !by_score {
                d.reasons.push(format!(
                    "{} score {score:.2} is below the minimum {} to advance",
                    st.label(),
                    rule.min_score.unwrap_or(0.0)
                ));
            }
        }
    }
    if let Some(l) = limit {
        let passed_by_rank = members
            .iter()
            .filter(|&&c| decisions[c].rank.is_some_and(|r| r <= l))
            .count();
        if passed_by_rank > l {
            boundary.push(format!(
                "{}: a tie at the cut of {l} lets every tied cluster advance ({passed_by_rank} advance)",
                st.label()
            ));
        }
    }
    boundary.push(format!(
        "{}: {} of {} advance{}",
        st.label(),
        next.len(),
        members.len(),
        match (limit, rule.min_score) {
            (Some(l), Some(m)) => format!(" (the best {l}, with at least {m})"),
            (Some(l), None) => format!(" (the best {l})"),
            (None, Some(m)) => format!(" (at least {m})"),
            (None, None) => String::new(),
        }
    ));
    next
}

/// Fill the quota in rank order under the minimum score and the caps.
fn select(
    process: &Process,
    round: &Round,
    members: &[usize],
    decisions: &mut [Decision],
    boundary: &mut Vec<String>,
) {
    let reg = &round.registry;
    let quota = process.quota.unwrap_or(members.len());
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        decisions[a]
            .rank
            .cmp(&decisions[b].rank)
            .then_with(|| reg.clusters[a].id.cmp(&reg.clusters[b].id))
    });
    let cap_value =
        |c: usize, col: &str| reg.clusters[c].group_value(col).unwrap_or("").to_string();
    let mut counts: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let mut selected = 0usize;
    let mut i = 0;
    while i < order.len() {
        let rank = decisions[order[i]].rank;
        let group: Vec<usize> = order[i..]
            .iter()
            .copied()
            .take_while(|&c| decisions[c].rank == rank)
            .collect();
        i += group.len();
        let mut candidates = Vec::new();
        for &c in &group {
            let d = &mut decisions[c];
            let score = d.final_score.unwrap_or(f64::NEG_INFINITY);
            if let Some(m) = process.min_score {
                if score < m {
                    d.status = Status::NotSelected;
                    d.reasons
                        .push(format!("final score {score:.2} is below the minimum {m}"));
                    continue;
                }
            }
            if selected >= quota {
                d.status = Status::NotSelected;
                d.reasons.push(format!(
                    "rank {}: the quota of {quota} is filled by higher-ranked clusters",
                    rank.unwrap_or(0)
                ));
                continue;
            }
            let full = process.caps.iter().find(|(col, cap)| {
                counts
                    .get(&(col.clone(), cap_value(c, col)))
                    .is_some_and(|n| n >= cap)
            });
            if let Some((col, cap)) = full {
                d.status = Status::NotSelected;
                d.reasons.push(format!(
                    "cap: at most {cap} selected per {col}, and {cap} from {} already are",
                    cap_value(c, col)
                ));
                continue;
            }
            candidates.push(c);
        }
        // A tied group that would break the quota or a cap is left to the office.
        let cap_broken = process.caps.iter().any(|(col, cap)| {
            let mut add: std::collections::BTreeMap<String, usize> = Default::default();
            for &c in &candidates {
                *add.entry(cap_value(c, col)).or_default() += 1;
            }
            add.iter().any(|(v, n)| {
                counts.get(&(col.clone(), v.clone())).copied().unwrap_or(0) + n > *cap
            })
        });
        if candidates.is_empty() {
            continue;
        }
        if selected + candidates.len() <= quota && !cap_broken {
            for &c in &candidates {
                decisions[c].status = Status::Selected;
                decisions[c].reasons.push(format!(
                    "rank {} within the quota of {quota}",
                    rank.unwrap_or(0)
                ));
                selected += 1;
                for (col, _) in &process.caps {
                    *counts.entry((col.clone(), cap_value(c, col))).or_default() += 1;
                }
            }
        } else {
            let ids: Vec<&str> = candidates
                .iter()
                .map(|&c| reg.clusters[c].id.as_str())
                .collect();
            let what = if cap_broken { "a cap" } else { "the quota" };
            for &c in &candidates {
                decisions[c].status = Status::TiedAtQuota;
                decisions[c].reasons.push(format!(
                    "tied at rank {} with {} across {what} after the whole tie-break chain: the office decides",
                    rank.unwrap_or(0),
                    ids.join(", ")
                ));
            }
            boundary.push(format!(
                "unresolved tie at {what}: {} share rank {} with {} place(s) left; none is selected automatically",
                ids.join(", "),
                rank.unwrap_or(0),
                quota.saturating_sub(selected)
            ));
            selected = quota;
        }
    }
    // Explain the boundary: the last selected and the first not selected.
    let last_in = order
        .iter()
        .copied()
        .rfind(|&c| decisions[c].status == Status::Selected);
    let first_out = order
        .iter()
        .copied()
        .find(|&c| decisions[c].status == Status::NotSelected);
    let fmt = |x: Option<f64>| {
        x.map(|v| format!("{v:.*}", process.decimals as usize))
            .unwrap_or_default()
    };
    boundary.push(format!(
        "quota {quota}: {selected} selected of {} in the final stage",
        members.len()
    ));
    if let (Some(a), Some(b)) = (last_in, first_out) {
        let (da, db) = (&decisions[a], &decisions[b]);
        let (ia, ib) = (&reg.clusters[a].id, &reg.clusters[b].id);
        if da.final_score == db.final_score {
            let how = da
                .tie_note
                .split("; ")
                .collect::<Vec<_>>()
                .windows(2)
                .find(|w| w[0].contains(&format!("tied with {ib} ")))
                .map(|w| w[1].to_string())
                .unwrap_or_else(|| da.tie_note.clone());
            boundary.push(format!(
                "boundary tie: {ia} (rank {}) and {ib} (rank {}) have the same final score {}; the tie-break chain puts {ia} first: {how}",
                da.rank.unwrap_or(0),
                db.rank.unwrap_or(0),
                fmt(da.final_score)
            ));
        } else {
            boundary.push(format!(
                "boundary: last selected {ia} (rank {}, final {}), first not selected {ib} (rank {}, final {}), margin {}",
                da.rank.unwrap_or(0),
                fmt(da.final_score),
                db.rank.unwrap_or(0),
                fmt(db.final_score),
                fmt(Some(da.final_score.unwrap_or(0.0) - db.final_score.unwrap_or(0.0)))
            ));
        }
    }
}

/// Grades, the top-grade cap and dynamic-management outcomes.
fn grade(process: &Process, round: &Round, members: &[usize], decisions: &mut [Decision]) {
    let fw = &round.framework;
    let ranked: Vec<(usize, Option<usize>)> = members
        .iter()
        .map(|&c| {
            let d = &decisions[c];
            let g = d.final_score.and_then(|s| {
                fw.grades
                    .iter()
                    .position(|g| round_to(s, process.decimals) >= g.min)
            });
            (d.rank.unwrap_or(usize::MAX), g)
        })
        .collect();
    let capped = dynamic::cap_top_grade(process.top_grade_share, &ranked, fw);
    let inputs = &round.process_inputs;
    for (&c, (g, note)) in members.iter().zip(capped) {
        let history: Vec<_> = inputs.history.iter().filter(|h| h.cluster == c).collect();
        let flags: Vec<_> = inputs.flags.iter().filter(|f| f.cluster == c).collect();
        let (o, why) = dynamic::outcome(process, fw, g, round.spec.current_year, &history, &flags);
        let d = &mut decisions[c];
        d.status = Status::Evaluated;
        d.grade = g;
        d.grade_note = note;
        d.outcome = o;
        d.outcome_reason = why;
    }
}

/// Kendall's W of every panel: per stage and track, over the reviewers who
/// have a usable score for every cluster of the panel.
fn agreement_by_panel(round: &Round, panels: &[PanelScore]) -> Vec<PanelAgreement> {
    let reg = &round.registry;
    let mut keys: Vec<(usize, String)> = panels
        .iter()
        .map(|p| (p.stage, reg.clusters[p.cluster].track.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|(stage, track)| {
            let group: Vec<&PanelScore> = panels
                .iter()
                .filter(|p| p.stage == stage && reg.clusters[p.cluster].track == track)
                .collect();
            let mut all: Vec<usize> = group
                .iter()
                .flat_map(|p| {
                    p.used
                        .iter()
                        .map(|s| s.reviewer)
                        .chain(p.excluded.iter().map(|(s, _)| s.reviewer))
                })
                .collect();
            all.sort_unstable();
            all.dedup();
            let (complete, incomplete): (Vec<usize>, Vec<usize>) = all.into_iter().partition(|r| {
                group
                    .iter()
                    .all(|p| p.used.iter().any(|s| s.reviewer == *r))
            });
            let scores: Vec<Vec<f64>> = complete
                .iter()
                .map(|r| {
                    group
                        .iter()
                        .map(|p| {
                            p.used
                                .iter()
                                .find(|s| s.reviewer == *r)
                                .map(|s| s.total)
                                .unwrap_or(f64::NAN)
                        })
                        .collect()
                })
                .collect();
            PanelAgreement {
                stage,
                track,
                clusters: group.len(),
                reviewers: complete,
                incomplete,
                concordance: agreement::kendall_w(&scores),
            }
        })
        .collect()
}
