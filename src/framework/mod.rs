//! The indicator system (指标体系) as data: load a TOML file, validate it,
//! resolve it into a `Framework` the pipeline can trust.
//!
//! Everything about how clusters are scored lives in the file: fields a
//! cluster submits, the hierarchy of dimensions (any depth), indicators with
//! their unit, direction, points or weight, scoring rule and parameters,
//! missing-value policy, grade cut-offs and the tie-break chain. Loading
//! reports every problem it finds (with the file and the key path), not the
//! first. This module knows nothing of submissions or scores.
//!
//! The file is read in two steps (raw settings, then a resolved plan):
//! `raw` mirrors the TOML one to one, `resolve` checks it and builds the
//! `Framework` defined here. `scoring` holds the parts of an indicator's
//! scoring model (value source, missing values, treatment, rule), `derive`
//! the settings of fields derived from enterprise rosters, `quality` the
//! plausibility checks' settings and the consistency rules between fields,
//! `plausible` the range a what-if plan may move a value in, `statistical`
//! the settings of the PCA and optimised weightings.

pub mod derive;
pub mod plausible;
pub mod quality;
mod raw;
mod resolve;
mod scoring;
pub mod statistical;
pub mod toml_errors;
pub mod toml_numbers;

pub use resolve::{load, parse};
pub use scoring::{Band, Bands, MissingPolicy, Rule, Transform, Treatment, ValueSpec, ZMap};

use serde::Serialize;

/// Higher or lower is better (指标方向).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

/// A reporting period of a round, relative to its years.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// 基期: the year of selection.
    Baseline,
    /// 当期: the year evaluated.
    Current,
    /// 目标: the year of the declared targets.
    Target,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Baseline, Period::Current, Period::Target];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Baseline => "baseline",
            Period::Current => "current",
            Period::Target => "target",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        match s.trim().to_lowercase().as_str() {
            "baseline" | "基期" | "基准期" => Some(Period::Baseline),
            "current" | "当期" | "本期" => Some(Period::Current),
            "target" | "目标" | "目标期" => Some(Period::Target),
            _ => None,
        }
    }
}

/// What kind of quantity a field holds; it decides the checks on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Money (元 / 万元 / 亿元, 美元...).
    Amount,
    /// A count of things: a non-negative whole number.
    Count,
    /// A percentage (%), convertible from a ratio.
    Percent,
    /// A plain ratio (0.12 rather than 12 %).
    Ratio,
    /// An expert score on a fixed scale.
    Score,
    /// Any other measured quantity, with its own unit.
    Quantity,
}

/// A variable a cluster submits (申报数据项).
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// What the field counts or measures (统计口径), for the template's
    /// instructions; empty when the framework gives none.
    pub definition_zh: String,
    pub definition_en: String,
    pub unit: String,
    /// The unit in English (empty: none given).
    pub unit_en: String,
    pub kind: FieldKind,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Periods the template asks for.
    pub periods: Vec<Period>,
    /// Derived from the enterprise roster (`source = "roster"`).
    pub derived: Option<derive::Derivation>,
    /// Its own plausible range in a what-if plan (`max_change`, `lower`,
    /// `upper`), when declared.
    pub plausible: plausible::Plausible,
}

/// How a node combines its children (`aggregation` of a `[[node]]`).
///
/// `Sum` and `Mean` are additive: the node's points are the sum of its
/// children's points (they differ only in how the children's points are
/// declared: points that add up, or weights). The others combine the
/// children's score fractions `x_c` (points earned / points available) with
/// the weights `w_c` (the children's effective points, rescaled to add up
/// to 1 within the node) into the node's fraction, times its points:
/// geometric `exp(Σ w_c ln x_c)`, harmonic `1 / Σ (w_c / x_c)`, generalised
/// mean `(Σ w_c x_c^p)^(1/p)`, Copeland `(s + n − 1) / (2(n − 1))` with `s`
/// the Copeland outranking score over the `n` clusters scored together
/// (`score::aggregate` has the formulas). Their children share the points by
/// weights, as under `mean`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Aggregation {
    /// Children's points add up to the node's points.
    Sum,
    /// Weighted arithmetic mean of the children's score fractions, rescaled
    /// to the node's points.
    Mean,
    /// Weighted geometric mean of the children's fractions.
    Geometric,
    /// Weighted harmonic mean of the children's fractions.
    Harmonic,
    /// Weighted generalised (power) mean of order `p` (p ≠ 0).
    GeneralisedMean { p: f64 },
    /// Copeland outranking across the cohort.
    Copeland,
}

impl Aggregation {
    /// The node's points are the sum of its children's points.
    pub fn is_additive(self) -> bool {
        matches!(self, Aggregation::Sum | Aggregation::Mean)
    }

    /// As written in the framework file (`generalised_mean(p=2)` for the
    /// power mean).
    pub fn label(self) -> String {
        match self {
            Aggregation::Sum => "sum".into(),
            Aggregation::Mean => "mean".into(),
            Aggregation::Geometric => "geometric".into(),
            Aggregation::Harmonic => "harmonic".into(),
            Aggregation::GeneralisedMean { p } => format!("generalised_mean(p={})", trim_float(p)),
            Aggregation::Copeland => "copeland".into(),
        }
    }

    /// Needs every child's fraction to be positive (a zero child gives the
    /// node 0; a negative one has no mean).
    pub fn needs_positive(self) -> bool {
        match self {
            Aggregation::Geometric | Aggregation::Harmonic => true,
            Aggregation::GeneralisedMean { p } => p < 0.0,
            _ => false,
        }
    }
}

/// A dimension or sub-dimension (维度), or the root (total).
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Index of the parent node; `None` for the root.
    pub parent: Option<usize>,
    /// 0 for the root, 1 for a top-level dimension, ...
    pub depth: usize,
    pub aggregation: Aggregation,
    /// The most this node can contribute to the total.
    pub points: f64,
    pub child_nodes: Vec<usize>,
    pub child_indicators: Vec<usize>,
}

/// Screening of units by data availability (before scoring).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Screening {
    /// Minimum share of indicators with a value, in [0, 1] (0: no test).
    pub min_availability: f64,
    /// Minimum share of non-zero values among a unit's values, in [0, 1]
    /// (COINr's `nonzero_thresh`; 0: no test).
    pub min_nonzero: f64,
    /// Units kept whatever the tests say (forced inclusion).
    pub include: Vec<String>,
    /// Units left out whatever the tests say (forced exclusion).
    pub exclude: Vec<String>,
    /// Count availability on the submitted values (`raw`) or after the
    /// missing-value policies (`imputed`).
    pub after_imputation: bool,
}

/// A scored indicator (指标).
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Unique among the nodes and indicators.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Index of the node it hangs from.
    pub parent: usize,
    /// Unit of the value that is scored.
    pub unit: String,
    /// That unit in English (empty: none given; the reports translate).
    pub unit_en: String,
    /// Where the raw value comes from.
    pub value: ValueSpec,
    pub direction: Direction,
    /// How the value becomes a fraction of the points.
    pub rule: Rule,
    /// Applied in the order given, before the rule.
    pub transforms: Vec<Transform>,
    /// Outlier treatment, applied after imputation and before the transforms.
    pub treatment: Option<Treatment>,
    pub missing: MissingPolicy,
    /// The most this indicator contributes to the total (effective points).
    pub points: f64,
    /// The rule as written in the file, for the trace (e.g. `weighted_count`).
    pub rule_label: String,
}

impl Indicator {
    /// The field whose declared target a `target` rule compares with.
    pub fn primary_field(&self) -> Option<usize> {
        match &self.value {
            ValueSpec::Field { field }
            | ValueSpec::Ratio { field, .. }
            | ValueSpec::Growth { field } => Some(*field),
            ValueSpec::WeightedCount { .. } => None,
        }
    }
}

/// A grade band (等级): totals at or above `min` get it.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub min: f64,
}

/// A key of the tie-break chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum TieKey {
    /// A node's subtotal (higher wins).
    Node { node: usize },
    /// An indicator's points (higher wins).
    Points { indicator: usize },
    /// An indicator's value before scoring, better by its direction.
    Value { indicator: usize },
}

/// A child of a node: another node or an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Child {
    Node(usize),
    Indicator(usize),
}

/// How a weighting derives its weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightMethod {
    /// 熵权法: from the dispersion of the children's scores.
    Entropy,
    /// CRITIC: contrast (standard deviation) and conflict (correlation).
    Critic,
    /// 层次分析法: a pairwise-comparison matrix.
    Ahp,
    /// share x subjective + (1 - share) x objective.
    Combined,
    /// 主成分分析: the first principal component's loadings.
    Pca,
    /// Weights that balance the children's correlations with the index.
    Optimised,
}

impl WeightMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            WeightMethod::Entropy => "entropy",
            WeightMethod::Critic => "critic",
            WeightMethod::Ahp => "ahp",
            WeightMethod::Combined => "combined",
            WeightMethod::Pca => "pca",
            WeightMethod::Optimised => "optimised",
        }
    }
}

/// `[[weighting]]`: the weights of one node's children come from a method
/// instead of their declared points.
#[derive(Debug, Clone, Serialize)]
pub struct Weighting {
    pub node: usize,
    /// Key path in the framework file (`weighting[2]`).
    pub key: String,
    /// The children in the order of `order` (and of the AHP matrix).
    pub children: Vec<Child>,
    pub method: WeightMethod,
    /// The subjective weights (AHP or declared points), adding up to 1, in
    /// `children` order; empty for a purely objective method.
    pub subjective: Vec<f64>,
    /// `ahp` or `points` (or empty).
    pub subjective_source: String,
    /// The AHP matrix's result, when there is one.
    pub ahp: Option<crate::maths::mcdm::Ahp>,
    /// The objective method (entropy or critic) of `entropy`, `critic` and
    /// `combined`.
    pub objective: Option<WeightMethod>,
    /// Share of the subjective weights (1 for ahp, 0 for entropy/critic).
    pub share: f64,
    /// Objective weights, once resolved on the scored cohort.
    pub objective_weights: Vec<f64>,
    /// PCA or optimised: settings and outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistical: Option<statistical::Statistical>,
}

impl Weighting {
    /// Weights that depend on the data (resolved when the round is scored).
    pub fn is_objective(&self) -> bool {
        self.objective.is_some()
    }
}

/// The resolved, checked indicator system.
#[derive(Debug, Clone, Serialize)]
pub struct Framework {
    /// `[framework] id`, e.g. `hebei-midterm`.
    pub id: String,
    /// `[framework] version`; `unversioned` when the file gives none.
    pub version: String,
    pub name_zh: String,
    pub name_en: String,
    /// The file it was loaded from.
    pub source: String,
    /// The points of the total (usually 100).
    pub total_points: f64,
    /// The variables a cluster submits, in file order.
    pub fields: Vec<Field>,
    /// nodes[0] is the root (the total).
    pub nodes: Vec<Node>,
    /// In file order; each hangs from one node.
    pub indicators: Vec<Indicator>,
    /// Sorted by `min`, highest first.
    pub grades: Vec<Grade>,
    /// Keys that settle equal totals, in order.
    pub tie_break: Vec<TieKey>,
    /// Totals are compared, ranked and graded at this many decimals.
    pub decimals: u32,
    /// `[report] decimals`: scores are shown with this many decimals in
    /// the reports and `explain` (default 2; the data files keep every
    /// digit).
    pub display_decimals: u32,
    pub screening: Option<Screening>,
    /// `[roster]`: roster columns and policies for derived fields.
    pub roster: derive::RosterSettings,
    /// `[[weighting]]`: nodes whose children's weights come from a method.
    pub weightings: Vec<Weighting>,
    /// `[quality]` and `[[consistency]]`: the plausibility checks.
    pub quality: quality::Quality,
    /// `[whatif]`: the plausible change a year and the fragile margin.
    pub whatif: plausible::WhatIfSettings,
}

impl Framework {
    /// A field by id, Chinese name or English name (case-insensitive for
    /// English), as a column header or an `indicator` cell may name it.
    pub fn find_field(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.fields
            .iter()
            .position(|f| f.id == name || f.name_zh == name)
            .or_else(|| {
                self.fields.iter().position(|f| {
                    f.name_en.eq_ignore_ascii_case(name) || f.id.eq_ignore_ascii_case(name)
                })
            })
    }

    /// Top-level dimensions, in file order.
    pub fn dimensions(&self) -> &[usize] {
        &self.nodes[0].child_nodes
    }

    /// The grade of a total, compared at the framework's precision.
    pub fn grade_of(&self, total: f64) -> Option<&Grade> {
        let t = round_to(total, self.decimals);
        self.grades.iter().find(|g| t >= g.min)
    }

    /// Node ids from the root down to (and including) `node`.
    pub fn node_path(&self, node: usize) -> Vec<usize> {
        let mut path = vec![node];
        let mut at = node;
        while let Some(p) = self.nodes[at].parent {
            path.push(p);
            at = p;
        }
        path.reverse();
        path
    }

    /// The top-level dimension an indicator belongs to (None if it hangs
    /// directly under the total).
    pub fn dimension_of(&self, indicator: usize) -> Option<usize> {
        self.node_path(self.indicators[indicator].parent)
            .get(1)
            .copied()
    }

    /// The children of a node: child nodes, then child indicators, each in
    /// file order.
    pub fn children(&self, node: usize) -> Vec<Child> {
        let n = &self.nodes[node];
        n.child_nodes
            .iter()
            .map(|&c| Child::Node(c))
            .chain(n.child_indicators.iter().map(|&j| Child::Indicator(j)))
            .collect()
    }

    pub fn child_points(&self, c: Child) -> f64 {
        match c {
            Child::Node(k) => self.nodes[k].points,
            Child::Indicator(j) => self.indicators[j].points,
        }
    }

    pub fn child_id(&self, c: Child) -> &str {
        match c {
            Child::Node(k) => &self.nodes[k].id,
            Child::Indicator(j) => &self.indicators[j].id,
        }
    }

    pub fn child_names(&self, c: Child) -> (&str, &str) {
        match c {
            Child::Node(k) => (&self.nodes[k].name_zh, &self.nodes[k].name_en),
            Child::Indicator(j) => (&self.indicators[j].name_zh, &self.indicators[j].name_en),
        }
    }

    /// Multiply the points of a node and everything below it.
    pub fn scale_subtree(&mut self, node: usize, factor: f64) {
        self.nodes[node].points *= factor;
        for j in self.nodes[node].child_indicators.clone() {
            self.indicators[j].points *= factor;
        }
        for c in self.nodes[node].child_nodes.clone() {
            self.scale_subtree(c, factor);
        }
    }

    /// Give a node's children these shares of its points (shares add up to
    /// 1); child nodes pass the change on to their subtrees.
    pub fn set_child_shares(&mut self, node: usize, children: &[Child], shares: &[f64]) {
        let points = self.nodes[node].points;
        for (&c, &w) in children.iter().zip(shares) {
            let new = points * w;
            match c {
                Child::Indicator(j) => self.indicators[j].points = new,
                Child::Node(k) => {
                    let old = self.nodes[k].points;
                    if old > 0.0 {
                        self.scale_subtree(k, new / old);
                    } else {
                        // Nothing to scale from: split evenly below.
                        self.nodes[k].points = new;
                        let kids = self.children(k);
                        let even = vec![1.0 / kids.len().max(1) as f64; kids.len()];
                        self.set_child_shares(k, &kids, &even);
                    }
                }
            }
        }
    }
}

/// A tie-break key as written: `<node id>` or `node:<id>` (a subtotal),
/// `<indicator id>` or `points:<id>` (an indicator's points), or
/// `value:<indicator id>` (its value, better by its direction).
pub fn parse_tie_key(
    text: &str,
    node: impl Fn(&str) -> Option<usize>,
    indicator: impl Fn(&str) -> Option<usize>,
) -> Option<TieKey> {
    let (kind, id) = text.split_once(':').unwrap_or(("", text));
    match (kind, node(id), indicator(id)) {
        ("" | "node", Some(n), _) => Some(TieKey::Node { node: n }),
        ("" | "points", None, Some(i)) => Some(TieKey::Points { indicator: i }),
        ("value", _, Some(i)) => Some(TieKey::Value { indicator: i }),
        _ => None,
    }
}

/// The prerequisite keys (`diag::prerequisite::entry`) of the entry a
/// tie-break key names: a key that names an entry left out for its own
/// errors is only a consequence of them.
pub fn tie_key_entries(text: &str) -> [String; 2] {
    let id = text.split_once(':').map_or(text, |(_, id)| id);
    [
        crate::diag::prerequisite::entry("indicator", id),
        crate::diag::prerequisite::entry("node", id),
    ]
}

impl Framework {
    /// A tie-break key of this framework (see [`parse_tie_key`]).
    pub fn tie_key(&self, text: &str) -> Option<TieKey> {
        parse_tie_key(
            text,
            |id| self.nodes.iter().position(|n| n.id == id),
            |id| self.indicators.iter().position(|x| x.id == id),
        )
    }
}

/// Round half away from zero to `decimals` places (the published precision),
/// as `round(x × 10^decimals) / 10^decimals` in floating point: a value
/// stored a hair below a half usually lands on the half when multiplied
/// (68.175 → 6817.5 → 68.18), though not always (1.005 → 100.49999999999999
/// → 1.00). README, "The evaluation process", says so.
pub fn round_to(x: f64, decimals: u32) -> f64 {
    let f = 10f64.powi(decimals as i32);
    (x * f).round() / f
}

/// A float without trailing zeros, for messages.
pub(crate) fn trim_float(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::round_to;

    #[test]
    fn rounding_is_half_away_from_zero_on_the_floating_point_product() {
        // Exact halves: away from zero.
        assert_eq!(round_to(0.125, 2), 0.13);
        assert_eq!(round_to(-0.125, 2), -0.13);
        assert_eq!(round_to(2.5, 0), 3.0);
        // 68.175 is stored as 68.17499999999999715...; x 100 rounds to
        // 6817.5 exactly, so it goes up.
        assert_eq!(format!("{:.20}", 68.175_f64), "68.17499999999999715783");
        assert_eq!(68.175_f64 * 100.0, 6817.5);
        assert_eq!(round_to(68.175, 2), 68.18);
        // 1.005 is stored as 1.00499999999999989...; x 100 stays at
        // 100.49999999999999, so it goes down.
        assert_eq!(format!("{:.20}", 1.005_f64), "1.00499999999999989342");
        assert_eq!(1.005_f64 * 100.0, 100.499_999_999_999_99);
        assert_eq!(round_to(1.005, 2), 1.0);
    }
}
