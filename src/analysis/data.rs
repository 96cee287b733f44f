//! The three data sets the audit reads, as COINr names them, from a scored
//! round: **Raw** (each indicator as submitted, before imputation; a ratio
//! indicator's numerator before it is divided by its denominator, as
//! COINr's Raw is before `Denominate`), **Normalised** (each indicator's
//! normalised score, 0–100, after imputation, treatment and transforms)
//! and **Aggregated** (the normalised indicators and every node's
//! aggregate on the same 0–100 scale: its subtotal over its points × 100;
//! the root, the total, likewise). Elements are numbered indicators first
//! (framework order), then nodes (framework order, the root first); each
//! has a COINr level: 1 for an indicator, 1 + the highest level of its
//! children for a node.

use crate::framework::{Framework, ValueSpec};
use crate::score::Scored;

/// An indicator or a node.
#[derive(Debug, Clone)]
pub struct Element {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// 1 for an indicator; a node's is one above its highest child.
    pub level: usize,
    /// The element it hangs from (None: the root).
    pub parent: Option<usize>,
    /// Its children (elements), in framework order: indicators, then
    /// nodes.
    pub children: Vec<usize>,
    /// Points it can contribute (its nominal weight in points).
    pub points: f64,
    pub is_indicator: bool,
}

/// The data sets of the scored cohort, column by column.
#[derive(Debug, Clone)]
pub struct Data {
    /// Cluster ids of the rows.
    pub units: Vec<String>,
    pub elements: Vec<Element>,
    /// Raw, per indicator (NaN: missing).
    pub raw: Vec<Vec<f64>>,
    /// Aggregated, per element (indicators: the Normalised data set).
    pub aggregated: Vec<Vec<f64>>,
    /// The denominator fields (`per` of a ratio indicator), with their
    /// current values (NaN: missing).
    pub denominators: Vec<(String, Vec<f64>)>,
    /// The element index of the root.
    pub root: usize,
}

impl Data {
    /// Indicators, as element indices.
    pub fn indicators(&self) -> std::ops::Range<usize> {
        0..self.raw.len()
    }

    /// Every indicator below (or at) an element.
    pub fn leaves(&self, e: usize) -> Vec<usize> {
        self.below(e, 1)
    }

    /// Every element at `level` below (or at) an element.
    pub fn below(&self, e: usize, level: usize) -> Vec<usize> {
        let el = &self.elements[e];
        if el.level == level {
            return vec![e];
        }
        if el.level < level {
            return vec![];
        }
        el.children
            .iter()
            .flat_map(|&c| self.below(c, level))
            .collect()
    }

    /// The ancestors of an element, nearest first.
    pub fn ancestors(&self, e: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.elements[e].parent;
        while let Some(p) = at {
            out.push(p);
            at = self.elements[p].parent;
        }
        out
    }

    /// The element with this code.
    pub fn find(&self, code: &str) -> Option<usize> {
        self.elements.iter().position(|e| e.code == code)
    }
}

/// The data sets of a scored round; `ids` are the scored rows' ids.
pub fn build(fw: &Framework, scored: &Scored, ids: &[String]) -> Data {
    let m = fw.indicators.len();
    let n = scored.scores.clusters;
    let s = &scored.scores;
    let node_el = |k: usize| m + k;
    let mut elements: Vec<Element> = fw
        .indicators
        .iter()
        .map(|ind| Element {
            code: ind.id.clone(),
            name_zh: ind.name_zh.clone(),
            name_en: ind.name_en.clone(),
            level: 1,
            parent: Some(node_el(ind.parent)),
            children: vec![],
            points: ind.points,
            is_indicator: true,
        })
        .collect();
    elements.extend(fw.nodes.iter().map(|k| {
        Element {
            code: k.id.clone(),
            name_zh: k.name_zh.clone(),
            name_en: k.name_en.clone(),
            level: 0,
            parent: k.parent.map(node_el),
            children: k
                .child_indicators
                .iter()
                .copied()
                .chain(k.child_nodes.iter().map(|&c| node_el(c)))
                .collect(),
            points: k.points,
            is_indicator: false,
        }
    }));
    for &k in &scored.plan.bottom_up {
        let e = node_el(k);
        let level = elements[e]
            .children
            .iter()
            .map(|&c| elements[c].level)
            .max()
            .unwrap_or(0)
            + 1;
        elements[e].level = level;
    }
    let raw = fw
        .indicators
        .iter()
        .enumerate()
        .map(|(j, ind)| {
            (0..n)
                .map(|i| {
                    let at = j * n + i;
                    match &ind.value {
                        ValueSpec::Ratio { field, .. } => {
                            numerator(scored, at, &fw.fields[*field].id)
                        }
                        _ => scored.raw.values[at],
                    }
                })
                .collect()
        })
        .collect();
    let mut aggregated: Vec<Vec<f64>> = (0..m)
        .map(|j| (0..n).map(|i| s.fraction[s.at(i, j)] * 100.0).collect())
        .collect();
    aggregated.extend(fw.nodes.iter().enumerate().map(|(k, node)| {
        (0..n)
            .map(|i| {
                if node.points > 0.0 {
                    s.subtotal(i, k) / node.points * 100.0
                } else {
                    f64::NAN
                }
            })
            .collect()
    }));
    Data {
        units: ids.to_vec(),
        elements,
        raw,
        aggregated,
        denominators: denominators(fw, scored),
        root: node_el(0),
    }
}

/// The current value of `field` among the cells a value was built from.
fn numerator(scored: &Scored, at: usize, field: &str) -> f64 {
    scored
        .raw
        .provenance
        .get(at)
        .and_then(|p| p.inputs.iter().find(|r| r.field == field))
        .and_then(|r| r.value)
        .unwrap_or(f64::NAN)
}

/// Every field some ratio indicator divides by, with its values (read
/// from the cells of the first indicator that uses it).
fn denominators(fw: &Framework, scored: &Scored) -> Vec<(String, Vec<f64>)> {
    let n = scored.scores.clusters;
    let mut out: Vec<(String, Vec<f64>)> = Vec::new();
    for (j, ind) in fw.indicators.iter().enumerate() {
        if let ValueSpec::Ratio { per, .. } = &ind.value {
            let id = &fw.fields[*per].id;
            if out.iter().any(|(d, _)| d == id) {
                continue;
            }
            let values = (0..n).map(|i| numerator(scored, j * n + i, id)).collect();
            out.push((id.clone(), values));
        }
    }
    out
}
