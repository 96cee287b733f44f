//! Excel habits read as the clerk meant: the workbook scores exactly as the
//! clean CSV, and the trace says how each cell was read.

use super::{hundredth, nothing, reading, same_scores, sample_workbook, Cell};
use crate::workdir::{read_csv, WorkDir};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// A percent column of the sample (its header's unit is %).
fn percent_column(header: &str) -> bool {
    header.ends_with("（%）")
}

#[test]
fn percent_cells_in_percent_fields_score_as_the_csv() {
    // Every % column typed as Excel percents: 91.2% is stored 0.912 with
    // the format 0.0%, and read 91.2 (the point moved, not x100).
    let w = WorkDir::new();
    let percent = Format::new().set_num_format("0.0%");
    let put = |ws: &mut Worksheet, c: Cell| {
        if !percent_column(c.header) {
            return false;
        }
        ws.write_number_with_format(c.row, c.col, hundredth(c.text), &percent)
            .unwrap();
        true
    };
    sample_workbook(&w, &put, &nothing);
    same_scores(&w);
    // C01 2021 (row 3): leading share 91.2, R&D intensity 3.70 (stored
    // 0.037, shown 3.7%).
    assert_eq!(
        reading(&w, "messy", "C01", "leading_share"),
        "percent format 0.0%: 0.912 read as 91.2%"
    );
    assert_eq!(
        reading(&w, "messy", "C01", "rd_relative"),
        "percent format 0.0%: 0.037 read as 3.7%"
    );
    assert_eq!(reading(&w, "clean", "C01", "leading_share"), "");
}

#[test]
fn dates_in_the_period_column_are_their_years() {
    // 2019, 2021, 2025 typed as 31 December of the year (yyyy-mm-dd), the
    // Chinese date format, or a date and time.
    let w = WorkDir::new();
    let formats = [
        Format::new().set_num_format("yyyy-mm-dd"),
        Format::new().set_num_format(r#"yyyy"年"m"月"d"日""#),
        Format::new().set_num_format("yyyy/m/d h:mm"),
    ];
    let put = |ws: &mut Worksheet, c: Cell| {
        if c.col != 1 {
            return false;
        }
        let year: u16 = c.text.parse().unwrap();
        let day = ExcelDateTime::from_ymd(year, 12, 31)
            .unwrap()
            .and_hms(8, 0, 0)
            .unwrap();
        ws.write_datetime_with_format(c.row, c.col, &day, &formats[c.row as usize % 3])
            .unwrap();
        true
    };
    sample_workbook(&w, &put, &nothing);
    same_scores(&w);
    // C01 2021 is row 3 (0-based 2: the date-and-time format): 2021-12-31
    // 08:00 is serial 44561 + 8/24.
    let r = reading(&w, "messy", "C01", "revenue_scale");
    assert!(
        r.starts_with("年份: date format yyyy/m/d h:mm: 44561.33")
            && r.ends_with(" shown as 2021-12-31T08:00:00, read as year 2021"),
        "{r}"
    );
    // C01 2019 is row 2 (0-based 1: the Chinese date format), its
    // baseline revenue an input of the revenue CAGR.
    let r = reading(&w, "messy", "C01", "revenue_cagr");
    assert!(
        r.contains("revenue@baseline: 年份: date format yyyy\"年\"m\"月\"d\"日\": 43830.33"),
        "{r}"
    );
    assert!(r.contains(" shown as 2019-12-31, read as year 2019"), "{r}");
}

#[test]
fn dates_in_a_csv_period_column_are_their_years() {
    // Excel's CSV export of a date cell: 2019/12/31, 2021-12-31,
    // 2025年12月31日.
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["run", "round", "--out", "clean"]);
    let text = w.read("round/indicators.csv");
    let dated: Vec<String> = text
        .split('\n')
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            if let Some(p) = cells.get_mut(1) {
                *p = match p.as_str() {
                    "2019" => "2019/12/31".into(),
                    "2021" => "2021-12-31".into(),
                    "2025" => "2025年12月31日".into(),
                    other => other.into(),
                };
            }
            cells.join(",")
        })
        .collect();
    // And a row for 2022, a year the round does not use.
    let width = dated[0].split(',').count();
    let other_year = format!("C01,2022/12/31,1{}", ",".repeat(width - 3));
    let rows = [dated.join("\n").trim_end().to_string(), other_year].join("\n");
    w.write("round/indicators.csv", rows + "\n");
    w.ok(&["run", "round", "--out", "messy"]);
    assert_eq!(super::totals(&w, "messy"), super::totals(&w, "clean"));
    assert_eq!(
        reading(&w, "messy", "C01", "revenue_scale"),
        "年份: date 2021-12-31 read as year 2021"
    );
    let (_, rejected) = read_csv(&w.path("messy/rejections.csv"));
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0][1], "92");
    assert_eq!(
        rejected[0][2],
        "period 2022 is not a year of this round (expected 2019 (baseline), 2021 (current) or 2025 (target)); 年份: date 2022/12/31 read as year 2022"
    );
}

#[test]
fn numbers_stored_as_text_score_as_the_csv() {
    // Each value cell typed as text, in turn: with Excel's apostrophe,
    // with thousands separators (commas or spaces), in full-width digits.
    let w = WorkDir::new();
    let put = |ws: &mut Worksheet, c: Cell| {
        if c.col < 2 {
            return false;
        }
        let (int, frac) = c.text.split_once('.').unwrap_or((c.text, ""));
        let dot = if frac.is_empty() { "" } else { "." };
        let text = match (c.row + u32::from(c.col)) % 4 {
            0 => format!("'{}", c.text),
            1 => format!("{}{dot}{frac}", grouped(int, ",")),
            2 => format!("{}{dot}{frac}", grouped(int, " ")),
            _ => c
                .text
                .chars()
                .map(|ch| match ch {
                    '0'..='9' => char::from_u32(ch as u32 + 0xFEE0).unwrap(),
                    '.' => '．',
                    other => other,
                })
                .collect(),
        };
        ws.write_string(c.row, c.col, &text).unwrap();
        true
    };
    sample_workbook(&w, &put, &nothing);
    same_scores(&w);
    // C01 2021 is row 2 (0-based): revenue 919.79 in column 2 ((2 + 2) %
    // 4 = 0: apostrophe), labour productivity 56.5 in column 9 (3:
    // full-width), listed 12 in column 7 (1: commas, none needed).
    assert_eq!(
        reading(&w, "messy", "C01", "revenue_scale"),
        "number stored as text \"'919.79\""
    );
    assert_eq!(
        reading(&w, "messy", "C01", "labour_productivity"),
        "number stored as text \"５６．５\""
    );
    // C04 2021 is row 11: its patents in column 19 (30 % 4 = 2: spaces).
    let (_, rows) = super::sample();
    let patents = &rows[10][19];
    assert!(patents.len() > 3, "{patents}");
    let r = reading(&w, "messy", "C04", "patent_density");
    let spaced = format!(
        "valid_patents@current: number stored as text \"{}\"",
        grouped(patents, " ")
    );
    assert!(r.contains(&spaced), "{r}");
}

/// Digits grouped by three with `sep`: "4619" is "4,619".
fn grouped(int: &str, sep: &str) -> String {
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(*d);
    }
    out
}

#[test]
fn cluster_ids_merged_over_their_rows_score_as_the_csv() {
    // Each cluster's id typed once and merged over its three period rows
    // (A2:A4, A5:A7, ...).
    let w = WorkDir::new();
    let put = |_: &mut Worksheet, c: Cell| c.col == 0;
    let merge = |wb: &mut Workbook| {
        let ws = wb.worksheet_from_index(0).unwrap();
        let (_, rows) = super::sample();
        let mut start = 0;
        while start < rows.len() {
            let id = &rows[start][0];
            let end = start + rows[start..].iter().take_while(|r| &r[0] == id).count();
            ws.merge_range(start as u32 + 1, 0, end as u32, 0, id, &Format::new())
                .unwrap();
            start = end;
        }
    };
    sample_workbook(&w, &put, &merge);
    same_scores(&w);
    // C01's rows are 2-4: its 2021 value (row 3) took the id from A2.
    let r = reading(&w, "messy", "C01", "revenue_scale");
    assert!(
        r.contains("集群编号: merged cells A2:A4: the value of A2"),
        "{r}"
    );
}

#[test]
fn hidden_rows_and_columns_are_read_with_a_warning() {
    // Rows 5 and 9 (C02 2019, C03 2021) and the column of 上市企业数 (H)
    // hidden: their values are the cluster's data, read and reported.
    let w = WorkDir::new();
    let hide = |wb: &mut Workbook| {
        let ws = wb.worksheet_from_index(0).unwrap();
        ws.set_row_hidden(4).unwrap();
        ws.set_row_hidden(8).unwrap();
        ws.set_column_hidden(7).unwrap();
    };
    sample_workbook(&w, &|_, _| false, &hide);
    let check = same_scores(&w);
    for line in [
        "warning: indicators.xlsx[Sheet1], row 5: rows 5, 9 are hidden in Excel; read as data like every other row (unhide them to check them, or delete the rows that are not data)",
        "warning: indicators.xlsx[Sheet1], column H: column H is hidden in Excel; read like every other column (unhide them to check them)",
    ] {
        assert!(check.lines().any(|l| l == line), "missing {line}\n{check}");
    }
}

#[test]
fn a_hidden_first_sheet_must_be_named() {
    // The filled sheet hidden behind a visible one: which one holds the
    // data is unclear, so the file is refused until round.toml names it;
    // named, it is read, with a warning that it is hidden.
    let w = WorkDir::new();
    let hide = |wb: &mut Workbook| {
        let notes = wb.add_worksheet();
        notes.set_name("说明").unwrap();
        notes.write_string(0, 0, "填表说明").unwrap();
        notes.set_active(true);
        wb.worksheet_from_index(0).unwrap().set_hidden(true);
    };
    sample_workbook(&w, &|_, _| false, &hide);
    let refused = w.fails(&["check", "round"], 1);
    let line = "error: round/indicators.xlsx, column sheet: the first sheet \"Sheet1\" is hidden in Excel and the first visible sheet is \"说明\": which one holds the data is unclear; name it with `sheet` in round.toml ({ file = ..., sheet = \"...\" })";
    assert!(
        refused.stdout.lines().any(|l| l == line),
        "missing {line}\n{}",
        refused.all()
    );
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.xlsx\"]",
        "submissions = [{ file = \"indicators.xlsx\", sheet = \"Sheet1\" }]",
    );
    let check = same_scores(&w);
    let line = "warning: indicators.xlsx[Sheet1], column sheet: the sheet \"Sheet1\" is hidden in Excel; it was read";
    assert!(check.lines().any(|l| l == line), "missing {line}\n{check}");
}
