//! The ways the office may settle an unresolved tie at the quota or a cap.
//!
//! The tool never breaks a tie that survives the whole tie-break chain: the
//! office does, by putting the tied clusters in an order, and the quota's
//! rule (in order while places remain, skipping a cluster whose cap is
//! full) then takes from them. Whatever the order, what it takes is a
//! maximal set of the tied clusters that fits the places left and every
//! cap (one to which no other tied cluster can be added), and every such
//! set is taken by some order (put its members first). So the office's
//! choices are exactly those sets; `picks` enumerates them (for up to
//! `MAX_TIED` tied clusters: at most 2^16 subsets) and groups them by the
//! `State` they leave: places taken and the count per cap value, which is
//! all that the clusters below the tie depend on.

use super::super::Process;
use crate::ingest::Registry;
use std::collections::{BTreeMap, BTreeSet};

/// The most tied clusters whose picks are enumerated (2^16 subsets); a
/// larger tie is left to the office with everything below it.
pub(super) const MAX_TIED: usize = 16;

/// The caps in force, with each finalist's value of each cap's column.
pub(super) struct Caps {
    /// (registry column, at most this many selected per value).
    pub limits: Vec<(String, usize)>,
    /// Registry index -> value per cap (a cluster without a value counts
    /// under the empty value).
    values: BTreeMap<usize, Vec<String>>,
}

impl Caps {
    pub fn new(process: &Process, reg: &Registry, members: &[usize]) -> Caps {
        let values = members
            .iter()
            .map(|&c| {
                let vs = process
                    .caps
                    .iter()
                    .map(|(col, _)| reg.clusters[c].group_value(col).unwrap_or("").to_string())
                    .collect();
                (c, vs)
            })
            .collect();
        Caps {
            limits: process.caps.clone(),
            values,
        }
    }

    /// Cluster `c`'s value of cap `k`.
    pub fn value(&self, c: usize, k: usize) -> &str {
        self.values
            .get(&c)
            .and_then(|v| v.get(k))
            .map_or("", |s| s.as_str())
    }
}

/// Where the filling stands in one way of settling the ties above: what
/// the clusters below depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct State {
    /// Places taken (clusters selected, the office's picks included).
    pub selected: usize,
    /// Of these, places taken by the office's picks in ties.
    pub held: usize,
    /// (cap index, value) -> selected.
    pub counts: BTreeMap<(usize, String), usize>,
    /// Of these, the office's picks.
    pub from_ties: BTreeMap<(usize, String), usize>,
    /// Ranks of the ties settled on the way here.
    pub ties: BTreeSet<usize>,
}

impl State {
    pub fn places_left(&self, quota: usize) -> usize {
        quota.saturating_sub(self.selected)
    }

    pub fn count(&self, k: usize, value: &str) -> usize {
        self.counts
            .get(&(k, value.to_string()))
            .copied()
            .unwrap_or(0)
    }

    pub fn held_for(&self, k: usize, value: &str) -> usize {
        self.from_ties
            .get(&(k, value.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// The first cap that is already full for cluster `c`.
    pub fn full_cap(&self, caps: &Caps, c: usize) -> Option<usize> {
        (0..caps.limits.len()).find(|&k| self.count(k, caps.value(c, k)) >= caps.limits[k].1)
    }

    /// Per cap value that `group` would take past its cap: (cap index,
    /// value, room left for it, members of `group` with it).
    pub fn broken_caps(&self, caps: &Caps, group: &[usize]) -> Vec<(usize, String, usize, usize)> {
        let mut out = Vec::new();
        for (k, (_, cap)) in caps.limits.iter().enumerate() {
            let mut add: BTreeMap<&str, usize> = BTreeMap::new();
            for &c in group {
                *add.entry(caps.value(c, k)).or_default() += 1;
            }
            for (v, n) in add {
                let room = cap.saturating_sub(self.count(k, v));
                if n > room {
                    out.push((k, v.to_string(), room, n));
                }
            }
        }
        out
    }

    /// Whether every cluster of `group` can be selected: places and caps.
    pub fn fits(&self, caps: &Caps, quota: usize, group: &[usize]) -> bool {
        group.len() <= self.places_left(quota) && self.broken_caps(caps, group).is_empty()
    }

    /// The state after selecting `picked`; `tie` is the rank of the tie
    /// when they are the office's pick in it.
    pub fn take(&self, caps: &Caps, picked: &[usize], tie: Option<usize>) -> State {
        let mut s = self.clone();
        s.selected += picked.len();
        for &c in picked {
            for k in 0..caps.limits.len() {
                let key = (k, caps.value(c, k).to_string());
                *s.counts.entry(key.clone()).or_default() += 1;
                if tie.is_some() {
                    *s.from_ties.entry(key).or_default() += 1;
                }
            }
        }
        if let Some(rank) = tie {
            s.held += picked.len();
            s.ties.insert(rank);
        }
        s
    }
}

/// The office's possible picks from the tied candidates `tied` (at most
/// `MAX_TIED`, each of which fits on its own), at the tie of `rank`: every
/// maximal set of them that fits the places left and the caps, grouped by
/// the state it leaves.
pub(super) fn picks(
    state: &State,
    caps: &Caps,
    quota: usize,
    tied: &[usize],
    rank: usize,
) -> BTreeMap<State, Vec<Vec<usize>>> {
    let n = tied.len().min(MAX_TIED);
    let places = state.places_left(quota);
    // Per cap: each candidate's value as a small index, and the room left
    // per value.
    let mut value_of = vec![[0usize; MAX_TIED]; caps.limits.len()];
    let mut room: Vec<Vec<usize>> = Vec::with_capacity(caps.limits.len());
    for (k, (_, cap)) in caps.limits.iter().enumerate() {
        let mut values: Vec<&str> = Vec::new();
        for (i, &c) in tied[..n].iter().enumerate() {
            let v = caps.value(c, k);
            value_of[k][i] = match values.iter().position(|x| *x == v) {
                Some(j) => j,
                None => {
                    values.push(v);
                    values.len() - 1
                }
            };
        }
        room.push(
            values
                .iter()
                .map(|v| cap.saturating_sub(state.count(k, v)))
                .collect(),
        );
    }
    let fits = |mask: usize| {
        if mask.count_ones() as usize > places {
            return false;
        }
        room.iter().zip(&value_of).all(|(room, value_of)| {
            let mut used = [0usize; MAX_TIED];
            (0..n).filter(|i| mask >> i & 1 == 1).all(|i| {
                used[value_of[i]] += 1;
                used[value_of[i]] <= room[value_of[i]]
            })
        })
    };
    let ok: Vec<bool> = (0..1usize << n).map(fits).collect();
    let mut out: BTreeMap<State, Vec<Vec<usize>>> = BTreeMap::new();
    for (mask, _) in ok.iter().enumerate().filter(|(_, &ok)| ok) {
        let maximal = (0..n).all(|i| mask >> i & 1 == 1 || !ok[mask | 1 << i]);
        if !maximal {
            continue;
        }
        let picked: Vec<usize> = (0..n)
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| tied[i])
            .collect();
        out.entry(state.take(caps, &picked, Some(rank)))
            .or_default()
            .push(picked);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Caps `limits`; cluster i has the values `values[i]`.
    fn caps(limits: &[(&str, usize)], values: &[&[&str]]) -> Caps {
        Caps {
            limits: limits.iter().map(|&(c, n)| (c.to_string(), n)).collect(),
            values: values
                .iter()
                .enumerate()
                .map(|(i, vs)| (i, vs.iter().map(|v| v.to_string()).collect()))
                .collect(),
        }
    }

    #[test]
    fn the_picks_are_the_maximal_sets_that_fit() {
        // At most 1 per city and 1 per track. 0 = (X, T1), 1 = (X, T2),
        // 2 = (Y, T1); 5 places. {0} is maximal (1 shares X, 2 shares T1);
        // {1, 2} is maximal (0 shares X with 1). {1} and {2} are not (the
        // other fits beside each). So the office's pick takes 1 or 2 places.
        let c = caps(
            &[("city", 1), ("track", 1)],
            &[&["X", "T1"], &["X", "T2"], &["Y", "T1"]],
        );
        let p = picks(&State::default(), &c, 5, &[0, 1, 2], 7);
        let got: Vec<(usize, Vec<Vec<usize>>)> =
            p.iter().map(|(s, a)| (s.selected, a.clone())).collect();
        assert_eq!(got, vec![(1, vec![vec![0]]), (2, vec![vec![1, 2]])]);
        for s in p.keys() {
            assert_eq!(s.held, s.selected);
            assert_eq!(s.ties, BTreeSet::from([7]));
        }
    }

    #[test]
    fn picks_that_leave_the_same_state_are_one_way() {
        // No caps, 3 tied for 2 places: {0, 1}, {0, 2}, {1, 2}, all leaving
        // 2 places taken and nothing else: one state, three alternatives.
        let c = caps(&[], &[&[], &[], &[]]);
        let p = picks(&State::default(), &c, 2, &[0, 1, 2], 3);
        assert_eq!(p.len(), 1);
        let (s, alternatives) = p.iter().next().expect("one state");
        assert_eq!(s.selected, 2);
        assert_eq!(alternatives, &vec![vec![0, 1], vec![0, 2], vec![1, 2]]);
    }

    #[test]
    fn a_group_breaks_a_cap_by_its_room_left() {
        // Cap 2 per track, 1 from T1 already selected: two more from T1
        // break it (room 1 for 2); one from T1 and one from T2 fit.
        let c = caps(&[("track", 2)], &[&["T1"], &["T1"], &["T1"], &["T2"]]);
        let s = State::default().take(&c, &[0], None);
        assert_eq!(s.count(0, "T1"), 1);
        assert_eq!(s.held, 0);
        assert_eq!(
            s.broken_caps(&c, &[1, 2]),
            vec![(0, "T1".to_string(), 1, 2)]
        );
        assert!(!s.fits(&c, 10, &[1, 2]));
        assert!(s.fits(&c, 10, &[1, 3]));
        // Places: 1 selected of a quota of 2 leaves room for one only.
        assert!(!s.fits(&c, 2, &[1, 3]));
        assert_eq!(s.full_cap(&c, 1), None);
        let full = s.take(&c, &[1], Some(4));
        assert_eq!(full.full_cap(&c, 2), Some(0));
        assert_eq!(full.held_for(0, "T1"), 1);
    }
}
