//! The scorecard of one cluster: its total, the radar of its node scores,
//! and every indicator with a trace that opens on a click (submitted
//! cells, unit and conversion, imputation, treatment, transforms,
//! normalisation, points, rule).

use super::table::{self, Td};
use super::{charts, cluster_name, esc, Lang};
use crate::audit::{ClusterResult, RoundResult};
use crate::report::msg::{term, Msg};
use crate::report::number::{exact, exact_or_none, fixed, NONE};
use crate::report::views::rank_text;
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
        "<section class=\"card\" id=\"c-{}\"><h3>{} · {} {} · {} {}</h3>",
        esc(&c.cluster_id),
        rank_text(c.rank, c.tied),
        esc(&c.cluster_id),
        esc(cluster_name(c, l)),
        Msg::Total.text(l),
        fixed(c.total, 2)
    );
    if !c.tie_note.is_empty() {
        let _ = writeln!(w, "<p class=\"muted\">{}</p>", esc(&c.tie_note));
    }
    let _ = writeln!(w, "<p class=\"muted\">{}</p>", Msg::Radar.text(l));
    charts::radar(w, r, c, medians, l);
    let heads =
        [Msg::Indicator, Msg::Value, Msg::Normalised, Msg::Points].map(|m| m.text(l).to_string());
    table::open(w, "", &heads);
    for (t, info) in c.indicators.iter().zip(&r.indicators) {
        let value = t
            .imputed_value
            .map(|v| format!("{} {}", fixed(v, 4), esc(&term::unit(&info.unit, "", l))))
            .unwrap_or_else(|| NONE.into());
        let points = format!(
            "<details><summary>{} / {}</summary>{}</details>",
            fixed(t.points, 2),
            fixed(t.points_max, 2),
            trace_table(t, info, l)
        );
        let cells = [
            Td::text(l.pick(&info.name_zh, &info.name_en)),
            Td::num(value),
            Td::num(fixed(t.normalised, 1)),
            Td::html(points),
        ];
        table::row(w, "", &cells);
    }
    table::close(w, "</section>\n");
}

/// The trace of one indicator value, one line per step.
fn trace_table(
    t: &crate::audit::IndicatorTrace,
    info: &crate::audit::IndicatorInfo,
    l: Lang,
) -> String {
    let mut s = String::from("<table class=\"trace\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td></tr>", k, v);
    };
    for i in &t.inputs {
        let src = if i.file.is_empty() {
            NONE.to_string()
        } else {
            match i.row {
                0 => esc(&i.source()),
                row => esc(&Msg::CellAt.fill(l, &[&i.file, &row, &i.column])),
            }
        };
        row(
            Msg::Submitted.text(l),
            format!(
                "{}@{}: “{}” {} → ×{} → {} {} ({}: {src})",
                esc(&i.field),
                i.period.as_str(),
                esc(&i.raw),
                esc(&term::unit(&i.unit, "", l)),
                i.factor,
                exact_or_none(i.value),
                esc(&term::unit(&info.unit, "", l)),
                Msg::Source.text(l)
            ),
        );
    }
    row(Msg::Formula.text(l), esc(&t.formula));
    if let Some(m) = &t.missing_reason {
        row(Msg::Missing.text(l), esc(m));
    }
    if !t.imputation.is_empty() {
        row(
            Msg::Imputation.text(l),
            format!(
                "{} → {}",
                esc(&t.imputation),
                exact_or_none(t.imputed_value)
            ),
        );
    }
    if !t.treatment.is_empty() {
        row(
            Msg::Treatment.text(l),
            format!("{} → {}", esc(&t.treatment), exact(t.treated)),
        );
    }
    if !info.transforms.is_empty() {
        row(
            Msg::Transforms.text(l),
            format!(
                "{} → {}",
                esc(&info.transforms.join(" ")),
                exact(t.transformed)
            ),
        );
    }
    row(
        Msg::Rule.text(l),
        format!(
            "{} ({}), {}",
            esc(&info.rule),
            esc(&info.scoring),
            match info.direction.as_str() {
                "higher" => Msg::HigherBetter.text(l).to_string(),
                "lower" => Msg::LowerBetter.text(l).to_string(),
                other => esc(other),
            }
        ),
    );
    row(Msg::Normalised.text(l), exact(Some(t.normalised)));
    row(
        Msg::Points.text(l),
        format!("{} / {}", t.points, t.points_max),
    );
    s.push_str("</table>");
    s
}
