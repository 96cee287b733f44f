//! A round with only `current_year`: scored like any other; a rule that
//! needs a baseline or a target is refused, located at its indicator.

use super::{tiny, totals, FRAMEWORK};
use crate::tolerance::{close, SAME};
use crate::workdir::WorkDir;

const DATA: &str = "cluster_id,period,x,y\nA,2023,10,50\nB,2023,20,30\nC,2023,30,100\n";

#[test]
fn one_period_round_is_scored_by_hand() {
    let w = WorkDir::new();
    tiny(&w, "r", "current_year = 2023", DATA);
    w.ok(&["run", "r", "--out", "o"]);
    // x by min-max over {10, 20, 30}: A 0, B 0.5 x 60 = 30, C 60.
    // y by goalposts 0-100, 40 points: A 20, B 12, C 40.
    // Totals: A 20, B 42, C 100; ranks C 1, B 2, A 3.
    let got = totals(&w, "o");
    for (id, total, rank) in [("A", 20.0, "3"), ("B", 42.0, "2"), ("C", 100.0, "1")] {
        let r = got.iter().find(|r| r.0 == id).expect("unit in ranking");
        close(r.1, total, SAME, format!("total of {id}"));
        assert_eq!(r.2, rank, "rank of {id}");
    }
    // The reports show the one data year, scores.json has no baseline or
    // target year.
    assert!(w.read("o/report.md").contains("数据年份（单期）: 2023"));
    let json: serde_json::Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    assert_eq!(json["round"]["current_year"], 2023);
    assert!(json["round"].get("baseline_year").is_none());
    assert!(json["round"].get("target_year").is_none());
    w.ok(&["run", "r", "--out", "oe", "--lang", "en"]);
    assert!(w
        .read("oe/report.md")
        .contains("Data year (one period): 2023"));
}

#[test]
fn progress_rule_in_a_one_period_round_is_refused_naming_the_indicator() {
    let w = WorkDir::new();
    tiny(&w, "r", "current_year = 2023", DATA);
    // x becomes a target rule without a fixed target: it needs the
    // declared target, which a one-period round cannot have.
    let fw = FRAMEWORK.replace(
        "rule = \"minmax\"\nmissing = \"no_points\"",
        "rule = \"target\"\nfloor = 0.6\nfull = 1.0\nmissing = \"no_points\"",
    );
    w.write("r/framework.toml", fw);
    let out = w.fails(&["run", "r", "--out", "o"], 1);
    let all = out.all();
    assert!(
        all.contains(
            "column indicator[1].rule, value \"x\": indicator x cannot be scored in this round"
        ) && all.contains("gives no target_year (a one-period round)"),
        "{all}"
    );
    assert!(
        !all.contains("no baseline_year"),
        "a target rule needs no baseline: {all}"
    );
    // A fixed target needs no declared one: scored.
    let fw = FRAMEWORK.replace(
        "rule = \"minmax\"\nmissing = \"no_points\"",
        "rule = \"target\"\ntarget = 40\nfloor = 0.5\nfull = 1.0\nmissing = \"no_points\"",
    );
    w.write("r/framework.toml", fw);
    w.ok(&["run", "r", "--out", "o"]);
}

#[test]
fn a_baseline_row_in_a_one_period_round_is_an_unknown_period() {
    let w = WorkDir::new();
    tiny(
        &w,
        "r",
        "current_year = 2023",
        "cluster_id,period,x,y\nA,2023,10,50\nB,2023,20,30\nC,2023,30,100\nA,baseline,5,5\n",
    );
    let out = w.fails(&["run", "r", "--out", "o"], 1);
    assert!(
        out.all()
            .contains("unknown period; expected 2023 (current; the round has only one period)"),
        "{}",
        out.all()
    );
}

#[test]
fn years_out_of_order_name_the_year() {
    let w = WorkDir::new();
    tiny(&w, "r", "current_year = 2023\ntarget_year = 2022", DATA);
    let out = w.fails(&["run", "r", "--out", "o"], 1);
    assert!(
        out.all()
            .contains("column round.target_year: years out of order: expected baseline < current <= target, got - / 2023 / 2022"),
        "{}",
        out.all()
    );
}
