//! The aggregation kernel of the robustness analysis: from a matrix of
//! score fractions (clusters x indicators, column-major) and one set of
//! weights to totals, node subtotals, ranks and grades.
//!
//! Everything that does not change between replications (the hierarchy,
//! the tie-break values, the grade cut-offs) is resolved once into a
//! `Model`; a replication only reads it and writes into a `Work` of
//! buffers sized once, so the hot loop allocates nothing. With the nominal
//! weights and arithmetic aggregation the additions are those of the
//! scoring kernel, in the same order, so the totals are bit for bit the
//! official ones and so are the ranks (same rounding, same tie-break chain).
//! The alternative rankings (`compare`) and the robustness analysis
//! (`robust`) both evaluate the cohort through it.

use crate::framework::{round_to, Aggregation as NodeAggregation, Framework, TieKey};
use crate::score::aggregate::{fraction_of, node_fractions};
use crate::score::Scored;
use std::cmp::Ordering;

/// The default floor of a geometric mean: a fraction below 1 % counts as
/// 1 %, so one zero costs a lot but does not wipe out the rest.
pub const GEOMETRIC_FLOOR: f64 = 0.01;

/// How the nodes combine their children in a replication.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Each node as the framework declares it (`aggregation` of its
    /// `[[node]]`): the official rule, computed exactly as the kernel does.
    Declared,
    /// Every node a weighted sum of points.
    Arithmetic,
    /// Every node the weighted geometric mean of its children's fractions,
    /// each floored at the model's `geometric_floor`, times its points.
    Geometric,
    /// Every node the weighted harmonic mean of its children's fractions,
    /// each floored at `geometric_floor`, times its points.
    Harmonic,
    /// Every node the weighted power mean of order p of its children's
    /// fractions (floored at `geometric_floor` when p < 0).
    GeneralisedMean(f64),
    /// Every node the Copeland fraction of its children over the cohort.
    Copeland,
}

impl Aggregation {
    /// As an option is written (`generalised_mean(p=2)`).
    pub fn label(self) -> String {
        match self {
            Aggregation::Declared => "declared".into(),
            Aggregation::Arithmetic => "arithmetic".into(),
            Aggregation::Geometric => "geometric".into(),
            Aggregation::Harmonic => "harmonic".into(),
            Aggregation::GeneralisedMean(p) => {
                format!("generalised_mean(p={})", crate::framework::trim_float(p))
            }
            Aggregation::Copeland => "copeland".into(),
        }
    }

    /// The method of node `k` under this option, and whether its
    /// children's fractions are floored.
    fn method(self, declared: NodeAggregation) -> (NodeAggregation, bool) {
        match self {
            Aggregation::Declared => (declared, false),
            Aggregation::Arithmetic | Aggregation::Geometric => (NodeAggregation::Sum, false),
            Aggregation::Harmonic => (NodeAggregation::Harmonic, true),
            Aggregation::GeneralisedMean(p) => (NodeAggregation::GeneralisedMean { p }, p < 0.0),
            Aggregation::Copeland => (NodeAggregation::Copeland, false),
        }
    }
}

/// An f64 as an unsigned integer with the same order as `total_cmp`.
fn orderable(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// A tie-break key resolved for the model.
#[derive(Debug, Clone, Copy)]
enum Tie {
    Node(usize),
    Points(usize),
    /// Column in `Model::tie_values`.
    Value(usize),
}

/// Effective points of every indicator and node (the root holds the total
/// points).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub indicator: Vec<f64>,
    pub node: Vec<f64>,
}

/// The scored round reduced to what a replication needs.
#[derive(Debug, Clone)]
pub struct Model {
    pub clusters: usize,
    pub indicators: usize,
    pub nodes: usize,
    pub total_points: f64,
    pub decimals: u32,
    /// Child indicators and child nodes of each node (the kernel's order).
    node_inds: Vec<Vec<usize>>,
    node_kids: Vec<Vec<usize>>,
    /// Children before parents, the root last.
    bottom_up: Vec<usize>,
    ind_parent: Vec<usize>,
    /// The resolved (nominal) weights.
    pub nominal: Weights,
    ties: Vec<Tie>,
    /// Tie-break values, oriented larger-better, rounded, -inf for none
    /// (column-major, one column per `Tie::Value`).
    tie_values: Vec<f64>,
    /// Grade cut-offs, highest first.
    grade_mins: Vec<f64>,
    /// Fractions below this count as this in a geometric mean.
    pub geometric_floor: f64,
    /// How each node combines its children, as the framework declares.
    pub node_method: Vec<NodeAggregation>,
}

/// Buffers of one replication.
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// Node values, node-major (`k * clusters + i`): subtotals (arithmetic)
    /// or log fractions (geometric).
    sub: Vec<f64>,
    acc: Vec<f64>,
    pub totals: Vec<f64>,
    keys: Vec<f64>,
    order: Vec<u32>,
    pairs: Vec<(u64, u32)>,
    /// 1-based competition ranks.
    pub ranks: Vec<u32>,
    /// Grade index (grades.len() for none).
    pub grades: Vec<u8>,
    pub weights: Option<Weights>,
    alive: Vec<bool>,
    /// A non-additive node's children: weights, fractions (child-major),
    /// and its fraction.
    agg_w: Vec<f64>,
    agg_x: Vec<f64>,
    agg_f: Vec<f64>,
}

impl Model {
    pub fn new(fw: &Framework, scored: &Scored, geometric_floor: f64) -> Model {
        let plan = &scored.plan;
        let n = scored.scores.clusters;
        let mut ties = Vec::new();
        let mut tie_values = Vec::new();
        for key in &fw.tie_break {
            ties.push(match *key {
                TieKey::Node { node } => Tie::Node(node),
                TieKey::Points { indicator } => Tie::Points(indicator),
                TieKey::Value { .. } => {
                    let col = tie_values.len() / n.max(1);
                    for i in 0..n {
                        tie_values.push(crate::rank::key_value(fw, scored, i, key));
                    }
                    Tie::Value(col)
                }
            });
        }
        let mut grade_mins: Vec<f64> = fw.grades.iter().map(|g| g.min).collect();
        grade_mins.sort_by(|a, b| b.total_cmp(a));
        Model {
            clusters: n,
            indicators: fw.indicators.len(),
            nodes: fw.nodes.len(),
            total_points: fw.total_points,
            decimals: fw.decimals,
            node_inds: plan.node_children.iter().map(|c| c.0.clone()).collect(),
            node_kids: plan.node_children.iter().map(|c| c.1.clone()).collect(),
            bottom_up: plan.bottom_up.clone(),
            ind_parent: fw.indicators.iter().map(|i| i.parent).collect(),
            nominal: Weights {
                indicator: fw.indicators.iter().map(|i| i.points).collect(),
                node: fw.nodes.iter().map(|k| k.points).collect(),
            },
            ties,
            tie_values,
            grade_mins,
            geometric_floor,
            node_method: fw.nodes.iter().map(|k| k.aggregation).collect(),
        }
    }

    pub fn grades(&self) -> usize {
        self.grade_mins.len()
    }

    pub fn work(&self) -> Work {
        let n = self.clusters;
        Work {
            sub: vec![0.0; self.nodes * n],
            acc: vec![0.0; n],
            totals: vec![0.0; n],
            keys: vec![0.0; n * (1 + self.ties.len())],
            order: (0..n as u32).collect(),
            pairs: vec![(0, 0); n],
            ranks: vec![0; n],
            grades: vec![0; n],
            weights: Some(self.nominal.clone()),
            alive: vec![true; self.nodes],
            agg_w: Vec::new(),
            agg_x: Vec::new(),
            agg_f: vec![0.0; n],
        }
    }

    /// ln(max(f, floor)) of a fraction matrix, for geometric aggregation.
    pub fn log_fractions(&self, fractions: &[f64]) -> Vec<f64> {
        fractions
            .iter()
            .map(|&f| {
                let f = if f.is_finite() { f } else { 0.0 };
                f.max(self.geometric_floor).ln()
            })
            .collect()
    }

    /// Weights with each child's share of its node multiplied by a factor
    /// from `noise` (1 = unchanged; drawn top down, child nodes then
    /// indicators, in file order), without `excluded` (its siblings share
    /// its part; a node left with no child drops out the same way), each
    /// node's shares renormalised. The result goes into `work.weights`.
    pub fn weights_into(
        &self,
        mut noise: impl FnMut() -> f64,
        excluded: Option<usize>,
        work: &mut Work,
    ) {
        self.weights_dyn(&mut noise, excluded, work)
    }

    fn weights_dyn(
        &self,
        noise: &mut dyn FnMut() -> f64,
        excluded: Option<usize>,
        work: &mut Work,
    ) {
        let mut w = work.weights.take().unwrap_or_else(|| self.nominal.clone());
        // 1. Each child's nominal share of its node times its multiplier
        //    (drawn top down, child nodes then indicators), 0 if excluded.
        for &k in self.bottom_up.iter().rev() {
            let p0 = self.nominal.node[k];
            let base = |p: f64| if p0 > 0.0 { p / p0 } else { 0.0 };
            for &c in &self.node_kids[k] {
                w.node[c] = base(self.nominal.node[c]) * noise().max(0.0);
            }
            for &j in &self.node_inds[k] {
                let keep = if Some(j) == excluded { 0.0 } else { 1.0 };
                w.indicator[j] = base(self.nominal.indicator[j]) * noise().max(0.0) * keep;
            }
        }
        // 2. A node is alive while some child with a share is: a node left
        //    with nothing drops out and its siblings share its part.
        for &k in &self.bottom_up {
            work.alive[k] = self.node_inds[k].iter().any(|&j| w.indicator[j] > 0.0)
                || self.node_kids[k]
                    .iter()
                    .any(|&c| work.alive[c] && w.node[c] > 0.0);
        }
        if !work.alive[0] {
            work.weights = Some(w);
            if excluded.is_some() && self.indicators > 1 {
                // Every draw at zero: the nominal shares, still without the
                // excluded indicator.
                return self.weights_dyn(&mut || 1.0, excluded, work);
            }
            self.nominal_into(work);
            return;
        }
        // 3. Top down: renormalise the shares of the living children.
        w.node[0] = self.total_points;
        for &k in self.bottom_up.iter().rev() {
            let pk = if work.alive[k] { w.node[k] } else { 0.0 };
            let mut total = 0.0;
            for &c in &self.node_kids[k] {
                if !work.alive[c] {
                    w.node[c] = 0.0;
                }
                total += w.node[c];
            }
            for &j in &self.node_inds[k] {
                total += w.indicator[j];
            }
            let scale = if total > 0.0 { pk / total } else { 0.0 };
            for &c in &self.node_kids[k] {
                w.node[c] *= scale;
            }
            for &j in &self.node_inds[k] {
                w.indicator[j] *= scale;
            }
        }
        work.weights = Some(w);
    }

    /// Put the nominal weights back into `work`.
    pub fn nominal_into(&self, work: &mut Work) {
        match &mut work.weights {
            Some(w) => {
                w.indicator.copy_from_slice(&self.nominal.indicator);
                w.node.copy_from_slice(&self.nominal.node);
            }
            None => work.weights = Some(self.nominal.clone()),
        }
    }

    /// Totals, ranks and grades of one replication, with `work.weights`.
    /// `logs` is `log_fractions(fractions)` (read only when geometric).
    pub fn evaluate(&self, fractions: &[f64], logs: &[f64], agg: Aggregation, work: &mut Work) {
        let n = self.clusters;
        let w = work.weights.take().expect("weights");
        for &k in &self.bottom_up {
            if agg != Aggregation::Geometric {
                let (method, floored) = agg.method(self.node_method[k]);
                if !method.is_additive() {
                    self.combine(k, method, floored, fractions, &w, work);
                    continue;
                }
            }
            work.acc.iter_mut().for_each(|a| *a = 0.0);
            match agg {
                Aggregation::Geometric => {
                    let pk = w.node[k];
                    for &j in &self.node_inds[k] {
                        let r = if pk > 0.0 { w.indicator[j] / pk } else { 0.0 };
                        if r == 0.0 {
                            continue;
                        }
                        for (a, l) in work.acc.iter_mut().zip(&logs[j * n..(j + 1) * n]) {
                            *a += r * l;
                        }
                    }
                    for &c in &self.node_kids[k] {
                        let r = if pk > 0.0 { w.node[c] / pk } else { 0.0 };
                        if r == 0.0 {
                            continue;
                        }
                        for (a, s) in work.acc.iter_mut().zip(&work.sub[c * n..(c + 1) * n]) {
                            *a += r * s;
                        }
                    }
                }
                _ => {
                    for &j in &self.node_inds[k] {
                        let p = w.indicator[j];
                        for (a, f) in work.acc.iter_mut().zip(&fractions[j * n..(j + 1) * n]) {
                            *a += f * p;
                        }
                    }
                    for &c in &self.node_kids[k] {
                        for (a, s) in work.acc.iter_mut().zip(&work.sub[c * n..(c + 1) * n]) {
                            *a += s;
                        }
                    }
                }
            }
            work.sub[k * n..(k + 1) * n].copy_from_slice(&work.acc);
        }
        for i in 0..n {
            work.totals[i] = match agg {
                Aggregation::Geometric => work.sub[i].exp() * self.total_points,
                _ => work.sub[i],
            };
        }
        // Keys: the rounded total, then the tie-break chain.
        let kn = 1 + self.ties.len();
        for i in 0..n {
            let row = &mut work.keys[i * kn..(i + 1) * kn];
            row[0] = round_to(work.totals[i], self.decimals);
            for (t, tie) in self.ties.iter().enumerate() {
                let v = match *tie {
                    Tie::Node(k) => match agg {
                        Aggregation::Geometric => work.sub[k * n + i].exp() * w.node[k],
                        _ => work.sub[k * n + i],
                    },
                    Tie::Points(j) => fractions[j * n + i] * w.indicator[j],
                    Tie::Value(c) => {
                        row[1 + t] = self.tie_values[c * n + i];
                        continue;
                    }
                };
                row[1 + t] = if v.is_nan() {
                    f64::NEG_INFINITY
                } else {
                    round_to(v, self.decimals)
                };
            }
            let t = round_to(work.totals[i], self.decimals);
            work.grades[i] = self
                .grade_mins
                .iter()
                .position(|&g| t >= g)
                .unwrap_or(self.grade_mins.len()) as u8;
        }
        // Sort by the total first (as orderable integers: fast), then settle
        // equal totals by the whole key vector.
        for (i, pair) in work.pairs.iter_mut().enumerate() {
            *pair = (!orderable(work.keys[i * kn]), i as u32);
        }
        work.pairs.sort_unstable();
        for (o, p) in work.order.iter_mut().zip(&work.pairs) {
            *o = p.1;
        }
        let keys = &work.keys;
        let full = |a: usize, b: usize| {
            let (ka, kb) = (&keys[a * kn..(a + 1) * kn], &keys[b * kn..(b + 1) * kn]);
            for (x, y) in ka.iter().zip(kb) {
                match y.total_cmp(x) {
                    Ordering::Equal => continue,
                    o => return o,
                }
            }
            Ordering::Equal
        };
        if kn > 1 {
            let mut s = 0;
            while s < n {
                let mut e = s + 1;
                while e < n && work.pairs[e].0 == work.pairs[s].0 {
                    e += 1;
                }
                if e - s > 1 {
                    work.order[s..e]
                        .sort_unstable_by(|&a, &b| full(a as usize, b as usize).then(a.cmp(&b)));
                }
                s = e;
            }
        }
        let mut rank = 1u32;
        for pos in 0..n {
            let i = work.order[pos] as usize;
            if pos > 0 && full(work.order[pos - 1] as usize, i) != Ordering::Equal {
                rank = pos as u32 + 1;
            }
            work.ranks[i] = rank;
        }
        work.weights = Some(w);
    }

    /// Node `k` by a non-additive `method`: its children's fractions
    /// (child nodes, then indicators, as the kernel takes them; floored at
    /// `geometric_floor` when `floored`) combined by
    /// `score::aggregate::node_fractions`, times its points.
    fn combine(
        &self,
        k: usize,
        method: NodeAggregation,
        floored: bool,
        fractions: &[f64],
        w: &Weights,
        work: &mut Work,
    ) {
        let n = self.clusters;
        let floor = |x: f64| {
            let x = if x.is_finite() { x } else { 0.0 };
            if floored {
                x.max(self.geometric_floor)
            } else {
                x
            }
        };
        work.agg_w.clear();
        work.agg_x.clear();
        for &c in &self.node_kids[k] {
            work.agg_w.push(w.node[c]);
            for i in 0..n {
                work.agg_x
                    .push(floor(fraction_of(work.sub[c * n + i], w.node[c])));
            }
        }
        for &j in &self.node_inds[k] {
            work.agg_w.push(w.indicator[j]);
            for &f in &fractions[j * n..(j + 1) * n] {
                work.agg_x.push(if floored { floor(f) } else { f });
            }
        }
        work.agg_f.resize(n, 0.0);
        node_fractions(method, &work.agg_w, &work.agg_x, n, &mut work.agg_f);
        let pk = w.node[k];
        for i in 0..n {
            work.sub[k * n + i] = work.agg_f[i] * pk;
        }
    }

    /// The hierarchy for an external reference implementation: parent of
    /// each indicator, parent of each node (-1 for the root), nodes children
    /// first.
    pub fn hierarchy(&self) -> (Vec<usize>, Vec<i64>, Vec<usize>) {
        let mut node_parent = vec![-1i64; self.nodes];
        for (k, kids) in self.node_kids.iter().enumerate() {
            for &c in kids {
                node_parent[c] = k as i64;
            }
        }
        (self.ind_parent.clone(), node_parent, self.bottom_up.clone())
    }

    /// Parent node of an indicator.
    pub fn parent(&self, indicator: usize) -> usize {
        self.ind_parent[indicator]
    }
}
