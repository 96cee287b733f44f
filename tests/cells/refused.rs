//! Excel habits that cannot be read as meant: each is refused with the
//! file, sheet, row and column and nothing is written, or read with a
//! warning naming the cells. A percent cell is read as the percent shown
//! whatever the field's unit: a % field takes 8.5, a ratio field 0.085, an
//! amount refuses it.

use super::{nothing, refused_with, sample_workbook, Cell, LABEL};
use crate::tolerance::{close, SAME};
use crate::workdir::WorkDir;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use std::io::{Read, Write};

/// C01 2021's revenue: row 3 (0-based 2), column 2.
fn c01_revenue(c: &Cell) -> bool {
    c.row == 2 && c.col == 2
}

const REVENUE: &str = "主导产业营业收入（亿元）";

#[test]
fn a_percent_cell_in_an_amount_field_is_an_error() {
    let w = WorkDir::new();
    let percent = Format::new().set_num_format("0%");
    let put = |ws: &mut Worksheet, c: Cell| {
        c01_revenue(&c)
            && ws
                .write_number_with_format(c.row, c.col, 0.5, &percent)
                .is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    refused_with(
        &w,
        &format!("error: {LABEL}, row 3, column {REVENUE}, value \"50%\": the value has a % sign but the unit says \"亿元\" [field revenue]"),
    );
}

/// A framework with a percent field and a ratio field, goalposts 0-100 and
/// 0-1, 50 points each.
const RATIOS: &str = r#"
[framework]
id = "ratios"
name_zh = "比例测试"
name_en = "Ratios"
total_points = 100

[[grade]]
id = "all"
min = 0

[[field]]
id = "share"
name_zh = "占比"
unit = "%"
kind = "percent"

[[field]]
id = "ratio"
name_zh = "比率"
unit = "比例"
kind = "ratio"

[[node]]
id = "all"
name_zh = "全部"
name_en = "All"
points = 100

[[indicator]]
id = "share"
parent = "all"
name_zh = "占比"
name_en = "Share"
points = 50
rule = "goalpost"
lo = 0
hi = 100

[[indicator]]
id = "ratio"
parent = "all"
name_zh = "比率"
name_en = "Ratio"
points = 50
rule = "goalpost"
lo = 0
hi = 1
"#;

#[test]
fn a_percent_cell_is_the_percent_shown_in_a_percent_or_a_ratio_field() {
    let w = WorkDir::new();
    w.write("r/framework.toml", RATIOS);
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.xlsx\"]\n",
    );
    w.write(
        "r/clusters.csv",
        "cluster_id,name_zh,city,track\nP,集群P,石家庄市,高端装备\nQ,集群Q,唐山市,高端装备\n",
    );
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let one = Format::new().set_num_format("0.0%");
    let none = Format::new().set_num_format("0%");
    for (c, h) in ["cluster_id", "period", "share", "ratio"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // P typed 8.5% in both; Q typed 50% and 25%.
    for (r, (id, share, ratio, format)) in [("P", 0.085, 0.085, &one), ("Q", 0.5, 0.25, &none)]
        .into_iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, id).unwrap();
        ws.write_number(r, 1, 2023).unwrap();
        ws.write_number_with_format(r, 2, share, format).unwrap();
        ws.write_number_with_format(r, 3, ratio, format).unwrap();
    }
    wb.save(w.path("r/data.xlsx")).unwrap();
    w.ok(&["run", "r", "--out", "o"]);
    let json: serde_json::Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let cluster = |id: &str| {
        json["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cluster_id"] == id)
            .unwrap()
            .clone()
    };
    let value = |id: &str, k: usize| cluster(id)["indicators"][k]["value"].as_f64().unwrap();
    // The percent field takes the percent shown, the ratio field its
    // hundredth: P 8.5 and 0.085, Q 50 and 0.25.
    assert_eq!(value("P", 0), 8.5);
    assert_eq!(value("P", 1), 0.085);
    assert_eq!(value("Q", 0), 50.0);
    assert_eq!(value("Q", 1), 0.25);
    // Totals by hand: P 8.5/100 x 50 + 0.085/1 x 50 = 4.25 + 4.25;
    // Q 25 + 12.5.
    close(
        cluster("P")["total"].as_f64().unwrap(),
        8.5,
        SAME,
        "P total",
    );
    close(
        cluster("Q")["total"].as_f64().unwrap(),
        37.5,
        SAME,
        "Q total",
    );
}

#[test]
fn a_year_typed_into_a_date_cell_is_an_error() {
    // 2021 typed into a cell formatted as a date: Excel shows 1905-07-13.
    let w = WorkDir::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let put = |ws: &mut Worksheet, c: Cell| {
        c.row == 2
            && c.col == 1
            && ws
                .write_number_with_format(c.row, c.col, 2021, &date)
                .is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    refused_with(
        &w,
        &format!("error: {LABEL}, row 3, column 年份, value \"1905-07-13\": a year formatted as a date: the cell holds 2021 with the date format yyyy-mm-dd, so Excel shows 1905-07-13; format the cell as a number (常规 General) so that it shows the year"),
    );
}

#[test]
fn a_date_in_a_value_column_is_an_error() {
    let w = WorkDir::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let put = |ws: &mut Worksheet, c: Cell| {
        c01_revenue(&c)
            && ws
                .write_number_with_format(c.row, c.col, 45291, &date)
                .is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    refused_with(
        &w,
        &format!("error: {LABEL}, row 3, column {REVENUE}, value \"2023-12-31\": a date where a number was expected: the cell holds a date, or is formatted as a date in Excel (format the cell as a number and type the value) [field revenue] (in the workbook: date format yyyy-mm-dd: 45291 shown as 2023-12-31)"),
    );
}

#[test]
fn excel_error_values_are_errors() {
    for (formula, result, meaning) in [
        ("=1/0", "#DIV/0!", "#DIV/0! — the cell's formula failed in Excel (a division by zero): correct the formula or type the value (\"—\" for no data)"),
        ("=NA()", "#N/A", "#N/A — the cell's formula failed in Excel (a value was not found): correct the formula or type the value (\"—\" for no data)"),
        ("=#REF!*2", "#REF!", "#REF! — the cell's formula failed in Excel (it refers to a cell that was deleted): correct the formula or type the value"),
    ] {
        let w = WorkDir::new();
        let put = |ws: &mut Worksheet, c: Cell| {
            c01_revenue(&c)
                && ws
                    .write_formula(c.row, c.col, Formula::new(formula).set_result(result))
                    .is_ok()
        };
        sample_workbook(&w, &put, &nothing);
        refused_with(
            &w,
            &format!("error: {LABEL}, row 3, column {REVENUE}, value \"{result}\": {meaning} [field revenue]"),
        );
    }
}

#[test]
fn a_formula_without_a_saved_value_is_an_error() {
    // A program that writes formulas without calculating them (openpyxl
    // does): the value Excel would show is unknown.
    let w = WorkDir::new();
    let put = |ws: &mut Worksheet, c: Cell| {
        (c01_revenue(&c) || (c.row == 5 && c.col == 3))
            && ws.write_formula(c.row, c.col, "=900+19.79").is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    without_formula_results(&w.path("round/indicators.xlsx"));
    refused_with(
        &w,
        &format!("error: {LABEL}, row 3, column C: a formula without a saved value: the workbook was written by a program that did not calculate it, so the value Excel would show is unknown; open and save the workbook in Excel (or WPS) (1 more cell like it)"),
    );
}

/// Remove the saved results of the formulas of the first sheet.
fn without_formula_results(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let sheet = String::from_utf8(text).unwrap();
            assert!(sheet.contains("</f><v>0</v>"), "{sheet}");
            text = sheet.replace("</f><v>0</v>", "</f>").into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_format_that_shows_another_number_is_an_error() {
    // 919.79 亿元 typed as 91979000000 元 and shown in 亿 by a scaling
    // format: which number is meant is unclear.
    let w = WorkDir::new();
    let scaled = Format::new().set_num_format("#,##0.00,,");
    let put = |ws: &mut Worksheet, c: Cell| {
        c01_revenue(&c)
            && ws
                .write_number_with_format(c.row, c.col, 919_790_000.0, &scaled)
                .is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    refused_with(
        &w,
        &format!("error: {LABEL}, row 3, column {REVENUE}, value \"919790000\": the cell's number format #,##0.00,, divides the number by 1,000,000, so Excel shows another number than the 919790000 stored; which one is meant is unclear: format the cell as a number (0.00) and type the value in the column's unit [field revenue]"),
    );
}

#[test]
fn merged_value_cells_over_rows_warn_and_across_columns_refuse() {
    // C01's listed enterprises (12, its 2021 value) typed once in H2 and
    // merged over its three rows H2:H4; C02 2021's two innovation platform
    // counts (O6:P6) merged across their columns, the national one typed.
    let w = WorkDir::new();
    let put = |_: &mut Worksheet, c: Cell| {
        (c.col == 7 && (1..=3).contains(&c.row)) || (c.row == 5 && (14..=15).contains(&c.col))
    };
    let merge = |wb: &mut Workbook| {
        let ws = wb.worksheet_from_index(0).unwrap();
        let (_, rows) = super::sample();
        ws.merge_range(1, 7, 3, 7, &rows[1][7], &Format::new())
            .unwrap();
        ws.merge_range(5, 14, 5, 15, &rows[4][14], &Format::new())
            .unwrap();
    };
    sample_workbook(&w, &put, &merge);
    let out = w.fails(&["check", "round"], 1);
    for line in [
        format!("warning: {LABEL}, row 3, column 上市企业数（家）, value \"12\": cells H2:H4 are merged over several rows: the value of H2 was read for each of them; if it is meant for one row only, unmerge the cells and fill each row (\"—\" for no data)"),
        format!("error: {LABEL}, row 6, column 省级创新平台数（个）: cells O6:P6 are merged across columns: the value belongs to O6 only, and column 省级创新平台数（个） would be empty, so which field it is meant for is unclear; unmerge the cells and fill each one"),
    ] {
        assert!(out.stdout.lines().any(|l| l == line), "missing {line}\n{}", out.stdout);
    }
}

#[test]
fn a_unit_shown_by_the_format_must_be_the_columns() {
    // 919.79 shown as "919.79万元" in the column headed 亿元: a 10,000x
    // slip or a wrong format, which is unclear.
    let w = WorkDir::new();
    let wan = Format::new().set_num_format(r#"0.00"万元""#);
    let put = |ws: &mut Worksheet, c: Cell| {
        c01_revenue(&c)
            && ws
                .write_number_with_format(c.row, c.col, 919.79, &wan)
                .is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    refused_with(
        &w,
        &format!("error: {LABEL}, row 3, column {REVENUE}, value \"919.79\": the cell's number format shows the unit 万元 but the column's unit is 亿元: which one is meant is unclear; format the cell as a number (0.00) and type the value in 亿元 [field revenue]"),
    );
    // Shown as "919.79 亿元": the column's unit, read as the CSV.
    let w = WorkDir::new();
    let yi = Format::new().set_num_format(r#"0.00\ "亿元""#);
    let put = |ws: &mut Worksheet, c: Cell| {
        c.col == 2
            && ws
                .write_number_with_format(c.row, c.col, c.text.parse::<f64>().unwrap(), &yi)
                .is_ok()
    };
    sample_workbook(&w, &put, &nothing);
    super::same_scores(&w);
    assert_eq!(
        super::reading(&w, "messy", "C01", "revenue_scale"),
        "number format 0.00\\ \"亿元\" shows the unit 亿元: 919.79"
    );
}
