//! Input formats: XLSX, GBK, wide form with units in headers, missing-value
//! tokens, and tie-breaks on a purpose-built round.

use crate::tolerance::{close, SAME};
use crate::workdir::{col, read_csv, WorkDir};

/// A tiny framework: two dimensions, minmax indicators, a tie-break chain.
const TINY_FRAMEWORK: &str = r#"
[framework]
id = "tiny"
name_zh = "小测试"
name_en = "Tiny"
total_points = 100

[ranking]
tie_break = ["inno", "value:b"]

[[grade]]
id = "good"
min = 50

[[grade]]
id = "fail"
min = 0

[[field]]
id = "a"
name_zh = "甲"
unit = "亿元"
kind = "amount"

[[field]]
id = "b"
name_zh = "乙"
unit = "家"
kind = "count"

[[node]]
id = "ind"
name_zh = "产业"
name_en = "Industry"
points = 50

[[node]]
id = "inno"
name_zh = "创新"
name_en = "Innovation"
points = 50

[[indicator]]
id = "a"
parent = "ind"
name_zh = "甲"
name_en = "A"
points = 50
rule = "goalpost"
lo = 0
hi = 100

[[indicator]]
id = "b"
parent = "inno"
name_zh = "乙"
name_en = "B"
points = 50
rule = "goalpost"
lo = 0
hi = 100
"#;

fn tiny_round(w: &WorkDir, clusters: &[&str], data: &str) {
    w.write("r/framework.toml", TINY_FRAMEWORK);
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    let mut reg = String::from("cluster_id,name_zh,city,track\n");
    for c in clusters {
        reg.push_str(&format!("{c},集群{c},石家庄市,高端装备\n"));
    }
    w.write("r/clusters.csv", reg);
    w.write("r/data.csv", data);
}

#[test]
fn tie_break_chain_and_real_ties() {
    // Totals by hand: goalpost 0-100 x 50 points -> points = value / 2.
    // P: a 60, b 40 -> 30 + 20 = 50.   Q: a 40, b 60 -> 20 + 30 = 50.
    // R: a 50, b 50 -> 25 + 25 = 50.   S: a 50, b 50 -> 50.   T: a 10, b 10 -> 10.
    // All but T tie on 50. Chain key 1, innovation subtotal: Q 30 > R = S 25 > P 20.
    // Key 2, value of b: R = S (50) -> a real tie. Ranks: Q 1, R 2, S 2, P 4, T 5.
    let w = WorkDir::new();
    tiny_round(
        &w,
        &["P", "Q", "R", "S", "T"],
        "cluster_id,period,a,b\nP,2023,60,40\nQ,2023,40,60\nR,2023,50,50\nS,2023,50,50\nT,2023,10,10\n",
    );
    w.ok(&["run", "r", "--out", "o"]);
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    let col = |n: &str| col(&h, n);
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("rank")].clone(),
                r[col("cluster_id")].clone(),
                r[col("tied")].clone(),
            )
        })
        .collect();
    let want = [
        ("1", "Q", "no"),
        ("2", "R", "yes"),
        ("2", "S", "yes"),
        ("4", "P", "no"),
        ("5", "T", "no"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    let note_q = &rows[0][col("tie_note")];
    assert!(
        note_q.contains(
            "total tied with P (50.0000); ahead of it on Innovation subtotal (30.0000 vs 20.0000)"
        ),
        "{note_q}"
    );
    // The same note in Chinese, beside it.
    let note_q_zh = &rows[0][col("tie_note_zh")];
    assert!(
        note_q_zh.contains("总分与 P 相同（50.0000）；按创新小计领先（30.0000 对 20.0000）"),
        "{note_q_zh}"
    );
    let note_r = &rows[1][col("tie_note")];
    assert!(
        note_r.contains(
            "tied with S on the total (50.0000) and the whole tie-break chain: rank 2 is shared"
        ),
        "{note_r}"
    );
    assert!(
        rows[1][col("tie_note_zh")]
            .contains("与 S 的总分（50.0000）及全部同分排序依据均相同：并列第 2 名"),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[0][col("grade")], "good");
    assert_eq!(rows[4][col("grade")], "fail");
}

#[test]
fn xlsx_submissions_are_read_from_a_named_sheet() {
    let w = WorkDir::new();
    tiny_round(&w, &["P", "Q"], "");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let first = wb.add_worksheet();
    first.set_name("说明").unwrap();
    first.write_string(0, 0, "notes only").unwrap();
    let sheet = wb.add_worksheet();
    sheet.set_name("数据").unwrap();
    for (c, h) in ["集群编号", "年份", "甲（万元）", "乙"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "P").unwrap();
    sheet.write_number(1, 1, 2023).unwrap();
    sheet.write_number(1, 2, 400_000).unwrap(); // 40 亿元
    sheet.write_number(1, 3, 12).unwrap();
    sheet.write_string(2, 0, "Q").unwrap();
    sheet.write_number(2, 1, 2023).unwrap();
    sheet.write_string(2, 2, "—").unwrap();
    sheet.write_number(2, 3, 7).unwrap();
    wb.save(w.path("r/data.xlsx")).unwrap();
    w.edit(
        "r/round.toml",
        "submissions = [\"data.csv\"]",
        "submissions = [{ file = \"data.xlsx\", sheet = \"数据\" }]",
    );
    w.ok(&["run", "r", "--out", "o"]);
    let json: serde_json::Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let p = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster_id"] == "P")
        .unwrap();
    let a = &p["indicators"][0];
    assert_eq!(a["inputs"][0]["file"], "data.xlsx[数据]"); // relative to the round folder
    assert_eq!(a["inputs"][0]["row"], 2);
    close(
        a["value"].as_f64().unwrap(),
        40.0,
        SAME,
        "400000 万元 in 亿元",
    );
    // P: a 40 -> 20 points, b 12 -> 6 points.
    close(p["total"].as_f64().unwrap(), 26.0, SAME, "P total");
    // A wrong sheet name is a located error.
    w.edit("r/round.toml", "sheet = \"数据\"", "sheet = \"Sheet9\"");
    let o = w.fails(&["check", "r"], 1);
    assert!(
        o.stdout.contains("error: r/data.xlsx, column sheet: no sheet named \"Sheet9\"; the workbook has: 说明, 数据"),
        "{}",
        o.stdout
    );
}

#[test]
fn gbk_file_is_read_with_a_warning() {
    let w = WorkDir::new();
    tiny_round(&w, &["P", "Q"], "");
    let text = "集群编号,年份,甲,乙\nP,2023,\"1,234.5\",１２\nQ,2023,50%,无\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    w.write("r/data.csv", gbk.as_ref());
    // 50% for a field in 亿元 is a unit error, located.
    let o = w.fails(&["check", "r"], 1);
    assert!(
        o.stdout.contains(
            "warning: r/data.csv: encoding: the file is not UTF-8; it was read as GB18030 (GBK)"
        ),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("error: r/data.csv, row 3, column 甲, value \"50%\": wrong unit \"%\": cannot be converted to \"亿元\", the unit of field a (甲)"),
        "{}",
        o.stdout
    );
    let text = "集群编号,年份,甲,乙\nP,2023,\"1,234.5\",１２\nQ,2023,50,无\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    w.write("r/data.csv", gbk.as_ref());
    w.ok(&["run", "r", "--out", "o"]);
    let (_, rows) = read_csv(&w.path("o/trace.csv"));
    let p_a = rows.iter().find(|r| r[1] == "P" && r[2] == "a").unwrap();
    assert_eq!(p_a[6], "1,234.5");
    assert_eq!(p_a[9], "1234.5");
}

#[test]
fn unused_years_go_to_rejections() {
    let w = WorkDir::new();
    tiny_round(
        &w,
        &["P", "Q"],
        "cluster_id,period,a,b\nP,2023,1,2\nQ,2023,3,4\nP,2022,5,6\n",
    );
    w.ok(&["run", "r", "--out", "o"]);
    let (_, rows) = read_csv(&w.path("o/rejections.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][1], "4");
    assert_eq!(
        rows[0][2],
        "period 2022 is not a year of this round (expected 2021 (baseline), 2023 (current) or 2025 (target))"
    );
}
