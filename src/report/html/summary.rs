//! summary.html: the one-page summary for leadership, in one language,
//! self-contained and printable on one A4 page.
//!
//! It states the result (a competition: the selected clusters and those
//! tied at the quota line; a mid-term round: the grade distribution and the
//! outcomes that need action; a round without a process: the top three and
//! the grades), the key figures (for a process, from its one count,
//! `process::Counts`: entered, failed a gate, scored, in the final stage,
//! selected), the robustness in one sentence when `[robustness]` ran, and
//! the grade changes since the last round when the round has a history.
//! Each figure carries `data-figure` and each listed cluster
//! `data-cluster`, so that a reader (or a test) can find them.

use super::{esc, head, Lang};
use crate::audit::decisions::DecisionRow;
use crate::audit::{GradeInfo, ProcessView, RoundResult};
use crate::report::msg::{Msg, Words};
use crate::report::number::fixed;
use std::fmt::Write;

/// The summary's own styles (after the report's).
const STYLE: &str = "body{max-width:800px;margin:16px auto;font-size:14px}\
h1{font-size:20px;margin:0 0 4px}h2{margin-top:18px;font-size:16px}\
dl.figures{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}\
dl.figures div{border:1px solid #bbb;border-radius:6px;padding:6px 12px;min-width:110px}\
dl.figures dt{font-size:12px;color:#555}dl.figures dd{margin:0;font-size:22px;font-weight:bold}\
ol.list,ul.list{columns:2;column-gap:28px;margin:6px 0;padding-left:22px}\
ol.list li,ul.list li{break-inside:avoid;margin:2px 0}\
@media print{body{margin:0;font-size:12px}h2{break-after:avoid}}";

/// The page.
pub fn summary_html(r: &RoundResult, l: Lang) -> String {
    let mut s = String::new();
    let w = &mut s;
    let title = format!(
        "{} · {}",
        l.pick(&r.round.name_zh, &r.round.name_en),
        Words::SummaryTitle.text(l)
    );
    head(w, l, &title, true);
    w.push_str(&super::print::page_style(r, l));
    let _ = writeln!(w, "<style>{STYLE}</style>");
    let _ = writeln!(
        w,
        "<p class=\"muted\">{}{}{}</p>",
        Words::DataYear.text(l),
        if l == Lang::Zh { "：" } else { ": " },
        r.round.current_year
    );
    if r.round.synthetic {
        let _ = writeln!(w, "<p class=\"banner\">{}</p>", Msg::Synthetic.text(l));
    }
    match &r.process {
        Some(p) if p.kind == "competition" => competition(w, p, l),
        Some(p) if p.kind == "midterm" => midterm(w, r, p, l),
        _ => no_process(w, r, l),
    }
    robustness(w, r, l);
    if let Some(p) = &r.process {
        movers(w, p, l);
    }
    let _ = writeln!(
        w,
        "<p class=\"muted\">{} cluster-eval {}</p>\n</body>\n</html>",
        Msg::Generated.text(l),
        esc(&r.tool.version)
    );
    s
}

/// The key figures: (id, label, value).
fn figures(w: &mut String, items: &[(&str, String, usize)]) {
    w.push_str("<dl class=\"figures\">");
    for (id, label, n) in items {
        let _ = write!(
            w,
            "<div data-figure=\"{id}\"><dt>{}</dt><dd>{n}</dd></div>",
            esc(label)
        );
    }
    w.push_str("</dl>\n");
}

fn name(d: &DecisionRow, l: Lang) -> String {
    format!(
        "{} {}",
        esc(&d.cluster_id),
        esc(l.pick(&d.name_zh, &d.name_en))
    )
}

fn grade_name(g: &GradeInfo, l: Lang) -> &str {
    l.pick(&g.name_zh, &g.name_en)
}

fn competition(w: &mut String, p: &ProcessView, l: Lang) {
    let n = &p.counts;
    let entered = p.decisions.len();
    let scored = entered.saturating_sub(n.failed_gate + n.screened_out);
    let mut items = vec![
        ("entered", Words::Entered.text(l).to_string(), entered),
        (
            "failed_gate",
            Words::FailedGate.text(l).to_string(),
            n.failed_gate,
        ),
    ];
    if n.screened_out > 0 {
        items.push((
            "screened_out",
            Words::ScreenedOut.text(l).into(),
            n.screened_out,
        ));
    }
    items.push(("scored", Words::Scored.text(l).into(), scored));
    if let Some(q) = n.quota {
        items.push(("finalists", Words::Finalists.text(l).into(), n.finalists));
        items.push(("quota", Words::Quota.text(l).into(), q));
    }
    items.push(("selected", Words::Selected.text(l).into(), n.selected));
    let tied = n.tied_at_quota + n.depends_on_tie;
    if tied > 0 {
        items.push(("tied", Words::TiedAtQuota.text(l).into(), tied));
    }
    let _ = writeln!(w, "<h2>{}</h2>", Words::SelectedClusters.text(l));
    w.push_str("<ol class=\"list\">");
    for d in p.decisions.iter().filter(|d| d.status == "selected") {
        let _ = write!(
            w,
            "<li data-cluster=\"{}\">{} <span class=\"muted\">{}</span></li>",
            esc(&d.cluster_id),
            name(d, l),
            d.final_score
                .map(|x| fixed(x, p.decimals))
                .unwrap_or_default()
        );
    }
    w.push_str("</ol>\n");
    let open: Vec<_> = p
        .decisions
        .iter()
        .filter(|d| d.status == "tied_at_quota" || d.status == "depends_on_tie")
        .collect();
    if !open.is_empty() {
        let _ = writeln!(
            w,
            "<h2>{}</h2>\n<ul class=\"list\">",
            Words::TiedClusters.text(l)
        );
        for d in open {
            let _ = write!(
                w,
                "<li data-tied=\"{}\">{}</li>",
                esc(&d.cluster_id),
                name(d, l)
            );
        }
        w.push_str("</ul>\n");
    }
    let _ = writeln!(w, "<h2>{}</h2>", Words::KeyFigures.text(l));
    figures(w, &items);
}

/// The grades of `r`'s framework, in order, then "no grade", each with the
/// number of `grades` that are it.
fn grade_counts<'a>(
    r: &RoundResult,
    grades: impl Iterator<Item = Option<&'a GradeInfo>>,
    l: Lang,
) -> Vec<(String, String, usize)> {
    let mut counts = vec![0usize; r.grades.len() + 1];
    for g in grades {
        let k = g
            .and_then(|g| r.grades.iter().position(|x| x.id == g.id))
            .unwrap_or(r.grades.len());
        counts[k] += 1;
    }
    let mut out: Vec<(String, String, usize)> = r
        .grades
        .iter()
        .zip(&counts)
        .map(|(g, n)| (format!("grade-{}", g.id), grade_name(g, l).to_string(), *n))
        .collect();
    if counts[r.grades.len()] > 0 {
        out.push((
            "grade-none".into(),
            Words::NoGrade.text(l).into(),
            counts[r.grades.len()],
        ));
    }
    out
}

fn grade_figures(
    w: &mut String,
    total: (&str, Words, usize),
    grades: &[(String, String, usize)],
    l: Lang,
) {
    let mut items: Vec<(&str, String, usize)> = vec![(total.0, total.1.text(l).into(), total.2)];
    items.extend(
        grades
            .iter()
            .map(|(id, label, n)| (id.as_str(), label.clone(), *n)),
    );
    figures(w, &items);
}

fn midterm(w: &mut String, r: &RoundResult, p: &ProcessView, l: Lang) {
    let _ = writeln!(w, "<h2>{}</h2>", Words::Grades.text(l));
    let grades = grade_counts(r, p.decisions.iter().map(|d| d.grade.as_ref()), l);
    grade_figures(
        w,
        ("evaluated", Words::Evaluated, p.decisions.len()),
        &grades,
        l,
    );
    let _ = writeln!(w, "<h2>{}</h2>", Words::NeedAction.text(l));
    let action: Vec<_> = p
        .decisions
        .iter()
        .filter(|d| d.outcome.as_deref().is_some_and(|o| o != "continue"))
        .collect();
    if action.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", Words::NoneNeedAction.text(l));
        return;
    }
    w.push_str("<ul>");
    for d in action {
        let outcome = if l == Lang::Zh {
            d.outcome_zh.as_deref().unwrap_or_default()
        } else {
            d.outcome.as_deref().unwrap_or_default()
        };
        let grade = d
            .grade
            .as_ref()
            .map_or(Words::NoGrade.text(l), |g| grade_name(g, l));
        let _ = write!(
            w,
            "<li data-action=\"{}\" data-outcome=\"{}\">{}: <b>{}</b> ({})</li>",
            esc(&d.cluster_id),
            esc(d.outcome.as_deref().unwrap_or_default()),
            name(d, l),
            esc(outcome),
            esc(grade)
        );
    }
    w.push_str("</ul>\n");
}

fn no_process(w: &mut String, r: &RoundResult, l: Lang) {
    let _ = writeln!(w, "<h2>{}</h2>\n<ol class=\"list\">", Words::Top.text(l));
    for c in r.clusters.iter().take(3) {
        let _ = write!(
            w,
            "<li data-cluster=\"{}\">{} {} <span class=\"muted\">{}</span></li>",
            esc(&c.cluster_id),
            esc(&c.cluster_id),
            esc(l.pick(&c.name_zh, &c.name_en)),
            fixed(c.total, 2)
        );
    }
    w.push_str("</ol>\n");
    let _ = writeln!(w, "<h2>{}</h2>", Words::KeyFigures.text(l));
    let grades = if r.grades.is_empty() {
        Vec::new()
    } else {
        grade_counts(r, r.clusters.iter().map(|c| c.grade.as_ref()), l)
    };
    grade_figures(
        w,
        ("clusters", Words::Evaluated, r.clusters.len()),
        &grades,
        l,
    );
}

/// The robustness in one sentence: how many of the top places (or
/// grades) hold in at least 95 % of the draws, and the choice the result
/// depends on most.
fn robustness(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(rb) = &r.robustness else {
        return;
    };
    let mut parts = Vec::new();
    let grades_kept =
        !r.grades.is_empty() && r.process.as_ref().is_none_or(|p| p.kind != "competition");
    if grades_kept {
        let mut n = 0;
        let mut kept = 0;
        for c in &rb.clusters {
            let grade = r
                .clusters
                .iter()
                .find(|x| x.cluster_id == c.cluster_id)
                .and_then(|x| x.grade.as_ref());
            let Some(g) = grade else { continue };
            n += 1;
            let k = rb.grades.iter().position(|id| *id == g.id);
            if k.and_then(|k| c.p_grade.get(k)).is_some_and(|p| *p >= 0.95) {
                kept += 1;
            }
        }
        parts.push(Words::RobustGrades.fill(l, &[&n, &kept]));
    }
    if rb.select > 0 {
        let stable = rb
            .clusters
            .iter()
            .filter(|c| c.nominal_rank <= rb.select && c.p_selected >= 0.95)
            .count();
        parts.push(Words::RobustSelected.fill(l, &[&rb.select, &stable, &rb.replications]));
    }
    let mut text = parts.join(if l == Lang::Zh { "；" } else { "; " });
    let top = rb
        .factors
        .iter()
        .filter(|f| f.total.value.is_finite())
        .max_by(|a, b| a.total.value.total_cmp(&b.total.value));
    if let Some(f) = top {
        let factor = match f.factor.as_str() {
            "weights" => Words::FactorWeights.text(l).to_string(),
            "exclusion" => Words::FactorExclusion.text(l).to_string(),
            "normalisation" => Words::FactorNormalisation.text(l).to_string(),
            "aggregation" => Words::FactorAggregation.text(l).to_string(),
            other => other.to_string(),
        };
        text.push_str(if l == Lang::Zh { "；" } else { "; " });
        text.push_str(&Words::RobustFactor.fill(l, &[&esc(&factor), &fixed(f.total.value, 2)]));
    } else {
        text.push_str(if l == Lang::Zh { "。" } else { "." });
    }
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<p data-figure=\"robustness\">{text}</p>",
        Words::Robustness.text(l)
    );
}

/// The clusters whose grade differs from the one of the latest earlier
/// round (a history), better first.
fn movers(w: &mut String, p: &ProcessView, l: Lang) {
    let with_history: Vec<_> = p
        .decisions
        .iter()
        .filter(|d| d.last_grade.is_some())
        .collect();
    if with_history.is_empty() {
        return;
    }
    let _ = writeln!(w, "<h2>{}</h2>", Words::Movers.text(l));
    let mut moved: Vec<(&DecisionRow, &(i32, GradeInfo))> = with_history
        .into_iter()
        .filter_map(|d| {
            let last = d.last_grade.as_ref()?;
            let now = d.grade.as_ref().map(|g| g.id.as_str());
            (now != Some(last.1.id.as_str())).then_some((d, last))
        })
        .collect();
    if moved.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", Words::NoMovers.text(l));
        return;
    }
    let min = |d: &DecisionRow| d.grade.as_ref().map_or(f64::NEG_INFINITY, |g| g.min);
    moved.sort_by(|a, b| (min(b.0) - b.1 .1.min).total_cmp(&(min(a.0) - a.1 .1.min)));
    w.push_str("<ul class=\"list\">");
    for (d, (year, last)) in moved {
        let up = min(d) > last.min;
        let now = d
            .grade
            .as_ref()
            .map_or(Words::NoGrade.text(l), |g| grade_name(g, l));
        let _ =
            write!(
            w,
            "<li data-mover=\"{}\" data-from=\"{}\" data-to=\"{}\">{}: {year} {} → {} ({})</li>",
            esc(&d.cluster_id),
            esc(&last.id),
            esc(d.grade.as_ref().map_or("", |g| g.id.as_str())),
            name(d, l),
            esc(grade_name(last, l)),
            esc(now),
            if up { Words::Up.text(l) } else { Words::Down.text(l) }
        );
    }
    w.push_str("</ul>\n");
}
