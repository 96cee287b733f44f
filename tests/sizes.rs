//! Sizes checked before allocating: workbooks whose cell references,
//! dimensions or cell counts are far beyond a sheet, robustness counts
//! from a file or the command line beyond their range or the memory
//! budget, and a closed standard output. Each ends in a located error (or,
//! for a stray far cell, the right reading) and exit 1, or for the closed
//! pipe a quiet exit 141; never a panic or an abort.

use crate::workdir::{repo, WorkDir};
use std::io::Write;
use std::process::{Command, Stdio};

/// An XLSX workbook of one sheet, `Sheet1`, whose worksheet part is
/// `sheet` (crafted XML: the references are whatever the test writes).
fn workbook(sheet: &str) -> Vec<u8> {
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet}</worksheet>"#)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A text cell at `r`.
fn cell(r: &str, text: &str) -> String {
    let text = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn column_letters(mut c: usize) -> String {
    let mut s = String::new();
    c += 1;
    while c > 0 {
        s.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    s
}

/// The sample's registry (clusters.csv) as `<row>` elements.
fn registry_rows() -> String {
    let path = repo().join("sample_data/hebei-2024-midterm/clusters.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut xml = String::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.unwrap();
        xml += &format!(r#"<row r="{}">"#, i + 1);
        for (c, text) in rec.iter().enumerate() {
            xml += &cell(&format!("{}{}", column_letters(c), i + 1), text);
        }
        xml += "</row>";
    }
    xml
}

/// The midterm sample with its registry as `clusters.xlsx`.
fn round_with_registry(w: &WorkDir, xlsx: &[u8]) {
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/round.toml",
        "clusters = \"clusters.csv\"",
        "clusters = \"clusters.xlsx\"",
    );
    w.write("round/clusters.xlsx", xlsx);
}

#[test]
fn a_stray_far_cell_is_read_by_the_filled_cells() {
    // A sheet declaring A1:XFD1048576 and holding a formatted empty cell
    // at XFD1048576 (as spreadsheets write a far formatted cell) reads
    // as its filled cells: the same ranking as the CSV registry.
    let w = WorkDir::new();
    let sheet = format!(
        r#"<dimension ref="A1:XFD1048576"/><sheetData>{}<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>"#,
        registry_rows()
    );
    round_with_registry(&w, &workbook(&sheet));
    w.ok(&["check", "round"]);
    w.ok(&["run", "round", "--out", "xlsx"]);
    let w2 = WorkDir::new();
    w2.sample_round("hebei-2024-midterm");
    w2.ok(&["run", "round", "--out", "csv"]);
    assert_eq!(w.read("xlsx/ranking.csv"), w2.read("csv/ranking.csv"));
}

#[test]
fn a_filled_cell_at_the_last_cell_of_a_sheet_is_located() {
    // Written by a spreadsheet library (rust_xlsxwriter, as openpyxl
    // does): a value at XFD1048576 under the registry.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let path = repo().join("sample_data/hebei-2024-midterm/clusters.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, rec) in reader.records().enumerate() {
        for (c, text) in rec.unwrap().iter().enumerate() {
            ws.write_string(i as u32, c as u16, text).unwrap();
        }
    }
    ws.write_string(1_048_575, 16_383, "far").unwrap();
    wb.save(w.path("round/clusters.xlsx")).unwrap();
    w.edit(
        "round/round.toml",
        "clusters = \"clusters.csv\"",
        "clusters = \"clusters.xlsx\"",
    );
    // One cell, outside the key column: not a record, set aside with a
    // warning at its row, and listed in rejections.csv.
    let message = "warning: clusters.xlsx[Sheet1], row 1048576: 1 row is not a record and was set aside (listed in rejections.csv): row 1048576 (note row) \"far\"";
    let o = w.ok(&["check", "round"]);
    assert!(o.stdout.contains(message), "{}", o.all());
    w.ok(&["run", "round", "--out", "out"]);
    let rejections = w.read("out/rejections.csv");
    let far = format!(
        "clusters.xlsx[Sheet1],1048576,note row,\"{}far\"",
        ",".repeat(16_383)
    );
    assert!(rejections.contains(&far), "{rejections}");
}

#[test]
fn references_beyond_a_sheet_are_located_errors() {
    let w = WorkDir::new();
    let rows = registry_rows();
    let cases = [
        (
            format!(r#"<sheetData>{rows}<row r="13">{}</row></sheetData>"#, cell("A99999999999", "x")),
            r#"error: round/clusters.xlsx, value "A99999999999": cell reference in xl/worksheets/sheet1.xml: row 99999999999 is beyond 1048576, the last row of a sheet"#,
        ),
        (
            format!(r#"<sheetData>{rows}<row r="99999999999">{}</row></sheetData>"#, cell("A13", "x")),
            r#"error: round/clusters.xlsx, value "99999999999": row number in xl/worksheets/sheet1.xml: row 99999999999 is beyond 1048576, the last row of a sheet"#,
        ),
        (
            format!(r#"<sheetData>{rows}<row r="13">{}</row></sheetData>"#, cell("ZZZZ13", "x")),
            r#"error: round/clusters.xlsx, value "ZZZZ13": cell reference in xl/worksheets/sheet1.xml: column ZZZZ is beyond XFD, the last column of a sheet"#,
        ),
        (
            format!(r#"<sheetData>{rows}<row r="13">{}</row></sheetData>"#, cell("A-13", "x")),
            r#"error: round/clusters.xlsx, value "A-13": cell reference in xl/worksheets/sheet1.xml: expected column letters and a row number, like B7"#,
        ),
        (
            format!(r#"<sheetData>{rows}<row r="13">{}</row></sheetData>"#, cell("A0", "x")),
            r#"error: round/clusters.xlsx, value "A0": cell reference in xl/worksheets/sheet1.xml: row 0: rows are numbered from 1"#,
        ),
        (
            format!(r#"<dimension ref="B2:A1"/><sheetData>{rows}</sheetData>"#),
            r#"error: round/clusters.xlsx, value "B2:A1": sheet dimension in xl/worksheets/sheet1.xml: the range ends before it starts"#,
        ),
        (
            format!(r#"<dimension ref="A1:A99999999999"/><sheetData>{rows}</sheetData>"#),
            r#"error: round/clusters.xlsx, value "A1:A99999999999": sheet dimension in xl/worksheets/sheet1.xml: row 99999999999 is beyond 1048576, the last row of a sheet"#,
        ),
        (
            // Cells without a reference follow the one before: 16,385 of
            // them pass the last column.
            format!(r#"<sheetData>{rows}<row r="13">{}</row></sheetData>"#, "<c><v>1</v></c>".repeat(16_385)),
            "error: round/clusters.xlsx[Sheet1]: a cell at row 13, column 16385 is beyond XFD1048576, the last cell of a sheet",
        ),
        (
            // 1,221 rows reaching column XFD: more than 20,000,000 cells
            // from column A, refused before any row is built.
            format!(
                r#"<sheetData>{rows}{}</sheetData>"#,
                (13..=1300)
                    .map(|r| format!(r#"<row r="{r}">{}</row>"#, cell(&format!("XFD{r}"), "x")))
                    .collect::<String>()
            ),
            "error: round/clusters.xlsx[Sheet1], row 1233: the sheet spans more than 20000000 cells (each row from column A to its last filled cell), the most this tool reads from a sheet",
        ),
    ];
    for (sheet, message) in cases {
        round_with_registry(&w, &workbook(&sheet));
        let o = w.fails(&["check", "round"], 1);
        assert!(
            o.stdout.contains(message),
            "expected {message}\n{}",
            o.all()
        );
        let o = w.fails(&["run", "round", "--out", "out"], 1);
        assert!(
            o.stderr.contains(message),
            "expected {message}\n{}",
            o.all()
        );
        assert!(!w.path("out").exists());
    }
}

#[test]
fn a_declared_shared_string_count_beyond_the_ceiling_is_refused() {
    // calamine reserves room for the declared count before reading one.
    let w = WorkDir::new();
    let mut book = std::io::Cursor::new(workbook(&format!(
        "<sheetData>{}</sheetData>",
        registry_rows()
    )));
    let mut zip = zip::ZipWriter::new_append(&mut book).unwrap();
    zip.start_file(
        "xl/sharedStrings.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="9223372036854775807"><si><t>x</t></si></sst>"#)
        .unwrap();
    zip.finish().unwrap();
    round_with_registry(&w, book.get_ref());
    let o = w.fails(&["check", "round"], 1);
    assert!(
        o.stdout.contains(r#"error: round/clusters.xlsx, value "9223372036854775807": shared strings in xl/sharedStrings.xml: more than 20000000 declared, the most this tool reads"#),
        "{}",
        o.all()
    );
}

#[test]
fn workbook_formats_other_than_xlsx_are_refused() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/round.toml",
        "clusters = \"clusters.csv\"",
        "clusters = \"clusters.xls\"",
    );
    w.write("round/clusters.xls", b"\xD0\xCF\x11\xE0 not really");
    let o = w.fails(&["check", "round"], 1);
    assert!(
        o.stdout.contains("error: round/clusters.xls: a .xls workbook is not read: save the sheet as .xlsx (or CSV)"),
        "{}",
        o.all()
    );
}

/// The midterm sample with `key = value` in its `[robustness]`.
fn robustness_setting(w: &WorkDir, key: &str, value: &str) {
    w.sample_round("hebei-2024-midterm");
    let text = w.read("round/round.toml");
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in round.toml"))
        .to_string();
    w.edit("round/round.toml", &line, &format!("{key} = {value}"));
}

#[test]
fn robustness_counts_beyond_their_range_are_located_errors() {
    let w = WorkDir::new();
    let cases = [
        (
            "replications",
            "100000000000",
            r#"column robustness.replications, value "100000000000": expected a whole number of replications from 1 to 10000000"#,
        ),
        (
            "replications",
            "9223372036854775807",
            r#"column robustness.replications, value "9223372036854775807": expected a whole number of replications from 1 to 10000000"#,
        ),
        (
            "replications",
            "-1",
            r#"column robustness.replications, value "-1": expected a whole number of replications from 1 to 10000000"#,
        ),
        (
            "replications",
            "1e11",
            r#"column robustness.replications, value "100000000000.0": expected a whole number of replications from 1 to 10000000"#,
        ),
        (
            "sobol_base",
            "9223372036854775807",
            r#"column robustness.sobol_base, value "9223372036854775807": expected 0 (no Sobol indices) or a base sample from 2 to 1000000 (hundreds for stable indices)"#,
        ),
        (
            "bootstrap",
            "100000000000",
            r#"column robustness.bootstrap, value "100000000000": expected a whole number of resamples from 1 to 100000 (for the confidence intervals of the Sobol indices)"#,
        ),
        (
            "select",
            "0",
            r#"column robustness.select, value "0": expected a place from 1 to 1000000 ("selected" = ranked at or above it)"#,
        ),
        (
            "select",
            "9223372036854775807",
            r#"column robustness.select, value "9223372036854775807": expected a place from 1 to 1000000 ("selected" = ranked at or above it)"#,
        ),
    ];
    for (key, value, message) in cases {
        robustness_setting(&w, key, value);
        let message = format!("error: round/round.toml, {message}");
        let o = w.fails(&["check", "round"], 1);
        assert!(
            o.stdout.contains(&message),
            "expected {message}\n{}",
            o.all()
        );
        for cmd in ["run", "sensitivity"] {
            let o = w.fails(&[cmd, "round", "--out", "out"], 1);
            assert!(
                o.stderr.contains(&message),
                "expected {message}\n{}",
                o.all()
            );
        }
        assert!(!w.path("out").exists());
    }
}

#[test]
fn command_line_sizes_beyond_their_range_are_located_errors() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let cases = [
        (
            "--replications",
            "100000000000",
            r#"error: command line, column --replications, value "100000000000": expected a whole number of replications from 1 to 10000000"#,
        ),
        (
            "--replications",
            "18446744073709551615",
            r#"error: command line, column --replications, value "18446744073709551615": expected a whole number of replications from 1 to 10000000"#,
        ),
        (
            "--sobol-base",
            "9223372036854775807",
            r#"error: command line, column --sobol-base, value "9223372036854775807": expected 0 (no Sobol indices) or a base sample from 2 to 1000000 (hundreds for stable indices)"#,
        ),
        (
            "--bootstrap",
            "9223372036854775807",
            r#"error: command line, column --bootstrap, value "9223372036854775807": expected a whole number of resamples from 1 to 100000 (for the confidence intervals of the Sobol indices)"#,
        ),
        (
            "--threads",
            "0",
            r#"error: command line, column --threads, value "0": expected 1 to 1024 worker threads (leave --threads out for one per core)"#,
        ),
        (
            "--threads",
            "100000000",
            r#"error: command line, column --threads, value "100000000": expected 1 to 1024 worker threads (leave --threads out for one per core)"#,
        ),
    ];
    for (flag, value, message) in cases {
        let o = w.fails(&["sensitivity", "round", flag, value, "--out", "out"], 1);
        assert!(
            o.stderr.contains(message),
            "expected {message}\n{}",
            o.all()
        );
        assert!(!w.path("out").exists());
    }
}

#[test]
fn the_memory_estimate_refuses_an_analysis_too_big_to_hold() {
    // 10,000,000 replications of the 51 ASEM countries: 2.4 GiB of ranks
    // and grades, over the 2 GiB budget; refused by `check` as by
    // `sensitivity`, naming the key where the number came from.
    let w = WorkDir::new();
    w.sample_round("asem");
    let o = w.fails(
        &[
            "sensitivity",
            "round",
            "--replications",
            "10000000",
            "--out",
            "out",
        ],
        1,
    );
    let message = "error: command line, column --replications, value \"10000000\": the analysis would hold about 2.4 GiB (10000000 replications x 51 clusters of ranks and grades, and the Sobol design), more than the 2 GiB it may use: ask for fewer replications";
    assert!(o.stderr.contains(message), "{}", o.all());
    assert!(!w.path("out").exists());
    w.edit(
        "round/round.toml",
        "replications = 10000",
        "replications = 10000000",
    );
    let o = w.fails(&["check", "round"], 1);
    let message = message
        .replace("command line", "round/round.toml")
        .replace("--replications", "robustness.replications");
    assert!(o.stdout.contains(&message), "{}", o.all());
}

#[test]
fn a_closed_standard_output_ends_quietly_with_141() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    for args in [
        &["check", "round"][..],
        &["check", "round", "--format", "json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cluster-eval"))
            .args(args)
            .current_dir(&w.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the command prints a line.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(141), "{args:?}: {out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
