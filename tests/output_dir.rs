//! The output folder: the tool writes, replaces and deletes only its own
//! files (issue 15, "outputs never touch what the tool did not write").

use crate::workdir::{repo, WorkDir};

fn sample(name: &str) -> String {
    repo().join("sample_data").join(name).display().to_string()
}

/// The exact refusal for a folder holding files the tool did not write.
fn foreign_refusal(out: &str, count: usize, names: &str) -> String {
    format!(
        "error: --out {out} holds {count} file(s) cluster-eval did not write ({names}); choose an empty or new folder, or give --force to write beside them (they are left as they are unless an output has the same name)\n"
    )
}

#[test]
fn the_round_folder_is_never_an_output_folder() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let r = round.to_str().unwrap();
    let before = std::fs::read(round.join("clusters.csv")).unwrap();
    let out = w.fails(&["run", r, "--out", r], 1);
    assert_eq!(
        out.stderr,
        format!("error: --out {r} is the round folder: the outputs would be written among the inputs; choose another folder\n")
    );
    assert!(!round.join("ranking.csv").exists());
    assert_eq!(std::fs::read(round.join("clusters.csv")).unwrap(), before);
}

#[test]
fn a_folder_holding_an_input_is_refused() {
    // A registry named ranking.csv in a sub-folder of the output folder:
    // the run would overwrite it.
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let root = w.root.to_str().unwrap().to_string();
    let out = w.fails(&["run", round.to_str().unwrap(), "--out", &root], 1);
    assert!(
        out.stderr.starts_with(&format!(
            "error: --out {root} holds an input of the round ("
        )),
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .contains("the outputs could overwrite it; choose a folder without inputs"));
    assert!(!w.path("ranking.csv").exists());
}

#[test]
fn a_folder_with_the_users_files_is_refused_unless_forced_and_they_are_kept() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let r = round.to_str().unwrap();
    // The user's own rejections.csv and notes: the competition run writes
    // no rejections.csv, and once deleted the user's.
    w.write("o/rejections.csv", "mine\n");
    w.write("o/notes.txt", "keep\n");
    let refused = w.fails(&["run", r, "--out", "o"], 1);
    assert_eq!(
        refused.stderr,
        foreign_refusal("o", 2, "notes.txt, rejections.csv")
    );
    assert!(!w.path("o/ranking.csv").exists());
    w.ok(&["run", r, "--out", "o", "--force"]);
    assert!(w.path("o/ranking.csv").exists());
    assert_eq!(w.read("o/rejections.csv"), "mine\n");
    assert_eq!(w.read("o/notes.txt"), "keep\n");
    // A second run needs no --force for the tool's own files, but the
    // user's are still foreign.
    let again = w.fails(&["run", r, "--out", "o"], 1);
    assert_eq!(
        again.stderr,
        foreign_refusal("o", 2, "notes.txt, rejections.csv")
    );
}

#[test]
fn rerunning_replaces_the_tools_own_files_and_removes_only_its_stale_ones() {
    let w = WorkDir::new();
    let (midterm, competition) = (
        sample("hebei-2024-midterm"),
        sample("hebei-2022-competition"),
    );
    w.ok(&["run", &midterm, "--out", "o"]);
    assert!(w.path("o/robustness.csv").exists());
    assert!(w.path("o/rejections.csv").exists());
    let list = w.read("o/.cluster-eval-outputs");
    assert!(list.lines().any(|l| l == "robustness.csv"), "{list}");
    // The competition round has no robustness analysis, no roster, no
    // rejections: the mid-term's copies go; the list says what is there.
    w.ok(&["run", &competition, "--out", "o"]);
    for gone in [
        "robustness.csv",
        "sensitivity.csv",
        "rejections.csv",
        "roster_audit.csv",
    ] {
        assert!(!w.path(&format!("o/{gone}")).exists(), "{gone} kept");
    }
    let list = w.read("o/.cluster-eval-outputs");
    assert!(!list.lines().any(|l| l == "robustness.csv"), "{list}");
    assert!(list.lines().any(|l| l == "panel_scores.csv"), "{list}");
    let mut entries: Vec<String> = std::fs::read_dir(w.path("o"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".cluster-eval-outputs")
        .collect();
    entries.sort();
    let mut listed: Vec<String> = list.lines().map(String::from).collect();
    listed.sort();
    assert_eq!(entries, listed);
    w.ok(&["verify", "o"]);
}

#[test]
fn sensitivity_into_a_run_folder_keeps_the_runs_files() {
    let w = WorkDir::new();
    let m = &sample("hebei-2024-midterm");
    w.ok(&["run", m, "--out", "o"]);
    w.ok(&[
        "sensitivity",
        m,
        "--out",
        "o",
        "--replications",
        "50",
        "--sobol-base",
        "0",
        "--quiet",
    ]);
    for kept in [
        "ranking.csv",
        "decisions.csv",
        "progress.csv",
        "manifest.json",
    ] {
        assert!(w.path(&format!("o/{kept}")).exists(), "{kept} removed");
    }
    assert!(w.path("o/robustness.json").exists());
}
