//! `template`: the submission template, CSV and XLSX, that `check`
//! accepts once filled in; refused (exit 1, nothing written) when the
//! round's setup cannot be read.
//!
//! This file holds the CSV template, the refusals and the output file's
//! rules; `xlsx` the workbook's sheets, formats, validation and protection;
//! `roundtrip` the template filled in (by openpyxl, as an office does, and
//! by calamine + rust_xlsxwriter) and scored as the clean sample round.

mod roundtrip;
mod xlsx;

use crate::workdir::{repo, WorkDir};

#[test]
fn template_has_bom_bilingual_headers_units_and_an_example_row() {
    let w = WorkDir::new();
    let fw = repo().join("indicators/hebei-midterm.toml");
    w.ok(&[
        "template",
        "--framework",
        fw.to_str().unwrap(),
        "--out",
        "t.csv",
    ]);
    let bytes = std::fs::read(w.path("t.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(
            "集群编号 cluster_id,集群名称 name,年份 period,主导产业营业收入 revenue (亿元),"
        ),
        "{header}"
    );
    assert!(header.contains("首台(套)及关键技术突破数 first_of_kind (项)"));
    let example = lines.next().unwrap();
    assert!(example.starts_with("#示例 example"), "{example}");
    assert_eq!(lines.next(), None, "no rows without --round");
}

#[test]
fn filled_in_template_passes_check() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&[
        "template",
        "--framework",
        "round/framework.toml",
        "--round",
        "round",
        "--out",
        "round/filled.csv",
    ]);
    // Fill every blank cell of the rows for the periods each field asks for.
    let text = std::fs::read_to_string(round.join("filled.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut wtr = csv::Writer::from_writer(Vec::new());
    wtr.write_record(&header).unwrap();
    let target_fields = [
        "revenue",
        "local_supply",
        "rd_intensity",
        "digital_adoption",
    ];
    let mut rows = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let mut cells: Vec<String> = rec.iter().map(String::from).collect();
        if cells[0].starts_with('#') {
            wtr.write_record(&cells).unwrap();
            continue;
        }
        if rows == 0 {
            // The first cluster of sample_data/hebei-2024-midterm/clusters.csv.
            assert_eq!(
                cells[..3],
                ["HB01", "保定市电力及新能源高端装备集群", "2021"]
            );
        }
        rows += 1;
        let period = cells[2].clone();
        for (k, h) in header.iter().enumerate().skip(3) {
            let wanted = match period.as_str() {
                "2021" => h.contains(" revenue "),
                "2025" => target_fields.iter().any(|f| h.contains(&format!(" {f} "))),
                _ => true,
            };
            if wanted {
                cells[k] = if h.contains("promotion_org_score") {
                    "6".into()
                } else {
                    "50".into()
                };
            }
        }
        wtr.write_record(&cells).unwrap();
    }
    assert_eq!(rows, 33, "11 clusters x 3 periods");
    let mut filled = b"\xEF\xBB\xBF".to_vec();
    filled.extend(wtr.into_inner().unwrap());
    std::fs::write(round.join("filled.csv"), filled).unwrap();
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"filled.csv\"]",
    );
    w.ok(&["check", "round"]);
    // The example row is recorded, not scored.
    w.ok(&["run", "round", "--out", "out"]);
    let rej = std::fs::read_to_string(w.path("out/rejections.csv")).unwrap();
    assert!(rej.contains("comment or example row"), "{rej}");
}

/// Files in a folder, sorted (to show that nothing, not even a partial
/// file, was left).
pub fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `template --round round --out <out>` must exit 1 with `expected` in its
/// messages and the refusal, and write nothing, for CSV and XLSX alike.
#[track_caller]
fn refused_for_both_formats(w: &WorkDir, expected: &[&str]) {
    let before = files_in(&w.root);
    for out in ["t.csv", "t.xlsx"] {
        let o = w.fails(&["template", "--round", "round", "--out", out], 1);
        let all = o.all();
        for e in expected {
            assert!(all.contains(e), "{out}: {e:?} not in:\n{all}");
        }
        assert!(
            all.contains("refused: ") && all.contains("nothing was written"),
            "{all}"
        );
        assert_eq!(files_in(&w.root), before, "{out}: a file was written");
    }
}

#[test]
fn a_registry_that_cannot_be_read_refuses_the_template() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    std::fs::remove_file(w.path("round/clusters.csv")).unwrap();
    refused_for_both_formats(
        &w,
        &["error: round/clusters.csv: cannot read file: No such file or directory"],
    );
}

#[test]
fn a_registry_with_an_error_refuses_the_template_naming_the_row() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    // Row 3 (HB02) given the id of row 2.
    w.edit("round/clusters.csv", "\nHB02,", "\nHB01,");
    refused_for_both_formats(
        &w,
        &[r#"round/clusters.csv, row 3, column cluster_id, value "HB01": duplicate cluster id"#],
    );
}

#[test]
fn a_broken_round_file_or_framework_refuses_the_template() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/round.toml",
        "current_year = 2023",
        "current_year = = 2023",
    );
    refused_for_both_formats(
        &w,
        &["round/round.toml, row 8, column 16: invalid round file"],
    );

    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/framework.toml",
        "kind = \"amount\"",
        "kind = \"money\"",
    );
    refused_for_both_formats(&w, &["round/framework.toml", "unknown field kind"]);
}

#[test]
fn a_round_without_submissions_yet_gets_its_template() {
    // The office writes the template before any cluster has submitted.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    std::fs::remove_file(w.path("round/indicators.csv")).unwrap();
    // A name a spreadsheet would take for a formula.
    w.edit("round/clusters.csv", "HB01,保定市", "HB01,=保定市");
    let o = w.ok(&["template", "--round", "round", "--out", "t.csv"]);
    assert!(
        o.stderr
            .contains("wrote t.csv: 32 fields, 33 rows (11 clusters x 3 periods)"),
        "{}",
        o.stderr
    );
    // Header, example row, 11 x 3 rows.
    let text = w.read("t.csv");
    assert_eq!(text.lines().count(), 1 + 1 + 33);
    // The CSV neutralises the name; the workbook holds it as text.
    let third = text.lines().nth(2).unwrap();
    assert!(
        third.starts_with("HB01,'=保定市电力及新能源高端装备集群,2021,"),
        "{third}"
    );
    w.ok(&["template", "--round", "round", "--out", "t.xlsx"]);
    let mut wb = calamine::open_workbook_auto(w.path("t.xlsx")).unwrap();
    let data = calamine::Reader::worksheet_range(&mut wb, "填报数据 data").unwrap();
    assert_eq!(
        data.get((1, 1)),
        Some(&calamine::Data::String(
            "=保定市电力及新能源高端装备集群".into()
        ))
    );
    let sheet = std::fs::read(w.path("t.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(sheet)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(!xml.contains("<f>"), "no formula in the template");
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let w = WorkDir::new();
    let fw = repo().join("indicators/hebei-midterm.toml");
    let fw = fw.to_str().unwrap();
    for out in ["t.csv", "t.xlsx"] {
        w.write(out, "kept");
        let o = w.fails(&["template", "--framework", fw, "--out", out], 1);
        assert!(
            o.stderr
                .contains(&format!("--out {out} exists: give --force to replace it")),
            "{}",
            o.stderr
        );
        assert_eq!(w.read(out), "kept");
        w.ok(&["template", "--framework", fw, "--out", out, "--force"]);
        assert_ne!(std::fs::read(w.path(out)).unwrap(), b"kept");
    }
    assert_eq!(
        files_in(&w.root),
        ["t.csv", "t.xlsx"],
        "no partial file left"
    );
}

#[test]
fn the_format_follows_the_output_name_and_a_contradiction_is_refused() {
    let w = WorkDir::new();
    let fw = repo().join("indicators/hebei-midterm.toml");
    let fw = fw.to_str().unwrap();
    w.ok(&["template", "--framework", fw, "--out", "a.xlsx"]);
    assert!(std::fs::read(w.path("a.xlsx"))
        .unwrap()
        .starts_with(b"PK\x03\x04"));
    w.ok(&["template", "--framework", fw, "--out", "a.csv"]);
    assert!(std::fs::read(w.path("a.csv"))
        .unwrap()
        .starts_with(b"\xEF\xBB\xBF"));
    // Standard output: CSV.
    let o = w.ok(&["template", "--framework", fw]);
    assert!(
        o.stdout.starts_with("\u{feff}集群编号 cluster_id,"),
        "{}",
        o.stdout
    );
    for (args, says) in [
        (
            vec!["--format", "csv", "--out", "b.xlsx"],
            "--out b.xlsx does not end in .csv, the extension of --format csv",
        ),
        (
            vec!["--format", "xlsx", "--out", "b.csv"],
            "--out b.csv does not end in .xlsx, the extension of --format xlsx",
        ),
        (
            vec!["--format", "xlsx", "--out", "b.txt"],
            "--out b.txt does not end in .xlsx",
        ),
        (
            vec!["--format", "xlsx"],
            "--format xlsx writes a workbook: give --out FILE.xlsx",
        ),
    ] {
        let mut all = vec!["template", "--framework", fw];
        all.extend(args);
        let o = w.fails(&all, 1);
        assert!(o.stderr.contains(says), "{}", o.stderr);
    }
    let o = w.fails(&["template", "--out", "c.csv"], 1);
    assert!(o
        .stderr
        .contains("template needs --framework FILE, or --round DIR"));
    assert_eq!(files_in(&w.root), ["a.csv", "a.xlsx"]);
}

/// The competition sample's indicators.csv with a 集群名称 column after the
/// id: the registry's name on every row, except the rows of `changed`
/// (data row index, 0-based, and the name it gets).
fn with_names(w: &WorkDir, changed: &[(usize, &str)]) {
    let (_, clusters) = crate::workdir::read_csv(&w.path("round/clusters.csv"));
    let names: std::collections::BTreeMap<String, String> = clusters
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let text = w.read("round/indicators.csv");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let (id, rest) = line.split_once(',').unwrap();
        let cell = match i {
            0 => "集群名称".to_string(),
            _ => match changed.iter().find(|(k, _)| *k == i - 1) {
                Some((_, name)) => name.to_string(),
                // As a spreadsheet keeps text that looks like a formula.
                None if names[id].starts_with('=') => format!("'{}", names[id]),
                None => names[id].clone(),
            },
        };
        out.push_str(&format!("{id},{cell},{rest}\n"));
    }
    w.write("round/indicators.csv", out);
}

#[test]
fn a_cluster_name_column_is_checked_against_the_registry_and_changes_nothing() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // A name that a spreadsheet would take for a formula is written with
    // an apostrophe before it, which is not part of the name.
    w.edit("round/clusters.csv", "C03,唐山市", "C03,=唐山市");
    w.ok(&["run", "round", "--out", "clean"]);
    // The English name and a blank are accepted as well.
    with_names(&w, &[(1, "Shijiazhuang biomedicine cluster"), (2, "")]);
    w.ok(&["check", "round"]);
    w.ok(&["run", "round", "--out", "named"]);
    assert_eq!(w.read("named/ranking.csv"), w.read("clean/ranking.csv"));
    // Same rows and columns: the trace's sources are unchanged as well.
    assert_eq!(w.read("named/trace.csv"), w.read("clean/trace.csv"));

    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // Data row 4 is C02 2019 (file row 5), named as C01.
    with_names(&w, &[(3, "石家庄市生物医药集群")]);
    let o = w.fails(&["check", "round"], 1);
    let errors: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(
        errors,
        [
            r#"error: round/indicators.csv, row 5, column 集群名称, value "石家庄市生物医药集群": the cluster name does not match the registry: cluster C02 is "石家庄市新一代电子信息集群"; check the id, or leave the name blank"#
        ],
        "{}",
        o.all()
    );
}
