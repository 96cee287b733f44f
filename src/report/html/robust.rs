//! The page's weights, method comparison and robustness sections: the
//! resolved weights, ranks under alternative methods with their rank
//! correlations, rank intervals as a chart, selection probabilities and the
//! Sobol indices. Inline SVG, no script needed to read them. Also the
//! `sensitivity` command's robustness.html, these sections on a page of
//! their own.

use super::layout::FONT;
use super::table::{self, Layout, Td};
use super::{esc, foot, head, Lang};
use crate::audit::RoundResult;
use crate::compare::Comparison;
use crate::report::msg::{method, Msg};
use crate::report::number::{fixed, NumKind, Share};
use crate::report::table::{Cell, Column, Digits, Kind, Table};
use crate::report::tables::analysis;
use crate::report::text_width::advance;
use crate::robust::Robustness;
use std::fmt::Write;

/// Clusters drawn in the rank-interval chart (the table lists all).
const CHART_MAX: usize = 60;

/// Every section that has something to show.
pub fn sections(w: &mut String, r: &RoundResult, l: Lang) {
    weights(w, r, l);
    if let Some(m) = &r.methods {
        methods(w, m, l);
    }
    if let Some(rb) = &r.robustness {
        robustness(w, rb, &r.grades, l);
        pairwise(w, rb, l);
        if !rb.factors.is_empty() {
            sensitivity(w, rb, l);
        }
    }
}

/// robustness.html: the sections on a page of their own.
pub fn standalone(r: &RoundResult, l: Lang) -> String {
    let title = format!(
        "{} — {}",
        l.pick(&r.round.name_zh, &r.round.name_en),
        Msg::RobustnessPage.text(l)
    );
    let mut s = String::new();
    head(&mut s, l, &title, false);
    if r.round.synthetic {
        let _ = writeln!(s, "<p class=\"banner\">{}</p>", Msg::SyntheticShort.text(l));
    }
    sections(&mut s, r, l);
    foot(&mut s);
    s
}

fn number(decimals: u32) -> Kind {
    Kind::Number(Digits::Fixed(decimals))
}

fn weights(w: &mut String, r: &RoundResult, l: Lang) {
    if r.weights.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "<h2 id=\"weights\">{}</h2>\n<p class=\"muted\">{}</p>\n<details><summary>{}</summary>",
        Msg::Weights.text(l),
        Msg::WeightsIntro.text(l),
        Msg::ShowWeights.text(l),
    );
    let mut t = Table::new(vec![
        Column::label(Msg::Node, Kind::Text),
        Column::label(Msg::Child, Kind::Text),
        Column::label(Msg::Method, Kind::Text),
        Column::label(Msg::Subjective, number(4)),
        Column::label(Msg::Objective, number(4)),
        Column::label(Msg::Share, number(4)),
        Column::label(Msg::Weight, number(4)),
        Column::label(Msg::WeightPoints, number(3)),
        Column::symbol("CR", number(4)),
    ]);
    for row in &r.weights {
        // A reader sees names; the ids are in weights.csv.
        let node = r.nodes.iter().find(|n| n.id == row.node).map_or_else(
            || method::method(&row.node, l),
            |n| l.pick(&n.name_zh, &n.name_en).to_string(),
        );
        t.push(vec![
            Cell::Input(node),
            Cell::Input(l.pick(&row.name_zh, &row.name_en).to_string()),
            Cell::Text(method::method(&row.method, l)),
            Cell::num(row.subjective),
            Cell::num(row.objective),
            Cell::num(row.share),
            Cell::Num(row.weight),
            Cell::Num(row.points),
            Cell::num(row.ahp_cr),
        ]);
    }
    let layout = Layout {
        attrs: " class=\"sortable weights\"",
        num_class: true,
        after: "</details>\n",
    };
    table::table(w, &t, l, layout, |_| "");
}

fn methods(w: &mut String, m: &Comparison, l: Lang) {
    let _ = writeln!(
        w,
        "<h2 id=\"methods\">{}</h2>\n<p class=\"muted\">{}</p>",
        Msg::MethodsTitle.text(l),
        Msg::MethodsIntro.text(l),
    );
    let mut agreement = analysis::method_agreement(m);
    for row in &mut agreement.rows {
        if let Some(Cell::Text(id)) = row.first() {
            row[0] = Cell::Text(method::method(id, l));
        }
    }
    let agreement = agreement.relabel(vec![
        Column::label(Msg::Method, Kind::Text),
        Column::symbol("Spearman ρ", number(4)),
        Column::symbol("Kendall τ-b", number(4)),
        Column::label(Msg::ClustersMoved, Kind::Integer),
        Column::label(Msg::LargestShift, Kind::Integer),
    ]);
    let layout = Layout {
        attrs: " class=\"agreement\"",
        num_class: true,
        after: "\n",
    };
    table::table(w, &agreement, l, layout, |_| "");
    let _ = writeln!(w, "<details><summary>{}</summary>", Msg::ShowRanks.text(l));
    let mut heads = vec![Msg::Id.text(l).to_string(), Msg::Name.text(l).to_string()];
    heads.extend(m.methods.iter().map(|id| esc(&method::method(id, l))));
    table::open(w, " class=\"sortable methods\"", &heads);
    for row in &m.rows {
        let mut cells = vec![
            Td::text(&row.cluster_id),
            Td::text(l.pick(&row.name_zh, &row.name_en)),
        ];
        for (k, rank) in row.ranks.iter().enumerate() {
            let moved = k > 0 && *rank != row.ranks[0];
            cells.push(Td::num(rank.to_string()).style(moved.then_some("color:#b00")));
        }
        table::row(w, "", &cells);
    }
    table::close(w, "</details>\n");
}

/// A probability, shown as a percentage.
const SHARE: NumKind = NumKind::Percent {
    given: Share::Fraction,
    decimals: 1,
};

fn robustness(w: &mut String, rb: &Robustness, grades: &[crate::audit::GradeInfo], l: Lang) {
    let intro = Msg::RobustnessIntro.fill(
        l,
        &[
            &rb.replications,
            &rb.seed,
            &rb.select,
            &fixed(rb.mean_rank_shift, 3),
        ],
    );
    let _ = writeln!(
        w,
        "<h2 id=\"robustness\">{}</h2>\n<p class=\"muted\">{}</p>",
        Msg::RobustnessTitle.text(l),
        esc(&intro)
    );
    intervals(w, rb, l);
    if rb.clusters.len() > CHART_MAX {
        let note = Msg::ChartShowsFirst.fill(l, &[&CHART_MAX]);
        let _ = writeln!(w, "<p class=\"muted\">{}</p>", esc(&note));
    }
    // Table with selection probabilities.
    let mut heads = [
        Msg::Id,
        Msg::Name,
        Msg::OfficialRank,
        Msg::MedianRank,
        Msg::Interval,
        Msg::PSelected,
    ]
    .map(|m| m.text(l).to_string())
    .to_vec();
    heads.extend(rb.grades.iter().map(|g| {
        let name = grades.iter().find(|x| &x.id == g).map_or_else(
            || Msg::NoGrade.text(l).to_string(),
            |x| crate::report::msg::term::grade(&x.name_zh, &x.name_en, l),
        );
        Msg::PGrade.fill(l, &[&esc(&name)])
    }));
    table::open(w, " class=\"sortable robustness\"", &heads);
    for c in &rb.clusters {
        let bar = format!(
            "<span style=\"display:inline-block;width:{}px;height:8px;background:#009E73\"></span> {}",
            fixed(c.p_selected * 60.0, 0),
            SHARE.text(c.p_selected)
        );
        let mut cells = vec![
            Td::text(&c.cluster_id),
            Td::text(l.pick(&c.name_zh, &c.name_en)),
            Td::num(c.nominal_rank.to_string()),
            Td::num(c.median_rank.to_string()),
            Td::num(format!("{}–{}", c.p05_rank, c.p95_rank)).sort(c.p95_rank - c.p05_rank),
            Td::num(bar).sort(c.p_selected),
        ];
        cells.extend(c.p_grade.iter().map(|p| Td::num(SHARE.text(*p)).sort(*p)));
        table::row(w, "", &cells);
    }
    table::close(w, "\n");
}

/// The pairwise matrix: the share of replications in which the row's
/// cluster ranks ahead of the column's, shaded by the share.
fn pairwise(w: &mut String, rb: &Robustness, l: Lang) {
    use crate::report::msg::aggregate::AggregateWords;
    let p = &rb.pairwise;
    let k = p.clusters.len();
    if k < 2 {
        return;
    }
    let _ = writeln!(
        w,
        "<h3 id=\"pairwise\">{}</h3>\n<p class=\"muted\">{}</p>",
        AggregateWords::PairwiseTitle.text(l),
        esc(&AggregateWords::PairwiseIntro.fill(l, &[&k]))
    );
    let mut heads = vec![String::new()];
    heads.extend(p.clusters.iter().map(|c| esc(c)));
    table::open(w, " class=\"pairwise\"", &heads);
    for a in 0..k {
        let mut cells = vec![Td::text(&p.clusters[a])];
        for b in 0..k {
            if a == b {
                cells.push(Td::num("–".to_string()));
                continue;
            }
            let x = p.ahead[a * k + b];
            // White near 0, darker green up to 1.
            const SHADES: [Option<&str>; 5] = [
                None,
                Some("background:#e5f5ef"),
                Some("background:#b2e2d0"),
                Some("background:#66c5a3"),
                Some("background:#009E73;color:#fff"),
            ];
            let band = [0.05, 0.35, 0.65, 0.95].iter().filter(|&&t| x >= t).count();
            cells.push(Td::num(SHARE.text(x)).style(SHADES[band]));
        }
        table::row(w, "", &cells);
    }
    table::close(w, "\n");
}

/// The rank intervals of the first clusters, as a chart.
fn intervals(w: &mut String, rb: &Robustness, l: Lang) {
    let shown: Vec<_> = rb.clusters.iter().take(CHART_MAX).collect();
    let n_all = rb.clusters.len().max(1) as f64;
    // The left margin holds the widest cluster id, measured.
    let widest = shown
        .iter()
        .map(|c| advance(&c.cluster_id, FONT))
        .fold(20.0, f64::max);
    let (left, width, row_h) = (widest + 16.0, 560.0, 16.0);
    let height = shown.len() as f64 * row_h + 40.0;
    let x = |rank: f64| left + (rank - 1.0) / (n_all - 1.0).max(1.0) * width;
    let _ = writeln!(
        w,
        "<h3>{}</h3>\n<svg class=\"chart rank-intervals\" width=\"{full:.0}\" height=\"{height}\" viewBox=\"0 0 {full:.0} {height}\" role=\"img\" aria-label=\"{}\">",
        Msg::RankIntervals.text(l),
        Msg::RankIntervals.text(l),
        full = left + width + 30.0
    );
    for t in [1.0, (n_all / 2.0).round(), n_all] {
        let _ = writeln!(
            w,
            "<line x1=\"{0:.1}\" y1=\"10\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#ddd\"/><text x=\"{0:.1}\" y=\"{2:.1}\" text-anchor=\"middle\">{3}</text>",
            x(t),
            height - 22.0,
            height - 8.0,
            t
        );
    }
    for (k, c) in shown.iter().enumerate() {
        let y = 20.0 + k as f64 * row_h;
        let nominal = x(c.nominal_rank as f64);
        let _ = writeln!(
            w,
            "<g class=\"interval\" data-cluster=\"{id}\"><text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{id}</text><line x1=\"{a:.1}\" y1=\"{y:.1}\" x2=\"{b:.1}\" y2=\"{y:.1}\" stroke=\"#56B4E9\" stroke-width=\"3\"/><circle cx=\"{m:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#0072B2\"/><path d=\"M{nx:.1} {y0:.1} l4 4 l-4 4 l-4 -4 z\" fill=\"#D55E00\"/></g>",
            id = esc(&c.cluster_id),
            tx = left - 6.0,
            ty = y + 4.0,
            a = x(c.p05_rank as f64),
            b = x(c.p95_rank as f64),
            m = x(c.median_rank as f64),
            nx = nominal,
            y0 = y - 4.0,
        );
    }
    let _ = writeln!(w, "</svg>");
}

/// The Sobol indices with their intervals, and bars.
fn sensitivity(w: &mut String, rb: &Robustness, l: Lang) {
    let intro = Msg::SobolIntro.fill(l, &[&rb.sobol_base, &rb.sobol_runs, &rb.bootstrap]);
    let _ = writeln!(
        w,
        "<h3>{}</h3>\n<p class=\"muted\">{}</p>",
        Msg::SobolTitle.text(l),
        esc(&intro)
    );
    let heads = [
        Msg::UncertainChoice.text(l).to_string(),
        Msg::Varies.text(l).to_string(),
        Msg::FirstOrder.text(l).to_string(),
        Msg::TotalEffect.text(l).to_string(),
        String::new(),
    ];
    table::open(w, " class=\"sensitivity\"", &heads);
    let bar = |v: f64, color: &str| {
        format!(
            "<span style=\"display:inline-block;width:{}px;height:8px;background:{color}\"></span>",
            fixed(v.clamp(0.0, 1.0) * 120.0, 0)
        )
    };
    let interval = |e: &crate::robust::sobol::Estimate| {
        format!(
            "{} [{}, {}]",
            fixed(e.value, 3),
            fixed(e.low, 3),
            fixed(e.high, 3)
        )
    };
    for f in &rb.factors {
        let cells = [
            Td::text(&method::factor(&f.factor, l)),
            Td::text(&method::varies(&f.factor, &f.description, l)),
            Td::num(interval(&f.first)),
            Td::num(interval(&f.total)),
            Td::html(format!(
                "{}<br>{}",
                bar(f.first.value, "#0072B2"),
                bar(f.total.value, "#E69F00")
            )),
        ];
        table::row(w, "", &cells);
    }
    table::close(w, "\n");
}
