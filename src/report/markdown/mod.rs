//! report.md: the ranking, dimension tables and a scorecard per cluster,
//! in Chinese with English alongside.
//!
//! Sections: the round; decisions and reviewers when the round has a
//! process (`process`); the ranking; a table per dimension; the scorecards
//! (`scorecard`); mid-term progress and the roster audit (`roster`); data
//! notes, with the data-quality findings. Every table is a `Table` written by one formatter (`table`);
//! every label comes from the message catalogue. Text from the inputs is
//! escaped so that it cannot break a table or be rendered as HTML by a
//! Markdown viewer.

mod process;
mod roster;
mod scorecard;
mod table;

use super::msg::{Lang, Msg, Story};
use super::number::{fixed, NumKind, NONE};
use super::table::{Cell, Column, Digits, Kind, Table};
use super::views;
use crate::audit::{GradeInfo, RoundResult};
use std::fmt::Write;
use table::esc;

/// Points, at the framework's display decimals.
fn pts(r: &RoundResult, x: f64) -> String {
    score(r).text(x)
}

/// Scores: the framework's display decimals (`[report] decimals`).
fn score(r: &RoundResult) -> NumKind {
    NumKind::Score {
        decimals: r.framework.display_decimals,
    }
}

/// A grade in both languages.
fn grade_both(g: &GradeInfo) -> String {
    format!("{} {}", g.name_zh, g.name_en)
}

pub fn report_md(r: &RoundResult) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "# {}", esc(&r.round.name_zh));
    if !r.round.name_en.is_empty() {
        let _ = writeln!(w, "\n*{}*", esc(&r.round.name_en));
    }
    if r.round.synthetic {
        let _ = writeln!(
            w,
            "\n> **{}** {}",
            Msg::Synthetic.text(Lang::Zh),
            Msg::Synthetic.text(Lang::En)
        );
    }
    let _ = writeln!(
        w,
        "\n- {}: {} {} (`{}` v{}), {} {}\n- {}: {} / {} / {}\n- {}: {}\n- {}: {}",
        Msg::Framework.both(),
        esc(&r.framework.name_zh),
        esc(&r.framework.name_en),
        esc(&r.framework.id),
        esc(&r.framework.version),
        r.framework.total_points,
        Msg::PointsUnit.both(),
        Msg::Years.both(),
        r.round.baseline_year,
        r.round.current_year,
        r.round.target_year,
        Msg::Clusters.both(),
        both_counts(r),
        Msg::Chain.both(),
        if r.tie_break.is_empty() {
            NONE.to_string()
        } else {
            esc(&r.tie_break.join(" → "))
        }
    );
    if let Some(p) = &r.process {
        process::decisions(w, p, r.framework.display_decimals);
    }
    ranking(w, r);
    dimensions(w, r);
    let _ = writeln!(w, "\n## {}", Msg::Cards.both());
    for c in &r.clusters {
        scorecard::scorecard(w, r, c);
    }
    roster::progress(w, r);
    roster::roster(w, r);
    data_notes(w, r);
    let _ = writeln!(
        w,
        "\n---\n{}",
        Msg::GeneratedMd.fill_both(&[&r.tool.version])
    );
    s
}

/// "参评 30，资格审查未通过 1，参与评分 29 entered 30, failed a gate 1, scored 29".
fn both_counts(r: &RoundResult) -> String {
    let n = views::Entrants::of(r);
    format!("{} {}", n.text(Lang::Zh), n.text(Lang::En))
}

/// The ranking by total. In a competition it is the indicator score
/// ranking, labelled as such and without grades (the decisions above are
/// the result).
fn ranking(w: &mut String, r: &RoundResult) {
    let competition = views::is_competition(r);
    if competition {
        let _ = writeln!(
            w,
            "\n## {}\n\n{}\n",
            Story::IndicatorRanking.both(),
            Story::IndicatorRankingNote.both()
        );
    } else {
        let _ = writeln!(w, "\n## {}\n", Msg::Ranking.both());
    }
    let rank = if competition {
        let (zh, en) = (
            Story::IndicatorRank.text(Lang::Zh),
            Story::IndicatorRank.text(Lang::En),
        );
        Column::text(zh.into(), en.into(), Kind::Integer)
    } else {
        Column::label(Msg::Rank, Kind::Integer)
    };
    let mut t = Table::new(vec![
        rank,
        Column::label(Msg::Cluster, Kind::Text),
        Column::label(Msg::City, Kind::Text),
        Column::label(Msg::Track, Kind::Text),
        Column::label(Msg::Total, Kind::Shown(score(r))),
    ]);
    for d in &r.dimensions {
        let label = format!("{} {} ({})", d.name_zh, d.name_en, pts(r, d.points));
        t.columns
            .push(Column::text(label, String::new(), Kind::Shown(score(r))));
    }
    if !competition {
        t.columns.push(Column::label(Msg::GradeLevel, Kind::Text));
    }
    for c in &r.clusters {
        let mut row = vec![
            Cell::Text(views::rank_text(c.rank, c.tied)),
            Cell::Input(format!("{} ({})", c.name_zh, c.cluster_id)),
            Cell::input(&c.city),
            Cell::input(&c.track),
            Cell::Num(c.total),
        ];
        row.extend(r.dimensions.iter().map(|d| Cell::Num(c.subtotal(&d.id))));
        if !competition {
            row.push(Cell::Text(
                c.grade.as_ref().map(grade_both).unwrap_or_default(),
            ));
        }
        t.push(row);
    }
    table::table(w, &t);
    let ties: Vec<_> = r
        .clusters
        .iter()
        .filter(|c| !c.tie_note.is_empty())
        .collect();
    if !ties.is_empty() {
        let _ = writeln!(w, "\n**{}**\n", Msg::Ties.both());
        for c in ties {
            let _ = writeln!(
                w,
                "- {} ({}): {}",
                esc(&c.name_zh),
                esc(&c.cluster_id),
                esc(&c.tie_note)
            );
        }
    }
}

/// A table per dimension: its child nodes and indicators, then the subtotal.
fn dimensions(w: &mut String, r: &RoundResult) {
    let _ = writeln!(w, "\n## {}", Msg::DimensionScores.both());
    for d in &r.dimensions {
        let nodes: Vec<_> = r
            .nodes
            .iter()
            .filter(|n| n.parent.as_deref() == Some(&d.id))
            .collect();
        let indicators: Vec<_> = r.indicators.iter().filter(|i| i.parent == d.id).collect();
        let _ = writeln!(
            w,
            "\n### {} {} ({} {})\n",
            esc(&d.name_zh),
            esc(&d.name_en),
            pts(r, d.points),
            Msg::PointsUnit.both()
        );
        let mut t = Table::new(vec![Column::label(Msg::Cluster, Kind::Text)]);
        let children = nodes
            .iter()
            .map(|n| (&n.name_zh, n.points))
            .chain(indicators.iter().map(|i| (&i.name_zh, i.points)));
        for (name, points) in children {
            let label = format!("{} ({})", name, pts(r, points));
            t.columns
                .push(Column::text(label, String::new(), Kind::Shown(score(r))));
        }
        t.columns
            .push(Column::label(Msg::Subtotal, Kind::Shown(score(r))));
        for c in &r.clusters {
            let mut row = vec![Cell::Input(format!("{} ({})", c.name_zh, c.cluster_id))];
            row.extend(nodes.iter().map(|n| Cell::Num(c.subtotal(&n.id))));
            row.extend(indicators.iter().map(|i| {
                Cell::Num(
                    c.indicators
                        .iter()
                        .find(|t| t.indicator == i.id)
                        .map(|t| t.points)
                        .unwrap_or(0.0),
                )
            }));
            row.push(Cell::Num(c.subtotal(&d.id)));
            t.push(row);
        }
        table::table(w, &t);
    }
}

/// Units screened out, outlier treatment, diagnostics and rejections.
fn data_notes(w: &mut String, r: &RoundResult) {
    let _ = writeln!(w, "\n## {}\n", Msg::DataNotes.both());
    if !r.screened.is_empty() {
        let _ = writeln!(
            w,
            "**{}** ({}):\n",
            Msg::ScreenedOut.both(),
            Msg::ScreenedNote.text(Lang::En)
        );
        for x in &r.screened {
            let _ = writeln!(
                w,
                "- {} ({}): {}%",
                esc(&x.name_zh),
                esc(&x.cluster_id),
                fixed(x.availability * 100.0, 1)
            );
        }
        let _ = writeln!(w);
    }
    let treated: Vec<_> = r
        .treatment
        .iter()
        .filter(|t| !t.log.passed_before)
        .collect();
    if !treated.is_empty() {
        let _ = writeln!(w, "**{}**\n", Msg::Treatment.both());
        let three = Kind::Number(Digits::Fixed(3));
        let mut t = Table::new(vec![
            Column::label(Msg::Indicator, Kind::Text),
            Column::label(Msg::Skew, three),
            Column::label(Msg::Kurtosis, three),
            Column::label(Msg::Winsorised, Kind::Integer),
            Column::label(Msg::Log, Kind::Text),
        ]);
        for x in treated {
            t.push(vec![
                Cell::text(&x.indicator),
                Cell::Num(x.log.skew_before),
                Cell::Num(x.log.kurtosis_before),
                Cell::count(x.log.winsorised),
                Cell::yes_no(x.log.log),
            ]);
        }
        table::table(w, &t);
        let _ = writeln!(w);
    }
    if r.diagnostics.is_empty() && r.rejections.is_empty() {
        let _ = writeln!(w, "{}.", Msg::Nothing.both());
    }
    for d in &r.diagnostics {
        let _ = writeln!(w, "- {}", esc(&d.to_string()));
    }
    if !r.rejections.is_empty() {
        let n = r.rejections.len();
        let _ = writeln!(w, "- {}", Msg::RowsNotUsed.fill_both(&[&n]));
    }
    data_quality(w, r);
}

/// The plausibility findings: the count per check, then each finding with
/// its cell and its message in both languages.
fn data_quality(w: &mut String, r: &RoundResult) {
    let _ = writeln!(
        w,
        "\n### {}\n\n{}\n",
        Msg::DataQuality.both(),
        Msg::QualityIntro.both()
    );
    let both = |m: Msg| m.both();
    table::table(w, &views::quality_counts(&r.quality, both));
    if r.quality.is_empty() {
        let _ = writeln!(w, "\n{}", Msg::QualityNone.both());
        return;
    }
    let _ = writeln!(w);
    let t = views::quality_findings(&r.quality, both, |f| {
        format!("{} {}", f.message_zh, f.message_en)
    });
    table::table(w, &t);
}
