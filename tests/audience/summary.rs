//! summary.html states the figures that decisions.csv and ranking.csv
//! hold, counted here from those files (and from history.csv for the
//! movers), in both audiences and one language at a time.

use crate::workdir::{col, read_csv, WorkDir};
use std::collections::BTreeMap;

/// The values of `attr="..."` in the page, in order.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The key figures: data-figure id -> the number shown.
fn figures(html: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (at, _) in html.match_indices("<div data-figure=\"") {
        let rest = &html[at + 18..];
        let id = &rest[..rest.find('"').unwrap()];
        let dd = &rest[rest.find("<dd>").unwrap() + 4..];
        let n = dd[..dd.find("</dd>").unwrap()].parse().unwrap();
        out.insert(id.to_string(), n);
    }
    out
}

fn count(rows: &[Vec<String>], k: usize, value: &str) -> usize {
    rows.iter().filter(|r| r[k] == value).count()
}

#[test]
fn the_competition_summary_states_the_decisions() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let r = round.to_str().unwrap();
    for (audience, lang) in [("internal", "zh"), ("public", "en")] {
        let out = format!("o-{audience}");
        w.ok(&[
            "run",
            r,
            "--out",
            &out,
            "--audience",
            audience,
            "--lang",
            lang,
        ]);
        let html = w.read(&format!("{out}/summary.html"));
        let (h, rows) = read_csv(&w.path(&format!("{out}/decisions.csv")));
        let (status, stage) = (col(&h, "status"), col(&h, "stage_reached"));
        let failed = count(&rows, status, "failed_gate");
        let screened = count(&rows, status, "screened_out");
        let got = figures(&html);
        let want: BTreeMap<String, usize> = [
            ("entered", rows.len()),
            ("failed_gate", failed),
            ("scored", rows.len() - failed - screened),
            ("finalists", count(&rows, stage, "defence")),
            ("quota", 11),
            ("selected", count(&rows, status, "selected")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(got, want, "{audience}");
        // By hand: 30 entered, one failed a gate, 18 shortlisted, 11 places.
        assert_eq!(
            (got["entered"], got["scored"], got["finalists"]),
            (30, 29, 18)
        );
        let selected: Vec<String> = rows
            .iter()
            .filter(|x| x[status] == "selected")
            .map(|x| x[col(&h, "cluster_id")].clone())
            .collect();
        assert_eq!(attr_values(&html, "data-cluster"), selected, "{audience}");
        // One language: the English page shows English names, no Chinese.
        if lang == "en" {
            assert!(html.contains("Shijiazhuang biomedicine cluster"));
            assert!(!html.contains("石家庄市生物医药集群"));
            assert!(html.contains("Selected clusters"));
        } else {
            assert!(html.contains("石家庄市生物医药集群"));
            assert!(html.contains("入选集群"));
        }
    }
}

#[test]
fn the_midterm_summary_states_grades_actions_and_movers() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o", "--lang", "en"]);
    let html = w.read("o/summary.html");
    let (h, rows) = read_csv(&w.path("o/decisions.csv"));
    let (id, grade, outcome) = (col(&h, "cluster_id"), col(&h, "grade"), col(&h, "outcome"));
    let got = figures(&html);
    assert_eq!(got["evaluated"], rows.len());
    for g in ["excellent", "good", "pass", "fail"] {
        assert_eq!(got[&format!("grade-{g}")], count(&rows, grade, g), "{g}");
    }
    let mut action: Vec<String> = rows
        .iter()
        .filter(|x| !x[outcome].is_empty() && x[outcome] != "continue")
        .map(|x| x[id].clone())
        .collect();
    let mut listed = attr_values(&html, "data-action");
    action.sort();
    listed.sort();
    assert_eq!(listed, action);
    // Movers: the grade of the latest year in history.csv against this
    // round's grade (history.csv names grades in Chinese).
    let (hh, history) = read_csv(&round.join("history.csv"));
    let (hid, hyear, hgrade) = (col(&hh, "cluster_id"), col(&hh, "year"), col(&hh, "grade"));
    let mut last: BTreeMap<&str, (i32, &str)> = BTreeMap::new();
    for x in &history {
        let year: i32 = x[hyear].parse().unwrap();
        let e = last
            .entry(x[hid].as_str())
            .or_insert((year, x[hgrade].as_str()));
        if year >= e.0 {
            *e = (year, x[hgrade].as_str());
        }
    }
    let zh = col(&h, "grade_zh");
    let mut moved: Vec<String> = rows
        .iter()
        .filter(|x| last.get(x[id].as_str()).is_some_and(|(_, g)| *g != x[zh]))
        .map(|x| x[id].clone())
        .collect();
    let mut shown = attr_values(&html, "data-mover");
    moved.sort();
    shown.sort();
    assert_eq!(shown, moved);
    assert!(!moved.is_empty());
    // [robustness] ran: one sentence.
    assert_eq!(
        attr_values(&html, "data-figure").last().unwrap(),
        "robustness"
    );
    assert!(html.contains("in at least 95 % of 5000 draws"));
}

#[test]
fn a_round_without_a_process_summarises_the_top_three_and_grades() {
    let w = WorkDir::new();
    let round = w.sample_round("asem");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let html = w.read("o/summary.html");
    assert!(!w.path("o/decisions.csv").exists());
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let top: Vec<String> = rows
        .iter()
        .take(3)
        .map(|x| x[col(&h, "cluster_id")].clone())
        .collect();
    assert_eq!(attr_values(&html, "data-cluster"), top);
    let got = figures(&html);
    assert_eq!(got["clusters"], rows.len());
    // The ASEM framework has no grades (ranking.csv's grade column is
    // empty): the summary shows no grade figure.
    assert!(rows.iter().all(|x| x[col(&h, "grade")].is_empty()));
    assert_eq!(got.keys().collect::<Vec<_>>(), ["clusters"]);
}
