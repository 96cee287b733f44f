//! Principal components of each node's children (COINr `get_PCA` with
//! `by_groups`, i.e. R's `prcomp(X, center = TRUE, scale = TRUE)`): the
//! standard deviation of each component (the square root of an eigenvalue
//! of the children's correlation matrix), its share of the variance, the
//! cumulative share, and the first component's loadings (the sign made
//! so that the loadings sum to a positive number: the sign of a
//! principal component is arbitrary). The arithmetic is `maths::pca`.

use super::data::Data;
use crate::maths::pca::{self, PcaProblem};
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
    /// Why there are no numbers (a constant child, a missing value).
    pub problem: Option<String>,
}

/// PCA of columns of equal length, as `prcomp(center, scale)`
/// (`maths::pca`); a column with a missing value or a constant one cannot
/// be scaled: the result then says so (`problem`) and holds no numbers.
pub fn pca_of(group: &str, items: Vec<String>, cols: &[Vec<f64>]) -> Pca {
    let k = cols.len();
    let n = cols.first().map_or(0, Vec::len);
    let x: Vec<f64> = cols.iter().flatten().copied().collect();
    let mut out = Pca {
        group: group.to_string(),
        items,
        sdev: vec![],
        prop_var: vec![],
        cum_prop: vec![],
        loadings: vec![],
        problem: None,
    };
    match pca::prcomp(&x, n, k) {
        Ok(p) => {
            out.prop_var = p.proportion_of_variance();
            out.cum_prop = out
                .prop_var
                .iter()
                .scan(0.0, |acc, v| {
                    *acc += v;
                    Some(*acc)
                })
                .collect();
            out.loadings = p.rotation.first().cloned().unwrap_or_default();
            out.sdev = p.sdev;
        }
        Err(e) => {
            let name = |c: usize| out.items.get(c).cloned().unwrap_or_default();
            out.problem = Some(match e {
                PcaProblem::TooFewRows => "fewer than two units".to_string(),
                PcaProblem::NotFinite { column } => format!("{} has a missing value", name(column)),
                PcaProblem::Constant { column } => format!("{} is constant", name(column)),
            });
        }
    }
    out
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

    #[test]
    fn a_constant_child_is_said_not_computed() {
        let p = pca_of(
            "g",
            vec!["a".into(), "b".into()],
            &[vec![1.0, 2.0, 3.0], vec![5.0, 5.0, 5.0]],
        );
        assert!(p.sdev.is_empty() && p.loadings.is_empty());
        assert_eq!(p.problem.as_deref(), Some("b is constant"));
    }
}
