//! The fast path of `Scenario::decide`: the round as submitted stays scored
//! (`base`), and a what-if replaces the cluster's cells in a buffer cloned
//! from it, re-scores only the changed columns and every subtotal
//! (`score::rescore`: exactly the numbers of a full score), decides the
//! round on it, then restores the buffer for the next what-if. Buffers are
//! kept in a pool, one per thread at work, so the searches' thousands of
//! re-decisions allocate nothing but the decision itself.
//!
//! It serves a change only when the full score would score the same
//! clusters with the same plan: the framework has no objective weights
//! (they move with every value: `Fast` is not built then), the cluster is
//! in the scored cohort, and under screening no missing value is filled (a
//! filled value can change who is screened out). Anything else takes the
//! slow path; `tests/whatif` checks the two paths agree.

use super::{Change, Decided, Scenario};
use crate::ingest::Round;
use crate::score::{rescore, Scored};
use std::sync::Mutex;

pub struct Fast {
    /// The round as submitted, scored (values only, no provenance).
    base: Scored,
    /// The scored row of each registry cluster.
    row_of: Vec<Option<usize>>,
    pool: Mutex<Vec<Scored>>,
    /// The ids of the scored rows (the ranks' tie notes name them).
    ids: Vec<String>,
}

impl Fast {
    pub fn new(round: &Round, mut base: Scored) -> Fast {
        base.raw.provenance = vec![];
        let ids = base.labels(round).0;
        let mut row_of = vec![None; round.registry.len()];
        for (row, &c) in base.clusters.iter().enumerate() {
            row_of[c] = Some(row);
        }
        Fast {
            base,
            row_of,
            pool: Mutex::new(vec![]),
            ids,
        }
    }

    /// The ids of `scored`'s rows when they are the base's rows.
    pub fn ids_of(&self, scored: &Scored) -> Option<&Vec<String>> {
        (scored.clusters == self.base.clusters).then_some(&self.ids)
    }

    /// Can the fast path decide this change exactly (module header)?
    pub fn serves(&self, s: &Scenario, cluster: usize, changes: &[Change]) -> bool {
        let Some(Some(_)) = self.row_of.get(cluster) else {
            return false;
        };
        s.round.framework.screening.is_none()
            || changes
                .iter()
                .all(|&(j, _)| s.value(cluster, j).is_finite())
    }

    pub fn decide(&self, s: &Scenario, cluster: usize, changes: &[Change]) -> Option<Decided> {
        let row = self.row_of[cluster]?;
        let cells: Vec<rescore::Cell> = changes.iter().map(|&(j, v)| (row, j, v)).collect();
        let mut work = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| self.base.clone());
        let decided = match rescore::rescore(&s.round.framework, &mut work, &cells) {
            Ok(()) => s.decided(&s.round, &work).ok(),
            Err(()) => None,
        };
        rescore::restore(&mut work, &self.base, &cells);
        if let Ok(mut p) = self.pool.lock() {
            p.push(work);
        }
        decided
    }
}

impl Clone for Fast {
    /// A clone starts with an empty pool.
    fn clone(&self) -> Fast {
        Fast {
            base: self.base.clone(),
            row_of: self.row_of.clone(),
            pool: Mutex::new(vec![]),
            ids: self.ids.clone(),
        }
    }
}

impl std::fmt::Debug for Fast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fast")
            .field("clusters", &self.base.clusters.len())
            .finish_non_exhaustive()
    }
}
