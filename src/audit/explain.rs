//! `explain <out-dir> <cluster> [--vs <other>]`: the data of the
//! explanation, read back from the run's scores.json: the cluster asked
//! for, and the gap between two clusters' totals decomposed by dimension
//! and by indicator (points of the first minus points of the second),
//! largest contributions first; the contributions add up to the
//! difference in totals.
//!
//! `report::explain` writes the text; the `explain` command prints it.

use crate::diag::Error;
use serde_json::Value;
use std::path::Path;

/// A number of scores.json.
pub fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A text of scores.json ("" for none).
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
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

/// The scored cluster `id` (its id as a clerk may type it), or an error
/// that lists the scored clusters.
pub fn find<'a>(r: &'a Value, id: &str) -> Result<&'a Value, Error> {
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
