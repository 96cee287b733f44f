//! Ranking (排名): standard competition ranking, tie-breaks and grades.
//!
//! Totals are compared at the framework's published precision. Equal totals
//! are separated only by the framework's tie-break chain (node subtotals,
//! indicator points, indicator values); a tie that survives the whole chain
//! is a real tie: the clusters share the rank (1, 2, 2, 4) and the tie is
//! reported, never broken by input order. Each standing carries notes that
//! say how its ties were settled, as data (`note::TieNote`: the other
//! cluster, the key that decided and both values), worded by the report
//! layer. Pure functions of the scores.

pub mod model;
pub mod note;

pub use note::{KeyKind, KeyName, TieNote};

use crate::framework::{round_to, Direction, Framework, TieKey};
use crate::score::Scored;
use serde::Serialize;
use std::cmp::Ordering;

/// One cluster's place.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// Index in the registry.
    pub cluster: usize,
    /// 1-based competition rank.
    pub rank: usize,
    /// True when another cluster shares this rank after the whole chain.
    pub tied: bool,
    /// How equal totals were settled (empty when the total is unique).
    pub tie_note: Vec<TieNote>,
    /// Index into the framework's grades.
    pub grade: Option<usize>,
}

/// A label for a tie-break key, in both languages (the method tables).
pub fn key_label(fw: &Framework, key: &TieKey) -> String {
    let k = key_name(fw, key);
    let what = match k.kind {
        KeyKind::Subtotal => "subtotal",
        KeyKind::Points => "points",
        _ => "value",
    };
    format!("{} {} {what}", k.zh, k.en)
}

/// The name of a tie-break key: what it compares and the node or
/// indicator, with its names in both languages (the tie notes).
pub fn key_name(fw: &Framework, key: &TieKey) -> KeyName {
    match key {
        TieKey::Node { node } => {
            let n = &fw.nodes[*node];
            KeyName::new(KeyKind::Subtotal, &n.id, &n.name_zh, &n.name_en)
        }
        TieKey::Points { indicator } => {
            let i = &fw.indicators[*indicator];
            KeyName::new(KeyKind::Points, &i.id, &i.name_zh, &i.name_en)
        }
        TieKey::Value { indicator } => {
            let i = &fw.indicators[*indicator];
            KeyName::new(KeyKind::Value, &i.id, &i.name_zh, &i.name_en)
        }
    }
}

/// The comparison keys of every cluster: the total, then the chain, each
/// oriented so that larger is better and rounded to the framework's
/// precision; NaN (no value) ranks last.
pub fn keys(fw: &Framework, scored: &Scored) -> Vec<Vec<f64>> {
    let s = &scored.scores;
    (0..s.clusters)
        .map(|i| {
            let mut k = vec![round_to(s.total(i), fw.decimals)];
            for key in &fw.tie_break {
                k.push(key_value(fw, scored, i, key));
            }
            k
        })
        .collect()
}

/// One tie-break key of scored row `i`, oriented larger-better and rounded
/// to the framework's precision; no value is -infinity (ranks last).
pub fn key_value(fw: &Framework, scored: &Scored, i: usize, key: &TieKey) -> f64 {
    let s = &scored.scores;
    let v = match key {
        TieKey::Node { node } => s.subtotal(i, *node),
        TieKey::Points { indicator } => s.points[s.at(i, *indicator)],
        TieKey::Value { indicator } => key_sign(fw, key) * scored.raw.values[s.at(i, *indicator)],
    };
    if v.is_nan() {
        f64::NEG_INFINITY
    } else {
        round_to(v, fw.decimals)
    }
}

fn cmp_keys(a: &[f64], b: &[f64]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match x.total_cmp(y) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    Ordering::Equal
}

/// Standard competition ranks (1-based) from key vectors, larger better:
/// a cluster's rank is 1 + the number of clusters with strictly better keys.
pub fn competition_ranks(keys: &[Vec<f64>]) -> Vec<usize> {
    // Sorted best first (`cmp_keys` is a total order), a cluster's rank is
    // 1 + its position when its keys differ from the one before, else the
    // one before's rank: O(n log n), not a count over all pairs.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| cmp_keys(&keys[b], &keys[a]));
    let mut ranks = vec![0; keys.len()];
    for (p, &i) in order.iter().enumerate() {
        ranks[i] = match p.checked_sub(1).map(|q| order[q]) {
            Some(prev) if cmp_keys(&keys[prev], &keys[i]) == Ordering::Equal => ranks[prev],
            _ => p + 1,
        };
    }
    ranks
}

/// A place in an ordering by key vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub rank: usize,
    pub tied: bool,
    pub notes: Vec<TieNote>,
}

/// At most this many clusters with the same total are named in a note; the
/// rest are counted. (A note naming every other one of thousands of equal
/// totals grows with the square of the cohort: 5.7 GB for 3,000 clusters
/// with the same figures, and cells beyond a spreadsheet's 32,767
/// characters.)
pub const NOTE_NAMES: usize = 10;

/// Rank key vectors (larger better; `keys[i][0]` is the score, the rest the
/// tie-break chain) and explain how equal scores were settled. `labels`
/// names the chain keys; `signs` turns a key back into its shown value
/// (-1 for a lower-is-better value); `ids` names the rows in the notes
/// (the first `NOTE_NAMES` of them; the others are counted).
pub fn rank_keys(
    keys: &[Vec<f64>],
    labels: &[KeyName],
    signs: &[f64],
    ids: &[String],
    decimals: u32,
) -> Vec<Place> {
    let ranks = competition_ranks(keys);
    let decimals = decimals.min(4);
    let shown = |x: f64| (!x.is_infinite()).then_some(x);
    // The clusters with the same score (`==`: NaN equals none, -0 equals
    // 0), each run in registry order: sorted by score with `total_cmp`,
    // stable, equal scores are neighbours.
    let mut by_score: Vec<usize> = (0..keys.len()).collect();
    by_score.sort_by(|&a, &b| keys[a][0].total_cmp(&keys[b][0]));
    let mut same: Vec<&[usize]> = vec![&[]; keys.len()];
    for run in by_score.chunk_by(|&a, &b| keys[a][0] == keys[b][0]) {
        for &i in run {
            same[i] = run;
        }
    }
    let mut out = Vec::with_capacity(keys.len());
    for i in 0..keys.len() {
        let mut notes = Vec::new();
        let mut tied = false;
        let mut unnamed = 0usize;
        let total = keys[i][0];
        for &j in same[i] {
            if i == j {
                continue;
            }
            let differs = (1..keys[i].len()).find(|&k| keys[i][k] != keys[j][k]);
            if notes.len() == NOTE_NAMES {
                tied |= differs.is_none();
                unnamed += 1;
                continue;
            }
            match differs {
                Some(k) => {
                    let sign = signs.get(k - 1).copied().unwrap_or(1.0);
                    notes.push(TieNote::BrokenBy {
                        other: ids[j].clone(),
                        total,
                        ahead: keys[i][k] > keys[j][k],
                        key: labels[k - 1].clone(),
                        mine: shown(sign * keys[i][k]),
                        theirs: shown(sign * keys[j][k]),
                        decimals,
                    });
                }
                None => {
                    tied = true;
                    notes.push(TieNote::Shared {
                        other: ids[j].clone(),
                        total,
                        rank: ranks[i],
                        decimals,
                    });
                }
            }
        }
        if unnamed > 0 {
            notes.push(TieNote::More {
                count: unnamed,
                total,
                decimals,
            });
        }
        out.push(Place {
            rank: ranks[i],
            tied,
            notes,
        });
    }
    out
}

/// The sign that shows a framework tie key as its value.
pub fn key_sign(fw: &Framework, key: &TieKey) -> f64 {
    match key {
        TieKey::Value { indicator } if fw.indicators[*indicator].direction == Direction::Lower => {
            -1.0
        }
        _ => 1.0,
    }
}

/// Rank a scored round.
pub fn rank(fw: &Framework, scored: &Scored, ids: &[String]) -> Vec<Standing> {
    let keys = keys(fw, scored);
    let labels: Vec<KeyName> = fw.tie_break.iter().map(|k| key_name(fw, k)).collect();
    let signs: Vec<f64> = fw.tie_break.iter().map(|k| key_sign(fw, k)).collect();
    let places = rank_keys(&keys, &labels, &signs, ids, fw.decimals);
    let mut out: Vec<Standing> = places
        .into_iter()
        .enumerate()
        .map(|(i, p)| Standing {
            cluster: i,
            rank: p.rank,
            tied: p.tied,
            tie_note: p.notes,
            grade: fw
                .grade_of(scored.scores.total(i))
                .and_then(|g| fw.grades.iter().position(|x| x.id == g.id)),
        })
        .collect();
    out.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| ids[a.cluster].cmp(&ids[b.cluster]))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_ranks_and_tie_groups_equal_the_pairwise_definitions() {
        // Keys from a small alphabet (many ties, -0 and 0, NaN), ranked by
        // the sort and by the definition: 1 + the number strictly better;
        // the tie notes name exactly the others with an `==` score.
        let alphabet = [70.0, 70.0, -0.0, 0.0, 80.5, f64::NAN, 1.0];
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for n in [0usize, 1, 2, 7, 40] {
            let keys: Vec<Vec<f64>> = (0..n)
                .map(|_| vec![alphabet[next() % 7], (next() % 3) as f64])
                .collect();
            let brute: Vec<usize> = keys
                .iter()
                .map(|k| {
                    1 + keys
                        .iter()
                        .filter(|o| cmp_keys(o, k) == Ordering::Greater)
                        .count()
                })
                .collect();
            assert_eq!(competition_ranks(&keys), brute);
            let ids: Vec<String> = (0..n).map(|i| format!("C{i}")).collect();
            let label = KeyName::new(KeyKind::StageScore, "s", "s", "s");
            let places = rank_keys(&keys, &[label], &[1.0], &ids, 2);
            for (i, p) in places.iter().enumerate() {
                let others = (0..n)
                    .filter(|&j| j != i && keys[j][0] == keys[i][0])
                    .count();
                assert_eq!(
                    p.notes.len(),
                    others.min(NOTE_NAMES) + usize::from(others > NOTE_NAMES)
                );
                let tied = (0..n).any(|j| j != i && keys[j] == keys[i]);
                assert_eq!(p.tied, tied, "cluster {i} of {keys:?}");
            }
        }
    }

    #[test]
    fn competition_ranking_1224() {
        // totals 90, 80, 80, 70 -> 1, 2, 2, 4 (no chain).
        let keys = vec![vec![90.0], vec![80.0], vec![80.0], vec![70.0]];
        assert_eq!(competition_ranks(&keys), vec![1, 2, 2, 4]);
    }

    #[test]
    fn chain_breaks_ties_in_order() {
        // Equal totals; first key equal for B and C, second key decides:
        // A: (80, 30, 1), B: (80, 30, 2), C: (80, 31, 0), D: (80, 30, 2).
        // C best on key 1 -> rank 1; B and D tie on everything -> rank 2, 2;
        // A -> rank 4.
        let keys = vec![
            vec![80.0, 30.0, 1.0],
            vec![80.0, 30.0, 2.0],
            vec![80.0, 31.0, 0.0],
            vec![80.0, 30.0, 2.0],
        ];
        assert_eq!(competition_ranks(&keys), vec![4, 2, 1, 2]);
    }

    #[test]
    fn a_note_names_at_most_ten_equal_totals() {
        // 3,000 equal totals, the last cluster ahead of the rest on the
        // chain: every note names ten and counts the others; whole-chain
        // ties beyond the ten still mark the standing as tied.
        let n = 3000;
        let mut keys = vec![vec![50.0, 1.0]; n];
        keys[n - 1][1] = 2.0;
        let ids: Vec<String> = (0..n).map(|i| format!("C{i}")).collect();
        let key = KeyName::new(KeyKind::Subtotal, "inn", "创新", "innovation");
        let places = rank_keys(&keys, std::slice::from_ref(&key), &[1.0], &ids, 2);
        assert_eq!(places[0].notes.len(), NOTE_NAMES + 1);
        assert_eq!(
            places[0].notes.last(),
            Some(&TieNote::More {
                count: 2989,
                total: 50.0,
                decimals: 2
            })
        );
        assert_eq!(
            places[0].notes[0],
            TieNote::Shared {
                other: "C1".into(),
                total: 50.0,
                rank: 2,
                decimals: 2
            }
        );
        assert!(places[0].tied);
        assert_eq!(places[n - 1].rank, 1);
        assert!(!places[n - 1].tied);
        let ahead = |p: &Place| {
            p.notes
                .iter()
                .filter(|t| matches!(t, TieNote::BrokenBy { ahead: true, .. }))
                .count()
        };
        assert_eq!(ahead(&places[n - 1]), 10);
        assert!(places.iter().all(|p| p.notes.len() <= NOTE_NAMES + 1));
    }

    #[test]
    fn three_way_tie_with_a_chain() {
        // A, B, C all 70.00. Chain: node subtotal, then indicator points.
        // A (70, 30, 5), B (70, 30, 7), C (70, 28, 9).
        // By hand: on the subtotal A and B (30) beat C (28); A and B
        // are separated by the points, B (7) ahead of A (5).
        // Ranks: B 1, A 2, C 3; no shared rank.
        let keys = vec![
            vec![70.0, 30.0, 5.0],
            vec![70.0, 30.0, 7.0],
            vec![70.0, 28.0, 9.0],
        ];
        let sub = KeyName::new(KeyKind::Subtotal, "D1", "产业规模", "Scale");
        let pts = KeyName::new(KeyKind::Points, "I3", "专利", "Patents");
        let ids: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let p = rank_keys(&keys, &[sub.clone(), pts.clone()], &[1.0, 1.0], &ids, 2);
        assert_eq!(p.iter().map(|x| x.rank).collect::<Vec<_>>(), vec![2, 1, 3]);
        assert!(p.iter().all(|x| !x.tied));
        let broken =
            |other: &str, ahead: bool, key: &KeyName, mine: f64, theirs: f64| TieNote::BrokenBy {
                other: other.into(),
                total: 70.0,
                ahead,
                key: key.clone(),
                mine: Some(mine),
                theirs: Some(theirs),
                decimals: 2,
            };
        assert_eq!(
            p[0].notes,
            vec![
                broken("B", false, &pts, 5.0, 7.0),
                broken("C", true, &sub, 30.0, 28.0)
            ]
        );
        assert_eq!(
            p[1].notes,
            vec![
                broken("A", true, &pts, 7.0, 5.0),
                broken("C", true, &sub, 30.0, 28.0)
            ]
        );
        assert_eq!(
            p[2].notes,
            vec![
                broken("A", false, &sub, 28.0, 30.0),
                broken("B", false, &sub, 28.0, 30.0)
            ]
        );
    }

    #[test]
    fn whole_chain_tie_is_shared_and_no_value_is_none() {
        // A and B equal on everything: rank 1 shared, both tied. C has no
        // value on the chain key (-inf): rank 3, its note shows None.
        let keys = vec![
            vec![60.0, 4.0],
            vec![60.0, 4.0],
            vec![60.0, f64::NEG_INFINITY],
        ];
        let v = KeyName::new(KeyKind::Value, "I9", "能耗", "Energy use");
        let ids: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let p = rank_keys(&keys, std::slice::from_ref(&v), &[-1.0], &ids, 6);
        assert_eq!(p.iter().map(|x| x.rank).collect::<Vec<_>>(), vec![1, 1, 3]);
        assert!(p[0].tied && p[1].tied && !p[2].tied);
        assert_eq!(
            p[0].notes[0],
            TieNote::Shared {
                other: "B".into(),
                total: 60.0,
                rank: 1,
                decimals: 4
            }
        );
        assert_eq!(
            p[2].notes[0],
            TieNote::BrokenBy {
                other: "A".into(),
                total: 60.0,
                ahead: false,
                key: v.clone(),
                mine: None,
                theirs: Some(-4.0),
                decimals: 4
            }
        );
    }

    #[test]
    fn missing_values_rank_last() {
        let keys = vec![vec![50.0, f64::NEG_INFINITY], vec![50.0, -3.0]];
        assert_eq!(competition_ranks(&keys), vec![2, 1]);
    }
}
