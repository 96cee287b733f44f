//! Resolving `[[weighting]]`: which node's children are weighted by
//! entropy, CRITIC, AHP, a combination, PCA or optimisation, in what order,
//! with what matrix or settings.
//!
//! AHP weights are fixed by the file and computed here (a matrix whose
//! consistency ratio reaches 0.1 is an error that names it); `points` applies
//! them. Entropy, CRITIC, PCA and optimised weights depend on the cohort's
//! scores (PCA and optimisation need two children or more): until the
//! round is scored (`weighting::resolve_objective`) the children share the
//! node's points by their subjective weights, or evenly. This pass sets no
//! points itself.

use super::super::raw::RawWeighting;
use super::super::statistical::{Against, Optimise, PcaWeights, Statistical};
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

/// The default `tolerance` of `method = "optimised"` (COINr's `toler`).
pub const OPTIMISED_TOLERANCE: f64 = 0.1;
/// The default `max_iterations` of `method = "optimised"` (COINr's
/// `maxiter`).
pub const OPTIMISED_MAX_ITERATIONS: usize = 500;
/// The most evaluations `max_iterations` may ask for.
pub const OPTIMISED_ITERATIONS_LIMIT: usize = 100_000;

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
            let statistical = match m.method {
                WeightMethod::Pca | WeightMethod::Optimised => {
                    match self.statistical(path, w, &nodes[node], &children) {
                        Some(s) => Some(s),
                        None => continue,
                    }
                }
                _ => None,
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
                statistical,
            });
        }
        self.warn_optimised_under_data(&out, nodes);
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
            Some("pca") => WeightMethod::Pca,
            Some("optimised" | "optimized") => WeightMethod::Optimised,
            other => {
                self.err_v(
                    format!("{path}.method"),
                    other.unwrap_or(""),
                    "expected entropy, critic, ahp, combined, pca or optimised",
                );
                return None;
            }
        };
        self.warn_unread_statistical(path, w, method);
        let (subjective_source, objective, share) = match method {
            WeightMethod::Entropy
            | WeightMethod::Critic
            | WeightMethod::Pca
            | WeightMethod::Optimised => (String::new(), Some(method), 0.0),
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

impl Resolver {
    /// Settings that only PCA (`pca`) or optimisation (`target`,
    /// `against`, `tolerance`, `max_iterations`) read, given to another
    /// method: a warning each.
    fn warn_unread_statistical(&mut self, path: &str, w: &RawWeighting, method: WeightMethod) {
        let pca = [("pca", w.pca.is_some())];
        let optimised = [
            ("target", w.target.is_some()),
            ("against", w.against.is_some()),
            ("tolerance", w.tolerance.is_some()),
            ("max_iterations", w.max_iterations.is_some()),
        ];
        let mut unread: Vec<(&str, &str)> = Vec::new();
        if method != WeightMethod::Pca {
            unread.extend(pca.iter().filter(|k| k.1).map(|k| (k.0, "pca")));
        }
        if method != WeightMethod::Optimised {
            unread.extend(optimised.iter().filter(|k| k.1).map(|k| (k.0, "optimised")));
        }
        for (key, by) in unread {
            self.warn(
                format!("{path}.{key}"),
                format!("only method = \"{by}\" reads {key}; ignored"),
                format!("只有 method = \"{by}\" 读取 {key}；已忽略"),
            );
        }
    }

    /// The settings of `pca` and `optimised`, which need two children or
    /// more.
    fn statistical(
        &mut self,
        path: &str,
        w: &RawWeighting,
        node: &Node,
        children: &[Child],
    ) -> Option<Statistical> {
        let method = w.method.as_deref().unwrap_or("");
        if children.len() < 2 {
            self.diags.push(
                crate::diag::Diagnostic::error(
                    &self.file,
                    format!(
                        "method = \"{method}\" weighs a node's children against each other, and {} has {} child: nothing to weigh (give it a second child or remove this [[weighting]])",
                        node.id,
                        children.len()
                    ),
                )
                .zh(format!(
                    "method = \"{method}\" 在节点的下级之间分配权重，而 {} 只有 {} 个下级：无可分配（增加下级或删除此 [[weighting]]）",
                    node.id,
                    children.len()
                ))
                .column(format!("{path}.node"))
                .value(&node.id),
            );
            return None;
        }
        if method == "pca" {
            let weights = match w.pca.as_deref() {
                None | Some("loadings") => PcaWeights::Loadings,
                Some("squared") => PcaWeights::Squared,
                Some(other) => {
                    self.err_v(
                        format!("{path}.pca"),
                        other,
                        "expected loadings (the first component's loadings, normalised to add up to 1) or squared (the squared loadings)",
                    );
                    return None;
                }
            };
            return Some(Statistical::Pca {
                weights,
                outcome: None,
            });
        }
        let target = self.correlation_target(path, w, children.len())?;
        let against = match w.against.as_deref() {
            None | Some("index") => Against::Index,
            Some("parent") => Against::Parent,
            Some(other) => {
                self.err_v(
                    format!("{path}.against"),
                    other,
                    "expected index (the total) or parent (the weighted node)",
                );
                return None;
            }
        };
        let tolerance = match w.tolerance {
            None => OPTIMISED_TOLERANCE,
            Some(t) if t > 0.0 && t < 1.0 => t,
            Some(t) => {
                self.err_v(
                    format!("{path}.tolerance"),
                    t.to_string(),
                    "expected the optimiser's relative tolerance, above 0 and below 1 (default 0.1)",
                );
                return None;
            }
        };
        let max_iterations = match w.max_iterations {
            None => OPTIMISED_MAX_ITERATIONS,
            Some(k) if k >= 1 && k as u64 <= OPTIMISED_ITERATIONS_LIMIT as u64 => k as usize,
            Some(k) => {
                self.err_v(
                    format!("{path}.max_iterations"),
                    k.to_string(),
                    format!("expected the most evaluations of the objective, from 1 to {OPTIMISED_ITERATIONS_LIMIT} (default {OPTIMISED_MAX_ITERATIONS})"),
                );
                return None;
            }
        };
        Some(Statistical::Optimised {
            settings: Optimise {
                target,
                against,
                tolerance,
                max_iterations,
            },
            outcome: None,
        })
    }

    /// `target`: "equal" (the default) or one positive number per child,
    /// in the order of the children; normalised to add up to 1.
    fn correlation_target(
        &mut self,
        path: &str,
        w: &RawWeighting,
        children: usize,
    ) -> Option<Vec<f64>> {
        let key = format!("{path}.target");
        let raw = match &w.target {
            None => return Some(vec![1.0 / children as f64; children]),
            Some(toml::Value::String(s)) if s == "equal" => {
                return Some(vec![1.0 / children as f64; children])
            }
            Some(toml::Value::Array(a)) => a,
            Some(other) => {
                self.err_v(
                    key,
                    other.to_string(),
                    "expected \"equal\" or a list of positive numbers, one per child in the order of the children",
                );
                return None;
            }
        };
        if raw.len() != children {
            self.err(
                key,
                format!(
                    "{} numbers for {children} children: give one per child, in the order of the children (`order`, or the file's)",
                    raw.len()
                ),
            );
            return None;
        }
        let mut target = Vec::with_capacity(children);
        for (i, v) in raw.iter().enumerate() {
            let x = match v {
                toml::Value::Integer(k) => *k as f64,
                toml::Value::Float(f) => *f,
                _ => f64::NAN,
            };
            if !(x > 0.0 && x.is_finite()) {
                self.err_v(
                    format!("{key}[{}]", i + 1),
                    v.to_string(),
                    "expected a positive number (a relative target)",
                );
                return None;
            }
            target.push(x);
        }
        let sum: f64 = target.iter().sum();
        Some(target.iter().map(|t| t / sum).collect())
    }

    /// An optimised weighting against the index below a node whose weights
    /// come from the data: its correlations are taken with the index as
    /// weighted before that node's weights are resolved (deepest node
    /// first). Said, so that nobody reads them as final.
    fn warn_optimised_under_data(&mut self, out: &[Weighting], nodes: &[Node]) {
        for w in out {
            let against_index = matches!(
                &w.statistical,
                Some(Statistical::Optimised { settings, .. }) if settings.against == Against::Index
            );
            if !against_index {
                continue;
            }
            let mut up = nodes[w.node].parent;
            while let Some(a) = up {
                if let Some(above) = out.iter().find(|o| o.node == a && o.is_objective()) {
                    let (id, by) = (&nodes[a].id, above.method.as_str());
                    self.warn(
                        format!("{}.against", w.key),
                        format!("the index is correlated as weighted before the weights of {id} ({by}) are resolved, which comes after (deepest node first): the correlations with the final index may differ; against = \"parent\" avoids this"),
                        format!("与总分的相关系数按 {id}（{by}）的权重确定之前的总分计算（先深后浅），与最终总分的相关系数可能不同；against = \"parent\" 可避免"),
                    );
                    break;
                }
                up = nodes[a].parent;
            }
        }
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
