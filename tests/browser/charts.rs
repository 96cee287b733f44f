//! The charts as a browser draws them, in Chinese and English, for the
//! competition and the mid-term sample: `layout_check.js`, appended to a
//! copy of report.html, reads the bounding box of every legend item and
//! every text of every chart (getBoundingClientRect, after the fonts are
//! loaded) and writes what it found into the page, which `--dump-dom`
//! returns. No two legend items of a chart overlap, no text reaches
//! outside its chart's box (nothing clipped), and the ranking table of the
//! page is ranking.csv: the same ids in the same order, the same totals to
//! the decimals the page shows.

use super::chromium;
use crate::workdir::{col, read_csv, repo, WorkDir};
use serde_json::Value;

/// The findings the check script wrote into the page.
fn findings(dom: &str) -> Value {
    let open = "<pre id=\"layout-check\">";
    let start = dom
        .rfind(open)
        .unwrap_or_else(|| panic!("the check script wrote nothing"))
        + open.len();
    let end = start + dom[start..].find("</pre>").expect("</pre>");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn charts_in_browser(round: &str, lang: &str, dimensions: usize) {
    let w = WorkDir::new();
    let r = w.sample_round(round);
    w.ok(&["run", r.to_str().unwrap(), "--out", "o", "--lang", lang]);
    let page = w.read("o/report.html");
    let script = std::fs::read_to_string(repo().join("tests/browser/layout_check.js")).unwrap();
    let at = page.rfind("</body>").expect("</body>");
    let checked = format!("{}<script>{script}</script>{}", &page[..at], &page[at..]);
    w.write("o/check.html", checked);
    let (dom, log) = chromium(&["--dump-dom"], &w.path("o/check.html"));
    let found = findings(&dom);
    let problems = found["problems"].as_array().unwrap();
    assert!(problems.is_empty(), "{round} {lang}: {problems:#?}\n{log}");
    // The charts were there to be measured: the bars' legend has one
    // entry per dimension, the heatmap's the scale and "missing".
    let charts = found["charts"].as_array().unwrap();
    let chart = |name: &str| {
        charts
            .iter()
            .find(|c| c["name"].as_str().unwrap().starts_with(name))
            .unwrap_or_else(|| panic!("{round} {lang}: no {name} in {charts:?}"))
    };
    assert_eq!(chart("chart bars")["legend_items"], dimensions);
    assert_eq!(chart("chart heatmap")["legend_items"], 2);
    assert!(chart("chart heatmap")["texts"].as_u64().unwrap() > 30);
    // The ranking table is ranking.csv.
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let (id, total) = (col(&h, "cluster_id"), col(&h, "total"));
    let shown = found["ranking"].as_array().unwrap();
    assert_eq!(shown.len(), rows.len(), "{round} {lang}");
    for (row, csv) in shown.iter().zip(&rows) {
        assert_eq!(row[0], csv[id].as_str(), "{round} {lang}");
        let text = row[1].as_str().unwrap();
        let decimals = text.split('.').nth(1).map_or(0, str::len) as i32;
        let page: f64 = text.parse().unwrap();
        let file: f64 = csv[total].parse().unwrap();
        assert!(
            (page - file).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9,
            "{round} {lang} {}: page {text}, ranking.csv {file}",
            csv[id]
        );
    }
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn charts_hold_up_in_a_browser_competition_zh_and_en() {
    // indicators/hebei-competition.toml: 产业实力, 创新能力, 协同聚力.
    for lang in ["zh", "en"] {
        charts_in_browser("hebei-2022-competition", lang, 3);
    }
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn charts_hold_up_in_a_browser_midterm_zh_and_en() {
    for lang in ["zh", "en"] {
        charts_in_browser("hebei-2024-midterm", lang, 3);
    }
}
