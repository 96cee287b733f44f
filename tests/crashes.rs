//! The crash classes found by the fuzz harness (`fuzz.rs`), the mutation
//! test (`mutation.rs`) and hand-made hostile rounds: one minimal
//! reproducer each, held to the mutation test's contract (`try_mutant`:
//! exit 0 or 1, check and run agree, within 1 GiB and 20 s, nothing
//! written on 1, inputs unchanged, finite totals within bounds).
//!
//! A class that another branch fixes is ignored here with the branch and
//! the class named; un-ignore it when that branch is merged (and put the
//! class back in the fuzz and mutation runs: their `EXCLUDED` lists).

use crate::mutate;
use crate::mutation::{try_mutant, Tried};
use crate::workdir::WorkDir;
use std::path::PathBuf;

/// Base round `name` (`mutate::bases`) written into `w` as `round/`, the
/// seed of `file` changed by `edit` (for a workbook, its sheet XML).
fn round_with(w: &WorkDir, name: &str, file: &str, edit: impl FnOnce(String) -> String) -> PathBuf {
    let mut base = mutate::bases()
        .into_iter()
        .find(|b| b.name == name)
        .expect("a base round");
    let seed = base
        .files
        .iter_mut()
        .find(|f| f.file == file)
        .expect("a file of the base");
    let text = String::from_utf8(seed.bytes.clone()).expect("a text seed");
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed nothing in {file}");
    seed.bytes = edited.into_bytes();
    let dir = w.path("round");
    base.write(&dir);
    dir
}

/// Replace the first line starting with `key = ` by `key = value`.
fn set_key(text: String, key: &str, value: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(&format!("{key} = ")) {
                done = true;
                format!("{key} = {value}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// A cell at reference `r` added to the first row of a sheet.
fn cell_at(sheet: String, r: &str) -> String {
    sheet.replacen("</row>", &format!("<c r=\"{r}\"><v>1</v></c></row>"), 1)
}

#[track_caller]
fn keeps_the_contract(w: &WorkDir, round: &std::path::Path) -> Tried {
    let tried = try_mutant(&w.root, round);
    assert!(
        tried.problems.is_empty(),
        "the contract is broken:\n{}",
        tried.problems.join("\n")
    );
    tried
}

/// Every case (a label and a round built in a fresh folder) held to the
/// contract, with `codes` when given; all breaches reported together.
#[track_caller]
fn all_keep_the_contract(cases: Vec<(String, WorkDir, PathBuf)>, codes: Option<[i32; 2]>) {
    let mut broken = Vec::new();
    for (label, w, round) in cases {
        let mut tried = try_mutant(&w.root, &round);
        if let Some(c) = codes.filter(|c| tried.problems.is_empty() && tried.codes != c) {
            tried.problems.push(format!(
                "exit codes {:?}, expected {c:?}:\n{}",
                tried.codes, tried.output
            ));
        }
        if !tried.problems.is_empty() {
            broken.push(format!("{label}: {}", tried.problems.join("\n")));
        }
    }
    assert!(
        broken.is_empty(),
        "the contract is broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn xlsx_far_cell_reference() {
    let cases = [
        ("clusters.xlsx", "XFD1048576"),
        ("indicators.xlsx", "ZZZZ1"),
    ]
    .into_iter()
    .map(|(file, r)| {
        let w = WorkDir::new();
        let round = round_with(&w, "competition-xlsx", file, |s| cell_at(s, r));
        (format!("{file} with a cell at {r}"), w, round)
    })
    .collect();
    all_keep_the_contract(cases, None);
}

#[test]
fn xlsx_malformed_cell_reference() {
    let cases = ["A99999999999", "A4294967296", "AAAAAAAAAAAAAAAAAAAA1"]
        .into_iter()
        .map(|r| {
            let w = WorkDir::new();
            let round = round_with(&w, "competition-xlsx", "clusters.xlsx", |s| cell_at(s, r));
            (format!("a cell at {r}"), w, round)
        })
        .collect();
    all_keep_the_contract(cases, None);
}

#[test]
fn xlsx_inverted_dimension() {
    let w = WorkDir::new();
    let round = round_with(&w, "competition-xlsx", "clusters.xlsx", |s| {
        s.replacen("<sheetData>", "<dimension ref=\"B2:A1\"/><sheetData>", 1)
    });
    keeps_the_contract(&w, &round);
}

#[test]
fn robustness_sizes_from_round_toml() {
    let cases = [
        ("replications", "100000000000"),
        ("replications", "9223372036854775807"),
        ("sobol_base", "100000000000"),
        ("sobol_base", "9223372036854775807"),
        ("bootstrap", "9223372036854775807"),
    ]
    .into_iter()
    .map(|(key, value)| {
        let w = WorkDir::new();
        let round = round_with(&w, "midterm", "round.toml", |s| set_key(s, key, value));
        (format!("{key} = {value}"), w, round)
    })
    .collect();
    all_keep_the_contract(cases, Some([1, 1]));
}

#[test]
fn year_overflow_in_round_toml() {
    let w = WorkDir::new();
    let round = round_with(&w, "midterm", "round.toml", |s| {
        set_key(s, "baseline_year", "-2147483648")
    });
    let tried = keeps_the_contract(&w, &round);
    assert_eq!(tried.codes, [1, 1], "{}", tried.output);
}

#[test]
fn huge_weight_gives_infinite_totals() {
    let w = WorkDir::new();
    let round = round_with(&w, "asem", "framework.toml", |s| {
        s.replacen("\nweight = 1\n", "\nweight = 1e308\n", 1)
    });
    let tried = keeps_the_contract(&w, &round);
    assert_eq!(tried.codes, [1, 1], "{}", tried.output);
}

#[test]
fn cell_longer_than_a_spreadsheet_cell() {
    let w = WorkDir::new();
    let round = round_with(&w, "competition", "clusters.csv", |s| {
        s.replacen("石家庄市生物医药集群", &"集".repeat(40_000), 1)
    });
    keeps_the_contract(&w, &round);
}

#[test]
fn roster_cell_longer_than_a_spreadsheet_cell() {
    // The roster's streaming CSV pass sent such a file to polars unchecked:
    // accepted, then report.xlsx failed (fuzz seed 15, case 590).
    let w = WorkDir::new();
    let round = round_with(&w, "midterm", "enterprises.csv", |s| {
        s.replacen("保定达安汽车零部件有限公司", &"企".repeat(40_000), 1)
    });
    let tried = keeps_the_contract(&w, &round);
    assert_eq!(tried.codes, [1, 1], "{}", tried.output);
    assert!(
        tried.output.contains("a cell of 40000 characters"),
        "{}",
        tried.output
    );
}

#[test]
fn framework_hierarchy_deeper_than_a_sheet_is_wide() {
    let w = WorkDir::new();
    let depth = 17_000;
    let round = round_with(&w, "competition", "framework.toml", |s| {
        let mut chain = String::new();
        let mut parent = "scale".to_string();
        for i in 0..depth {
            chain.push_str(&format!(
                "[[node]]\nid = \"d{i}\"\nparent = \"{parent}\"\nname_zh = \"层{i}\"\nname_en = \"level {i}\"\npoints = 5\n\n"
            ));
            parent = format!("d{i}");
        }
        let s = s.replace("parent = \"scale\"\n", &format!("parent = \"{parent}\"\n"));
        s.replacen("[[indicator]]", &format!("{chain}[[indicator]]"), 1)
    });
    keeps_the_contract(&w, &round);
}

/// Fixed on this branch (rank): every standing's note named every other
/// cluster with the same total, so a round whose clusters all submit the
/// same figures grew its notes with the square of the cohort (400
/// clusters: notes past a spreadsheet cell's 32,767 characters, run exits
/// 2; 3,000: 5.7 GB). A note now names ten and counts the rest.
#[test]
fn many_equal_totals_keep_notes_short() {
    let w = WorkDir::new();
    let n = 400;
    let round = round_with(&w, "competition", "clusters.csv", |s| {
        let mut lines = s.lines();
        let header = lines.next().unwrap_or_default();
        let first = lines.next().unwrap_or_default();
        let rest = first.split_once(',').map_or("", |(_, r)| r);
        let mut out = format!("{header}\n");
        for i in 1..=n {
            out.push_str(&format!("X{i:03},{rest}\n"));
        }
        out
    });
    // Every cluster submits C01's figures; no process (it needs reviews
    // for each cluster).
    let indicators = std::fs::read_to_string(round.join("indicators.csv")).unwrap();
    let mut lines = indicators.lines();
    let mut same = format!("{}\n", lines.next().unwrap());
    let c01: Vec<&str> = lines.filter_map(|l| l.strip_prefix("C01,")).collect();
    for i in 1..=n {
        for l in &c01 {
            same.push_str(&format!("X{i:03},{l}\n"));
        }
    }
    w.write("round/indicators.csv", same);
    let toml = std::fs::read_to_string(round.join("round.toml")).unwrap();
    let inputs_end = toml.find("\n[process]").expect("a [process] section");
    let toml = toml[..inputs_end]
        .lines()
        .filter(|l| {
            !["reviewers", "reviews", "conflicts"]
                .iter()
                .any(|k| l.starts_with(&format!("{k} =")))
        })
        .collect::<Vec<_>>()
        .join("\n");
    w.write("round/round.toml", toml);
    let tried = keeps_the_contract(&w, &round);
    assert_eq!(tried.codes, [0, 0], "{}", tried.output);
    let (header, rows) = crate::workdir::read_csv(&w.path("out/ranking.csv"));
    let note = crate::workdir::col(&header, "tie_note");
    let rank = crate::workdir::col(&header, "rank");
    let tied = crate::workdir::col(&header, "tied");
    assert_eq!(rows.len(), n);
    for row in &rows {
        assert!(
            row[note].len() < 2000,
            "a note of {} bytes",
            row[note].len()
        );
        // Ten named, 389 counted; every cluster shares rank 1.
        assert_eq!(
            row[note].matches("tied with X").count(),
            10,
            "{}",
            row[note]
        );
        let last = row[note].rsplit("; ").next().unwrap_or_default();
        assert!(
            last.starts_with("and 389 more cluster(s) with the same total ("),
            "{last}"
        );
        assert_eq!((row[rank].as_str(), row[tied].as_str()), ("1", "yes"));
    }
}
