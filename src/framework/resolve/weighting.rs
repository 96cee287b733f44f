//! Resolving `[[weighting]]`: which node's children are weighted by
//! entropy, CRITIC, AHP or a combination, in what order, with what matrix.
//!
//! AHP weights are fixed by the file and are applied here (a matrix whose
//! consistency ratio reaches 0.1 is an error that names it). Entropy and
//! CRITIC weights depend on the cohort's scores: until the round is scored
//! (`weighting::resolve_objective`) the children share the node's points by
//! their subjective weights, or evenly.

use super::super::raw::RawWeighting;
use super::super::*;
use super::Resolver;
use crate::maths::mcdm::{self, CR_LIMIT};
use std::collections::BTreeMap;

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
            let Some(node_id) = w.node.as_deref() else {
                self.err(
                    format!("{path}.node"),
                    "missing: the node whose children are weighted (\"total\" for the top level)",
                );
                continue;
            };
            let Some(&node) = node_index.get(node_id) else {
                self.err_v(
                    format!("{path}.node"),
                    node_id,
                    "no such node (expected \"total\" or a [[node]] id)",
                );
                continue;
            };
            if out.iter().any(|o| o.node == node) {
                self.err_v(
                    format!("{path}.node"),
                    node_id,
                    "this node already has a [[weighting]]",
                );
                continue;
            }
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
                    continue;
                }
            };
            let all: Vec<Child> = nodes[node]
                .child_nodes
                .iter()
                .map(|&c| Child::Node(c))
                .chain(
                    nodes[node]
                        .child_indicators
                        .iter()
                        .map(|&j| Child::Indicator(j)),
                )
                .collect();
            let id_of = |c: &Child| match *c {
                Child::Node(k) => nodes[k].id.clone(),
                Child::Indicator(j) => inds[j].id.clone(),
            };
            let (subjective_source, objective, share) = match method {
                WeightMethod::Entropy | WeightMethod::Critic => (String::new(), Some(method), 0.0),
                WeightMethod::Ahp => ("ahp".to_string(), None, 1.0),
                WeightMethod::Combined => {
                    let subj = match w.subjective.as_deref() {
                        Some(s @ ("ahp" | "points")) => s.to_string(),
                        other => {
                            self.err_v(
                                format!("{path}.subjective"),
                                other.unwrap_or(""),
                                "expected ahp or points (the declared points or weights)",
                            );
                            continue;
                        }
                    };
                    let obj = match w.objective.as_deref() {
                        Some("entropy") => WeightMethod::Entropy,
                        Some("critic") => WeightMethod::Critic,
                        other => {
                            self.err_v(
                                format!("{path}.objective"),
                                other.unwrap_or(""),
                                "expected entropy or critic",
                            );
                            continue;
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
                            continue;
                        }
                    };
                    (subj, Some(obj), share)
                }
            };
            if method != WeightMethod::Combined {
                for (key, v) in [
                    ("subjective", w.subjective.is_some()),
                    ("objective", w.objective.is_some()),
                    ("share", w.share.is_some()),
                ] {
                    if v {
                        self.warn(
                            format!("{path}.{key}"),
                            format!("only method = \"combined\" reads {key}; ignored"),
                        );
                    }
                }
            }
            let uses_ahp = subjective_source == "ahp";
            // The children, in the order given.
            let children = match &w.order {
                Some(order) => {
                    let mut children = Vec::new();
                    let mut ok = true;
                    for id in order {
                        match all.iter().find(|c| &id_of(c) == id) {
                            Some(c) if !children.contains(c) => children.push(*c),
                            Some(_) => {
                                self.err_v(format!("{path}.order"), id, "listed twice");
                                ok = false;
                            }
                            None => {
                                self.err_v(
                                    format!("{path}.order"),
                                    id,
                                    format!("not a child of {node_id}"),
                                );
                                ok = false;
                            }
                        }
                    }
                    for c in &all {
                        if !children.contains(c) {
                            self.err_v(
                                format!("{path}.order"),
                                id_of(c),
                                format!("a child of {node_id} missing from the order: every child is weighted"),
                            );
                            ok = false;
                        }
                    }
                    if !ok {
                        continue;
                    }
                    children
                }
                None if uses_ahp => {
                    self.err(
                        format!("{path}.order"),
                        format!(
                            "missing: the children of {node_id} in the order of the matrix's rows ({})",
                            all.iter().map(id_of).collect::<Vec<_>>().join(", ")
                        ),
                    );
                    continue;
                }
                None => all.clone(),
            };
            if children.is_empty() {
                continue;
            }
            let mut ahp = None;
            let mut subjective = Vec::new();
            if uses_ahp {
                let Some(rows) = self.ahp_matrix(path, w.matrix.as_deref()) else {
                    continue;
                };
                if rows.len() != children.len() {
                    self.err(
                        format!("{path}.matrix"),
                        format!(
                            "{} rows for {} children in the order",
                            rows.len(),
                            children.len()
                        ),
                    );
                    continue;
                }
                match mcdm::ahp(&rows) {
                    Err(e) => {
                        self.err(
                            format!("{path}.matrix"),
                            format!("pairwise-comparison matrix of {node_id}: {e}"),
                        );
                        continue;
                    }
                    Ok(a) if a.cr >= CR_LIMIT => {
                        self.err(
                            format!("{path}.matrix"),
                            format!(
                                "the pairwise-comparison matrix of {node_id} ({}) is not consistent enough: CR = {:.4} >= {CR_LIMIT} (λmax = {:.4}, CI = {:.4}, RI = {}); revise the judgements",
                                nodes[node].name_zh, a.cr, a.lambda_max, a.ci, a.ri
                            ),
                        );
                        continue;
                    }
                    Ok(a) => {
                        subjective = a.weights.clone();
                        ahp = Some(a);
                    }
                }
            } else if w.matrix.is_some() {
                self.warn(format!("{path}.matrix"), "only AHP reads a matrix; ignored");
            }
            out.push(Weighting {
                node,
                key: path.clone(),
                children,
                method,
                subjective,
                subjective_source,
                ahp,
                objective,
                share,
                objective_weights: vec![],
            });
        }
        out
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
