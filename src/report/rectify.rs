//! The rectification list (整改清单) as people read it, built once for
//! report.md, report.html, the documents and `explain` from the result's
//! entries (`audit::whatif::Rectification`): the section's introduction,
//! each cluster's line (standing, score, target, gap), the weakest
//! indicators and the plan as display tables, the plan's outcome and what
//! the plan means for the cluster's own targets. It computes nothing; it
//! words the entries, in one language, numbers by the display policy
//! (scores at the framework's display decimals, values in their unit).

use super::msg::rectify::Rect;
use super::msg::{term, Lang};
use super::number::{NumKind, Share};
use super::table::{Cell, Column, Kind, Table};
use super::views::value_in_unit;
use crate::audit::whatif::{PlanView, PlannedMove, ProgressNeed, Rectification, WEAKEST};
use crate::audit::RoundResult;
use crate::whatif::search::MAX_CHANGE;

/// Scores at the display decimals.
fn score(decimals: u32) -> NumKind {
    NumKind::Score { decimals }
}

/// The section's introduction: who is listed, and how the plans are made.
pub fn intro(r: &RoundResult, l: Lang) -> String {
    let midterm = r.process.as_ref().is_some_and(|p| p.kind == "midterm");
    let first = if midterm {
        let n = r.grades.len();
        let low: Vec<String> = r
            .grades
            .iter()
            .skip(n.saturating_sub(2))
            .map(|g| term::grade(&g.name_zh, &g.name_en, l))
            .collect();
        let (a, b) = match low.as_slice() {
            [a, b] => (a.clone(), b.clone()),
            [a] => (a.clone(), a.clone()),
            _ => (String::new(), String::new()),
        };
        Rect::IntroMidterm.fill(l, &[&a, &b, &WEAKEST])
    } else {
        Rect::IntroCompetition.fill(l, &[&WEAKEST])
    };
    let pct = format!("{:.0}", MAX_CHANGE * 100.0);
    format!("{first}{}{}", sep(l), Rect::IntroPlan.fill(l, &[&pct]))
}

fn sep(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "",
        Lang::En => " ",
    }
}

/// "HB09 沧州市…" : the entry's title.
pub fn title(e: &Rectification, l: Lang) -> String {
    format!("{} {}", e.cluster_id, l.pick(&e.name_zh, &e.name_en))
}

/// The standing's word: the grade (mid-term) or the status.
fn standing(e: &Rectification, l: Lang) -> String {
    if e.standing_en.is_empty() {
        term::status_id(&e.standing, l)
    } else {
        term::grade(&e.standing_zh, &e.standing_en, l)
    }
}

/// The target in words.
pub fn target_text(e: &Rectification, l: Lang) -> Option<String> {
    let t = e.target.as_ref()?;
    Some(match t.kind.as_str() {
        "grade" => Rect::TargetGrade.fill(l, &[&term::grade(&t.name_zh, &t.name_en, l)]),
        "rank" => Rect::TargetRank.fill(l, &[&t.rank.unwrap_or(0)]),
        "stage" => Rect::TargetStage.fill(l, &[&l.pick(&t.name_zh, &t.name_en)]),
        _ => Rect::TargetQuota.text(l).to_string(),
    })
}

/// The entry's line: standing, score, target and gap.
pub fn line(e: &Rectification, decimals: u32, l: Lang) -> String {
    let s = score(decimals);
    let now = s.or_none(e.score);
    match target_text(e, l) {
        Some(t) => Rect::Standing.fill(l, &[&standing(e, l), &now, &t, &s.or_none(e.gap)]),
        None => Rect::NoTarget.fill(l, &[&standing(e, l), &now]),
    }
}

/// The weakest indicators: place, indicator, points, median, shortfall.
pub fn weak_table(e: &Rectification, decimals: u32, l: Lang) -> Table {
    let s = Kind::Shown(score(decimals));
    let mut t = Table::new(vec![
        column(Rect::Place, Kind::Integer),
        column(Rect::Indicator, Kind::Text),
        column(Rect::Points, s),
        column(Rect::Median, s),
        column(Rect::Below, s),
    ]);
    for w in &e.weakest {
        t.push(vec![
            Cell::count(w.rank),
            Cell::input(format!(
                "{} {}",
                w.indicator,
                l.pick(&w.name_zh, &w.name_en)
            )),
            Cell::Num(w.points),
            Cell::Num(w.median),
            Cell::Num(w.shortfall),
        ]);
    }
    t
}

fn column(m: Rect, kind: Kind) -> Column {
    Column::text(
        m.text(Lang::Zh).to_string(),
        m.text(Lang::En).to_string(),
        kind,
    )
}

/// A move's value in its unit (whole when its grid is 1).
fn value(m: &PlannedMove, v: f64, l: Lang) -> String {
    value_in_unit(m.step >= 1.0, &m.unit, &m.unit_en, 2, v, l)
}

/// "+12.1%" (a sign on a rise), or the dash.
pub fn change(p: Option<f64>) -> String {
    let kind = NumKind::Percent {
        given: Share::Points,
        decimals: 1,
    };
    match p {
        Some(x) if x > 0.0 => format!("+{}", kind.text(x)),
        other => kind.or_none(other),
    }
}

/// The plan's moves: indicator, submitted, plan value, change (None: no
/// plan was found or computed).
pub fn plan_table(e: &Rectification, l: Lang) -> Option<Table> {
    let Some(PlanView::Found { moves, .. }) = &e.plan else {
        return None;
    };
    let mut t = Table::new(vec![
        column(Rect::Indicator, Kind::Text),
        column(Rect::Submitted, Kind::Integer),
        column(Rect::Planned, Kind::Integer),
        column(Rect::Change, Kind::Integer),
    ]);
    for m in moves {
        t.push(vec![
            Cell::input(format!(
                "{} {}",
                m.indicator,
                l.pick(&m.name_zh, &m.name_en)
            )),
            Cell::Text(
                m.submitted
                    .map_or_else(|| Rect::Missing.text(l).to_string(), |v| value(m, v, l)),
            ),
            Cell::Text(value(m, m.planned, l)),
            Cell::Text(change(m.change_pct)),
        ]);
    }
    Some(t)
}

/// What the plan comes to: the score re-decided, or that there is none.
pub fn plan_outcome(e: &Rectification, decimals: u32, l: Lang) -> String {
    match &e.plan {
        Some(PlanView::Found {
            score: now, fewest, ..
        }) => {
            let mut s = Rect::PlanTotal.fill(l, &[&score(decimals).or_none(*now)]);
            if !fewest {
                s.push_str(sep(l));
                s.push_str(Rect::Greedy.text(l));
            }
            s
        }
        Some(PlanView::NoPlan) => Rect::NoPlan.text(l).to_string(),
        None if e.target.is_some() => Rect::NotScored.text(l).to_string(),
        None => String::new(),
    }
}

/// One line per planned move on a field with a target.
pub fn progress_lines(e: &Rectification, l: Lang) -> Vec<String> {
    e.progress.iter().map(|p| progress_line(p, l)).collect()
}

fn progress_line(p: &ProgressNeed, l: Lang) -> String {
    let amount = |v: f64| value_in_unit(p.count, &p.unit, &p.unit_en, 2, v, l);
    let pct = NumKind::Percent {
        given: Share::Fraction,
        decimals: 1,
    };
    let words = if p.declared {
        Rect::ProgressLine
    } else {
        Rect::ProgressLineFixed
    };
    let mut s = words.fill(
        l,
        &[
            &l.pick(&p.name_zh, &p.name_en),
            &p.current
                .map_or_else(|| Rect::Missing.text(l).to_string(), amount),
            &amount(p.needed),
            &p.target_year,
            &amount(p.target),
            &pct.or_none(p.share_needed),
            &pct.or_none(p.share_now),
        ],
    );
    if let Some(need) = p.progress_needed {
        s.push_str(&Rect::ProgressFromBase.fill(
            l,
            &[
                &p.baseline_year,
                &pct.text(need),
                &pct.or_none(p.progress_now),
            ],
        ));
    }
    s
}

/// The entry as plain text (`explain`): the line, the weakest indicators,
/// the plan and its outcome, the progress lines.
pub fn plain(e: &Rectification, decimals: u32, l: Lang) -> String {
    let colon = match l {
        Lang::Zh => "：",
        Lang::En => ":",
    };
    let mut out = format!(
        "{}\n  {}\n",
        Rect::ExplainHeading.text(l),
        line(e, decimals, l)
    );
    out.push_str(&format!("  {}{colon}\n", Rect::Weakest.text(l)));
    if e.weakest.is_empty() {
        out.push_str(&format!("    {}\n", Rect::NoWeak.text(l)));
    }
    let s = score(decimals);
    for w in &e.weakest {
        out.push_str(&format!(
            "    {}. {} {}: {} {} / {} {} / {} {}\n",
            w.rank,
            w.indicator,
            l.pick(&w.name_zh, &w.name_en),
            Rect::Points.text(l),
            s.text(w.points),
            Rect::Median.text(l),
            s.text(w.median),
            Rect::Below.text(l),
            s.text(w.shortfall)
        ));
    }
    if let Some(t) = plan_table(e, l) {
        out.push_str(&format!("  {}{colon}\n", Rect::PlanHeading.text(l)));
        for row in &t.rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&t.columns)
                .map(|(c, col)| c.shown(col.kind))
                .collect();
            out.push_str(&format!(
                "    {}: {} → {} ({})\n",
                cells[0], cells[1], cells[2], cells[3]
            ));
        }
    }
    let outcome = plan_outcome(e, decimals, l);
    if !outcome.is_empty() {
        out.push_str(&format!("  {outcome}\n"));
    }
    let lines = progress_lines(e, l);
    if !lines.is_empty() {
        out.push_str(&format!("  {}{colon}\n", Rect::ProgressHeading.text(l)));
        for p in lines {
            out.push_str(&format!("    {p}\n"));
        }
    }
    out
}

/// The entry of cluster `id` in a run's scores.json, as plain text
/// (`explain`); None when it is not on the list (or the run predates it).
pub fn explained(r: &serde_json::Value, id: &str, l: Lang) -> Option<String> {
    let list: Vec<Rectification> = serde_json::from_value(r["rectification"].clone()).ok()?;
    let e = list.iter().find(|e| e.cluster_id == id)?;
    let decimals = r["framework"]["display_decimals"].as_u64().unwrap_or(2) as u32;
    Some(plain(e, decimals, l))
}
