//! Rows, cells, headers, the registry, line ends and encodings.

use super::*;
use crate::workdir::WorkDir;

// ---------------------------------------------------------------- rows

#[test]
fn short_and_long_rows_are_located_with_both_counts() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let f = "round/indicators.csv";
    w.edit(f, "HB01,listed,2023,13,家", "HB01,listed,2023,13");
    w.edit(f, "HB04,listed,2023,13,家", "HB04,listed,2023,13,家,");
    refused(
        &w,
        &[
            &format!("error: round/indicators.csv, row 9: row has 4 cells but the header has 5 columns: {SHORT_ROW}"),
            &format!("error: round/indicators.csv, row 120: row has 6 cells but the header has 5 columns: {LONG_ROW}"),
        ],
    );
    // `run` refuses the same round and writes nothing.
    w.fails(&["run", "round", "--out", "out"], 1);
    assert!(!w.path("out").exists());
}

#[test]
fn many_bad_rows_are_shown_twenty_then_counted() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let text = w.read("round/indicators.csv");
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(k, l)| {
            if (2..=26).contains(&(k + 1)) {
                format!("{l},x")
            } else {
                l.to_string()
            }
        })
        .collect();
    w.write("round/indicators.csv", lines.join("\n") + "\n");
    let out = w.fails(&["check", "round"], 1);
    let errs = errors(&out);
    assert_eq!(errs.len(), 21, "{}", out.stdout);
    assert_eq!(
        errs[20],
        "error: round/indicators.csv: ... and 5 more rows whose number of cells is not the header's 5"
    );
}

#[test]
fn a_wide_file_cut_in_the_middle_of_a_row_is_located() {
    // The competition sample's submissions are wide (34 columns); keep the
    // first 62 rows and 5 cells of row 63, as a copy cut short would.
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let text = w.read("round/indicators.csv");
    let lines: Vec<&str> = text.lines().collect();
    let cut: Vec<&str> = lines[62].split(',').take(5).collect();
    let kept = lines[..62].join("\n") + "\n" + &cut.join(",");
    w.write("round/indicators.csv", kept);
    refused(
        &w,
        &[&format!(
            "error: round/indicators.csv, row 63: row has 5 cells but the header has 34 columns: {SHORT_ROW}"
        )],
    );
}

#[test]
fn an_unterminated_quote_is_located_and_not_echoed() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let mut text = w.read("round/indicators.csv");
    // Row 409 opens a quote in the value; 30 bytes follow it.
    text.push_str("HB01,listed,2022,\"13,家\nHB02,listed,2022,3,家\n");
    w.write("round/indicators.csv", text);
    refused(
        &w,
        &["error: round/indicators.csv, row 409, column value: unterminated quote: the quoted cell that starts here never closes, so the rest of the file (30 bytes) would be one cell; the file may be cut short, or a quote inside a cell is not doubled (\"\")"],
    );
}

#[test]
fn an_unterminated_quote_in_a_roster_gives_its_row_not_the_rest_of_the_file() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let text = w.read("round/enterprises.csv");
    // Open a quote at the name of row 5 (about 1.4 MB follow it).
    let row5: usize = text.split('\n').take(4).map(|l| l.len() + 1).sum();
    let name = row5 + text[row5..].find(',').unwrap() + 1;
    let broken = format!("{}\"{}", &text[..name], &text[name..]);
    let after = broken.len() - (name + 1);
    w.write("round/enterprises.csv", broken);
    let out = refused(
        &w,
        &[&format!("error: round/enterprises.csv, row 5, column 企业名称: unterminated quote: the quoted cell that starts here never closes, so the rest of the file ({after} bytes) would be one cell; the file may be cut short, or a quote inside a cell is not doubled (\"\")")],
    );
    assert!(out.all().len() < 2_000, "{} bytes", out.all().len());
}

#[test]
fn a_file_with_only_its_header_is_an_error() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.write(
        "round/indicators.csv",
        "cluster_id,indicator,period,value,unit\n",
    );
    refused(
        &w,
        &["error: round/indicators.csv, row 2: no data row: the file has only its header; a submissions file holds the clusters' values"],
    );
    // Header and the template's example row only: nothing is used.
    w.write(
        "round/indicators.csv",
        "cluster_id,indicator,period,value,unit\n#HB01,revenue,2023,1,亿元\n",
    );
    refused(
        &w,
        &["error: round/indicators.csv, row 2: no row of the file is used: every row is a comment (#) or for a year that is not the round's (expected 2021 (baseline), 2023 (current) or 2025 (target))"],
    );
}

#[test]
fn a_registry_or_roster_with_only_its_header_is_an_error() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let text = w.read("round/enterprises.csv");
    w.write("round/enterprises.csv", text.lines().next().unwrap());
    refused(
        &w,
        &["error: round/enterprises.csv, row 2: no data row: the roster has only its header; it lists one enterprise per row"],
    );
    w.write(
        "round/clusters.csv",
        "cluster_id,name_zh,name_en,city,track,promotion_org\n",
    );
    refused_with(
        &w,
        "error: round/clusters.csv, row 2: no data row: the file has only its header; the registry lists one cluster per row",
    );
}

// ---------------------------------------------------------------- headers

#[test]
fn a_second_value_column_is_an_error_not_ignored() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let add = |header: &str| {
        let text = w.read("round/indicators.csv");
        let lines: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(k, l)| format!("{l},{}", if k == 0 { header } else { "1" }))
            .collect();
        lines.join("\n") + "\n"
    };
    let original = w.read("round/indicators.csv");
    w.write("round/indicators.csv", add("value"));
    refused(
        &w,
        &["error: round/indicators.csv, row 1, column value: duplicate column name: columns 4 and 6 are both headed \"value\"; every column needs its own name"],
    );
    w.write("round/indicators.csv", &original);
    w.write("round/indicators.csv", add("数值"));
    refused(
        &w,
        &["error: round/indicators.csv, row 1, column 数值: two columns are read as value (数值): \"value\" (column 4) and \"数值\" (column 6); keep one, or skip the other with `ignore` in round.toml"],
    );
}

#[test]
fn an_unknown_column_of_a_long_file_is_an_error_unless_ignored() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let text = w.read("round/indicators.csv");
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(k, l)| format!("{l},{}", if k == 0 { "note" } else { "checked" }))
        .collect();
    w.write("round/indicators.csv", lines.join("\n") + "\n");
    refused(
        &w,
        &["error: round/indicators.csv, row 1, column note: unknown column: a long-form submissions file has the columns cluster_id, indicator, period, value and unit (skip another column with `ignore` in round.toml)"],
    );
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [{ file = \"indicators.csv\", ignore = [\"note\"] }]",
    );
    w.ok(&["check", "round"]);
}

// ---------------------------------------------------------------- registry

#[test]
fn a_registry_row_without_its_city_or_track_is_an_error() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    set_cell(&w, "round/clusters.csv", 3, 4, "");
    set_cell(&w, "round/clusters.csv", 4, 5, " ");
    refused(
        &w,
        &[
            "error: round/clusters.csv, row 3, column city: blank city: every cluster needs one (the column is required)",
            "error: round/clusters.csv, row 4, column track: blank track: every cluster needs one (the column is required)",
        ],
    );
}

#[test]
fn a_registry_cell_reading_nan_is_an_error() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // C02 (row 3): 促进组织依法登记 = NaN, as a data-frame export writes a blank.
    let text = w.read("round/clusters.csv");
    let row3 = text.lines().nth(2).unwrap().to_string();
    set_row(
        &w,
        "round/clusters.csv",
        3,
        &row3.replace(",是,无", ",NaN,无"),
    );
    refused(
        &w,
        &["error: round/clusters.csv, row 3, column 促进组织依法登记, value \"NaN\": NaN or infinity is not a value (write the value, or leave the cell blank)"],
    );
}

// ---------------------------------------------------------------- text

/// The mid-term sample with CR-only line ends in every CSV.
fn cr_only(w: &WorkDir) {
    for f in [
        "clusters.csv",
        "indicators.csv",
        "enterprises.csv",
        "history.csv",
    ] {
        bytes_map(w, &format!("round/{f}"), |b| line_ends(b, b"\r"));
    }
}

#[test]
fn cr_only_line_ends_count_rows() {
    // Rows 9 of the submissions and 4 of the roster: before, every error
    // of a CR-only file was at row 1. (The roster is read once the
    // submissions are clean, hence two rounds.)
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/indicators.csv",
        "HB01,listed,2023,13,家",
        "HB01,listed,2023,12.3.4,家",
    );
    cr_only(&w);
    refused(
        &w,
        &["error: round/indicators.csv, row 9, column value, value \"12.3.4\": not a well-formed number (expected e.g. 1234.5, 1,234.5 or 12.5%) [field listed]"],
    );
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/enterprises.csv",
        "保定通盛新能源有限公司,HB01,保定市高新区,34064.28,928.33,17,是",
        "保定通盛新能源有限公司,HB01,保定市高新区,34064.28,928.33,17,也许",
    );
    cr_only(&w);
    refused(
        &w,
        &["error: round/enterprises.csv, row 4, column 规上企业, value \"也许\": expected yes or no (是/否, 1/0, Y/N, true/false; blank = no)"],
    );
}

#[test]
fn cr_and_crlf_files_give_the_sample_outputs() {
    for end in [&b"\r"[..], b"\r\n"] {
        let w = WorkDir::new();
        w.sample_round("hebei-2024-midterm");
        for f in [
            "clusters.csv",
            "indicators.csv",
            "enterprises.csv",
            "history.csv",
        ] {
            bytes_map(&w, &format!("round/{f}"), |b| line_ends(b, end));
        }
        same_outputs_as_sample(&w, "hebei-2024-midterm", &[]);
    }
}

#[test]
fn a_roster_cell_with_a_line_break_keeps_the_rows_a_spreadsheet_shows() {
    // A name with a line break (row 3: one row, two lines) and a blank
    // line after row 5 (a spreadsheet shows it as row 6): the 10th row of
    // the file as shipped is row 11, on line 12.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let f = "round/enterprises.csv";
    w.edit(f, "保定安创电气有限公司", "\"保定安创\n电气有限公司\"");
    let text = w.read(f);
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    // Physical lines: the name spans lines 3-4; row 5 is line 6.
    lines.insert(6, String::new());
    // Row 10 is physical line 12 now.
    let mut cells: Vec<String> = lines[11].split(',').map(str::to_string).collect();
    cells[8] = "也许".into();
    lines[11] = cells.join(",");
    w.write(f, lines.join("\n"));
    refused(
        &w,
        &["error: round/enterprises.csv, row 11, column 国家高新技术企业, value \"也许\": expected yes or no (是/否, 1/0, Y/N, true/false; blank = no)"],
    );
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = std::iter::once(0xFEFF_u16)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    for u in units {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_a_byte_order_mark_is_named_and_read() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    for (f, be) in [
        ("clusters.csv", false),
        ("indicators.csv", true),
        ("enterprises.csv", false),
    ] {
        let text = w.read(&format!("round/{f}"));
        w.write(&format!("round/{f}"), utf16(&text, be, true));
    }
    let out = w.ok(&["check", "round"]);
    for (f, enc) in [
        ("clusters.csv", "UTF-16LE"),
        ("indicators.csv", "UTF-16BE"),
        ("enterprises.csv", "UTF-16LE"),
    ] {
        // `check` names files of a valid round relative to it.
        let line = format!("warning: {f}: encoding: the file is not UTF-8; it was read as {enc}. Save it as UTF-8 to be sure of the characters");
        assert!(
            out.stdout.lines().any(|l| l == line),
            "{line}\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("GB18030"), "{}", out.stdout);
    // The report and scores.json list the three warnings; nothing else
    // differs.
    same_outputs_as_sample(&w, "hebei-2024-midterm", &["report.md", "scores.json"]);
}

#[test]
fn a_file_neither_utf8_nor_gbk_is_refused_at_its_first_bad_byte() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    // Row 77, cell 2: "reven" then 0xE9 0xFF (no encoding reads these).
    bytes_map(&w, "round/indicators.csv", |b| {
        let s = String::from_utf8_lossy(b).replace("HB03,revenue,2023", "HB03,reven@@e,2023");
        let mut out = s.into_bytes();
        let at = out.windows(2).position(|p| p == b"@@").unwrap();
        out[at] = 0xE9;
        out[at + 1] = 0xFF;
        out
    });
    // UTF-16 without its byte-order mark: NUL bytes.
    let text = w.read("round/clusters.csv");
    w.write("round/clusters.csv", utf16(&text, false, false));
    refused(
        &w,
        &[
            "error: round/indicators.csv, row 77, column indicator: the file is neither UTF-8 nor GBK/GB18030 text: byte 0xE9 (character 6 of the cell) cannot be read. Save the file as UTF-8",
            "error: round/clusters.csv, row 1, column 1: the file holds a NUL byte (character 2 of the cell), so it is not CSV text (UTF-16 saved without a byte-order mark?). Save the file as UTF-8",
        ],
    );
}

#[test]
fn a_huge_cell_is_cut_in_the_message() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let huge = "x".repeat(1_000_000);
    w.edit(
        "round/indicators.csv",
        "HB01,listed,2023,13,家",
        &format!("HB01,listed,2023,{huge},家"),
    );
    refused(
        &w,
        &[&format!(
            "error: round/indicators.csv, row 9, column value, value \"{}... (999880 more characters)\": text where a number was expected (write the number, or leave the cell blank / \"—\" for no data) [field listed]",
            "x".repeat(120)
        ), &format!(
            "error: round/indicators.csv, row 9, column value, value \"{}…\": a cell of 1000000 characters: a spreadsheet cell holds at most 32767",
            "x".repeat(20)
        )],
    );
}
