//! Pure mathematics shared by scoring, weighting, comparison and the
//! robustness analysis: multi-criteria decision methods (entropy, CRITIC,
//! AHP, TOPSIS, combination), correlations (Pearson, Spearman,
//! Kendall), principal components (`pca`) and the descriptive statistics
//! and tests of the statistical audit (`stats`). Leaf modules: they know
//! nothing of clusters, frameworks, files or reports, and depend on no
//! other module of the crate.

pub mod correlation;
pub mod mcdm;
pub mod pca;
pub mod stats;
