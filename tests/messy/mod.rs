//! Messy office workbooks: every Excel habit read as the clerk meant it,
//! or a located error; never a different score without one.
//!
//! `make_corpus.py` (openpyxl, an independent XLSX writer) turns the
//! synthetic sample round into one round per habit (title rows, units row,
//! percent-formatted cells, years typed as dates, text numbers, merged ids,
//! hidden rows, totals / notes / signatures under the data, a registry
//! footnote, full-width ids, 万元 in a 亿元 column, Excel error values,
//! formulas without a saved value, a row given twice, an unknown id) and
//! says in `cases.json` what each must give. Here every case is run through
//! the binary: a "same" case must give exactly the clean workbook round's
//! ranking.csv and decisions.csv (and list every row it set aside in
//! rejections.csv); an "error" case must exit non-zero naming file, sheet,
//! row and column, and write nothing; a "flag" case must be flagged by
//! `check` at its cell. All cases are run and every failure is reported
//! together.

use crate::peers::{note, python_with};
use crate::workdir::{repo, run_in, WorkDir};
use serde_json::Value;
use std::path::Path;

fn strings(case: &Value, key: &str) -> Vec<String> {
    case[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().expect("a string").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The strings of `wanted` that `text` does not contain.
fn missing(text: &str, wanted: Vec<String>) -> Vec<String> {
    wanted
        .into_iter()
        .filter(|w| !text.contains(w.as_str()))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| format!("<cannot read {}: {e}>", path.display()))
}

/// What went wrong with one case, if anything.
fn check_case(work: &WorkDir, corpus: &Path, case: &Value) -> Option<String> {
    let name = case["name"].as_str().expect("name");
    let dir = corpus.join(name);
    let dir_s = dir.to_str().expect("utf-8 path");
    let out = work.root.join(format!("out-{name}"));
    let out_s = out.to_str().expect("utf-8 path");
    let check = run_in(&work.root, &["check", dir_s]);
    let run = run_in(&work.root, &["run", dir_s, "--out", out_s]);
    let said = format!("{}\n{}", check.all(), run.all());
    let clean = work.root.join("out-clean");
    match case["expect"].as_str().expect("expect") {
        "same" => {
            if run.code != 0 {
                return Some(format!("run exited {}:\n{}", run.code, run.all()));
            }
            for file in ["ranking.csv", "decisions.csv"] {
                if read(&out.join(file)) != read(&clean.join(file)) {
                    return Some(format!("{file} differs from the clean round's"));
                }
            }
            let not_said = missing(&check.all(), strings(case, "warnings"));
            if !not_said.is_empty() {
                return Some(format!("check does not say {not_said:?}:\n{}", check.all()));
            }
            let rejections = read(&out.join("rejections.csv"));
            let not_listed = missing(&rejections, strings(case, "rejected"));
            if !not_listed.is_empty() {
                return Some(format!(
                    "rejections.csv does not list {not_listed:?}:\n{rejections}"
                ));
            }
            None
        }
        "error" => {
            if run.code == 0 || check.code == 0 {
                return Some(format!(
                    "check exited {} and run exited {}: expected a located error",
                    check.code, run.code
                ));
            }
            let not_said = missing(&run.all(), strings(case, "at"));
            if !not_said.is_empty() {
                return Some(format!(
                    "the error does not name {not_said:?}:\n{}",
                    run.all()
                ));
            }
            let written = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
            if written > 0 {
                return Some(format!("{written} files written despite the error"));
            }
            None
        }
        "flag" => {
            let not_said = missing(&check.all(), strings(case, "flags"));
            if !not_said.is_empty() {
                return Some(format!("check does not flag {not_said:?}:\n{said}"));
            }
            None
        }
        other => Some(format!("unknown expectation {other:?}")),
    }
}

/// The corpus of messy workbooks written by `make_corpus.py` (openpyxl)
/// into `work/corpus`; None (with a note saying why) without openpyxl.
pub fn make_corpus(work: &WorkDir, what: &str) -> Option<std::path::PathBuf> {
    if !python_with("openpyxl") {
        note(format!(
            "{what}: python3 with openpyxl is needed (pip install openpyxl)"
        ));
        return None;
    }
    let corpus = work.root.join("corpus");
    let made = std::process::Command::new("python3")
        .arg(repo().join("tests/messy/make_corpus.py"))
        .arg(repo())
        .arg(&corpus)
        .output()
        .expect("python3 runs");
    assert!(
        made.status.success(),
        "make_corpus.py failed: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    Some(corpus)
}

#[test]
fn every_excel_habit_is_read_as_meant_or_located() {
    let work = WorkDir::new();
    let Some(corpus) = make_corpus(&work, "messy workbooks not tested") else {
        return;
    };
    let cases: Vec<Value> =
        serde_json::from_str(&read(&corpus.join("cases.json"))).expect("cases.json");
    assert_eq!(cases[0]["name"], "clean", "the clean round comes first");
    assert!(cases.len() >= 15, "the corpus covers every habit");
    let mut failures = Vec::new();
    // The clean workbook round is the CSV sample round, cell for cell.
    let sample = repo().join("sample_data/hebei-2022-competition");
    let csv_out = work.root.join("out-csv");
    let csv_run = run_in(
        &work.root,
        &[
            "run",
            sample.to_str().unwrap(),
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    assert_eq!(csv_run.code, 0, "{}", csv_run.all());
    for case in &cases {
        if let Some(why) = check_case(&work, &corpus, case) {
            failures.push(format!(
                "{} ({}): {why}",
                case["name"].as_str().unwrap_or("?"),
                case["habit"].as_str().unwrap_or("?")
            ));
        }
    }
    for file in ["ranking.csv", "decisions.csv"] {
        if read(&csv_out.join(file)) != read(&work.root.join("out-clean").join(file)) {
            failures.push(format!("clean: {file} differs from the CSV sample round's"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} messy workbooks not handled:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
