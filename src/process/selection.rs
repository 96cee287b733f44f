//! The quota (名额): after the last stage of a competition, the clusters
//! that reached it are selected in rank order, under the minimum final
//! score and the caps per registry column value (city, track). A tied group
//! that would break the quota or a cap is selected by nobody but the office
//! (`tied_at_quota`); the boundary (last in, first out and how the tie-break
//! chain settled it) is explained in words.

use super::{Decision, Process, Status};
use crate::ingest::Registry;
use std::collections::BTreeMap;

/// Fill the quota in rank order under the minimum score and the caps.
pub(super) fn select(
    process: &Process,
    reg: &Registry,
    members: &[usize],
    decisions: &mut [Decision],
    boundary: &mut Vec<String>,
) {
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        decisions[a]
            .rank
            .cmp(&decisions[b].rank)
            .then_with(|| reg.clusters[a].id.cmp(&reg.clusters[b].id))
    });
    let mut fill = Fill {
        process,
        reg,
        quota: process.quota.unwrap_or(members.len()),
        selected: 0,
        counts: BTreeMap::new(),
    };
    let mut i = 0;
    while i < order.len() {
        let rank = decisions[order[i]].rank;
        let group: Vec<usize> = order[i..]
            .iter()
            .copied()
            .take_while(|&c| decisions[c].rank == rank)
            .collect();
        i += group.len();
        fill.tied_group(&group, rank.unwrap_or(0), decisions, boundary);
    }
    explain_boundary(
        process,
        reg,
        &fill,
        members.len(),
        &order,
        decisions,
        boundary,
    );
}

/// The quota being filled: places taken, and per cap the selected count of
/// each value.
struct Fill<'a> {
    process: &'a Process,
    reg: &'a Registry,
    quota: usize,
    selected: usize,
    /// (cap column, value) -> selected.
    counts: BTreeMap<(String, String), usize>,
}

impl Fill<'_> {
    fn cap_value(&self, c: usize, col: &str) -> String {
        self.reg.clusters[c]
            .group_value(col)
            .unwrap_or("")
            .to_string()
    }

    fn count(&self, col: &str, value: String) -> usize {
        self.counts
            .get(&(col.to_string(), value))
            .copied()
            .unwrap_or(0)
    }

    /// Decide a group of clusters that share `rank`.
    fn tied_group(
        &mut self,
        group: &[usize],
        rank: usize,
        decisions: &mut [Decision],
        boundary: &mut Vec<String>,
    ) {
        let candidates: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&c| self.eligible(rank, &mut decisions[c]))
            .collect();
        // A tied group that would break the quota or a cap is left to the office.
        let cap_broken = self.breaks_a_cap(&candidates);
        if candidates.is_empty() {
            return;
        }
        if self.selected + candidates.len() <= self.quota && !cap_broken {
            for &c in &candidates {
                decisions[c].status = Status::Selected;
                decisions[c]
                    .reasons
                    .push(format!("rank {rank} within the quota of {}", self.quota));
                self.selected += 1;
                for (col, _) in &self.process.caps {
                    let value = self.cap_value(c, col);
                    *self.counts.entry((col.clone(), value)).or_default() += 1;
                }
            }
            return;
        }
        let ids: Vec<&str> = candidates
            .iter()
            .map(|&c| self.reg.clusters[c].id.as_str())
            .collect();
        let what = if cap_broken { "a cap" } else { "the quota" };
        for &c in &candidates {
            decisions[c].status = Status::TiedAtQuota;
            decisions[c].reasons.push(format!(
                "tied at rank {rank} with {} across {what} after the whole tie-break chain: the office decides",
                ids.join(", ")
            ));
        }
        boundary.push(format!(
            "unresolved tie at {what}: {} share rank {rank} with {} place(s) left; none is selected automatically",
            ids.join(", "),
            self.quota.saturating_sub(self.selected)
        ));
        self.selected = self.quota;
    }

    /// Whether a cluster may take a place: its final score at the minimum,
    /// a place left, its caps not full. Otherwise it is not selected, and
    /// why.
    fn eligible(&self, rank: usize, d: &mut Decision) -> bool {
        let score = d.final_score.unwrap_or(f64::NEG_INFINITY);
        if let Some(m) = self.process.min_score {
            if score < m {
                d.status = Status::NotSelected;
                d.reasons
                    .push(format!("final score {score:.2} is below the minimum {m}"));
                return false;
            }
        }
        if self.selected >= self.quota {
            d.status = Status::NotSelected;
            d.reasons.push(format!(
                "rank {rank}: the quota of {} is filled by higher-ranked clusters",
                self.quota
            ));
            return false;
        }
        let full = self
            .process
            .caps
            .iter()
            .find(|(col, cap)| self.count(col, self.cap_value(d.cluster, col)) >= *cap);
        if let Some((col, cap)) = full {
            d.status = Status::NotSelected;
            d.reasons.push(format!(
                "cap: at most {cap} selected per {col}, and {cap} from {} already are",
                self.cap_value(d.cluster, col)
            ));
            return false;
        }
        true
    }

    /// Whether selecting all of `candidates` would exceed a cap.
    fn breaks_a_cap(&self, candidates: &[usize]) -> bool {
        self.process.caps.iter().any(|(col, cap)| {
            let mut add: BTreeMap<String, usize> = BTreeMap::new();
            for &c in candidates {
                *add.entry(self.cap_value(c, col)).or_default() += 1;
            }
            add.into_iter().any(|(v, n)| self.count(col, v) + n > *cap)
        })
    }
}

/// Explain the boundary: the last selected and the first not selected.
fn explain_boundary(
    process: &Process,
    reg: &Registry,
    fill: &Fill,
    finalists: usize,
    order: &[usize],
    decisions: &[Decision],
    boundary: &mut Vec<String>,
) {
    let last_in = order
        .iter()
        .copied()
        .rfind(|&c| decisions[c].status == Status::Selected);
    let first_out = order
        .iter()
        .copied()
        .find(|&c| decisions[c].status == Status::NotSelected);
    let fmt = |x: Option<f64>| {
        x.map(|v| format!("{v:.*}", process.decimals as usize))
            .unwrap_or_default()
    };
    boundary.push(format!(
        "quota {}: {} selected of {finalists} in the final stage",
        fill.quota, fill.selected
    ));
    let (Some(a), Some(b)) = (last_in, first_out) else {
        return;
    };
    let (da, db) = (&decisions[a], &decisions[b]);
    let (ia, ib) = (&reg.clusters[a].id, &reg.clusters[b].id);
    if da.final_score == db.final_score {
        let how = da
            .tie_note
            .split("; ")
            .collect::<Vec<_>>()
            .windows(2)
            .find(|w| w[0].contains(&format!("tied with {ib} ")))
            .map(|w| w[1].to_string())
            .unwrap_or_else(|| da.tie_note.clone());
        boundary.push(format!(
            "boundary tie: {ia} (rank {}) and {ib} (rank {}) have the same final score {}; the tie-break chain puts {ia} first: {how}",
            da.rank.unwrap_or(0),
            db.rank.unwrap_or(0),
            fmt(da.final_score)
        ));
    } else {
        boundary.push(format!(
            "boundary: last selected {ia} (rank {}, final {}), first not selected {ib} (rank {}, final {}), margin {}",
            da.rank.unwrap_or(0),
            fmt(da.final_score),
            db.rank.unwrap_or(0),
            fmt(db.final_score),
            fmt(Some(da.final_score.unwrap_or(0.0) - db.final_score.unwrap_or(0.0)))
        ));
    }
}
