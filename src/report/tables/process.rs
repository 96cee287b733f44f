//! Tables of the competition or mid-term process: decisions, panel scores,
//! review flags, reviewer diagnostics and panel agreement. Scores are
//! written at the process's precision where the process rounds them, and in
//! full otherwise.

use super::{fixed, EXACT, INT, TEXT};
use crate::audit::decisions::StageView;
use crate::audit::ProcessView;
use crate::report::msg::notes::{grade_note, tie_notes};
use crate::report::msg::reason::reasons;
use crate::report::msg::{Col, Lang, Measure};
use crate::report::table::{Cell, Column, Table};

/// decisions.csv: every cluster of the registry with its status, the reason,
/// each stage's panel and stage score, the final score, rank and tie notes;
/// for mid-term rounds the grade, the history and the outcome. A process
/// without declared stages has the one implicit stage `indicators`, whose
/// score is the indicator score itself: it is not repeated (as an
/// `indicators_score` column beside `indicator_score`).
pub fn decisions(p: &ProcessView) -> Table {
    let score = fixed(p.decimals);
    let mut t = Table::data(&[
        (Col::Rank, INT),
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
        (Col::NameEn, TEXT),
        (Col::City, TEXT),
        (Col::Track, TEXT),
        (Col::Status, TEXT),
        (Col::StatusZh, TEXT),
        (Col::StageReached, TEXT),
        (Col::IndicatorScore, EXACT),
    ]);
    for st in &p.stages {
        if st.has_panel {
            let id = format!("{}_panel", st.id);
            let zh = format!("{}{}", st.name_zh, Col::PanelScore.zh());
            t.columns
                .push(Column::named(id, zh, score).measured(Measure::Score));
        }
        if !implicit(st) {
            let id = format!("{}_score", st.id);
            let zh = format!("{}{}", st.name_zh, Col::Score.zh());
            t.columns
                .push(Column::named(id, zh, score).measured(Measure::Score));
        }
    }
    t.columns.push(Column::data(Col::FinalScore, score));
    for c in [Col::Tied, Col::TieNote] {
        t.columns.push(Column::data(c, TEXT));
    }
    t.columns.push(zh_of(Col::TieNote));
    t.columns.push(Column::data(Col::Reason, TEXT));
    t.columns.push(zh_of(Col::Reason));
    let midterm = p.kind == "midterm";
    if midterm {
        for c in [Col::Grade, Col::GradeZh, Col::GradeNote] {
            t.columns.push(Column::data(c, TEXT));
        }
        t.columns.push(zh_of(Col::GradeNote));
        for c in [
            Col::History,
            Col::Outcome,
            Col::OutcomeZh,
            Col::OutcomeReason,
        ] {
            t.columns.push(Column::data(c, TEXT));
        }
        t.columns.push(zh_of(Col::OutcomeReason));
    }
    for d in &p.decisions {
        let mut row = vec![
            Cell::int(d.rank),
            Cell::input(&d.cluster_id),
            Cell::input(&d.name_zh),
            Cell::input(&d.name_en),
            Cell::input(&d.city),
            Cell::input(&d.track),
            Cell::text(&d.status),
            Cell::text(&d.status_zh),
            Cell::text(d.stage_reached.clone().unwrap_or_default()),
            Cell::num(d.indicator_score),
        ];
        for (st, s) in p.stages.iter().zip(&d.stages) {
            if st.has_panel {
                row.push(Cell::num(s.panel));
            }
            if !implicit(st) {
                row.push(Cell::num(s.score));
            }
        }
        row.push(Cell::num(d.final_score));
        row.push(Cell::yes_no(d.tied));
        row.push(Cell::Input(tie_notes(&d.tie_note, Lang::En)));
        row.push(Cell::Input(tie_notes(&d.tie_note, Lang::Zh)));
        row.push(Cell::Input(reasons(&d.reasons, Lang::En)));
        row.push(Cell::Input(reasons(&d.reasons, Lang::Zh)));
        if midterm {
            row.push(Cell::text(super::grade_id(d.grade.as_ref())));
            row.push(Cell::text(super::grade_zh(d.grade.as_ref())));
            row.push(Cell::Input(grade_note(d.grade_note.as_ref(), Lang::En)));
            row.push(Cell::Input(grade_note(d.grade_note.as_ref(), Lang::Zh)));
            row.push(Cell::Input(d.history.join("; ")));
            row.push(Cell::text(d.outcome.clone().unwrap_or_default()));
            row.push(Cell::text(d.outcome_zh.clone().unwrap_or_default()));
            let why = d.outcome_reason.as_slice();
            row.push(Cell::Input(reasons(why, Lang::En)));
            row.push(Cell::Input(reasons(why, Lang::Zh)));
        }
        t.push(row);
    }
    t
}

/// The stage of a process without declared stages (a declared stage
/// cannot be called `indicators`): its score is the indicator score.
fn implicit(st: &StageView) -> bool {
    st.id == "indicators" && !st.has_panel
}

/// panel_scores.csv: per cluster and stage, the scores used, the scores
/// excluded (with the reason), the trimmed ones, and the panel score.
pub fn panel_scores(p: &ProcessView) -> Table {
    let mut t = Table::data(&[
        (Col::Stage, TEXT),
        (Col::Track, TEXT),
        (Col::ClusterId, TEXT),
        (Col::NUsed, INT),
        (Col::ScoresUsed, TEXT),
        (Col::Trimmed, TEXT),
        (Col::NExcluded, INT),
        (Col::ScoresExcluded, TEXT),
        (Col::Consensus, EXACT),
        (Col::Standardised, EXACT),
        (Col::PanelScore, fixed(p.decimals)),
    ]);
    for x in &p.panels {
        let used: Vec<String> = x.used.iter().map(|(r, s)| format!("{r}={s}")).collect();
        let excluded: Vec<String> = x
            .excluded
            .iter()
            .map(|(r, s, why)| format!("{r}={s} ({})", reasons(why, Lang::En)))
            .collect();
        t.push(vec![
            Cell::text(&x.stage),
            Cell::input(&x.track),
            Cell::input(&x.cluster_id),
            Cell::count(x.used.len()),
            Cell::Input(used.join("; ")),
            Cell::Input(x.trimmed.join("; ")),
            Cell::count(x.excluded.len()),
            Cell::Input(excluded.join("; ")),
            Cell::Num(x.consensus),
            Cell::num(x.standardised),
            Cell::Num(x.score),
        ]);
    }
    t
}

/// review_flags.csv: scores excluded for a conflict of interest and scores
/// far from their panel.
pub fn review_flags(p: &ProcessView) -> Table {
    let mut t = Table::data(&[
        (Col::Flag, TEXT),
        (Col::Stage, TEXT),
        (Col::Reviewer, TEXT),
        (Col::ClusterId, TEXT),
        (Col::Score, EXACT),
        (Col::Detail, TEXT),
    ]);
    t.columns.push(zh_of(Col::Detail));
    for f in &p.review_flags {
        t.push(vec![
            Cell::text(&f.flag),
            Cell::text(&f.stage),
            Cell::input(&f.reviewer),
            Cell::input(&f.cluster_id),
            Cell::Num(f.score),
            Cell::Input(flag_detail(f, Lang::En)),
            Cell::Input(flag_detail(f, Lang::Zh)),
        ]);
    }
    t
}

/// The column `<id>_zh` beside a column whose text is in English: the same
/// text in Chinese.
pub(super) fn zh_of(col: Col) -> Column {
    let zh = match col.zh() {
        "" => "中文".to_string(),
        z => format!("{z}（中文）"),
    };
    Column::named(format!("{}_zh", col.id()), zh, TEXT)
}

/// A review flag's detail in one language: the conflicts of an excluded
/// score, or an outlier's panel mean and z-score.
pub fn flag_detail(f: &crate::audit::decisions::ReviewFlag, lang: Lang) -> String {
    match f.outlier {
        Some((mean, z)) => crate::report::msg::Msg::OutlierDetail
            .fill(lang, &[&format!("{mean:.4}"), &format!("{z:.4}")]),
        None => reasons(&f.reasons, lang),
    }
}

/// reviewer_diagnostics.csv: per reviewer and stage, scores used and
/// excluded, mean score, severity and outliers.
pub fn reviewers(p: &ProcessView) -> Table {
    let mut t = Table::data(&[
        (Col::Stage, TEXT),
        (Col::Reviewer, TEXT),
        (Col::Name, TEXT),
        (Col::Employer, TEXT),
        (Col::City, TEXT),
        (Col::Tracks, TEXT),
        (Col::Scored, INT),
        (Col::Excluded, INT),
        (Col::MeanScore, fixed(4)),
        (Col::Severity, fixed(4)),
        (Col::Outliers, INT),
    ]);
    for r in &p.reviewers {
        t.push(vec![
            Cell::text(&r.stage),
            Cell::input(&r.reviewer),
            Cell::input(&r.name),
            Cell::input(&r.employer),
            Cell::input(&r.city),
            Cell::input(&r.tracks),
            Cell::count(r.scored),
            Cell::count(r.excluded),
            Cell::num(r.mean_score),
            Cell::num(r.severity),
            Cell::count(r.outliers),
        ]);
    }
    t
}

/// panel_agreement.csv: Kendall's W per stage and track.
pub fn agreement(p: &ProcessView) -> Table {
    let mut t = Table::data(&[
        (Col::Stage, TEXT),
        (Col::Track, TEXT),
        (Col::Clusters, INT),
        (Col::Reviewers, INT),
        (Col::ReviewerIds, TEXT),
        (Col::LeftOut, TEXT),
        (Col::KendallW, EXACT),
        (Col::Chi2, EXACT),
        (Col::Df, INT),
        (Col::PValue, EXACT),
    ]);
    for a in &p.agreement {
        t.push(vec![
            Cell::text(&a.stage),
            Cell::input(&a.track),
            Cell::count(a.clusters),
            Cell::count(a.reviewers.len()),
            Cell::Input(a.reviewers.join("; ")),
            Cell::Input(a.left_out.join("; ")),
            Cell::num(a.kendall_w),
            Cell::num(a.chi2),
            Cell::int(a.df),
            Cell::num(a.p_value),
        ]);
    }
    t
}
