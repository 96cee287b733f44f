//! `[ranking] decimals`, the precision totals are compared, ranked and graded
//! at: a value out of range (0 to 12) is a located error, never clamped in
//! silence.

use crate::workdir::WorkDir;

/// The mid-term sample round with `[ranking] decimals = value`.
fn round_with_decimals(value: &str) -> WorkDir {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/framework.toml",
        "\ndecimals = 6\n",
        &format!("\ndecimals = {value}\n"),
    );
    w
}

/// `check` fails and lists exactly this line.
fn check_fails_with(w: &WorkDir, expected: &str) {
    let out = w.run(&["check", "round"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.lines().any(|l| l == expected),
        "missing line:\n{expected}\n--- got:\n{}",
        out.stdout
    );
}

#[test]
fn decimals_above_twelve_is_a_located_error() {
    let w = round_with_decimals("40");
    check_fails_with(
        &w,
        "error: round/framework.toml, column ranking.decimals, value \"40\": out of range; expected a whole number of decimals from 0 to 12 (totals are compared, ranked and graded at this precision)",
    );
    let out = w.run(&["run", "round", "--out", "out"]);
    assert_ne!(out.code, 0, "{}", out.all());
}

#[test]
fn negative_decimals_is_a_located_error() {
    let w = round_with_decimals("-1");
    check_fails_with(
        &w,
        "error: round/framework.toml, column ranking.decimals, value \"-1\": out of range; expected a whole number of decimals from 0 to 12 (totals are compared, ranked and graded at this precision)",
    );
}

#[test]
fn twelve_decimals_is_accepted() {
    let w = round_with_decimals("12");
    let out = w.run(&["check", "round"]);
    assert_eq!(out.code, 0, "{}", out.all());
}
