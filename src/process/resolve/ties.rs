//! The tie-break chain of `[process]`: the framework's chain, or the
//! process's own with stage and panel scores as keys.

use super::{Problems, Stage};
use crate::framework::{Framework, TieKey};
use crate::process::spec::ProcessSpec;
use serde::Serialize;

/// A key of the process's tie-break chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainKey {
    Stage(usize),
    Panel(usize),
    Framework(TieKey),
}

pub(super) fn resolve(
    spec: &ProcessSpec,
    fw: &Framework,
    stages: &[Stage],
    problems: &mut Problems,
) -> Vec<ChainKey> {
    let Some(keys) = &spec.tie_break else {
        return fw
            .tie_break
            .iter()
            .cloned()
            .map(ChainKey::Framework)
            .collect();
    };
    let stage_of = |id: &str| stages.iter().position(|s| s.id == id);
    let mut chain = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let k = if let Some(id) = key.strip_prefix("stage:") {
            stage_of(id).map(ChainKey::Stage)
        } else if let Some(id) = key.strip_prefix("panel:") {
            stage_of(id)
                .filter(|&s| stages[s].has_panel())
                .map(ChainKey::Panel)
        } else {
            fw.tie_key(key).map(ChainKey::Framework)
        };
        match k {
            Some(k) => chain.push(k),
            None => {
                let entries = crate::framework::tie_key_entries(key);
                problems.error_after(
                    format!("process.tie_break[{}]", i + 1),
                    key.clone(),
                    "unknown key; expected stage:<id>, panel:<id of a stage with a panel>, a node id, an indicator id or value:<indicator id>",
                    &entries.each_ref().map(|s| s.as_str()),
                )
            }
        }
    }
    chain
}
