//! Comment lines (`# ...`, `// ...`) before the header are skipped and
//! noted; a `#` row among the records is set aside and listed.

use super::{tiny, totals};
use crate::tolerance::{close, SAME};
use crate::workdir::WorkDir;

/// The hand-worked totals of the tiny round with x = 10, 20, 30 and
/// y = 50, 30, 100 (see `one_period`): A 20, B 42, C 100.
fn assert_hand_totals(w: &WorkDir, out: &str) {
    let got = totals(w, out);
    assert_eq!(got.len(), 3, "{got:?}");
    for (id, total) in [("A", 20.0), ("B", 42.0), ("C", 100.0)] {
        let r = got.iter().find(|r| r.0 == id).expect("unit in ranking");
        close(r.1, total, SAME, format!("total of {id}"));
    }
}

#[test]
fn comment_lines_before_a_csv_header_are_skipped_and_noted() {
    let w = WorkDir::new();
    // The first comment names every key column: it must not be taken for
    // the header; the second holds an id-like cell and a year: it must not
    // be taken for data above the header.
    tiny(
        &w,
        "r",
        "current_year = 2023",
        "# cluster_id, period, x, y: the columns\n// A, 2023 is an example\ncluster_id,period,x,y\nA,2023,10,50\nB,2023,20,30\nC,2023,30,100\n",
    );
    w.write(
        "r/clusters.csv",
        format!("# registry, version 1\n{}", super::CLUSTERS),
    );
    w.ok(&["run", "r", "--out", "o"]);
    assert_hand_totals(&w, "o");
    let rejections = w.read("o/rejections.csv");
    for line in [
        "clusters.csv,1,comment line above the header,\"# registry, version 1\"",
        "data.csv,1,comment line above the header,\"# cluster_id, period, x, y: the columns\"",
        "data.csv,2,comment line above the header,\"// A, 2023 is an example\"",
    ] {
        assert!(rejections.contains(line), "{line} in\n{rejections}");
    }
    // Noted (not warned) in the report's data notes, in its language.
    let md = w.read("o/report.md");
    assert!(
        md.contains("提示：data.csv 第 1 行：表头（第 3 行）上方的第 1-2 行是注释行，已跳过"),
        "{md}"
    );
    w.ok(&["run", "r", "--out", "oe", "--lang", "en"]);
    let md = w.read("oe/report.md");
    assert!(
        md.contains(
            "data.csv, row 1: rows 1-2 above the header (row 3) were skipped as comment lines"
        ),
        "{md}"
    );
}

#[test]
fn a_comment_row_before_an_xlsx_header_is_skipped() {
    let w = WorkDir::new();
    tiny(&w, "r", "current_year = 2023", "");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    // Row 1: one cell, a comment; row 2: a `#N/A` error value is no
    // comment, but a lone cell above the header is a title anyway.
    sheet
        .write_string(0, 0, "# source: statistics office")
        .unwrap();
    for (c, h) in ["cluster_id", "period", "x", "y"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (id, x, y)) in [("A", 10, 50), ("B", 20, 30), ("C", 30, 100)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_number(r, 1, 2023).unwrap();
        sheet.write_number(r, 2, *x).unwrap();
        sheet.write_number(r, 3, *y).unwrap();
    }
    wb.save(w.path("r/data.xlsx")).unwrap();
    w.edit("r/round.toml", "[\"data.csv\"]", "[\"data.xlsx\"]");
    w.ok(&["run", "r", "--out", "o"]);
    assert_hand_totals(&w, "o");
    assert!(w
        .read("o/rejections.csv")
        .contains("comment line above the header,# source: statistics office"));
}

#[test]
fn a_comment_among_the_records_is_set_aside_and_listed() {
    // The template's example row and a clerk's note among the records are
    // read, set aside and listed in rejections.csv (never silently): the
    // totals are those of the three records.
    let w = WorkDir::new();
    tiny(
        &w,
        "r",
        "current_year = 2023",
        "cluster_id,period,x,y\nA,2023,10,50\n# B figures revised on 3 May,,,\nB,2023,20,30\nC,2023,30,100\n",
    );
    w.ok(&["run", "r", "--out", "o"]);
    assert_hand_totals(&w, "o");
    let rejections = w.read("o/rejections.csv");
    assert!(
        rejections.contains("data.csv,3,") && rejections.contains("# B figures revised on 3 May"),
        "{rejections}"
    );
}
