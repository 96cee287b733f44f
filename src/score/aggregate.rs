//! The official aggregation of a node's children (`aggregation` of a
//! `[[node]]`), as pure functions shared by the scoring kernel and the
//! re-aggregation model (`rank::model`), so that both compute a node the
//! same way, operation for operation.
//!
//! A non-additive node combines its children's score fractions `x_c`
//! (points earned / points available, in [0, 1]) with weights `r_c = p_c /
//! Σ p` (the children's effective points `p_c` rescaled to add up to 1; a
//! child with no points takes no part) into the node's fraction `f`; the
//! node earns `f` times its points:
//!
//! - geometric: `f = exp(Σ r_c ln x_c)`;
//! - harmonic: `f = 1 / Σ (r_c / x_c)`;
//! - generalised mean of order p (p ≠ 0): `f = (Σ r_c x_c^p)^(1/p)`;
//! - Copeland (COINr's `a_copeland`): for two clusters a and b, `win` is
//!   the weight of the children on which a has the larger fraction, `loss`
//!   the weight of those on which b has; a outranks b when `win > loss`
//!   (COINr's outranking entry above 0.5), b outranks a when `loss > win`,
//!   neither when they are equal. The Copeland score `s` of a cluster is
//!   the number of clusters it outranks minus the number that outrank it,
//!   an integer in −(n−1)..(n−1) over the `n` clusters scored together; its
//!   fraction is `f = (s + n − 1) / (2(n − 1))` (0 when outranked by all, 1
//!   when it outranks all; 1/2 for a cluster scored alone).
//!
//! A zero child fraction makes a geometric or harmonic mean (or a power
//! mean with p < 0) 0 (its limit); the pipeline reports it as an error
//! (`check_positive`), since one zero would then wipe out the others.
//! Additive nodes (`sum`, `mean`) are added up by the kernel itself, in
//! file order, as before.

use super::kernel::{Plan, Scores};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{Aggregation, Child, Framework};

/// Subtotal of every node, from the deepest nodes up. An additive node
/// (`sum`, `mean`) adds its child indicators' points, then its child
/// nodes' subtotals, each in file order, so the total is exactly the sum of
/// the top-level subtotals, in order. Any other node combines its
/// children's fractions (`score::aggregate::node_fractions`) and earns that
/// fraction of its points.
pub fn aggregate(plan: &Plan, out: &mut Scores) {
    let n = out.clusters;
    let k = out.nodes;
    out.node_sub.clear();
    out.node_sub.resize(n * k, 0.0);
    for &node in &plan.bottom_up {
        let (inds, nodes) = &plan.node_children[node];
        let method = plan
            .node_method
            .get(node)
            .copied()
            .unwrap_or(Aggregation::Sum);
        if method.is_additive() {
            for i in 0..n {
                let mut s = 0.0;
                for &j in inds {
                    s += out.points[j * n + i];
                }
                for &c in nodes {
                    s += out.node_sub[i * k + c];
                }
                out.node_sub[i * k + node] = s;
            }
            continue;
        }
        // Children in the order the model uses: child nodes, then
        // indicators.
        out.agg_w.clear();
        out.agg_x.clear();
        for &c in nodes {
            let p = plan.node_points[c];
            out.agg_w.push(p);
            out.agg_x
                .extend((0..n).map(|i| fraction_of(out.node_sub[i * k + c], p)));
        }
        for &j in inds {
            out.agg_w.push(plan.columns[j].points);
            out.agg_x
                .extend_from_slice(&out.fraction[j * n..(j + 1) * n]);
        }
        out.agg_f.resize(n, 0.0);
        node_fractions(method, &out.agg_w, &out.agg_x, n, &mut out.agg_f);
        let points = plan.node_points[node];
        for i in 0..n {
            out.node_sub[i * k + node] = out.agg_f[i] * points;
        }
    }
}

/// The fraction of a non-additive node for every cluster.
///
/// `x` holds the children's fractions child-major (`c * n + i`), `w` their
/// weights (points; not necessarily adding up to 1), `out` gets `n`
/// fractions. For an additive method the weighted arithmetic mean
/// `Σ r_c x_c` is given (the kernel adds points instead).
pub fn node_fractions(method: Aggregation, w: &[f64], x: &[f64], n: usize, out: &mut [f64]) {
    let total: f64 = w.iter().filter(|v| **v > 0.0).sum();
    let r = |c: usize| {
        if total > 0.0 && w[c] > 0.0 {
            w[c] / total
        } else {
            0.0
        }
    };
    out.iter_mut().for_each(|o| *o = 0.0);
    match method {
        Aggregation::Sum | Aggregation::Mean => {
            for c in 0..w.len() {
                let rc = r(c);
                for (o, v) in out.iter_mut().zip(&x[c * n..(c + 1) * n]) {
                    *o += rc * v;
                }
            }
        }
        Aggregation::Geometric => {
            for c in (0..w.len()).filter(|&c| r(c) > 0.0) {
                let rc = r(c);
                for (o, v) in out.iter_mut().zip(&x[c * n..(c + 1) * n]) {
                    *o += rc * v.ln();
                }
            }
            out.iter_mut().for_each(|o| *o = o.exp());
        }
        Aggregation::Harmonic => {
            for c in (0..w.len()).filter(|&c| r(c) > 0.0) {
                let rc = r(c);
                for (o, v) in out.iter_mut().zip(&x[c * n..(c + 1) * n]) {
                    *o += rc / v;
                }
            }
            out.iter_mut().for_each(|o| *o = 1.0 / *o);
        }
        Aggregation::GeneralisedMean { p } => {
            for c in (0..w.len()).filter(|&c| r(c) > 0.0) {
                let rc = r(c);
                for (o, v) in out.iter_mut().zip(&x[c * n..(c + 1) * n]) {
                    *o += rc * v.powf(p);
                }
            }
            out.iter_mut().for_each(|o| *o = o.powf(1.0 / p));
        }
        Aggregation::Copeland => {
            copeland_scores(w, x, n, out);
            for o in out.iter_mut() {
                *o = copeland_fraction(*o, n);
            }
        }
    }
    if total <= 0.0 {
        out.iter_mut().for_each(|o| *o = 0.0);
    }
}

/// Copeland scores (as floats holding integers) of `n` clusters on the
/// children `x` (child-major) with weights `w`.
pub fn copeland_scores(w: &[f64], x: &[f64], n: usize, out: &mut [f64]) {
    out.iter_mut().for_each(|o| *o = 0.0);
    for a in 0..n {
        for b in a + 1..n {
            let (mut win, mut loss) = (0.0, 0.0);
            for (c, &wc) in w.iter().enumerate() {
                if wc <= 0.0 {
                    continue;
                }
                let (xa, xb) = (x[c * n + a], x[c * n + b]);
                if xa > xb {
                    win += wc;
                } else if xb > xa {
                    loss += wc;
                }
            }
            if win > loss {
                out[a] += 1.0;
                out[b] -= 1.0;
            } else if loss > win {
                out[a] -= 1.0;
                out[b] += 1.0;
            }
        }
    }
}

/// The fraction of points of a Copeland score `s` among `n` clusters:
/// `(s + n − 1) / (2(n − 1))`; 1/2 when `n` is 1.
pub fn copeland_fraction(s: f64, n: usize) -> f64 {
    if n < 2 {
        return 0.5;
    }
    let m = (n - 1) as f64;
    (s + m) / (2.0 * m)
}

/// The Copeland score back from its fraction (for reports and tests):
/// `2(n − 1) f − (n − 1)`, rounded to the integer it is.
pub fn copeland_score(fraction: f64, n: usize) -> i64 {
    if n < 2 {
        return 0;
    }
    let m = (n - 1) as f64;
    (2.0 * m * fraction - m).round() as i64
}

/// A child's fraction from what it earned and could earn (0 when it could
/// earn nothing).
pub fn fraction_of(earned: f64, points: f64) -> f64 {
    if points > 0.0 {
        earned / points
    } else {
        0.0
    }
}

/// Every geometric or harmonic node (or power mean with p < 0) whose child
/// has a fraction of 0 or less for a cluster: an error naming the node, the
/// cluster and the child (with its value), since the mean would be 0 (or
/// undefined) whatever the other children earned. `fraction(c, i)` is the
/// child's fraction for scored row `i`; `cluster(i)` its id.
pub fn check_positive(
    fw: &Framework,
    file: &str,
    n: usize,
    fraction: impl Fn(Child, usize) -> f64,
    cluster: impl Fn(usize) -> String,
    diags: &mut Diagnostics,
) {
    for node in 0..fw.nodes.len() {
        let agg = fw.nodes[node].aggregation;
        if !agg.needs_positive() {
            continue;
        }
        for c in fw.children(node) {
            if fw.child_points(c) <= 0.0 {
                continue;
            }
            for i in 0..n {
                let x = fraction(c, i);
                if x > 0.0 {
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "node {} aggregates by the {} mean, which needs every child above 0, but its child {} scores {} (a fraction of its points) for cluster {}: the mean would be 0 whatever the other children earn. Give the child a rule whose lowest score is above 0 (e.g. minmax with lo = 1), or aggregate this node by another method",
                            fw.nodes[node].id,
                            agg.label(),
                            fw.child_id(c),
                            x,
                            cluster(i)
                        ),
                    )
                    .column(format!("{} / {} / {}", cluster(i), fw.nodes[node].id, fw.child_id(c)))
                    .value(x.to_string()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each method on 3 clusters x 2 children, worked by hand.
    use super::*;

    fn run(method: Aggregation, w: &[f64], x: &[f64]) -> Vec<f64> {
        let n = x.len() / w.len();
        let mut out = vec![0.0; n];
        node_fractions(method, w, x, n, &mut out);
        out
    }

    fn close(a: &[f64], b: &[f64]) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}");
        }
    }

    // Children A (points 30) and B (points 10): weights 3/4 and 1/4.
    // Clusters: 1 (A 0.5, B 0.5), 2 (A 0.8, B 0.2), 3 (A 0.25, B 1).
    const W: [f64; 2] = [30.0, 10.0];
    const X: [f64; 6] = [0.5, 0.8, 0.25, 0.5, 0.2, 1.0];

    #[test]
    fn arithmetic() {
        // 0.5; 0.6 + 0.05 = 0.65; 0.1875 + 0.25 = 0.4375.
        close(&run(Aggregation::Mean, &W, &X), &[0.5, 0.65, 0.4375]);
    }

    #[test]
    fn geometric() {
        // 0.5; 0.8^0.75 * 0.2^0.25 = (0.8^3 * 0.2)^(1/4) = 0.1024^(1/4)
        // = sqrt(0.32) = 0.5656854249...; 0.25^0.75 * 1^0.25 = 0.25^(3/4)
        // = 1 / (2 sqrt 2) = 0.3535533906...
        close(
            &run(Aggregation::Geometric, &W, &X),
            &[0.5, 0.32f64.sqrt(), 1.0 / (2.0 * 2f64.sqrt())],
        );
    }

    #[test]
    fn harmonic() {
        // 0.5; 1 / (0.75/0.8 + 0.25/0.2) = 1 / (0.9375 + 1.25) = 1/2.1875
        // = 0.457142857...; 1 / (0.75/0.25 + 0.25/1) = 1/3.25 = 0.307692...
        close(
            &run(Aggregation::Harmonic, &W, &X),
            &[0.5, 1.0 / 2.1875, 1.0 / 3.25],
        );
    }

    #[test]
    fn generalised_mean_p2() {
        // sqrt(0.75*0.64 + 0.25*0.04) = sqrt(0.49) = 0.7;
        // sqrt(0.75*0.0625 + 0.25*1) = sqrt(0.296875) = 0.544862...
        close(
            &run(Aggregation::GeneralisedMean { p: 2.0 }, &W, &X),
            &[0.5, 0.7, 0.296_875f64.sqrt()],
        );
    }

    #[test]
    fn copeland_scores_and_fraction() {
        // Pairs (weights 30, 10): 1 vs 2: A 0.5<0.8 (loss 30), B 0.5>0.2
        // (win 10) -> 2 outranks 1. 1 vs 3: A 0.5>0.25 (win 30), B 0.5<1
        // (loss 10) -> 1 outranks 3. 2 vs 3: A win 30, B loss 10 -> 2
        // outranks 3. Scores: 1: -1 + 1 = 0; 2: +2; 3: -2.
        let mut s = vec![0.0; 3];
        copeland_scores(&W, &X, 3, &mut s);
        assert_eq!(s, vec![0.0, 2.0, -2.0]);
        // Fractions (s + 2) / 4: 0.5, 1, 0.
        assert_eq!(run(Aggregation::Copeland, &W, &X), vec![0.5, 1.0, 0.0]);
        // Weights 1, 1: every pair wins on one child and loses on the
        // other, so no cluster outranks another: all 0.
        let mut s = vec![0.0; 3];
        copeland_scores(&[1.0, 1.0], &X, 3, &mut s);
        assert_eq!(s, vec![0.0, 0.0, 0.0]);
        // A tie on one child counts for neither: weights 1, 1; cluster 1
        // (0.5, 0.5) vs cluster 2 (0.5, 0.2): win 1 (B), loss 0 -> 1 ahead.
        let mut s = vec![0.0; 2];
        copeland_scores(&[1.0, 1.0], &[0.5, 0.5, 0.5, 0.2], 2, &mut s);
        assert_eq!(s, vec![1.0, -1.0]);
        assert_eq!(copeland_fraction(0.0, 1), 0.5);
        assert_eq!(copeland_score(0.25, 51), -25);
    }

    #[test]
    fn a_child_without_points_takes_no_part() {
        // B has 0 points: geometric = A alone.
        close(
            &run(
                Aggregation::Geometric,
                &[30.0, 0.0],
                &[0.5, 0.8, 0.25, 0.0, 0.0, 0.0],
            ),
            &[0.5, 0.8, 0.25],
        );
    }

    #[test]
    fn a_zero_child_gives_zero() {
        let out = run(Aggregation::Geometric, &W, &[0.5, 0.0, 0.25, 0.5, 0.2, 1.0]);
        assert_eq!(out[1], 0.0);
        let out = run(Aggregation::Harmonic, &W, &[0.5, 0.0, 0.25, 0.5, 0.2, 1.0]);
        assert_eq!(out[1], 0.0);
    }
}
