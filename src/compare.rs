//! Alternative rankings (方法比较): the same cohort ranked by other
//! aggregation and weighting methods, and how closely each agrees with the
//! official ranking.
//!
//! Every method reads the indicators' score fractions (each value's share of
//! its indicator's points, after imputation, treatment and normalisation, so
//! already "higher is better" and on [0, 1]):
//!
//! - `geometric`: weighted geometric mean at every node with the resolved
//!   weights; a fraction below 1 % counts as 1 % (so one zero costs a lot
//!   but does not wipe out the rest), total = root fraction x total points.
//! - `topsis`: TOPSIS closeness D⁻ / (D⁺ + D⁻) on the fractions weighted by
//!   the indicators' effective points (share of the total); the ideal is the
//!   best weighted fraction of the cohort on each indicator.
//! - `entropy`, `critic`: one flat set of entropy / CRITIC weights over all
//!   indicators (the common 熵权法 practice), weighted sum of fractions.
//! - `equal`: every indicator weighs the same.
//!
//! Ranks are competition ranks of the method's value (ties share). The
//! agreement with the official ranking is Spearman's ρ (Pearson correlation
//! of mid-ranks) and Kendall's τ-b.

use crate::rank::Standing;
use crate::robust::model::{Aggregation, Model};
use crate::score::Scored;
use crate::weighting::methods;
use serde::Serialize;

/// One cluster under every method.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Value under each method (the official total first).
    pub values: Vec<f64>,
    /// Rank under each method (the official rank first).
    pub ranks: Vec<usize>,
}

/// Agreement of one method with the official ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub method: String,
    pub spearman: f64,
    pub kendall: f64,
    /// Clusters whose rank differs from the official one.
    pub moved: usize,
    pub max_shift: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// "official" first.
    pub methods: Vec<String>,
    /// In official rank order.
    pub rows: Vec<ComparisonRow>,
    /// One per method other than the official one.
    pub agreement: Vec<Agreement>,
}

/// TOPSIS closeness of an `n` x `m` column-major matrix of benefit values
/// (already normalised) with weights `w`.
pub fn topsis(matrix: &[f64], n: usize, m: usize, w: &[f64]) -> Vec<f64> {
    let mut best = vec![f64::NEG_INFINITY; m];
    let mut worst = vec![f64::INFINITY; m];
    for j in 0..m {
        for &x in &matrix[j * n..(j + 1) * n] {
            let v = x * w[j];
            best[j] = best[j].max(v);
            worst[j] = worst[j].min(v);
        }
    }
    (0..n)
        .map(|i| {
            let (mut dp, mut dm) = (0.0, 0.0);
            for j in 0..m {
                let v = matrix[j * n + i] * w[j];
                dp += (v - best[j]) * (v - best[j]);
                dm += (v - worst[j]) * (v - worst[j]);
            }
            let (dp, dm) = (dp.sqrt(), dm.sqrt());
            if dp + dm > 0.0 {
                dm / (dp + dm)
            } else {
                0.5
            }
        })
        .collect()
}

/// Competition ranks of values, higher better (compared at 1e-9 relative
/// precision, so float noise does not split a tie).
pub fn ranks_desc(values: &[f64]) -> Vec<usize> {
    let key = |x: f64| {
        if x.is_finite() {
            crate::framework::round_to(x, 9)
        } else {
            f64::NEG_INFINITY
        }
    };
    let keys: Vec<f64> = values.iter().map(|&x| key(x)).collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[b].total_cmp(&keys[a]));
    let mut ranks = vec![0; keys.len()];
    for (pos, &i) in order.iter().enumerate() {
        ranks[i] = if pos > 0 && keys[order[pos - 1]] == keys[i] {
            ranks[order[pos - 1]]
        } else {
            pos + 1
        };
    }
    ranks
}

/// Mid-ranks (ties get the average of the places they span), ascending.
pub fn mid_ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut out = vec![0.0; x.len()];
    let mut s = 0;
    while s < order.len() {
        let mut e = s;
        while e + 1 < order.len() && x[order[e + 1]] == x[order[s]] {
            e += 1;
        }
        let mid = (s + e) as f64 / 2.0 + 1.0;
        for &i in &order[s..=e] {
            out[i] = mid;
        }
        s = e + 1;
    }
    out
}

/// Spearman's rank correlation (with ties: Pearson on mid-ranks); NaN
/// when either ranking is constant (as SciPy).
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let constant = |x: &[f64]| x.windows(2).all(|w| w[0] == w[1]);
    if a.len() < 2 || constant(a) || constant(b) {
        return f64::NAN;
    }
    methods::pearson(&mid_ranks(a), &mid_ranks(b))
}

/// Kendall's τ-b (ties in either variable adjusted).
pub fn kendall(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len();
    let (mut con, mut dis, mut ta, mut tb) = (0i64, 0i64, 0i64, 0i64);
    for i in 0..n {
        for j in i + 1..n {
            let da = a[i].total_cmp(&a[j]) as i64;
            let db = b[i].total_cmp(&b[j]) as i64;
            match (da, db) {
                (0, 0) => {}
                (0, _) => ta += 1,
                (_, 0) => tb += 1,
                _ if da == db => con += 1,
                _ => dis += 1,
            }
        }
    }
    let denom = (((con + dis + ta) as f64) * ((con + dis + tb) as f64)).sqrt();
    if denom > 0.0 {
        (con - dis) as f64 / denom
    } else {
        f64::NAN
    }
}

/// Rank the scored cohort by every method.
pub fn compare(
    fw: &crate::framework::Framework,
    scored: &Scored,
    standings: &[Standing],
    ids: &[String],
    names: &[(String, String)],
) -> Comparison {
    let s = &scored.scores;
    let (n, m) = (s.clusters, s.indicators);
    let frac: Vec<f64> = s
        .fraction
        .iter()
        .map(|f| if f.is_finite() { *f } else { 0.0 })
        .collect();
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut methods_used = vec!["official".to_string()];
    values.push((0..n).map(|i| s.total(i)).collect());
    let mut official_rank = vec![0usize; n];
    for st in standings {
        official_rank[st.cluster] = st.rank;
    }
    // Geometric mean with the resolved weights.
    let model = Model::new(fw, scored, 0.01);
    let mut work = model.work();
    let logs = model.log_fractions(&frac);
    model.evaluate(&frac, &logs, Aggregation::Geometric, &mut work);
    methods_used.push("geometric".into());
    values.push(work.totals.clone());
    // TOPSIS with the effective weights.
    let total = fw.total_points.max(f64::MIN_POSITIVE);
    let w: Vec<f64> = fw.indicators.iter().map(|i| i.points / total).collect();
    methods_used.push("topsis".into());
    values.push(topsis(&frac, n, m, &w));
    let flat = |w: Vec<f64>| -> Vec<f64> {
        (0..n)
            .map(|i| (0..m).map(|j| frac[j * n + i] * w[j]).sum::<f64>() * fw.total_points)
            .collect()
    };
    methods_used.push("entropy".into());
    values.push(flat(methods::entropy(&frac, n, m)));
    methods_used.push("critic".into());
    values.push(flat(methods::critic(&frac, n, m)));
    methods_used.push("equal".into());
    values.push(flat(vec![1.0 / m.max(1) as f64; m]));

    let mut ranks: Vec<Vec<usize>> = vec![official_rank.clone()];
    for v in &values[1..] {
        ranks.push(ranks_desc(v));
    }
    let official: Vec<f64> = official_rank.iter().map(|&r| r as f64).collect();
    let agreement = (1..methods_used.len())
        .map(|k| {
            let other: Vec<f64> = ranks[k].iter().map(|&r| r as f64).collect();
            let shifts: Vec<usize> = (0..n)
                .map(|i| ranks[k][i].abs_diff(official_rank[i]))
                .collect();
            Agreement {
                method: methods_used[k].clone(),
                spearman: spearman(&official, &other),
                kendall: kendall(&official, &other),
                moved: shifts.iter().filter(|&&d| d > 0).count(),
                max_shift: shifts.iter().copied().max().unwrap_or(0),
            }
        })
        .collect();
    let mut rows: Vec<ComparisonRow> = (0..n)
        .map(|i| ComparisonRow {
            cluster_id: ids[i].clone(),
            name_zh: names[i].0.clone(),
            name_en: names[i].1.clone(),
            values: values.iter().map(|v| v[i]).collect(),
            ranks: ranks.iter().map(|r| r[i]).collect(),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.ranks[0]
            .cmp(&b.ranks[0])
            .then_with(|| a.cluster_id.cmp(&b.cluster_id))
    });
    Comparison {
        methods: methods_used,
        rows,
        agreement,
    }
}

#[cfg(test)]
mod tests {
    //! Against values worked by hand (scipy agrees: tests/mcdm.rs).
    use super::*;

    #[test]
    fn rank_correlations_by_hand() {
        // a = 1 2 3 4, b = 1 3 2 4: one discordant pair of 6 -> τ = 4/6;
        // d² = 0 1 1 0 -> ρ = 1 − 6·2 / (4·15) = 0.8.
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [1.0, 3.0, 2.0, 4.0];
        assert!((kendall(&a, &b) - 4.0 / 6.0).abs() < 1e-15);
        assert!((spearman(&a, &b) - 0.8).abs() < 1e-15);
        // With a tie in b: b = 1 2 2 4. Pairs: (1,2)(1,3)(1,4)(2,4)(3,4)
        // concordant, (2,3) tied in b only -> τ-b = 5 / sqrt(6 · 5).
        let b = [1.0, 2.0, 2.0, 4.0];
        assert!((kendall(&a, &b) - 5.0 / 30f64.sqrt()).abs() < 1e-15);
        assert_eq!(mid_ranks(&b), vec![1.0, 2.5, 2.5, 4.0]);
    }

    #[test]
    fn topsis_by_hand() {
        // Two alternatives, two criteria, equal weights 0.5: A = (1, 0),
        // B = (0, 1) -> both at distance 0.5 from the ideal (0.5, 0.5) and
        // from the anti-ideal (0, 0): closeness 0.5. C = (1, 1) is ideal.
        let m = [1.0, 0.0, 1.0, 0.0, 1.0, 1.0];
        let c = topsis(&m, 3, 2, &[0.5, 0.5]);
        assert!((c[0] - 0.5).abs() < 1e-15 && (c[1] - 0.5).abs() < 1e-15);
        assert_eq!(c[2], 1.0);
    }

    #[test]
    fn competition_ranks_share_ties() {
        assert_eq!(ranks_desc(&[3.0, 5.0, 5.0, 1.0]), vec![3, 1, 1, 4]);
    }
}
