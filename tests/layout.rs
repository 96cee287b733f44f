//! Layouts made for people (#14, item 2): title rows above the header, a
//! units row under it, totals, notes and signature lines under the data,
//! a footnote under the registry. The competition sample laid out so, in
//! CSV and XLSX, gives exactly the clean sample's outputs (every CSV but
//! the trace, whose rows and headers are the messy files' own), and every
//! row set aside is in rejections.csv with its reason. Pins in round.toml
//! read odd layouts; a bad pin, a unit that disagrees, a unit stated for
//! the whole table and a header that cannot be found are located errors.
//! Row numbers are counted by hand from the edits below.

use crate::workdir::{read_csv, WorkDir};

const SAMPLE: &str = "hebei-2022-competition";

/// The clean sample's outputs, run once per test.
fn clean() -> WorkDir {
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    w.ok(&["run", "round", "--out", "out"]);
    w
}

/// Every CSV output of `a` is byte for byte the one of `b`, the trace and
/// rejections aside. The files compared are counted (a run that wrote
/// fewer would not pass).
#[track_caller]
fn same_outputs(a: &WorkDir, b: &WorkDir) {
    let mut compared = 0;
    for entry in std::fs::read_dir(a.path("out")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".csv") || name == "trace.csv" || name == "rejections.csv" {
            continue;
        }
        let rel = format!("out/{name}");
        assert_eq!(a.read(&rel), b.read(&rel), "{name} differs");
        compared += 1;
    }
    // 12 result tables and the 8 audit_*.csv.
    assert_eq!(compared, 20, "CSV outputs compared");
}

/// rejections.csv as (file, row, reason, content).
fn rejections(w: &WorkDir) -> Vec<(String, usize, String, String)> {
    let (header, rows) = read_csv(&w.path("out/rejections.csv"));
    assert_eq!(header, ["file", "row", "reason", "content"]);
    rows.into_iter()
        .map(|r| {
            (
                r[0].clone(),
                r[1].parse().unwrap(),
                r[2].clone(),
                r[3].clone(),
            )
        })
        .collect()
}

fn rejection(
    file: &str,
    row: usize,
    reason: &str,
    content: &str,
) -> (String, usize, String, String) {
    (file.into(), row, reason.into(), content.into())
}

/// The sample's submissions header without its units (主导产业营业收入（亿元）
/// gives 主导产业营业收入), and the units as a row.
fn units_apart(header: &str) -> (String, String) {
    let (names, units): (Vec<&str>, Vec<&str>) = header
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(
            |h| match h.strip_suffix('）').and_then(|h| h.rsplit_once('（')) {
                Some((name, unit)) => (name, unit),
                None => (h, ""),
            },
        )
        .unzip();
    let mut units = units;
    units[0] = "单位";
    (names.join(","), units.join(","))
}

/// The sample laid out as an office would send it. Rows by file:
/// clusters.csv: 1 title, 2 blank, 3 header, 4-33 clusters, 34 footnote;
/// indicators.csv: 1 title, 2 date, 3 blank, 4 header, 5 units, 6-95
/// records, 96 合计, 97 blank, 98 note, 99 signature;
/// reviews.csv: 1 title, 2 header, 3-737 scores, 738 合计, 739 signature.
fn office_layout(w: &WorkDir) {
    let registry = w.read("round/clusters.csv");
    w.write(
        "round/clusters.csv",
        format!("河北省先进制造业集群名录（2022年）,,,,,,,\n\n{registry}填表说明：以上名录经省厅确认。\n"),
    );
    let data = w.read("round/indicators.csv");
    let (header, body) = data.split_once('\n').unwrap();
    let (names, units) = units_apart(header);
    let blank = ",".repeat(33);
    w.write(
        "round/indicators.csv",
        format!(
            "2022年先进制造业集群申报数据表{blank}\n填报日期：2022年3月\n\n{names}\n{units}\n{body}合计,,12345.67{}\n{blank}\n注：数据来源于各市工业和信息化局。\n填报人：张三,,审核人：李四{}\n",
            ",".repeat(31),
            ",".repeat(31)
        ),
    );
    let reviews = w.read("round/reviews.csv");
    w.write(
        "round/reviews.csv",
        format!("初审及答辩评分汇总表\n{reviews}合计,,,,55012.4\n负责人：王五\n"),
    );
}

#[test]
fn an_office_layout_gives_the_clean_outputs_and_lists_every_row_set_aside() {
    let clean = clean();
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    office_layout(&w);
    let check = w.ok(&["check", "round"]);
    for line in [
        "warning: clusters.csv, row 1: row 1 above the header (row 3) was skipped as a title row: \"河北省先进制造业集群名录（2022年）\"",
        "warning: clusters.csv, row 34: 1 row is not a record and was set aside (listed in rejections.csv): row 34 (note row) \"填表说明：以上名录经省厅确认。\"",
        "warning: indicators.csv, row 1: rows 1-2 above the header (row 4) were skipped as title rows: \"2022年先进制造业集群申报数据表\"; \"填报日期：2022年3月\"",
        "warning: indicators.csv, row 5: row 5 under the header is a units row; its units were applied to the header: 主导产业营业收入 → 主导产业营业收入(亿元), 主导产业占集群产值比重 → 主导产业占集群产值比重(%), 规上企业数 → 规上企业数(家), 营收10亿元以上企业数 → 营收10亿元以上企业数(家), 营收100亿元以上企业数 → 营收100亿元以上企业数(家), and 27 more",
        "warning: indicators.csv, row 96: 3 rows are not records and were set aside (listed in rejections.csv): row 96 (total row) \"合计 12345.67\"; row 98 (note row) \"注：数据来源于各市工业和信息化局。\"; row 99 (signature row) \"填报人：张三 审核人：李四\"",
        "warning: reviews.csv, row 1: row 1 above the header (row 2) was skipped as a title row: \"初审及答辩评分汇总表\"",
        "warning: reviews.csv, row 738: 2 rows are not records and were set aside (listed in rejections.csv): row 738 (total row) \"合计 55012.4\"; row 739 (signature row) \"负责人：王五\"",
    ] {
        assert!(check.stdout.lines().any(|l| l == line), "missing:\n{line}\n---\n{}", check.stdout);
    }
    w.ok(&["run", "round", "--out", "out"]);
    same_outputs(&w, &clean);
    let (_, units) = units_apart(clean.read("round/indicators.csv").lines().next().unwrap());
    let pad = |s: &str, commas: usize| format!("{s}{}", ",".repeat(commas));
    assert_eq!(
        rejections(&w),
        vec![
            rejection(
                "clusters.csv",
                1,
                "title row above the header",
                &pad("河北省先进制造业集群名录（2022年）", 7)
            ),
            rejection(
                "clusters.csv",
                34,
                "note row",
                "填表说明：以上名录经省厅确认。"
            ),
            rejection(
                "indicators.csv",
                1,
                "title row above the header",
                &pad("2022年先进制造业集群申报数据表", 33)
            ),
            rejection(
                "indicators.csv",
                2,
                "title row above the header",
                "填报日期：2022年3月"
            ),
            rejection(
                "indicators.csv",
                5,
                "units row, applied to the header",
                &units
            ),
            rejection(
                "indicators.csv",
                96,
                "total row",
                &format!("合计,,12345.67{}", ",".repeat(31))
            ),
            rejection(
                "indicators.csv",
                98,
                "note row",
                "注：数据来源于各市工业和信息化局。"
            ),
            rejection(
                "indicators.csv",
                99,
                "signature row",
                &format!("填报人：张三,,审核人：李四{}", ",".repeat(31))
            ),
            rejection(
                "reviews.csv",
                1,
                "title row above the header",
                "初审及答辩评分汇总表"
            ),
            rejection("reviews.csv", 738, "total row", "合计,,,,55012.4"),
            rejection("reviews.csv", 739, "signature row", "负责人：王五"),
        ]
    );
    // Rows keep the numbers the spreadsheet shows: C01's 2021 revenue is
    // row 7 of the messy file (row 3 of the clean one).
    let (h, rows) = read_csv(&w.path("out/trace.csv"));
    let at = |name: &str| h.iter().position(|c| c == name).unwrap();
    let c01 = rows
        .iter()
        .find(|r| r[at("cluster_id")] == "C01" && r[at("indicator_id")] == "revenue_scale")
        .unwrap();
    assert_eq!(
        c01[at("source")],
        "indicators.csv row 7 column 主导产业营业收入(亿元)"
    );
    assert_eq!(c01[at("raw_value")], "919.79");
}

#[test]
fn a_footnote_under_the_registry_is_not_a_cluster() {
    let clean = clean();
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let registry = w.read("round/clusters.csv");
    w.write(
        "round/clusters.csv",
        format!("{registry}填表说明：以上名录经省厅确认。,,,,,,,\n"),
    );
    w.ok(&["run", "round", "--out", "out"]);
    same_outputs(&w, &clean);
    assert_eq!(
        rejections(&w),
        vec![rejection(
            "clusters.csv",
            32,
            "note row",
            "填表说明：以上名录经省厅确认。,,,,,,,"
        )]
    );
    // Every registry cluster has a decision: 30, not 31.
    let (_, decided) = read_csv(&w.path("out/decisions.csv"));
    assert_eq!(decided.len(), 30);
}

/// `check round` fails with a line that starts with `line` among its
/// errors; `run` writes nothing.
#[track_caller]
fn refused_with(w: &WorkDir, line: &str) {
    let out = w.fails(&["check", "round"], 1);
    assert!(
        out.stdout.lines().any(|l| l.starts_with(line)),
        "missing:\n{line}\n---\n{}",
        out.stdout
    );
    w.fails(&["run", "round", "--out", "out"], 1);
    assert!(!w.path("out").exists());
}

#[test]
fn rows_that_may_be_records_stay_errors() {
    // A row in the middle of the data with an unknown id is an error, as
    // it was: only rows that are recognisably not records are set aside.
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    w.edit("round/indicators.csv", "\nC02,2019,", "\nC99,2019,");
    refused_with(
        &w,
        "error: round/indicators.csv, row 5, column 集群编号, value \"C99\": unknown cluster",
    );
    // Two names under the data, no note or signature word: not recognisably
    // a signature, so read as a record and refused.
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let data = w.read("round/indicators.csv");
    w.write(
        "round/indicators.csv",
        format!("{data}张三,李四{}\n", ",".repeat(32)),
    );
    refused_with(
        &w,
        "error: round/indicators.csv, row 92, column 集群编号, value \"张三\": unknown cluster",
    );
}

#[test]
fn a_unit_that_disagrees_or_is_stated_for_the_whole_table_is_an_error() {
    // 万元 under a header that says 亿元: which is meant would be a guess.
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let data = w.read("round/indicators.csv");
    let (header, body) = data.split_once('\n').unwrap();
    let units = format!("单位,,万元{}", ",".repeat(31));
    w.write("round/indicators.csv", format!("{header}\n{units}\n{body}"));
    refused_with(
        &w,
        "error: round/indicators.csv, row 2, column 主导产业营业收入（亿元）, value \"万元\": the units row gives 万元, but the header of this column says 亿元: keep one unit (in the header or in the units row)",
    );
    // "单位：万元" above a header without units would read every amount
    // 10,000 times too large if it were skipped as a title.
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let data = w.read("round/indicators.csv");
    let (header, body) = data.split_once('\n').unwrap();
    let (names, _) = units_apart(header);
    w.write(
        "round/indicators.csv",
        format!("申报数据表,,单位：万元\n{names}\n{body}"),
    );
    refused_with(
        &w,
        "error: round/indicators.csv, row 1, value \"单位：万元\": this row states a unit for the whole table, which is not applied to any column: write the unit in the header of each column it applies to (营业收入(万元)), or in a units row under the header",
    );
}

#[test]
fn a_header_that_cannot_be_found_is_an_error_naming_the_key_column() {
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    w.edit("round/clusters.csv", "集群编号,集群名称", "编号,集群名称");
    refused_with(
        &w,
        "error: round/clusters.csv, row 1, column cluster_id (集群编号): no header row: none of the first 30 rows (to row 30) has the column cluster_id (集群编号) [cluster_id / cluster / 集群编号 / 集群代码 / 集群id]; the first row reads \"编号 集群名称 英文名称 城市 赛道 促进组织 促进组织依法登记 近三年重大事故…\". Name the column so, map it with `columns`, or set header_row in round.toml",
    );
}

#[test]
fn pins_read_odd_layouts() {
    let clean = clean();
    // A row above the header that holds an id-like cell: read as data, it
    // stops the search; header_row pins the header.
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let registry = w.read("round/clusters.csv");
    w.write(
        "round/clusters.csv",
        format!("第1批,河北省先进制造业集群名录,,,,,,\n{registry}"),
    );
    refused_with(
        &w,
        "error: round/clusters.csv, row 1, column cluster_id (集群编号), value \"第1批\": row 1 above the header (row 2) looks like a data row, not a title: rows above the header are not read. Move the header to the top of the table, or set header_row in round.toml",
    );
    w.edit(
        "round/round.toml",
        "clusters = \"clusters.csv\"",
        "clusters = { file = \"clusters.csv\", header_row = 2 }",
    );
    // Names under the data: data_rows (or last_row) leaves them out.
    let data = w.read("round/indicators.csv");
    w.write(
        "round/indicators.csv",
        format!("{data}张三,李四{}\n", ",".repeat(32)),
    );
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [{ file = \"indicators.csv\", data_rows = \"2-91\" }]",
    );
    w.ok(&["run", "round", "--out", "out"]);
    same_outputs(&w, &clean);
    assert_eq!(
        rejections(&w),
        vec![
            rejection(
                "clusters.csv",
                1,
                "above the header row set in round.toml",
                "第1批,河北省先进制造业集群名录,,,,,,"
            ),
            rejection(
                "indicators.csv",
                92,
                "outside the data range set in round.toml",
                &format!("张三,李四{}", ",".repeat(32))
            ),
        ]
    );
    w.edit("round/round.toml", "data_rows = \"2-91\"", "last_row = 91");
    std::fs::remove_dir_all(w.path("out")).unwrap();
    w.ok(&["run", "round", "--out", "out"]);
    same_outputs(&w, &clean);
}

#[test]
fn a_bad_pin_is_a_located_error() {
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let cases = [
        ("header_row = 0", "error: round/round.toml, column header_row, value \"0\": header_row = 0 for round/clusters.csv: rows are numbered from 1, as the spreadsheet shows them"),
        ("header_row = 40", "error: round/round.toml, column header_row, value \"40\": header_row = 40 for round/clusters.csv is beyond the file's last row (31)"),
        ("data_rows = \"40-5\"", "error: round/round.toml, column data_rows, value \"40-5\": data_rows = \"40-5\" for round/clusters.csv: the range ends before it starts"),
        ("data_rows = \"5~40\"", "error: round/round.toml, column data_rows, value \"5~40\": data_rows = \"5~40\" for round/clusters.csv: expected the first and last rows of the records, as \"5-40\""),
        ("data_rows = \"2-32\"", "error: round/round.toml, column data_rows, value \"2-32\": data_rows = \"2-32\" for round/clusters.csv: the file's last row is 31"),
        ("header_row = 3, last_row = 2", "error: round/round.toml, column last_row, value \"2\": last_row = 2 for round/clusters.csv: the data must lie under the header (row 3)"),
        ("last_row = 9, data_rows = \"2-9\"", "error: round/round.toml, column data_rows, value \"2-9\": data_rows = \"2-9\" for round/clusters.csv: set data_rows or last_row, not both"),
    ];
    let toml = w.read("round/round.toml");
    for (pin, line) in cases {
        w.write(
            "round/round.toml",
            toml.replace(
                "clusters = \"clusters.csv\"",
                &format!("clusters = {{ file = \"clusters.csv\", {pin} }}"),
            ),
        );
        refused_with(&w, line);
    }
}

#[test]
fn an_xlsx_with_a_merged_title_a_units_row_and_a_total_gives_the_clean_outputs() {
    let clean = clean();
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    let data = w.read("round/indicators.csv");
    let mut lines = data.lines();
    let (names, units) = units_apart(lines.next().unwrap());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    ws.merge_range(0, 0, 0, 33, "2022年先进制造业集群申报数据表", &bold)
        .unwrap();
    let write_row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, line: &str| {
        for (c, text) in line.split(',').enumerate() {
            if text.is_empty() {
                continue;
            }
            match text.parse::<f64>() {
                Ok(x) => ws.write_number(r, c as u16, x).unwrap(),
                Err(_) => ws.write_string(r, c as u16, text).unwrap(),
            };
        }
    };
    write_row(ws, 1, &names);
    write_row(ws, 2, &units);
    let mut r = 3;
    for line in lines {
        write_row(ws, r, line);
        r += 1;
    }
    // Rows 4-93 hold the records; row 94 the total.
    write_row(ws, r, "合计,,12345.67");
    wb.save(w.path("round/indicators.xlsx")).unwrap();
    w.edit(
        "round/round.toml",
        "[\"indicators.csv\"]",
        "[\"indicators.xlsx\"]",
    );
    w.ok(&["run", "round", "--out", "out"]);
    same_outputs(&w, &clean);
    let file = "indicators.xlsx[Sheet1]";
    assert_eq!(
        rejections(&w),
        vec![
            rejection(
                file,
                1,
                "title row above the header",
                "2022年先进制造业集群申报数据表"
            ),
            rejection(
                file,
                3,
                "units row, applied to the header",
                units.trim_end_matches(',')
            ),
            rejection(file, 94, "total row", "合计,,12345.67"),
        ]
    );
}

#[test]
fn a_pin_on_a_roster_is_refused() {
    // A roster's first row is its header: a pin would not be applied.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/round.toml",
        "enterprises = \"enterprises.csv\"",
        "enterprises = { file = \"enterprises.csv\", header_row = 2 }",
    );
    refused_with(
        &w,
        "error: round/round.toml, column inputs.enterprises: header_row, data_rows and last_row are not read for roster files: a roster's first row is its header and every other row an enterprise",
    );
}

/// The midterm sample with HB05's amounts (revenue, finance) moved to
/// `HB05.csv`, written in 万元 (×10,000, exact in decimal text) with blank
/// unit cells under `header`, after `units_row` when given.
fn hb05_in_wan(w: &WorkDir, header: &str, units_row: Option<&str>, unit_cell: &str) {
    w.sample_round("hebei-2024-midterm");
    let all = w.read("round/indicators.csv");
    let (mut kept, mut moved) = (Vec::new(), Vec::new());
    for line in all.lines() {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[0] == "HB05" && cells[4] == "亿元" {
            // 440.68 亿元 = 4406800 万元: the decimal point moved 4 places.
            let (whole, frac) = cells[3].split_once('.').unwrap_or((cells[3], ""));
            let frac = format!("{frac:0<4}");
            let wan = format!("{whole}{frac}").trim_start_matches('0').to_string();
            moved.push(format!(
                "{},{},{},{wan},{unit_cell}",
                cells[0], cells[1], cells[2]
            ));
        } else {
            kept.push(line.to_string());
        }
    }
    assert_eq!(moved.len(), 4, "HB05's three revenues and its finance");
    w.write("round/indicators.csv", kept.join("\n") + "\n");
    let mut hb05 = vec![header.to_string()];
    hb05.extend(units_row.map(str::to_string));
    hb05.extend(moved);
    w.write("round/HB05.csv", hb05.join("\n") + "\n");
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"indicators.csv\", \"HB05.csv\"]",
    );
}

#[test]
fn a_long_form_value_column_takes_the_unit_of_its_header_or_units_row() {
    let clean = WorkDir::new();
    clean.sample_round("hebei-2024-midterm");
    clean.ok(&["run", "round", "--out", "out"]);
    for (header, units_row) in [
        ("cluster_id,indicator,period,value（万元）,unit", None),
        ("cluster_id,indicator,period,value,unit", Some(",,,万元,")),
    ] {
        let w = WorkDir::new();
        hb05_in_wan(&w, header, units_row, "");
        w.ok(&["run", "round", "--out", "out"]);
        assert_eq!(
            w.read("out/ranking.csv"),
            clean.read("out/ranking.csv"),
            "{header} {units_row:?}"
        );
    }
    // A unit cell that says another unit than the header: refused there.
    let w = WorkDir::new();
    hb05_in_wan(
        &w,
        "cluster_id,indicator,period,value（万元）,unit",
        None,
        "亿元",
    );
    let out = w.fails(&["check", "round"], 1);
    assert!(
        out.stdout.contains("round/HB05.csv, row 2, column unit, value \"亿元\": the unit cell says \"亿元\" but the value column's header says \"万元\""),
        "{}",
        out.all()
    );
}

#[test]
fn a_unit_labelled_in_the_header_is_read() {
    // "主导产业营业收入（单位：亿元）": the unit with its label, as offices
    // write it.
    let clean = WorkDir::new();
    clean.sample_round(SAMPLE);
    clean.ok(&["run", "round", "--out", "out"]);
    let w = WorkDir::new();
    w.sample_round(SAMPLE);
    w.edit(
        "round/indicators.csv",
        "主导产业营业收入（亿元）",
        "主导产业营业收入（单位：亿元）",
    );
    w.ok(&["run", "round", "--out", "out"]);
    assert_eq!(w.read("out/ranking.csv"), clean.read("out/ranking.csv"));
}
