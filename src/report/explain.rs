//! The text of `explain <out-dir> <cluster> [--vs <other>]`: how a cluster
//! got its result, read back from the run's scores.json
//! (`audit::explain` reads it and decomposes gaps).
//!
//! For one cluster: the round's counts (entered, failed a gate, screened
//! out, scored); in a competition the decision first (status, decision
//! rank and the stage it belongs to, final score: the row of
//! decisions.csv), then the indicator score and its rank, labelled as
//! such; otherwise rank, total and grade; each node's subtotal; for every
//! indicator the path from the submitted cells (file, row, column, raw
//! text, unit, conversion) through the value (in the unit of the value),
//! imputation, treatment and transforms to the normalised score and the
//! points; and the process decision when there is one, with the round's
//! counts of each status and its quota line. With `--vs`, both clusters'
//! results, then the gap between their indicator scores by dimension and
//! by indicator, with the sum of the contributions.
//!
//! Numbers follow the display policy (`number::NumKind`): scores at the
//! framework's display decimals, values as amounts or counts with their
//! unit, submitted figures exactly, never with floating-point noise.

use super::msg::Lang;
use super::number::{with_unit, NumKind};
use super::views::Entrants;
use crate::audit::explain::{decompose, f, find, s};
use crate::diag::Error;
use crate::process::Counts;
use serde_json::Value;
use std::fmt::Write;

/// How the numbers of one run are shown.
struct Style {
    score: NumKind,
    amount: NumKind,
}

impl Style {
    fn of(r: &Value) -> Style {
        let decimals = r["framework"]["display_decimals"].as_u64().unwrap_or(2) as u32;
        Style {
            score: NumKind::Score { decimals },
            amount: NumKind::Amount { decimals },
        }
    }

    fn score(&self, v: &Value) -> String {
        self.score.or_none(f(v))
    }

    /// A difference of scores, with its sign.
    fn signed(&self, x: f64) -> String {
        let t = self.score.text(x);
        if t.starts_with('-') || t.chars().all(|c| c == '0' || c == '.') {
            t
        } else {
            format!("+{t}")
        }
    }
}

/// A submitted or intermediate figure: every digit that means something.
fn exact(v: &Value) -> String {
    NumKind::Exact.or_none(f(v))
}

/// The process decision of `id` (a row of decisions.csv), if any.
fn decision<'a>(r: &'a Value, id: &str) -> Option<&'a Value> {
    r["process"]["decisions"]
        .as_array()?
        .iter()
        .find(|d| s(d, "cluster_id") == id)
}

fn is_competition(r: &Value) -> bool {
    s(&r["process"], "kind") == "competition"
}

/// "defence 答辩": the stage a decision rank belongs to.
fn stage_name(r: &Value, stage: &str) -> String {
    r["process"]["stages"]
        .as_array()
        .and_then(|st| st.iter().find(|x| s(x, "id") == stage))
        .map(|x| format!("{} {}", s(x, "id"), s(x, "name_zh")))
        .unwrap_or_else(|| stage.to_string())
}

/// The round's clusters: entered, failed a gate, screened out, scored (as
/// decisions.csv counts them when there is a process).
fn entrants(r: &Value) -> Entrants {
    match serde_json::from_value::<Counts>(r["process"]["counts"].clone()) {
        Ok(n) => Entrants {
            entered: n.entered(),
            failed_gate: n.failed_gate,
            screened_out: n.screened_out,
            scored: n.scored(),
        },
        Err(_) => {
            let scored = r["clusters"].as_array().map_or(0, |a| a.len());
            let screened = r["screened"].as_array().map_or(0, |a| a.len());
            Entrants {
                entered: scored + screened,
                failed_gate: 0,
                screened_out: screened,
                scored,
            }
        }
    }
}

/// "decision: selected 入选, decision rank 11 of 29 at stage defence 答辩,
/// final score 70.26" for a competition.
fn decision_line(r: &Value, d: &Value, st: &Style, scored: usize) -> String {
    let rank = d["rank"]
        .as_u64()
        .map_or_else(|| "none".to_string(), |k| format!("{k} of {scored}"));
    let stage = match d["stage_reached"].as_str() {
        Some(stage) => format!(" at stage {}", stage_name(r, stage)),
        None => String::new(),
    };
    format!(
        "{} {}, decision rank {rank}{stage}, final score {}",
        s(d, "status"),
        s(d, "status_zh"),
        st.score(&d["final_score"])
    )
}

/// The text for one cluster.
pub fn explain_one(r: &Value, id: &str) -> Result<String, Error> {
    let c = find(r, id)?;
    let id = s(c, "cluster_id");
    let st = Style::of(r);
    let mut o = String::new();
    let n = entrants(r);
    let _ = writeln!(o, "{} {} {}", id, s(c, "name_zh"), s(c, "name_en"));
    let _ = writeln!(o, "clusters: {}", n.text(Lang::En));
    let tied = if c["tied"].as_bool() == Some(true) {
        " (tied)"
    } else {
        ""
    };
    let total = st.score(&c["total"]);
    let max = NumKind::Exact.or_none(f(&r["framework"]["total_points"]));
    match decision(r, id).filter(|_| is_competition(r)) {
        Some(d) => {
            let _ = writeln!(o, "result: {}", decision_line(r, d, &st, n.scored));
            let _ = writeln!(
                o,
                "indicator score {total} of {max}, indicator score rank {} of {}{tied}",
                c["rank"], n.scored
            );
        }
        None => {
            let _ = writeln!(
                o,
                "rank {} of {}{tied}, total {total} of {max}",
                c["rank"], n.scored
            );
            if let Some(g) = c["grade"].as_object() {
                let _ = writeln!(
                    o,
                    "grade {} {} (from {})",
                    g["name_zh"].as_str().unwrap_or(""),
                    g["name_en"].as_str().unwrap_or(""),
                    exact(&g["min"])
                );
            }
        }
    }
    if !s(c, "tie_note").is_empty() {
        let _ = writeln!(o, "ties: {}", s(c, "tie_note"));
    }
    let _ = writeln!(o, "\nsubtotals:");
    let nodes = r["nodes"].as_array().cloned().unwrap_or_default();
    for sub in c["subtotals"].as_array().into_iter().flatten() {
        let node = nodes.iter().find(|x| x["id"] == sub["node"]);
        let depth = node.and_then(|x| x["depth"].as_u64()).unwrap_or(1) as usize;
        let _ = writeln!(
            o,
            "{}{} {} {}: {} / {}",
            "  ".repeat(depth),
            s(sub, "node"),
            node.map(|x| s(x, "name_zh")).unwrap_or(""),
            node.map(|x| s(x, "name_en")).unwrap_or(""),
            st.score(&sub["points"]),
            st.score(&sub["max"])
        );
    }
    let _ = writeln!(o, "\nindicators (submitted -> value -> score -> points):");
    let infos = r["indicators"].as_array().cloned().unwrap_or_default();
    for (t, info) in c["indicators"].as_array().into_iter().flatten().zip(&infos) {
        indicator(&mut o, t, info, &st);
    }
    if let Some(p) = r["process"].as_object() {
        process(&mut o, p, id, &st);
    }
    Ok(o)
}

/// One indicator's path, from the submitted cells to the points.
fn indicator(o: &mut String, t: &Value, info: &Value, st: &Style) {
    let unit = s(info, "unit");
    // The value in the unit of the value: a count whole, else an amount.
    let value = |v: &Value| match f(v) {
        Some(x) if info["count"].as_bool() == Some(true) => with_unit(NumKind::Count.text(x), unit),
        Some(x) => with_unit(st.amount.text(x), unit),
        None => "—".to_string(),
    };
    let _ = writeln!(
        o,
        "- {} {} [{}; rule {} -> {}; missing: {}]",
        s(info, "id"),
        s(info, "name_zh"),
        unit,
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
            exact(&i["factor"]),
            exact(&i["value"])
        );
    }
    let _ = writeln!(o, "    value {} = {}", s(t, "formula"), value(&t["value"]));
    if let Some(m) = t["missing_reason"].as_str() {
        let _ = writeln!(o, "    missing: {m}");
    }
    if !s(t, "imputation").is_empty() {
        let _ = writeln!(
            o,
            "    imputed by {}: {}",
            s(t, "imputation"),
            value(&t["imputed_value"])
        );
    }
    if !s(t, "treatment").is_empty() {
        let _ = writeln!(
            o,
            "    treated ({}): {}",
            s(t, "treatment"),
            value(&t["treated"])
        );
    }
    if info["transforms"].as_array().is_some_and(|a| !a.is_empty()) {
        let _ = writeln!(
            o,
            "    transformed: {}",
            st.amount.or_none(f(&t["transformed"]))
        );
    }
    let _ = writeln!(
        o,
        "    normalised {} -> points {} / {}",
        st.score(&t["normalised"]),
        st.score(&t["points"]),
        st.score(&t["points_max"])
    );
}

/// The process decision of the cluster, then the round's counts.
fn process(o: &mut String, p: &serde_json::Map<String, Value>, id: &str, st: &Style) {
    if let Some(d) = p["decisions"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| s(d, "cluster_id") == id))
    {
        let _ = writeln!(o, "\ndecision: {} {}", s(d, "status"), s(d, "status_zh"));
        for stage in d["stages"].as_array().into_iter().flatten() {
            let _ = writeln!(
                o,
                "  {}: panel {}, score {}",
                s(stage, "stage"),
                st.score(&stage["panel"]),
                st.score(&stage["score"])
            );
        }
        let _ = writeln!(
            o,
            "  final {}, decision rank {}",
            st.score(&d["final_score"]),
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

/// "C17 (selected 入选, decision rank 11 of 29 at stage defence 答辩, final
/// score 70.26; indicator score 62.23, indicator score rank 13)" in a
/// competition, "HB02 (rank 1, total 82.02)" otherwise.
fn headline(r: &Value, c: &Value, st: &Style, scored: usize) -> String {
    let id = s(c, "cluster_id");
    match decision(r, id).filter(|_| is_competition(r)) {
        Some(d) => format!(
            "{id} ({}; indicator score {}, indicator score rank {})",
            decision_line(r, d, st, scored),
            st.score(&c["total"]),
            c["rank"]
        ),
        None => format!("{id} (rank {}, total {})", c["rank"], st.score(&c["total"])),
    }
}

/// The text of a `--vs` comparison.
pub fn explain_vs(r: &Value, a: &str, b: &str) -> Result<String, Error> {
    let (total, dims, inds) = decompose(r, a, b)?;
    let (ca, cb) = (find(r, a)?, find(r, b)?);
    let (a, b) = (s(ca, "cluster_id"), s(cb, "cluster_id"));
    let st = Style::of(r);
    let scored = entrants(r).scored;
    let mut o = String::new();
    let what = if is_competition(r) {
        "indicator score difference"
    } else {
        "difference"
    };
    let _ = writeln!(
        o,
        "{}\nvs {}\n{what} {}",
        headline(r, ca, &st, scored),
        headline(r, cb, &st, scored),
        st.signed(total)
    );
    for (what, list) in [("dimension", &dims), ("indicator", &inds)] {
        let _ = writeln!(o, "\nby {what} ({a} - {b}, largest first):");
        for d in list {
            let _ = writeln!(
                o,
                "  {:>8}  {} {} ({} vs {})",
                st.signed(d.diff()),
                d.id,
                d.name,
                st.score.text(d.a),
                st.score.text(d.b)
            );
        }
        let sum: f64 = list.iter().map(|d| d.diff()).sum();
        // What is left is the rounding of binary floating point, unless the
        // contributions miss a part of the total.
        let residual = sum - total;
        let left = if residual.abs() <= 1e-9 * total.abs().max(1.0) {
            "the contributions add up to the difference".to_string()
        } else {
            format!("residual {}", NumKind::Exact.text(residual))
        };
        let _ = writeln!(o, "  sum {} ({left})", st.signed(sum));
    }
    Ok(o)
}
