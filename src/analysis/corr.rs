//! Correlations of the audit (COINr `get_corr`, `get_corr_flags`,
//! `get_denom_corr`, `get_cronbach`), all on the Aggregated data set
//! (whose indicator columns are the Normalised data):
//! - every indicator and node against each of its ancestors, at every
//!   level (COINr `withparent = TRUE`);
//! - every ordered pair of the children of each node, the diagonal
//!   included (COINr `grouplev`);
//! - each Raw indicator against each denominator field;
//! - Pearson and Spearman, each with its two-sided p-value (R's
//!   `cor.test`) and whether it is significant at the audit's level;
//! - flags: two children of one node correlated above the collinearity
//!   threshold, or below the negative one (strict inequalities);
//! - Cronbach's alpha of each node on the elements below it at each lower
//!   level.

use super::data::Data;
use super::Settings;
use crate::maths::stats;
use serde::Serialize;

/// Which correlation of the audit a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrKind {
    /// An element against an ancestor (`group` is the ancestor).
    Parent,
    /// Two children of the node `group`.
    Within,
    /// A Raw indicator against a denominator field (`var2`).
    Denominator,
}

impl CorrKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CorrKind::Parent => "parent",
            CorrKind::Within => "within",
            CorrKind::Denominator => "denominator",
        }
    }
}

/// One correlation.
#[derive(Debug, Clone, Serialize)]
pub struct Correlation {
    pub kind: CorrKind,
    /// "pearson" or "spearman".
    pub method: &'static str,
    pub group: String,
    pub var1: String,
    pub var2: String,
    pub level1: usize,
    pub level2: usize,
    pub r: f64,
    pub p: f64,
    /// p ≤ the audit's significance level.
    pub significant: bool,
}

fn test(method: &'static str, a: &[f64], b: &[f64]) -> (f64, f64) {
    match method {
        "spearman" => stats::spearman_test(a, b),
        _ => stats::pearson_test(a, b),
    }
}

const METHODS: [&str; 2] = ["pearson", "spearman"];

/// Every correlation of the audit: parents, within nodes, denominators.
pub fn correlations(d: &Data, s: &Settings) -> Vec<Correlation> {
    let mut out = Vec::new();
    let row = |kind,
               method,
               group: &str,
               (v1, l1): (&str, usize),
               (v2, l2): (&str, usize),
               a: &[f64],
               b: &[f64]| {
        let (r, p) = test(method, a, b);
        Correlation {
            kind,
            method,
            group: group.to_string(),
            var1: v1.to_string(),
            var2: v2.to_string(),
            level1: l1,
            level2: l2,
            r,
            p,
            significant: p <= s.significance,
        }
    };
    for method in METHODS {
        for (e, el) in d.elements.iter().enumerate() {
            for a in d.ancestors(e) {
                let anc = &d.elements[a];
                out.push(row(
                    CorrKind::Parent,
                    method,
                    &anc.code,
                    (&el.code, el.level),
                    (&anc.code, anc.level),
                    &d.aggregated[e],
                    &d.aggregated[a],
                ));
            }
        }
        for node in &d.elements {
            for &a in &node.children {
                for &b in &node.children {
                    let (ea, eb) = (&d.elements[a], &d.elements[b]);
                    out.push(row(
                        CorrKind::Within,
                        method,
                        &node.code,
                        (&ea.code, ea.level),
                        (&eb.code, eb.level),
                        &d.aggregated[a],
                        &d.aggregated[b],
                    ));
                }
            }
        }
        for j in d.indicators() {
            for (name, values) in &d.denominators {
                let el = &d.elements[j];
                out.push(row(
                    CorrKind::Denominator,
                    method,
                    name,
                    (&el.code, 1),
                    (name, 0),
                    &d.raw[j],
                    values,
                ));
            }
        }
    }
    out
}

/// Whether a flag is for collinearity or a negative correlation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// r > the threshold.
    High,
    /// r < the threshold.
    Low,
}

/// Two children of one node correlated beyond a threshold.
#[derive(Debug, Clone, Serialize)]
pub struct CorrFlag {
    pub kind: FlagKind,
    pub threshold: f64,
    pub group: String,
    pub var1: String,
    pub var2: String,
    pub r: f64,
}

/// Pairs of children of one node (each unordered pair once) whose Pearson
/// correlation is above (`High`) or below (`Low`) `threshold`, strictly;
/// only nodes whose children are at `level` (1: indicators), or every
/// node when `level` is None.
pub fn flags(d: &Data, kind: FlagKind, threshold: f64, level: Option<usize>) -> Vec<CorrFlag> {
    let mut out = Vec::new();
    for node in &d.elements {
        for (x, &a) in node.children.iter().enumerate() {
            for &b in &node.children[x + 1..] {
                let (ea, eb) = (&d.elements[a], &d.elements[b]);
                if level.is_some_and(|l| ea.level != l || eb.level != l) {
                    continue;
                }
                let r = stats::pearson(&d.aggregated[a], &d.aggregated[b]);
                let hit = match kind {
                    FlagKind::High => r > threshold,
                    FlagKind::Low => r < threshold,
                };
                if hit {
                    out.push(CorrFlag {
                        kind,
                        threshold,
                        group: node.code.clone(),
                        var1: ea.code.clone(),
                        var2: eb.code.clone(),
                        r,
                    });
                }
            }
        }
    }
    out
}

/// The audit's flags: collinear and negatively correlated siblings.
pub fn audit_flags(d: &Data, s: &Settings) -> Vec<CorrFlag> {
    let mut out = flags(d, FlagKind::High, s.collinear, None);
    out.extend(flags(d, FlagKind::Low, s.negative, None));
    out
}

/// Cronbach's alpha of a node on the elements below it at one level.
#[derive(Debug, Clone, Serialize)]
pub struct Cronbach {
    pub group: String,
    pub group_level: usize,
    pub item_level: usize,
    pub items: Vec<String>,
    pub alpha: f64,
}

/// Cronbach's alpha of every node on its descendants at every lower level
/// with at least 2 of them.
pub fn cronbach(d: &Data) -> Vec<Cronbach> {
    let mut out = Vec::new();
    for (e, el) in d
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.is_indicator)
    {
        for level in 1..el.level {
            let items = d.below(e, level);
            if items.len() < 2 {
                continue;
            }
            let cols: Vec<Vec<f64>> = items.iter().map(|&i| d.aggregated[i].clone()).collect();
            out.push(Cronbach {
                group: el.code.clone(),
                group_level: el.level,
                item_level: level,
                items: items.iter().map(|&i| d.elements[i].code.clone()).collect(),
                alpha: stats::cronbach(&cols),
            });
        }
    }
    out
}
