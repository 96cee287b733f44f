//! Weighting methods as pure functions on a decision matrix.
//!
//! The matrix is column-major: `m` criteria (columns) of `n` alternatives
//! (rows), element `(i, j)` at `j * n + i`. Every function returns weights
//! that add up to 1.
//!
//! - Entropy (熵权法): p_ij = x_ij / Σ_i x_ij, E_j = −Σ_i p_ij ln p_ij / ln n,
//!   w_j ∝ 1 − E_j. A zero contributes 0 (0 · ln 0 = 0); a column that adds
//!   up to zero carries no information (E_j = 1).
//! - CRITIC: each column min-max normalised, σ_j its sample standard
//!   deviation, r_jk Pearson correlations, C_j = σ_j Σ_k (1 − r_jk),
//!   w_j ∝ C_j. A constant column has σ = 0 and correlation 0 with the
//!   others.
//! - AHP: the principal eigenvector of a positive reciprocal matrix,
//!   λ_max, CI = (λ_max − n) / (n − 1), CR = CI / RI with Saaty's random
//!   index.
//!
//! - TOPSIS: closeness D⁻ / (D⁺ + D⁻) to the weighted best and worst of
//!   each column.
//!
//! If every column is equally (un)informative the weights are equal.

use super::correlation::{mean_sd, pearson};

/// Saaty's random consistency index RI for n = 1..=15.
pub const SAATY_RI: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// A consistency ratio at or above this is an error.
pub const CR_LIMIT: f64 = 0.1;

/// How far a diagonal entry of an AHP matrix may be from 1 (float noise).
pub const AHP_DIAGONAL_TOLERANCE: f64 = 1e-9;

/// How far a_ij · a_ji may be from 1: entries written as rounded decimals
/// (0.33 for 1/3) are accepted, a wrong reciprocal is not.
pub const AHP_RECIPROCITY_TOLERANCE: f64 = 0.01;

/// The power iteration stops when no weight moves by more than this, or
/// after `AHP_MAX_ITERATIONS` steps.
const AHP_CONVERGENCE: f64 = 1e-16;
const AHP_MAX_ITERATIONS: usize = 10_000;

fn normalised(c: Vec<f64>) -> Vec<f64> {
    let total: f64 = c.iter().sum();
    if total > 0.0 && total.is_finite() {
        c.iter().map(|x| x / total).collect()
    } else {
        vec![1.0 / c.len().max(1) as f64; c.len()]
    }
}

/// Entropy weights of an `n` x `m` column-major matrix of non-negative
/// values.
pub fn entropy(matrix: &[f64], n: usize, m: usize) -> Vec<f64> {
    assert_eq!(matrix.len(), n * m);
    let ln_n = (n as f64).ln();
    let d = (0..m)
        .map(|j| {
            let col = &matrix[j * n..(j + 1) * n];
            let total: f64 = col.iter().sum();
            if total.is_nan() || total <= 0.0 || n < 2 {
                return 0.0;
            }
            let h: f64 = col
                .iter()
                .map(|&x| {
                    let p = x / total;
                    if p > 0.0 {
                        -p * p.ln()
                    } else {
                        0.0
                    }
                })
                .sum();
            (1.0 - h / ln_n).max(0.0)
        })
        .collect();
    normalised(d)
}

/// Min-max normalisation of one column to [0, 1] (benefit: higher is
/// better; cost: lower is better). A constant column becomes all zeros.
pub fn minmax_column(col: &[f64], benefit: bool, out: &mut [f64]) {
    let (lo, hi) = col
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let span = hi - lo;
    for (o, &x) in out.iter_mut().zip(col) {
        *o = if span > 0.0 {
            if benefit {
                (x - lo) / span
            } else {
                (hi - x) / span
            }
        } else {
            0.0
        };
    }
}

/// CRITIC weights of an `n` x `m` column-major matrix (columns are
/// min-max normalised first, all as benefit criteria).
pub fn critic(matrix: &[f64], n: usize, m: usize) -> Vec<f64> {
    assert_eq!(matrix.len(), n * m);
    let mut norm = vec![0.0; n * m];
    for j in 0..m {
        minmax_column(
            &matrix[j * n..(j + 1) * n],
            true,
            &mut norm[j * n..(j + 1) * n],
        );
    }
    let col = |j: usize| &norm[j * n..(j + 1) * n];
    let c = (0..m)
        .map(|j| {
            let (_, sd) = mean_sd(col(j));
            let conflict: f64 = (0..m).map(|k| 1.0 - pearson(col(j), col(k))).sum();
            sd * conflict
        })
        .collect();
    normalised(c)
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

/// The result of an AHP pairwise-comparison matrix.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ahp {
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    /// Consistency index (λ_max − n) / (n − 1); 0 for n ≤ 2.
    pub ci: f64,
    /// Saaty's random index for this n.
    pub ri: f64,
    /// Consistency ratio CI / RI; 0 for n ≤ 2.
    pub cr: f64,
}

/// What is wrong with a pairwise-comparison matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum AhpProblem {
    NotSquare,
    TooLarge,
    NotPositive {
        row: usize,
        col: usize,
        value: f64,
    },
    DiagonalNotOne {
        row: usize,
        value: f64,
    },
    NotReciprocal {
        row: usize,
        col: usize,
        a: f64,
        b: f64,
    },
}

impl std::fmt::Display for AhpProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AhpProblem::NotSquare => write!(f, "the matrix is not square"),
            AhpProblem::TooLarge => write!(
                f,
                "more than {} items: Saaty's random index is not tabulated",
                SAATY_RI.len()
            ),
            AhpProblem::NotPositive { row, col, value } => write!(
                f,
                "entry ({}, {}) is {value}; every entry must be a positive number",
                row + 1,
                col + 1
            ),
            AhpProblem::DiagonalNotOne { row, value } => {
                write!(f, "diagonal entry ({0}, {0}) is {value}; it must be 1", row + 1)
            }
            AhpProblem::NotReciprocal { row, col, a, b } => write!(
                f,
                "entries ({0}, {1}) = {a} and ({1}, {0}) = {b} are not reciprocal (a_ji must be 1 / a_ij)",
                row + 1,
                col + 1
            ),
        }
    }
}

/// Weights and consistency of a pairwise-comparison matrix (row-major
/// rows). Reciprocity is checked to 1 %, so 0.333 stands for 1/3.
pub fn ahp(rows: &[Vec<f64>]) -> Result<Ahp, AhpProblem> {
    let n = rows.len();
    if rows.iter().any(|r| r.len() != n) || n == 0 {
        return Err(AhpProblem::NotSquare);
    }
    if n > SAATY_RI.len() {
        return Err(AhpProblem::TooLarge);
    }
    for (i, r) in rows.iter().enumerate() {
        for (j, &v) in r.iter().enumerate() {
            if !(v > 0.0 && v.is_finite()) {
                return Err(AhpProblem::NotPositive {
                    row: i,
                    col: j,
                    value: v,
                });
            }
        }
    }
    for (i, r) in rows.iter().enumerate() {
        if (r[i] - 1.0).abs() > AHP_DIAGONAL_TOLERANCE {
            return Err(AhpProblem::DiagonalNotOne {
                row: i,
                value: r[i],
            });
        }
        for j in i + 1..n {
            if (r[j] * rows[j][i] - 1.0).abs() > AHP_RECIPROCITY_TOLERANCE {
                return Err(AhpProblem::NotReciprocal {
                    row: i,
                    col: j,
                    a: r[j],
                    b: rows[j][i],
                });
            }
        }
    }
    // Power iteration: a positive matrix has a simple dominant eigenvalue
    // with a positive eigenvector (Perron); it converges geometrically.
    let mut w = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..AHP_MAX_ITERATIONS {
        for (i, r) in rows.iter().enumerate() {
            next[i] = r.iter().zip(&w).map(|(a, x)| a * x).sum();
        }
        let s: f64 = next.iter().sum();
        let mut change = 0.0f64;
        for (x, y) in w.iter_mut().zip(&next) {
            let y = y / s;
            change = change.max((*x - y).abs());
            *x = y;
        }
        if change < AHP_CONVERGENCE {
            break;
        }
    }
    let lambda_max = rows
        .iter()
        .zip(&w)
        .map(|(r, wi)| r.iter().zip(&w).map(|(a, x)| a * x).sum::<f64>() / wi)
        .sum::<f64>()
        / n as f64;
    let (ci, ri) = if n <= 2 {
        (0.0, 0.0)
    } else {
        ((lambda_max - n as f64) / (n as f64 - 1.0), SAATY_RI[n - 1])
    };
    let cr = if ri > 0.0 { ci / ri } else { 0.0 };
    Ok(Ahp {
        weights: w,
        lambda_max,
        ci,
        ri,
        cr,
    })
}

/// Linear combination of subjective and objective weights:
/// w = share · w_subjective + (1 − share) · w_objective, renormalised.
pub fn combine(subjective: &[f64], objective: &[f64], share: f64) -> Vec<f64> {
    normalised(
        subjective
            .iter()
            .zip(objective)
            .map(|(s, o)| share * s + (1.0 - share) * o)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    //! Each method against numbers worked by hand; the agreement with
    //! pymcdm is in tests/mcdm.rs.
    use super::*;

    #[test]
    fn entropy_by_hand() {
        // column 1 constant: E = 1, weight 0; column 2 (1, 0): p = (1, 0),
        // H = 0, E = 0, d = 1: all the weight.
        let w = entropy(&[2.0, 2.0, 1.0, 0.0], 2, 2);
        assert_eq!(w, vec![0.0, 1.0]);
        // (1, 3) and (1, 1, ...): p = 1/4, 3/4; H = 0.5623351446; E = H / ln 2
        let w = entropy(&[1.0, 3.0, 1.0, 2.0], 2, 2);
        let e1 = -(0.25f64 * 0.25f64.ln() + 0.75 * 0.75f64.ln()) / 2f64.ln();
        let e2 = -(1.0 / 3.0 * (1.0f64 / 3.0).ln() + 2.0 / 3.0 * (2.0f64 / 3.0).ln()) / 2f64.ln();
        let (d1, d2) = (1.0 - e1, 1.0 - e2);
        assert!((w[0] - d1 / (d1 + d2)).abs() < 1e-15);
        assert!((w[1] - d2 / (d1 + d2)).abs() < 1e-15);
    }

    #[test]
    fn equal_when_nothing_distinguishes() {
        assert_eq!(entropy(&[1.0, 1.0, 5.0, 5.0], 2, 2), vec![0.5, 0.5]);
        assert_eq!(critic(&[1.0, 1.0, 5.0, 5.0], 2, 2), vec![0.5, 0.5]);
    }

    #[test]
    fn critic_by_hand() {
        // Two columns perfectly anti-correlated after normalisation:
        // (0, 0.5, 1) and (1, 0.5, 0): sd 0.5 each, r = -1, C = 0.5 * 2 = 1
        // each -> equal. A third, uncorrelated-ish column changes that.
        let w = critic(&[0.0, 1.0, 2.0, 4.0, 2.0, 0.0], 3, 2);
        assert!((w[0] - 0.5).abs() < 1e-15);
        // (0, .5, 1), (0, .5, 1), (0, 1, 0): r12 = 1, r13 = r23 = 0,
        // sd = .5, .5, .57735; C = .5 * (0 + 0 + 1) = .5, .5,
        // .57735 * 2 = 1.1547 -> w = .5 / 2.1547, .5 / 2.1547, 1.1547 / 2.1547
        let w = critic(&[0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 3.0, 0.0], 3, 3);
        let s3 = (1.0f64 / 3.0).sqrt();
        let total = 0.5 + 0.5 + 2.0 * s3;
        assert!((w[0] - 0.5 / total).abs() < 1e-12);
        assert!((w[2] - 2.0 * s3 / total).abs() < 1e-12);
    }

    #[test]
    fn ahp_consistent_matrix() {
        // a_ij = w_i / w_j with w = (4, 2, 1) / 7: perfectly consistent.
        let rows = vec![
            vec![1.0, 2.0, 4.0],
            vec![0.5, 1.0, 2.0],
            vec![0.25, 0.5, 1.0],
        ];
        let a = ahp(&rows).unwrap();
        for (x, y) in a.weights.iter().zip([4.0 / 7.0, 2.0 / 7.0, 1.0 / 7.0]) {
            assert!((x - y).abs() < 1e-14);
        }
        assert!((a.lambda_max - 3.0).abs() < 1e-12);
        assert!(a.cr.abs() < 1e-12);
        assert_eq!(a.ri, 0.58);
    }

    #[test]
    fn ahp_inconsistent_and_malformed() {
        // A circular preference: 1 > 2 > 3 > 1, each 3 times.
        let rows = vec![
            vec![1.0, 3.0, 1.0 / 3.0],
            vec![1.0 / 3.0, 1.0, 3.0],
            vec![3.0, 1.0 / 3.0, 1.0],
        ];
        let a = ahp(&rows).unwrap();
        // λ = 1 + 3 + 1/3 = 4.3333 (w equal by symmetry), CI = 0.6667,
        // CR = 0.6667 / 0.58 = 1.149.
        assert!((a.lambda_max - 13.0 / 3.0).abs() < 1e-12);
        assert!((a.cr - (2.0 / 3.0) / 0.58).abs() < 1e-12);
        assert!(a.cr >= CR_LIMIT);
        let bad = vec![vec![1.0, 2.0], vec![2.0, 1.0]];
        assert!(matches!(ahp(&bad), Err(AhpProblem::NotReciprocal { .. })));
        let bad = vec![vec![1.0, -2.0], vec![0.5, 1.0]];
        assert!(matches!(ahp(&bad), Err(AhpProblem::NotPositive { .. })));
        // A negative entry below the diagonal is named as such too.
        let bad = vec![vec![1.0, 2.0], vec![-0.5, 1.0]];
        assert!(matches!(
            ahp(&bad),
            Err(AhpProblem::NotPositive { row: 1, col: 0, .. })
        ));
        assert_eq!(ahp(&[vec![1.0, 2.0]]), Err(AhpProblem::NotSquare));
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
    fn combination() {
        let w = combine(&[0.6, 0.4], &[0.2, 0.8], 0.5);
        assert!((w[0] - 0.4).abs() < 1e-15 && (w[1] - 0.6).abs() < 1e-15);
    }
}
