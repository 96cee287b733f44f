//! Principal components of each node's children (COINr `get_PCA` with
//! `by_groups`, i.e. R's `prcomp(X, center = TRUE, scale = TRUE)`): the
//! standard deviation of each component (the square root of an eigenvalue
//! of the children's correlation matrix), its share of the variance, the
//! cumulative share, and the first component's loadings (the sign made
//! so that the loadings sum to a non-negative number: the sign of a
//! principal component is arbitrary).
//!
//! The eigenvalues come from the cyclic Jacobi method on the (small,
//! symmetric) correlation matrix, to full double precision.

use super::data::Data;
use crate::maths::stats;
use serde::Serialize;

/// The PCA of one node's children.
#[derive(Debug, Clone, Serialize)]
pub struct Pca {
    pub group: String,
    pub items: Vec<String>,
    pub sdev: Vec<f64>,
    pub prop_var: Vec<f64>,
    pub cum_prop: Vec<f64>,
    /// First component's loading of each item.
    pub loadings: Vec<f64>,
}

/// Eigenvalues (descending) and eigenvectors (`vectors[c]`, unit length)
/// of a symmetric k × k matrix (row-major), by cyclic Jacobi rotations.
pub fn symmetric_eigen(a: &[f64], k: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|p| (0..k).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[p * k + q] * a[p * k + q])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&x, &y| a[y * k + y].total_cmp(&a[x * k + x]));
    let values = order.iter().map(|&c| a[c * k + c]).collect();
    let vectors = order
        .iter()
        .map(|&c| (0..k).map(|r| v[r * k + c]).collect())
        .collect();
    (values, vectors)
}

/// PCA of columns (complete rows only), as `prcomp(center, scale)`.
pub fn pca_of(group: &str, items: Vec<String>, cols: &[Vec<f64>]) -> Pca {
    let k = cols.len();
    let cov = stats::covariance(cols);
    let corr: Vec<f64> = (0..k * k)
        .map(|x| {
            let (a, b) = (x / k, x % k);
            cov[x] / (cov[a * k + a] * cov[b * k + b]).sqrt()
        })
        .collect();
    let (values, vectors) = if corr.iter().all(|c| c.is_finite()) {
        symmetric_eigen(&corr, k)
    } else {
        (vec![f64::NAN; k], vec![vec![f64::NAN; k]; k])
    };
    let sdev: Vec<f64> = values.iter().map(|v| v.max(0.0).sqrt()).collect();
    let total: f64 = sdev.iter().map(|s| s * s).sum();
    let prop_var: Vec<f64> = sdev.iter().map(|s| s * s / total).collect();
    let cum_prop = prop_var
        .iter()
        .scan(0.0, |acc, p| {
            *acc += p;
            Some(*acc)
        })
        .collect();
    let mut loadings = vectors.first().cloned().unwrap_or_default();
    if loadings.iter().sum::<f64>() < 0.0 {
        loadings.iter_mut().for_each(|x| *x = -*x);
    }
    Pca {
        group: group.to_string(),
        items,
        sdev,
        prop_var,
        cum_prop,
        loadings,
    }
}

/// PCA of the children of every node with at least 2 children.
pub fn by_node(d: &Data) -> Vec<Pca> {
    d.elements
        .iter()
        .filter(|e| e.children.len() >= 2)
        .map(|e| {
            let cols: Vec<Vec<f64>> = e
                .children
                .iter()
                .map(|&c| d.aggregated[c].clone())
                .collect();
            let items = e
                .children
                .iter()
                .map(|&c| d.elements[c].code.clone())
                .collect();
            pca_of(&e.code, items, &cols)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_items_by_hand() {
        // Two columns with correlation r: the correlation matrix
        // [[1, r], [r, 1]] has eigenvalues 1 + r and 1 - r, eigenvectors
        // (1, 1)/√2 and (1, -1)/√2. a = 1 2 3 4, b = 1 3 2 4: r = 0.8.
        let p = pca_of(
            "g",
            vec!["a".into(), "b".into()],
            &[vec![1.0, 2.0, 3.0, 4.0], vec![1.0, 3.0, 2.0, 4.0]],
        );
        assert!((p.sdev[0] - 1.8f64.sqrt()).abs() < 1e-14);
        assert!((p.sdev[1] - 0.2f64.sqrt()).abs() < 1e-14);
        assert!((p.prop_var[0] - 0.9).abs() < 1e-14);
        assert!((p.cum_prop[1] - 1.0).abs() < 1e-14);
        let h = 0.5f64.sqrt();
        assert!((p.loadings[0] - h).abs() < 1e-14 && (p.loadings[1] - h).abs() < 1e-14);
    }
}
