//! Each aggregation on three clusters and two children, worked by hand.
//!
//! Node `d` (100 points, the only child of the total) has two indicators
//! scored by goalposts 0–100, so a value v gives the fraction v / 100
//! exactly: x with weight 3 and y with weight 1, i.e. shares 3/4 and 1/4.
//! Values: A (x 50, y 50), B (80, 20), C (25, 100).

use crate::tolerance::close;
use crate::workdir::WorkDir;
use serde_json::Value;

fn framework(aggregation: &str) -> String {
    format!(
        r#"
[framework]
id = "aggregation-test"
name_zh = "加总测试"
name_en = "Aggregation test"
total_points = 100

[[field]]
id = "x"
name_zh = "甲"
unit = "分"
kind = "score"

[[field]]
id = "y"
name_zh = "乙"
unit = "分"
kind = "score"

[[node]]
id = "d"
name_zh = "维度"
name_en = "Dimension"
points = 100
aggregation = {aggregation}

[[indicator]]
id = "x"
parent = "d"
name_zh = "甲"
name_en = "X"
weight = 3
rule = "goalpost"
lo = 0
hi = 100

[[indicator]]
id = "y"
parent = "d"
name_zh = "乙"
name_en = "Y"
weight = 1
rule = "goalpost"
lo = 0
hi = 100
"#
    )
}

/// A round in `r/` with `aggregation` (a TOML value) on node d and rows
/// `cluster,x,y`.
pub fn round(w: &WorkDir, aggregation: &str, rows: &str) {
    w.write("r/framework.toml", framework(aggregation));
    w.write(
        "r/round.toml",
        "[round]\nid = \"agg\"\nname_zh = \"加总\"\nname_en = \"Aggregation\"\nframework = \"framework.toml\"\nbaseline_year = 2023\ncurrent_year = 2024\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    w.write(
        "r/clusters.csv",
        "cluster_id,name_zh,name_en,city,track\nA,甲集群,Cluster A,石家庄市,高端装备\nB,乙集群,Cluster B,石家庄市,高端装备\nC,丙集群,Cluster C,石家庄市,高端装备\n",
    );
    let mut data = String::from("cluster_id,period,x,y\n");
    for r in rows.lines() {
        let (c, rest) = r.split_once(',').unwrap();
        data.push_str(&format!("{c},2024,{rest}\n"));
    }
    w.write("r/data.csv", data);
}

const ROWS: &str = "A,50,50\nB,80,20\nC,25,100";

/// Totals of A, B, C.
fn totals(aggregation: &str) -> [f64; 3] {
    let w = WorkDir::new();
    round(&w, aggregation, ROWS);
    w.ok(&["run", "r", "--out", "o"]);
    let json: Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let of = |id: &str| {
        json["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cluster_id"] == id)
            .unwrap()["total"]
            .as_f64()
            .unwrap()
    };
    [of("A"), of("B"), of("C")]
}

fn check(got: [f64; 3], want: [f64; 3], what: &str) {
    for (c, (g, e)) in ["A", "B", "C"].iter().zip(got.iter().zip(want)) {
        close(*g, e, 1e-9, format_args!("{what} {c}"));
    }
}

#[test]
fn arithmetic_by_hand() {
    // A 0.75·50 + 0.25·50 = 50; B 60 + 5 = 65; C 18.75 + 25 = 43.75.
    check(totals("\"mean\""), [50.0, 65.0, 43.75], "arithmetic");
}

#[test]
fn geometric_by_hand() {
    // A 50; B 100 · 0.8^(3/4) · 0.2^(1/4) = 100 · (0.512 · 0.2)^(1/4)
    // = 100 · 0.1024^(1/4) = 100 · sqrt(0.32) = 56.568542495;
    // C 100 · 0.25^(3/4) = 100 / (2 sqrt 2) = 35.355339059.
    check(
        totals("\"geometric\""),
        [50.0, 56.568_542_494_923_8, 35.355_339_059_327_38],
        "geometric",
    );
}

#[test]
fn harmonic_by_hand() {
    // A 50; B 100 / (0.75/0.8 + 0.25/0.2) = 100 / 2.1875 = 45.714285714;
    // C 100 / (0.75/0.25 + 0.25/1) = 100 / 3.25 = 30.769230769.
    check(
        totals("\"harmonic\""),
        [50.0, 45.714_285_714_285_71, 30.769_230_769_230_77],
        "harmonic",
    );
}

#[test]
fn generalised_mean_p2_by_hand() {
    // A 50; B 100 · sqrt(0.75 · 0.64 + 0.25 · 0.04) = 100 · sqrt(0.49) = 70;
    // C 100 · sqrt(0.75 · 0.0625 + 0.25) = 100 · sqrt(0.296875)
    // = 54.486236794.
    check(
        totals("{ method = \"generalised_mean\", p = 2 }"),
        [50.0, 70.0, 54.486_236_794_258_42],
        "generalised mean p = 2",
    );
}

#[test]
fn copeland_and_its_fraction_by_hand() {
    // A vs B: x 50 < 80 (B, weight 3), y 50 > 20 (A, weight 1): B ahead.
    // A vs C: x 50 > 25 (A, 3), y 50 < 100 (C, 1): A ahead.
    // B vs C: x 80 > 25 (B, 3), y 20 < 100 (C, 1): B ahead.
    // Copeland scores: A −1 + 1 = 0, B +2, C −2; n = 3, fraction
    // (s + 2) / 4: A 0.5, B 1, C 0 -> totals 50, 100, 0.
    check(totals("\"copeland\""), [50.0, 100.0, 0.0], "copeland");
}

#[test]
fn a_zero_under_a_geometric_mean_is_a_located_error() {
    // C's y = 0 scores a fraction 0: the geometric mean of d would be 0
    // whatever x earned.
    let w = WorkDir::new();
    round(&w, "\"geometric\"", "A,50,50\nB,80,20\nC,25,0");
    let out = w.fails(&["run", "r", "--out", "o"], 1);
    let all = out.all();
    assert!(
        all.contains("node d aggregates by the geometric mean")
            && all.contains("its child y scores 0")
            && all.contains("for cluster C")
            && all.contains("C / d / y"),
        "{all}"
    );
    // A and B have no zero: only C is named.
    assert!(
        !all.contains("for cluster A") && !all.contains("for cluster B"),
        "{all}"
    );
}

#[test]
fn a_generalised_mean_without_p_or_an_unknown_method_is_a_located_error() {
    let w = WorkDir::new();
    round(&w, "{ method = \"generalised_mean\" }", ROWS);
    let all = w.fails(&["check", "r"], 1).all();
    assert!(
        all.contains("aggregation.p") && all.contains("needs its order"),
        "{all}"
    );
    let w = WorkDir::new();
    round(&w, "\"median\"", ROWS);
    let all = w.fails(&["check", "r"], 1).all();
    assert!(
        all.contains("unknown aggregation") && all.contains("median"),
        "{all}"
    );
    let w = WorkDir::new();
    round(&w, "{ method = \"generalised_mean\", p = 0 }", ROWS);
    let all = w.fails(&["check", "r"], 1).all();
    assert!(all.contains("other than 0"), "{all}");
}

#[test]
fn explain_says_a_geometric_node_does_not_add_up_points() {
    let w = WorkDir::new();
    round(&w, "\"geometric\"", ROWS);
    w.ok(&["run", "r", "--out", "o"]);
    let out = w.ok(&["explain", "o", "B", "--lang", "en"]).stdout;
    assert!(
        out.contains("Note: d Dimension aggregates by the geometric mean, not by adding points"),
        "{out}"
    );
    let out = w
        .ok(&["explain", "o", "B", "--vs", "C", "--lang", "zh"])
        .stdout;
    assert!(out.contains("注意：d 维度按几何平均加总"), "{out}");
    // An additive node has no note.
    let w = WorkDir::new();
    round(&w, "\"mean\"", ROWS);
    w.ok(&["run", "r", "--out", "o"]);
    let out = w.ok(&["explain", "o", "B", "--lang", "en"]).stdout;
    assert!(!out.contains("not by adding points"), "{out}");
}
