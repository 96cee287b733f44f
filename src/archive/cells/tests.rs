//! Hand-made small files, each change written out by hand.

use super::*;

fn cell(file: &str, row: usize, column: &str, old: Option<&str>, new: Option<&str>) -> CellChange {
    CellChange {
        file: file.into(),
        sheet: None,
        row: Some(row),
        column: Some(column.into()),
        old: old.map(Into::into),
        new: new.map(Into::into),
        kind: ChangeKind::Cell,
    }
}

fn row(file: &str, row: usize, text: &str, kind: ChangeKind) -> CellChange {
    let (old, new) = match kind {
        ChangeKind::RowAdded => (None, Some(text.into())),
        _ => (Some(text.into()), None),
    };
    CellChange {
        file: file.into(),
        sheet: None,
        row: Some(row),
        column: None,
        old,
        new,
        kind,
    }
}

const WIDE: &str =
    "cluster_id,name,营业收入 revenue\nHB01,钢铁,828.54\nHB02,生物医药,312.5\nHB03,装备,100\n";

#[test]
fn a_corrected_cell_is_named_with_row_column_and_values() {
    let new = WIDE.replace("312.5", "321.5");
    let got = diff_file("clusters.csv", WIDE.as_bytes(), new.as_bytes());
    assert_eq!(
        got,
        vec![cell(
            "clusters.csv",
            3,
            "C (营业收入 revenue)",
            Some("312.5"),
            Some("321.5")
        )]
    );
    assert_eq!(
        describe(&got, 10),
        vec!["clusters.csv, row 3, column C (营业收入 revenue): 312.5 → 321.5"]
    );
    assert_eq!(
        describe_in(&got, 10, Lang::Zh),
        vec!["clusters.csv，第 3 行，C (营业收入 revenue) 列：312.5 → 321.5"]
    );
}

#[test]
fn added_and_removed_rows_are_named_with_their_key() {
    // HB02 removed, HB04 added at the end: HB03 moves from row 4 to row
    // 3 and is no change.
    let new = "cluster_id,name,营业收入 revenue\nHB01,钢铁,828.54\nHB03,装备,100\nHB04,新材料,55\n";
    let got = diff_file("c.csv", WIDE.as_bytes(), new.as_bytes());
    assert_eq!(
        got,
        vec![
            row("c.csv", 4, "HB04, 新材料, 55", ChangeKind::RowAdded),
            row("c.csv", 3, "HB02, 生物医药, 312.5", ChangeKind::RowRemoved),
        ]
    );
    assert_eq!(
        describe(&got, 10),
        vec![
            "c.csv, row 4: row added: HB04, 新材料, 55",
            "c.csv: row 3 of the earlier version removed: HB02, 生物医药, 312.5",
        ]
    );
}

#[test]
fn the_same_rows_in_another_order_are_no_change() {
    let new = "cluster_id,name,营业收入 revenue\r\nHB03,装备,100\r\nHB01, 钢铁 ,828.54\r\n\r\nHB02,生物医药,312.5\r\n";
    assert_eq!(diff_file("c.csv", WIDE.as_bytes(), new.as_bytes()), vec![]);
}

#[test]
fn a_long_table_is_keyed_by_cluster_indicator_and_period() {
    let old = "cluster_id,indicator,period,value\nHB01,revenue,2021,828.54\nHB01,revenue,2023,1081.09\nHB02,revenue,2021,300\nHB02,revenue,2023,350\n";
    // A late row for HB01 in the middle; HB02's 2023 value corrected.
    let new = "cluster_id,indicator,period,value\nHB01,revenue,2021,828.54\nHB01,revenue,2023,1081.09\nHB01,patents,2023,12\nHB02,revenue,2021,300\nHB02,revenue,2023,365\n";
    let got = diff_file("indicators.csv", old.as_bytes(), new.as_bytes());
    assert_eq!(
        got,
        vec![
            row(
                "indicators.csv",
                4,
                "HB01, patents, 2023, 12",
                ChangeKind::RowAdded
            ),
            cell("indicators.csv", 6, "D (value)", Some("350"), Some("365")),
        ]
    );
}

#[test]
fn an_inserted_column_is_one_column_not_every_cell() {
    let new = "cluster_id,city,name,营业收入 revenue\nHB01,石家庄,钢铁,828.54\nHB02,,生物医药,312.5\nHB03,唐山,装备,100\n";
    let got = diff_file("c.csv", WIDE.as_bytes(), new.as_bytes());
    assert_eq!(
        got,
        vec![
            cell("c.csv", 1, "B (city)", None, Some("city")),
            cell("c.csv", 2, "B (city)", None, Some("石家庄")),
            cell("c.csv", 4, "B (city)", None, Some("唐山")),
        ]
    );
}

#[test]
fn title_rows_are_compared_by_place_and_the_header_found_below() {
    let old = format!("2024年中期评估\n{WIDE}");
    let new = format!("2024年中期评估（修订）\n{}", WIDE.replace("828.54", "830"));
    let got = diff_file("c.csv", old.as_bytes(), new.as_bytes());
    assert_eq!(
        got,
        vec![
            cell(
                "c.csv",
                1,
                "A",
                Some("2024年中期评估"),
                Some("2024年中期评估（修订）")
            ),
            cell(
                "c.csv",
                3,
                "C (营业收入 revenue)",
                Some("828.54"),
                Some("830")
            ),
        ]
    );
}

#[test]
fn gbk_text_is_read_as_the_ingest_reads_it() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let old = gbk(WIDE);
    // The same text in UTF-8 with a BOM: no change.
    let utf8 = [b"\xEF\xBB\xBF".as_slice(), WIDE.as_bytes()].concat();
    assert_eq!(diff_file("c.csv", &old, &utf8), vec![]);
    let new = gbk(&WIDE.replace("生物医药", "生物医药与健康"));
    assert_eq!(
        diff_file("c.csv", &old, &new),
        vec![cell(
            "c.csv",
            3,
            "B (name)",
            Some("生物医药"),
            Some("生物医药与健康")
        )]
    );
}

fn workbook(revenue: f64, extra_sheet: bool) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("填报").unwrap();
    ws.write(0, 0, "cluster_id").unwrap();
    ws.write(0, 1, "revenue").unwrap();
    ws.write(1, 0, "HB01").unwrap();
    ws.write(1, 1, revenue).unwrap();
    ws.write(2, 0, "HB02").unwrap();
    ws.write(2, 1, 0.085).unwrap();
    if extra_sheet {
        let notes = wb.add_worksheet().set_name("说明").unwrap();
        notes.write(0, 0, "late").unwrap();
        notes.write(0, 1, "HB03").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_is_compared_sheet_by_sheet_with_full_numbers() {
    let old = workbook(1081.09, false);
    let new = workbook(1081.0900000001, true);
    let got = diff_file("sub/indicators.xlsx", &old, &new);
    let in_sheet = |mut c: CellChange, s: &str| {
        c.sheet = Some(s.into());
        c
    };
    assert_eq!(
        got,
        vec![
            in_sheet(
                cell(
                    "sub/indicators.xlsx",
                    2,
                    "B (revenue)",
                    Some("1081.09"),
                    Some("1081.0900000001")
                ),
                "填报"
            ),
            in_sheet(
                row("sub/indicators.xlsx", 1, "late, HB03", ChangeKind::RowAdded),
                "说明"
            ),
        ]
    );
    assert_eq!(
        describe(&got[..1], 5),
        vec!["sub/indicators.xlsx[填报], row 2, column B (revenue): 1081.09 → 1081.0900000001"]
    );
    assert_eq!(diff_file("a.xlsx", &old, &workbook(1081.09, false)), vec![]);
}

const FRAMEWORK: &str = r#"
[framework]
id = "t"

[[indicator]]
id = "A1"
points = 5
rule = { kind = "linear", max = 10 }

[[indicator]]
id = "A2"
points = 15

[[grade]]
min = 85

[[grade]]
min = 60
"#;

#[test]
fn settings_are_named_by_key_path() {
    let new = FRAMEWORK
        .replace("points = 5", "points = 6")
        .replace("max = 10", "max = 12")
        .replace("min = 60", "min = 65")
        .replace("id = \"t\"", "id = \"t\"\nnote = \"after review\"");
    let got = diff_file("framework.toml", FRAMEWORK.as_bytes(), new.as_bytes());
    let setting = |key: &str, old: Option<&str>, new: Option<&str>| CellChange {
        file: "framework.toml".into(),
        sheet: None,
        row: None,
        column: Some(key.into()),
        old: old.map(Into::into),
        new: new.map(Into::into),
        kind: ChangeKind::Setting,
    };
    assert_eq!(
        got,
        vec![
            setting("framework.note", None, Some("\"after review\"")),
            setting("grade[#2].min", Some("60"), Some("65")),
            setting("indicator[A1].points", Some("5"), Some("6")),
            setting("indicator[A1].rule.max", Some("10"), Some("12")),
        ]
    );
    assert_eq!(
        describe(&got, 2),
        vec![
            "framework.toml: setting framework.note: (not set) → \"after review\"",
            "framework.toml: setting grade[#2].min: 60 → 65",
            "... and 2 more",
        ]
    );
    // Indicators in another order: no change.
    let (a1, a2) = FRAMEWORK.split_at(FRAMEWORK.find("[[indicator]]\nid = \"A2\"").unwrap());
    let (a2, grades) = a2.split_at(a2.find("[[grade]]").unwrap());
    let (head, a1) = a1.split_at(a1.find("[[indicator]]").unwrap());
    let reordered = format!("{head}{a2}{a1}{grades}");
    assert_ne!(reordered, FRAMEWORK);
    assert_eq!(
        diff_file("f.toml", FRAMEWORK.as_bytes(), reordered.as_bytes()),
        vec![]
    );
}

#[test]
fn other_files_and_unreadable_ones_are_compared_by_digest() {
    let got = diff_file("scan.pdf", b"%PDF-1", b"%PDF-2");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].kind, ChangeKind::Binary);
    assert_eq!(got[0].old.as_deref(), Some(sha256_hex(b"%PDF-1").as_str()));
    assert!(
        describe(&got, 1)[0].starts_with("scan.pdf: content changed, not compared cell by cell")
    );
    // A TOML file that no longer parses, a CSV with a quote left open.
    assert_eq!(
        diff_file("r.toml", b"a = 1", b"a = ")[0].kind,
        ChangeKind::Binary
    );
    assert_eq!(
        diff_file("r.csv", b"a,b\n1,2\n", b"a,b\n1,\"2\n")[0].kind,
        ChangeKind::Binary
    );
    assert_eq!(diff_file("same.bin", b"x", b"x"), vec![]);
}

#[test]
fn every_change_is_kept_and_the_display_is_bounded() {
    let old: String = (0..3000).map(|i| format!("K{i},{i}\n")).collect();
    let new: String = (0..3000).map(|i| format!("K{i},{}\n", i + 1)).collect();
    let old = format!("id,v\n{old}");
    let new = format!("id,v\n{new}");
    let got = diff_file("big.csv", old.as_bytes(), new.as_bytes());
    assert_eq!(got.len(), 3000);
    assert_eq!(
        got[2999],
        cell("big.csv", 3001, "B (v)", Some("2999"), Some("3000"))
    );
    let lines = describe(&got, 3);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3], "... and 2997 more");
    assert_eq!(describe_in(&got, 3, Lang::Zh)[3], "……另有 2997 处改动");
}
