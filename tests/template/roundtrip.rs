//! The XLSX template filled in with the competition sample's values
//! (sample_data/hebei-2022-competition/indicators.csv, a wide CSV with
//! Chinese headers) is read without any setting, passes `check` with the
//! clean round's messages, and scores exactly as the clean round: every
//! CSV output byte for byte.
//!
//! Filled two ways: by openpyxl loading the template itself and writing
//! into its cells, as an office's clerk (or script) does
//! (`tests/template/fill.py`; without openpyxl the test says so on the
//! terminal, and fails under CLUSTER_EVAL_REQUIRE_PYREF=1), and by calamine
//! reading the template and rust_xlsxwriter writing its cells again, which
//! needs nothing outside the crate's dependencies.

use crate::peers::{note, python_with};
use crate::workdir::{col, ok_command, read_csv, repo, WorkDir};
use calamine::{open_workbook_auto, Data, Reader};
use std::collections::BTreeMap;
use std::process::Command;

/// The competition sample in `round/`, its clean outputs in `clean/`, its
/// `check` output, and the XLSX template at `round/template.xlsx`.
fn prepared() -> (WorkDir, String) {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let check = w.ok(&["check", "round"]).stdout;
    w.ok(&["run", "round", "--out", "clean"]);
    w.ok(&[
        "template",
        "--round",
        "round",
        "--out",
        "round/template.xlsx",
    ]);
    (w, check)
}

/// With `file` as the round's submissions: `check` prints what it printed
/// for the clean round, and every CSV output equals the clean one.
#[track_caller]
fn scores_as_clean(w: &WorkDir, file: &str, clean_check: &str) {
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        &format!("submissions = [\"{file}\"]"),
    );
    let check = w.ok(&["check", "round"]).stdout;
    assert_eq!(check, clean_check);
    w.ok(&["run", "round", "--out", "filled"]);
    let csvs = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(w.path(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        v.sort();
        v
    };
    let names = csvs("clean");
    assert!(names.contains(&"ranking.csv".to_string()), "{names:?}");
    assert_eq!(csvs("filled"), names);
    for n in names.iter().filter(|n| *n != "trace.csv") {
        assert!(
            w.read(&format!("filled/{n}")) == w.read(&format!("clean/{n}")),
            "{n} differs from the clean round's"
        );
    }
    // The trace names the cells read: their text (1500 for "1500.00"),
    // place (the template's file and headers), and for no data a blank
    // cell where the sample says "-", and how a workbook cell was read
    // (`cell_reading`: a year typed as a date, a percent cell); nothing
    // else differs.
    let (h, clean) = read_csv(&w.path("clean/trace.csv"));
    let (h2, filled) = read_csv(&w.path("filled/trace.csv"));
    assert_eq!(h, h2);
    assert_eq!(clean.len(), filled.len());
    let cell = ["raw_value", "submitted_unit", "source", "cell_reading"].map(|n| col(&h, n));
    let missing = col(&h, "missing_reason");
    let missing_zh = col(&h, "missing_reason_zh");
    let mut blank_for_dash = 0;
    for (a, b) in clean.iter().zip(&filled) {
        for (k, name) in h.iter().enumerate() {
            if !cell.contains(&k) && k != missing && k != missing_zh {
                assert_eq!(a[k], b[k], "trace.csv column {name}: {a:?} vs {b:?}");
            }
        }
        if a[missing] != b[missing] {
            assert!(a[missing].contains("submitted as \"-\" (no data)"), "{a:?}");
            assert!(b[missing].contains("not submitted"), "{b:?}");
            assert!(a[missing_zh].contains("填报为“-”（无数据）"), "{a:?}");
            assert!(b[missing_zh].contains("未填报"), "{b:?}");
            blank_for_dash += 1;
        } else {
            assert_eq!(a[missing_zh], b[missing_zh], "{a:?} vs {b:?}");
        }
    }
    // The sample's "-" cells that reach the trace (C16's talent, ...).
    assert!(blank_for_dash > 0);
    assert!(filled[0][cell[2]].starts_with("filled.xlsx[填报数据 data] row "));
}

/// The sample's values: (cluster, year) -> Chinese field name -> cell text,
/// numbers only (the cells saying "no data" are left out).
fn sample_values(w: &WorkDir) -> BTreeMap<(String, i32), BTreeMap<String, String>> {
    let text = w.read("round/indicators.csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.split('（').next().unwrap().to_string())
        .collect();
    let mut out = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let cells: BTreeMap<String, String> = names
            .iter()
            .zip(rec.iter())
            .skip(2)
            .filter(|(_, v)| v.parse::<f64>().is_ok())
            .map(|(n, v)| (n.clone(), v.to_string()))
            .collect();
        out.insert((rec[0].to_string(), rec[1].parse().unwrap()), cells);
    }
    out
}

/// openpyxl fills the template; false (and a note) when it cannot run.
fn fill_with_openpyxl(w: &WorkDir, extra: &[&str]) -> Option<String> {
    if !python_with("openpyxl") {
        note("python3 cannot import openpyxl: the template was not filled by openpyxl (tests/template/fill.py); skipped");
        return None;
    }
    let out = ok_command(
        Command::new("python3")
            .arg(repo().join("tests/template/fill.py"))
            .arg(w.path("round/template.xlsx"))
            .arg(w.path("round/indicators.csv"))
            .arg(w.path("round/filled.xlsx"))
            .args(extra),
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// What fill.py says it wrote: every row of the sample and every number.
fn filled_line(w: &WorkDir) -> String {
    let values = sample_values(w);
    let numbers: usize = values.values().map(BTreeMap::len).sum();
    // 90 rows x 32 fields, numbers or "no data".
    format!(
        "rows={} values={numbers} no_data={}",
        values.len(),
        values.len() * 32 - numbers
    )
}

#[test]
fn template_filled_by_openpyxl_scores_as_the_clean_round() {
    let (w, clean_check) = prepared();
    let Some(said) = fill_with_openpyxl(&w, &[]) else {
        return;
    };
    assert_eq!(said.trim(), filled_line(&w));
    scores_as_clean(&w, "filled.xlsx", &clean_check);
}

#[test]
fn template_filled_by_openpyxl_with_a_percent_cell_and_a_date_year_scores_as_the_clean_round() {
    let (w, clean_check) = prepared();
    let Some(said) = fill_with_openpyxl(&w, &["--excel-habits"]) else {
        return;
    };
    // C01's 2021 row: leading_share 91.2 typed as 91.2% (0.912, format
    // 0.0%), its year typed as the date 2021-12-31.
    assert_eq!(
        said.trim(),
        format!(
            "{} habits=C01 2021 主导产业占集群产值比重 leading_share (%)",
            filled_line(&w)
        )
    );
    scores_as_clean(&w, "filled.xlsx", &clean_check);
    // The trace says how the two cells were read.
    let (h, trace) = read_csv(&w.path("filled/trace.csv"));
    let reading = col(&h, "cell_reading");
    let said: Vec<&str> = trace.iter().map(|r| r[reading].as_str()).collect();
    assert!(
        said.iter()
            .any(|r| r.contains("shown as 2021-12-31, read as year 2021")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|r| r.contains("0.912 read as 91.2%")),
        "{said:?}"
    );
}

#[test]
fn template_filled_by_calamine_and_rust_xlsxwriter_scores_as_the_clean_round() {
    let (w, clean_check) = prepared();
    let values = sample_values(&w);
    let mut wb = open_workbook_auto(w.path("round/template.xlsx")).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();

    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&name).unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    let mut written = 0;
    for (r, row) in rows.iter().enumerate().skip(1) {
        let (Data::String(id), Data::Float(year)) = (&row[0], &row[2]) else {
            panic!("row {}: {row:?}", r + 1);
        };
        ws.write_string(r as u32, 0, id).unwrap();
        ws.write_string(r as u32, 1, row[1].to_string()).unwrap();
        ws.write_number(r as u32, 2, *year).unwrap();
        let cells = &values[&(id.clone(), *year as i32)];
        for (c, h) in header.iter().enumerate().skip(3) {
            let zh = h.split(' ').next().unwrap();
            if let Some(v) = cells.get(zh) {
                ws.write_number(r as u32, c as u16, v.parse::<f64>().unwrap())
                    .unwrap();
                written += 1;
            }
        }
    }
    assert_eq!(written, values.values().map(BTreeMap::len).sum::<usize>());
    book.save(w.path("round/filled.xlsx")).unwrap();
    scores_as_clean(&w, "filled.xlsx", &clean_check);
}
