//! Effective points: every node's points shared among its children, top down.
//!
//! Under a `sum` node the children's declared points must add up to the
//! node's own (reported with both figures when they do not) and are scaled to
//! the node's effective points; under a `mean` node the children share the
//! points by their weights (1 by default). A node with a `[[weighting]]`
//! shares them by its subjective weights (AHP, declared points) or evenly
//! until its objective weights are resolved on the cohort. This pass only
//! sets points: it never changes the shape of the hierarchy.

use super::super::{trim_float, Aggregation, Child, Indicator, Node, Weighting};
use super::hierarchy::{Declared, Tree};
use super::Resolver;
use crate::diag::{prerequisite, Diagnostic};

/// Points that should add up may differ by this much (float noise).
const POINTS_TOLERANCE: f64 = 1e-9;

/// The weight of a child of a mean node that declares none.
const DEFAULT_WEIGHT: f64 = 1.0;

/// A child of a node with what it declared.
struct DeclaredChild {
    child: Child,
    declared: Declared,
}

impl Resolver {
    /// Give every node's children their effective points, top down: by
    /// declared points or weights, then by the node's `[[weighting]]`.
    pub(super) fn distribute(&mut self, tree: &mut Tree, weightings: &mut [Weighting]) {
        for idx in tree.top_down() {
            let weighting = weightings.iter_mut().find(|w| w.node == idx);
            let by_points = weighting
                .as_ref()
                .is_none_or(|w| w.subjective_source == "points");
            if by_points {
                self.distribute_points(idx, tree);
            }
            if let Some(w) = weighting {
                apply_weighting(w, &mut tree.nodes, &mut tree.indicators);
            }
        }
    }

    /// Share a node's points among its children by what they declared.
    fn distribute_points(&mut self, idx: usize, tree: &mut Tree) {
        if idx == 0 {
            tree.nodes[0].points = tree.nodes[0].points.max(0.0);
        }
        let children = declared_children(tree, idx);
        if children.is_empty() {
            return;
        }
        let points = match tree.nodes[idx].aggregation {
            Aggregation::Sum => self.sum_points(tree, idx, &children),
            // Every other aggregation shares the points by weights.
            _ => self.mean_points(tree.nodes[idx].points, &children),
        };
        for (c, p) in children.iter().zip(points) {
            match c.child {
                Child::Node(k) => tree.nodes[k].points = p,
                Child::Indicator(j) => tree.indicators[j].points = p,
            }
        }
    }

    /// Under a sum node: the declared points, checked to add up to the
    /// node's declared points, scaled to its effective points.
    fn sum_points(&mut self, tree: &Tree, idx: usize, children: &[DeclaredChild]) -> Vec<f64> {
        let node = &tree.nodes[idx];
        let mut sum = 0.0;
        let mut all = true;
        for DeclaredChild { declared: d, .. } in children {
            let path = &d.path;
            match d.points {
                Some(p) if p >= 0.0 && p.is_finite() => sum += p,
                Some(p) => {
                    self.err_v(
                        format!("{path}.points"),
                        p.to_string(),
                        "points must be a non-negative number",
                    );
                    all = false;
                }
                None => {
                    self.err(
                        format!("{path}.points"),
                        format!(
                            "missing points: its parent {} adds up points (aggregation = \"sum\")",
                            node.id
                        ),
                    );
                    all = false;
                }
            }
            if d.weight.is_some() {
                self.warn(
                    format!("{path}.weight"),
                    "weight is ignored under a sum node; points count",
                    "求和节点下的 weight 不起作用；以分值计",
                );
            }
        }
        let node_declared = if idx == 0 {
            Some(node.points)
        } else {
            tree.declared.get(&idx).and_then(|d| d.points)
        };
        let mismatch = node_declared.filter(|np| all && (sum - np).abs() > POINTS_TOLERANCE);
        if let Some(np) = mismatch {
            let key = if idx == 0 {
                "framework.total_points".to_string()
            } else {
                let path = tree
                    .declared
                    .get(&idx)
                    .map_or("framework", |d| d.path.as_str());
                format!("{path}.points")
            };
            let d = Diagnostic::error(
                &self.file,
                format!(
                    "points do not add up: the children of {} add up to {} but it has {}",
                    node.id,
                    trim_float(sum),
                    trim_float(np)
                ),
            )
            .column(key)
            .value(np.to_string())
            .after(
                &self.diags,
                &[&prerequisite::entry("children of", &node.id)],
            );
            self.diags.push(d);
        }
        let scale = if sum > 0.0 { node.points / sum } else { 0.0 };
        children
            .iter()
            .map(|c| c.declared.points.unwrap_or(0.0).max(0.0) * scale)
            .collect()
    }

    /// Under a mean node: the node's points shared by the children's
    /// weights.
    fn mean_points(&mut self, node_points: f64, children: &[DeclaredChild]) -> Vec<f64> {
        let mut total_w = 0.0;
        for DeclaredChild { declared: d, .. } in children {
            let w = d.weight.unwrap_or(DEFAULT_WEIGHT);
            if !(w > 0.0 && w.is_finite()) {
                self.err_v(
                    format!("{}.weight", d.path),
                    w.to_string(),
                    "weight must be a positive number",
                );
            } else {
                total_w += w;
            }
        }
        children
            .iter()
            .map(|c| {
                let w = c.declared.weight.unwrap_or(DEFAULT_WEIGHT);
                if w > 0.0 && total_w > 0.0 {
                    node_points * w / total_w
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// A node's children (nodes, then indicators) with what they declared.
fn declared_children(tree: &Tree, idx: usize) -> Vec<DeclaredChild> {
    let node = &tree.nodes[idx];
    let nodes = node.child_nodes.iter().map(|&c| DeclaredChild {
        child: Child::Node(c),
        declared: tree.declared.get(&c).cloned().unwrap_or_default(),
    });
    let indicators = node.child_indicators.iter().map(|&c| DeclaredChild {
        child: Child::Indicator(c),
        declared: tree.ind_declared[c].clone(),
    });
    nodes.chain(indicators).collect()
}

/// Give the children of a weighted node their share of its points: the
/// subjective weights (declared points, AHP), or an even split until
/// objective weights are resolved on the cohort. Only the children are set:
/// the nodes below are distributed after, top down.
fn apply_weighting(w: &mut Weighting, nodes: &mut [Node], inds: &mut [Indicator]) {
    let node_points = nodes[w.node].points;
    let points = |c: &Child, nodes: &[Node], inds: &[Indicator]| match *c {
        Child::Node(k) => nodes[k].points,
        Child::Indicator(j) => inds[j].points,
    };
    if w.subjective_source == "points" {
        let declared: Vec<f64> = w.children.iter().map(|c| points(c, nodes, inds)).collect();
        let total: f64 = declared.iter().sum();
        w.subjective = declared
            .iter()
            .map(|p| if total > 0.0 { p / total } else { 0.0 })
            .collect();
    }
    let shares = if w.subjective.is_empty() {
        vec![1.0 / w.children.len() as f64; w.children.len()]
    } else {
        w.subjective.clone()
    };
    for (c, s) in w.children.iter().zip(shares) {
        match *c {
            Child::Node(k) => nodes[k].points = node_points * s,
            Child::Indicator(j) => inds[j].points = node_points * s,
        }
    }
}
