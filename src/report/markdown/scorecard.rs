//! The Markdown scorecard of one cluster: total, grade and ties, every
//! dimension, the strongest and weakest indicators, and the values that
//! were missing.

use super::table::{self, esc};
use super::{grade_name, pts};
use crate::audit::{ClusterResult, RoundResult};
use crate::report::msg::{term, trace, Lang, Msg, Story};
use crate::report::number::NONE;
use crate::report::table::{Cell, Column, Digits, Kind, Table};
use crate::report::views;
use std::fmt::Write;

pub(super) fn scorecard(w: &mut String, r: &RoundResult, c: &ClusterResult, l: Lang) {
    // A competition's card leads with the decision; its indicator score
    // rank is labelled as such, and it hands out no grade.
    let decision = r
        .process
        .as_ref()
        .filter(|_| views::is_competition(r))
        .and_then(|p| p.decisions.iter().find(|d| d.cluster_id == c.cluster_id));
    let heading = match decision {
        Some(_) => String::new(),
        None => format!("{}. ", c.rank),
    };
    let _ = writeln!(
        w,
        "\n### {heading}{} ({})\n\n{} · {}\n",
        esc(l.pick(&c.name_zh, &c.name_en)),
        esc(&c.cluster_id),
        esc(&c.city),
        esc(&c.track)
    );
    let tie = if c.tie_note.is_empty() {
        String::new()
    } else {
        let note = crate::report::msg::notes::tie_notes(&c.tie_note, l);
        format!(" · {}: {}", Msg::Tie.text(l), esc(&note))
    };
    if let Some(d) = decision {
        let _ = writeln!(
            w,
            "- {}: {} · {}: {} · {}: {}",
            Story::Decision.text(l),
            esc(&term::status_id(&d.status, l)),
            Story::DecisionRank.text(l),
            d.rank.map_or_else(|| NONE.to_string(), |k| k.to_string()),
            Msg::Final.text(l),
            d.final_score
                .map_or_else(|| NONE.to_string(), |x| pts(r, x)),
        );
        let _ = writeln!(
            w,
            "- {}: **{}** / {} · {}: {}{tie}",
            Story::IndicatorScore.text(l),
            pts(r, c.total),
            r.framework.total_points,
            Story::IndicatorRank.text(l),
            views::rank_text(c.rank, c.tied),
        );
    } else {
        let _ = writeln!(
            w,
            "- {}: **{}** / {} · {}: {}{tie}",
            Msg::Total.text(l),
            pts(r, c.total),
            r.framework.total_points,
            Msg::GradeLevel.text(l),
            c.grade
                .as_ref()
                .map(|g| esc(&grade_name(g, l)))
                .unwrap_or_else(|| NONE.into()),
        );
    }
    for d in &r.dimensions {
        let _ = writeln!(
            w,
            "- {}: {} / {}",
            esc(l.pick(&d.name_zh, &d.name_en)),
            pts(r, c.subtotal(&d.id)),
            pts(r, d.points)
        );
    }
    // Strongest and weakest by share of points earned; ties by framework order.
    let mut order: Vec<usize> = (0..c.indicators.len())
        .filter(|&j| c.indicators[j].points_max > 0.0)
        .collect();
    order.sort_by(|&a, &b| {
        c.indicators[b]
            .normalised
            .total_cmp(&c.indicators[a].normalised)
            .then(a.cmp(&b))
    });
    let k = 3.min(order.len());
    let weakest: Vec<usize> = order.iter().rev().take(k).copied().collect();
    for (title, list) in [(Msg::Strongest, &order[..k]), (Msg::Weakest, &weakest[..])] {
        let _ = writeln!(w, "\n**{}**\n", title.text(l));
        table::table(w, &indicators(r, c, list, l), l);
    }
    let imputed: Vec<String> = c
        .indicators
        .iter()
        .zip(&r.indicators)
        .filter(|(t, _)| !t.imputation.is_empty())
        .map(|(t, i)| {
            format!(
                "{}: {}",
                esc(l.pick(&i.name_zh, &i.name_en)),
                esc(&trace::imputation(&t.imputation, l))
            )
        })
        .collect();
    if !imputed.is_empty() {
        let sep = crate::report::msg::reason::separator(l);
        let _ = writeln!(
            w,
            "\n{}: {}",
            Msg::MissingValues.text(l),
            imputed.join(&sep)
        );
    }
}

/// The given indicators of a cluster: value, share of points, points.
fn indicators(r: &RoundResult, c: &ClusterResult, list: &[usize], l: Lang) -> Table {
    let mut t = Table::new(vec![
        Column::label(Msg::Indicator, Kind::Text),
        Column::label(Msg::ValueShort, Kind::Number(Digits::Fixed(2))),
        Column::label(Msg::ScoreShare, Kind::Percent(1)),
        Column::label(Msg::PointsEarned, Kind::Number(Digits::Fixed(2))),
    ]);
    for &j in list {
        let tr = &c.indicators[j];
        let info = &r.indicators[j];
        let value = match tr.value {
            Some(v) => esc(&views::indicator_value(r, info, v, l)),
            None => format!(
                "{} ({})",
                NONE,
                if tr.imputation.is_empty() {
                    Msg::MissingWord.text(l).to_string()
                } else {
                    esc(&trace::imputation(&tr.imputation, l))
                }
            ),
        };
        t.push(vec![
            Cell::Text(l.pick(&info.name_zh, &info.name_en).to_string()),
            Cell::Markup(value),
            Cell::Num(tr.normalised),
            Cell::Text(format!("{} / {}", pts(r, tr.points), pts(r, tr.points_max))),
        ]);
    }
    t
}
