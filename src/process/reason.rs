//! Why a cluster ended where it did, as data: each reason is a code with
//! its parameters (ranks, quotas, scores, the names of the stage, grade or
//! gate involved), never a sentence. The report layer words a reason in
//! one language through its message catalogue (`report::msg::reason`);
//! scores.json carries the code and the parameters.
//!
//! The one exception is the reasoning of an unresolved tie across the
//! quota or a cap (which picks of the office lead where), kept as the
//! English text the selection writes (`Reason::Tie`), with its rank: the
//! Chinese report summarises it.

use serde::{Deserialize, Serialize};

/// A name from the inputs (a stage, a grade, a gate): its id and its
/// names in both languages as supplied (either may be empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub zh: String,
    pub en: String,
}

impl Named {
    pub fn new(id: &str, zh: &str, en: &str) -> Self {
        Named {
            id: id.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// One reason for a decision or an outcome, or for a score excluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// A gate failed: the gate (its reason as round.toml words it), its
    /// condition and the value found.
    Gate {
        gate: Named,
        condition: String,
        found: String,
    },
    /// Left out by screening: too few indicators with data.
    ScreenedOut,
    /// Advanced to a stage whose panel has not sat.
    AdvancedUnscored { stage: Named },
    /// Ranked below the advancement cut of a stage.
    BelowCut {
        stage: Named,
        rank: usize,
        of: usize,
        best: usize,
    },
    /// A stage score below the minimum to advance.
    BelowAdvanceMinimum {
        stage: Named,
        score: f64,
        minimum: f64,
    },
    /// Selected: ranked within the quota.
    WithinQuota { rank: usize, quota: usize },
    /// Not selected: the final score is below the minimum.
    BelowMinimum { score: f64, minimum: f64 },
    /// Not selected: the quota is filled by higher-ranked clusters.
    QuotaFilled { rank: usize, quota: usize },
    /// Not selected: a cap (at most `cap` per `column`) is full for `value`.
    CapFull {
        cap: usize,
        column: String,
        value: String,
    },
    /// A tie at the quota or a cap that the office settles, or a decision
    /// that depends on it: the selection's own account (English).
    Tie { rank: usize, text: String },
    /// A grade this round, and the last round's when there is one.
    Graded {
        grade: Named,
        last: Option<(i32, Named)>,
    },
    /// Failed `count` rounds in a row (the years).
    FailsInRow {
        count: usize,
        grade: Named,
        years: Vec<i32>,
    },
    /// Failed again after the outcome `outcome` of `year`.
    FailAfter {
        grade: Named,
        outcome: String,
        year: i32,
    },
    /// Flagged for immediate exit: each flag with its note.
    ImmediateExit { flags: Vec<(String, String)> },
    /// A conflict of interest: reviewer and cluster in the same city.
    SameCity { city: String },
    /// A conflict of interest: the reviewer works for the promoting body.
    SameEmployer { employer: String },
    /// A conflict of interest declared in the conflicts file.
    Declared {
        file: String,
        row: usize,
        note: String,
    },
}
