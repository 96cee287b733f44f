//! Panel agreement: Kendall's coefficient of concordance W.
//!
//! For m reviewers who each scored the same n clusters: rank each
//! reviewer's scores (average ranks for ties), sum the ranks per cluster
//! (R_i), S = sum (R_i - mean R)^2, and
//! W = 12 S / (m^2 (n^3 - n) - m sum T), T = sum over tie groups (t^3 - t)
//! of each reviewer. The significance test is chi^2 = m (n - 1) W with
//! n - 1 degrees of freedom (statrs). W is 1 when the panel agrees
//! completely and 0 when the rankings are unrelated. Every panel of a run
//! (stage x track) gets its W over the reviewers who scored all of its
//! clusters.

use super::panel::PanelScore;
use crate::ingest::Registry;
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Kendall's W with its chi-square test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Concordance {
    /// Reviewers (raters).
    pub m: usize,
    /// Clusters (items).
    pub n: usize,
    pub w: f64,
    pub chi2: f64,
    pub df: usize,
    pub p_value: f64,
}

/// Average ranks (1-based) of `xs`, ties sharing the mean of their ranks,
/// and the tie correction sum (t^3 - t) over tie groups.
pub fn average_ranks(xs: &[f64]) -> (Vec<f64>, f64) {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut ranks = vec![0.0; xs.len()];
    let mut ties = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = avg;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    (ranks, ties)
}

/// W for `scores[r][i]` (reviewer r, cluster i; a complete block). None for
/// fewer than two reviewers or clusters, or when every reviewer gave every
/// cluster the same score (W undefined).
pub fn kendall_w(scores: &[Vec<f64>]) -> Option<Concordance> {
    let m = scores.len();
    let n = scores.first().map(|s| s.len()).unwrap_or(0);
    if m < 2 || n < 2 || scores.iter().any(|s| s.len() != n) {
        return None;
    }
    let mut rank_sums = vec![0.0; n];
    let mut tie_total = 0.0;
    for s in scores {
        let (ranks, ties) = average_ranks(s);
        for (acc, r) in rank_sums.iter_mut().zip(ranks) {
            *acc += r;
        }
        tie_total += ties;
    }
    let mean = rank_sums.iter().sum::<f64>() / n as f64;
    let s: f64 = rank_sums.iter().map(|r| (r - mean) * (r - mean)).sum();
    let (mf, nf) = (m as f64, n as f64);
    let denom = mf * mf * (nf * nf * nf - nf) - mf * tie_total;
    if denom <= 0.0 {
        return None;
    }
    let w = 12.0 * s / denom;
    let df = n - 1;
    let chi2 = mf * (nf - 1.0) * w;
    let p_value = ChiSquared::new(df as f64)
        .map(|d| d.sf(chi2))
        .unwrap_or(f64::NAN);
    Some(Concordance {
        m,
        n,
        w,
        chi2,
        df,
        p_value,
    })
}

/// Agreement of one panel (stage x track).
#[derive(Debug, Clone, Serialize)]
pub struct PanelAgreement {
    pub stage: usize,
    pub track: String,
    pub clusters: usize,
    /// Reviewers with a usable score for every cluster of the panel.
    pub reviewers: Vec<usize>,
    /// Reviewers left out because a score was missing or excluded.
    pub incomplete: Vec<usize>,
    pub concordance: Option<Concordance>,
}

/// Kendall's W of every panel: per stage and track, over the reviewers who
/// have a usable score for every cluster of the panel.
pub fn by_panel(reg: &Registry, panels: &[PanelScore]) -> Vec<PanelAgreement> {
    let mut keys: Vec<(usize, String)> = panels
        .iter()
        .map(|p| (p.stage, reg.clusters[p.cluster].track.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|(stage, track)| {
            let group: Vec<&PanelScore> = panels
                .iter()
                .filter(|p| p.stage == stage && reg.clusters[p.cluster].track == track)
                .collect();
            let mut all: Vec<usize> = group
                .iter()
                .flat_map(|p| {
                    p.used
                        .iter()
                        .map(|s| s.reviewer)
                        .chain(p.excluded.iter().map(|(s, _)| s.reviewer))
                })
                .collect();
            all.sort_unstable();
            all.dedup();
            let (complete, incomplete): (Vec<usize>, Vec<usize>) = all.into_iter().partition(|r| {
                group
                    .iter()
                    .all(|p| p.used.iter().any(|s| s.reviewer == *r))
            });
            let scores: Vec<Vec<f64>> = complete
                .iter()
                .map(|r| {
                    group
                        .iter()
                        .map(|p| {
                            p.used
                                .iter()
                                .find(|s| s.reviewer == *r)
                                .map(|s| s.total)
                                .unwrap_or(f64::NAN)
                        })
                        .collect()
                })
                .collect();
            PanelAgreement {
                stage,
                track,
                clusters: group.len(),
                reviewers: complete,
                incomplete,
                concordance: kendall_w(&scores),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_with_ties() {
        let (r, t) = average_ranks(&[10.0, 30.0, 20.0, 30.0]);
        assert_eq!(r, vec![1.0, 3.5, 2.0, 3.5]);
        assert_eq!(t, 6.0); // one pair: 2^3 - 2
    }

    #[test]
    fn perfect_agreement_and_by_hand() {
        // Three reviewers, identical orders of 4 clusters: W = 1.
        let same = vec![vec![1.0, 2.0, 3.0, 4.0]; 3];
        let c = kendall_w(&same).unwrap();
        assert!((c.w - 1.0).abs() < 1e-12);
        assert!((c.chi2 - 9.0).abs() < 1e-12); // m (n-1) W = 3 * 3
                                               // By hand: reviewers rank 3 clusters as (1,2,3), (1,3,2), (2,1,3).
                                               // R = (4, 6, 8), mean 6, S = 4 + 0 + 4 = 8;
                                               // W = 12 * 8 / (9 * (27 - 3)) = 96 / 216 = 0.444444.
        let c = kendall_w(&[
            vec![1.0, 2.0, 3.0],
            vec![1.0, 3.0, 2.0],
            vec![2.0, 1.0, 3.0],
        ])
        .unwrap();
        assert!((c.w - 96.0 / 216.0).abs() < 1e-12);
        assert_eq!(c.df, 2);
        // chi2 = 3 * 2 * 0.4444 = 2.6667; p = exp(-chi2 / 2) for df = 2.
        assert!((c.p_value - (-(8.0f64 / 3.0) / 2.0).exp()).abs() < 1e-12);
    }

    #[test]
    fn degenerate_panels() {
        assert!(kendall_w(&[vec![1.0, 2.0]]).is_none());
        assert!(kendall_w(&[vec![5.0, 5.0], vec![5.0, 5.0]]).is_none());
    }
}
