//! Reports reviewers read and audit: the workbook read back by an
//! independent reader (calamine), the manifest and `verify`, `explain
//! --vs`, and hostile names (the HTML page in a browser is in `browser`).

use crate::tolerance::close;
use crate::workdir::{col, read_csv, WorkDir};
use calamine::{open_workbook_auto, Data, Reader};
use cluster_eval::report::Lang;
use std::path::Path;

#[test]
fn html_report_is_self_contained_in_either_language() {
    // Nothing is fetched from anywhere (the browser tests open it).
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    for (lang, tag) in [
        ("zh", "<html lang=\"zh-CN\">"),
        ("en", "<html lang=\"en\">"),
    ] {
        let out = format!("o-{lang}");
        w.ok(&[
            "run",
            round.to_str().unwrap(),
            "--out",
            &out,
            "--lang",
            lang,
        ]);
        let html = w.read(&format!("{out}/report.html"));
        for needle in ["http://", "https://", "src=\"", "@import", "url("] {
            assert!(
                !html.contains(needle),
                "report.html ({lang}) refers to {needle}"
            );
        }
        assert!(html.contains(tag), "{lang}");
    }
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

#[test]
fn workbook_ranking_sheet_matches_ranking_csv() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let range = sheet(&w.path("o/report.xlsx"), "排名 Ranking");
    let cells: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells.len(), rows.len() + 1);
    // Chinese header with the English column name beside it.
    assert_eq!(text(&cells[0][0]), "排名 rank");
    assert_eq!(text(&cells[0][1]), "集群编号 cluster_id");
    for (i, row) in rows.iter().enumerate() {
        let x = &cells[i + 1];
        for (c, col) in h.iter().enumerate() {
            match &x[c] {
                Data::Float(v) => {
                    let want: f64 = row[c].parse().unwrap();
                    close(*v, want, 1e-9, format_args!("{col} row {i}"));
                }
                other => assert_eq!(text(other), row[c], "{col} row {i}"),
            }
        }
    }
    // The other sheets are there.
    let mut wb = open_workbook_auto(w.path("o/report.xlsx")).unwrap();
    let names = wb.sheet_names();
    for s in ["维度得分 Dimensions", "追溯 Trace", "评审结果 Decisions"] {
        assert!(names.iter().any(|n| n == s), "{s} not in {names:?}");
    }
    let trace = wb.worksheet_range("追溯 Trace").unwrap();
    assert_eq!(trace.rows().count(), 11 * 30 + 1);
}

#[test]
fn verify_passes_then_names_a_changed_output_or_input_cell() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let ok = w.ok(&["verify", "o"]);
    assert!(ok.stdout.contains("verified"));
    // An output byte changed.
    let p = w.path("o/decisions.csv");
    let mut b = std::fs::read(&p).unwrap();
    let at = b.len() / 2;
    b[at] = if b[at] == b'7' { b'8' } else { b'7' };
    std::fs::write(&p, &b).unwrap();
    let bad = w.fails(&["verify", "o"], 1);
    assert!(
        bad.stderr
            .contains("output edited since the run: decisions.csv"),
        "{}",
        bad.stderr
    );
    // Restore it; change an input byte instead: the run is re-made from
    // the archived inputs and the changed cell is named (the score of
    // R01 for C03 on row 44 of reviews.csv, 26 → 126).
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    w.ok(&["verify", "o"]);
    w.edit(
        "round/reviews.csv",
        "R01,C03,初审,basis,",
        "R01,C03,初审,basis,1",
    );
    let ok = w.ok(&["verify", "o"]);
    assert!(
        ok.stdout.contains(
            "note: input changed since the run: round/reviews.csv (the archived copy was used); 1 change:\n  reviews.csv, row 44, column E (分数): 26 → 126\n"
        ),
        "{}",
        ok.stdout
    );
    assert!(ok.stdout.contains("verified"), "{}", ok.stdout);
    // The manifest lists every input with its digest and every output.
    let m: serde_json::Value = serde_json::from_str(&w.read("o/manifest.json")).unwrap();
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        [
            "round.toml",
            "framework.toml",
            "clusters.csv",
            "indicators.csv",
            "reviewers.csv",
            "reviews.csv"
        ]
    );
    assert!(m["outputs"].as_array().unwrap().len() >= 11);
    assert_eq!(m["options"]["lang"], "zh");
}

#[test]
fn explain_vs_contributions_add_up_on_every_pair() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let r: serde_json::Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let ids: Vec<String> = r["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cluster_id"].as_str().unwrap().to_string())
        .collect();
    let mut pairs = 0;
    for a in &ids {
        for b in &ids {
            if a == b {
                continue;
            }
            let (total, dims, inds) =
                cluster_eval::report::explain::decompose(&r, a, b, Lang::En).unwrap();
            let d: f64 = dims.iter().map(|x| x.diff()).sum();
            let i: f64 = inds.iter().map(|x| x.diff()).sum();
            close(d, total, 1e-9, format_args!("{a} vs {b}: dimensions"));
            close(i, total, 1e-9, format_args!("{a} vs {b}: indicators"));
            assert!(inds
                .windows(2)
                .all(|p| p[0].diff().abs() >= p[1].diff().abs()));
            pairs += 1;
        }
    }
    assert_eq!(pairs, 11 * 10);
    let o = w.ok(&["explain", "o", "HB02", "--vs", "HB04", "--lang", "en"]);
    assert!(o.stdout.contains("HB02 (rank 1"));
    assert!(o
        .stdout
        .contains("by indicator (HB02 - HB04, largest first)"));
    let one = w.run(&["explain", "o", "HB08", "--lang", "en"]);
    assert!(
        one.stdout.contains("outcome exit: 2 fails in a row"),
        "{}",
        one.stdout
    );
    assert!(one.stdout.contains("indicators.csv row"), "{}", one.stdout);
    let none = w.fails(&["explain", "o", "NOPE"], 1);
    assert!(none.stderr.contains("no scored cluster \"NOPE\""));
}

/// The mid-term sample with a formula for HB01's name and a script for
/// HB02's, run into `o/`.
pub fn hostile_round(w: &WorkDir) {
    let round = w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/clusters.csv",
        "HB01,保定市电力及新能源高端装备集群",
        "HB01,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
    );
    w.edit(
        "round/clusters.csv",
        "HB02,保定市新能源与智能网联汽车集群",
        "HB02,<script>alert(1)</script>",
    );
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
}

#[test]
fn hostile_names_are_inert_in_csv_xlsx_and_html() {
    let w = WorkDir::new();
    hostile_round(&w);
    // CSV: the formula is prefixed with an apostrophe.
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let (name, id) = (col(&h, "name_zh"), col(&h, "cluster_id"));
    let hb01 = rows.iter().find(|r| r[id] == "HB01").unwrap();
    assert_eq!(hb01[name], "'=HYPERLINK(\"http://x\",\"y\")");
    let (dh, drows) = read_csv(&w.path("o/decisions.csv"));
    let dn = col(&dh, "name_zh");
    assert!(drows
        .iter()
        .any(|r| r[dn] == "'=HYPERLINK(\"http://x\",\"y\")"));
    // XLSX: a string, neutralised, and no formula anywhere.
    let path = w.path("o/report.xlsx");
    let range = sheet(&path, "排名 Ranking");
    let found = range
        .rows()
        .flat_map(|r| r.iter())
        .any(|c| matches!(c, Data::String(s) if s == "'=HYPERLINK(\"http://x\",\"y\")"));
    assert!(found, "the neutralised name is not in the ranking sheet");
    let mut wb = open_workbook_auto(&path).unwrap();
    for s in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&s).unwrap();
        assert!(
            formulas.rows().flat_map(|r| r.iter()).all(|f| f.is_empty()),
            "a formula in sheet {s}"
        );
    }
    // HTML and Markdown: escaped.
    for f in ["report.html", "report.md"] {
        let text = w.read(&format!("o/{f}"));
        assert!(!text.contains("<script>alert(1)"), "{f} carries the script");
        assert!(
            text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{f}"
        );
    }
}
