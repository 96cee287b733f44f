//! Movement since the previous round: where a round names earlier rounds'
//! outputs (`[history] rounds`), every cluster's rank, total and dimension
//! subtotals against the latest of them, the clusters new to this round
//! and those that left it. The report shows it as rank arrows and changes
//! (`report::{markdown,html}::movement`).
//!
//! Totals of two rounds are each on their own cohort's scale (relative
//! rules normalise within the round): a change here is a change of
//! standing; `compare-rounds --pooled` puts the rounds on one scale.

use super::RoundResult;
use crate::ingest::Round;
use serde::Serialize;

/// One cluster of this round against the previous one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoveRow {
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    /// None: not ranked in the previous round (or new to this one).
    pub rank_before: Option<usize>,
    pub rank_now: usize,
    pub total_before: Option<f64>,
    pub total_now: f64,
    /// Per top-level dimension (in framework order): before, now.
    pub dimensions: Vec<(Option<f64>, f64)>,
    /// Not in the previous round at all.
    pub new: bool,
}

impl MoveRow {
    /// Places gained (positive: up), when ranked in both.
    pub fn places(&self) -> Option<i64> {
        Some(self.rank_before? as i64 - self.rank_now as i64)
    }
}

/// This round against its latest earlier round.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Movement {
    /// The previous round's id and data year.
    pub previous_id: String,
    pub previous_year: i32,
    /// In this round's rank order.
    pub rows: Vec<MoveRow>,
    /// Clusters of the previous round that are not in this one.
    pub left: Vec<String>,
}

/// The movement of a result against the latest earlier round its round
/// names (None when it names none).
pub fn of(round: &Round, result: &RoundResult) -> Option<Movement> {
    let previous = round.earlier.iter().max_by_key(|e| e.year)?;
    let rows = result
        .clusters
        .iter()
        .map(|c| {
            let before = previous.clusters.iter().find(|e| e.id == c.cluster_id);
            MoveRow {
                cluster_id: c.cluster_id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                rank_before: before.and_then(|b| b.rank),
                rank_now: c.rank,
                total_before: before.and_then(|b| b.total),
                total_now: c.total,
                dimensions: result
                    .dimensions
                    .iter()
                    .map(|d| {
                        let was = before.and_then(|b| {
                            b.dimensions.iter().find(|(id, _)| *id == d.id).map(|x| x.1)
                        });
                        (was, c.subtotal(&d.id))
                    })
                    .collect(),
                new: before.is_none(),
            }
        })
        .collect();
    let now: Vec<&str> = result
        .clusters
        .iter()
        .map(|c| c.cluster_id.as_str())
        .collect();
    let in_decisions = |id: &str| {
        result
            .process
            .as_ref()
            .is_some_and(|p| p.decisions.iter().any(|d| d.cluster_id == id))
    };
    let left = previous
        .clusters
        .iter()
        .filter(|e| !now.contains(&e.id.as_str()) && !in_decisions(&e.id))
        .map(|e| e.id.clone())
        .collect();
    Some(Movement {
        previous_id: previous.id.clone(),
        previous_year: previous.year,
        rows,
        left,
    })
}
