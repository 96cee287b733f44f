//! How equal totals were settled, as data: each tie note is a code with its
//! parameters (the other cluster, the total, the tie-break key that decided
//! and both values), never a sentence. The report layer words a note in
//! one language through its message catalogue (`report::msg::notes`);
//! scores.json carries the code and the parameters, and the CSV files both
//! wordings.

use serde::{Deserialize, Serialize};

/// What a tie-break key compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// A framework node's subtotal.
    Subtotal,
    /// An indicator's points.
    Points,
    /// An indicator's value.
    Value,
    /// A process stage's score.
    StageScore,
    /// A process stage's panel score.
    PanelScore,
}

/// A tie-break key: what it compares, and the id and names (both
/// languages, as supplied; either may be empty) of the node, indicator or
/// stage it compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyName {
    pub kind: KeyKind,
    pub id: String,
    pub zh: String,
    pub en: String,
}

impl KeyName {
    pub fn new(kind: KeyKind, id: &str, zh: &str, en: &str) -> Self {
        KeyName {
            kind,
            id: id.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// One note on a cluster's equal total. Scores are rounded to `decimals`
/// (the precision they were compared at); `None` is no value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TieNote {
    /// The total equals `other`'s; the chain separates them at `key`,
    /// where this cluster has `mine` and the other `theirs`.
    BrokenBy {
        other: String,
        total: f64,
        ahead: bool,
        key: KeyName,
        mine: Option<f64>,
        theirs: Option<f64>,
        decimals: u32,
    },
    /// Equal to `other` on the total and the whole chain: `rank` is shared.
    Shared {
        other: String,
        total: f64,
        rank: usize,
        decimals: u32,
    },
    /// `count` more clusters with the same total, not named.
    More {
        count: usize,
        total: f64,
        decimals: u32,
    },
}

impl TieNote {
    /// The other cluster the note names (none for `More`).
    pub fn other(&self) -> Option<&str> {
        match self {
            TieNote::BrokenBy { other, .. } | TieNote::Shared { other, .. } => Some(other),
            TieNote::More { .. } => None,
        }
    }
}
