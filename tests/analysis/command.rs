//! `audit` on the samples (hebei-2024-midterm and asem) and the audit
//! outputs of `run`: every file is there, every header is "中文 english",
//! the Chinese summary is wholly Chinese, and `run` lists the audit files
//! in its manifest and puts the audit in report.html.

use super::{table, Audit};
use crate::workdir::{read_csv, repo, WorkDir};

const FILES: [&str; 8] = [
    "audit_stats.csv",
    "audit_availability.csv",
    "audit_correlations.csv",
    "audit_corr_flags.csv",
    "audit_cronbach.csv",
    "audit_pca.csv",
    "audit_leave_one_out.csv",
    "audit_importance.csv",
];

fn han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Every header cell is "中文 english": Chinese, a space, then no Chinese.
fn bilingual_headers(dir: &std::path::Path) {
    for f in FILES {
        let (h, rows) = read_csv(&dir.join(f));
        assert!(!rows.is_empty(), "{f} has rows");
        for c in &h {
            let (zh, en) = c
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("{f}: header {c}"));
            assert!(zh.chars().any(han), "{f}: {c}");
            assert!(!en.is_empty() && !en.chars().any(han), "{f}: {c}");
        }
    }
}

#[test]
fn audit_of_the_midterm_sample_in_chinese() {
    let a = Audit::of("sample_data/hebei-2024-midterm", "zh");
    let out = a.w.path("out");
    bilingual_headers(&out);
    assert!(out.join("audit.html").exists());
    let html = std::fs::read_to_string(out.join("audit.html")).unwrap();
    assert!(html.contains("<svg"), "a heatmap per node");
    assert!(html.contains("统计审计"));
    // The summary, bar the line naming the files written, has no Latin
    // letter: names are the framework's Chinese names.
    let lines: Vec<&str> = a
        .stdout
        .lines()
        .filter(|l| !l.starts_with("已写入"))
        .collect();
    assert!(lines.len() >= 10, "{}", a.stdout);
    for l in &lines {
        assert!(
            !l.chars().any(|c| c.is_ascii_alphabetic()),
            "English in: {l}"
        );
    }
    assert!(a.stdout.contains("偏度和峰度均过高"), "{}", a.stdout);
}

#[test]
fn audit_of_asem_in_english() {
    let a = Audit::of("sample_data/asem", "en");
    bilingual_headers(&a.w.path("out"));
    assert!(
        a.stdout.starts_with("Statistical audit: ASEM"),
        "{}",
        a.stdout
    );
    assert!(!a.stdout.chars().any(han), "{}", a.stdout);
    // 49 indicators + 11 nodes, each left out but the total: 59 x 51 rows.
    assert_eq!(a.file("audit_leave_one_out.csv").len(), 59 * 51);
}

#[test]
fn run_writes_the_audit_beside_its_other_outputs() {
    let w = WorkDir::new();
    let dir = repo().join("sample_data/hebei-2024-midterm");
    w.ok(&["run", dir.to_str().unwrap(), "--out", "out"]);
    bilingual_headers(&w.path("out"));
    let manifest = w.read("out/manifest.json");
    for f in FILES {
        assert!(manifest.contains(f), "manifest lists {f}");
    }
    let html = w.read("out/report.html");
    assert!(html.contains("<section class=\"audit\">"));
    // The same numbers as the command's.
    let a = Audit::of("sample_data/hebei-2024-midterm", "zh");
    assert_eq!(
        table(&w.path("out/audit_cronbach.csv")),
        a.file("audit_cronbach.csv")
    );
    w.ok(&["verify", "out"]);
}
