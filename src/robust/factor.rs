//! One uncertain choice of the robustness analysis (`Factor`): what it
//! varies, its name and label in the outputs, and its description.

use super::config::{Imputation, Normalisation};
use crate::framework::Framework;
use crate::rank::model::Aggregation;

/// One uncertain choice: one input factor of the analysis.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    /// Each child's share of its node times a random factor: uniform on
    /// [1 − range, 1 + range], or normal with mean 1 and sd `range`
    /// (negative draws count as 0); shares renormalised per node.
    Weights {
        range: f64,
        normal: bool,
    },
    Normalisation(Vec<Normalisation>),
    Imputation(Vec<Imputation>),
    Aggregation(Vec<Aggregation>),
    /// None (keep all) or the indicator left out.
    Exclusion(Vec<Option<usize>>),
    /// A framework parameter by its key path (`robust::keys`): the values
    /// as written and the framework resolved with each.
    Key {
        key: String,
        values: Vec<String>,
        frameworks: super::keys::Variants,
    },
}

impl Factor {
    pub fn name(&self) -> &'static str {
        match self {
            Factor::Weights { .. } => "weights",
            Factor::Normalisation(_) => "normalisation",
            Factor::Imputation(_) => "imputation",
            Factor::Aggregation(_) => "aggregation",
            Factor::Exclusion(_) => "exclusion",
            Factor::Key { .. } => "key",
        }
    }

    /// The factor in the outputs: its choice, or the key path of a
    /// framework key.
    pub fn label(&self) -> String {
        match self {
            Factor::Key { key, .. } => key.clone(),
            other => other.name().to_string(),
        }
    }

    /// What the factor varies, for the outputs.
    pub fn describe(&self, fw: &Framework) -> String {
        match self {
            Factor::Weights { range, normal } => {
                let t = crate::framework::trim_float;
                if *normal {
                    format!("weights x N(1, {})", t(*range))
                } else {
                    format!("weights x U({}, {})", t(1.0 - range), t(1.0 + range))
                }
            }
            Factor::Normalisation(o) => {
                o.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" | ")
            }
            Factor::Imputation(o) => o.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" | "),
            Factor::Aggregation(o) => o.iter().map(|x| x.label()).collect::<Vec<_>>().join(" | "),
            Factor::Exclusion(o) => format!(
                "none, or one of {} of the {} indicators left out",
                o.iter().filter(|x| x.is_some()).count(),
                fw.indicators.len()
            ),
            Factor::Key { key, values, .. } => format!("{key} = {}", values.join(" | ")),
        }
    }
}
