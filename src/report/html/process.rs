//! The page's process sections: the decisions (boundaries, then a row per
//! cluster with its status, stage scores, final score and notes) and, when
//! panels scored, the reviewers (conflicts of interest, scores far from the
//! panel, and the panel agreement).

use super::table::{self, Layout, Td};
use super::{esc, Lang};
use crate::audit::ProcessView;
use crate::report::msg::{term, Col, Msg, Story};
use crate::report::number::{NumKind, NONE};
use crate::report::table::{Column, Kind};
use crate::report::tables;
use crate::report::views;
use std::fmt::Write;

/// The decisions (a mid-term's grades and outcomes): the result in a few
/// lines, the boundaries, then the table, scores at `decimals` (the
/// framework's display decimals).
pub(super) fn decisions(w: &mut String, p: &ProcessView, decimals: u32, l: Lang) {
    let heading = if p.kind == "midterm" {
        Story::GradesOutcomes.text(l)
    } else {
        Msg::Decisions.text(l)
    };
    let _ = writeln!(w, "<h2>{heading}</h2>");
    let _ = writeln!(
        w,
        "<h3>{}</h3>\n<ul class=\"result\">",
        Story::Result.text(l)
    );
    for g in views::result_groups(p) {
        let names: Vec<String> = g
            .clusters
            .iter()
            .map(|d| format!("{} {}", d.cluster_id, l.pick(&d.name_zh, &d.name_en)))
            .collect();
        let _ = writeln!(
            w,
            "<li>{} ({}): {}</li>",
            esc(if l == Lang::Zh { &g.zh } else { &g.en }),
            g.clusters.len(),
            esc(&names.join(Msg::ListSeparator.text(l)))
        );
    }
    w.push_str("</ul>\n<ul>\n");
    for b in crate::report::msg::notes::boundaries(&p.boundary, &p.counts, l) {
        let _ = writeln!(w, "<li>{}</li>", esc(&b));
    }
    w.push_str("</ul>\n");
    let midterm = p.kind == "midterm";
    let mut fixed = [Msg::Rank, Msg::Id, Msg::Cluster, Msg::Status].map(|m| m.text(l).to_string());
    if !midterm {
        fixed[0] = Story::DecisionRank.text(l).to_string();
    }
    let mut heads: Vec<String> = p
        .stages
        .iter()
        .map(|st| esc(&term::stage(&st.id, &st.name_zh, &st.name_en, l)))
        .collect();
    heads.push(Msg::Final.text(l).to_string());
    if midterm {
        heads.push(Msg::Grade.text(l).to_string());
        heads.push(Msg::Outcome.text(l).to_string());
    }
    heads.push(Msg::Notes.text(l).to_string());
    table::open_lines(w, " class=\"sortable\" id=\"decisions\"", &[&fixed, &heads]);
    let score = |x: Option<f64>| Td::num(NumKind::Score { decimals }.or_none(x));
    for d in &p.decisions {
        let mut cells = vec![
            Td::num(d.rank.map_or_else(|| NONE.into(), |r| r.to_string())),
            Td::text(&d.cluster_id),
            Td::text(l.pick(&d.name_zh, &d.name_en)),
            Td::text(&term::status_id(&d.status, l)),
        ];
        cells.extend(d.stages.iter().map(|s| score(s.score)));
        cells.push(score(d.final_score));
        if midterm {
            cells.push(Td::text(
                &d.grade
                    .as_ref()
                    .map(|g| term::grade(&g.name_zh, &g.name_en, l))
                    .unwrap_or_default(),
            ));
            cells.push(Td::text(
                &d.outcome
                    .as_deref()
                    .map(|o| term::outcome(o, l))
                    .unwrap_or_default(),
            ));
        }
        cells.push(Td::text(&views::decision_notes(d, l)));
        table::row(w, &format!(" class=\"{}\"", esc(&d.status)), &cells);
    }
    table::close(w, "\n");
    if !p.panels.is_empty() {
        reviewers(w, p, l);
    }
}

fn reviewers(w: &mut String, p: &ProcessView, l: Lang) {
    let _ = writeln!(w, "<h2>{}</h2>", Msg::Reviewers.text(l));
    for (flag, title) in [
        ("conflict_excluded", Msg::Conflicts),
        ("outlier", Msg::Outliers),
    ] {
        let _ = writeln!(w, "<h3>{}</h3><ul>", title.text(l));
        let items: Vec<_> = p.review_flags.iter().filter(|f| f.flag == flag).collect();
        if items.is_empty() {
            let _ = writeln!(w, "<li>{}</li>", Msg::Nothing.text(l));
        }
        for f in items {
            let _ = writeln!(
                w,
                "<li>{} · {} → {} ({}): {}</li>",
                esc(&views::stage_name(p, &f.stage, l)),
                esc(&f.reviewer),
                esc(&f.cluster_id),
                NumKind::Exact.text(f.score),
                esc(&tables::process::flag_detail(f, l))
            );
        }
        let _ = writeln!(w, "</ul>");
    }
    let _ = write!(w, "<h3>{}</h3>", Msg::Agreement.text(l));
    let t = tables::process::agreement(p).select(vec![
        (Col::Stage, Column::label(Msg::Stage, Kind::Text)),
        (Col::Track, Column::label(Msg::Track, Kind::Text)),
        (Col::Clusters, Column::symbol("n", Kind::Integer)),
        (Col::Reviewers, Column::symbol("m", Kind::Integer)),
        (
            Col::KendallW,
            Column::symbol("W", Kind::Shown(NumKind::Index { digits: 3 })),
        ),
        (
            Col::Chi2,
            Column::symbol("χ²", Kind::Shown(NumKind::Index { digits: 3 })),
        ),
        (Col::Df, Column::symbol("df", Kind::Integer)),
        (
            Col::PValue,
            Column::symbol("p", Kind::Shown(NumKind::PValue)),
        ),
    ]);
    let layout = Layout {
        attrs: "",
        num_class: true,
        after: "\n",
    };
    table::table(w, &t, l, layout, |_| "");
}
