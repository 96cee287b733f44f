//! The settings of the weightings found by statistics on the scored cohort
//! (`[[weighting]]` with `method = "pca"` or `"optimised"`), and what their
//! resolution found, kept with the weighting so that `weights.csv`, the
//! reports and `explain` can say how each weight was obtained.
//!
//! Settings only: the computations are in `weighting` (PCA on the
//! children's scores; Nelder–Mead on the correlations with the index).

use serde::Serialize;

/// Which function of the first principal component's loadings gives the
/// weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PcaWeights {
    /// The loadings (sign chosen so that they add up to a positive number),
    /// normalised to add up to 1 (COINr's PCA weights).
    Loadings,
    /// The squared loadings (which add up to 1), the OECD Handbook's
    /// variant.
    Squared,
}

/// What the children's scores are correlated with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// The total (COINr's `get_opt_weights`).
    Index,
    /// The weighted node itself.
    Parent,
}

impl Against {
    pub fn as_str(self) -> &'static str {
        match self {
            Against::Index => "index",
            Against::Parent => "parent",
        }
    }
}

/// `method = "optimised"`: weights that make each child's correlation with
/// the index proportional to its target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Optimise {
    /// The target shares of the correlations, in the weighting's children
    /// order, adding up to 1.
    pub target: Vec<f64>,
    pub against: Against,
    /// Nelder–Mead's relative tolerance (R's `reltol`).
    pub tolerance: f64,
    /// The most evaluations of the objective (R's `maxit`).
    pub max_iterations: usize,
}

/// What a PCA weighting found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PcaOutcome {
    /// The first component's loading of each child (signed, after the sign
    /// choice), in the children order.
    pub loadings: Vec<f64>,
    /// The share of the children's total variance the first component
    /// explains (its eigenvalue over the number of children).
    pub variance_share: f64,
}

/// What an optimised weighting found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptimisedOutcome {
    /// `log(mean((target − r / Σr)²))` at the weights returned.
    pub objective: f64,
    /// Evaluations of the objective.
    pub evaluations: usize,
    /// R's convergence code: 0 converged, 1 stopped at `max_iterations`,
    /// 10 degenerate simplex.
    pub convergence: u32,
    /// Each child's correlation with the index (or node) at the weights
    /// returned.
    pub correlations: Vec<f64>,
}

/// A statistical weighting: its settings and, once resolved, its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Statistical {
    Pca {
        weights: PcaWeights,
        outcome: Option<PcaOutcome>,
    },
    Optimised {
        settings: Optimise,
        outcome: Option<OptimisedOutcome>,
    },
}
