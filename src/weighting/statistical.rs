//! Weights found by statistics on the scored cohort: PCA weights (the
//! first principal component of the children's scores) and optimised
//! weights (the children's correlations with the index balanced to a
//! target), as COINr's `get_PCA` and `get_opt_weights` define them.
//!
//! Both read the children's scores as `resolve_objective` gives them: an
//! indicator's fraction of its points, a child node's subtotal over its
//! points. PCA weights are the loadings of the first component of their
//! correlation matrix (`maths::pca::prcomp`, centred and scaled), oriented
//! so that they add up to a positive number and normalised to add up to 1,
//! or the squared loadings; a negative loading after that orientation is an
//! error naming the child (a negative weight is never given; a loading
//! within 1e-12 of 0 counts as 0). Optimised
//! weights minimise `log(mean((t − r/Σr)²))` (t the target shares, r each
//! child's Pearson correlation with the index or the node) by Nelder–Mead
//! (`maths::optimise`, R's `optim`) from the target, each evaluation
//! re-scoring the cohort with the candidate weights through the scoring
//! kernel; candidate weights below 0 are not evaluated (they count as R's
//! `big`). Every failure is a located error naming the weighting
//! (`weighting[2]`) and the child. Nothing here writes files.

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::statistical::{
    Against, Optimise, OptimisedOutcome, PcaOutcome, PcaWeights, Statistical,
};
use crate::framework::{Child, Framework, Weighting};
use crate::ingest::Round;
use crate::maths::correlation::pearson;
use crate::maths::optimise::{nelder_mead, Failure, NelderMead};
use crate::maths::pca::{prcomp, PcaProblem};
use crate::score::{self, kernel, Scored};
use std::collections::BTreeMap;

/// A loading this close to 0 is 0 (rounding of an exactly uncorrelated
/// child), not a negative weight.
pub const LOADING_ZERO: f64 = 1e-12;

/// A perfect balance (every child's share of the correlations on target)
/// counts as the log of the smallest positive double, −708.4, not −∞ (which
/// R's optimiser would count as its worst value).
const PERFECT: f64 = f64::MIN_POSITIVE;

/// The weights of `wt`'s children and what was found (its statistical
/// settings `st`), from the cohort as `scored` scored it with `round`'s
/// framework; `children_scores` holds the children's scores (column-major,
/// one column per child in `wt.children` order).
pub fn resolve(
    round: &Round,
    scored: &Scored,
    wt: &Weighting,
    st: &Statistical,
    children_scores: &[f64],
) -> Result<(Vec<f64>, Statistical), Diagnostics> {
    match st {
        Statistical::Pca { weights, .. } => {
            let (w, outcome) = pca(&round.framework, wt, children_scores, *weights)?;
            Ok((
                w,
                Statistical::Pca {
                    weights: *weights,
                    outcome: Some(outcome),
                },
            ))
        }
        Statistical::Optimised { settings, .. } => {
            let (w, outcome) = optimised(round, scored, wt, children_scores, settings)?;
            Ok((
                w,
                Statistical::Optimised {
                    settings: settings.clone(),
                    outcome: Some(outcome),
                },
            ))
        }
    }
}

/// A located error about weighting `wt`, naming `child` when there is one.
fn error(
    fw: &Framework,
    wt: &Weighting,
    child: Option<Child>,
    en: String,
    zh: String,
) -> Diagnostics {
    let mut d = Diagnostic::error(&fw.source, en)
        .zh(zh)
        .column(format!("{}.method", wt.key));
    if let Some(c) = child {
        d = d.value(fw.child_id(c));
    }
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// A child whose score is the same for every scored cluster: it has no
/// correlation with anything, so neither method can weigh it.
fn constant_child(fw: &Framework, wt: &Weighting, c: Child, method: &str) -> Diagnostics {
    let node = &fw.nodes[wt.node].id;
    let id = fw.child_id(c);
    error(
        fw,
        wt,
        Some(c),
        format!("{method} weights of {node}: the score of {id} is the same for every scored cluster, so it has no correlation to weigh it by; give {node} another method"),
        format!("{node} 的 {method} 权重：{id} 的得分对所有参评集群都相同，没有可据以赋权的相关性；请为 {node} 换用其他方法"),
    )
}

/// PCA weights from the children's scores (`n` rows, column-major).
fn pca(
    fw: &Framework,
    wt: &Weighting,
    x: &[f64],
    weights: PcaWeights,
) -> Result<(Vec<f64>, PcaOutcome), Diagnostics> {
    let k = wt.children.len();
    let n = x.len() / k.max(1);
    let node = &fw.nodes[wt.node].id;
    let p = match prcomp(x, n, k) {
        Ok(p) => p,
        Err(PcaProblem::Constant { column }) => {
            return Err(constant_child(fw, wt, wt.children[column], "PCA"))
        }
        Err(PcaProblem::NotFinite { column }) => {
            let id = fw.child_id(wt.children[column]);
            return Err(error(
                fw,
                wt,
                Some(wt.children[column]),
                format!("PCA weights of {node}: {id} has a score that is not a number"),
                format!("{node} 的 PCA 权重：{id} 有不是数值的得分"),
            ));
        }
        Err(PcaProblem::TooFewRows) => {
            return Err(error(
                fw,
                wt,
                None,
                format!("PCA weights of {node}: fewer than two clusters are scored"),
                format!("{node} 的 PCA 权重：参评集群不足两个"),
            ))
        }
    };
    let loadings = p.rotation.first().cloned().unwrap_or_default();
    let variance_share = p.proportion_of_variance().first().copied().unwrap_or(0.0);
    let w = match weights {
        PcaWeights::Squared => {
            let sq: Vec<f64> = loadings.iter().map(|l| l * l).collect();
            let sum: f64 = sq.iter().sum();
            sq.iter().map(|s| s / sum).collect()
        }
        PcaWeights::Loadings => {
            if let Some(j) = (0..k).find(|&j| loadings[j] < -LOADING_ZERO) {
                let id = fw.child_id(wt.children[j]);
                return Err(error(
                    fw,
                    wt,
                    Some(wt.children[j]),
                    format!("PCA weights of {node}: the first principal component loads {id} negatively ({:.4}, the loadings oriented to add up to a positive number), which would be a negative weight; use pca = \"squared\" (the squared loadings) or another method", loadings[j]),
                    format!("{node} 的 PCA 权重：第一主成分在 {id} 上的载荷为负（{:.4}，载荷已取和为正的方向），将得到负权重；请用 pca = \"squared\"（载荷平方）或其他方法", loadings[j]),
                ));
            }
            let kept: Vec<f64> = loadings.iter().map(|l| l.max(0.0)).collect();
            let sum: f64 = kept.iter().sum();
            kept.iter().map(|l| l / sum).collect()
        }
    };
    Ok((
        w,
        PcaOutcome {
            loadings,
            variance_share,
        },
    ))
}

/// The groups of every registry column a missing-value policy reads, for
/// the scored rows (as `score::score_raw` builds the plan).
fn scored_groups(round: &Round, scored: &Scored) -> BTreeMap<String, Vec<usize>> {
    let mut out = BTreeMap::new();
    for ind in &round.framework.indicators {
        if let Some(group) = ind.missing.group() {
            out.entry(group.to_string()).or_insert_with(|| {
                let all = score::group_indices(round, group);
                scored.clusters.iter().map(|&i| all[i]).collect()
            });
        }
    }
    out
}

/// Each child's correlation with `against` (the index or node at some
/// weights) and the objective `log(mean((t − r/Σr)²))`.
fn objective(children: &[f64], against: &[f64], target: &[f64]) -> (f64, Vec<f64>) {
    let n = against.len();
    let r: Vec<f64> = (0..target.len())
        .map(|c| pearson(&children[c * n..(c + 1) * n], against))
        .collect();
    let sum: f64 = r.iter().sum();
    let sq: f64 = r
        .iter()
        .zip(target)
        .map(|(r, t)| (t - r / sum) * (t - r / sum))
        .sum();
    let msd = sq / r.len() as f64;
    // NaN (correlations adding up to 0) stays NaN: `max` would hide it.
    let value = if msd.is_nan() {
        f64::NAN
    } else {
        msd.max(PERFECT).ln()
    };
    (value, r)
}

/// Optimised weights (COINr's `get_opt_weights`, `optype = "balance"`).
fn optimised(
    round: &Round,
    scored: &Scored,
    wt: &Weighting,
    x: &[f64],
    settings: &Optimise,
) -> Result<(Vec<f64>, OptimisedOutcome), Diagnostics> {
    let fw = &round.framework;
    let n = scored.scores.clusters;
    let node_id = &fw.nodes[wt.node].id;
    for (c, &child) in wt.children.iter().enumerate() {
        let col = &x[c * n..(c + 1) * n];
        if col.iter().all(|v| *v == col[0]) {
            return Err(constant_child(fw, wt, child, "optimised"));
        }
    }
    let groups = scored_groups(round, scored);
    let node = wt.node;
    // The index (or the node) at candidate shares: the cohort re-scored
    // by the kernel with the node's children given those shares.
    let against_at = |shares: &[f64]| -> Vec<f64> {
        let mut f = fw.clone();
        f.set_child_shares(node, &wt.children, shares);
        let plan = kernel::Plan::new(&f, n, |col| groups.get(col).cloned().unwrap_or_default());
        let s = kernel::score(&scored.raw.values, &plan);
        (0..n)
            .map(|i| match settings.against {
                Against::Index => s.total(i),
                Against::Parent => s.subtotal(i, node),
            })
            .collect()
    };
    let shares_of = |w: &[f64]| -> Option<Vec<f64>> {
        let sum: f64 = w.iter().sum();
        (w.iter().all(|v| *v >= 0.0) && sum > 0.0).then(|| w.iter().map(|v| v / sum).collect())
    };
    let f = |w: &[f64]| -> Result<f64, ()> {
        Ok(match shares_of(w) {
            Some(shares) => objective(x, &against_at(&shares), &settings.target).0,
            None => f64::INFINITY,
        })
    };
    let nm = NelderMead {
        reltol: settings.tolerance,
        max_evaluations: settings.max_iterations,
        ..NelderMead::default()
    };
    let found = match nelder_mead(f, &settings.target, &nm) {
        Ok(m) => m,
        Err(Failure::NotFiniteAtStart(_) | Failure::Empty | Failure::Function(())) => {
            return Err(error(
                fw,
                wt,
                None,
                format!("optimised weights of {node_id}: the children's correlations with the {} cannot be computed at the start (the {} is the same for every scored cluster, or the correlations add up to 0)", settings.against.as_str(), settings.against.as_str()),
                format!("{node_id} 的优化权重：起点处无法计算下级与{}的相关系数（{}对所有参评集群都相同，或相关系数之和为 0）", against_zh(settings.against), against_zh(settings.against)),
            ))
        }
    };
    // The best vertex is never an infeasible one: the start is feasible
    // and has a finite value, below what an infeasible point counts as.
    let shares = shares_of(&found.x).unwrap_or_else(|| settings.target.clone());
    let (value, correlations) = objective(x, &against_at(&shares), &settings.target);
    Ok((
        shares,
        OptimisedOutcome {
            objective: value,
            evaluations: found.evaluations,
            convergence: found.ending.code(),
            correlations,
        },
    ))
}

fn against_zh(a: Against) -> &'static str {
    match a {
        Against::Index => "总分",
        Against::Parent => "该节点",
    }
}

/// Warnings about resolved statistical weightings: an optimisation that
/// stopped before converging.
pub fn warnings(fw: &Framework) -> Diagnostics {
    let mut ds = Diagnostics::default();
    for wt in &fw.weightings {
        if let Some(Statistical::Optimised {
            settings,
            outcome: Some(o),
        }) = &wt.statistical
        {
            if o.convergence != 0 {
                let node = &fw.nodes[wt.node].id;
                let why = if o.convergence == 1 {
                    format!("it reached max_iterations = {}", settings.max_iterations)
                } else {
                    "its simplex stopped shrinking".to_string()
                };
                let why_zh = if o.convergence == 1 {
                    format!("已达 max_iterations = {}", settings.max_iterations)
                } else {
                    "单纯形不再收缩".to_string()
                };
                ds.push(
                    Diagnostic::warning(
                        &fw.source,
                        format!("optimised weights of {node} did not converge ({why}); the weights are the best found (objective {:.6}); raise max_iterations or tolerance", o.objective),
                    )
                    .zh(format!("{node} 的优化权重未收敛（{why_zh}）；所用权重为找到的最优值（目标函数 {:.6}）；请提高 max_iterations 或 tolerance", o.objective))
                    .column(format!("{}.max_iterations", wt.key)),
                );
            }
        }
    }
    ds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_by_hand() {
        // A = 0, 0, 1, 1 and B = 0, 1, 1, 0; I = A + B = 0, 1, 2, 1.
        // Deviations: A ±½, B ±½, I (−1, 0, 1, 0). Σ dA·dI = 1, |dA|² = 1,
        // |dI|² = 2: r(A, I) = 1/√2, and likewise r(B, I) = 1/√2.
        let children = [0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0];
        let index = [0.0, 1.0, 2.0, 1.0];
        // Equal target: shares ½, ½ are on target, a perfect balance:
        // log of the smallest positive double, not −∞.
        let (v, r) = objective(&children, &index, &[0.5, 0.5]);
        for x in &r {
            assert!((x - 0.5f64.sqrt()).abs() < 1e-15, "{r:?}");
        }
        assert_eq!(v, f64::MIN_POSITIVE.ln());
        // Target (2/3, 1/3): squared gaps (1/6)² twice, mean 1/36.
        let (v, _) = objective(&children, &index, &[2.0 / 3.0, 1.0 / 3.0]);
        assert!((v - (1.0f64 / 36.0).ln()).abs() < 1e-12, "{v}");
        // Correlations 1 and −1 add up to 0: r/Σr is infinite, so is the
        // objective; a constant index has no correlation (0, 0): 0/0 is
        // NaN. Both are R's optimiser's worst value, never a perfect
        // balance.
        let opposite = [0.0, 1.0, 2.0, 2.0, 1.0, 0.0];
        let (v, _) = objective(&opposite, &[0.0, 1.0, 2.0], &[0.5, 0.5]);
        assert_eq!(v, f64::INFINITY);
        let (v, _) = objective(&opposite, &[1.0, 1.0, 1.0], &[0.5, 0.5]);
        assert!(v.is_nan(), "{v}");
    }
}
