//! Display tables that both the Markdown and the HTML report show, built
//! once with the columns each report asks for and formatted by each
//! report's table writer: mid-term progress per field, the roster counts
//! per cluster, the declared figures beyond tolerance, and the data-quality
//! findings.

use super::msg::{Col, Lang, Msg};
use super::table::{Cell, Column, Digits, Kind, Table};
use super::tables;
use crate::audit::decisions::DecisionRow;
use crate::audit::progress_view::RosterComparison;
use crate::audit::{ProgressRow, RosterView};
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
    let mut columns = vec![
        Column::label(first, Kind::Text),
        Column::label(Msg::Baseline, number(2)),
        Column::label(Msg::Current, number(2)),
        Column::label(Msg::Target, number(2)),
        Column::label(Msg::Progress, Kind::Percent(1)),
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
            Cell::num(p.progress.map(|x| x * 100.0)),
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

/// Rows listed, counted, rejected and shared per cluster: the roster
/// clusters table under the given labels (`None` leaves a column out).
pub fn roster_counts(v: &RosterView, labels: [Option<Msg>; 6]) -> Table {
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
        .collect();
    tables::roster::clusters(v).select(picks)
}

/// Declared figures that differ from the roster's beyond tolerance: the
/// cluster (under `first`), the field, both figures, the relative
/// difference and the tolerance (percent), and the figure scored.
pub fn mismatches(
    v: &RosterView,
    first: Msg,
    field: impl Fn(&RosterComparison) -> String,
) -> Table {
    let mut t = Table::new(vec![
        Column::label(first, Kind::Text),
        Column::label(Msg::Field, Kind::Text),
        Column::label(Msg::Declared, number(4)),
        Column::label(Msg::Derived, number(4)),
        Column::label(Msg::Difference, Kind::Percent(1)),
        Column::label(Msg::Tolerance, Kind::Percent(1)),
        Column::label(Msg::Scored, Kind::Text),
    ]);
    for c in v.comparisons.iter().filter(|c| c.within == Some(false)) {
        t.push(vec![
            Cell::input(&c.cluster_id),
            Cell::Input(field(c)),
            Cell::num(c.declared),
            Cell::num(c.derived),
            Cell::num(c.relative.map(|x| x * 100.0)),
            Cell::Num(c.tolerance * 100.0),
            Cell::text(&c.scored),
        ]);
    }
    t
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
    [
        reasons.as_str(),
        d.tie_note.as_str(),
        d.grade_note.as_str(),
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
