//! Mid-term rounds: grades, the top-grade cap and dynamic management
//! (continue, rectify, warning, exit), and the mid-term sample.

use super::{decisions, mini};
use crate::workdir::{read_keyed, WorkDir};

#[test]
fn dynamic_management_outcomes() {
    // Grades: >= 85 excellent, >= 75 good, >= 60 pass, else fail.
    // E 90 excellent -> continue; G 80 good -> continue; P 65 pass ->
    // rectify; F1 50 fail, no history -> warning; F2 50 fail, failed in
    // 2022 too -> exit (two in a row); F3 50 fail, 2022 pass but warned ->
    // exit (a fail after a warning); X 95 excellent but flagged for fraud ->
    // exit at once. The top grade is capped at 20 % of 7 = 1: X (rank 1)
    // keeps 优秀, E (rank 2) drops to 良好.
    let w = WorkDir::new();
    mini(
        &w,
        &[
            ("E", "保定市", "T", 90.0, 80.0),
            ("G", "保定市", "T", 80.0, 80.0),
            ("P", "保定市", "T", 65.0, 80.0),
            ("F1", "保定市", "T", 50.0, 80.0),
            ("F2", "保定市", "T", 49.0, 80.0),
            ("F3", "保定市", "T", 48.0, 80.0),
            ("X", "保定市", "T", 95.0, 80.0),
        ],
        &[],
        "history = \"history.csv\"\nflags = \"flags.csv\"\n",
        "[process]\nkind = \"midterm\"\ntop_grade_share = 0.2\n",
    );
    w.write(
        "r/history.csv",
        "集群编号,年份,等次,处理结果\nF2,2022,不合格,警告\nF3,2021,良好,继续培育\nF3,2022,合格,warning\nP,2022,fail,warning\nE,2022,优秀,\n",
    );
    w.write(
        "r/flags.csv",
        "cluster_id,flag,note\nX,数据造假,2023 抽查发现\n",
    );
    let d = decisions(&w);
    let row = |id: &str| (d[id]["grade"].clone(), d[id]["outcome"].clone());
    assert_eq!(row("X"), ("excellent".into(), "exit".into()));
    assert!(d["X"]["outcome_reason"].contains("fraud (2023 抽查发现)"));
    assert_eq!(row("E"), ("good".into(), "continue".into()));
    assert!(
        d["E"]["grade_note"].contains("capped at 1 of 7"),
        "{:?}",
        d["E"]
    );
    // 20 % of 7 graded: floor(1.4) = 1 keeps 优秀; E, second, drops.
    assert!(
        d["E"]["grade_note_zh"].contains("优秀限 1 个（7 个的 20%）：第 2 名降为良好"),
        "{:?}",
        d["E"]
    );
    let md = w.read("o/report.md");
    assert!(md.contains("优秀限 1 个（7 个的 20%）"), "{md}");
    assert!(!md.contains("capped at"), "{md}");
    assert_eq!(row("G"), ("good".into(), "continue".into()));
    // P failed in 2022 but passes now: rectify, no exit.
    assert_eq!(row("P"), ("pass".into(), "rectify".into()));
    assert_eq!(row("F1"), ("fail".into(), "warning".into()));
    assert_eq!(row("F2"), ("fail".into(), "exit".into()));
    assert!(d["F2"]["outcome_reason"].contains("2 fails in a row"));
    assert_eq!(row("F3"), ("fail".into(), "exit".into()));
    assert!(
        d["F3"]["outcome_reason"].contains("after warning in 2022"),
        "{:?}",
        d["F3"]
    );
    assert_eq!(
        d["F3"]["history"],
        "2021 良好 good (continue); 2022 合格 pass (warning)"
    );
}

#[test]
fn consecutive_fails_is_a_setting() {
    // With three fails needed and nothing special after a warning, F2's
    // second fail is a warning, not an exit.
    let w = WorkDir::new();
    mini(
        &w,
        &[("F2", "保定市", "T", 40.0, 80.0), ("G", "保定市", "T", 80.0, 80.0)],
        &[],
        "history = \"history.csv\"\n",
        "[process]\nkind = \"midterm\"\n\n[process.outcomes]\nconsecutive_fails = 3\nexit_after = []\n",
    );
    w.write(
        "r/history.csv",
        "cluster_id,year,grade,outcome\nF2,2022,fail,warning\n",
    );
    let d = decisions(&w);
    assert_eq!(d["F2"]["outcome"], "warning");
}

#[test]
fn midterm_sample_exits_the_cluster_on_its_second_fail() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    assert_eq!(d.len(), 11);
    let exits: Vec<&String> = d.keys().filter(|k| d[*k]["outcome"] == "exit").collect();
    assert_eq!(exits, ["HB08"]);
    assert!(d["HB08"]["outcome_reason"].contains("2 fails in a row"));
    assert!(d["HB08"]["history"].contains("2022 不合格 fail (warning)"));
}
