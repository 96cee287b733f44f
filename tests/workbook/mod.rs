//! report.xlsx read back by openpyxl (`read_back.py`, an independent
//! reader), as an office clerk meets it: every sheet's header is
//! `中文 english` with the English part the CSV file's column name, no
//! column twice; number formats by what a column measures (ranks "0",
//! counts "#,##0", fractions "0.0%", scores at the framework's or the
//! process's decimals, amounts "#,##0.00", p-values "0.000") while the
//! values stay the CSV file's numbers; the print setup (A4 landscape, one
//! page wide, the header row on every page, page numbers in the footer in
//! the run's language, the round's name in the page header); the
//! autofilter over the header and every row; the frozen header row.
//!
//! Without python3 and openpyxl the tests say so and pass, except under
//! CLUSTER_EVAL_REQUIRE_PYREF=1 (CI), where they fail.

use crate::peers::{note, python_with};
use crate::workdir::{read_csv, repo, WorkDir};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The sheets that hold a CSV file's table, and the file.
const SHEET_FILES: &[(&str, &str)] = &[
    ("排名 Ranking", "ranking.csv"),
    ("追溯 Trace", "trace.csv"),
    ("评审结果 Decisions", "decisions.csv"),
    ("中期进度 Progress", "progress.csv"),
    ("整改清单 Rectification", "whatif.csv"),
    ("企业名录 Rosters", "roster_clusters.csv"),
    ("申报与名录 Declared vs derived", "roster_audit.csv"),
    ("评审专家 Reviewers", "reviewer_diagnostics.csv"),
    ("权重 Weights", "weights.csv"),
    ("方法比较 Methods", "methods.csv"),
    ("稳健性 Robustness", "robustness.csv"),
    ("敏感性 Sensitivity", "sensitivity.csv"),
    ("未用数据 Rejections", "rejections.csv"),
    ("数据质量 Data quality", "data_quality.csv"),
    ("评分一致性 Agreement", "panel_agreement.csv"),
];

/// The sheets of a workbook as read_back.py sees them (None: no openpyxl).
fn read_back(xlsx: &Path, rows: usize) -> Option<Vec<Value>> {
    if !python_with("openpyxl") {
        note("report.xlsx not read back: python3 with openpyxl is needed (pip install openpyxl)");
        return None;
    }
    let out = Command::new("python3")
        .arg(repo().join("tests/workbook/read_back.py"))
        .arg(xlsx)
        .arg(rows.to_string())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "read_back.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sheets: Value = serde_json::from_slice(&out.stdout).expect("JSON from read_back.py");
    Some(sheets.as_array().expect("a list of sheets").clone())
}

fn sheet<'a>(sheets: &'a [Value], title: &str) -> &'a Value {
    sheets
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no sheet {title}"))
}

/// The column of a sheet whose header ends in ` id`.
fn column(s: &Value, id: &str) -> usize {
    let header = s["header"].as_array().unwrap();
    header
        .iter()
        .position(|h| h.as_str().unwrap().ends_with(&format!(" {id}")))
        .unwrap_or_else(|| panic!("{}: no column {id} in {header:?}", s["title"]))
}

/// The number format of the first number in a column.
fn format_of(s: &Value, id: &str) -> String {
    let c = column(s, id);
    for row in s["cells"].as_array().unwrap() {
        let cell = &row[c];
        if cell[0].is_number() {
            return cell[1].as_str().unwrap().to_string();
        }
    }
    panic!("{}: no number in column {id}", s["title"]);
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Column letters of a 1-based column number (1 = A, 27 = AA).
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Every sheet: headers, print setup, filter and frozen row.
fn check_every_sheet(w: &WorkDir, out: &str, sheets: &[Value], round_name: &str, footer: &str) {
    for s in sheets {
        let title = s["title"].as_str().unwrap();
        let header: Vec<&str> = s["header"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                h.as_str()
                    .unwrap_or_else(|| panic!("{title}: empty header"))
            })
            .collect();
        // `中文 english`: a Chinese name, a space, the CSV column name.
        for h in &header {
            let (zh, en) = h.rsplit_once(' ').unwrap_or_else(|| panic!("{title}: {h}"));
            assert!(has_chinese(zh), "{title}: header {h:?} has no Chinese name");
            assert!(
                !en.is_empty() && en.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{title}: header {h:?}"
            );
        }
        for (k, h) in header.iter().enumerate() {
            assert!(!header[..k].contains(h), "{title}: {h} twice");
        }
        if let Some((_, file)) = SHEET_FILES.iter().find(|(t, _)| *t == title) {
            let (csv, rows) = read_csv(&w.path(&format!("{out}/{file}")));
            let en: Vec<&str> = header
                .iter()
                .map(|h| h.rsplit_once(' ').unwrap().1)
                .collect();
            assert_eq!(en, csv, "{title}: the English names are {file}'s columns");
            assert_eq!(s["rows"].as_u64().unwrap() as usize, rows.len(), "{title}");
        }
        // Print setup.
        assert_eq!(s["orientation"], "landscape", "{title}");
        assert_eq!(s["paper"], 9, "{title}: A4");
        assert_eq!(s["fit_to_page"], true, "{title}");
        assert_eq!(s["fit_width"], 1, "{title}: one page wide");
        assert_eq!(s["fit_height"], 0, "{title}: as many pages long as needed");
        assert_eq!(
            s["title_rows"], "$1:$1",
            "{title}: header row on every page"
        );
        assert_eq!(s["footer"], footer, "{title}");
        assert_eq!(s["header_left"], round_name, "{title}");
        assert_eq!(s["header_right"], "&A", "{title}: the sheet's name");
        // The filter covers the header and every row; the header stays.
        let want = format!(
            "A1:{}{}",
            letters(header.len()),
            s["rows"].as_u64().unwrap() + 1
        );
        assert_eq!(s["autofilter"], want.as_str(), "{title}");
        assert!(
            s["freeze"].as_str().unwrap().ends_with('2'),
            "{title}: {}",
            s["freeze"]
        );
    }
}

#[test]
fn competition_workbook_reads_back_as_a_clerk_expects_zh_and_en() {
    for (lang, footer) in [("zh", "第 &P 页 共 &N 页"), ("en", "Page &P of &N")] {
        let w = WorkDir::new();
        let round = w.sample_round("hebei-2022-competition");
        w.ok(&["run", round.to_str().unwrap(), "--out", "o", "--lang", lang]);
        let Some(sheets) = read_back(&w.path("o/report.xlsx"), 40) else {
            return;
        };
        let name = if lang == "zh" {
            "河北省先进制造业集群2022年竞赛（合成样例）"
        } else {
            "Hebei advanced manufacturing clusters, 2022 selection competition (synthetic sample)"
        };
        check_every_sheet(&w, "o", &sheets, name, footer);
        let ranking = sheet(&sheets, "排名 Ranking");
        assert_eq!(format_of(ranking, "rank"), "0");
        // Scores show at the framework's display decimals ([report]
        // decimals, 2 unless set), whatever the rounding of the totals
        // (indicators/hebei-competition.toml: decimals = 6).
        assert_eq!(format_of(ranking, "total"), "0.00");
        assert_eq!(format_of(ranking, "industrial"), "0.00");
        // The values are ranking.csv's, in order.
        let (h, rows) = read_csv(&w.path("o/ranking.csv"));
        let (id, total) = (column(ranking, "cluster_id"), column(ranking, "total"));
        let cells = ranking["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 29);
        for (row, csv) in cells.iter().zip(&rows) {
            assert_eq!(
                row[id][0],
                csv[crate::workdir::col(&h, "cluster_id")].as_str()
            );
            let want: f64 = csv[crate::workdir::col(&h, "total")].parse().unwrap();
            assert_eq!(row[total][0].as_f64().unwrap(), want);
        }
        // The longest Chinese name, 保定市新能源与智能网联汽车集群 (15
        // characters, 30 units), fits its column.
        let widths = ranking["widths"].as_array().unwrap();
        assert!(widths[column(ranking, "name_zh")].as_f64().unwrap() >= 30.0);
        let decisions = sheet(&sheets, "评审结果 Decisions");
        // round.toml: [process] decimals = 2.
        assert_eq!(format_of(decisions, "preliminary_score"), "0.00");
        assert_eq!(format_of(decisions, "final_score"), "0.00");
        assert_eq!(format_of(decisions, "indicator_score"), "0.00");
        let agreement = sheet(&sheets, "评分一致性 Agreement");
        assert_eq!(format_of(agreement, "p_value"), "0.000");
        assert_eq!(format_of(agreement, "clusters"), "#,##0");
        assert_eq!(
            format_of(sheet(&sheets, "方法比较 Methods"), "rank_official"),
            "0"
        );
        let weights = sheet(&sheets, "权重 Weights");
        let header = weights["header"].as_array().unwrap();
        assert!(header.iter().any(|h| h == "名称 name_zh"), "{header:?}");
        assert!(
            !header.iter().any(|h| h == "集群名称 name_zh"),
            "{header:?}"
        );
        let reviewers = sheet(&sheets, "评审专家 Reviewers");
        assert_eq!(format_of(reviewers, "scored"), "#,##0");
    }
}

#[test]
fn midterm_workbook_formats_fractions_counts_and_amounts() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let Some(sheets) = read_back(&w.path("o/report.xlsx"), 40) else {
        return;
    };
    check_every_sheet(
        &w,
        "o",
        &sheets,
        "河北省先进制造业集群2024年中期评估（合成样例）",
        "第 &P 页 共 &N 页",
    );
    // One indicator score: no `indicators_score` beside `indicator_score`.
    let decisions = sheet(&sheets, "评审结果 Decisions");
    let header = decisions["header"].as_array().unwrap();
    assert!(header.iter().any(|h| h == "指标得分 indicator_score"));
    assert!(!header
        .iter()
        .any(|h| h.as_str().unwrap().contains("indicators_score")));
    let (dh, _) = read_csv(&w.path("o/decisions.csv"));
    assert!(!dh.contains(&"indicators_score".to_string()), "{dh:?}");
    // Fractions as percentages, the value in full.
    let robustness = sheet(&sheets, "稳健性 Robustness");
    assert_eq!(format_of(robustness, "p_selected"), "0.0%");
    assert_eq!(format_of(robustness, "p_grade_good"), "0.0%");
    assert_eq!(format_of(robustness, "nominal_rank"), "0");
    // robustness.csv row 1: HB02, p_grade_good 0.5246.
    let good = column(robustness, "p_grade_good");
    assert_eq!(robustness["cells"][0][good][0].as_f64(), Some(0.5246));
    let progress = sheet(&sheets, "中期进度 Progress");
    assert_eq!(format_of(progress, "progress"), "0.0%");
    assert_eq!(format_of(progress, "baseline"), "#,##0.00");
    let header = progress["header"].as_array().unwrap();
    assert!(
        header.iter().any(|h| h == "数据项名称 name_zh"),
        "{header:?}"
    );
    assert_eq!(
        format_of(sheet(&sheets, "企业名录 Rosters"), "listed"),
        "#,##0"
    );
    let audit = sheet(&sheets, "申报与名录 Declared vs derived");
    assert_eq!(format_of(audit, "relative_difference"), "0.0%");
    assert_eq!(format_of(audit, "declared"), "#,##0.00");
    // The Sobol total effect is not a cluster's total.
    let sens = sheet(&sheets, "敏感性 Sensitivity");
    let header = sens["header"].as_array().unwrap();
    assert!(header.iter().any(|h| h == "总效应指数 total"), "{header:?}");
    assert!(!header.iter().any(|h| h == "总分 total"), "{header:?}");
    assert_eq!(format_of(sens, "total"), "0.0000");
}

/// The printed pages of a sheet fitted to one page wide: Excel's scale
/// (at least 10 %) and the pages its rows take. A4 landscape is 842 × 595
/// points; the margins are read back; a column of width w is about 7w
/// pixels (0.75 points each); a row is 15 points.
fn printed_pages(s: &Value) -> (f64, u64) {
    let m: Vec<f64> = s["margins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() * 72.0)
        .collect();
    let (page_w, page_h) = (842.0 - m[0] - m[1], 595.0 - m[2] - m[3]);
    let width: f64 = s["widths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().unwrap_or(8.43) * 7.0 * 0.75)
        .sum();
    let scale = (page_w / width).min(1.0);
    assert!(
        scale >= 0.10,
        "{}: too wide for one page ({width} pt)",
        s["title"]
    );
    let per_page = (page_h / (15.0 * scale)).floor() as u64 - 1;
    let rows = s["rows"].as_u64().unwrap();
    (scale, rows.div_ceil(per_page))
}

#[test]
fn thousand_cluster_ranking_prints_one_page_wide() {
    let w = WorkDir::new();
    let gen = w.path("national");
    w.ok(&[
        "generate",
        "--clusters",
        "1000",
        "--enterprises",
        "20000",
        gen.to_str().unwrap(),
    ]);
    w.ok(&["run", gen.to_str().unwrap(), "--out", "o"]);
    let Some(sheets) = read_back(&w.path("o/report.xlsx"), 1) else {
        return;
    };
    let ranking = sheet(&sheets, "排名 Ranking");
    assert_eq!(ranking["rows"], 1000);
    assert_eq!(ranking["fit_width"], 1);
    assert_eq!(ranking["fit_height"], 0);
    assert_eq!(
        ranking["autofilter"]
            .as_str()
            .unwrap()
            .split(':')
            .nth(1)
            .unwrap()
            .trim_start_matches(char::is_alphabetic),
        "1001"
    );
    let (scale, pages) = printed_pages(ranking);
    note(format!(
        "1,000-cluster ranking sheet: printed at {:.0} % on about {pages} A4 landscape pages, one page wide",
        scale * 100.0
    ));
    // One page wide: the pages are the rows' (1,000 rows at 15 points).
    assert!(pages <= 1000 / 20, "{pages} pages");
}
