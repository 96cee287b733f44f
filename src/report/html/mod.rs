//! report.html: one self-contained page (no network: styles, script and
//! charts are inline; charts are SVG drawn here), in Chinese or English.
//!
//! Sections, each in its own module: the round; decisions and reviewers
//! when the round has a process (`process`); the ranking (sortable by any
//! column); dimension subtotals as a stacked bar chart and a heatmap of
//! normalised indicator scores (`charts`); mid-term progress (`roster`);
//! the rectification list (`rectify`); the roster audit (`roster`); the data-quality findings (`quality`); weights, method
//! comparison and robustness (`robust`); a scorecard per cluster with a
//! radar chart and, for every indicator, a trace that opens on a click
//! (`scorecard`), pre-drawn in a round of up to 100 clusters, drawn on
//! demand from one compact JSON block in a larger one, where the charts
//! and the roster audit are also inserted when opened (`cards`). The styles and the script are
//! the files `report.css` and `report.js`, included at compile time. Prints
//! on A4. Every text from the inputs is HTML-escaped; every label comes
//! from the message catalogue.

mod cards;
mod changes;
mod charts;
mod layout;
mod print;
mod process;
mod quality;
mod rectify;
pub mod robust;
mod roster;
mod scorecard;
pub mod summary;
mod table;

use super::msg::{Msg, Story};
use super::number::{NumKind, NONE};
use super::views;
use crate::audit::{ClusterResult, RoundResult};
use std::fmt::Write;
use table::Td;

pub use super::msg::Lang;

/// The page's styles.
const STYLE: &str = include_str!("report.css");

/// The page's script: sortable tables, and `data-ready` once it ran.
const SCRIPT: &str = include_str!("report.js");

/// Escape text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The start of a page: doctype, head with the styles, and the title.
fn head(w: &mut String, l: Lang, title: &str, viewport: bool) {
    let _ = write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n{}<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        if l == Lang::Zh { "zh-CN" } else { "en" },
        if viewport {
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        } else {
            ""
        },
        esc(title),
        esc(title)
    );
}

/// The end of a page: the script.
fn foot(w: &mut String) {
    let _ = writeln!(w, "<script>{SCRIPT}</script>\n</body>\n</html>");
}

/// The page.
pub fn report_html(r: &RoundResult, lang: Lang) -> String {
    let l = lang;
    let mut s = String::new();
    let w = &mut s;
    head(w, l, l.pick(&r.round.name_zh, &r.round.name_en), true);
    w.push_str(&print::page_style(r, l));
    if r.round.synthetic {
        let _ = writeln!(w, "<p class=\"banner\">{}</p>", Msg::Synthetic.text(l));
    }
    let years = views::years(r, l);
    let _ = writeln!(
        w,
        "<ul class=\"muted\"><li>{}: {} (<code>{}</code> v{}), {}</li><li>{}: {}</li><li>{}: {}</li><li>{}: {}</li></ul>",
        Msg::Framework.text(l),
        esc(l.pick(&r.framework.name_zh, &r.framework.name_en)),
        esc(&r.framework.id),
        esc(&r.framework.version),
        r.framework.total_points,
        years.0,
        years.1,
        Msg::Clusters.text(l),
        views::Entrants::of(r).text(l),
        Msg::Chain.text(l),
        if r.tie_break.is_empty() { NONE.to_string() } else { esc(&views::tie_break(r, l)) }
    );
    changes::section(w, r, l);
    if let Some(p) = &r.process {
        process::decisions(w, p, r.framework.display_decimals, l);
    }
    ranking(w, r, l);
    crate::report::movement::html(w, r, l);
    let large = r.clusters.len() > cards::PRE_DRAWN_UP_TO;
    cards::deferred(w, large, l, |w| charts::bars(w, r, l));
    cards::deferred(w, large, l, |w| charts::heatmap(w, r, l));
    roster::progress(w, r, l);
    rectify::section(w, r, l);
    cards::deferred(w, large, l, |w| roster::roster(w, r, l));
    quality::data_quality(w, r, l);
    robust::sections(w, r, l);
    if let Some(a) = &r.analysis {
        crate::report::audit_view::html_section(w, a, l);
    }
    let _ = writeln!(w, "<h2>{}</h2>", Msg::Cards.text(l));
    let medians = charts::node_medians(r);
    if large {
        cards::on_demand(w, r, &medians, l);
    } else {
        for c in &r.clusters {
            scorecard::scorecard(w, r, c, &medians, l);
        }
    }
    let _ = writeln!(
        w,
        "<p class=\"muted\">{} cluster-eval {}</p>",
        Msg::Generated.text(l),
        esc(&r.tool.version)
    );
    foot(w);
    s
}

fn cluster_name(c: &ClusterResult, l: Lang) -> &str {
    l.pick(&c.name_zh, &c.name_en)
}

/// The ranking by total. In a competition it is the indicator score
/// ranking, labelled as such and without grades (the decisions above are
/// the result).
fn ranking(w: &mut String, r: &RoundResult, l: Lang) {
    let competition = views::is_competition(r);
    if competition {
        let _ = writeln!(
            w,
            "<h2>{}</h2>\n<p class=\"muted\">{}</p>",
            Story::IndicatorRanking.text(l),
            Story::IndicatorRankingNote.text(l)
        );
    } else {
        let _ = writeln!(w, "<h2>{}</h2>", Msg::Ranking.text(l));
    }
    let _ = writeln!(w, "<p class=\"muted noprint\">{}</p>", Msg::Sort.text(l));
    let mut fixed_heads = [
        Msg::Rank,
        Msg::Id,
        Msg::Cluster,
        Msg::City,
        Msg::Track,
        Msg::Total,
    ]
    .map(|m| m.text(l).to_string());
    if competition {
        fixed_heads[0] = Story::IndicatorRank.text(l).to_string();
    }
    let score = NumKind::Score {
        decimals: r.framework.display_decimals,
    };
    let mut heads: Vec<String> = r
        .dimensions
        .iter()
        .map(|d| esc(l.pick(&d.name_zh, &d.name_en)))
        .collect();
    if !competition {
        heads.push(Msg::Grade.text(l).to_string());
    }
    table::open_lines(
        w,
        " class=\"sortable\" id=\"ranking\"",
        &[&fixed_heads, &heads],
    );
    for c in &r.clusters {
        let mut cells = vec![
            Td::num(views::rank_text(c.rank, c.tied)).sort(c.rank),
            Td::html(format!(
                "<a href=\"#c-{}\">{}</a>",
                esc(&c.cluster_id),
                esc(&c.cluster_id)
            )),
            Td::text(cluster_name(c, l)),
            Td::text(&c.city),
            Td::text(&c.track),
            Td::num(score.text(c.total)).sort(c.total),
        ];
        for d in &r.dimensions {
            let v = c.subtotal(&d.id);
            cells.push(Td::num(score.text(v)).sort(v));
        }
        if !competition {
            cells.push(Td::text(
                c.grade
                    .as_ref()
                    .map(|g| l.pick(&g.name_zh, &g.name_en))
                    .unwrap_or_default(),
            ));
        }
        table::row(w, " class=\"rank-row\"", &cells);
    }
    table::close(w, "\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<script>alert(\"1\")</script> & 'x'"),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;"
        );
    }
}
