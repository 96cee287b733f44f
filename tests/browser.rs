//! The HTML report in a headless browser (Debian's chromium): the page's
//! script runs without an error or a console message, every ranking row is
//! drawn, a screenshot is taken (target/report-zh.png, report-en.png), and
//! hostile names stay inert.
//!
//! A browser cannot be replaced by committed numbers, so these tests are
//! ignored by a plain `cargo test` and say why; `cargo test --
//! --include-ignored` (as `.ci/run` does) runs them, and then a missing
//! chromium is a failure, never a skip.

use crate::reports::hostile_round;
use crate::workdir::{read_csv, repo, WorkDir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The headless browser; its absence fails the test.
fn browser() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            let p = Path::new(dir).join(name);
            if p.exists() {
                return p;
            }
        }
    }
    panic!("no headless browser: this test needs chromium (apt install chromium)");
}

/// Open `page` headless with `args` (and a virtual-time budget of 3 s);
/// (stdout, stderr).
pub(crate) fn chromium(args: &[&str], page: &Path) -> (String, String) {
    let url = format!("file://{}", page.display());
    let mut all = vec!["--virtual-time-budget=3000"];
    all.extend_from_slice(args);
    chromium_url(&all, &url)
}

/// Open `url` (a page with a fragment, say) headless with `args`;
/// (stdout, stderr).
pub(crate) fn chromium_url(args: &[&str], url: &str) -> (String, String) {
    let out = Command::new(browser())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(args)
        .arg(url)
        .output()
        .expect("run chromium");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The page's script ran (it sets data-ready) without an error.
#[track_caller]
fn script_ran(dom: &str, log: &str) {
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
}

fn html_in_browser(lang: &str) {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o", "--lang", lang]);
    let page = w.path("o/report.html");
    let (dom, log) = chromium(&["--dump-dom"], &page);
    script_ran(&dom, &log);
    let (_, ranking) = read_csv(&w.path("o/ranking.csv"));
    assert_eq!(dom.matches("class=\"rank-row\"").count(), ranking.len());
    assert_eq!(ranking.len(), 29);
    let shot = repo().join("target").join(format!("report-{lang}.png"));
    let _ = std::fs::remove_file(&shot);
    let arg = format!("--screenshot={}", shot.display());
    let (_, log) = chromium(&[&arg, "--window-size=1280,4000"], &page);
    let size = std::fs::metadata(&shot)
        .unwrap_or_else(|e| panic!("no screenshot {}: {e}\n{log}", shot.display()))
        .len();
    assert!(size > 20_000, "screenshot too small: {size} bytes");
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn html_report_opens_in_a_headless_browser_zh() {
    html_in_browser("zh");
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn html_report_opens_in_a_headless_browser_en() {
    html_in_browser("en");
}

#[test]
#[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
fn hostile_names_are_inert_in_a_browser() {
    let w = WorkDir::new();
    hostile_round(&w);
    let (dom, log) = chromium(&["--dump-dom"], &w.path("o/report.html"));
    script_ran(&dom, &log);
}

mod charts;
