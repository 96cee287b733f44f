//! Display tables that both the Markdown and the HTML report show, built
//! once with the columns each report asks for and formatted by each
//! report's table writer: mid-term progress per field, the roster counts
//! per cluster, the declared figures beyond tolerance, and the data-quality
//! findings.

use super::msg::{Col, Lang, Msg, Story};
use super::number::{amount_decimals, with_unit, NumKind, Share};
use super::table::{Cell, Column, Digits, Kind, Table};
use super::tables;
use crate::audit::decisions::DecisionRow;
use crate::audit::progress_view::RosterComparison;
use crate::audit::{IndicatorInfo, ProcessView, ProgressRow, RosterView, RoundResult};
use crate::framework::Period;
use crate::quality::{Check, Finding};

fn number(decimals: u32) -> Kind {
    Kind::Number(Digits::Fixed(decimals))
}

/// One field's progress: the cluster (under `first`), baseline, current,
/// target, progress p, p / e when `schedule`, CAGR and the status.
pub fn progress(
    rows: &[ProgressRow],
    first: Msg,
    schedule: bool,
    status: impl Fn(&ProgressRow) -> String,
) -> Table {
    // The field's figures (in its unit) with the decimals the smallest of
    // them needs; progress and CAGR are percentages, p / e a ratio.
    let figures = rows
        .iter()
        .flat_map(|p| [p.baseline, p.current, p.target])
        .flatten();
    let amount = Kind::Shown(NumKind::Amount {
        decimals: amount_decimals(figures, 2),
    });
    let mut columns = vec![
        Column::label(first, Kind::Text),
        Column::label(Msg::Baseline, amount),
        Column::label(Msg::Current, amount),
        Column::label(Msg::Target, amount),
        Column::label(
            Msg::Progress,
            Kind::Shown(NumKind::Percent {
                given: Share::Fraction,
                decimals: 1,
            }),
        ),
    ];
    if schedule {
        columns.push(Column::label(Msg::ProgressVsElapsed, number(2)));
    }
    columns.push(Column::label(Msg::Cagr, Kind::Percent(2)));
    columns.push(Column::label(Msg::Status, Kind::Text));
    let mut t = Table::new(columns);
    for p in rows {
        let mut row = vec![
            Cell::input(&p.cluster_id),
            Cell::num(p.baseline),
            Cell::num(p.current),
            Cell::num(p.target),
            Cell::num(p.progress),
        ];
        if schedule {
            row.push(Cell::num(p.schedule));
        }
        row.push(Cell::num(p.cagr));
        row.push(Cell::Text(status(p)));
        t.push(row);
    }
    t
}

/// The duplicate policy of the rosters (`both`, `none`, `fail`) in words.
pub fn duplicate_policy(policy: &str, l: Lang) -> String {
    match policy {
        "both" => Msg::DuplicatesBoth.text(l).to_string(),
        "none" => Msg::DuplicatesNone.text(l).to_string(),
        "fail" => Msg::DuplicatesFail.text(l).to_string(),
        other => other.to_string(),
    }
}

/// Rows listed, counted, rejected and shared per cluster: the roster
/// clusters table under the given labels (`None` leaves a column out),
/// each cluster named in the report's language (the Chinese name where
/// the registry gives no English one).
pub fn roster_counts(v: &RosterView, labels: [Option<Msg>; 6], l: Lang) -> Table {
    let cols = [
        (Col::ClusterId, Kind::Text),
        (Col::NameZh, Kind::Text),
        (Col::Listed, Kind::Integer),
        (Col::Counted, Kind::Integer),
        (Col::Rejected, Kind::Integer),
        (Col::Shared, Kind::Integer),
    ];
    let picks = cols
        .into_iter()
        .zip(labels)
        .filter_map(|((col, kind), label)| label.map(|m| (col, Column::label(m, kind))))
        .collect::<Vec<_>>();
    let name_at = picks.iter().position(|(c, _)| *c == Col::NameZh);
    let mut t = tables::roster::clusters(v).select(picks);
    if let (Some(k), Lang::En) = (name_at, l) {
        for (row, c) in t.rows.iter_mut().zip(&v.clusters) {
            if !c.name_en.is_empty() {
                row[k] = Cell::input(&c.name_en);
            }
        }
    }
    t
}

/// Declared figures that differ from the roster's beyond tolerance: the
/// cluster (under `first`), the field, both figures, the relative
/// difference and the tolerance (percent), and the figure scored.
pub fn mismatches(
    v: &RosterView,
    first: Msg,
    field: impl Fn(&RosterComparison) -> String,
    l: Lang,
) -> Table {
    let mut t = Table::new(vec![
        Column::label(first, Kind::Text),
        Column::label(Msg::Field, Kind::Text),
        Column::label(Msg::Declared, Kind::Shown(NumKind::Exact)),
        Column::label(Msg::Derived, Kind::Shown(NumKind::Exact)),
        Column::label(Msg::Difference, Kind::Percent(1)),
        Column::label(Msg::Tolerance, Kind::Percent(1)),
        Column::label(Msg::Scored, Kind::Text),
    ]);
    let off: Vec<_> = v
        .comparisons
        .iter()
        .filter(|c| c.within == Some(false))
        .collect();
    // Counts as whole numbers; other figures with the decimals the column's
    // smallest value needs (three significant digits, at least two).
    let kind = |c: &RosterComparison| {
        Kind::Shown(if c.count {
            NumKind::Count
        } else {
            let values = [c.declared, c.derived].into_iter().flatten();
            NumKind::Amount {
                decimals: amount_decimals(values, 2),
            }
        })
    };
    for c in off {
        t.push(vec![
            Cell::input(&c.cluster_id),
            Cell::Input(field(c)),
            number_cell(c.declared, kind(c)),
            number_cell(c.derived, kind(c)),
            Cell::num(c.relative.map(|x| x * 100.0)),
            Cell::Num(c.tolerance * 100.0),
            Cell::Text(super::msg::trace::scored(&c.scored, l)),
        ]);
    }
    t
}

/// The clusters of a round: entered, failed a gate, screened out for want
/// of data, and scored. With a process, as its decisions count them (the
/// statuses of decisions.csv); without one, the scored clusters and those
/// screened out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entrants {
    pub entered: usize,
    pub failed_gate: usize,
    pub screened_out: usize,
    pub scored: usize,
}

impl Entrants {
    pub fn of(r: &RoundResult) -> Entrants {
        match &r.process {
            Some(p) => Entrants {
                entered: p.counts.entered(),
                failed_gate: p.counts.failed_gate,
                screened_out: p.counts.screened_out,
                scored: p.counts.scored(),
            },
            None => Entrants {
                entered: r.clusters.len() + r.screened.len(),
                failed_gate: 0,
                screened_out: r.screened.len(),
                scored: r.clusters.len(),
            },
        }
    }

    /// "entered 30, failed a gate 1, scored 29" (a part that is zero is
    /// left out, but for entered and scored).
    pub fn text(&self, l: Lang) -> String {
        let parts = [
            (Story::Entered, self.entered, true),
            (Story::FailedGate, self.failed_gate, false),
            (Story::ScreenedOut, self.screened_out, false),
            (Story::Scored, self.scored, true),
        ];
        parts
            .iter()
            .filter(|(_, n, always)| *always || *n > 0)
            .map(|(k, n, _)| format!("{} {}", k.text(l), NumKind::Count.text(*n as f64)))
            .collect::<Vec<_>>()
            .join(Msg::ListSeparator.text(l))
    }
}

/// Whether the round is a competition: a process that selects within a
/// quota. Its report leads with the decisions and shows the indicator
/// scores as a ranking of their own, without grades.
pub fn is_competition(r: &RoundResult) -> bool {
    r.process.as_ref().is_some_and(|p| p.kind == "competition")
}

/// One line of a round's result: a status (competition), a grade or an
/// outcome (mid-term), and its clusters in decision order.
pub struct ResultGroup<'a> {
    pub zh: String,
    pub en: String,
    pub clusters: Vec<&'a DecisionRow>,
}

/// The result in a few lines. A competition: each status that some
/// cluster has, selected first, then those tied or depending on a tie,
/// those not selected, shortlisted, not shortlisted, screened out and
/// failing a gate. A mid-term: each grade (highest first), then each
/// outcome, in the order of the decisions.
pub fn result_groups(p: &ProcessView) -> Vec<ResultGroup<'_>> {
    fn add<'a>(groups: &mut Vec<ResultGroup<'a>>, zh: &str, en: &str, d: &'a DecisionRow) {
        match groups.iter_mut().find(|g| g.en == en) {
            Some(g) => g.clusters.push(d),
            None => groups.push(ResultGroup {
                zh: zh.to_string(),
                en: en.to_string(),
                clusters: vec![d],
            }),
        }
    }
    let mut groups: Vec<ResultGroup> = Vec::new();
    if p.kind == "midterm" {
        for d in &p.decisions {
            if let Some(g) = &d.grade {
                add(&mut groups, &g.name_zh, &g.name_en, d);
            }
        }
        for d in &p.decisions {
            if let Some(o) = &d.outcome {
                add(&mut groups, d.outcome_zh.as_deref().unwrap_or(""), o, d);
            }
        }
        return groups;
    }
    const ORDER: [&str; 8] = [
        "selected",
        "tied_at_quota",
        "depends_on_tie",
        "not_selected",
        "shortlisted",
        "not_shortlisted",
        "screened_out",
        "failed_gate",
    ];
    for status in ORDER {
        for d in p.decisions.iter().filter(|d| d.status == status) {
            add(&mut groups, &d.status_zh, &d.status.replace('_', " "), d);
        }
    }
    groups
}

/// An indicator's value with the unit of that value: a count as a whole
/// number ("219 家"), any other value as an amount with at least the
/// display decimals and three significant digits ("0.205 吨标煤/万元",
/// "57.40%" for a target's achievement).
pub fn indicator_value(r: &RoundResult, info: &IndicatorInfo, v: f64, l: Lang) -> String {
    let unit = super::trace_text::indicator_unit(info, l);
    let kind = if info.count {
        NumKind::Count
    } else {
        NumKind::Amount {
            decimals: r.framework.display_decimals,
        }
    };
    with_unit(kind.text(v), &unit)
}

/// The rule of `indicator_value` from its parts (`explain` reads them from
/// scores.json): whether the value is a count, the unit of the value (a
/// target's achievement and a progress are "%"), the display decimals.
pub fn value_in_unit(
    count: bool,
    unit: &str,
    unit_en: &str,
    decimals: u32,
    v: f64,
    l: Lang,
) -> String {
    let kind = if count {
        NumKind::Count
    } else {
        NumKind::Amount { decimals }
    };
    with_unit(kind.text(v), &super::msg::term::unit(unit, unit_en, l))
}

/// A number already written by the display policy (a column whose rows
/// hold numbers of different kinds), or blank.
fn number_cell(x: Option<f64>, kind: Kind) -> Cell {
    x.map_or(Cell::Blank, |v| Cell::Text(kind.shown(v)))
}

/// The name of the process stage `id` in one language (the id when the
/// process has no such stage).
pub fn stage_name(p: &crate::audit::ProcessView, id: &str, lang: Lang) -> String {
    p.stages.iter().find(|st| st.id == id).map_or_else(
        || id.to_string(),
        |st| super::msg::term::stage(&st.id, &st.name_zh, &st.name_en, lang),
    )
}

/// The tie-break chain in one language: "创新能力得分 → 产业实力得分".
pub fn tie_break(r: &crate::audit::RoundResult, lang: Lang) -> String {
    r.tie_break_keys
        .iter()
        .map(|k| {
            let msg = match k.kind {
                "subtotal" => Msg::KeySubtotal,
                "points" => Msg::KeyPoints,
                _ => Msg::KeyValue,
            };
            msg.fill(lang, &[&lang.pick(&k.name_zh, &k.name_en)])
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A rank, with "=" when tied.
pub fn rank_text(rank: usize, tied: bool) -> String {
    format!("{rank}{}", if tied { "=" } else { "" })
}

/// The reasons and notes of a decision in one language, joined.
pub fn decision_notes(d: &DecisionRow, lang: Lang) -> String {
    let reasons = super::msg::reason::reasons(&d.reasons, lang);
    let outcome = super::msg::reason::reasons(d.outcome_reason.as_slice(), lang);
    let ties = super::msg::notes::tie_notes(&d.tie_note, lang);
    let grade = super::msg::notes::grade_note(d.grade_note.as_ref(), lang);
    [
        reasons.as_str(),
        ties.as_str(),
        grade.as_str(),
        outcome.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(&super::msg::reason::separator(lang))
}

/// The message key of a check's name.
pub fn check_name(c: Check) -> Msg {
    match c {
        Check::Range => Msg::CheckRange,
        Check::UnitSlip => Msg::CheckUnitSlip,
        Check::Change => Msg::CheckChange,
        Check::Consistency => Msg::CheckConsistency,
    }
}

/// The message key of a period's name.
pub fn period_name(p: Period) -> Msg {
    match p {
        Period::Baseline => Msg::Baseline,
        Period::Current => Msg::Current,
        Period::Target => Msg::Target,
    }
}

/// The number of findings of each check, every check listed; `text`
/// gives a label in the report's language.
pub fn quality_counts(findings: &[Finding], text: impl Fn(Msg) -> String) -> Table {
    let mut t = Table::new(vec![
        Column::label(Msg::Check, Kind::Text),
        Column::label(Msg::FindingCount, Kind::Integer),
    ]);
    for c in Check::ALL {
        let n = findings.iter().filter(|f| f.check == c).count();
        t.push(vec![Cell::Text(text(check_name(c))), Cell::count(n)]);
    }
    t
}

/// The findings: check, cluster, field, period, the cell as submitted,
/// what it was compared with, the cell's place and the message (`message`
/// picks the language).
pub fn quality_findings(
    findings: &[Finding],
    text: impl Fn(Msg) -> String,
    message: impl Fn(&Finding) -> String,
) -> Table {
    let mut t = Table::new(
        [
            Msg::Check,
            Msg::Id,
            Msg::Field,
            Msg::Period,
            Msg::Submitted,
            Msg::Reference,
            Msg::Location,
            Msg::Message,
        ]
        .map(|m| Column::label(m, Kind::Text))
        .to_vec(),
    );
    for f in findings {
        let place = match f.row {
            Some(row) => format!("{} #{row}, {}", f.file, f.column),
            None => format!("{}, {}", f.file, f.column),
        };
        t.push(vec![
            Cell::Text(text(check_name(f.check))),
            Cell::input(&f.cluster_id),
            Cell::text(&f.field),
            Cell::Text(text(period_name(f.period))),
            Cell::input(&f.raw),
            Cell::Text(format!(
                "{} {}",
                f.reference,
                crate::framework::trim_float(f.reference_value)
            )),
            Cell::Input(place),
            Cell::Input(message(f)),
        ]);
    }
    t
}

/// The years of the round as the reports show them: the label and the
/// years, "baseline / current / target" or, in a one-period round, the
/// data year alone.
pub fn years(r: &RoundResult, l: Lang) -> (&'static str, String) {
    let i = &r.round;
    match (i.baseline_year, i.target_year) {
        (Some(b), Some(t)) => (
            Msg::Years.text(l),
            format!("{b} / {} / {t}", i.current_year),
        ),
        (b, t) => {
            let show = |y: Option<i32>| y.map_or_else(|| "-".to_string(), |y| y.to_string());
            if b.is_none() && t.is_none() {
                (Msg::YearsOnePeriod.text(l), i.current_year.to_string())
            } else {
                (
                    Msg::Years.text(l),
                    format!("{} / {} / {}", show(b), i.current_year, show(t)),
                )
            }
        }
    }
}
