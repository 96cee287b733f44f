//! The scorecard of one cluster: its total, the radar of its node scores,
//! and every indicator with a trace that opens on a click (submitted
//! cells, unit and conversion, imputation, treatment, transforms,
//! normalisation, points, rule).

use super::table::{self, Td};
use super::{charts, cluster_name, esc, Lang};
use crate::audit::{ClusterResult, RoundResult};
use crate::report::msg::{provenance, trace, Msg, Story};
use crate::report::number::{fixed, NumKind, NONE};
use crate::report::trace_text;
use crate::report::views::{self, rank_text};
use std::fmt::Write;

/// One cluster's card.
pub(super) fn scorecard(
    w: &mut String,
    r: &RoundResult,
    c: &ClusterResult,
    medians: &[(usize, f64)],
    l: Lang,
) {
    let _ = writeln!(
        w,
        "<section class=\"card\" id=\"c-{}\"><h3>{}</h3>",
        esc(&c.cluster_id),
        heading(r, c, l)
    );
    if !c.tie_note.is_empty() {
        let note = crate::report::msg::notes::tie_notes(&c.tie_note, l);
        let _ = writeln!(w, "<p class=\"muted\">{}</p>", esc(&note));
    }
    let _ = writeln!(w, "<p class=\"muted\">{}</p>", Msg::Radar.text(l));
    charts::radar(w, r, c, medians, l);
    table::open(w, "", &heads(l));
    for (t, info) in c.indicators.iter().zip(&r.indicators) {
        let [value, normalised, points] = cells(r, t, info, l);
        let points = format!(
            "<details><summary>{points}</summary>{}</details>",
            trace_table(r, &c.cluster_id, t, info, l)
        );
        let cells = [
            Td::text(l.pick(&info.name_zh, &info.name_en)),
            Td::num(value),
            Td::num(normalised),
            Td::html(points),
        ];
        table::row(w, "", &cells);
    }
    table::close(w, "</section>\n");
}

/// The heading of a card (markup): id, name, then in a competition the
/// decision and its rank with the indicator score rank labelled as such,
/// otherwise the rank; then the (indicator) score.
pub(super) fn heading(r: &RoundResult, c: &ClusterResult, l: Lang) -> String {
    let score = NumKind::Score {
        decimals: r.framework.display_decimals,
    };
    let decision = r
        .process
        .as_ref()
        .filter(|_| views::is_competition(r))
        .and_then(|p| p.decisions.iter().find(|d| d.cluster_id == c.cluster_id));
    let lead = match decision {
        Some(d) => format!(
            "{} · {} {} · {} {}",
            esc(if l == Lang::Zh {
                &d.status_zh
            } else {
                &d.status
            }),
            Story::DecisionRank.text(l),
            d.rank.map_or_else(|| NONE.to_string(), |k| k.to_string()),
            Story::IndicatorRank.text(l),
            rank_text(c.rank, c.tied)
        ),
        None => rank_text(c.rank, c.tied),
    };
    format!(
        "{} {} · {lead} · {} {}",
        esc(&c.cluster_id),
        esc(cluster_name(c, l)),
        if decision.is_some() {
            Story::IndicatorScore.text(l)
        } else {
            Msg::Total.text(l)
        },
        score.text(c.total)
    )
}

/// The column heads of a card's indicator table.
pub(super) fn heads(l: Lang) -> [String; 4] {
    [Msg::Indicator, Msg::Value, Msg::Normalised, Msg::Points].map(|m| m.text(l).to_string())
}

/// An indicator's value (with its unit), normalised score and points (of
/// the possible), as markup.
pub(super) fn cells(
    r: &RoundResult,
    t: &crate::audit::IndicatorTrace,
    info: &crate::audit::IndicatorInfo,
    l: Lang,
) -> [String; 3] {
    let score = NumKind::Score {
        decimals: r.framework.display_decimals,
    };
    let value = t
        .imputed_value
        .map(|v| esc(&views::indicator_value(r, info, v, l)))
        .unwrap_or_else(|| NONE.into());
    [
        value,
        fixed(t.normalised, 1),
        format!("{} / {}", score.text(t.points), score.text(t.points_max)),
    ]
}

/// The trace of one indicator value, one line per step.
fn trace_table(
    r: &RoundResult,
    cluster_id: &str,
    t: &crate::audit::IndicatorTrace,
    info: &crate::audit::IndicatorInfo,
    l: Lang,
) -> String {
    let decimals = r.framework.display_decimals;
    // Submitted figures exactly; what is computed from them as amounts,
    // scores at the display decimals.
    let amount = NumKind::Amount { decimals };
    let score = NumKind::Score { decimals };
    let mut s = String::from("<table class=\"trace\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td></tr>", k, v);
    };
    for i in &t.inputs {
        let src = esc(&trace_text::source(r, cluster_id, i, l));
        row(
            Msg::Submitted.text(l),
            format!(
                "{}{}",
                esc(&trace_text::input_of(r, i, l)),
                trace::Tr::SourceOf.fill(l, &[&src])
            ),
        );
    }
    row(
        Msg::Formula.text(l),
        esc(&provenance::formula(&t.formula, l)),
    );
    if let Some(m) = &t.missing_reason {
        row(
            Msg::Missing.text(l),
            esc(&provenance::missing(m, &trace_text::field_name(r, l), l)),
        );
    }
    if !t.imputation.is_empty() {
        row(
            Msg::Imputation.text(l),
            format!(
                "{} → {}",
                esc(&trace::imputation(&t.imputation, l)),
                amount.or_none(t.imputed_value)
            ),
        );
    }
    if !t.treatment.is_empty() {
        row(
            Msg::Treatment.text(l),
            format!(
                "{} → {}",
                esc(&trace::treatment(&t.treatment, l)),
                amount.or_none(t.treated)
            ),
        );
    }
    if !info.transforms.is_empty() {
        row(
            Msg::Transforms.text(l),
            format!(
                "{} → {}",
                esc(&trace::transforms(&info.transforms, l)),
                amount.or_none(t.transformed)
            ),
        );
    }
    row(
        Msg::Rule.text(l),
        esc(&trace_text::rule_line(
            &info.rule,
            &info.scoring,
            &info.direction,
            l,
        )),
    );
    row(Msg::Normalised.text(l), score.text(t.normalised));
    row(
        Msg::Points.text(l),
        format!("{} / {}", score.text(t.points), score.text(t.points_max)),
    );
    s.push_str("</table>");
    s
}
