//! The Markdown decisions section (stages, quota, boundaries and a row per
//! cluster) and, when panels scored, the reviewer section (conflicts,
//! scores far from the panel, panel agreement, reviewer severity).

use super::table::{self, esc};
use super::{grade_name, Lang};
use crate::audit::ProcessView;
use crate::report::msg::{notes, term, Msg, Story};
use crate::report::number::NumKind;
use crate::report::table::{Cell, Column, Digits, Kind, Table};
use crate::report::tables::process::flag_detail;
use crate::report::views::{decision_notes, stage_name};
use std::fmt::Write;

/// The decisions section (a mid-term's grades and outcomes), the result in
/// a few lines first, then the reviewer section when there are panels.
/// Scores are shown at `decimals`, the framework's display decimals.
pub(super) fn decisions(w: &mut String, p: &ProcessView, decimals: u32, l: Lang) {
    let heading = if p.kind == "midterm" {
        Story::GradesOutcomes.text(l)
    } else {
        Msg::Decisions.text(l)
    };
    let _ = writeln!(w, "\n## {heading}\n");
    result(w, p, l);
    for st in &p.stages {
        let _ = writeln!(
            w,
            "- {}: {}{}{}",
            esc(&term::stage(&st.id, &st.name_zh, &st.name_en, l)),
            esc(&notes::formula(&st.formula, l)),
            if st.advance.is_none() {
                String::new()
            } else {
                let rule = notes::advance(st.advance.as_ref(), l);
                format!("; {}: {}", Msg::Advance.text(l), esc(&rule))
            },
            if st.standardise {
                format!("; {}", Msg::StandardisedAcross.text(l))
            } else {
                String::new()
            }
        );
    }
    if let Some(q) = p.quota {
        let _ = writeln!(w, "- {}: {q}", Msg::Quota.text(l));
    }
    if !p.boundary.is_empty() {
        let _ = writeln!(w, "\n**{}**\n", Msg::Boundaries.text(l));
        for b in notes::boundaries(&p.boundary, &p.counts, l) {
            let _ = writeln!(w, "- {}", esc(&b));
        }
    }
    w.push('\n');
    table::table(w, &decision_table(p, decimals, l), l);
    if !p.panels.is_empty() {
        reviewers(w, p, l);
    }
}

/// The result in a few lines: in a competition each status with its
/// clusters (selected first); in a mid-term each grade, then each outcome.
fn result(w: &mut String, p: &ProcessView, l: Lang) {
    let _ = writeln!(w, "**{}**\n", Story::Result.text(l));
    for group in crate::report::views::result_groups(p) {
        let names: Vec<String> = group
            .clusters
            .iter()
            .map(|d| format!("{} {}", d.cluster_id, l.pick(&d.name_zh, &d.name_en)))
            .collect();
        let _ = writeln!(
            w,
            "- {} ({}): {}",
            esc(l.pick(&group.zh, &group.en)),
            group.clusters.len(),
            esc(&names.join(crate::report::msg::Msg::ListSeparator.text(l)))
        );
    }
    w.push('\n');
}

fn decision_table(p: &ProcessView, decimals: u32, l: Lang) -> Table {
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
        let label = term::stage(&st.id, &st.name_zh, &st.name_en, l);
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
            Cell::Input(format!(
                "{} {}",
                x.cluster_id,
                l.pick(&x.name_zh, &x.name_en)
            )),
            Cell::Text(term::status_id(&x.status, l)),
        ];
        row.extend(x.stages.iter().map(|s| Cell::num(s.score)));
        row.push(Cell::num(x.final_score));
        if midterm {
            row.push(
                x.grade
                    .as_ref()
                    .map_or(Cell::Blank, |g| Cell::Text(grade_name(g, l))),
            );
            row.push(Cell::Text(
                x.outcome
                    .as_deref()
                    .map(|o| term::outcome(o, l))
                    .unwrap_or_default(),
            ));
        }
        row.push(Cell::Input(decision_notes(x, l)));
        t.push(row);
    }
    t
}

fn reviewers(w: &mut String, p: &ProcessView, l: Lang) {
    let _ = writeln!(w, "\n## {}\n", Msg::Reviewers.text(l));
    for (flag, title) in [
        ("conflict_excluded", Msg::ConflictsShort),
        ("outlier", Msg::Outliers),
    ] {
        let _ = writeln!(w, "\n**{}**\n", title.text(l));
        let items: Vec<_> = p.review_flags.iter().filter(|f| f.flag == flag).collect();
        if items.is_empty() {
            let _ = writeln!(w, "{}", Msg::Nothing.text(l));
        }
        for f in items {
            let _ = writeln!(
                w,
                "- {}: {} → {} ({}): {}",
                esc(&stage_name(p, &f.stage, l)),
                esc(&f.reviewer),
                esc(&f.cluster_id),
                NumKind::Exact.text(f.score),
                esc(&flag_detail(f, l))
            );
        }
    }
    agreement(w, p, l);
    severity(w, p, l);
}

/// Kendall's W per stage and track.
fn agreement(w: &mut String, p: &ProcessView, l: Lang) {
    let _ = writeln!(w, "\n**{}**\n", Msg::PanelAgreement.text(l));
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
            format!(" ({} {})", Msg::Without.text(l), a.left_out.join(", "))
        };
        t.push(vec![
            Cell::text(stage_name(p, &a.stage, l)),
            Cell::input(&a.track),
            Cell::count(a.clusters),
            Cell::Input(format!("{}{without}", a.reviewers.len())),
            Cell::num(a.kendall_w),
            Cell::num(a.chi2),
            Cell::int(a.df),
            Cell::num(a.p_value),
        ]);
    }
    table::table(w, &t, l);
}

/// Each reviewer's scores, mean, severity and outliers.
fn severity(w: &mut String, p: &ProcessView, l: Lang) {
    let _ = writeln!(
        w,
        "\n**{}** ({})\n",
        Msg::Severity.text(l),
        Msg::SeverityNote.text(l)
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
            Cell::text(stage_name(p, &x.stage, l)),
            Cell::Input(format!("{} {}", x.reviewer, x.name)),
            Cell::input(&x.tracks),
            Cell::count(x.scored),
            Cell::count(x.excluded),
            Cell::num(x.mean_score),
            Cell::num(x.severity),
            Cell::count(x.outliers),
        ]);
    }
    table::table(w, &t, l);
}
