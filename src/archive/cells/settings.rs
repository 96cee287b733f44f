//! The settings of two versions of a TOML file (round.toml, the
//! framework), flattened to key paths and compared: `points` of the
//! indicator `A1` is `indicator[A1].points` (an array of tables is keyed
//! by `id` when every table has a unique one, else by place, `#1` the
//! first), a nested table's keys are joined by dots, and any other value
//! (a number, a text, an array of values) is one setting shown as TOML
//! writes it. A key that needs it is quoted (`"a.b"`).

use super::{CellChange, ChangeKind};
use std::collections::{BTreeMap, HashSet};
use toml::Value;

/// The changed, added and removed settings, by key path; None when either
/// version is not TOML.
pub(super) fn changes(label: &str, old: &[u8], new: &[u8]) -> Option<Vec<CellChange>> {
    let (old, new) = (flat(old)?, flat(new)?);
    let mut out = Vec::new();
    let mut push = |key: &String, o: Option<&String>, n: Option<&String>| {
        out.push(CellChange {
            file: label.to_string(),
            sheet: None,
            row: None,
            column: Some(key.clone()),
            old: o.cloned(),
            new: n.cloned(),
            kind: ChangeKind::Setting,
        })
    };
    for (key, n) in &new {
        match old.get(key) {
            Some(o) if o == n => {}
            o => push(key, o, Some(n)),
        }
    }
    for (key, o) in &old {
        if !new.contains_key(key) {
            push(key, Some(o), None);
        }
    }
    out.sort_by(|a, b| a.column.cmp(&b.column));
    Some(out)
}

/// Every setting of a TOML file by key path.
fn flat(bytes: &[u8]) -> Option<BTreeMap<String, String>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let table: toml::Table = toml::from_str(text).ok()?;
    let mut out = BTreeMap::new();
    for (k, v) in &table {
        flatten(&segment(k), v, &mut out);
    }
    Some(out)
}

/// A key as a path shows it: bare, or quoted when it holds a dot, a
/// bracket, a quote or a space (or is empty).
fn segment(key: &str) -> String {
    let plain = !key.is_empty()
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"' | '#') || c.is_whitespace());
    if plain {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

/// The `id` of a table as a key (a text or a number).
fn id_of(v: &Value) -> Option<String> {
    match v.as_table()?.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn flatten(path: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Table(t) if t.is_empty() => {
            out.insert(path.to_string(), "{}".to_string());
        }
        Value::Table(t) => {
            for (k, v) in t {
                flatten(&format!("{path}.{}", segment(k)), v, out);
            }
        }
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_table) => {
            let ids: Option<Vec<String>> = a.iter().map(id_of).collect();
            let ids = ids.filter(|ids| ids.iter().collect::<HashSet<_>>().len() == ids.len());
            for (i, t) in a.iter().enumerate() {
                let tag = match &ids {
                    Some(ids) => segment(&ids[i]),
                    None => format!("#{}", i + 1),
                };
                flatten(&format!("{path}[{tag}]"), t, out);
            }
        }
        other => {
            out.insert(path.to_string(), other.to_string());
        }
    }
}
