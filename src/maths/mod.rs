//! Pure mathematics shared by scoring, weighting, comparison, the
//! robustness analysis and the statistical audit: multi-criteria decision
//! methods (entropy, CRITIC, AHP, TOPSIS, combination), correlations
//! (Pearson, Spearman, Kendall), the descriptive statistics and tests of
//! the audit (`stats`), principal components (`pca`) and Nelder–Mead
//! minimisation (`optimise`). Leaf modules: they know nothing of clusters,
//! frameworks, files or reports, and depend on no other module of the
//! crate.

pub mod correlation;
pub mod mcdm;
pub mod optimise;
pub mod pca;
pub mod stats;
