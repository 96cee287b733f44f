//! `explain <out-dir> <cluster> [--vs <other>]`: how a cluster got its
//! result, read back from the run's scores.json.
//!
//! For one cluster: the round's counts (entered, failed a gate, screened
//! out, scored); in a competition the decision first (status, decision
//! rank and the stage it belongs to, final score: the row of
//! decisions.csv), then the indicator score and its rank, labelled as
//! such; otherwise rank, total and grade; the tie note; each node's
//! subtotal; for every indicator the path from the submitted cells (file,
//! row, column, raw text, unit, conversion) through the value (in the unit
//! of the value), imputation, treatment and transforms to the normalised
//! score and the points; and the process decision when there is one, with
//! the round's counts of each status and its quota line; then the
//! cluster's entry of the rectification list when it has one (weakest
//! indicators, gap, plan: `rectify::plain`). With `--vs`, both
//! clusters' results, then the gap between their totals (in a competition,
//! their indicator scores) decomposed by dimension and by indicator
//! (points of the first minus points of the second), largest contributions
//! first, and their sum: the output says when the contributions add up to
//! the difference, else prints the residual.
//!
//! This module builds the text, in one language (its words from the
//! message catalogue, `msg::explain`; the reasons as the reports word
//! them); the `explain` command prints it. Numbers follow the display
//! policy (`number::NumKind`): scores at the framework's display decimals,
//! values as the reports show them (`views::value_in_unit`), submitted
//! figures exactly, never with floating-point noise.

use super::msg::explain::Ex;
use super::msg::finish::Fin;
use super::msg::{provenance, reason, term, trace, Lang};
use super::number::{NumKind, NONE};
use super::trace_text;
use super::views::{value_in_unit, Entrants};
use crate::diag::Error;
use crate::framework::derive::RosterColumn;
use crate::process::{Counts, Reason};
use crate::score::values::{Formula, Missing};
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

/// How the numbers of one run are shown.
struct Style {
    decimals: u32,
    score: NumKind,
}

impl Style {
    fn of(r: &Value) -> Style {
        let decimals = r["framework"]["display_decimals"]
            .as_u64()
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(2);
        Style {
            decimals,
            score: NumKind::Score { decimals },
        }
    }

    /// A score (points, totals, stage scores) at the display decimals.
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

    /// An intermediate value (transformed) as an amount.
    fn amount(&self, v: &Value) -> String {
        NumKind::Amount {
            decimals: self.decimals,
        }
        .or_none(f(v))
    }
}

/// A submitted or intermediate figure: every digit that means something.
fn exact(v: &Value) -> String {
    NumKind::Exact.or_none(f(v))
}

/// A whole number of scores.json (a rank), or the dash.
fn whole(v: &Value) -> String {
    v.as_u64()
        .map_or_else(|| NONE.to_string(), |k| k.to_string())
}

fn is_competition(r: &Value) -> bool {
    s(&r["process"], "kind") == "competition"
}

/// The process decision of `id` (a row of decisions.csv), if any.
fn decision<'a>(r: &'a Value, id: &str) -> Option<&'a Value> {
    r["process"]["decisions"]
        .as_array()?
        .iter()
        .find(|d| s(d, "cluster_id") == id)
}

/// The competition decision of `id`: the decision of a competition only.
fn competition_decision<'a>(r: &'a Value, id: &str) -> Option<&'a Value> {
    decision(r, id).filter(|_| is_competition(r))
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
            let scored = r["clusters"].as_array().map_or(0, Vec::len);
            let screened = r["screened"].as_array().map_or(0, Vec::len);
            Entrants {
                entered: scored + screened,
                failed_gate: 0,
                screened_out: screened,
                scored,
            }
        }
    }
}

/// "selected, decision rank 11 of 29 at stage defence, final score 70.26"
/// (入选，评审名次 第 11 名（共 29 个，答辩阶段），最终得分 70.26): the row of
/// decisions.csv.
fn decision_words(r: &Value, d: &Value, st: &Style, scored: usize, l: Lang) -> String {
    let rank = whole(&d["rank"]);
    let stage = d["stage_reached"].as_str().filter(|x| !x.is_empty());
    let rank = match (r["process"].as_object(), stage) {
        (Some(p), Some(stage)) => {
            let stage = stage_name(p, stage, l);
            Ex::RankAtStage.fill(l, &[&rank, &scored, &stage])
        }
        _ => Ex::RankNoStage.fill(l, &[&rank, &scored]),
    };
    let status = term::status_id(s(d, "status"), l);
    match (r["process"].as_object(), out_before_last(r, d)) {
        (Some(p), Some((stage, score, last))) => {
            let (stage, last) = (stage_name(p, stage, l), stage_name(p, last, l));
            let score = st.score(score);
            Fin::DecisionAtStage.fill(l, &[&status, &rank, &stage, &score, &last])
        }
        _ => Ex::DecisionWords.fill(l, &[&status, &rank, &st.score(&d["final_score"])]),
    }
}

/// A decision without a final score whose cluster was ranked at a stage
/// before the last (out at the preliminary review): that stage, its score
/// there and the last stage, which it did not reach.
fn out_before_last<'a>(r: &'a Value, d: &'a Value) -> Option<(&'a str, &'a Value, &'a str)> {
    if !d["final_score"].is_null() {
        return None;
    }
    let reached = d["stage_reached"].as_str().filter(|x| !x.is_empty())?;
    let last = r["process"]["stages"].as_array()?.last()?;
    let last = last["id"].as_str().filter(|&x| x != reached)?;
    let score = d["stages"]
        .as_array()?
        .iter()
        .find(|x| s(x, "stage") == reached)
        .map(|x| &x["score"])
        .filter(|v| v.is_number())?;
    Some((reached, score, last))
}

/// The text for one cluster.
pub fn explain_one(r: &Value, id: &str, l: Lang) -> Result<String, Error> {
    let c = find(r, id)?;
    let id = s(c, "cluster_id");
    let st = Style::of(r);
    let mut o = String::new();
    let n = entrants(r);
    let _ = writeln!(o, "{} {}", id, name(c, l));
    let _ = writeln!(o, "{}", Ex::Clusters.fill(l, &[&n.text(l)]));
    let tied = if c["tied"].as_bool() == Some(true) {
        Ex::Tied.fill(l, &[])
    } else {
        String::new()
    };
    let total = st.score(&c["total"]);
    let max = exact(&r["framework"]["total_points"]);
    let rank = whole(&c["rank"]);
    match competition_decision(r, id) {
        Some(d) => {
            let words = decision_words(r, d, &st, n.scored, l);
            let _ = writeln!(o, "{}", Ex::ResultLine.fill(l, &[&words]));
            let line = Ex::IndicatorScore.fill(l, &[&total, &max, &rank, &n.scored, &tied]);
            let _ = writeln!(o, "{line}");
        }
        None => {
            let line = Ex::RankOf.fill(l, &[&rank, &n.scored, &tied, &total, &max]);
            let _ = writeln!(o, "{line}");
            if let Some(g) = c["grade"].as_object() {
                let grade = term::grade(
                    g["name_zh"].as_str().unwrap_or(""),
                    g["name_en"].as_str().unwrap_or(""),
                    l,
                );
                let min = exact(&g["min"]);
                let _ = writeln!(o, "{}", Ex::GradeFrom.fill(l, &[&grade, &min]));
            }
        }
    }
    let ties = serde_json::from_value::<Vec<crate::rank::TieNote>>(c["tie_note"].clone())
        .map(|ns| crate::report::msg::notes::tie_notes(&ns, l))
        .unwrap_or_default();
    if !ties.is_empty() {
        let _ = writeln!(o, "{}", Ex::Ties.fill(l, &[&ties]));
    }
    let _ = writeln!(o, "\n{}", Ex::Subtotals.fill(l, &[]));
    let nodes = r["nodes"].as_array().cloned().unwrap_or_default();
    for sub in c["subtotals"].as_array().into_iter().flatten() {
        let node = nodes.iter().find(|x| x["id"] == sub["node"]);
        let depth = node.and_then(|x| x["depth"].as_u64()).unwrap_or(1) as usize;
        let _ = writeln!(
            o,
            "{}{} {}: {} / {}",
            "  ".repeat(depth),
            s(sub, "node"),
            node.map(|x| name(x, l)).unwrap_or(""),
            st.score(&sub["points"]),
            st.score(&sub["max"])
        );
    }
    not_additive(&mut o, r, l);
    let _ = writeln!(o, "\n{}", Ex::Indicators.fill(l, &[]));
    let infos = r["indicators"].as_array().cloned().unwrap_or_default();
    let names = Names {
        fields: r["fields"].as_array().cloned().unwrap_or_default(),
        roster_columns: serde_json::from_value(r["roster_columns"].clone()).unwrap_or_default(),
    };
    for (t, info) in c["indicators"].as_array().into_iter().flatten().zip(&infos) {
        indicator(&mut o, t, info, &names, &st, l);
    }
    if let Some(p) = r["process"].as_object() {
        process(&mut o, r, p, id, &st, l);
    }
    if let Some(text) = super::rectify::explained(r, id, l) {
        let _ = write!(o, "\n{text}");
    }
    Ok(o)
}

/// One indicator's path, from the submitted cells to the points.
/// The fields and roster columns of the round (scores.json), which name
/// a trace's inputs.
struct Names {
    fields: Vec<Value>,
    roster_columns: Vec<RosterColumn>,
}

fn indicator(o: &mut String, t: &Value, info: &Value, names: &Names, st: &Style, l: Lang) {
    let (fields, roster_columns) = (&names.fields, &names.roster_columns);
    // The value in the unit of the value, as the reports show it.
    let count = info["count"].as_bool() == Some(true);
    let value = |v: &Value| {
        f(v).map_or_else(
            || NONE.to_string(),
            |x| {
                value_in_unit(
                    count,
                    s(info, "unit"),
                    s(info, "unit_en"),
                    st.decimals,
                    x,
                    l,
                )
            },
        )
    };
    let line = Ex::IndicatorLine.fill(
        l,
        &[
            &s(info, "id"),
            &name(info, l),
            &term::unit(s(info, "unit"), s(info, "unit_en"), l),
            &trace::rule(s(info, "rule"), s(info, "scoring"), l),
            &trace::policy(s(info, "missing"), l),
        ],
    );
    let _ = writeln!(o, "{line}");
    for i in t["inputs"].as_array().into_iter().flatten() {
        let field = fields.iter().find(|f| s(f, "id") == s(i, "field"));
        let derived = field.and_then(|f| serde_json::from_value(f["derived"].clone()).ok());
        let src = if s(i, "file").is_empty() {
            Ex::NotSubmitted.fill(l, &[])
        } else if let (0, Some(d)) = (i["row"].as_u64().unwrap_or(1), derived) {
            // A figure derived from the roster: its files and how.
            format!(
                "{}: {}",
                s(i, "file"),
                trace_text::derivation(roster_columns, &d, l)
            )
        } else if i["row"] == 0 {
            format!("{}: {}", s(i, "file"), s(i, "column"))
        } else {
            Ex::RowColumn.fill(l, &[&s(i, "file"), &i["row"], &s(i, "column")])
        };
        let line = trace_text::input_line(
            &trace_text::Input {
                field: field.map_or(s(i, "field"), |f| name(f, l)),
                period: s(i, "period"),
                raw: s(i, "raw"),
                submitted_unit: s(i, "unit"),
                factor: f(&i["factor"]).unwrap_or(1.0),
                value: f(&i["value"]),
                file: s(i, "file"),
                unit: field.map_or("", |f| s(f, "unit")),
                unit_en: field.map_or("", |f| s(f, "unit_en")),
            },
            l,
        );
        let _ = writeln!(o, "    {line} ({src})");
    }
    let v = value(&t["value"]);
    // The formula and the reason as the scorer typed them; an entry that
    // is not one (a scores.json of another version) says so.
    let formula = serde_json::from_value::<Formula>(t["formula"].clone())
        .map_or_else(|_| t["formula"].to_string(), |f| provenance::formula(&f, l));
    let _ = writeln!(o, "{}", Ex::ValueLine.fill(l, &[&formula, &v]));
    if !t["missing_reason"].is_null() {
        let field_name = |id: &str| {
            fields
                .iter()
                .find(|f| s(f, "id") == id)
                .map_or(id, |f| name(f, l))
                .to_string()
        };
        let m = serde_json::from_value::<Missing>(t["missing_reason"].clone()).map_or_else(
            |_| t["missing_reason"].to_string(),
            |m| provenance::missing(&m, &field_name, l),
        );
        let _ = writeln!(o, "{}", Ex::MissingLine.fill(l, &[&m]));
    }
    if !s(t, "imputation").is_empty() {
        let v = value(&t["imputed_value"]);
        let how = trace::imputation(s(t, "imputation"), l);
        let _ = writeln!(o, "{}", Ex::Imputed.fill(l, &[&how, &v]));
    }
    if !s(t, "treatment").is_empty() {
        let v = value(&t["treated"]);
        let how = trace::treatment(s(t, "treatment"), l);
        let _ = writeln!(o, "{}", Ex::Treated.fill(l, &[&how, &v]));
    }
    if info["transforms"].as_array().is_some_and(|a| !a.is_empty()) {
        let ids: Vec<String> = info["transforms"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(String::from))
            .collect();
        let v = format!(
            "{} → {}",
            trace::transforms(&ids, l),
            st.amount(&t["transformed"])
        );
        let _ = writeln!(o, "{}", Ex::Transformed.fill(l, &[&v]));
    }
    let line = Ex::NormalisedLine.fill(
        l,
        &[
            &st.score(&t["normalised"]),
            &st.score(&t["points"]),
            &st.score(&t["points_max"]),
        ],
    );
    let _ = writeln!(o, "{line}");
}

/// The process decision of the cluster, then the round's counts.
fn process(
    o: &mut String,
    r: &Value,
    p: &serde_json::Map<String, Value>,
    id: &str,
    st: &Style,
    l: Lang,
) {
    if let Some(d) = p["decisions"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| s(d, "cluster_id") == id))
    {
        let status = term::status_id(s(d, "status"), l);
        let _ = writeln!(o, "\n{}", Ex::Decision.fill(l, &[&status]));
        for stage in d["stages"].as_array().into_iter().flatten() {
            let name = stage_name(p, s(stage, "stage"), l);
            let (panel, score) = (st.score(&stage["panel"]), st.score(&stage["score"]));
            let _ = writeln!(o, "{}", Ex::StageLine.fill(l, &[&name, &panel, &score]));
        }
        let (fin, rank) = (st.score(&d["final_score"]), whole(&d["rank"]));
        let line = match out_before_last(r, d) {
            Some((stage, score, last)) => {
                let (stage, last) = (stage_name(p, stage, l), stage_name(p, last, l));
                Fin::StageRank.fill(l, &[&stage, &st.score(score), &rank, &last])
            }
            None => Ex::FinalRank.fill(l, &[&fin, &rank]),
        };
        let _ = writeln!(o, "{line}");
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

/// "C17 (selected, decision rank 11 of 29 at stage defence, final score
/// 70.26; indicator score 62.23, indicator score rank 13)" in a
/// competition, "HB02 (rank 1, total 82.02)" otherwise.
fn headline(r: &Value, c: &Value, st: &Style, scored: usize, l: Lang) -> String {
    let id = s(c, "cluster_id");
    let (rank, total) = (whole(&c["rank"]), st.score(&c["total"]));
    match competition_decision(r, id) {
        Some(d) => {
            let words = decision_words(r, d, st, scored, l);
            Ex::HeadDecision.fill(l, &[&id, &words, &total, &rank])
        }
        None => Ex::HeadRank.fill(l, &[&id, &rank, &total]),
    }
}

/// The text of a `--vs` comparison.
pub fn explain_vs(r: &Value, a: &str, b: &str, l: Lang) -> Result<String, Error> {
    let (total, dims, inds) = decompose(r, a, b, l)?;
    let (ca, cb) = (find(r, a)?, find(r, b)?);
    let (a, b) = (s(ca, "cluster_id"), s(cb, "cluster_id"));
    let st = Style::of(r);
    let scored = entrants(r).scored;
    let mut o = String::new();
    let what = if is_competition(r) {
        Ex::IndicatorDifference
    } else {
        Ex::Difference
    };
    let _ = writeln!(o, "{}", headline(r, ca, &st, scored, l));
    let other = headline(r, cb, &st, scored, l);
    let _ = writeln!(o, "{}", Ex::VsOther.fill(l, &[&other]));
    let _ = writeln!(o, "{}", what.fill(l, &[&st.signed(total)]));
    for (what, list) in [(Ex::ByDimension, &dims), (Ex::ByIndicator, &inds)] {
        let _ = writeln!(o, "\n{}", what.fill(l, &[&a, &b]));
        for d in list {
            let _ = writeln!(
                o,
                "  {:>8}  {} {}{}",
                st.signed(d.diff()),
                d.id,
                d.name,
                Ex::Pair.fill(l, &[&st.score.text(d.a), &st.score.text(d.b)])
            );
        }
        let sum: f64 = list.iter().map(|d| d.diff()).sum();
        // What is left is the rounding of binary floating point, unless the
        // contributions miss a part of the difference.
        let residual = sum - total;
        let line = if residual.abs() <= 1e-9 * total.abs().max(1.0) {
            Ex::AddUp.fill(l, &[&st.signed(sum)])
        } else {
            let left = NumKind::Exact.text(residual);
            Ex::Sum.fill(l, &[&st.signed(sum), &left])
        };
        let _ = writeln!(o, "{line}");
    }
    not_additive(&mut o, r, l);
    Ok(o)
}

/// A note for every node that does not add up points (its children's
/// points do not add up to its own).
fn not_additive(o: &mut String, r: &Value, l: Lang) {
    for n in r["nodes"].as_array().into_iter().flatten() {
        let how = crate::report::AggregateWords::method_label(s(n, "aggregation"), l);
        if let Some(how) = how {
            let node = format!("{} {}", s(n, "id"), name(n, l));
            let _ = writeln!(
                o,
                "{}",
                crate::report::AggregateWords::NotAdditive.fill(l, &[&node, &how])
            );
        }
    }
}
