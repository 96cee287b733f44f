//! Resolving `[[weighting]]`: which node's children are weighted by
//! entropy, CRITIC, AHP or a combination, in what order, with what matrix.
//!
//! AHP weights are fixed by the file and computed here (a matrix whose
//! consistency ratio reaches 0.1 is an error that names it); `points` applies
//! them. Entropy and CRITIC weights depend on the cohort's scores: until the
//! round is scored (`weighting::resolve_objective`) the children share the
//! node's points by their subjective weights, or evenly. This pass sets no
//! points itself.

use super::super::raw::RawWeighting;
use super::super::*;
use super::Resolver;
use crate::maths::mcdm::{self, CR_LIMIT};
use std::collections::BTreeMap;

/// How a `[[weighting]]` weighs: its method and where its subjective and
/// objective weights come from.
struct Method {
    method: WeightMethod,
    /// `ahp`, `points` or empty.
    subjective_source: String,
    objective: Option<WeightMethod>,
    share: f64,
}

impl Resolver {
    pub(super) fn resolve_weightings(
        &mut self,
        raw: &[(String, RawWeighting)],
        node_index: &BTreeMap<String, usize>,
        nodes: &[Node],
        inds: &[Indicator],
    ) -> Vec<Weighting> {
        let mut out: Vec<Weighting> = Vec::new();
        for (path, w) in raw {
            let Some(node) = self.weighted_node(path, w, node_index, &out) else {
                continue;
            };
            let Some(m) = self.method(path, w) else {
                continue;
            };
            let uses_ahp = m.subjective_source == "ahp";
            let Some(children) = self.weighted_children(path, w, node, uses_ahp, nodes, inds)
            else {
                continue;
            };
            if children.is_empty() {
                continue;
            }
            let ahp = if uses_ahp {
                let Some(a) = self.ahp(path, w, &nodes[node], children.len()) else {
                    continue;
                };
                Some(a)
            } else {
                if w.matrix.is_some() {
                    self.warn(
                        format!("{path}.matrix"),
                        "only AHP reads a matrix; ignored",
                        "只有 AHP 读取 matrix；已忽略",
                    );
                }
                None
            };
            let subjective = ahp.as_ref().map(|a| a.weights.clone()).unwrap_or_default();
            out.push(Weighting {
                node,
                key: path.clone(),
                children,
                method: m.method,
                subjective,
                subjective_source: m.subjective_source,
                ahp,
                objective: m.objective,
                share: m.share,
                objective_weights: vec![],
            });
        }
        out
    }

    /// The node a weighting names: it must exist and have no other
    /// weighting.
    fn weighted_node(
        &mut self,
        path: &str,
        w: &RawWeighting,
        node_index: &BTreeMap<String, usize>,
        done: &[Weighting],
    ) -> Option<usize> {
        let key = format!("{path}.node");
        let Some(node_id) = w.node.as_deref() else {
            self.err(
                key,
                "missing: the node whose children are weighted (\"total\" for the top level)",
            );
            return None;
        };
        let Some(&node) = node_index.get(node_id) else {
            self.err_v(
                key,
                node_id,
                "no such node (expected \"total\" or a [[node]] id)",
            );
            return None;
        };
        if done.iter().any(|o| o.node == node) {
            self.err_v(key, node_id, "this node already has a [[weighting]]");
            return None;
        }
        Some(node)
    }

    /// `method`, and for `combined` its `subjective`, `objective` and
    /// `share` (which the other methods ignore, with a warning).
    fn method(&mut self, path: &str, w: &RawWeighting) -> Option<Method> {
        let method = match w.method.as_deref() {
            Some("entropy") => WeightMethod::Entropy,
            Some("critic") => WeightMethod::Critic,
            Some("ahp") => WeightMethod::Ahp,
            Some("combined") => WeightMethod::Combined,
            other => {
                self.err_v(
                    format!("{path}.method"),
                    other.unwrap_or(""),
                    "expected entropy, critic, ahp or combined",
                );
                return None;
            }
        };
        let (subjective_source, objective, share) = match method {
            WeightMethod::Entropy | WeightMethod::Critic => (String::new(), Some(method), 0.0),
            WeightMethod::Ahp => ("ahp".to_string(), None, 1.0),
            WeightMethod::Combined => return self.combined(path, w),
        };
        for (key, v) in [
            ("subjective", w.subjective.is_some()),
            ("objective", w.objective.is_some()),
            ("share", w.share.is_some()),
        ] {
            if v {
                self.warn(
                    format!("{path}.{key}"),
                    format!("only method = \"combined\" reads {key}; ignored"),
                    format!("只有 method = \"combined\" 读取 {key}；已忽略"),
                );
            }
        }
        Some(Method {
            method,
            subjective_source,
            objective,
            share,
        })
    }

    fn combined(&mut self, path: &str, w: &RawWeighting) -> Option<Method> {
        let subjective_source = match w.subjective.as_deref() {
            Some(s @ ("ahp" | "points")) => s.to_string(),
            other => {
                self.err_v(
                    format!("{path}.subjective"),
                    other.unwrap_or(""),
                    "expected ahp or points (the declared points or weights)",
                );
                return None;
            }
        };
        let objective = match w.objective.as_deref() {
            Some("entropy") => WeightMethod::Entropy,
            Some("critic") => WeightMethod::Critic,
            other => {
                self.err_v(
                    format!("{path}.objective"),
                    other.unwrap_or(""),
                    "expected entropy or critic",
                );
                return None;
            }
        };
        let share = match w.share {
            Some(s) if (0.0..=1.0).contains(&s) => s,
            other => {
                self.err_v(
                    format!("{path}.share"),
                    other.map(|s| s.to_string()).unwrap_or_default(),
                    "expected the share of the subjective weights, from 0 to 1 (0.5 = half each)",
                );
                return None;
            }
        };
        Some(Method {
            method: WeightMethod::Combined,
            subjective_source,
            objective: Some(objective),
            share,
        })
    }

    /// The node's children in the order given (every child, once); all of
    /// them in file order when there is no `order`, which AHP needs.
    fn weighted_children(
        &mut self,
        path: &str,
        w: &RawWeighting,
        node: usize,
        uses_ahp: bool,
        nodes: &[Node],
        inds: &[Indicator],
    ) -> Option<Vec<Child>> {
        let node_id = &nodes[node].id;
        let node = &nodes[node];
        let all: Vec<Child> = node
            .child_nodes
            .iter()
            .map(|&c| Child::Node(c))
            .chain(node.child_indicators.iter().map(|&j| Child::Indicator(j)))
            .collect();
        let id_of = |c: &Child| match *c {
            Child::Node(k) => nodes[k].id.clone(),
            Child::Indicator(j) => inds[j].id.clone(),
        };
        let key = format!("{path}.order");
        let Some(order) = &w.order else {
            if uses_ahp {
                self.err(
                    key,
                    format!(
                        "missing: the children of {node_id} in the order of the matrix's rows ({})",
                        all.iter().map(id_of).collect::<Vec<_>>().join(", ")
                    ),
                );
                return None;
            }
            return Some(all);
        };
        let mut children = Vec::new();
        let mut ok = true;
        for id in order {
            match all.iter().find(|c| &id_of(c) == id) {
                Some(c) if !children.contains(c) => children.push(*c),
                Some(_) => {
                    self.err_v(&key, id, "listed twice");
                    ok = false;
                }
                None => {
                    let d = crate::diag::Diagnostic::error(
                        &self.file,
                        format!("not a child of {node_id}"),
                    )
                    .column(&key)
                    .value(id)
                    .after(
                        &self.diags,
                        &[&crate::diag::prerequisite::entry("indicator", id)],
                    );
                    self.diags.push(d);
                    ok = false;
                }
            }
        }
        for c in &all {
            if !children.contains(c) {
                self.err_v(
                    &key,
                    id_of(c),
                    format!("a child of {node_id} missing from the order: every child is weighted"),
                );
                ok = false;
            }
        }
        ok.then_some(children)
    }

    /// The AHP weights of a node's `children` children from the matrix,
    /// which must be consistent enough (CR below [`CR_LIMIT`]).
    fn ahp(
        &mut self,
        path: &str,
        w: &RawWeighting,
        node: &Node,
        children: usize,
    ) -> Option<mcdm::Ahp> {
        let key = format!("{path}.matrix");
        let rows = self.ahp_matrix(path, w.matrix.as_deref())?;
        if rows.len() != children {
            self.err(
                key,
                format!("{} rows for {children} children in the order", rows.len()),
            );
            return None;
        }
        let node_id = &node.id;
        match mcdm::ahp(&rows) {
            Err(e) => {
                self.err(key, format!("pairwise-comparison matrix of {node_id}: {e}"));
                None
            }
            Ok(a) if a.cr >= CR_LIMIT => {
                self.err(
                    key,
                    format!(
                        "the pairwise-comparison matrix of {node_id} ({}) is not consistent enough: CR = {:.4} >= {CR_LIMIT} (λmax = {:.4}, CI = {:.4}, RI = {}); revise the judgements",
                        node.name_zh, a.cr, a.lambda_max, a.ci, a.ri
                    ),
                );
                None
            }
            Ok(a) => Some(a),
        }
    }

    /// A matrix of numbers or fractions written as text ("1/3").
    fn ahp_matrix(&mut self, path: &str, m: Option<&[Vec<toml::Value>]>) -> Option<Vec<Vec<f64>>> {
        let Some(m) = m else {
            self.err(
                format!("{path}.matrix"),
                "missing: the pairwise-comparison matrix, one row per child (numbers or \"1/3\")",
            );
            return None;
        };
        let mut rows = Vec::new();
        let mut ok = true;
        for (i, r) in m.iter().enumerate() {
            let mut row = Vec::new();
            for (j, v) in r.iter().enumerate() {
                let x = match v {
                    toml::Value::Integer(k) => Some(*k as f64),
                    toml::Value::Float(f) => Some(*f),
                    toml::Value::String(s) => parse_ratio(s),
                    _ => None,
                };
                match x {
                    Some(x) => row.push(x),
                    None => {
                        self.err_v(
                            format!("{path}.matrix[{}][{}]", i + 1, j + 1),
                            v.to_string(),
                            "expected a positive number or a fraction such as \"1/3\"",
                        );
                        ok = false;
                    }
                }
            }
            rows.push(row);
        }
        ok.then_some(rows)
    }
}

/// "3", "0.5" or "1/3".
fn parse_ratio(s: &str) -> Option<f64> {
    let s = s.trim();
    match s.split_once('/') {
        Some((a, b)) => {
            let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (b != 0.0).then(|| a / b)
        }
        None => s.parse().ok(),
    }
}
