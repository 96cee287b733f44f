//! The Markdown decisions section (stages, quota, boundaries and a row per
//! cluster) and, when panels scored, the reviewer section (conflicts,
//! scores far from the panel, panel agreement, reviewer severity).

use super::table::{self, esc};
use super::{grade_both, Lang};
use crate::audit::ProcessView;
use crate::report::msg::{Msg, Story};
use crate::report::number::NumKind;
use crate::report::table::{Cell, Column, Digits, Kind, Table};
use crate::report::views::decision_notes;
use std::fmt::Write;

/// The decisions section (a mid-term's grades and outcomes), the result in
/// a few lines first, then the reviewer section when there are panels.
/// Scores are shown at `decimals`, the framework's display decimals.
pub(super) fn decisions(w: &mut String, p: &ProcessView, decimals: u32) {
    let heading = if p.kind == "midterm" {
        Story::GradesOutcomes.both()
    } else {
        Msg::Decisions.both()
    };
    let _ = writeln!(w, "\n## {heading}\n");
    result(w, p);
    for st in &p.stages {
        let _ = writeln!(
            w,
            "- {} {} (`{}`): {}{}{}",
            esc(&st.name_zh),
            esc(&st.name_en),
            esc(&st.id),
            esc(&st.formula),
            if st.advance.is_empty() {
                String::new()
            } else {
                format!("; {}: {}", Msg::Advance.both(), esc(&st.advance))
            },
            if st.standardise {
                format!("; {}", Msg::StandardisedAcross.both())
            } else {
                String::new()
            }
        );
    }
    if let Some(q) = p.quota {
        let _ = writeln!(w, "- {}: {q}", Msg::Quota.both());
    }
    if !p.boundary.is_empty() {
        let _ = writeln!(w, "\n**{}**\n", Msg::Boundaries.both());
        for b in &p.boundary {
            let _ = writeln!(w, "- {}", esc(b));
        }
    }
    w.push('\n');
    table::table(w, &decision_table(p, decimals));
    if !p.panels.is_empty() {
        reviewers(w, p);
    }
}

/// The result in a few lines: in a competition each status with its
/// clusters (selected first); in a mid-term each grade, then each outcome.
fn result(w: &mut String, p: &ProcessView) {
    let _ = writeln!(w, "**{}**\n", Story::Result.both());
    for group in crate::report::views::result_groups(p) {
        let names: Vec<String> = group
            .clusters
            .iter()
            .map(|d| format!("{} {}", d.cluster_id, d.name_zh))
            .collect();
        let _ = writeln!(
            w,
            "- {} {} ({}): {}",
            esc(&group.zh),
            esc(&group.en),
            group.clusters.len(),
            esc(&names.join(", "))
        );
    }
    w.push('\n');
}

fn decision_table(p: &ProcessView, decimals: u32) -> Table {
    let score = Kind::Shown(NumKind::Score { decimals });
    let midterm = p.kind == "midterm";
    let rank = if midterm {
        Column::label(Msg::Rank, Kind::Integer)
    } else {
        let (zh, en) = Story::DecisionRank.pair_texts();
        Column::text(zh.into(), en.into(), Kind::Integer)
    };
    let mut t = Table::new(vec![
        rank,
        Column::label(Msg::Cluster, Kind::Text),
        Column::label(Msg::Status, Kind::Text),
    ]);
    for st in &p.stages {
        let label = format!("{} {}", st.name_zh, st.name_en);
        t.columns.push(Column::text(label, String::new(), score));
    }
    t.columns.push(Column::label(Msg::FinalShort, score));
    if midterm {
        t.columns.push(Column::label(Msg::Grade, Kind::Text));
        t.columns.push(Column::label(Msg::OutcomeShort, Kind::Text));
    }
    t.columns.push(Column::label(Msg::Notes, Kind::Text));
    for x in &p.decisions {
        let mut row = vec![
            Cell::int(x.rank),
            Cell::Input(format!("{} {}", x.cluster_id, x.name_zh)),
            Cell::Text(format!("{} {}", x.status_zh, x.status)),
        ];
        row.extend(x.stages.iter().map(|s| Cell::num(s.score)));
        row.push(Cell::num(x.final_score));
        if midterm {
            row.push(
                x.grade
                    .as_ref()
                    .map_or(Cell::Blank, |g| Cell::Text(grade_both(g))),
            );
            row.push(Cell::Text(format!(
                "{} {}",
                x.outcome_zh.as_deref().unwrap_or(""),
                x.outcome.as_deref().unwrap_or("")
            )));
        }
        row.push(Cell::Input(decision_notes(x)));
        t.push(row);
    }
    t
}

fn reviewers(w: &mut String, p: &ProcessView) {
    let _ = writeln!(w, "\n## {}\n", Msg::Reviewers.both());
    for (flag, title) in [
        ("conflict_excluded", Msg::ConflictsShort),
        ("outlier", Msg::Outliers),
    ] {
        let _ = writeln!(w, "\n**{}**\n", title.both());
        let items: Vec<_> = p.review_flags.iter().filter(|f| f.flag == flag).collect();
        if items.is_empty() {
            let _ = writeln!(w, "{}.", Msg::Nothing.both());
        }
        for f in items {
            let _ = writeln!(
                w,
                "- {}: {} → {} ({}): {}",
                esc(&f.stage),
                esc(&f.reviewer),
                esc(&f.cluster_id),
                NumKind::Exact.text(f.score),
                esc(&f.detail)
            );
        }
    }
    agreement(w, p);
    severity(w, p);
}

/// Kendall's W per stage and track.
fn agreement(w: &mut String, p: &ProcessView) {
    let _ = writeln!(w, "\n**{}**\n", Msg::PanelAgreement.both());
    let mut t = Table::new(vec![
        Column::label(Msg::Stage, Kind::Text),
        Column::label(Msg::Track, Kind::Text),
        Column::label(Msg::ClustersCount, Kind::Integer),
        Column::label(Msg::ReviewersCount, Kind::Integer),
        Column::symbol("W", Kind::Shown(NumKind::Index { digits: 3 })),
        Column::symbol("χ²", Kind::Shown(NumKind::Index { digits: 3 })),
        Column::symbol("df", Kind::Integer),
        Column::symbol("p", Kind::Shown(NumKind::PValue)),
    ]);
    for a in &p.agreement {
        let without = if a.left_out.is_empty() {
            String::new()
        } else {
            format!(
                " ({} {})",
                Msg::Without.text(Lang::En),
                a.left_out.join(", ")
            )
        };
        t.push(vec![
            Cell::text(&a.stage),
            Cell::input(&a.track),
            Cell::count(a.clusters),
            Cell::Input(format!("{}{without}", a.reviewers.len())),
            Cell::num(a.kendall_w),
            Cell::num(a.chi2),
            Cell::int(a.df),
            Cell::num(a.p_value),
        ]);
    }
    table::table(w, &t);
}

/// Each reviewer's scores, mean, severity and outliers.
fn severity(w: &mut String, p: &ProcessView) {
    let _ = writeln!(
        w,
        "\n**{}** ({})\n",
        Msg::Severity.both(),
        Msg::SeverityNote.text(Lang::En)
    );
    let two = Kind::Number(Digits::Fixed(2));
    let mut t = Table::new(vec![
        Column::label(Msg::Stage, Kind::Text),
        Column::label(Msg::Reviewer, Kind::Text),
        Column::label(Msg::Tracks, Kind::Text),
        Column::label(Msg::ScoredCount, Kind::Integer),
        Column::label(Msg::ExcludedCount, Kind::Integer),
        Column::label(Msg::MeanScore, two),
        Column::label(Msg::SeverityShort, two),
        Column::label(Msg::OutlierCount, Kind::Integer),
    ]);
    for x in &p.reviewers {
        t.push(vec![
            Cell::text(&x.stage),
            Cell::Input(format!("{} {}", x.reviewer, x.name)),
            Cell::input(&x.tracks),
            Cell::count(x.scored),
            Cell::count(x.excluded),
            Cell::num(x.mean_score),
            Cell::num(x.severity),
            Cell::count(x.outliers),
        ]);
    }
    table::table(w, &t);
}
