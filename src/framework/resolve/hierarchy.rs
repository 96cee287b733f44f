//! The hierarchy of dimensions (`[[node]]`): ids, parents, cycles, depths.
//!
//! Builds the tree the indicators hang from: the root (the total) and one
//! node per declared id, each linked to its parent. Node and indicator ids
//! share one namespace; a duplicate id, a dangling parent or a cycle is
//! reported at its key path, and a cycle is broken (the node is hung from the
//! root) so that the rest of the file can still be checked. Points are not
//! handled here (see `points`), nor are indicators (see `indicator`).

use super::super::raw::{RawAggregation, RawIndicator, RawNode};
use super::super::{Aggregation, Indicator, Node};
use super::sections::Header;
use super::Resolver;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// The id of the root node, the total (总分).
pub(super) const ROOT_ID: &str = "total";

/// What a node or an indicator declared about its share of its parent:
/// points, a weight, and the key path it was declared at.
#[derive(Debug, Clone, Default)]
pub(super) struct Declared {
    pub points: Option<f64>,
    pub weight: Option<f64>,
    pub path: String,
}

/// The hierarchy as it is being resolved: nodes, then indicators, each with
/// what the file declared for it.
pub(super) struct Tree {
    /// `nodes[0]` is the root.
    pub nodes: Vec<Node>,
    /// Node id to index (the first declaration of an id wins).
    pub index: BTreeMap<String, usize>,
    /// What each declared node said, by node index (the root has none).
    pub declared: BTreeMap<usize, Declared>,
    pub indicators: Vec<Indicator>,
    /// What each indicator said, in `indicators` order.
    pub ind_declared: Vec<Declared>,
    /// False when a node's parent dangles or the nodes form a cycle: the
    /// points can then not be checked.
    pub usable: bool,
}

impl Resolver {
    /// Node and indicator ids share one namespace: report empty and
    /// duplicate ids (nodes first, then indicators).
    pub(super) fn claim_ids(
        &mut self,
        nodes: &[(String, RawNode)],
        indicators: &[(String, RawIndicator)],
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        seen.insert(ROOT_ID.into(), "the root".into());
        let ids = nodes
            .iter()
            .map(|(path, n)| (path, &n.id))
            .chain(indicators.iter().map(|(path, i)| (path, &i.id)));
        for (path, id) in ids {
            if id.trim().is_empty() {
                self.err(format!("{path}.id"), "empty id");
            } else if let Some(first) = seen.get(id) {
                self.err_v(
                    format!("{path}.id"),
                    id,
                    format!("duplicate id: already used by {first}"),
                );
            } else {
                seen.insert(id.to_string(), path.to_string());
            }
        }
    }

    /// The root and the declared nodes, linked to their parents, with
    /// cycles broken; no indicators yet.
    pub(super) fn resolve_nodes(&mut self, raw: &[(String, RawNode)], header: &Header) -> Tree {
        let mut tree = Tree {
            nodes: vec![root(header)],
            index: BTreeMap::from([(ROOT_ID.to_string(), 0)]),
            declared: BTreeMap::new(),
            indicators: Vec::new(),
            ind_declared: Vec::new(),
            usable: true,
        };
        // First pass: every id gets its index, so that parents may be
        // declared after their children.
        for (_, n) in raw {
            if !tree.index.contains_key(&n.id) {
                tree.index.insert(n.id.clone(), tree.nodes.len());
                tree.nodes.push(declared_node(n));
            }
        }
        for (path, n) in raw {
            let idx = tree.index[&n.id];
            if !tree.declared.contains_key(&idx) {
                self.link_node(&mut tree, idx, path, n);
            }
        }
        self.break_cycles(&mut tree);
        for idx in 1..tree.nodes.len() {
            let parent = tree.nodes[idx].parent.unwrap_or(0);
            tree.nodes[parent].child_nodes.push(idx);
        }
        tree
    }

    /// Check a node's names, and set its parent and aggregation.
    fn link_node(&mut self, tree: &mut Tree, idx: usize, path: &str, n: &RawNode) {
        for (key, name) in [("name_zh", &n.name_zh), ("name_en", &n.name_en)] {
            if name.is_none() {
                self.warn(
                    format!("{path}.{key}"),
                    "missing name; the id is shown instead",
                    "缺少名称；以编号代替显示",
                );
            }
        }
        let parent = match self.parent_of(path, n.parent.as_deref(), &tree.index) {
            Some(p) => p,
            None => {
                tree.usable = false;
                0
            }
        };
        tree.nodes[idx].parent = Some(parent);
        tree.nodes[idx].aggregation =
            self.aggregation(&format!("{path}.aggregation"), n.aggregation.as_ref());
        tree.declared.insert(
            idx,
            Declared {
                points: n.points,
                weight: n.weight,
                path: path.to_string(),
            },
        );
    }

    /// Walk up from every node; a node that meets itself (or walks longer
    /// than there are nodes) is reported and hung from the root.
    fn break_cycles(&mut self, tree: &mut Tree) {
        let count = tree.nodes.len();
        for idx in 1..count {
            let mut at = idx;
            let mut steps = 0;
            while let Some(p) = tree.nodes[at].parent {
                at = p;
                steps += 1;
                if at == idx || steps > count {
                    let path = tree
                        .declared
                        .get(&idx)
                        .map(|d| d.path.clone())
                        .unwrap_or_default();
                    let parent = tree.nodes[idx]
                        .parent
                        .map(|p| tree.nodes[p].id.clone())
                        .unwrap_or_default();
                    self.err_v(
                        format!("{path}.parent"),
                        parent,
                        "cycle in the hierarchy: this node is its own ancestor",
                    );
                    tree.usable = false;
                    // Break the cycle so that the rest can still be checked.
                    tree.nodes[idx].parent = Some(0);
                    break;
                }
            }
        }
    }

    /// The node a `parent` key names (the root when absent); a dangling
    /// parent is reported and gives `None`.
    pub(super) fn parent_of(
        &mut self,
        path: &str,
        parent: Option<&str>,
        nodes: &BTreeMap<String, usize>,
    ) -> Option<usize> {
        match parent {
            None => Some(0),
            Some(p) => {
                let found = nodes.get(p).copied();
                if found.is_none() {
                    self.err_v(
                        format!("{path}.parent"),
                        p,
                        format!(
                            "dangling parent: no node has this id{}",
                            crate::diag::did_you_mean(nodes.keys().map(|k| k.as_str()), p)
                        ),
                    );
                    self.dangling
                        .push((format!("{path}.parent"), p.to_string()));
                }
                found
            }
        }
    }

    /// `aggregation = "sum" | "mean" | "arithmetic" | "geometric" |
    /// "harmonic" | "copeland"`, or `{ method = "generalised_mean", p = 2 }`
    /// (`p` finite and not 0; `p = 1` is the arithmetic mean).
    pub(super) fn aggregation(&mut self, key: &str, s: Option<&RawAggregation>) -> Aggregation {
        const EXPECTED: &str = "expected sum, mean (arithmetic), geometric, harmonic, copeland or { method = \"generalised_mean\", p = <number> }";
        let (name, p) = match s {
            None => return Aggregation::Sum,
            Some(RawAggregation::Name(n)) => (n.as_str(), None),
            Some(RawAggregation::Spec(spec)) => (spec.method.as_str(), spec.p),
        };
        let plain = |a: Aggregation, this: &mut Self| {
            if let Some(p) = p {
                this.err_v(
                    format!("{key}.p"),
                    p.to_string(),
                    format!("p is only for generalised_mean, not {name}"),
                );
            }
            a
        };
        match name.trim() {
            "sum" => plain(Aggregation::Sum, self),
            "mean" | "arithmetic" => plain(Aggregation::Mean, self),
            "geometric" => plain(Aggregation::Geometric, self),
            "harmonic" => plain(Aggregation::Harmonic, self),
            "copeland" => plain(Aggregation::Copeland, self),
            "generalised_mean" | "generalized_mean" => match p {
                Some(p) if p.is_finite() && p != 0.0 => Aggregation::GeneralisedMean { p },
                Some(p) => {
                    self.err_v(
                        format!("{key}.p"),
                        p.to_string(),
                        "p must be a finite number other than 0 (p = 0 is the geometric mean: write aggregation = \"geometric\")",
                    );
                    Aggregation::Sum
                }
                None => {
                    self.err(
                        format!("{key}.p"),
                        "generalised_mean needs its order: aggregation = { method = \"generalised_mean\", p = 2 }",
                    );
                    Aggregation::Sum
                }
            },
            other => {
                self.err_v(key, other, format!("unknown aggregation; {EXPECTED}"));
                Aggregation::Sum
            }
        }
    }

    /// Every node must have a child (a node or an indicator).
    pub(super) fn check_childless(&mut self, tree: &Tree) {
        for (idx, node) in tree.nodes.iter().enumerate() {
            if node.child_nodes.is_empty() && node.child_indicators.is_empty() {
                let path = tree
                    .declared
                    .get(&idx)
                    .map(|d| d.path.clone())
                    .unwrap_or_else(|| "node".into());
                let mut d = Diagnostic::error(
                    &self.file,
                    "node has no children (no indicator or node names it as parent)",
                )
                .column(path)
                .value(node.id.clone());
                // A parent misspelt, or this id: one slip, reported there.
                let near = self
                    .dangling
                    .iter()
                    .find(|(_, p)| !crate::diag::nearest([node.id.as_str()], p).is_empty());
                if let Some((key, p)) = near {
                    d = d.consequence_of(format!("{key} names {p:?}, not {:?}", node.id));
                }
                self.diags.push(d);
            }
        }
    }
}

impl Resolver {
    /// An indicator imputed by `row_mean` needs another indicator under
    /// its parent to impute from; alone there, its missing values take the
    /// cohort mean: say so once per indicator.
    pub(super) fn check_row_mean(&mut self, tree: &Tree) {
        for (j, ind) in tree.indicators.iter().enumerate() {
            if ind.missing != crate::framework::MissingPolicy::RowMean {
                continue;
            }
            if tree.nodes[ind.parent].child_indicators.len() < 2 {
                let path = tree.ind_declared.get(j).map(|d| d.path.clone());
                self.warn(
                    format!("{}.missing", path.unwrap_or_else(|| "indicator".into())),
                    format!(
                        "row_mean imputes from the other indicators under the same parent, and {} has none besides {}: a missing value takes the cohort mean",
                        tree.nodes[ind.parent].id, ind.id
                    ),
                    format!(
                        "row_mean 以同一上级下其他指标插补，而 {} 下除 {} 外没有其他指标：缺失值取全体均值",
                        tree.nodes[ind.parent].id, ind.id
                    ),
                );
            }
        }
    }
}

impl Tree {
    /// Nodes ordered so that every parent comes before its children.
    pub(super) fn top_down(&self) -> Vec<usize> {
        let mut order = vec![0];
        let mut i = 0;
        while i < order.len() {
            order.extend(self.nodes[order[i]].child_nodes.iter().copied());
            i += 1;
        }
        order
    }

    /// Set every node's depth (0 for the root), top down.
    pub(super) fn set_depths(&mut self) {
        for idx in self.top_down() {
            if let Some(p) = self.nodes[idx].parent {
                self.nodes[idx].depth = self.nodes[p].depth + 1;
            }
        }
    }
}

/// The root: the total, with the framework's points and aggregation.
fn root(header: &Header) -> Node {
    Node {
        id: ROOT_ID.into(),
        name_zh: "总分".into(),
        name_en: "Total".into(),
        parent: None,
        depth: 0,
        aggregation: header.aggregation,
        points: header.total_points,
        child_nodes: vec![],
        child_indicators: vec![],
    }
}

/// A declared node before it is linked: under the root, summing, no points.
fn declared_node(n: &RawNode) -> Node {
    Node {
        id: n.id.clone(),
        name_zh: n.name_zh.clone().unwrap_or_else(|| n.id.clone()),
        name_en: n.name_en.clone().unwrap_or_else(|| n.id.clone()),
        parent: Some(0),
        depth: 0,
        aggregation: Aggregation::Sum,
        points: 0.0,
        child_nodes: vec![],
        child_indicators: vec![],
    }
}
