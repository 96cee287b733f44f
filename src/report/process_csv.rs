//! CSV views of the process: decisions, panel scores, review flags,
//! reviewer diagnostics and panel agreement.
//!
//! Same conventions as the other CSV files (UTF-8, English column names,
//! outside text neutralised). Scores are written at the process's
//! precision where the process rounds them, and in full otherwise.

use super::csv_out::{finish, neutralise, row};
use super::{exact, fixed};
use crate::audit::ProcessView;
use crate::diag::Result;

fn opt_fixed(x: Option<f64>, d: u32) -> String {
    x.map(|v| fixed(v, d)).unwrap_or_default()
}

/// decisions.csv: every cluster of the registry with its status, the reason,
/// each stage's panel and stage score, the final score, rank and tie notes;
/// for mid-term rounds the grade, the history and the outcome.
pub fn decisions_csv(p: &ProcessView, decimals: u32) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "rank",
        "cluster_id",
        "name_zh",
        "name_en",
        "city",
        "track",
        "status",
        "status_zh",
        "stage_reached",
        "indicator_score",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for st in &p.stages {
        if st.has_panel {
            header.push(format!("{}_panel", st.id));
        }
        header.push(format!("{}_score", st.id));
    }
    header.extend(
        ["final_score", "tied", "tie_note", "reason"]
            .iter()
            .map(|s| s.to_string()),
    );
    let midterm = p.kind == "midterm";
    if midterm {
        header.extend(
            [
                "grade",
                "grade_zh",
                "grade_note",
                "history",
                "outcome",
                "outcome_zh",
                "outcome_reason",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
    }
    row(&mut w, &header)?;
    for d in &p.decisions {
        let mut cells = vec![
            d.rank.map(|r| r.to_string()).unwrap_or_default(),
            neutralise(&d.cluster_id),
            neutralise(&d.name_zh),
            neutralise(&d.name_en),
            neutralise(&d.city),
            neutralise(&d.track),
            d.status.clone(),
            d.status_zh.clone(),
            d.stage_reached.clone().unwrap_or_default(),
            exact(d.indicator_score),
        ];
        for (st, s) in p.stages.iter().zip(&d.stages) {
            if st.has_panel {
                cells.push(opt_fixed(s.panel, decimals));
            }
            cells.push(opt_fixed(s.score, decimals));
        }
        cells.push(opt_fixed(d.final_score, decimals));
        cells.push(if d.tied { "yes" } else { "no" }.into());
        cells.push(neutralise(&d.tie_note));
        cells.push(neutralise(&d.reasons.join("; ")));
        if midterm {
            cells.push(d.grade.as_ref().map(|g| g.id.clone()).unwrap_or_default());
            cells.push(
                d.grade
                    .as_ref()
                    .map(|g| g.name_zh.clone())
                    .unwrap_or_default(),
            );
            cells.push(neutralise(&d.grade_note));
            cells.push(neutralise(&d.history.join("; ")));
            cells.push(d.outcome.clone().unwrap_or_default());
            cells.push(d.outcome_zh.clone().unwrap_or_default());
            cells.push(neutralise(&d.outcome_reason));
        }
        row(&mut w, &cells)?;
    }
    finish(w)
}

/// panel_scores.csv: per cluster and stage, the scores used, the scores
/// excluded (with the reason), the trimmed ones, and the panel score.
pub fn panel_scores_csv(p: &ProcessView, decimals: u32) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "stage",
            "track",
            "cluster_id",
            "n_used",
            "scores_used",
            "trimmed",
            "n_excluded",
            "scores_excluded",
            "consensus",
            "standardised",
            "panel_score",
        ]
        .map(String::from),
    )?;
    for x in &p.panels {
        let used: Vec<String> = x.used.iter().map(|(r, s)| format!("{r}={s}")).collect();
        let excluded: Vec<String> = x
            .excluded
            .iter()
            .map(|(r, s, why)| format!("{r}={s} ({why})"))
            .collect();
        row(
            &mut w,
            &[
                x.stage.clone(),
                neutralise(&x.track),
                neutralise(&x.cluster_id),
                x.used.len().to_string(),
                neutralise(&used.join("; ")),
                neutralise(&x.trimmed.join("; ")),
                x.excluded.len().to_string(),
                neutralise(&excluded.join("; ")),
                exact(Some(x.consensus)),
                exact(x.standardised),
                fixed(x.score, decimals),
            ],
        )?;
    }
    finish(w)
}

/// review_flags.csv: scores excluded for a conflict of interest and scores
/// far from their panel.
pub fn review_flags_csv(p: &ProcessView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &["flag", "stage", "reviewer", "cluster_id", "score", "detail"].map(String::from),
    )?;
    for f in &p.review_flags {
        row(
            &mut w,
            &[
                f.flag.clone(),
                f.stage.clone(),
                neutralise(&f.reviewer),
                neutralise(&f.cluster_id),
                exact(Some(f.score)),
                neutralise(&f.detail),
            ],
        )?;
    }
    finish(w)
}

/// reviewer_diagnostics.csv: per reviewer and stage, scores used and
/// excluded, mean score, severity and outliers.
pub fn reviewers_csv(p: &ProcessView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "stage",
            "reviewer",
            "name",
            "employer",
            "city",
            "tracks",
            "scored",
            "excluded",
            "mean_score",
            "severity",
            "outliers",
        ]
        .map(String::from),
    )?;
    for r in &p.reviewers {
        row(
            &mut w,
            &[
                r.stage.clone(),
                neutralise(&r.reviewer),
                neutralise(&r.name),
                neutralise(&r.employer),
                neutralise(&r.city),
                neutralise(&r.tracks),
                r.scored.to_string(),
                r.excluded.to_string(),
                opt_fixed(r.mean_score, 4),
                opt_fixed(r.severity, 4),
                r.outliers.to_string(),
            ],
        )?;
    }
    finish(w)
}

/// panel_agreement.csv: Kendall's W per stage and track.
pub fn agreement_csv(p: &ProcessView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "stage",
            "track",
            "clusters",
            "reviewers",
            "reviewer_ids",
            "left_out",
            "kendall_w",
            "chi2",
            "df",
            "p_value",
        ]
        .map(String::from),
    )?;
    for a in &p.agreement {
        row(
            &mut w,
            &[
                a.stage.clone(),
                neutralise(&a.track),
                a.clusters.to_string(),
                a.reviewers.len().to_string(),
                neutralise(&a.reviewers.join("; ")),
                neutralise(&a.left_out.join("; ")),
                exact(a.kendall_w),
                exact(a.chi2),
                a.df.map(|d| d.to_string()).unwrap_or_default(),
                exact(a.p_value),
            ],
        )?;
    }
    finish(w)
}
