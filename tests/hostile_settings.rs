//! Numbers in settings files that cannot be meant (issue 15): `nan`,
//! `inf` and 1e308 in an indicator system or round.toml are located errors
//! in `check` and `run`, never a disabled bound or infinite totals.

use crate::workdir::WorkDir;

/// `check` and `run` both refuse, with exactly `expected` among the
/// errors, and `run` writes nothing.
fn refused(w: &WorkDir, expected: &str) {
    let out = w.fails(&["check", "round"], 1);
    assert!(out.stdout.contains(expected), "{}", out.all());
    let run = w.fails(&["run", "round", "--out", "o"], 1);
    assert!(run.stderr.contains(expected), "{}", run.all());
    assert!(!w.path("o").exists());
}

#[test]
fn nan_bound_in_the_framework_is_located() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit(
        "round/framework.toml",
        "points = 35",
        "points = 35\nfloor = nan",
    );
    refused(
        &w,
        "error: round/framework.toml, column node[1].floor, value \"NaN\": not a number (nan): expected a finite number",
    );
}

#[test]
fn a_weight_of_1e308_is_located_not_infinite_totals() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/framework.toml", "points = 35", "points = 1e308");
    refused(
        &w,
        "error: round/framework.toml, column node[1].points, value \"1e308\": number too large: expected a magnitude of at most 1e15",
    );
}

#[test]
fn nan_min_score_in_the_process_is_located() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/round.toml", "min_score = 60", "min_score = nan");
    refused(
        &w,
        "error: round/round.toml, column process.min_score, value \"NaN\": not a number (nan): expected a finite number",
    );
}

#[test]
fn infinite_robustness_range_is_located() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let round = w.read("round/round.toml");
    let range = round
        .lines()
        .find(|l| l.trim_start().starts_with("range = "))
        .expect("a range in [robustness]")
        .to_string();
    w.edit("round/round.toml", &range, "range = -inf");
    let out = w.fails(&["check", "round"], 1);
    assert!(
        out.stdout
            .contains("value \"-inf\": infinite: expected a finite number"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("column robustness.uncertain["),
        "{}",
        out.all()
    );
}

#[test]
fn generate_sizes_are_bounded() {
    let w = WorkDir::new();
    let out = w.fails(&["generate", "g", "--clusters", "1000000000000000000"], 1);
    assert_eq!(
        out.stderr,
        "error: --clusters 1000000000000000000: expected 1 to 100000\n"
    );
    let out = w.fails(
        &["generate", "g", "--enterprises", "18446744073709551615"],
        1,
    );
    assert_eq!(
        out.stderr,
        "error: --enterprises 18446744073709551615: expected at most 100000000 (about 200 bytes a row)\n"
    );
    assert!(!w.path("g").exists());
}
