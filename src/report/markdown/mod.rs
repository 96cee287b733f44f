//! report.md: the ranking, dimension tables and a scorecard per cluster,
//! in one language (`run --lang`).
//!
//! Sections: the round; decisions and reviewers when the round has a
//! process (`process`); the ranking; a table per dimension; the scorecards
//! (`scorecard`); mid-term progress (`roster`); the rectification list
//! (`rectify`); the roster audit (`roster`); data
//! notes, with the data-quality findings. Every table is a `Table` written by one formatter (`table`);
//! every label comes from the message catalogue. Text from the inputs is
//! escaped so that it cannot break a table or be rendered as HTML by a
//! Markdown viewer.

mod changes;
mod process;
mod rectify;
mod roster;
mod scorecard;
mod table;

use super::msg::{Lang, Msg, Story};
use super::number::{fixed, NumKind, NONE};
use super::table::{Cell, Column, Digits, Kind, Table};
use super::views;
use crate::audit::{GradeInfo, RoundResult};
use std::fmt::Write;
pub(super) use table::esc;

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

/// A grade's name in `l`.
fn grade_name(g: &GradeInfo, l: Lang) -> String {
    crate::report::msg::term::grade(&g.name_zh, &g.name_en, l)
}

pub fn report_md(r: &RoundResult, l: Lang) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "# {}", esc(l.pick(&r.round.name_zh, &r.round.name_en)));
    if r.round.synthetic {
        let _ = writeln!(w, "\n> **{}**", Msg::Synthetic.text(l));
    }
    let years = views::years(r, l);
    let _ = writeln!(
        w,
        "\n- {}: {} (`{}` v{}), {} {}\n- {}: {}\n- {}: {}\n- {}: {}",
        Msg::Framework.text(l),
        esc(l.pick(&r.framework.name_zh, &r.framework.name_en)),
        esc(&r.framework.id),
        esc(&r.framework.version),
        r.framework.total_points,
        Msg::PointsUnit.text(l),
        years.0,
        years.1,
        Msg::Clusters.text(l),
        views::Entrants::of(r).text(l),
        Msg::Chain.text(l),
        if r.tie_break.is_empty() {
            NONE.to_string()
        } else {
            esc(&views::tie_break(r, l))
        }
    );
    changes::section(w, r, l);
    if let Some(p) = &r.process {
        process::decisions(w, p, r.framework.display_decimals, l);
    }
    ranking(w, r, l);
    crate::report::movement::markdown(w, r, l);
    dimensions(w, r, l);
    let _ = writeln!(w, "\n## {}", Msg::Cards.text(l));
    for c in &r.clusters {
        scorecard::scorecard(w, r, c, l);
    }
    roster::progress(w, r, l);
    rectify::section(w, r, l);
    roster::roster(w, r, l);
    data_notes(w, r, l);
    let _ = writeln!(w, "\n---\n{}", Msg::GeneratedMd.fill(l, &[&r.tool.version]));
    s
}

/// The ranking by total. In a competition it is the indicator score
/// ranking, labelled as such and without grades (the decisions above are
/// the result).
fn ranking(w: &mut String, r: &RoundResult, l: Lang) {
    let competition = views::is_competition(r);
    if competition {
        let _ = writeln!(
            w,
            "\n## {}\n\n{}\n",
            Story::IndicatorRanking.text(l),
            Story::IndicatorRankingNote.text(l)
        );
    } else {
        let _ = writeln!(w, "\n## {}\n", Msg::Ranking.text(l));
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
        let label = format!("{} ({})", l.pick(&d.name_zh, &d.name_en), pts(r, d.points));
        t.columns
            .push(Column::text(label, String::new(), Kind::Shown(score(r))));
    }
    if !competition {
        t.columns.push(Column::label(Msg::GradeLevel, Kind::Text));
    }
    for c in &r.clusters {
        let mut row = vec![
            Cell::Text(views::rank_text(c.rank, c.tied)),
            Cell::Input(format!(
                "{} ({})",
                l.pick(&c.name_zh, &c.name_en),
                c.cluster_id
            )),
            Cell::input(&c.city),
            Cell::input(&c.track),
            Cell::Num(c.total),
        ];
        row.extend(r.dimensions.iter().map(|d| Cell::Num(c.subtotal(&d.id))));
        if !competition {
            row.push(Cell::Text(
                c.grade
                    .as_ref()
                    .map(|g| grade_name(g, l))
                    .unwrap_or_default(),
            ));
        }
        t.push(row);
    }
    table::table(w, &t, l);
    let ties: Vec<_> = r
        .clusters
        .iter()
        .filter(|c| !c.tie_note.is_empty())
        .collect();
    if !ties.is_empty() {
        let _ = writeln!(w, "\n**{}**\n", Msg::Ties.text(l));
        for c in ties {
            let _ = writeln!(
                w,
                "- {} ({}): {}",
                esc(l.pick(&c.name_zh, &c.name_en)),
                esc(&c.cluster_id),
                esc(&crate::report::msg::notes::tie_notes(&c.tie_note, l))
            );
        }
    }
}

/// A table per dimension: its child nodes and indicators, then the subtotal.
fn dimensions(w: &mut String, r: &RoundResult, l: Lang) {
    let _ = writeln!(w, "\n## {}", Msg::DimensionScores.text(l));
    for d in &r.dimensions {
        let nodes: Vec<_> = r
            .nodes
            .iter()
            .filter(|n| n.parent.as_deref() == Some(&d.id))
            .collect();
        let indicators: Vec<_> = r.indicators.iter().filter(|i| i.parent == d.id).collect();
        let _ = writeln!(
            w,
            "\n### {} ({} {})\n",
            esc(l.pick(&d.name_zh, &d.name_en)),
            pts(r, d.points),
            Msg::PointsUnit.text(l)
        );
        let mut t = Table::new(vec![Column::label(Msg::Cluster, Kind::Text)]);
        let children = nodes
            .iter()
            .map(|n| (l.pick(&n.name_zh, &n.name_en), n.points))
            .chain(
                indicators
                    .iter()
                    .map(|i| (l.pick(&i.name_zh, &i.name_en), i.points)),
            );
        for (name, points) in children {
            let label = format!("{} ({})", name, pts(r, points));
            t.columns
                .push(Column::text(label, String::new(), Kind::Shown(score(r))));
        }
        t.columns
            .push(Column::label(Msg::Subtotal, Kind::Shown(score(r))));
        for c in &r.clusters {
            let name = l.pick(&c.name_zh, &c.name_en);
            let mut row = vec![Cell::Input(format!("{} ({})", name, c.cluster_id))];
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
        table::table(w, &t, l);
    }
}

/// Units screened out, outlier treatment, diagnostics and rejections.
fn data_notes(w: &mut String, r: &RoundResult, l: Lang) {
    let _ = writeln!(w, "\n## {}\n", Msg::DataNotes.text(l));
    if !r.screened.is_empty() {
        // The note says why when every unit was left out for its data
        // availability; otherwise each line says why.
        let availability = r
            .screened
            .iter()
            .all(|x| x.reason == crate::score::ScreenReason::Availability);
        if availability {
            let _ = writeln!(
                w,
                "**{}** ({}):\n",
                Msg::ScreenedOut.text(l),
                Msg::ScreenedNote.text(l)
            );
        } else {
            let _ = writeln!(w, "**{}**:\n", Msg::ScreenedOut.text(l));
        }
        for x in &r.screened {
            use crate::report::msg::screening::ScreenWords;
            use crate::score::ScreenReason;
            let why = match x.reason {
                ScreenReason::Availability => format!("{}%", fixed(x.availability * 100.0, 1)),
                ScreenReason::Zeros => ScreenWords::Zeros.fill(l, &[&fixed(x.nonzero * 100.0, 1)]),
                ScreenReason::Excluded => ScreenWords::Excluded.text(l).to_string(),
            };
            let _ = writeln!(w, "- {} ({}): {why}", esc(&x.name_zh), esc(&x.cluster_id));
        }
        let _ = writeln!(w);
    }
    let treated: Vec<_> = r
        .treatment
        .iter()
        .filter(|t| !t.log.passed_before)
        .collect();
    if !treated.is_empty() {
        let _ = writeln!(w, "**{}**\n", Msg::Treatment.text(l));
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
                Cell::text(crate::report::msg::term::yes_no(x.log.log, l)),
            ]);
        }
        table::table(w, &t, l);
        let _ = writeln!(w);
    }
    if r.diagnostics.is_empty() && r.rejections.is_empty() {
        let _ = writeln!(w, "{}", Msg::Nothing.text(l));
    }
    for d in &r.diagnostics {
        let _ = writeln!(w, "- {}", esc(&d.shown(l == Lang::Zh)));
    }
    if !r.rejections.is_empty() {
        let n = r.rejections.len();
        let _ = writeln!(w, "- {}", Msg::RowsNotUsed.fill(l, &[&n]));
    }
    data_quality(w, r, l);
}

/// The plausibility findings: the count per check, then each finding with
/// its cell and its message in `l`.
fn data_quality(w: &mut String, r: &RoundResult, l: Lang) {
    let _ = writeln!(
        w,
        "\n### {}\n\n{}\n",
        Msg::DataQuality.text(l),
        Msg::QualityIntro.text(l)
    );
    let one = |m: Msg| m.text(l).to_string();
    table::table(w, &views::quality_counts(&r.quality, one), l);
    if r.quality.is_empty() {
        let _ = writeln!(w, "\n{}", Msg::QualityNone.text(l));
        return;
    }
    let _ = writeln!(w);
    let t = views::quality_findings(&r.quality, one, |f| {
        l.pick(&f.message_zh, &f.message_en).to_string()
    });
    table::table(w, &t, l);
}
