//! Reports reviewers read and audit: the HTML page in a headless browser,
//! the workbook read back by an independent reader (calamine), the
//! manifest and `verify`, `explain --vs`, and hostile names.

use crate::workdir::{read_csv, repo, WorkDir};
use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The headless browser, if the machine has one. `.ci/run` installs
/// Debian's chromium and sets CLUSTER_EVAL_REQUIRE_BROWSER=1, so on CI a
/// missing browser fails the test instead of skipping it.
fn browser() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            let p = Path::new(dir).join(name);
            if p.exists() {
                return Some(p);
            }
        }
    }
    if std::env::var("CLUSTER_EVAL_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("no headless browser (chromium) found, and CLUSTER_EVAL_REQUIRE_BROWSER=1");
    }
    eprintln!("skipped: no chromium on this machine (CI installs it)");
    None
}

fn chromium(bin: &Path, args: &[&str], page: &Path) -> (String, String) {
    let url = format!("file://{}", page.display());
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .args(args)
        .arg(&url)
        .output()
        .expect("run chromium");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn html_in_browser(lang: &str) {
    let Some(bin) = browser() else { return };
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let o = w.run(&["run", round.to_str().unwrap(), "--out", "o", "--lang", lang]);
    assert_eq!(o.code, 0, "{}", o.all());
    let page = w.path("o/report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: nothing is fetched from anywhere.
    for needle in ["http://", "https://", "src=\"", "@import", "url("] {
        assert!(!html.contains(needle), "report.html refers to {needle}");
    }
    assert!(html.contains(if lang == "zh" {
        "<html lang=\"zh-CN\">"
    } else {
        "<html lang=\"en\">"
    }));
    let (dom, log) = chromium(&bin, &["--dump-dom"], &page);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run:\n{log}"
    );
    assert!(
        !dom.contains("data-js-errors=\""),
        "script errors in the page"
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let (_, ranking) = read_csv(&w.path("o/ranking.csv"));
    assert_eq!(dom.matches("class=\"rank-row\"").count(), ranking.len());
    assert_eq!(ranking.len(), 29);
    let shot = repo().join("target").join(format!("report-{lang}.png"));
    let _ = std::fs::remove_file(&shot);
    let arg = format!("--screenshot={}", shot.display());
    let (_, log) = chromium(&bin, &[&arg, "--window-size=1280,4000"], &page);
    let size = std::fs::metadata(&shot)
        .unwrap_or_else(|e| panic!("no screenshot {}: {e}\n{log}", shot.display()))
        .len();
    assert!(size > 20_000, "screenshot too small: {size} bytes");
}

#[test]
fn html_report_opens_in_a_headless_browser_zh() {
    html_in_browser("zh");
}

#[test]
fn html_report_opens_in_a_headless_browser_en() {
    html_in_browser("en");
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
    assert_eq!(
        w.run(&["run", round.to_str().unwrap(), "--out", "o"]).code,
        0
    );
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
                    assert!((v - want).abs() < 1e-9, "{col} row {i}: {v} vs {want}");
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
fn verify_passes_then_names_a_changed_input_or_output() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    assert_eq!(
        w.run(&["run", round.to_str().unwrap(), "--out", "o"]).code,
        0
    );
    let ok = w.run(&["verify", "o"]);
    assert_eq!(ok.code, 0, "{}", ok.all());
    assert!(ok.stdout.contains("verified"));
    // An output byte changed.
    let p = w.path("o/decisions.csv");
    let mut b = std::fs::read(&p).unwrap();
    let at = b.len() / 2;
    b[at] = if b[at] == b'7' { b'8' } else { b'7' };
    std::fs::write(&p, &b).unwrap();
    let bad = w.run(&["verify", "o"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr
            .contains("output edited since the run: decisions.csv"),
        "{}",
        bad.stderr
    );
    // Restore it; change an input byte instead.
    assert_eq!(
        w.run(&["run", round.to_str().unwrap(), "--out", "o"]).code,
        0
    );
    assert_eq!(w.run(&["verify", "o"]).code, 0);
    w.edit(
        "round/reviews.csv",
        "R01,C03,初审,basis,",
        "R01,C03,初审,basis,1",
    );
    let bad = w.run(&["verify", "o"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("input changed since the run:"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("reviews.csv"), "{}", bad.stderr);
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
    assert_eq!(
        w.run(&["run", round.to_str().unwrap(), "--out", "o"]).code,
        0
    );
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
            let (total, dims, inds) = cluster_eval::audit::explain::decompose(&r, a, b).unwrap();
            let d: f64 = dims.iter().map(|x| x.diff()).sum();
            let i: f64 = inds.iter().map(|x| x.diff()).sum();
            assert!(
                (d - total).abs() < 1e-9,
                "{a} vs {b}: dimensions {d} vs {total}"
            );
            assert!(
                (i - total).abs() < 1e-9,
                "{a} vs {b}: indicators {i} vs {total}"
            );
            assert!(inds
                .windows(2)
                .all(|p| p[0].diff().abs() >= p[1].diff().abs()));
            pairs += 1;
        }
    }
    assert_eq!(pairs, 11 * 10);
    let o = w.run(&["explain", "o", "HB02", "--vs", "HB04"]);
    assert_eq!(o.code, 0, "{}", o.all());
    assert!(o.stdout.contains("HB02 (rank 1"));
    assert!(o
        .stdout
        .contains("by indicator (HB02 - HB04, largest first)"));
    let one = w.run(&["explain", "o", "HB08"]);
    assert!(
        one.stdout.contains("outcome exit: 2 fails in a row"),
        "{}",
        one.stdout
    );
    assert!(one.stdout.contains("indicators.csv row"), "{}", one.stdout);
    let none = w.run(&["explain", "o", "NOPE"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("no scored cluster \"NOPE\""));
}

#[test]
fn hostile_names_are_inert_in_csv_xlsx_and_html() {
    let w = WorkDir::new();
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
    let o = w.run(&["run", round.to_str().unwrap(), "--out", "o"]);
    assert_eq!(o.code, 0, "{}", o.all());
    // CSV: the formula is prefixed with an apostrophe.
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let name = h.iter().position(|x| x == "name_zh").unwrap();
    let id = h.iter().position(|x| x == "cluster_id").unwrap();
    let hb01 = rows.iter().find(|r| r[id] == "HB01").unwrap();
    assert_eq!(hb01[name], "'=HYPERLINK(\"http://x\",\"y\")");
    let (dh, drows) = read_csv(&w.path("o/decisions.csv"));
    let dn = dh.iter().position(|x| x == "name_zh").unwrap();
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
    if let Some(bin) = browser() {
        let (dom, log) = chromium(&bin, &["--dump-dom"], &w.path("o/report.html"));
        assert!(dom.contains("data-ready=\"1\""), "{log}");
        assert!(!log.contains("CONSOLE"), "{log}");
    }
}
