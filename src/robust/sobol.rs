//! Variance-based sensitivity: Saltelli's sampling design and Jansen's
//! estimators of the first-order and total Sobol indices, with bootstrap
//! confidence intervals.
//!
//! Two independent N x D matrices A and B of uniform numbers in [0, 1) are
//! drawn from the seed; A_B^(i) is A with its column i taken from B. The
//! model runs on every row of A, of B and of each A_B^(i): N (D + 2) runs,
//! laid out as SALib lays them out (for row j: A_j, A_B^(1)_j ...
//! A_B^(D)_j, B_j), so SALib can analyse the same outputs. With V the
//! variance of the outputs of A and B together (population variance):
//!
//! - first order (Jansen 1999): S_i = (V − ½ mean((f(B) − f(A_B^(i)))²)) / V
//! - total (Jansen 1999): S_Ti = ½ mean((f(A) − f(A_B^(i)))²) / V
//!
//! Confidence intervals: the rows j are resampled with replacement
//! `bootstrap` times; the interval is the 2.5th to 97.5th percentile of the
//! resampled indices.

use crate::rng::Rng;
use serde::Serialize;

/// The sampling design.
#[derive(Debug, Clone)]
pub struct Design {
    /// Base sample size N.
    pub base: usize,
    /// Number of factors D.
    pub factors: usize,
    a: Vec<f64>,
    b: Vec<f64>,
}

impl Design {
    pub fn new(base: usize, factors: usize, seed: u64) -> Design {
        let mut rng = Rng::stream(seed, 0x0005_0B01);
        let a = (0..base * factors).map(|_| rng.uniform()).collect();
        let b = (0..base * factors).map(|_| rng.uniform()).collect();
        Design {
            base,
            factors,
            a,
            b,
        }
    }

    /// N (D + 2).
    pub fn runs(&self) -> usize {
        self.base * (self.factors + 2)
    }

    /// The input of run `t` (factors values in [0, 1)).
    pub fn point(&self, t: usize, out: &mut [f64]) {
        let d = self.factors;
        let (j, k) = (t / (d + 2), t % (d + 2));
        let a = &self.a[j * d..(j + 1) * d];
        let b = &self.b[j * d..(j + 1) * d];
        if k == d + 1 {
            out.copy_from_slice(b);
        } else {
            out.copy_from_slice(a);
            if k >= 1 {
                out[k - 1] = b[k - 1];
            }
        }
    }
}

/// An index with its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// First-order and total index of one factor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indices {
    pub first: Estimate,
    pub total: Estimate,
}

/// Point estimates over the rows `rows` of the design.
fn estimate(y: &[f64], d: usize, rows: &[usize], first: &mut [f64], total: &mut [f64]) {
    let n = rows.len() as f64;
    // Two passes: the variance of A and B outputs together (a one-pass
    // formula leaves ~1e-18 of rounding where the output never varies).
    let mut s = 0.0;
    for &j in rows {
        s += y[j * (d + 2)] + y[j * (d + 2) + d + 1];
    }
    let mean = s / (2.0 * n);
    let mut ss = 0.0;
    for &j in rows {
        for v in [y[j * (d + 2)], y[j * (d + 2) + d + 1]] {
            ss += (v - mean) * (v - mean);
        }
    }
    let mut var = ss / (2.0 * n);
    if var <= 1e-12 * mean.abs().max(1.0).powi(2) {
        var = 0.0;
    }
    for i in 0..d {
        let (mut fb, mut ta) = (0.0, 0.0);
        for &j in rows {
            let base = j * (d + 2);
            let (ya, yb, yab) = (y[base], y[base + d + 1], y[base + 1 + i]);
            fb += (yb - yab) * (yb - yab);
            ta += (ya - yab) * (ya - yab);
        }
        if var > 0.0 {
            first[i] = (var - 0.5 * fb / n) / var;
            total[i] = 0.5 * ta / n / var;
        } else {
            // The output never changes: no factor explains anything.
            first[i] = 0.0;
            total[i] = 0.0;
        }
    }
}

/// Percentile of sorted values (linear interpolation).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Sobol indices of every factor from the outputs `y` of the design's runs.
pub fn analyse(design: &Design, y: &[f64], bootstrap: usize, seed: u64) -> Vec<Indices> {
    let (n, d) = (design.base, design.factors);
    assert_eq!(y.len(), design.runs());
    let all: Vec<usize> = (0..n).collect();
    let (mut f0, mut t0) = (vec![0.0; d], vec![0.0; d]);
    estimate(y, d, &all, &mut f0, &mut t0);
    let mut fb = vec![Vec::with_capacity(bootstrap); d];
    let mut tb = vec![Vec::with_capacity(bootstrap); d];
    let mut rng = Rng::stream(seed, 0xB007);
    let mut rows = vec![0usize; n];
    let (mut f, mut t) = (vec![0.0; d], vec![0.0; d]);
    for _ in 0..bootstrap {
        for r in rows.iter_mut() {
            *r = rng.below(n as u64) as usize;
        }
        estimate(y, d, &rows, &mut f, &mut t);
        for i in 0..d {
            fb[i].push(f[i]);
            tb[i].push(t[i]);
        }
    }
    (0..d)
        .map(|i| {
            fb[i].sort_by(f64::total_cmp);
            tb[i].sort_by(f64::total_cmp);
            let ci = |v: f64, s: &[f64]| Estimate {
                value: v,
                low: if s.is_empty() {
                    v
                } else {
                    percentile(s, 0.025)
                },
                high: if s.is_empty() {
                    v
                } else {
                    percentile(s, 0.975)
                },
            };
            Indices {
                first: ci(f0[i], &fb[i]),
                total: ci(t0[i], &tb[i]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! The Ishigami function, whose indices are known analytically (a = 7,
    //! b = 0.1): V1 = b π⁴/5 + b² π⁸/50 + 1/2, V2 = a²/8,
    //! V13 = b² π⁸ (1/18 − 1/50), V = V1 + V2 + V13.
    use super::*;
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    pub(crate) fn analytic() -> ([f64; 3], [f64; 3]) {
        let (a, b) = (7.0f64, 0.1f64);
        let v1 = b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 50.0 + 0.5;
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    #[test]
    fn ishigami_within_sampling_error() {
        let design = Design::new(8192, 3, 42);
        let mut x = [0.0; 3];
        let y: Vec<f64> = (0..design.runs())
            .map(|t| {
                design.point(t, &mut x);
                let z: Vec<f64> = x.iter().map(|u| -PI + 2.0 * PI * u).collect();
                ishigami(&z)
            })
            .collect();
        let idx = analyse(&design, &y, 500, 1);
        let (s1, st) = analytic();
        // Analytic values to 4 decimals, as published.
        assert!((s1[0] - 0.3139).abs() < 1e-4 && (st[2] - 0.2437).abs() < 1e-4);
        for i in 0..3 {
            for (est, truth) in [(idx[i].first, s1[i]), (idx[i].total, st[i])] {
                // Within 3 bootstrap standard errors (the 95 % interval is
                // ±1.96 of them).
                let se = (est.high - est.low) / 3.92;
                assert!(
                    (est.value - truth).abs() < 3.0 * se,
                    "factor {i}: {est:?} vs {truth}"
                );
                assert!(est.low <= est.value && est.value <= est.high);
                assert!(se < 0.05, "interval too wide: {est:?}");
            }
        }
    }

    #[test]
    fn design_layout_matches_salib() {
        let d = Design::new(4, 2, 9);
        let mut p = [0.0; 2];
        // Row 1: A_1, A_B^(1), A_B^(2), B_1.
        d.point(4, &mut p);
        assert_eq!(p, [d.a[2], d.a[3]]);
        d.point(5, &mut p);
        assert_eq!(p, [d.b[2], d.a[3]]);
        d.point(6, &mut p);
        assert_eq!(p, [d.a[2], d.b[3]]);
        d.point(7, &mut p);
        assert_eq!(p, [d.b[2], d.b[3]]);
    }

    #[test]
    fn constant_output_has_no_sensitivity() {
        let d = Design::new(16, 2, 1);
        // 0.9090... (10/11) is not exact in binary: a one-pass variance
        // would leave rounding noise and call every factor decisive.
        for c in [3.0, 10.0 / 11.0, 0.1] {
            let idx = analyse(&d, &vec![c; d.runs()], 50, 1);
            for i in idx {
                assert_eq!((i.first.value, i.total.value), (0.0, 0.0), "{c}");
                assert_eq!((i.first.high, i.total.high), (0.0, 0.0), "{c}");
            }
        }
    }
}
