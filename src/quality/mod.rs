//! Plausibility checks (数据质量): values that were read correctly but are
//! unlikely to be what the cluster meant.
//!
//! The stage runs on the loaded, unit-converted submissions (after the
//! rosters put their figures in, before anything is scored) and reports
//! four kinds of finding, each located at the submitted cell (file, row,
//! column, the cell as written):
//!
//! - **range** (`range`): a value outside its field's natural range, a
//!   percent outside 0-100 where the framework declares no bound, or a
//!   roster figure outside the field's bounds (a submitted cell outside
//!   its declared bounds, or a negative amount or count, is already an
//!   error of `ingest`, so it never reaches this stage);
//! - **unit slip** (`cohort`, `periods`): a value off by a power of ten
//!   typical of a unit slip (10^2 ratio / percent, 10^3 千, 10^4 万 / 亿,
//!   up to 10^8) against the median of the cohort for the same field and
//!   period, and against the cluster's own value of the neighbouring
//!   period;
//! - **change** (`periods`): a change between two periods beyond the
//!   framework's factor (10 by default);
//! - **consistency** (`consistency`): a `[[consistency]]` rule of the
//!   framework that does not hold for a cluster, with both values.
//!
//! Each check is a warning unless the framework's `[quality]` makes it an
//! error (or turns it off); thresholds are documented constants in
//! `framework::quality` or settings of `[quality]`. A finding carries its
//! message in Chinese and in English (`text`). This module reads no file,
//! changes no value and decides nothing about the run: the pipeline stops
//! on an error like on any other.

mod cohort;
mod consistency;
mod periods;
mod range;
#[cfg(test)]
mod tests;
mod text;

use crate::diag::{cut, Diagnostic, Severity, MAX_ECHO, MAX_MESSAGE};
use crate::framework::{Framework, Period};
use crate::ingest::{Observation, Registry, Round, Submissions};
use serde::Serialize;
use std::collections::BTreeSet;

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Range,
    UnitSlip,
    Change,
    Consistency,
}

impl Check {
    /// Every check, in the order findings are reported.
    pub const ALL: [Check; 4] = [
        Check::Range,
        Check::UnitSlip,
        Check::Change,
        Check::Consistency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Check::Range => "range",
            Check::UnitSlip => "unit_slip",
            Check::Change => "change",
            Check::Consistency => "consistency",
        }
    }
}

/// One implausible value, located at its cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check: Check,
    pub severity: Severity,
    pub cluster_id: String,
    /// The field id.
    pub field: String,
    pub period: Period,
    /// The cell as submitted.
    pub raw: String,
    /// The value in the field's unit.
    pub value: f64,
    /// The field's unit.
    pub unit: String,
    /// What the value was compared with: `cohort_median`, `baseline`,
    /// `current`, `target` (the cluster's value of that period),
    /// `natural_min`, `natural_max`, `declared_min`, `declared_max`, or the
    /// other side of a consistency rule (`enterprises`, `0.5 * revenue`).
    pub reference: String,
    pub reference_value: f64,
    pub file: String,
    /// The row as a spreadsheet shows it (None: a figure derived from a
    /// roster, not a cell).
    pub row: Option<usize>,
    pub column: String,
    pub message_zh: String,
    pub message_en: String,
}

impl Finding {
    /// The finding as a located diagnostic (English), for `check`.
    pub fn diagnostic(&self) -> Diagnostic {
        let message = format!(
            "data quality, {}: cluster {}, field {}, {}: {}",
            self.check.as_str(),
            self.cluster_id,
            self.field,
            self.period.as_str(),
            self.message_en
        );
        let d = match self.severity {
            Severity::Error => Diagnostic::error(&self.file, message),
            Severity::Warning => Diagnostic::warning(&self.file, message),
            Severity::Note => Diagnostic::note(&self.file, message),
        };
        let d = d
            .zh(format!(
                "数据质量（{}）：集群 {}，字段 {}，{}：{}",
                match self.check {
                    Check::Range => "取值范围",
                    Check::UnitSlip => "单位错填",
                    Check::Change => "变化幅度",
                    Check::Consistency => "一致性",
                },
                self.cluster_id,
                self.field,
                match self.period {
                    Period::Baseline => "基期",
                    Period::Current => "当期",
                    Period::Target => "目标",
                },
                self.message_zh
            ))
            .column(self.column.clone())
            .value(self.raw.clone());
        match self.row {
            Some(r) => d.row(r),
            None => d,
        }
    }
}

/// Run every check the framework has on for a loaded round: the findings,
/// grouped by check (in `Check::ALL` order), then by cluster, field and
/// period.
pub fn check(round: &Round) -> Vec<Finding> {
    check_data(&round.framework, &round.registry, &round.data, &round.dir)
}

/// `check` on the parts of a round: the framework, the registry, the
/// submissions and the round folder (other cells are named relative to
/// it in the messages).
pub fn check_data(
    fw: &Framework,
    registry: &Registry,
    data: &Submissions,
    dir: &std::path::Path,
) -> Vec<Finding> {
    let cx = Context {
        fw,
        registry,
        data,
        prefix: format!("{}/", dir.display()),
    };
    let mut out = Vec::new();
    range::check(&cx, &mut out);
    let cohorts = cohort::cohorts(&cx);
    let slipped = cohort::check(&cx, &cohorts, &mut out);
    periods::check(&cx, &cohorts, &slipped, &mut out);
    consistency::check(&cx, &mut out);
    out.sort_by_key(|(key, f)| (f.check, *key));
    out.into_iter().map(|(_, f)| f).collect()
}

/// The findings of a check, each with the key of its cell (for the order).
type Found = Vec<(Key, Finding)>;

/// A submitted value: (cluster, field, period).
type Key = (usize, usize, Period);

/// What every check reads.
struct Context<'a> {
    fw: &'a Framework,
    registry: &'a Registry,
    data: &'a Submissions,
    /// The round folder, to name other cells relative to it in messages.
    prefix: String,
}

impl Context<'_> {
    /// Every submitted number, in (cluster, field, period) order.
    fn values(&self) -> impl Iterator<Item = (Key, &Observation, f64)> {
        self.data
            .values
            .iter()
            .filter_map(|(k, o)| o.value.filter(|v| v.is_finite()).map(|v| (*k, o, v)))
    }

    /// Where a cell is, for a message, in Chinese and in English
    /// (`indicators.csv 第5行“营收”列`, `indicators.csv row 5, column 营收`),
    /// the file relative to the round folder; names are cut to `MAX_ECHO`
    /// characters and messages to `MAX_MESSAGE` (a header can be as long as
    /// a spreadsheet cell, and a message must fit in one).
    fn place(&self, o: &Observation) -> (String, String) {
        let file = cut(
            o.file.strip_prefix(&self.prefix).unwrap_or(&o.file),
            MAX_ECHO,
        );
        let column = cut(&o.column, MAX_ECHO);
        if o.row == 0 {
            (format!("{file}（{column}）"), format!("{file}, {column}"))
        } else {
            (
                format!("{file} 第{}行“{column}”列", o.row),
                format!("{file} row {}, column {column}", o.row),
            )
        }
    }

    /// A finding at the cell of `key`.
    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        check: Check,
        severity: Severity,
        key: Key,
        o: &Observation,
        value: f64,
        reference: String,
        reference_value: f64,
        (message_zh, message_en): (String, String),
    ) -> (Key, Finding) {
        let (c, j, p) = key;
        let finding = Finding {
            check,
            severity,
            cluster_id: self.registry.clusters[c].id.clone(),
            field: self.fw.fields[j].id.clone(),
            period: p,
            raw: o.raw.clone(),
            value,
            unit: self.fw.fields[j].unit.clone(),
            reference,
            reference_value,
            file: o.file.clone(),
            row: (o.row > 0).then_some(o.row),
            column: o.column.clone(),
            message_zh: cut(&message_zh, MAX_MESSAGE),
            message_en: cut(&message_en, MAX_MESSAGE),
        };
        (key, finding)
    }
}

/// The cells a unit-slip finding was made at (so that the change check
/// does not report the same slip again).
type Flagged = BTreeSet<Key>;
