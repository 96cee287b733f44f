//! One stage of the process, step by step: its panel (scores of the
//! clusters that reached it; a panel that has not sat yet ends the process
//! with a shortlist), its score formula (rounded to the process's
//! decimals), its ranking with the usable part of the tie-break chain, and
//! its advancement rule (top K, a multiple of the quota, a minimum score; a
//! tie straddling the cut lets every tied cluster through).

use super::panel::{self, PanelScore, SheetTotal};
use super::{chain_label, ChainKey, Component, Decision, Process, ProcessPlan, Reason, Status};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::round_to;
use crate::ingest::Round;
use crate::rank;
use crate::score::Scored;
use std::collections::BTreeMap;

/// What the steps of a run read.
pub(super) struct Context<'a> {
    pub round: &'a Round,
    pub plan: &'a ProcessPlan,
    pub scored: &'a Scored,
    /// The scored row of each registry cluster (None: not scored).
    pub row_of: Vec<Option<usize>>,
    /// Each reviewer's total per (cluster, stage).
    pub totals: BTreeMap<(usize, usize), Vec<SheetTotal>>,
    /// Where panel problems are located: the reviews file.
    pub reviews_file: String,
}

impl<'a> Context<'a> {
    pub fn new(round: &'a Round, plan: &'a ProcessPlan, scored: &'a Scored) -> Self {
        let mut row_of = vec![None; round.registry.len()];
        for (row, &c) in scored.clusters.iter().enumerate() {
            row_of[c] = Some(row);
        }
        Context {
            round,
            plan,
            scored,
            row_of,
            totals: panel::sheet_totals(&plan.inputs),
            reviews_file: plan
                .inputs
                .reviews
                .first()
                .map(|r| r.at.file.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether stage `k`'s panel has sat: some score for it exists.
    pub fn panel_sat(&self, k: usize) -> bool {
        self.plan.inputs.reviews.iter().any(|r| r.stage == k)
    }
}

/// The process stops before stage `k`, whose panel has not sat: the
/// clusters that reached it are shortlisted.
pub(super) fn shortlist(
    process: &Process,
    k: usize,
    members: &[usize],
    decisions: &mut [Decision],
    boundary: &mut Vec<super::Boundary>,
) {
    let st = &process.stages[k];
    for &c in members {
        decisions[c].status = Status::Shortlisted;
        decisions[c]
            .reasons
            .push(Reason::AdvancedUnscored { stage: st.named() });
    }
    boundary.push(super::Boundary::Shortlist {
        stage: st.named(),
        count: members.len(),
    });
}

/// Stage `k`'s panel scores of `members`; scores of clusters that did not
/// reach the stage are ignored, with a warning.
pub(super) fn panel(
    cx: &Context,
    k: usize,
    members: &[usize],
    decisions: &mut [Decision],
    diags: &mut Diagnostics,
) -> Vec<PanelScore> {
    let (process, inputs) = (&cx.plan.process, &cx.plan.inputs);
    let reg = &cx.round.registry;
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
                &cx.reviews_file,
                format!(
                    "scores for cluster {} at {} are ignored: it did not reach this stage",
                    reg.clusters[c].id, process.stages[k].id
                ),
            )
            .zh(format!(
                "集群 {} 在{}的评分不予采用：该集群未进入这一阶段",
                reg.clusters[c].id,
                process.stages[k].zh()
            ))
            .column(reg.clusters[c].id.clone()),
        );
    }
    let ps = panel::panel_scores(process, reg, inputs, &cx.totals, k, members, diags);
    for p in &ps {
        decisions[p.cluster].panel_scores[k] = Some(p.score);
    }
    ps
}

/// Stage `k`'s score of each member: its formula, rounded (None when a term
/// is missing).
pub(super) fn score(process: &Process, k: usize, members: &[usize], decisions: &mut [Decision]) {
    let st = &process.stages[k];
    for &c in members {
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
        decisions[c].stage_scores[k] = terms.map(|t| round_to(t.iter().sum(), process.decimals));
    }
}

/// Rank stage `k`'s members by the stage score, then the keys of the chain
/// that are known by now.
pub(super) fn rank(cx: &Context, k: usize, members: &[usize], decisions: &mut [Decision]) {
    let process = &cx.plan.process;
    let fw = &cx.round.framework;
    let usable: Vec<&ChainKey> = process
        .chain
        .iter()
        .filter(|key| match key {
            ChainKey::Stage(j) | ChainKey::Panel(j) => *j <= k,
            ChainKey::Framework(_) => true,
        })
        .collect();
    let labels: Vec<rank::KeyName> = usable
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
                    ChainKey::Framework(t) => match cx.row_of[c] {
                        Some(r) => rank::key_value(fw, cx.scored, r, t),
                        None => f64::NEG_INFINITY,
                    },
                });
            }
            key
        })
        .collect();
    let ids: Vec<String> = members
        .iter()
        .map(|&c| cx.round.registry.clusters[c].id.clone())
        .collect();
    let places = rank::rank_keys(&keys, &labels, &signs, &ids, process.decimals);
    for (&c, p) in members.iter().zip(&places) {
        let d = &mut decisions[c];
        d.stage_reached = Some(k);
        d.rank = Some(p.rank);
        d.tied = p.tied;
        d.tie_note = p.notes.clone();
    }
}

/// Apply stage `k`'s advancement rule; returns the members of the next stage.
pub(super) fn advance(
    process: &Process,
    k: usize,
    members: &[usize],
    decisions: &mut [Decision],
    boundary: &mut Vec<super::Boundary>,
) -> Vec<usize> {
    let st = &process.stages[k];
    let Some(rule) = &st.advance else {
        return members.to_vec();
    };
    let limit = rule.limit();
    let mut next = Vec::new();
    for &c in members {
        let d = &mut decisions[c];
        let rank = d.rank.unwrap_or(usize::MAX);
        let score = d.stage_scores[k].unwrap_or(f64::NEG_INFINITY);
        let by_rank = limit.is_none_or(|l| rank <= l);
        let by_score = rule.min_score.is_none_or(|m| score >= m);
        if by_rank && by_score {
            next.push(c);
            continue;
        }
        d.status = Status::NotAdvanced;
        if !by_rank {
            d.reasons.push(Reason::BelowCut {
                stage: st.named(),
                rank,
                of: members.len(),
                best: limit.unwrap_or(0),
            });
        }
        if !by_score {
            d.reasons.push(Reason::BelowAdvanceMinimum {
                stage: st.named(),
                score,
                minimum: rule.min_score.unwrap_or(0.0),
            });
        }
    }
    if let Some(l) = limit {
        let passed_by_rank = members
            .iter()
            .filter(|&&c| decisions[c].rank.is_some_and(|r| r <= l))
            .count();
        if passed_by_rank > l {
            boundary.push(super::Boundary::CutTie {
                stage: st.named(),
                cut: l,
                advance: passed_by_rank,
            });
        }
    }
    boundary.push(super::Boundary::Advance {
        stage: st.named(),
        advance: next.len(),
        of: members.len(),
        best: limit,
        minimum: rule.min_score,
    });
    next
}
