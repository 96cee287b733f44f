//! Any framework parameter as an uncertain choice, by its key path in the
//! framework file:
//!
//! ```toml
//! [[robustness.uncertain]]
//! key = "indicator[revenue_scale].hi"
//! values = [80, 120]
//! ```
//!
//! A key path is a chain of TOML keys separated by dots; `name[id]` picks
//! the element of the array of tables `name` whose `id` is `id`
//! (`indicator[x]`, `node[innovation]`, `field[revenue]`), a plain name a
//! table or a key (`framework.aggregation`, `treatment.skew`,
//! `node[d].aggregation.p`). The key must be written in the file (its
//! nominal value). The framework file is resolved again once per value
//! (each value a whole framework, checked as `check` checks the file); a
//! value the framework rejects, a key that is not in the file, or a value
//! that changes the hierarchy is a located error in round.toml. A
//! replication takes one of the values, equally likely, and scores the
//! cohort by that framework (every value's cohort is scored once, before
//! the replications).

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{Child, Framework, MissingPolicy};
use crate::score::{Plan, Scored};
use std::sync::Arc;

/// The frameworks of a key-path factor, one per value (shared, compared by
/// identity).
#[derive(Debug, Clone)]
pub struct Variants(pub Arc<Vec<Framework>>);

impl PartialEq for Variants {
    fn eq(&self, other: &Variants) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    /// `name[id]`: the element of an array of tables with this id.
    Id(String, String),
}

fn steps(path: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    let mut rest = path.trim();
    while !rest.is_empty() {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..end];
        if name.is_empty() {
            return None;
        }
        rest = &rest[end..];
        if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            out.push(Step::Id(name.to_string(), r[..close].trim().to_string()));
            rest = &r[close + 1..];
        } else {
            out.push(Step::Key(name.to_string()));
        }
        if let Some(r) = rest.strip_prefix('.') {
            if r.is_empty() {
                return None;
            }
            rest = r;
        } else if !rest.is_empty() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Put `value` at `path` in a parsed framework file; the key must be
/// there. Err: why not.
pub fn set(doc: &mut toml::Value, path: &str, value: toml::Value) -> Result<(), String> {
    let steps = steps(path).ok_or_else(|| {
        "not a key path (keys separated by dots, `name[id]` for an element: indicator[x].hi)"
            .to_string()
    })?;
    let mut at = doc;
    for (k, step) in steps.iter().enumerate() {
        let last = k + 1 == steps.len();
        at = match step {
            Step::Key(name) => {
                let table = at
                    .as_table_mut()
                    .ok_or_else(|| format!("{name}: its parent is not a table"))?;
                match table.get_mut(name) {
                    Some(v) if last => {
                        *v = value;
                        return Ok(());
                    }
                    Some(v) => v,
                    None => {
                        return Err(format!(
                            "no key {name} there in the framework file (an uncertain key must be written in the file, with its nominal value)"
                        ))
                    }
                }
            }
            Step::Id(name, id) => {
                let items = at
                    .get_mut(name)
                    .and_then(|v| v.as_array_mut())
                    .ok_or_else(|| format!("the framework file has no [[{name}]]"))?;
                let found = items
                    .iter_mut()
                    .find(|v| v.get("id").and_then(|x| x.as_str()) == Some(id.as_str()))
                    .ok_or_else(|| format!("no [[{name}]] with id = {id:?}"))?;
                if last {
                    return Err(format!(
                        "{name}[{id}] is a whole entry: name one of its keys"
                    ));
                }
                found
            }
        };
    }
    Err("empty key path".into())
}

/// The framework resolved with each value at `path`. Errors are located at
/// `key` (round.toml's `robustness.uncertain[i]`) in `file`.
pub fn resolve(
    fw: &Framework,
    path: &str,
    values: &[toml::Value],
    file: &str,
    key: &str,
) -> Result<Vec<Framework>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut err = |column: String, value: String, msg: String| {
        diags.push(Diagnostic::error(file, msg).column(column).value(value));
    };
    if values.is_empty() {
        err(format!("{key}.values"), String::new(), "no values".into());
        return Err(diags);
    }
    if fw.weightings.iter().any(|w| w.is_objective()) {
        err(
            format!("{key}.key"),
            path.into(),
            "a framework key cannot be uncertain when a [[weighting]] resolves weights on the cohort (entropy, critic, combined): the weights of every value would have to be resolved again".into(),
        );
        return Err(diags);
    }
    let text = match std::fs::read_to_string(&fw.source) {
        Ok(t) => t,
        Err(e) => {
            err(
                format!("{key}.key"),
                path.into(),
                format!("cannot read the framework file {}: {e}", fw.source),
            );
            return Err(diags);
        }
    };
    let doc: toml::Value = match toml::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            err(format!("{key}.key"), path.into(), e.message().to_string());
            return Err(diags);
        }
    };
    let mut out = Vec::new();
    for v in values {
        let mut d = doc.clone();
        if let Err(why) = set(&mut d, path, v.clone()) {
            err(format!("{key}.key"), path.into(), why);
            return Err(diags);
        }
        let label = format!("{} ({path} = {v})", fw.source);
        let text = match toml::to_string(&d) {
            Ok(t) => t,
            Err(e) => {
                err(format!("{key}.values"), v.to_string(), e.to_string());
                continue;
            }
        };
        let (resolved, problems) = crate::framework::parse(&text, &label);
        let first = problems
            .items
            .iter()
            .find(|x| x.severity == crate::diag::Severity::Error);
        match (resolved, first) {
            (Some(f), None) => {
                let groups_known = f.indicators.iter().all(|i| match &i.missing {
                    MissingPolicy::GroupMean { group } => fw.indicators.iter().any(
                        |o| matches!(&o.missing, MissingPolicy::GroupMean { group: g } if g == group),
                    ),
                    _ => true,
                });
                if !groups_known {
                    err(
                        format!("{key}.values"),
                        v.to_string(),
                        "this value imputes by a group column the framework does not use; only the group columns of the file can be used".into(),
                    );
                } else if let Some(why) = same_shape(fw, &f) {
                    err(
                        format!("{key}.values"),
                        v.to_string(),
                        format!("this value changes the hierarchy ({why}); only values that keep it can be uncertain"),
                    );
                } else {
                    let mut f = f;
                    f.source = fw.source.clone();
                    out.push(f);
                }
            }
            (_, first) => err(
                format!("{key}.values"),
                v.to_string(),
                format!(
                    "the framework rejects {path} = {v}: {}",
                    first.map_or("it does not resolve".to_string(), |d| {
                        format!(
                            "{}{}",
                            d.message,
                            d.column
                                .as_ref()
                                .map(|c| format!(" (at {c})"))
                                .unwrap_or_default()
                        )
                    })
                ),
            ),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

/// The cohort of `scored` (scored by `official`) scored again by the
/// framework `variant` (same clusters, same raw values; group columns as
/// the official plan has them, which `resolve` made sure of).
pub fn score_variant(official: &Framework, variant: &Framework, scored: &Scored) -> Scored {
    let n = scored.scores.clusters;
    let plan = Plan::new(variant, n, |column| {
        official
            .indicators
            .iter()
            .position(
                |i| matches!(&i.missing, MissingPolicy::GroupMean { group } if group == column),
            )
            .and_then(|j| scored.plan.columns[j].groups.clone())
            .unwrap_or_else(|| vec![0; n])
    });
    let scores = crate::score::kernel::score(&scored.raw.values, &plan);
    Scored {
        clusters: scored.clusters.clone(),
        screened: scored.screened.clone(),
        raw: scored.raw.clone(),
        plan,
        scores,
    }
}

/// What the key-path factors need checked on the scored cohort: a value
/// whose framework aggregates a zero child by a geometric or harmonic mean
/// is an error (as it is for the official framework), located at the
/// factor's values in round.toml (`file`).
pub fn check(
    config: &super::config::Config,
    official: &Framework,
    scored: &Scored,
    file: &str,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (i, f) in config.factors.iter().enumerate() {
        let super::config::Factor::Key {
            key,
            values,
            frameworks,
        } = f
        else {
            continue;
        };
        for (fw, value) in frameworks.0.iter().zip(values) {
            let s = score_variant(official, fw, scored);
            let n = s.scores.clusters;
            let mut found = Diagnostics::default();
            crate::score::aggregate::check_positive(
                fw,
                file,
                n,
                |c, r| match c {
                    Child::Indicator(j) => s.scores.fraction[j * n + r],
                    Child::Node(k) => crate::score::aggregate::fraction_of(
                        s.scores.subtotal(r, k),
                        fw.nodes[k].points,
                    ),
                },
                |r| format!("row {}", r + 1),
                &mut found,
            );
            if let Some(d) = found.items.into_iter().next() {
                diags.push(
                    Diagnostic::error(file, format!("with {key} = {value}: {}", d.message))
                        .column(format!("robustness.uncertain[{}].values", i + 1))
                        .value(value.clone()),
                );
            }
        }
    }
    diags
}

/// Why `b` is not the same tree of the same nodes and indicators as `a`.
fn same_shape(a: &Framework, b: &Framework) -> Option<String> {
    if a.nodes.len() != b.nodes.len() || a.indicators.len() != b.indicators.len() {
        return Some("another number of nodes or indicators".into());
    }
    for (x, y) in a.nodes.iter().zip(&b.nodes) {
        if x.id != y.id || x.parent != y.parent {
            return Some(format!("node {}", x.id));
        }
    }
    for (x, y) in a.indicators.iter().zip(&b.indicators) {
        if x.id != y.id || x.parent != y.parent {
            return Some(format!("indicator {}", x.id));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_find_their_key() {
        let mut doc: toml::Value = toml::from_str(
            "[framework]\naggregation = \"sum\"\n[[node]]\nid = \"d\"\naggregation = { method = \"generalised_mean\", p = 2 }\n[[indicator]]\nid = \"x\"\nhi = 100\n[[indicator]]\nid = \"y\"\nhi = 50\n",
        )
        .unwrap();
        set(&mut doc, "indicator[y].hi", toml::Value::Integer(70)).unwrap();
        assert_eq!(doc["indicator"][1]["hi"].as_integer(), Some(70));
        assert_eq!(doc["indicator"][0]["hi"].as_integer(), Some(100));
        set(&mut doc, "node[d].aggregation.p", toml::Value::Float(3.0)).unwrap();
        assert_eq!(doc["node"][0]["aggregation"]["p"].as_float(), Some(3.0));
        set(
            &mut doc,
            "framework.aggregation",
            toml::Value::String("mean".into()),
        )
        .unwrap();
        assert!(set(&mut doc, "indicator[z].hi", toml::Value::Integer(1))
            .unwrap_err()
            .contains("no [[indicator]] with id = \"z\""));
        assert!(set(&mut doc, "indicator[x].lo", toml::Value::Integer(1))
            .unwrap_err()
            .contains("no key lo"));
        assert!(set(&mut doc, "indicator[x]", toml::Value::Integer(1)).is_err());
        assert!(set(&mut doc, "indicator[x].", toml::Value::Integer(1)).is_err());
        assert!(set(&mut doc, "", toml::Value::Integer(1)).is_err());
    }
}
