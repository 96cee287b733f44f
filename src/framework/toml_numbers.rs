//! Numbers in a settings file (an indicator system, round.toml) that
//! cannot be meant: `nan`, `inf` (TOML allows both) and magnitudes beyond
//! `MAX_MAGNITUDE`, which would disable a bound (`max = nan` compares false
//! with everything) or overflow a sum (a weight of 1e308 makes every total
//! infinite). Each is a located error naming its key path (`indicator[3].max`,
//! arrays counted from 1), found before anything reads the file's values.
//! Whole numbers cannot be nan or overflow a sum of f64; counts among them
//! (replications, quotas) are checked by their readers against ranges.
//! This module only looks; it never changes a value.

use crate::diag::{Diagnostic, Diagnostics};

/// The largest magnitude a number in a settings file may have: far beyond
/// any points, weight, bound or unit factor, far below where sums of a few
/// thousand such numbers overflow.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Check every number under `value`, whose key path is `path` ("" for the
/// top level); problems go to `diags`, located in `file`. True when all
/// are usable.
pub fn check(value: &toml::Value, path: &str, file: &str, diags: &mut Diagnostics) -> bool {
    let before = diags.error_count();
    walk(value, path, file, diags);
    diags.error_count() == before
}

/// `check` for a whole document.
pub fn check_table(doc: &toml::Table, file: &str, diags: &mut Diagnostics) -> bool {
    let before = diags.error_count();
    for (key, v) in doc {
        walk(v, key, file, diags);
    }
    diags.error_count() == before
}

fn walk(value: &toml::Value, path: &str, file: &str, diags: &mut Diagnostics) {
    match value {
        toml::Value::Float(x) => {
            if let Some(msg) = problem(*x) {
                diags.push(
                    Diagnostic::error(file, msg)
                        .column(path.to_string())
                        .value(shown(*x)),
                );
            }
        }
        toml::Value::Array(items) => {
            for (k, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{}]", k + 1), file, diags);
            }
        }
        toml::Value::Table(t) => {
            for (key, v) in t {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(v, &p, file, diags);
            }
        }
        _ => {}
    }
}

/// A number as the user would recognise it (1e308, not 309 digits).
fn shown(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e16 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

fn problem(x: f64) -> Option<String> {
    if x.is_nan() {
        Some("not a number (nan): expected a finite number".into())
    } else if x.is_infinite() {
        Some("infinite: expected a finite number".into())
    } else if x.abs() > MAX_MAGNITUDE {
        Some(format!(
            "number too large: expected a magnitude of at most {MAX_MAGNITUDE:e}"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_inf_and_huge_numbers_are_located() {
        let doc: toml::Table =
            "[a]\nmax = nan\nw = [1.0, inf]\n[[node]]\nweight = 1e308\n[[node]]\nweight = 2.0\n"
                .parse()
                .unwrap();
        let mut d = Diagnostics::default();
        assert!(!check_table(&doc, "f.toml", &mut d));
        let got: Vec<String> = d.items.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            got,
            [
                "error: f.toml, column a.max, value \"NaN\": not a number (nan): expected a finite number",
                "error: f.toml, column a.w[2], value \"inf\": infinite: expected a finite number",
                "error: f.toml, column node[1].weight, value \"1e308\": number too large: expected a magnitude of at most 1e15",
            ]
        );
    }
}
