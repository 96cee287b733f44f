//! Correlation of two columns: Pearson, Spearman (Pearson on mid-ranks)
//! and Kendall's τ-b. Pure functions on slices; no knowledge of clusters,
//! frameworks or files.

/// Mean and sample standard deviation (n − 1).
pub fn mean_sd(col: &[f64]) -> (f64, f64) {
    let n = col.len() as f64;
    let mean = col.iter().sum::<f64>() / n;
    let ss: f64 = col.iter().map(|x| (x - mean) * (x - mean)).sum();
    (
        mean,
        if n > 1.0 {
            (ss / (n - 1.0)).sqrt()
        } else {
            0.0
        },
    )
}

/// Pearson correlation of two columns (0 when either is constant).
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let (ma, sa) = mean_sd(a);
    let (mb, sb) = mean_sd(b);
    if sa == 0.0 || sb == 0.0 {
        return 0.0;
    }
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    cov / ((a.len() as f64 - 1.0) * sa * sb)
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
    pearson(&mid_ranks(a), &mid_ranks(b))
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
}
