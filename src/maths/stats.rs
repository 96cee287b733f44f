//! Descriptive statistics and tests of the statistical audit, as COINr
//! (`get_stats`, `get_corr`, `get_cronbach`) and R compute them: minimum,
//! maximum, mean, median, sample standard deviation (n − 1), sample
//! skewness and excess kurtosis (type 2), the size of the largest group of
//! equal values compared through their 15-significant-digit text (as R's
//! `table()`), the p-value of a Pearson correlation (t-test with n − 2
//! degrees of freedom) and of a Spearman correlation (R's `cor.test`:
//! algorithm AS 89 — exact enumeration up to n = 9, Edgeworth series
//! above — when neither column has ties, else the t approximation), the
//! sample covariance matrix and Cronbach's alpha. Pure functions on
//! slices; NaN marks a missing value and is skipped where said.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// The finite values of a column.
pub fn present(col: &[f64]) -> Vec<f64> {
    col.iter().copied().filter(|x| x.is_finite()).collect()
}

/// Mean of the values (NaN when empty).
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    x.iter().sum::<f64>() / x.len() as f64
}

/// Median (the mean of the two middle values for an even count; NaN when
/// empty), as R's `median`.
pub fn median(x: &[f64]) -> f64 {
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// Sample standard deviation, n − 1 (NaN below 2 values).
pub fn sd(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    (ss / (x.len() as f64 - 1.0)).sqrt()
}

/// Sums of the 2nd, 3rd and 4th powers of the deviations from the mean.
fn central_sums(x: &[f64]) -> (f64, f64, f64) {
    let m = mean(x);
    let (mut s2, mut s3, mut s4) = (0.0, 0.0, 0.0);
    for v in x {
        let d = v - m;
        s2 += d * d;
        s3 += d * d * d;
        s4 += d * d * d * d;
    }
    (s2, s3, s4)
}

/// Sample skewness g = √n S3 / S2^(3/2) × √(n(n−1)) / (n−2), Sp the sum of
/// p-th powers of deviations from the mean (NaN below 3 values).
pub fn skewness(x: &[f64]) -> f64 {
    if x.len() < 3 {
        return f64::NAN;
    }
    let (s2, s3, _) = central_sums(x);
    let n = x.len() as f64;
    n.sqrt() * s3 / s2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0)
}

/// Sample excess kurtosis k = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)) with
/// r = n S4 / S2² (NaN below 4 values).
pub fn kurtosis(x: &[f64]) -> f64 {
    if x.len() < 4 {
        return f64::NAN;
    }
    let (s2, _, s4) = central_sums(x);
    let n = x.len() as f64;
    let r = n * s4 / (s2 * s2);
    ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
}

/// A value as R's `as.character` compares it: 15 significant digits.
fn text15(x: f64) -> String {
    format!("{x:.14e}")
}

/// Number of distinct values (compared exactly, as R's `unique`) and the
/// size of the largest group of equal values compared through their
/// 15-significant-digit text (as R's `table()`).
pub fn unique_and_same(x: &[f64]) -> (usize, usize) {
    let mut exact: Vec<f64> = x.to_vec();
    exact.sort_by(f64::total_cmp);
    exact.dedup();
    let mut keys: Vec<String> = x.iter().map(|&v| text15(v)).collect();
    keys.sort();
    let mut same = 0;
    let mut s = 0;
    while s < keys.len() {
        let mut e = s;
        while e < keys.len() && keys[e] == keys[s] {
            e += 1;
        }
        same = same.max(e - s);
        s = e;
    }
    (exact.len(), same)
}

/// Pearson correlation over the rows where both are present (NaN when
/// fewer than 2 such rows or either column is constant).
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let (x, y): (Vec<f64>, Vec<f64>) = a
        .iter()
        .zip(b)
        .filter(|(p, q)| p.is_finite() && q.is_finite())
        .map(|(p, q)| (*p, *q))
        .unzip();
    if x.len() < 2 {
        return f64::NAN;
    }
    let (mx, my) = (mean(&x), mean(&y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (p, q) in x.iter().zip(&y) {
        sxy += (p - mx) * (q - my);
        sxx += (p - mx) * (p - mx);
        syy += (q - my) * (q - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return f64::NAN;
    }
    sxy / (sxx * syy).sqrt()
}

/// The rows where both columns are present.
fn complete(a: &[f64], b: &[f64]) -> (Vec<f64>, Vec<f64>) {
    a.iter()
        .zip(b)
        .filter(|(p, q)| p.is_finite() && q.is_finite())
        .map(|(p, q)| (*p, *q))
        .unzip()
}

/// Spearman correlation: Pearson on the mid-ranks of the complete rows.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (x, y) = complete(a, b);
    pearson(
        &super::correlation::mid_ranks(&x),
        &super::correlation::mid_ranks(&y),
    )
}

/// Two-sided p-value of a correlation r over n pairs by the t-test with
/// n − 2 degrees of freedom (R's `cor.test`, Pearson; and Spearman with
/// ties). NaN when n < 3 or r is NaN.
pub fn t_test_p(r: f64, n: usize) -> f64 {
    if n < 3 || !r.is_finite() {
        return f64::NAN;
    }
    let df = n as f64 - 2.0;
    if r.abs() >= 1.0 {
        return 0.0;
    }
    let t = (df.sqrt() * r / (1.0 - r * r).sqrt()).abs();
    match StudentsT::new(0.0, 1.0, df) {
        Ok(d) => (2.0 * d.sf(t)).min(1.0),
        Err(_) => f64::NAN,
    }
}

/// Pearson correlation and its two-sided p-value (complete rows).
pub fn pearson_test(a: &[f64], b: &[f64]) -> (f64, f64) {
    let (x, _) = complete(a, b);
    let r = pearson(a, b);
    (r, t_test_p(r, x.len()))
}

/// Spearman correlation and its two-sided p-value as R's `cor.test`
/// (complete rows): AS 89 when neither column has ties, else the t
/// approximation.
pub fn spearman_test(a: &[f64], b: &[f64]) -> (f64, f64) {
    let (x, y) = complete(a, b);
    let n = x.len();
    let r = spearman(&x, &y);
    if !r.is_finite() {
        return (r, f64::NAN);
    }
    let (ux, _) = unique_and_same(&x);
    let (uy, _) = unique_and_same(&y);
    let ties = ux.min(uy) < n;
    if ties || n > 1290 {
        return (r, t_test_p(r, n));
    }
    let nf = n as f64;
    let q = (nf * nf * nf - nf) * (1.0 - r) / 6.0;
    let p = if q > (nf * nf * nf - nf) / 6.0 {
        prho(n, q.round_ties_even(), false)
    } else {
        prho(n, q.round_ties_even() + 2.0, true)
    };
    (r, (2.0 * p).min(1.0))
}

/// Algorithm AS 89 (Best & Roberts 1975, Appl. Statist. 24(3) 377), as
/// R's `prho`: P(S ≥ is), or P(S < is) when `lower`, for Spearman's
/// S = Σ d² over n ranks. Exact enumeration of the n! permutations for
/// n ≤ 9, an Edgeworth series expansion above.
pub fn prho(n: usize, is: f64, lower: bool) -> f64 {
    let base = if lower { 0.0 } else { 1.0 };
    if n <= 1 || is <= 0.0 {
        return base;
    }
    let nf = n as f64;
    let n3 = nf * (nf * nf - 1.0) / 3.0;
    if is > n3 {
        return 1.0 - base;
    }
    if n <= 9 {
        // Count the permutations whose S reaches `is` (Heap's algorithm
        // visits each once; the order does not matter for a count).
        let mut perm: Vec<usize> = (1..=n).collect();
        let mut count = 0u64;
        let mut total = 0u64;
        let mut c = vec![0usize; n];
        let s_of = |p: &[usize]| -> f64 {
            p.iter()
                .enumerate()
                .map(|(i, &r)| {
                    let d = (i + 1) as f64 - r as f64;
                    d * d
                })
                .sum()
        };
        let mut visit = |p: &[usize]| {
            total += 1;
            if is <= s_of(p) {
                count += 1;
            }
        };
        visit(&perm);
        let mut i = 0;
        while i < n {
            if c[i] < i {
                if i % 2 == 0 {
                    perm.swap(0, i);
                } else {
                    perm.swap(c[i], i);
                }
                visit(&perm);
                c[i] += 1;
                i = 0;
            } else {
                c[i] = 0;
                i += 1;
            }
        }
        let ifr = if is == n3 { 1 } else { count };
        let hits = if lower { total - ifr } else { ifr };
        return hits as f64 / total as f64;
    }
    let (c1, c2, c3, c4, c5, c6) = (0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932);
    let (c7, c8, c9, c10, c11, c12) = (0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4);
    let b = 1.0 / nf;
    let x = (6.0 * (is - 1.0) * b / (nf * nf - 1.0) - 1.0) * (nf - 1.0).sqrt();
    let y = x * x;
    let u = x
        * b
        * (c1
            + b * (c2 + c3 * b)
            + y * (-c4 + b * (c5 + c6 * b)
                - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
    let y = u / (y / 2.0).exp();
    let normal = Normal::new(0.0, 1.0).expect("the standard normal");
    let tail = if lower { normal.cdf(x) } else { normal.sf(x) };
    let pv = if lower { -y } else { y } + tail;
    pv.clamp(0.0, 1.0)
}

/// Sample covariance matrix (n − 1) of k columns of n rows each
/// (`cols[c]`), row-major k × k; rows with a missing value in any column
/// are left out (complete cases, as R's `cov(use = "complete.obs")`).
pub fn covariance(cols: &[Vec<f64>]) -> Vec<f64> {
    let k = cols.len();
    let n = cols.first().map_or(0, Vec::len);
    let rows: Vec<usize> = (0..n)
        .filter(|&i| cols.iter().all(|c| c[i].is_finite()))
        .collect();
    let m = rows.len() as f64;
    let means: Vec<f64> = cols
        .iter()
        .map(|c| rows.iter().map(|&i| c[i]).sum::<f64>() / m)
        .collect();
    let mut out = vec![f64::NAN; k * k];
    for a in 0..k {
        for b in a..k {
            let s: f64 = rows
                .iter()
                .map(|&i| (cols[a][i] - means[a]) * (cols[b][i] - means[b]))
                .sum();
            let v = s / (m - 1.0);
            out[a * k + b] = v;
            out[b * k + a] = v;
        }
    }
    out
}

/// Cronbach's alpha of k items (columns), as COINr's `get_cronbach`:
/// with C the sample covariance matrix, α = k² · mean(off-diagonal C) /
/// sum(C). NaN for fewer than 2 items.
pub fn cronbach(items: &[Vec<f64>]) -> f64 {
    let k = items.len();
    if k < 2 {
        return f64::NAN;
    }
    let c = covariance(items);
    let total: f64 = c.iter().sum();
    let off: f64 = (0..k)
        .flat_map(|a| (0..k).filter(move |&b| b != a).map(move |b| (a, b)))
        .map(|(a, b)| c[a * k + b])
        .sum();
    let kf = k as f64;
    kf * kf * (off / (kf * kf - kf)) / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_by_hand() {
        // 1 2 3 4 10: mean 4, deviations -3 -2 -1 0 6; S2 = 50, S3 = 180,
        // S4 = 1394; sd = sqrt(50/4); median 3.
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(mean(&x), 4.0);
        assert_eq!(median(&x), 3.0);
        assert_eq!(median(&x[..4]), 2.5);
        assert!((sd(&x) - 12.5f64.sqrt()).abs() < 1e-15);
        // g = sqrt(5) 180 / 50^1.5 x sqrt(20) / 3 = 1800 / (3 · 353.5534) = 1.697056
        let g = 5f64.sqrt() * 180.0 / 50f64.powf(1.5) * 20f64.sqrt() / 3.0;
        assert!((skewness(&x) - g).abs() < 1e-14);
        assert!((g - 1.697_056_274_847_714).abs() < 1e-12);
        // r = 5 · 1394 / 2500 = 2.788; k = (6 (-0.212) + 6) 4 / (3 · 2) = 3.152
        assert!((kurtosis(&x) - 3.152).abs() < 1e-12);
    }

    #[test]
    fn equal_values_are_compared_at_fifteen_digits() {
        // 0.1 + 0.2 and 0.3 differ in the 17th digit: two distinct values
        // for R's unique(), one group of two for its table().
        let x = [0.1 + 0.2, 0.3, 1.0, 2.0, 2.0, 2.0];
        assert_eq!(unique_and_same(&x), (4, 3));
        let x = [0.1 + 0.2, 0.3, 0.3, 1.0];
        assert_eq!(unique_and_same(&x), (3, 3));
    }

    #[test]
    fn cronbach_by_hand() {
        // Items a = 1 2 3, b = 2 4 6 (b = 2a): var a = 1, var b = 4,
        // cov = 2; sum C = 1 + 4 + 2 + 2 = 9, mean off-diagonal = 2,
        // alpha = 4 · 2 / 9 = 8/9.
        let a = cronbach(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0, 6.0]]);
        assert!((a - 8.0 / 9.0).abs() < 1e-15);
        // Uncorrelated items: a = 1 2 3 2, b = 1 2 1 2 -> cov = 0 -> alpha 0.
        let z = cronbach(&[vec![1.0, 2.0, 3.0, 2.0], vec![1.0, 2.0, 1.0, 2.0]]);
        assert!(z.abs() < 1e-15);
    }

    #[test]
    fn spearman_exact_p_by_enumeration() {
        // n = 4, ranks 1 2 3 4 vs 1 3 2 4: rho = 0.8, S = 2. Of the 24
        // permutations of 4 ranks, S takes 0 once and 2 three times (one
        // adjacent swap each), so P(S <= 2) = 4/24 and the two-sided
        // p-value is 2 · 4/24 = 1/3 (R: cor.test(1:4, c(1,3,2,4),
        // method = "spearman") gives p-value = 0.3333).
        let (r, p) = spearman_test(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]);
        assert!((r - 0.8).abs() < 1e-15);
        assert!((p - 1.0 / 3.0).abs() < 1e-15, "{p}");
        // Perfect agreement, n = 5: P(S = 0) = 1/120, p = 2/120.
        let (_, p) = spearman_test(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 6.0, 8.0, 10.0]);
        assert!((p - 2.0 / 120.0).abs() < 1e-15, "{p}");
        // Perfect disagreement: S = 40, the largest possible value
        // (n(n^2 - 1)/3): the upper tail P(S >= 40) = 1/120.
        let (_, p) = spearman_test(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 4.0, 3.0, 2.0, 1.0]);
        assert!((p - 2.0 / 120.0).abs() < 1e-15, "{p}");
    }

    #[test]
    fn the_example_of_rs_cor_test_help_page() {
        // R's ?cor.test example (Hollander & Wolfe 1973, p. 187): R prints
        // for Pearson t = 1.8411, df = 7, p-value = 0.1082,
        // cor 0.5711816; for Spearman S = 48, p-value = 0.0968, rho 0.6
        // (n = 9, no ties: AS 89's exact enumeration).
        let x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
        let y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];
        let (r, p) = pearson_test(&x, &y);
        assert!((r - 0.5711816).abs() < 5e-8, "{r}");
        assert!((p - 0.1082).abs() < 5e-5, "{p}");
        let (rho, p) = spearman_test(&x, &y);
        assert!((rho - 0.6).abs() < 1e-14, "{rho}");
        assert!((p - 0.0968).abs() < 5e-5, "{p}");
    }

    #[test]
    fn pearson_p_by_hand() {
        // r = 0.8 over n = 4: t = 0.8 sqrt(2) / 0.6 = 1.885618; with 2
        // degrees of freedom the two-sided p = 1 - t / sqrt(2 + t^2)
        // (closed form of the t(2) distribution) = 0.2.
        let t: f64 = 0.8 * 2f64.sqrt() / 0.6;
        let want = 1.0 - t / (2.0 + t * t).sqrt();
        assert!((want - 0.2).abs() < 1e-12);
        assert!((t_test_p(0.8, 4) - 0.2).abs() < 1e-10);
    }
}
