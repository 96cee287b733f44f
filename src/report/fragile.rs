//! The text of `whatif --fragile` (issue 20, item 3): the decisions within
//! a margin of a grade cut-off or of the quota line, as a table (cluster,
//! its grade or selection, the line, the distance in points, the indicator
//! whose change flips the decision, submitted → needed, the change), then
//! a sentence per decision that rests on a tie-break; one language at a
//! time (the words in `msg::fragile`). It computes nothing: the list is
//! `Scenario::fragile`'s.

use super::msg::fragile::FragileMsg as F;
use super::msg::Lang;
use super::whatif::{num, value_text};
use crate::framework::trim_float;
use crate::whatif::fragile::{Flip, Fragile, Line, Side};
use crate::whatif::Scenario;

/// The whole list as text; `margin` is the one it was found with.
pub fn text(s: &Scenario, margin: f64, list: &[Fragile], lang: Lang) -> String {
    let mut out = F::Title.fill(lang, &[&trim_float(margin)]);
    out.push('\n');
    let quota = s.plan.as_ref().is_some_and(|p| p.process.quota.is_some());
    if !quota && s.round.framework.grades.is_empty() {
        out.push_str(F::NoLines.text(lang));
        out.push('\n');
        return out;
    }
    if list.is_empty() {
        out.push_str(&F::None.fill(lang, &[&trim_float(margin)]));
        out.push('\n');
        return out;
    }
    out.push_str(F::Method.text(lang));
    out.push_str("\n\n");
    out.push_str(F::Header.text(lang));
    out.push('\n');
    for f in list {
        out.push_str(&row(s, f, lang));
        out.push('\n');
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for f in list.iter().filter(|f| f.tie) {
        let mut group: Vec<usize> = f.tied_with.clone();
        group.push(f.cluster);
        group.sort_unstable();
        if groups.contains(&group) {
            continue;
        }
        let ids: Vec<&str> = group.iter().map(|&c| cluster_id(s, c)).collect();
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        out.push_str(if groups.is_empty() { "\n" } else { "" });
        out.push_str(&F::Tie.fill(lang, &[&ids.join(sep), &num(f.score)]));
        out.push('\n');
        groups.push(group);
    }
    out
}

fn cluster_id(s: &Scenario, c: usize) -> &str {
    &s.round.registry.clusters[c].id
}

/// One decision's row.
fn row(s: &Scenario, f: &Fragile, lang: Lang) -> String {
    let fw = &s.round.framework;
    let c = &s.round.registry.clusters[f.cluster];
    let place = &s.base.places[f.cluster];
    let grade_name = |g: usize| {
        let gr = &fw.grades[g];
        lang.pick(&gr.name_zh, &gr.name_en).to_string()
    };
    let decision = match f.line {
        Line::Quota if place.selected => F::Selected.text(lang).to_string(),
        Line::Quota => F::NotSelected.text(lang).to_string(),
        Line::GradeCut(_) => place
            .grade
            .map_or_else(|| F::NoGrade.text(lang).to_string(), grade_name),
    };
    let line = match f.line {
        Line::Quota => F::Quota.fill(lang, &[&num(f.line_score)]),
        Line::GradeCut(g) => F::GradeCut.fill(lang, &[&grade_name(g), &num(f.line_score)]),
    };
    let distance = match f.side {
        Side::Above => F::Above.fill(lang, &[&num(f.distance_points)]),
        Side::Below => F::Below.fill(lang, &[&num(f.distance_points)]),
    };
    let head = format!(
        "{} {} | {decision} | {line} | {distance}",
        c.id,
        lang.pick(&c.name_zh, &c.name_en)
    );
    match &f.flip {
        Some(flip) => format!("{head} | {}", flip_text(s, f.cluster, flip, lang)),
        None => format!("{head} | {}", F::NoFlip.text(lang)),
    }
}

/// indicator | submitted → needed | change.
fn flip_text(s: &Scenario, own: usize, flip: &Flip, lang: Lang) -> String {
    let fw = &s.round.framework;
    let ind = &fw.indicators[flip.indicator];
    let name = format!("{} {}", ind.id, lang.pick(&ind.name_zh, &ind.name_en));
    let name = if flip.cluster == own {
        name
    } else {
        F::OtherCluster.fill(lang, &[&cluster_id(s, flip.cluster), &name])
    };
    let submitted = flip.submitted.map_or_else(
        || F::Missing.text(lang).to_string(),
        |v| value_text(fw, flip.indicator, v, flip.step, lang),
    );
    let needed = value_text(fw, flip.indicator, flip.needed, flip.step, lang);
    let change = flip
        .change_pct()
        .map_or_else(|| "—".to_string(), |p| format!("{p:+.2}%"));
    let gate = flip.gate.as_ref().map_or_else(String::new, |g| {
        let condition = s
            .plan
            .as_ref()
            .and_then(|p| p.process.gates.iter().find(|x| &x.id == g))
            .map_or(g.as_str(), |x| x.condition.as_str());
        F::FailsGate.fill(lang, &[&condition])
    });
    format!("{name} | {submitted} → {needed} | {change}{gate}")
}
