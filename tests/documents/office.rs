//! report.docx opened by LibreOffice (`soffice --headless --convert-to
//! pdf`), an independent reader of WordprocessingML, for both sample rounds
//! as they are published (their own `[report]`: the synthetic office and
//! date): the conversion succeeds without an error, and the PDF LibreOffice
//! lays out holds the office, the date and the results table, every row of
//! decisions.csv in its order, its header row repeated on every page the
//! table reaches.
//!
//! Without soffice the test prints why; under CLUSTER_EVAL_REQUIRE_PYREF=1
//! (CI, which installs `libreoffice-writer-nogui`) it fails instead.

use super::{dash, pdf_pages, poppler, require, rows_in_order, squash, two_decimals};
use crate::peers::note;
use crate::workdir::{col, read_csv, WorkDir};
use std::path::Path;
use std::process::Command;

/// Whether `soffice` runs.
fn soffice() -> bool {
    let ok = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !require(),
            "soffice missing (apt: libreoffice-writer-nogui), and CLUSTER_EVAL_REQUIRE_PYREF=1"
        );
        note("soffice not installed (libreoffice-writer-nogui): report.docx not opened by LibreOffice");
    }
    ok
}

/// report.docx of `out` converted to PDF by LibreOffice, with a profile of
/// its own (two conversions at once must not share one); the PDF's pages.
fn converted(w: &WorkDir, out: &str) -> Vec<String> {
    let dir = w.path(&format!("{out}-lo"));
    let profile = w.path(&format!("{out}-profile"));
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(w.path(out).join("report.docx"))
        .output()
        .expect("soffice runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    let pdf = dir.join("report.pdf");
    assert!(
        o.status.success() && pdf.exists(),
        "LibreOffice did not convert report.docx:\n{stdout}\n{stderr}"
    );
    // LibreOffice says "Error: ..." when it cannot read a document (it may
    // still exit 0); a note about Java is not about the document.
    assert!(
        !stdout.contains("Error") && !stderr.contains("Error"),
        "{stdout}\n{stderr}"
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    pdf_pages(Path::new(&pdf))
}

#[test]
fn libreoffice_opens_the_word_documents_of_both_samples() {
    if !soffice() || !poppler() {
        return;
    }
    // The competition in Chinese: decisions.csv's rows as the document
    // writes them (rank, id, name, city, final score, result).
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["run", "round", "--out", "c", "--lang", "zh"]);
    let (h, rows) = read_csv(&w.path("c/decisions.csv"));
    let cell = |r: &Vec<String>, c: &str| r[col(&h, c)].clone();
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            [
                "rank",
                "cluster_id",
                "name_zh",
                "city",
                "final_score",
                "status_zh",
            ]
            .iter()
            .map(|c| dash(&cell(r, c)))
            .collect()
        })
        .collect();
    assert_eq!(expected.len(), 30);
    let pages = converted(&w, "c");
    let all = squash(&pages.join("\n"));
    for text in [
        "（示例）河北省先进制造业集群评价办公室",
        "2022年12月30日",
        "河北省先进制造业集群2022年竞赛（合成样例）",
        "公示期为5日",
        "0311-00000000（示例）",
    ] {
        assert!(all.contains(text), "no {text} in LibreOffice's PDF: {all}");
    }
    rows_in_order(&pages, &expected);
    let first = pages.iter().position(|p| p.contains("C01")).unwrap();
    // The pages of the table: up to the rectification list, which follows.
    let end = pages
        .iter()
        .position(|p| p.contains("整改清单"))
        .unwrap_or(pages.len())
        .max(first + 1);
    for p in &pages[first..end] {
        let words: Vec<&str> = p.split_whitespace().collect();
        for h in ["排名", "编号", "集群名称", "城市", "最终得分", "结果"] {
            assert!(
                words.contains(&h),
                "no header {h} on a page of the table: {p}"
            );
        }
    }

    // The mid-term in English: rank, id and final score on one line (a
    // name may wrap in its cell), in decisions.csv's order.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.ok(&["run", "round", "--out", "m", "--lang", "en"]);
    let (h, rows) = read_csv(&w.path("m/decisions.csv"));
    let cell = |r: &Vec<String>, c: &str| r[col(&h, c)].clone();
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                dash(&cell(r, "rank")),
                cell(r, "cluster_id"),
                two_decimals(&cell(r, "final_score")),
            ]
        })
        .collect();
    assert!(!expected.is_empty());
    let pages = converted(&w, "m");
    let all = squash(&pages.join("\n"));
    for text in [
        "Cluster Evaluation Office (synthetic example)",
        "28 June 2024",
        "The notice period is 5 days",
    ] {
        assert!(
            all.contains(&squash(text)),
            "no {text} in LibreOffice's PDF: {all}"
        );
    }
    assert!(
        !all.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "Chinese in the English document: {all}"
    );
    rows_in_order(&pages, &expected);
}
