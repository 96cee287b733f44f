//! The process part of the audit trail: decisions, panel scores, review
//! flags (conflicts of interest, outlying scores), reviewer severity and
//! panel agreement, with ids and names in place of indices, as every report
//! shows them.

use super::{grade_info, GradeInfo};
use crate::framework::Framework;
use crate::ingest::Round;
use crate::process::dynamic::GradeNote;
use crate::process::{Boundary, Component, Counts, Kind, Named, ProcessResult, Reason, Stage};
use crate::rank::TieNote;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The score formula's terms with their weights, e.g. indicators x
    /// 0.7 + panel x 0.3 (worded by `report::msg::notes::formula`).
    pub formula: Vec<FormulaTerm>,
    /// The advancement rule, e.g. the best 18 (None: everyone goes on /
    /// the quota decides).
    pub advance: Option<AdvanceRule>,
    pub has_panel: bool,
    pub standardise: bool,
}

/// A term of a stage's score formula, with its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "term", rename_all = "snake_case")]
pub enum FormulaTerm {
    /// The framework's indicator score.
    Indicators { weight: f64 },
    /// The stage's panel score.
    Panel { weight: f64 },
    /// An earlier stage's score.
    Stage { stage: Named, weight: f64 },
}

/// A stage's advancement rule: the best `top`, the best `quota_multiple`
/// x the quota (= `quota_cut`), a minimum score (each when set).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdvanceRule {
    pub top: Option<usize>,
    pub quota_multiple: Option<f64>,
    pub quota_cut: Option<usize>,
    pub min_score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageScore {
    pub stage: String,
    pub panel: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub city: String,
    pub track: String,
    pub status: String,
    pub status_zh: String,
    pub reasons: Vec<Reason>,
    pub indicator_score: Option<f64>,
    pub stages: Vec<StageScore>,
    pub stage_reached: Option<String>,
    pub rank: Option<usize>,
    pub tied: bool,
    pub tie_note: Vec<TieNote>,
    pub final_score: Option<f64>,
    pub grade: Option<GradeInfo>,
    pub grade_note: Option<GradeNote>,
    /// "2023 不合格 fail (warning)", oldest first.
    pub history: Vec<String>,
    /// The latest earlier round's year and grade (the last of `history`),
    /// for the movers of the summary; not in scores.json (`history` is).
    #[serde(skip)]
    pub last_grade: Option<(i32, GradeInfo)>,
    pub outcome: Option<String>,
    pub outcome_zh: Option<String>,
    pub outcome_reason: Option<Reason>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PanelRow {
    pub cluster_id: String,
    pub track: String,
    pub stage: String,
    /// reviewer -> total, as used.
    pub used: Vec<(String, f64)>,
    /// reviewer -> total, excluded, with the reason.
    pub excluded: Vec<(String, f64, Vec<Reason>)>,
    /// Reviewers dropped by trimming.
    pub trimmed: Vec<String>,
    pub consensus: f64,
    pub standardised: Option<f64>,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewFlag {
    pub reviewer: String,
    pub cluster_id: String,
    pub stage: String,
    pub score: f64,
    /// `conflict_excluded` or `outlier`.
    pub flag: String,
    /// Why a score is excluded (a conflict of interest).
    pub reasons: Vec<Reason>,
    /// An outlier's panel mean and z-score.
    pub outlier: Option<(f64, f64)>,
    /// The flag's detail in English (the CSV's `detail`).
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewerRow {
    pub reviewer: String,
    pub name: String,
    pub employer: String,
    pub city: String,
    pub tracks: String,
    pub stage: String,
    pub scored: usize,
    pub excluded: usize,
    pub mean_score: Option<f64>,
    /// Mean deviation from the panel consensus (negative: severe).
    pub severity: Option<f64>,
    pub outliers: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementRow {
    pub stage: String,
    pub track: String,
    pub clusters: usize,
    pub reviewers: Vec<String>,
    pub left_out: Vec<String>,
    pub kendall_w: Option<f64>,
    pub chi2: Option<f64>,
    pub df: Option<usize>,
    pub p_value: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcessView {
    pub kind: String,
    /// Stage and panel scores are rounded to this many decimals.
    pub decimals: u32,
    pub quota: Option<usize>,
    pub stages: Vec<StageView>,
    /// Final-stage clusters by rank, then those out earlier (later stages
    /// first, by rank), then gate failures and screened-out clusters by id.
    pub decisions: Vec<DecisionRow>,
    pub panels: Vec<PanelRow>,
    pub review_flags: Vec<ReviewFlag>,
    pub reviewers: Vec<ReviewerRow>,
    pub agreement: Vec<AgreementRow>,
    pub boundary: Vec<Boundary>,
    /// The number of clusters of each status and the quota's places,
    /// counted once by the process (what every output's counts say).
    pub counts: Counts,
}

fn outcome_zh(o: &str) -> &'static str {
    match o {
        "continue" => "继续培育",
        "rectify" => "整改",
        "warning" => "警告并限期整改",
        "exit" => "退出",
        _ => "",
    }
}

fn formula_terms(st: &Stage, stages: &[Stage]) -> Vec<FormulaTerm> {
    st.formula
        .iter()
        .map(|&(ref c, weight)| match c {
            Component::Indicators => FormulaTerm::Indicators { weight },
            Component::Panel => FormulaTerm::Panel { weight },
            Component::Stage(j) => FormulaTerm::Stage {
                stage: stages[*j].named(),
                weight,
            },
        })
        .collect()
}

fn advance_rule(st: &Stage) -> Option<AdvanceRule> {
    let a = st.advance.as_ref()?;
    Some(AdvanceRule {
        top: a.top,
        quota_multiple: a.quota_multiple,
        quota_cut: a.quota_multiple.and(a.quota_cut),
        min_score: a.min_score,
    })
    .filter(|r| r.top.is_some() || r.quota_multiple.is_some() || r.min_score.is_some())
}

/// The view of a process result.
pub fn view(round: &Round, fw: &Framework, p: &ProcessResult) -> ProcessView {
    let reg = &round.registry;
    let rid = |r: usize| p.reviewers[r].id.clone();
    let cid = |c: usize| reg.clusters[c].id.clone();
    let stages = &p.process.stages;
    let sid = |s: usize| stages[s].id.clone();
    let stage_views = stages
        .iter()
        .map(|st| StageView {
            id: st.id.clone(),
            name_zh: st.name_zh.clone(),
            name_en: st.name_en.clone(),
            formula: formula_terms(st, stages),
            advance: advance_rule(st),
            has_panel: st.has_panel(),
            standardise: st.standardise,
        })
        .collect();
    let mut order: Vec<usize> = (0..p.decisions.len()).collect();
    order.sort_by_key(|&i| {
        let d = &p.decisions[i];
        (
            std::cmp::Reverse(d.stage_reached.map(|s| s + 1).unwrap_or(0)),
            d.rank.unwrap_or(usize::MAX),
            reg.clusters[d.cluster].id.clone(),
        )
    });
    let decisions = order
        .into_iter()
        .map(|i| {
            let d = &p.decisions[i];
            let c = &reg.clusters[d.cluster];
            DecisionRow {
                cluster_id: c.id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                city: c.city.clone(),
                track: c.track.clone(),
                status: d.status.as_str().into(),
                status_zh: d.status.zh().into(),
                reasons: d.reasons.clone(),
                indicator_score: d.indicator_score,
                stages: (0..stages.len())
                    .map(|k| StageScore {
                        stage: sid(k),
                        panel: d.panel_scores[k],
                        score: d.stage_scores[k],
                    })
                    .collect(),
                stage_reached: d.stage_reached.map(sid),
                rank: d.rank,
                tied: d.tied,
                tie_note: d.tie_note.clone(),
                final_score: d.final_score,
                grade: d.grade.map(|g| grade_info(&fw.grades[g])),
                grade_note: d.grade_note.clone(),
                last_grade: d
                    .history
                    .last()
                    .map(|(y, g, _)| (*y, grade_info(&fw.grades[*g]))),
                history: d
                    .history
                    .iter()
                    .map(|(y, g, o)| {
                        let g = &fw.grades[*g];
                        let name = [g.name_zh.as_str(), g.name_en.as_str()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ");
                        match o {
                            Some(o) => format!("{y} {name} ({o})"),
                            None => format!("{y} {name}"),
                        }
                    })
                    .collect(),
                outcome: d.outcome.clone(),
                outcome_zh: d.outcome.as_deref().map(|o| outcome_zh(o).to_string()),
                outcome_reason: d.outcome_reason.clone(),
            }
        })
        .collect();
    let panels = p
        .panels
        .iter()
        .map(|x| PanelRow {
            cluster_id: cid(x.cluster),
            track: reg.clusters[x.cluster].track.clone(),
            stage: sid(x.stage),
            used: x.used.iter().map(|s| (rid(s.reviewer), s.total)).collect(),
            excluded: x
                .excluded
                .iter()
                .map(|(s, why)| (rid(s.reviewer), s.total, why.clone()))
                .collect(),
            trimmed: x.trimmed.iter().map(|&r| rid(r)).collect(),
            consensus: x.consensus,
            standardised: x.standardised,
            score: x.score,
        })
        .collect();
    let mut review_flags: Vec<ReviewFlag> = Vec::new();
    for x in &p.panels {
        for (s, why) in &x.excluded {
            review_flags.push(ReviewFlag {
                reviewer: rid(s.reviewer),
                cluster_id: cid(x.cluster),
                stage: sid(x.stage),
                score: s.total,
                flag: "conflict_excluded".into(),
                reasons: why.clone(),
                outlier: None,
                detail: String::new(),
            });
        }
    }
    for o in &p.outliers {
        review_flags.push(ReviewFlag {
            reviewer: rid(o.reviewer),
            cluster_id: cid(o.cluster),
            stage: sid(o.stage),
            score: o.score,
            flag: "outlier".into(),
            reasons: Vec::new(),
            outlier: Some((o.panel_mean, o.z)),
            detail: format!("panel mean {:.4}, z = {:.4}", o.panel_mean, o.z),
        });
    }
    let finite = |x: f64| x.is_finite().then_some(x);
    let reviewers = p
        .severities
        .iter()
        .map(|s| {
            let r = &p.reviewers[s.reviewer];
            ReviewerRow {
                reviewer: r.id.clone(),
                name: r.name.clone(),
                employer: r.employer.clone(),
                city: r.city.clone(),
                tracks: if r.tracks.is_empty() {
                    "*".into()
                } else {
                    r.tracks.join(";")
                },
                stage: sid(s.stage),
                scored: s.scored,
                excluded: s.excluded,
                mean_score: finite(s.mean_score),
                severity: finite(s.severity),
                outliers: s.outliers,
            }
        })
        .collect();
    let agreement = p
        .agreement
        .iter()
        .map(|a| AgreementRow {
            stage: sid(a.stage),
            track: a.track.clone(),
            clusters: a.clusters,
            reviewers: a.reviewers.iter().map(|&r| rid(r)).collect(),
            left_out: a.incomplete.iter().map(|&r| rid(r)).collect(),
            kendall_w: a.concordance.map(|c| c.w),
            chi2: a.concordance.map(|c| c.chi2),
            df: a.concordance.map(|c| c.df),
            p_value: a.concordance.map(|c| c.p_value),
        })
        .collect();
    ProcessView {
        kind: match p.process.kind {
            Kind::Competition => "competition".into(),
            Kind::Midterm => "midterm".into(),
        },
        decimals: p.process.decimals,
        quota: p.process.quota,
        stages: stage_views,
        decisions,
        panels,
        review_flags,
        reviewers,
        agreement,
        boundary: p.boundary.clone(),
        counts: p.counts.clone(),
    }
}
