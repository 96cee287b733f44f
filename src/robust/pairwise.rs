//! Pairwise probabilities of the robustness analysis: for the clusters
//! officially ranked first to N-th, the share of the Monte Carlo
//! replications in which each ranks ahead of each other (a smaller rank),
//! behind it, or level with it. The three shares of a pair come from
//! counts over the same replications, so they add up to 1 and a pair in
//! which one cluster is ahead in every replication gives exactly 1 and 0.

use serde::Serialize;

/// The most clusters a pairwise table may hold (N² / 2 pairs, each read
/// over every replication).
pub const MAX_PAIRWISE: usize = 100;

/// The clusters compared two by two, N when not declared: the `select`
/// places, at most this many.
pub const DEFAULT_PAIRWISE: usize = 20;

/// One pair: `a` officially ranked above (or level with) `b`.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    /// Share of replications with rank(a) < rank(b).
    pub a_ahead: f64,
    /// Share with rank(b) < rank(a).
    pub b_ahead: f64,
    /// Share with equal ranks.
    pub tie: f64,
}

/// The top N clusters two by two.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pairwise {
    /// Ids of the clusters compared, in official rank order.
    pub clusters: Vec<String>,
    /// `ahead[a * N + b]`: share of replications in which cluster a ranks
    /// ahead of cluster b (0 on the diagonal).
    pub ahead: Vec<f64>,
    /// Every pair once, in official rank order.
    pub pairs: Vec<Pair>,
}

/// The pairwise shares of the clusters `top` (scored rows, in official
/// rank order) over `replications` rows of `ranks` (replication-major, `n`
/// clusters a row); `ids` per scored row.
pub fn pairwise(
    ranks: &[u32],
    n: usize,
    replications: usize,
    top: &[usize],
    ids: &[String],
) -> Pairwise {
    let k = top.len();
    let mut ahead = vec![0.0; k * k];
    let mut pairs = Vec::with_capacity(k * k.saturating_sub(1) / 2);
    let r = replications.max(1) as f64;
    for a in 0..k {
        for b in a + 1..k {
            let (ia, ib) = (top[a], top[b]);
            let (mut before, mut after) = (0u64, 0u64);
            for rep in 0..replications {
                let (ra, rb) = (ranks[rep * n + ia], ranks[rep * n + ib]);
                if ra < rb {
                    before += 1;
                } else if rb < ra {
                    after += 1;
                }
            }
            let tie = replications as u64 - before - after;
            ahead[a * k + b] = before as f64 / r;
            ahead[b * k + a] = after as f64 / r;
            pairs.push(Pair {
                a: ids[ia].clone(),
                b: ids[ib].clone(),
                a_ahead: before as f64 / r,
                b_ahead: after as f64 / r,
                tie: tie as f64 / r,
            });
        }
    }
    Pairwise {
        clusters: top.iter().map(|&i| ids[i].clone()).collect(),
        ahead,
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_by_hand() {
        // 3 clusters, 4 replications (ranks per replication):
        // r1: 1 2 3; r2: 2 1 3; r3: 1 1 3; r4: 1 2 3.
        // 0 vs 1: ahead in r1, r4 (2/4), behind in r2 (1/4), level r3 (1/4).
        // 0 vs 2 and 1 vs 2: always ahead (1, 0, 0).
        let ranks = [1, 2, 3, 2, 1, 3, 1, 1, 3, 1, 2, 3];
        let ids: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
        let p = pairwise(&ranks, 3, 4, &[0, 1, 2], &ids);
        assert_eq!(p.pairs.len(), 3);
        let q = &p.pairs[0];
        assert_eq!((q.a_ahead, q.b_ahead, q.tie), (0.5, 0.25, 0.25));
        assert_eq!(
            (p.pairs[1].a_ahead, p.pairs[1].b_ahead, p.pairs[1].tie),
            (1.0, 0.0, 0.0)
        );
        assert_eq!(p.ahead, vec![0.0, 0.5, 1.0, 0.25, 0.0, 1.0, 0.0, 0.0, 0.0]);
    }
}
