//! `explain <out-dir> <cluster> [--vs <other>]`: how a cluster got its
//! total and rank, read back from the run's scores.json.
//!
//! For one cluster: rank, total, grade and tie note; each dimension's
//! subtotal; for every indicator the path from the submitted cells (file,
//! row, column, raw text, unit, conversion) through the value, imputation,
//! treatment and transforms to the normalised score and the points; and the
//! process decision when there is one, with the round's counts of each
//! status and its quota line. With `--vs`, the gap between the two
//! totals decomposed by dimension and by indicator (points of the first
//! minus points of the second), largest contributions first; the
//! contributions add up to the difference in totals, and the output shows
//! the sum and the residual.
//!
//! This module builds the text; the `explain` command prints it.

use crate::diag::Error;
use crate::process::Counts;
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

pub fn load(out: &Path) -> Result<Value, Error> {
    let p = out.join("scores.json");
    // A folder without a readable scores.json is a wrong argument (exit 1),
    // not a failure of the tool.
    let text = std::fs::read_to_string(&p)
        .map_err(|e| Error::Rejected(format!("{}: {e}", p.display())))?;
    serde_json::from_str(&text).map_err(|e| Error::Rejected(format!("{}: {e}", p.display())))
}

fn find<'a>(r: &'a Value, id: &str) -> Result<&'a Value, Error> {
    let plain = crate::ingest::ids::normalise_id(id);
    r["clusters"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| s(c, "cluster_id") == plain))
        .ok_or_else(|| {
            let ids: Vec<&str> = r["clusters"]
                .as_array()
                .map(|cs| cs.iter().map(|c| s(c, "cluster_id")).collect())
                .unwrap_or_default();
            let near = crate::diag::did_you_mean(ids.iter().copied(), &plain);
            Error::Rejected(format!(
                "no scored cluster {id:?} in this run{near}; scored clusters: {}",
                ids.join(", ")
            ))
        })
}

fn num(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_else(|| "—".into())
}

/// The text for one cluster.
pub fn explain_one(r: &Value, id: &str) -> Result<String, Error> {
    let c = find(r, id)?;
    let mut o = String::new();
    let n = r["clusters"].as_array().map(|a| a.len()).unwrap_or(0);
    let _ = writeln!(o, "{} {} {}", id, s(c, "name_zh"), s(c, "name_en"));
    let _ = writeln!(
        o,
        "rank {} of {}{}, total {} of {}",
        c["rank"],
        n,
        if c["tied"].as_bool() == Some(true) {
            " (tied)"
        } else {
            ""
        },
        num(f(&c["total"])),
        num(f(&r["framework"]["total_points"]))
    );
    if let Some(g) = c["grade"].as_object() {
        let _ = writeln!(
            o,
            "grade {} {} (from {})",
            g["name_zh"].as_str().unwrap_or(""),
            g["name_en"].as_str().unwrap_or(""),
            g["min"]
        );
    }
    if !s(c, "tie_note").is_empty() {
        let _ = writeln!(o, "ties: {}", s(c, "tie_note"));
    }
    let _ = writeln!(o, "\nsubtotals:");
    let nodes = r["nodes"].as_array().cloned().unwrap_or_default();
    for st in c["subtotals"].as_array().into_iter().flatten() {
        let node = nodes.iter().find(|x| x["id"] == st["node"]);
        let depth = node.and_then(|x| x["depth"].as_u64()).unwrap_or(1) as usize;
        let _ = writeln!(
            o,
            "{}{} {} {}: {} / {}",
            "  ".repeat(depth),
            s(st, "node"),
            node.map(|x| s(x, "name_zh")).unwrap_or(""),
            node.map(|x| s(x, "name_en")).unwrap_or(""),
            num(f(&st["points"])),
            num(f(&st["max"]))
        );
    }
    let _ = writeln!(o, "\nindicators (submitted -> value -> score -> points):");
    let infos = r["indicators"].as_array().cloned().unwrap_or_default();
    for (t, info) in c["indicators"].as_array().into_iter().flatten().zip(&infos) {
        let _ = writeln!(
            o,
            "- {} {} [{}; rule {} -> {}; missing: {}]",
            s(info, "id"),
            s(info, "name_zh"),
            s(info, "unit"),
            s(info, "rule"),
            s(info, "scoring"),
            s(info, "missing")
        );
        for i in t["inputs"].as_array().into_iter().flatten() {
            let src = if s(i, "file").is_empty() {
                "not submitted".to_string()
            } else if i["row"] == 0 {
                format!("{}: {}", s(i, "file"), s(i, "column"))
            } else {
                format!(
                    "{} row {} column {}",
                    s(i, "file"),
                    i["row"],
                    s(i, "column")
                )
            };
            let _ = writeln!(
                o,
                "    {}@{}: {:?} {} x{} = {} ({src})",
                s(i, "field"),
                s(i, "period"),
                s(i, "raw"),
                s(i, "unit"),
                i["factor"],
                num(f(&i["value"]))
            );
        }
        let _ = writeln!(o, "    value {} = {}", s(t, "formula"), num(f(&t["value"])));
        if let Some(m) = t["missing_reason"].as_str() {
            let _ = writeln!(o, "    missing: {m}");
        }
        if !s(t, "imputation").is_empty() {
            let _ = writeln!(
                o,
                "    imputed by {}: {}",
                s(t, "imputation"),
                num(f(&t["imputed_value"]))
            );
        }
        if !s(t, "treatment").is_empty() {
            let _ = writeln!(
                o,
                "    treated ({}): {}",
                s(t, "treatment"),
                num(f(&t["treated"]))
            );
        }
        if info["transforms"].as_array().is_some_and(|a| !a.is_empty()) {
            let _ = writeln!(o, "    transformed: {}", num(f(&t["transformed"])));
        }
        let _ = writeln!(
            o,
            "    normalised {} -> points {} / {}",
            num(f(&t["normalised"])),
            num(f(&t["points"])),
            num(f(&t["points_max"]))
        );
    }
    if let Some(p) = r["process"].as_object() {
        if let Some(d) = p["decisions"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| s(d, "cluster_id") == id))
        {
            let _ = writeln!(o, "\ndecision: {} {}", s(d, "status"), s(d, "status_zh"));
            for st in d["stages"].as_array().into_iter().flatten() {
                let _ = writeln!(
                    o,
                    "  {}: panel {}, score {}",
                    s(st, "stage"),
                    num(f(&st["panel"])),
                    num(f(&st["score"]))
                );
            }
            let _ = writeln!(
                o,
                "  final {}, rank {}",
                num(f(&d["final_score"])),
                d["rank"]
            );
            for reason in d["reasons"].as_array().into_iter().flatten() {
                let _ = writeln!(o, "  {}", reason.as_str().unwrap_or(""));
            }
            if let Some(out) = d["outcome"].as_str() {
                let _ = writeln!(o, "  outcome {out}: {}", s(d, "outcome_reason"));
            }
        }
        // The round's counts, as the process counted them (the same as
        // decisions.csv and the reports).
        if let Ok(n) = serde_json::from_value::<Counts>(p["counts"].clone()) {
            let _ = writeln!(o, "\nround: {}", n.by_status());
            if let Some(line) = n.quota_line() {
                let _ = writeln!(o, "  {line}");
            }
        }
    }
    Ok(o)
}

/// One term of a gap decomposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub id: String,
    pub name: String,
    pub a: f64,
    pub b: f64,
}

impl Contribution {
    pub fn diff(&self) -> f64 {
        self.a - self.b
    }
}

/// The gap between two clusters: (total difference, by dimension, by
/// indicator), each list sorted by |contribution|, largest first (ties by id).
pub fn decompose(
    r: &Value,
    a: &str,
    b: &str,
) -> Result<(f64, Vec<Contribution>, Vec<Contribution>), Error> {
    let (ca, cb) = (find(r, a)?, find(r, b)?);
    let total = f(&ca["total"]).unwrap_or(0.0) - f(&cb["total"]).unwrap_or(0.0);
    let sub = |c: &Value, node: &str| {
        c["subtotals"]
            .as_array()
            .and_then(|x| x.iter().find(|s| s["node"] == node))
            .and_then(|s| f(&s["points"]))
            .unwrap_or(0.0)
    };
    let mut dims: Vec<Contribution> = r["dimensions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| Contribution {
            id: s(d, "id").into(),
            name: format!("{} {}", s(d, "name_zh"), s(d, "name_en")),
            a: sub(ca, s(d, "id")),
            b: sub(cb, s(d, "id")),
        })
        .collect();
    let infos = r["indicators"].as_array().cloned().unwrap_or_default();
    let pts = |c: &Value, k: usize| f(&c["indicators"][k]["points"]).unwrap_or(0.0);
    let mut inds: Vec<Contribution> = infos
        .iter()
        .enumerate()
        .map(|(k, i)| Contribution {
            id: s(i, "id").into(),
            name: format!("{} {}", s(i, "name_zh"), s(i, "name_en")),
            a: pts(ca, k),
            b: pts(cb, k),
        })
        .collect();
    let order = |x: &Contribution, y: &Contribution| {
        y.diff()
            .abs()
            .total_cmp(&x.diff().abs())
            .then_with(|| x.id.cmp(&y.id))
    };
    dims.sort_by(order);
    inds.sort_by(order);
    Ok((total, dims, inds))
}

/// The text of a `--vs` comparison.
pub fn explain_vs(r: &Value, a: &str, b: &str) -> Result<String, Error> {
    let (total, dims, inds) = decompose(r, a, b)?;
    let (ca, cb) = (find(r, a)?, find(r, b)?);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{a} (rank {}, total {}) vs {b} (rank {}, total {}): difference {total}",
        ca["rank"],
        num(f(&ca["total"])),
        cb["rank"],
        num(f(&cb["total"]))
    );
    for (what, list) in [("dimension", &dims), ("indicator", &inds)] {
        let _ = writeln!(o, "\nby {what} ({a} - {b}, largest first):");
        for d in list {
            let _ = writeln!(
                o,
                "  {:+.6}  {} {} ({} vs {})",
                d.diff(),
                d.id,
                d.name,
                d.a,
                d.b
            );
        }
        let sum: f64 = list.iter().map(|d| d.diff()).sum();
        let _ = writeln!(o, "  sum {sum} (residual {:e})", sum - total);
    }
    Ok(o)
}
