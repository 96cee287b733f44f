//! Principal component analysis of a few columns, as R's
//! `prcomp(x, center = TRUE, scale. = TRUE)` does it (and so COINr's
//! `get_PCA`).
//!
//! Each column is centred on its mean and divided by its sample standard
//! deviation (n − 1); the components are the eigenvectors of the
//! correlation matrix R = ZᵀZ / (n − 1), found by the cyclic Jacobi method
//! (exact to rounding for the handful of columns of an index group), and
//! `sdev` holds the square roots of the eigenvalues, largest first. The
//! sign of an eigenvector is arbitrary (R's comes from LAPACK's SVD); here
//! each is oriented so that its loadings add up to a positive number (the
//! first non-zero loading positive when they add up to zero), so the
//! result is deterministic. Compare with R up to one sign per component.

/// The result of `prcomp`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    /// Standard deviation of each component, largest first.
    pub sdev: Vec<f64>,
    /// `rotation[c]` holds the loadings of component c + 1, one per column.
    pub rotation: Vec<Vec<f64>>,
}

impl Pca {
    /// Share of the total variance each component explains.
    pub fn proportion_of_variance(&self) -> Vec<f64> {
        let total: f64 = self.sdev.iter().map(|s| s * s).sum();
        self.sdev.iter().map(|s| s * s / total).collect()
    }
}

/// Why a PCA cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum PcaProblem {
    /// Fewer than two rows.
    TooFewRows,
    /// A missing (non-finite) value in column `column`.
    NotFinite { column: usize },
    /// Column `column` is constant: it cannot be scaled.
    Constant { column: usize },
}

/// PCA of the `k` columns of `x` (column-major: element (i, j) at
/// `j * n + i`), centred and scaled.
pub fn prcomp(x: &[f64], n: usize, k: usize) -> Result<Pca, PcaProblem> {
    if n < 2 {
        return Err(PcaProblem::TooFewRows);
    }
    let mut z = vec![0.0; n * k];
    for j in 0..k {
        let col = &x[j * n..(j + 1) * n];
        if col.iter().any(|v| !v.is_finite()) {
            return Err(PcaProblem::NotFinite { column: j });
        }
        let mean = col.iter().sum::<f64>() / n as f64;
        let var = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
        let sd = var.sqrt();
        if sd == 0.0 || !sd.is_finite() {
            return Err(PcaProblem::Constant { column: j });
        }
        for i in 0..n {
            z[j * n + i] = (col[i] - mean) / sd;
        }
    }
    let mut r = vec![0.0; k * k];
    for a in 0..k {
        for b in a..k {
            let za = &z[a * n..(a + 1) * n];
            let zb = &z[b * n..(b + 1) * n];
            let s = za.iter().zip(zb).map(|(p, q)| p * q).sum::<f64>() / (n - 1) as f64;
            r[a * k + b] = s;
            r[b * k + a] = s;
        }
    }
    let (values, vectors) = symmetric_eigen(r, k);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let sdev = order.iter().map(|&c| values[c].max(0.0).sqrt()).collect();
    let rotation = order
        .iter()
        .map(|&c| {
            let mut v: Vec<f64> = (0..k).map(|j| vectors[j * k + c]).collect();
            let sum: f64 = v.iter().sum();
            let first = v.iter().copied().find(|x| *x != 0.0).unwrap_or(0.0);
            if sum < 0.0 || (sum == 0.0 && first < 0.0) {
                v.iter_mut().for_each(|x| *x = -*x);
            }
            v
        })
        .collect();
    Ok(Pca { sdev, rotation })
}

/// Eigenvalues and eigenvectors of a symmetric `k` x `k` matrix (row-major)
/// by cyclic Jacobi rotations. Returns the eigenvalues (unsorted) and the
/// eigenvectors as the columns of a row-major matrix: vector c is
/// `v[j * k + c]` for j in 0..k.
pub fn symmetric_eigen(mut a: Vec<f64>, k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|p| (0..k).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[p * k + q] * a[p * k + q])
            .sum();
        let scale: f64 = (0..k).map(|p| a[p * k + p] * a[p * k + p]).sum::<f64>() + off;
        if off <= f64::EPSILON * f64::EPSILON * scale || off == 0.0 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq == 0.0 {
                    continue;
                }
                let app = a[p * k + p];
                let aqq = a[q * k + q];
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let arp = a[r * k + p];
                    let arq = a[r * k + q];
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let apr = a[p * k + r];
                    let aqr = a[q * k + r];
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let vrp = v[r * k + p];
                    let vrq = v[r * k + q];
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let values = (0..k).map(|i| a[i * k + i]).collect();
    (values, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two columns: the correlation matrix is [[1, r], [r, 1]], whose
    /// eigenvalues are 1 + r and 1 − r with eigenvectors (1, 1)/√2 and
    /// (1, −1)/√2 (by hand). Here x = (1, 2, 3), y = (1, 3, 2): means 2 and
    /// 2, sds 1 and 1, r = ((−1)(−1) + 0·1 + 1·0) / 2 = 0.5.
    #[test]
    fn two_columns_by_hand() {
        let p = prcomp(&[1.0, 2.0, 3.0, 1.0, 3.0, 2.0], 3, 2).unwrap();
        assert!((p.sdev[0] - 1.5f64.sqrt()).abs() < 1e-15);
        assert!((p.sdev[1] - 0.5f64.sqrt()).abs() < 1e-15);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((p.rotation[0][0] - h).abs() < 1e-15 && (p.rotation[0][1] - h).abs() < 1e-15);
        // Second component: loadings add up to 0, so the first is positive.
        assert!((p.rotation[1][0] - h).abs() < 1e-15 && (p.rotation[1][1] + h).abs() < 1e-15);
        let pv = p.proportion_of_variance();
        assert!((pv[0] - 0.75).abs() < 1e-15 && (pv[1] - 0.25).abs() < 1e-15);
    }

    /// A diagonal matrix is its own eigen-decomposition; a 3 x 3 matrix with
    /// known eigenvalues 2 − √2, 2, 2 + √2 ([[2, −1, 0], [−1, 2, −1],
    /// [0, −1, 2]], the second-difference matrix) checks the rotations.
    #[test]
    fn jacobi_known_spectrum() {
        let (mut vals, vecs) =
            symmetric_eigen(vec![2.0, -1.0, 0.0, -1.0, 2.0, -1.0, 0.0, -1.0, 2.0], 3);
        // A v = λ v for every pair, before sorting.
        let a = [2.0, -1.0, 0.0, -1.0, 2.0, -1.0, 0.0, -1.0, 2.0];
        for c in 0..3 {
            for r in 0..3 {
                let av: f64 = (0..3).map(|j| a[r * 3 + j] * vecs[j * 3 + c]).sum();
                assert!((av - vals[c] * vecs[r * 3 + c]).abs() < 1e-14);
            }
        }
        vals.sort_by(f64::total_cmp);
        let s = 2f64.sqrt();
        for (got, want) in vals.iter().zip([2.0 - s, 2.0, 2.0 + s]) {
            assert!((got - want).abs() < 1e-14, "{got} vs {want}");
        }
    }

    #[test]
    fn constant_and_missing_columns_are_refused() {
        assert_eq!(
            prcomp(&[1.0, 2.0, 3.0, 5.0, 5.0, 5.0], 3, 2),
            Err(PcaProblem::Constant { column: 1 })
        );
        assert_eq!(
            prcomp(&[1.0, f64::NAN, 3.0, 5.0, 4.0, 5.0], 3, 2),
            Err(PcaProblem::NotFinite { column: 0 })
        );
        assert_eq!(prcomp(&[1.0, 2.0], 1, 2), Err(PcaProblem::TooFewRows));
    }
}
