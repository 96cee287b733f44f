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

use crate::maths::correlation::{kendall, spearman};
use crate::maths::mcdm;
use crate::rank::model::{Aggregation, Model, GEOMETRIC_FLOOR};
use crate::rank::Standing;
use crate::score::Scored;
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
    let model = Model::new(fw, scored, GEOMETRIC_FLOOR);
    let mut work = model.work();
    let logs = model.log_fractions(&frac);
    model.evaluate(&frac, &logs, Aggregation::Geometric, &mut work);
    methods_used.push("geometric".into());
    values.push(work.totals.clone());
    // TOPSIS with the effective weights.
    let total = fw.total_points.max(f64::MIN_POSITIVE);
    let w: Vec<f64> = fw.indicators.iter().map(|i| i.points / total).collect();
    methods_used.push("topsis".into());
    values.push(mcdm::topsis(&frac, n, m, &w));
    let flat = |w: Vec<f64>| -> Vec<f64> {
        (0..n)
            .map(|i| (0..m).map(|j| frac[j * n + i] * w[j]).sum::<f64>() * fw.total_points)
            .collect()
    };
    methods_used.push("entropy".into());
    values.push(flat(mcdm::entropy(&frac, n, m)));
    methods_used.push("critic".into());
    values.push(flat(mcdm::critic(&frac, n, m)));
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
    use super::*;

    #[test]
    fn competition_ranks_share_ties() {
        assert_eq!(ranks_desc(&[3.0, 5.0, 5.0, 1.0]), vec![3, 1, 1, 4]);
    }
}
