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
//! This module builds the text, in one language (its words from the
//! message catalogue, `msg::explain`; the reasons as the reports word
//! them); the `explain` command prints it.

use super::msg::explain::Ex;
use super::msg::{reason, term, Lang};
use crate::diag::Error;
use crate::process::{Counts, Reason};
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

/// A name from scores.json (`name_zh`, `name_en`) in `l`.
fn name(v: &Value, l: Lang) -> &str {
    l.pick(s(v, "name_zh"), s(v, "name_en"))
}

/// The name of the stage `id` of the process in `l`.
fn stage_name(p: &serde_json::Map<String, Value>, id: &str, l: Lang) -> String {
    p.get("stages")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|st| s(st, "id") == id))
        .map_or_else(
            || id.to_string(),
            |st| term::stage(id, s(st, "name_zh"), s(st, "name_en"), l),
        )
}

/// A reason of scores.json (a code and its parameters) worded in `l`.
fn reason_text(v: &Value, l: Lang) -> String {
    serde_json::from_value::<Reason>(v.clone())
        .map(|r| reason::reason(&r, l))
        .unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_else(|| "—".into())
}

/// The text for one cluster.
pub fn explain_one(r: &Value, id: &str, l: Lang) -> Result<String, Error> {
    let c = find(r, id)?;
    let mut o = String::new();
    let n = r["clusters"].as_array().map(|a| a.len()).unwrap_or(0);
    let _ = writeln!(o, "{} {}", id, name(c, l));
    let tied = if c["tied"].as_bool() == Some(true) {
        Ex::Tied.fill(l, &[])
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "{}",
        Ex::RankOf.fill(
            l,
            &[
                &c["rank"],
                &n,
                &tied,
                &num(f(&c["total"])),
                &num(f(&r["framework"]["total_points"]))
            ]
        )
    );
    if let Some(g) = c["grade"].as_object() {
        let grade = term::grade(
            g["name_zh"].as_str().unwrap_or(""),
            g["name_en"].as_str().unwrap_or(""),
            l,
        );
        let _ = writeln!(o, "{}", Ex::GradeFrom.fill(l, &[&grade, &g["min"]]));
    }
    if !s(c, "tie_note").is_empty() {
        let _ = writeln!(o, "{}", Ex::Ties.fill(l, &[&s(c, "tie_note")]));
    }
    let _ = writeln!(o, "\n{}", Ex::Subtotals.fill(l, &[]));
    let nodes = r["nodes"].as_array().cloned().unwrap_or_default();
    for st in c["subtotals"].as_array().into_iter().flatten() {
        let node = nodes.iter().find(|x| x["id"] == st["node"]);
        let depth = node.and_then(|x| x["depth"].as_u64()).unwrap_or(1) as usize;
        let _ = writeln!(
            o,
            "{}{} {}: {} / {}",
            "  ".repeat(depth),
            s(st, "node"),
            node.map(|x| name(x, l)).unwrap_or(""),
            num(f(&st["points"])),
            num(f(&st["max"]))
        );
    }
    let _ = writeln!(o, "\n{}", Ex::Indicators.fill(l, &[]));
    let infos = r["indicators"].as_array().cloned().unwrap_or_default();
    for (t, info) in c["indicators"].as_array().into_iter().flatten().zip(&infos) {
        let line = Ex::IndicatorLine.fill(
            l,
            &[
                &s(info, "id"),
                &name(info, l),
                &term::unit(s(info, "unit"), "", l),
                &s(info, "rule"),
                &s(info, "scoring"),
                &s(info, "missing"),
            ],
        );
        let _ = writeln!(o, "{line}");
        for i in t["inputs"].as_array().into_iter().flatten() {
            let src = if s(i, "file").is_empty() {
                Ex::NotSubmitted.fill(l, &[])
            } else if i["row"] == 0 {
                format!("{}: {}", s(i, "file"), s(i, "column"))
            } else {
                Ex::RowColumn.fill(l, &[&s(i, "file"), &i["row"], &s(i, "column")])
            };
            let _ = writeln!(
                o,
                "    {}@{}: {:?} {} x{} = {} ({src})",
                s(i, "field"),
                s(i, "period"),
                s(i, "raw"),
                term::unit(s(i, "unit"), "", l),
                i["factor"],
                num(f(&i["value"]))
            );
        }
        let value = num(f(&t["value"]));
        let _ = writeln!(o, "{}", Ex::ValueLine.fill(l, &[&s(t, "formula"), &value]));
        if let Some(m) = t["missing_reason"].as_str() {
            let _ = writeln!(o, "{}", Ex::MissingLine.fill(l, &[&m]));
        }
        if !s(t, "imputation").is_empty() {
            let v = num(f(&t["imputed_value"]));
            let _ = writeln!(o, "{}", Ex::Imputed.fill(l, &[&s(t, "imputation"), &v]));
        }
        if !s(t, "treatment").is_empty() {
            let v = num(f(&t["treated"]));
            let _ = writeln!(o, "{}", Ex::Treated.fill(l, &[&s(t, "treatment"), &v]));
        }
        if info["transforms"].as_array().is_some_and(|a| !a.is_empty()) {
            let v = num(f(&t["transformed"]));
            let _ = writeln!(o, "{}", Ex::Transformed.fill(l, &[&v]));
        }
        let line = Ex::NormalisedLine.fill(
            l,
            &[
                &num(f(&t["normalised"])),
                &num(f(&t["points"])),
                &num(f(&t["points_max"])),
            ],
        );
        let _ = writeln!(o, "{line}");
    }
    if let Some(p) = r["process"].as_object() {
        if let Some(d) = p["decisions"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| s(d, "cluster_id") == id))
        {
            let status = term::status_id(s(d, "status"), l);
            let _ = writeln!(o, "\n{}", Ex::Decision.fill(l, &[&status]));
            for st in d["stages"].as_array().into_iter().flatten() {
                let stage = stage_name(p, s(st, "stage"), l);
                let (panel, score) = (num(f(&st["panel"])), num(f(&st["score"])));
                let _ = writeln!(o, "{}", Ex::StageLine.fill(l, &[&stage, &panel, &score]));
            }
            let fin = num(f(&d["final_score"]));
            let _ = writeln!(o, "{}", Ex::FinalRank.fill(l, &[&fin, &d["rank"]]));
            for why in d["reasons"].as_array().into_iter().flatten() {
                let _ = writeln!(o, "  {}", reason_text(why, l));
            }
            if let Some(out) = d["outcome"].as_str() {
                let why = reason_text(&d["outcome_reason"], l);
                let out = term::outcome(out, l);
                let _ = writeln!(o, "{}", Ex::OutcomeLine.fill(l, &[&out, &why]));
            }
        }
        // The round's counts, as the process counted them (the same as
        // decisions.csv and the reports).
        if let Ok(n) = serde_json::from_value::<Counts>(p["counts"].clone()) {
            let _ = writeln!(o, "\n{}", Ex::Round.fill(l, &[&reason::counts(&n, l)]));
            if let Some(line) = reason::quota_line(&n, l) {
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
    l: Lang,
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
            name: name(d, l).to_string(),
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
            name: name(i, l).to_string(),
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
pub fn explain_vs(r: &Value, a: &str, b: &str, l: Lang) -> Result<String, Error> {
    let (total, dims, inds) = decompose(r, a, b, l)?;
    let (ca, cb) = (find(r, a)?, find(r, b)?);
    let mut o = String::new();
    let head = Ex::Vs.fill(
        l,
        &[
            &a,
            &ca["rank"],
            &num(f(&ca["total"])),
            &b,
            &cb["rank"],
            &num(f(&cb["total"])),
            &total,
        ],
    );
    let _ = writeln!(o, "{head}");
    for (what, list) in [(Ex::ByDimension, &dims), (Ex::ByIndicator, &inds)] {
        let _ = writeln!(o, "\n{}", what.fill(l, &[&a, &b]));
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
        let residual = format!("{:e}", sum - total);
        let _ = writeln!(o, "{}", Ex::Sum.fill(l, &[&sum, &residual]));
    }
    Ok(o)
}
