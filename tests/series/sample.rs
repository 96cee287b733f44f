//! The two-round sample (sample_data/series/): the 2024 round takes its
//! history from the 2023 outputs, and that gives the decisions the
//! hand-kept history.csv gives; an edited or missing earlier output is a
//! located error naming the command that makes it; compare-rounds on the
//! pair shows the cluster that entered and the one that left.

use crate::workdir::{col, read_csv, repo, WorkDir};

/// The sample series copied into `a/series/` with its framework at
/// `indicators/` (round.toml's `../../../indicators/`), the 2023 round run
/// into `a/series/out-2023/`.
pub(crate) fn series() -> WorkDir {
    let w = WorkDir::new();
    for year in ["2023", "2024"] {
        let src = repo().join("sample_data/series").join(year);
        for e in std::fs::read_dir(&src).unwrap() {
            let p = e.unwrap().path();
            // Only the round's files (not an archive a run left there).
            if p.is_dir() {
                continue;
            }
            w.write(
                &format!(
                    "a/series/{year}/{}",
                    p.file_name().unwrap().to_str().unwrap()
                ),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    w.write(
        "indicators/hebei-midterm.toml",
        std::fs::read(repo().join("indicators/hebei-midterm.toml")).unwrap(),
    );
    w.ok(&["run", "a/series/2023", "--out", "a/series/out-2023"]);
    w
}

/// (cluster, grade, outcome, reason) of every row of decisions.csv.
fn decisions(w: &WorkDir, out: &str) -> Vec<Vec<String>> {
    let (h, rows) = read_csv(&w.path(&format!("{out}/decisions.csv")));
    let keep = [
        "cluster_id",
        "grade",
        "outcome",
        "outcome_reason",
        "outcome_reason_zh",
        "history",
    ];
    let cols: Vec<usize> = keep.iter().map(|k| col(&h, k)).collect();
    rows.iter()
        .map(|r| cols.iter().map(|&c| r[c].clone()).collect())
        .collect()
}

#[test]
fn history_from_outputs_equals_the_hand_kept_history() {
    let w = series();
    w.ok(&["run", "a/series/2024", "--out", "from-outputs"]);
    // The same round with the hand-kept history.csv instead.
    w.edit(
        "a/series/2024/round.toml",
        "[history]\nrounds = [\"../out-2023\"]\n",
        "",
    );
    w.edit(
        "a/series/2024/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"indicators.csv\"]\nhistory = \"history.csv\"",
    );
    w.ok(&["run", "a/series/2024", "--out", "by-hand"]);
    let (a, b) = (decisions(&w, "from-outputs"), decisions(&w, "by-hand"));
    assert_eq!(a, b);
    // Not vacuous: HB03 failed in both rounds and exits after two fails in
    // a row; HB12 is new and has no history.
    let row = |id: &str| a.iter().find(|r| r[0] == id).unwrap().clone();
    assert_eq!(row("HB03")[2], "exit");
    assert!(
        row("HB03")[3].contains("2 fails in a row (2022, 2023)"),
        "{:?}",
        row("HB03")
    );
    assert!(
        row("HB12")[3].contains("no earlier round"),
        "{:?}",
        row("HB12")
    );
    // The earlier outputs are inputs of the run: in its manifest.
    let manifest = w.read("from-outputs/manifest.json");
    for f in [
        "manifest.json",
        "scores.json",
        "ranking.csv",
        "decisions.csv",
    ] {
        assert!(
            manifest.contains(&format!("\"../out-2023/{f}\"")),
            "{f} not in the manifest"
        );
    }
}

#[test]
fn an_edited_earlier_output_is_named() {
    let w = series();
    w.edit(
        "a/series/out-2023/decisions.csv",
        "fail,不合格",
        "pass,合格",
    );
    let out = w.fails(&["run", "a/series/2024", "--out", "o"], 1);
    assert!(
        out.stderr.contains("out-2023/decisions.csv"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("edited after its run: its SHA-256 is"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("cluster-eval run"), "{}", out.stderr);
}

#[test]
fn a_missing_earlier_output_says_which_command_makes_it() {
    let w = series();
    std::fs::remove_dir_all(w.path("a/series/out-2023")).unwrap();
    let out = w.fails(&["run", "a/series/2024", "--out", "o"], 1);
    assert!(out.stderr.contains("round.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("history.rounds[0]"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("has no readable manifest.json: make it with `cluster-eval run"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_hand_kept_row_the_outputs_contradict_is_ignored_with_a_warning() {
    let w = series();
    w.edit(
        "a/series/2024/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"indicators.csv\"]\nhistory = \"history.csv\"",
    );
    // Row 4 (HB03) says 合格 where the 2023 output says 不合格.
    w.edit(
        "a/series/2024/history.csv",
        "HB03,2022,不合格,warning",
        "HB03,2022,合格,rectify",
    );
    w.ok(&["run", "a/series/2024", "--out", "o"]);
    let json: serde_json::Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let about = |needle: &str| -> Vec<&serde_json::Value> {
        diags
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains(needle))
            .collect()
    };
    let warned = about("records another grade or outcome for this cluster: this row is ignored");
    assert_eq!(warned.len(), 1, "{diags:?}");
    assert_eq!(warned[0]["severity"], "warning");
    assert_eq!(warned[0]["row"], 4);
    assert!(warned[0]["file"].as_str().unwrap().ends_with("history.csv"));
    // The nine rows that agree are one note.
    let noted = about("9 row(s) (2, 3, 5, 6, 7, 8, 9, 10, 11) agree with the earlier outputs");
    assert_eq!(noted.len(), 1, "{diags:?}");
    // The output's grade is used: HB03 failed twice, exits.
    let d = decisions(&w, "o");
    let hb03 = d.iter().find(|r| r[0] == "HB03").unwrap();
    assert_eq!(hb03[2], "exit");
}

#[test]
fn compare_rounds_on_the_sample() {
    let w = series();
    w.ok(&["run", "a/series/2024", "--out", "a/series/out-2024"]);
    let out = w.ok(&[
        "compare-rounds",
        "a/series/out-2024",
        "a/series/out-2023",
        "--lang",
        "en",
        "--out",
        "cmp",
    ]);
    assert!(
        out.stdout.contains("Movement 2022 → 2023"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Entering: HB12 Xingtai new functional materials cluster"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Leaving: HB08 Langfang new display and electronic materials cluster"),
        "{}",
        out.stdout
    );
    let zh = w.ok(&[
        "compare-rounds",
        "a/series/out-2023",
        "a/series/out-2024",
        "--lang",
        "zh",
    ]);
    assert!(
        zh.stdout.contains("新进入：HB12 邢台市新型功能材料集群"),
        "{}",
        zh.stdout
    );
    // Chinese text: no English word of three letters or more but the ids
    // and file names.
    let words: Vec<&str> = zh
        .stdout
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-' && c != '.')
        .filter(|t| t.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .filter(|t| !t.starts_with("series-") && *t != "trends.csv")
        .collect();
    assert!(words.is_empty(), "{words:?}");
    let (h, rows) = read_csv(&w.path("cmp/movement.csv"));
    let p = col(&h, "序列状态 presence");
    let left: Vec<&str> = rows
        .iter()
        .filter(|r| r[p] == "left")
        .map(|r| r[3].as_str())
        .collect();
    assert_eq!(left, vec!["HB08"]);
}

#[test]
fn compare_rounds_reads_the_archive_after_the_inputs_changed() {
    let w = series();
    w.ok(&["run", "a/series/2024", "--out", "a/series/out-2024"]);
    let args = [
        "compare-rounds",
        "a/series/out-2023",
        "a/series/out-2024",
        "--lang",
        "en",
    ];
    let before = w.ok(&args).stdout;
    // A value of the 2023 round changed on disk after its run: the
    // comparison is still of the runs as they were made.
    w.edit(
        "a/series/2023/indicators.csv",
        "HB01,iur_projects,2022,",
        "HB01,iur_projects,2022,9",
    );
    assert_ne!(
        w.read("a/series/2023/indicators.csv"),
        std::fs::read_to_string(repo().join("sample_data/series/2023/indicators.csv")).unwrap()
    );
    assert_eq!(w.ok(&args).stdout, before);
    // An archived manifest stands for its run as well as its output folder.
    let runs: Vec<_> = std::fs::read_dir(w.path("a/series/2023/.archive/runs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(runs.len(), 1);
    let by_id = w.ok(&[
        "compare-rounds",
        runs[0].to_str().unwrap(),
        "a/series/out-2024",
        "--lang",
        "en",
    ]);
    assert_eq!(by_id.stdout, before);
}

#[test]
fn compare_rounds_needs_two_runs_that_exist() {
    let w = WorkDir::new();
    let out = w.fails(&["compare-rounds", "nowhere", "elsewhere"], 1);
    assert!(
        out.stderr.contains("nowhere: no such output folder or archived manifest (an output folder is made by `cluster-eval run ROUND --out nowhere`)"),
        "{}",
        out.stderr
    );
    // One folder is not a series (clap refuses it before anything is read).
    w.fails(&["compare-rounds", "nowhere"], 2);
}
