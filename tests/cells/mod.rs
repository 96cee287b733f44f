//! Cells as Excel shows them (#14): the sample competition round's
//! submissions written as a workbook by rust_xlsxwriter, one Excel habit at
//! a time (percent cells, dates, numbers stored as text, merged ids,
//! hidden rows and sheets, error values, formulas without a saved value).
//! Each workbook either scores exactly as the clean CSV (the totals in
//! scores.json are compared to the last bit, ranking.csv byte for byte),
//! or is refused with the file, sheet, row and column, and nothing is
//! written. Expected readings (8.5% of 0.085, the year of a date) are
//! worked out by hand from the sample file.
//!
//! This file holds the helpers; the tests are in `scores` (habits read as
//! meant) and `refused` (habits that are errors or warnings).

mod refused;
mod scores;

use crate::workdir::{read_csv, WorkDir};
use rust_xlsxwriter::{Workbook, Worksheet};

/// The workbook's label in the messages of `run`: the round folder, file
/// and sheet.
pub const LABEL: &str = "round/indicators.xlsx[Sheet1]";

/// The sample's submissions: header and rows, as text.
pub fn sample() -> (Vec<String>, Vec<Vec<String>>) {
    let path = crate::workdir::repo().join("sample_data/hebei-2022-competition/indicators.csv");
    let (mut header, rows) = read_csv(&path);
    header[0] = header[0].trim_start_matches('\u{feff}').to_string();
    (header, rows)
}

/// What a test does with one cell: `Some(write)` to write it itself.
pub type Put<'a> = &'a dyn Fn(&mut Worksheet, Cell) -> bool;

/// One cell of the sample: its place in the sheet (0-based row, the
/// header is row 0), its header and its text in indicators.csv.
#[derive(Clone, Copy)]
pub struct Cell<'a> {
    pub row: u32,
    pub col: u16,
    pub header: &'a str,
    pub text: &'a str,
}

/// Copy the sample round into `w` and write its submissions as
/// `round/indicators.xlsx`, each cell as a number or text unless `put`
/// writes it, then `finish` (merges, hidden rows ...); round.toml reads the
/// workbook.
pub fn sample_workbook(w: &WorkDir, put: Put, finish: &dyn Fn(&mut Workbook)) {
    w.sample_round("hebei-2022-competition");
    let (header, rows) = sample();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let cell = Cell {
                row: r as u32 + 1,
                col: c as u16,
                header: &header[c],
                text,
            };
            if text.is_empty() || put(ws, cell) {
                continue;
            }
            match text.parse::<f64>() {
                Ok(v) => ws.write_number(cell.row, cell.col, v).unwrap(),
                Err(_) => ws.write_string(cell.row, cell.col, text).unwrap(),
            };
        }
    }
    finish(&mut wb);
    wb.save(w.path("round/indicators.xlsx")).unwrap();
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"indicators.xlsx\"]",
    );
}

/// Write nothing more.
pub fn nothing(_: &mut Workbook) {}

/// Run the clean CSV round (into `clean/`) and the workbook round (into
/// `messy/`): the totals of every cluster are identical to the last bit,
/// and ranking.csv byte for byte. `check`'s output of the workbook round.
#[track_caller]
pub fn same_scores(w: &WorkDir) -> String {
    let xlsx = w.read("round/round.toml");
    w.write(
        "round/round.toml",
        xlsx.replace("\"indicators.xlsx\"", "\"indicators.csv\""),
    );
    w.ok(&["run", "round", "--out", "clean"]);
    w.write("round/round.toml", xlsx);
    let check = w.ok(&["check", "round"]).stdout;
    w.ok(&["run", "round", "--out", "messy"]);
    assert_eq!(totals(w, "messy"), totals(w, "clean"));
    assert_eq!(
        w.read("messy/ranking.csv"),
        w.read("clean/ranking.csv"),
        "ranking.csv"
    );
    check
}

/// Every cluster's total, to the last bit.
pub fn totals(w: &WorkDir, out: &str) -> Vec<(String, u64)> {
    let json: serde_json::Value =
        serde_json::from_str(&w.read(&format!("{out}/scores.json"))).unwrap();
    let totals: Vec<(String, u64)> = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["cluster_id"].as_str().unwrap().to_string(),
                c["total"].as_f64().unwrap().to_bits(),
            )
        })
        .collect();
    // Every cluster that passed the gates (29 of the 30).
    assert_eq!(totals.len(), 29);
    totals
}

/// The cell_reading of a cluster's indicator in trace.csv.
pub fn reading(w: &WorkDir, out: &str, cluster: &str, indicator: &str) -> String {
    let (h, rows) = read_csv(&w.path(&format!("{out}/trace.csv")));
    let col = |n: &str| crate::workdir::col(&h, n);
    rows.iter()
        .find(|r| r[col("cluster_id")] == cluster && r[col("indicator_id")] == indicator)
        .unwrap_or_else(|| panic!("no trace row for {cluster} {indicator}"))[col("cell_reading")]
    .clone()
}

/// A decimal text divided by 100 by moving the point ("91.2" is 0.912):
/// what Excel stores when 91.2% is typed.
pub fn hundredth(text: &str) -> f64 {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = format!("{int:0>3}");
    let (head, tail) = int.split_at(int.len() - 2);
    format!("{sign}{head}.{tail}{frac}").parse().unwrap()
}

/// `run` fails with exit code 1, printing `line`, and writes no output
/// folder.
#[track_caller]
pub fn refused_with(w: &WorkDir, line: &str) {
    let out = w.fails(&["run", "round", "--out", "o"], 1);
    assert!(
        out.all().lines().any(|l| l == line),
        "missing line:\n{line}\n--- got:\n{}",
        out.all()
    );
    assert!(!w.path("o").exists(), "an output folder was written");
}
