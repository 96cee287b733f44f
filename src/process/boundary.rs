//! How the boundaries of the process were settled, as data: each line of
//! the decisions section's boundary list is a code with its parameters
//! (the stage, the counts, the clusters on either side, their ranks and
//! scores), never a sentence. The report layer words it in one language
//! (`report::msg::notes`); scores.json carries the codes.
//!
//! The one exception is the account of an unresolved tie across the quota
//! or a cap (which picks of the office lead where), kept as the English
//! text the selection writes (`Boundary::Unresolved`), as `Reason::Tie`
//! is: the Chinese report summarises it.

use super::reason::Named;
use crate::rank::TieNote;
use serde::{Deserialize, Serialize};

/// One line of the boundary list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Boundary {
    /// `stage` has no panel scores yet: the process stops after the
    /// shortlist of `count` clusters.
    Shortlist { stage: Named, count: usize },
    /// A tie at the cut of `cut` lets every tied cluster advance: `advance`
    /// clusters do.
    CutTie {
        stage: Named,
        cut: usize,
        advance: usize,
    },
    /// `advance` of `of` clusters go on from `stage`: the best `best`,
    /// with at least `minimum`.
    Advance {
        stage: Named,
        advance: usize,
        of: usize,
        best: Option<usize>,
        minimum: Option<f64>,
    },
    /// The quota line: its numbers are the process's counts
    /// (`process::Counts`).
    Quota,
    /// The last selected and the first not selected have the same final
    /// score; the chain puts `last_in` first (`how`: its tie note against
    /// `first_out`).
    Tie {
        last_in: String,
        rank_in: usize,
        first_out: String,
        rank_out: usize,
        score: Option<f64>,
        decimals: u32,
        how: Option<TieNote>,
    },
    /// The last selected and the first not selected, and the margin between
    /// their final scores.
    Margin {
        last_in: String,
        rank_in: usize,
        score_in: Option<f64>,
        first_out: String,
        rank_out: usize,
        score_out: Option<f64>,
        margin: f64,
        decimals: u32,
    },
    /// An unresolved tie across the quota or a cap: the selection's own
    /// account (English).
    Unresolved { text: String },
}
