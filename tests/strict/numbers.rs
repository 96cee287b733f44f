//! NaN and infinities wherever a number is read, amounts, and arithmetic
//! that overflows.

use super::*;
use crate::workdir::WorkDir;

// ---------------------------------------------------------------- numbers

#[test]
fn nan_and_infinity_in_submissions_are_errors_not_blanks() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let f = "round/indicators.csv";
    w.edit(f, "HB01,listed,2023,13,家", "HB01,listed,2023,NaN,家");
    w.edit(f, "HB04,listed,2023,13,家", "HB04,listed,2023,inf,家");
    w.edit(
        f,
        "HB02,above_scale,2023,855,家",
        "HB02,above_scale,2023,-Infinity,家",
    );
    w.edit(
        f,
        "HB03,revenue,2023,534.09,亿元",
        "HB03,revenue,2023,1e400,亿元",
    );
    let nan = "NaN or infinity is not a value (write the number, or leave the cell blank / \"—\" for no data)";
    refused(
        &w,
        &[
            &format!("error: round/indicators.csv, row 9, column value, value \"NaN\": {nan} [field listed]"),
            &format!("error: round/indicators.csv, row 120, column value, value \"inf\": {nan} [field listed]"),
            &format!("error: round/indicators.csv, row 43, column value, value \"-Infinity\": {nan} [field above_scale]"),
            "error: round/indicators.csv, row 77, column value, value \"1e400\": the number is too large to compute with (beyond ±1.8e308) [field revenue]",
        ],
    );
}

#[test]
fn nan_and_infinity_in_a_roster_are_errors_not_blanks() {
    // Columns 5 and 6 are revenue and R&D (营业收入, 研发投入).
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let f = "round/enterprises.csv";
    set_cell(&w, f, 3, 6, "NaN");
    set_cell(&w, f, 5, 5, "inf");
    set_cell(&w, f, 5, 6, "-inf");
    set_cell(&w, f, 6, 5, "1e400");
    let nan = "NaN or infinity is not a value (write the number, or leave the cell blank / \"—\" for no data)";
    refused(
        &w,
        &[
            &format!("error: round/enterprises.csv, row 3, column 研发投入（万元）, value \"NaN\": {nan}"),
            &format!("error: round/enterprises.csv, row 5, column 营业收入（万元）, value \"inf\": {nan}"),
            &format!("error: round/enterprises.csv, row 5, column 研发投入（万元）, value \"-inf\": {nan}"),
            "error: round/enterprises.csv, row 6, column 营业收入（万元）, value \"1e400\": the number is too large to compute with (beyond ±1.8e308)",
        ],
    );
}

#[test]
fn roster_rows_with_missing_or_extra_cells_are_errors() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let f = "round/enterprises.csv";
    let text = w.read(f);
    let lines: Vec<&str> = text.split('\n').collect();
    let short = lines[2].rsplit_once(',').unwrap().0.to_string();
    let long = format!("{},x", lines[3]);
    set_row(&w, f, 3, &short);
    set_row(&w, f, 4, &long);
    refused(
        &w,
        &[
            &format!("error: round/enterprises.csv, row 3: row has 11 cells but the header has 12 columns: {SHORT_ROW}"),
            &format!("error: round/enterprises.csv, row 4: row has 13 cells but the header has 12 columns: {LONG_ROW}"),
        ],
    );
}

#[test]
fn a_negative_amount_is_an_error_unless_the_framework_allows_it() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/indicators.csv",
        "HB03,revenue,2023,534.09,亿元",
        "HB03,revenue,2023,-500,亿元",
    );
    refused(
        &w,
        &["error: round/indicators.csv, row 77, column value, value \"-500\": negative amount: field revenue (主导产业营业收入) is an amount and cannot be below 0 (a framework that allows it sets the field's min)"],
    );
    // A framework that sets the field's min allows it.
    w.edit(
        "round/framework.toml",
        "unit = \"亿元\"\nkind = \"amount\"\nperiods",
        "unit = \"亿元\"\nkind = \"amount\"\nmin = -1000\nperiods",
    );
    w.ok(&["check", "round"]);
}

// ---------------------------------------------------------------- arithmetic

#[test]
fn a_weighted_count_that_overflows_stops_the_run() {
    // Competition sample, C01 2021 (row 3): 10 亿元 and 100 亿元 enterprises
    // 1e308 each: 1 x 1e308 + 3 x 1e308 is beyond the largest float.
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let f = "round/indicators.csv";
    let text = w.read(f);
    let row3: Vec<&str> = text.lines().nth(2).unwrap().split(',').collect();
    assert_eq!(row3[..2], ["C01", "2021"]);
    let mut cells = row3.clone();
    cells[5] = "1e308";
    cells[6] = "1e308";
    set_row(&w, f, 3, &cells.join(","));
    refused(
        &w,
        &["error: round/indicators.csv, row 3, column 营收10亿元以上企业数（家）, value \"1e308\": the value of indicator big_enterprises (龙头企业（10亿元级×1，100亿元级×3）) for cluster C01 is not a finite number (inf), computed from ent_100bn = 1e308, ent_10bn = 1e308: an input is too large or a denominator too small"],
    );
    w.fails(&["run", "round", "--out", "out"], 1);
    assert!(!w.path("out").exists());
}

/// Set one cell of the ASEM sample's data (row 2 is Austria).
fn asem_cell(w: &WorkDir, column: &str, value: &str) {
    let f = "round/iData.csv";
    let text = w.read(f);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let c = header
        .iter()
        .position(|h| h.trim_matches('"') == column)
        .unwrap();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[c] = value.to_string();
    lines[1] = cells.join(",");
    w.write(f, lines.join("\n") + "\n");
}

#[test]
fn a_denominator_of_5e_324_stops_the_run_naming_every_indicator() {
    let w = WorkDir::new();
    w.sample_round("asem");
    asem_cell(&w, "GDP", "5e-324");
    let out = refused_with(
        &w,
        "error: round/iData.csv, row 2, column GDP, value \"5e-324\": the value of indicator Goods (Trade in goods) for cluster AUT is not a finite number (inf), computed from Goods = 278.4264, GDP = 5e-324: an input is too large or a denominator too small",
    );
    // Every per-GDP indicator of Austria: none imputed, none silently missing.
    assert_eq!(errors(&out).len(), 9, "{}", out.stdout);
    assert!(errors(&out).iter().all(|e| e.contains("for cluster AUT")));
}

#[test]
fn values_whose_spread_overflows_stop_the_run() {
    let w = WorkDir::new();
    w.sample_round("asem");
    asem_cell(&w, "LPI", "1e200");
    refused(
        &w,
        &["error: round/iData.csv, row 2, column LPI, value \"1e200\": the values of indicator LPI (Logistics Performance Index) are too large to score: their range, or the sums of their squared or 4th-power deviations (z-score, outlier test), go beyond ±1.8e308 (the largest, 1e200, is cluster AUT's)"],
    );
}

#[test]
fn a_roster_sum_that_overflows_stops_the_run() {
    // R&D of three above-scale enterprises of HB01 (rows 2, 4 and 9) 1e308.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let f = "round/enterprises.csv";
    let text = w.read(f);
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for row in [2, 4, 9] {
        let mut cells: Vec<&str> = lines[row - 1].split(',').collect();
        assert_eq!((cells[2], cells[7]), ("HB01", "是"), "row {row}");
        cells[5] = "1e308";
        lines[row - 1] = cells.join(",");
    }
    w.write(f, lines.join("\n"));
    refused(
        &w,
        &["error: round/enterprises.csv, column rd_intensity: the roster gives inf for field rd_intensity of cluster HB01: not a finite number (Σ rd_spending / Σ revenue x 100 where above_scale: a sum too large, or a denominator too small)"],
    );
}
