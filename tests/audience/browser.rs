//! The HTML pages in headless Chromium (ignored by a plain `cargo test`,
//! as the other browser tests; `.ci/run` runs them with
//! `--include-ignored`, and then a missing chromium or pdftotext fails):
//! a round of more than 100 clusters draws a cluster's scorecard on demand
//! with the total of ranking.csv, and the competition report prints on A4
//! with the round's name, the data year and the page number on every page
//! and no heading left at the bottom of a page.

use crate::workdir::{col, read_csv, WorkDir};
use std::path::Path;
use std::process::Command;

use crate::browser::chromium_url as chromium;

fn url(page: &Path) -> String {
    format!("file://{}", page.display())
}

/// The text of each page of a PDF (pdftotext, pages split at form feeds).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt install poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn a_large_round_draws_a_scorecard_on_demand() {
    let w = WorkDir::new();
    w.ok(&[
        "generate",
        "--clusters",
        "150",
        "--enterprises",
        "3000",
        "round",
    ]);
    w.ok(&["run", "round", "--out", "o"]);
    let html = w.read("o/report.html");
    assert_eq!(
        html.matches("<section class=\"card\"").count(),
        0,
        "cards pre-drawn"
    );
    assert!(html.contains("id=\"cards-data\""));
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let (id, total) = (col(&h, "cluster_id"), col(&h, "total"));
    let row = &rows[2];
    let want = format!("{:.2}", row[total].parse::<f64>().unwrap());
    let page = url(&w.path("o/report.html"));
    let (dom, log) = chromium(
        &["--virtual-time-budget=5000", "--dump-dom"],
        &format!("{page}#c-{}", row[id]),
    );
    assert!(
        dom.contains("data-ready=\"1\""),
        "script did not run:\n{log}"
    );
    assert!(!dom.contains("data-js-errors=\""), "script errors:\n{log}");
    assert_eq!(dom.matches("<section class=\"card\"").count(), 1);
    let at = dom
        .find(&format!("<section class=\"card\" id=\"c-{}\">", row[id]))
        .unwrap_or_else(|| panic!("no card for {}", row[id]));
    let card = &dom[at..at + dom[at..].find("</section>").unwrap()];
    let heading = &card[card.find("<h3>").unwrap()..card.find("</h3>").unwrap()];
    assert!(heading.ends_with(&want), "{heading} vs ranking.csv {want}");
    // "<id> <name> · <rank> · 总分 <total>": the third cluster by rank.
    assert!(
        heading.starts_with(&format!("<h3>{} ", row[id])),
        "{heading}"
    );
    assert!(heading.contains(" · 3 · "), "{heading}");
    assert!(card.contains("<svg") && card.matches("<polygon").count() >= 6);
    // A row per indicator of the framework (trace.csv: one row per cluster
    // and indicator).
    let (th, trace) = read_csv(&w.path("o/trace.csv"));
    let indicators = trace
        .iter()
        .filter(|t| t[col(&th, "cluster_id")] == row[id])
        .count();
    assert_eq!(card.matches("<tr>").count(), indicators + 1);
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn the_competition_report_prints_page_numbers_header_and_year() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let pdf = w.path("o.pdf");
    let arg = format!("--print-to-pdf={}", pdf.display());
    chromium(
        &["--no-pdf-header-footer", &arg],
        &url(&w.path("o/report.html")),
    );
    let pages = pdf_pages(&pdf);
    assert!(pages.len() > 5, "{} pages", pages.len());
    let html = w.read("o/report.html");
    let headings: Vec<String> = html
        .match_indices("<h2>")
        .map(|(k, _)| {
            let rest = &html[k + 4..];
            squeeze(&rest[..rest.find("</h2>").unwrap()])
        })
        .collect();
    assert!(headings.len() > 4);
    for (k, text) in pages.iter().enumerate() {
        let flat = squeeze(text);
        let n = k + 1;
        assert!(
            flat.contains(&format!("第{n}页")),
            "page {n}: no page number"
        );
        assert!(
            flat.contains("河北省先进制造业集群2022年竞赛（合成样例）"),
            "page {n}: no round name"
        );
        assert!(flat.contains("数据年度2021"), "page {n}: no year");
        // The last line of the page's body (before its footer) is not a
        // heading left alone at the bottom.
        let body: Vec<String> = text
            .lines()
            .map(squeeze)
            .filter(|l| !l.is_empty() && *l != format!("第{n}页"))
            .collect();
        let last = body.last().unwrap();
        assert!(
            !headings.contains(last),
            "page {n} ends with the heading {last}"
        );
    }
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn the_summary_prints_on_one_page() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o", "--lang", "en"]);
    let pdf = w.path("s.pdf");
    let arg = format!("--print-to-pdf={}", pdf.display());
    chromium(
        &["--no-pdf-header-footer", &arg],
        &url(&w.path("o/summary.html")),
    );
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 1, "{pages:?}");
    let flat = squeeze(&pages[0]);
    assert!(flat.contains("Page1"), "{flat}");
    assert!(flat.contains("Datayear2023"), "{flat}");
}
