//! Errors a clerk can act on (#14, ids and located errors): cluster ids read
//! in their plain form, an unknown id answered with the nearest registry
//! ids, each problem said once and located (file, row, column, value), a
//! knock-on error marked as the consequence of the first, TOML slips with
//! line, column and cause, and `check`'s output grouped by file in row
//! order.
//!
//! Every test edits a copy of the competition sample
//! (`hebei-2022-competition`: clusters C01–C30; indicators.csv is wide,
//! three rows per cluster in registry order, so C01 is in rows 2–4 and C30
//! in rows 89–91, the current year 2021 in the middle row of each; the
//! header is row 1). Row and column numbers are counted by hand from the
//! sample files.

use crate::strict::{errors, refused};
use crate::workdir::{Output, WorkDir};

const IND: &str = "round/indicators.csv";
const REVIEWS: &str = "round/reviews.csv";

/// Replace the first cell of the rows that start with `from`.
fn rename_rows(w: &WorkDir, rel: &str, from: &str, to: &str) {
    let text = w.read(rel);
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| match l.strip_prefix(from) {
            Some(rest) if rest.starts_with(',') => format!("{to}{rest}"),
            _ => l.to_string(),
        })
        .collect();
    w.write(rel, lines.join("\n"));
}

/// A line of `check` is located: file, row, column and value.
#[track_caller]
fn assert_located(line: &str) {
    let located =
        line.contains(", row ") && line.contains(", column ") && line.contains(", value \"");
    assert!(located, "not located at a cell: {line}");
}

/// The count line of `check`.
fn count_line(out: &Output) -> &str {
    out.stdout.lines().last().unwrap_or("")
}

// ---------------------------------------------------------------- ids

#[test]
fn full_width_ids_score_as_the_clean_round_with_one_warning_per_column() {
    let clean = WorkDir::new();
    clean.sample_round("hebei-2022-competition");
    clean.ok(&["run", "round", "--out", "out"]);

    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // C05 (rows 14-16) in full-width characters, C07 (rows 20-22) with
    // spaces around it, an ideographic space after C09 (rows 26-28).
    rename_rows(&w, IND, "C05", "Ｃ０５");
    rename_rows(&w, IND, "C07", " C07 ");
    rename_rows(&w, IND, "C09", "C09\u{3000}");
    // And C05 in every review of it (rows 86-106 of reviews.csv).
    let reviews = w.read(REVIEWS).replace(",C05,", ",Ｃ０５,");
    w.write(REVIEWS, reviews);
    let out = w.ok(&["check", "round", "--lang", "en"]);
    let warnings: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("plain form"))
        .collect();
    assert_eq!(
        warnings,
        [
            // A valid round's problems name its files from the round folder.
            "warning: indicators.csv, row 14, column 集群编号, value \"Ｃ０５\": 9 cluster id(s) written with full-width characters or extra spaces were read in their plain form: row 14 \"Ｃ０５\" as \"C05\", row 15 \"Ｃ０５\" as \"C05\", row 16 \"Ｃ０５\" as \"C05\", row 20 \" C07 \" as \"C07\", row 21 \" C07 \" as \"C07\" and 4 more",
            "warning: reviews.csv, row 86, column 集群编号, value \"Ｃ０５\": 21 cluster id(s) written with full-width characters or extra spaces were read in their plain form: row 86 \"Ｃ０５\" as \"C05\", row 87 \"Ｃ０５\" as \"C05\", row 88 \"Ｃ０５\" as \"C05\", row 89 \"Ｃ０５\" as \"C05\", row 90 \"Ｃ０５\" as \"C05\" and 16 more",
        ],
        "{}",
        out.stdout
    );
    // The ranking is the clean round's, byte for byte.
    w.ok(&["run", "round", "--out", "out"]);
    assert_eq!(
        w.read("out/ranking.csv"),
        clean.read("out/ranking.csv"),
        "full-width ids changed the ranking"
    );
}

#[test]
fn two_registry_rows_that_read_the_same_are_one_error_naming_both() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let mut clusters = w.read("round/clusters.csv");
    clusters
        .push_str("Ｃ０４,唐山市另一集群,Another Tangshan cluster,唐山市,新材料,某促进会,是,无\n");
    w.write("round/clusters.csv", clusters);
    let out = refused(
        &w,
        &["error: round/clusters.csv, row 32, column 集群编号, value \"Ｃ０４\": duplicate cluster id: C04 is listed in row 5 (唐山市先进钢铁集群) and in row 32 (\"Ｃ０４\" reads as \"C04\")"],
    );
    assert!(out.stdout.contains(
        "warning: round/clusters.csv, row 32, column 集群编号, value \"Ｃ０４\": 1 cluster id(s) written with full-width characters or extra spaces were read in their plain form: row 32 \"Ｃ０４\" as \"C04\""
    ), "{}", out.stdout);
}

#[test]
fn an_unknown_id_is_one_error_with_its_rows_and_the_nearest_ids() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // The letter O for the digit 0: C3O is one edit from C30 and two from
    // every other id.
    rename_rows(&w, IND, "C30", "C3O");
    // A lower-case id in one review: c12 is C12 but for the case.
    let reviews = w.read(REVIEWS);
    let row = reviews.lines().position(|l| l.contains(",C12,")).unwrap() + 1;
    let edited: Vec<String> = reviews
        .split('\n')
        .enumerate()
        .map(|(k, l)| {
            if k + 1 == row {
                l.replace(",C12,", ",c12,")
            } else {
                l.to_string()
            }
        })
        .collect();
    w.write(REVIEWS, edited.join("\n"));
    let reviewer = edited[row - 1].split(',').next().unwrap().to_string();
    let criterion = edited[row - 1].split(',').nth(3).unwrap().to_string();
    let out = refused(
        &w,
        &[
            "error: round/indicators.csv, row 89, column 集群编号, value \"C3O\": unknown cluster: not in the registry (clusters file); did you mean C30? (the same id in rows 89, 90, 91)",
            &format!("error: round/reviews.csv, row {row}, column 集群编号, value \"c12\": unknown cluster: not in the registry (clusters file); did you mean C12?"),
            // The reviewer's sheet for C12 lacks that criterion: a
            // consequence of the row refused.
            &format!("error: round/reviews.csv, row {}, column 评分项, value \"{criterion}\": incomplete score sheet: reviewer {reviewer} on cluster C12 (preliminary) lacks {criterion} (consequence of: round/reviews.csv row {row} was refused)", sheet_row(&edited, &reviewer, row)),
        ],
    );
    for e in errors(&out) {
        assert_located(e);
    }
    assert_eq!(
        count_line(&out),
        "3 error(s) (1 of them a consequence of another), 0 warning(s) in round"
    );
}

/// The first row of reviewer `reviewer`'s preliminary sheet for C12 other
/// than `refused`.
fn sheet_row(lines: &[String], reviewer: &str, refused: usize) -> usize {
    lines
        .iter()
        .enumerate()
        .position(|(k, l)| k + 1 != refused && l.starts_with(&format!("{reviewer},C12,初审,")))
        .unwrap()
        + 1
}

// ---------------------------------------------------------------- said once

#[test]
fn a_header_problem_is_one_error_for_the_column() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // A unit that cannot be a percentage, in the header of leading_share.
    w.edit(
        IND,
        "主导产业占集群产值比重（%）",
        "主导产业占集群产值比重（万美元）",
    );
    // Every value of listed (column 8, the 30 current-year rows) written
    // as words: the column holds something else.
    let text = w.read(IND);
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(k, l)| {
            let mut cells: Vec<&str> = l.split(',').collect();
            if k > 0 && cells.len() > 7 && !cells[7].is_empty() {
                cells[7] = "约10家";
            }
            cells.join(",")
        })
        .collect();
    w.write(IND, lines.join("\n"));
    let out = refused(
        &w,
        &[
            "error: round/indicators.csv, row 1, column 主导产业占集群产值比重（万美元）, value \"万美元\": wrong unit \"万美元\" in the header: cannot be converted to \"%\", the unit of field leading_share (主导产业占集群产值比重); the column is not read",
            "error: round/indicators.csv, row 3, column 上市企业数（家）, value \"约10家\": not a well-formed number (expected e.g. 1234.5, 1,234.5 or 12.5%) [field listed] (every one of the column's 30 values fails the same way, rows 3, 6, 9, 12, 15 and 25 more: check the column's header)",
        ],
    );
    for e in errors(&out) {
        assert_located(e);
    }
}

#[test]
fn a_repeated_wide_row_is_one_error_and_a_value_given_twice_names_both_places() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let text = w.read(IND);
    let lines: Vec<&str> = text.lines().collect();
    // Row 92: row 5 (C02, 2019) again. Row 93: row 3 (C01, 2021, all 32
    // fields filled) again but for its revenue, 999 instead of 919.79.
    let changed = lines[2].replacen("919.79", "999", 1);
    let mut edited = text.clone();
    edited.push_str(&format!("{}\n{changed}\n", lines[4]));
    w.write(IND, edited);
    let out = refused(
        &w,
        &[
            "error: round/indicators.csv, row 92, column 集群编号, value \"C02\": row 92 repeats row 5 (C02, 2019)",
            "error: round/indicators.csv, row 93, column 集群编号, value \"C01\": C01 2021 is given twice: round/indicators.csv row 3 and row 93: 32 values, 1 of them different: revenue (919.79 and 999)",
        ],
    );
    for e in errors(&out) {
        assert_located(e);
    }
}

#[test]
fn a_long_form_value_given_twice_is_one_error_with_both_values() {
    // The mid-term sample is long: one row per cluster, field and year.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let mut text = w.read(IND);
    // HB05's profit margin for 2023 is in row 158 (9.1 %); give it again,
    // and an unknown field name in three rows.
    text.push_str("HB05,profit_margin,2023,9.1,%\nHB01,营收,2023,5,亿元\nHB02,营收,2023,6,亿元\nHB03,营收,2023,7,亿元\n");
    w.write(IND, text);
    let out = refused(
        &w,
        &[
            "error: round/indicators.csv, row 409, column value, value \"9.1\": HB05 profit_margin 2023 is given twice: round/indicators.csv row 158 and row 409 (values 9.1 and 9.1)",
            "error: round/indicators.csv, row 410, column indicator, value \"营收\": unknown indicator: no field of the framework has this id or name (the same in rows 410, 411, 412)",
        ],
    );
    for e in errors(&out) {
        assert_located(e);
    }
}

// ---------------------------------------------------------------- TOML

#[test]
fn toml_slips_give_line_column_and_cause() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // Two keys on one line, as one-line examples are sometimes written:
    // the `;` is character 30 of line 2.
    w.edit(
        "round/round.toml",
        "id = \"hebei-2022-competition\"",
        "id = \"hebei-2022-competition\"; synthetic = true",
    );
    refused(
        &w,
        &["error: round/round.toml, row 2, column 30: invalid round file at line 2, column 30: a `;` does not separate keys in TOML: put each key = value on its own line (line 2 reads: id = \"hebei-2022-competition\"; synthetic = true)"],
    );

    // A text value without quotes in the framework (line 413, the first
    // `rule = "minmax"`; the value starts at character 8).
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let fw = w.read("round/framework.toml");
    let line = fw.lines().position(|l| l == "rule = \"minmax\"").unwrap() + 1;
    assert_eq!(line, 413);
    w.write(
        "round/framework.toml",
        fw.replacen("rule = \"minmax\"", "rule = minmax", 1),
    );
    refused(
        &w,
        &["error: round/framework.toml, row 413, column 8: invalid indicator file at line 413, column 8: a text value needs straight quotes around it: key = \"text\" (line 413 reads: rule = minmax)"],
    );

    // A number in quotes in [process] (line 22: quota = "11").
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/round.toml", "quota = 11", "quota = \"11\"");
    let out = w.fails(&["check", "round", "--lang", "en"], 1);
    let errs = errors(&out);
    assert_eq!(errs.len(), 1, "{}", out.stdout);
    assert!(
        errs[0].starts_with("error: round/round.toml, row 22, column process.quota: invalid round file at line 22, column 9 (process.quota): invalid type: string \"11\""),
        "{}",
        errs[0]
    );

    // The robustness settings file of `sensitivity --config`.
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.write("bad.toml", "replications = 100,\n");
    let out = w.fails(
        &["sensitivity", "round", "--config", "bad.toml", "--out", "s"],
        1,
    );
    assert!(
        out.stderr.contains("error: bad.toml, row 1, column 19: invalid robustness settings file at line 1, column 19: a `,` separates items only inside [ ] or { }"),
        "{}",
        out.stderr
    );
    assert!(!w.path("s").exists());
}

// ---------------------------------------------------------------- reviews

#[test]
fn reviews_and_reviewers_errors_give_row_column_and_value() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // reviewers.csv row 3 (R02) with no track; reviews.csv row 2 (R15, C01,
    // basis) scored in words; row 5 (R16, C01, basis) out of range.
    w.edit(
        "round/reviewers.csv",
        "R02,郭子健,燕北工业大学（虚构）,北京市,高端装备",
        "R02,郭子健,燕北工业大学（虚构）,北京市,",
    );
    w.edit(
        REVIEWS,
        "R15,C01,初审,basis,32.5",
        "R15,C01,初审,basis,三十二",
    );
    w.edit(
        REVIEWS,
        "R16,C01,初审,basis,36.5",
        "R16,C01,初审,basis,136.5",
    );
    let out = refused(
        &w,
        &[
            "error: round/reviewers.csv, row 3, column 评审赛道, value \"\": a reviewer needs at least one track (or * for all)",
            "error: round/reviews.csv, row 2, column 分数, value \"三十二\": text where a number was expected (write the number, or leave the cell blank / \"—\" for no data)",
            "error: round/reviews.csv, row 5, column 分数, value \"136.5\": score out of range: expected 0 to 40 for basis (preliminary)",
            "error: round/reviews.csv, row 3, column 评分项, value \"basis\": incomplete score sheet: reviewer R15 on cluster C01 (preliminary) lacks basis (consequence of: round/reviews.csv row 2 was refused)",
            "error: round/reviews.csv, row 6, column 评分项, value \"basis\": incomplete score sheet: reviewer R16 on cluster C01 (preliminary) lacks basis (consequence of: round/reviews.csv row 5 was refused)",
        ],
    );
    for e in errors(&out) {
        assert_located(e);
    }
    assert_eq!(
        count_line(&out),
        "5 error(s) (2 of them consequences of others), 0 warning(s) in round"
    );
}

// ---------------------------------------------------------------- knock-on

#[test]
fn without_a_registry_the_ids_of_other_files_are_one_line_each() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // The id column under a name no role has: the registry cannot be read.
    w.edit("round/clusters.csv", "集群编号,集群名称", "编号,集群名称");
    let out = refused(
        &w,
        &[
            "error: round/clusters.csv, row 1, column cluster_id (集群编号): no header row: none of the first 30 rows (to row 30) has the column cluster_id (集群编号) [cluster_id / cluster / 集群编号 / 集群代码 / 集群id]; the first row reads \"编号 集群名称 英文名称 城市 赛道 促进组织 促进组织依法登记 近三年重大事故…\". Name the column so, map it with `columns`, or set header_row in round.toml",
            "error: round/indicators.csv, column 集群编号: 90 row(s) not checked against the registry because it could not be read (consequence of: the registry round/clusters.csv could not be read)",
            "error: round/reviews.csv, column 集群编号: 735 row(s) not checked against the registry because it could not be read (consequence of: the registry round/clusters.csv could not be read)",
        ],
    );
    assert_eq!(
        count_line(&out),
        "3 error(s) (2 of them consequences of others), 0 warning(s) in round"
    );
    // No warning about the reviewers' tracks either: no track is known.
    assert!(!out.stdout.contains("\nwarning: "), "{}", out.stdout);
}

#[test]
fn without_reviewers_or_the_registry_track_the_reviews_are_one_line() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/reviewers.csv", "专家编号,姓名", "编号x,姓名");
    let out = refused(
        &w,
        &[
            "error: round/reviewers.csv, row 1, column reviewer_id (专家编号): no header row: none of the first 30 rows (to row 30) has the column reviewer_id (专家编号) [reviewer / reviewer_id / id / 专家编号 / 专家 / 评审专家]; the first row reads \"编号x 姓名 工作单位 城市 评审赛道\". Name the column so, map it with `columns`, or set header_row in round.toml",
            "error: round/reviews.csv, column 专家编号: 735 row(s) not checked against the reviewers because they could not be read (consequence of: the reviewers file round/reviewers.csv could not be read or lists no reviewer)",
        ],
    );
    assert_eq!(
        count_line(&out),
        "2 error(s) (1 of them a consequence of another), 0 warning(s) in round"
    );

    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/clusters.csv", ",城市,赛道,", ",城市,产业方向x,");
    let out = refused(
        &w,
        &[
            "error: round/clusters.csv, row 1, column track (赛道): missing required column track (赛道); found: 集群编号, 集群名称, 英文名称, 城市, 产业方向x, 促进组织, 促进组织依法登记, 近三年重大事故或严重失信",
            "error: round/reviews.csv, column 专家编号: 735 score(s) not checked against the panels' tracks: the clusters' tracks are unknown (consequence of: the registry round/clusters.csv has no track (赛道) column)",
        ],
    );
    assert!(!out.stdout.contains("\nwarning: "), "{}", out.stdout);
}

#[test]
fn an_indicator_left_out_makes_its_knock_on_errors_consequences() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // revenue_cagr (indicator[3], 6 points of industrial, 35) with a rule
    // misspelt: it is left out, so industrial's children add up to 29,
    // and the tie-break keys naming it (framework and process) are unknown.
    w.edit(
        "round/framework.toml",
        "rule = \"growth\"",
        "rule = \"growht\"",
    );
    let out = refused(
        &w,
        &[
            "error: round/framework.toml, column indicator[3].rule, value \"growht\": unknown rule; expected minmax, zscore, goalpost, rank, rank_min, borda, prank, scaled, fracmax, dist2max, dist2ref, dist2targ, target, progress, growth, bands, weighted_count or expert; did you mean growth?",
            "error: round/framework.toml, column node[1].points, value \"35\": points do not add up: the children of industrial add up to 29 but it has 35 (consequence of: indicator[3] (revenue_cagr) is in error and left out)",
            "error: round/framework.toml, column ranking.tie_break[3], value \"value:revenue_cagr\": unknown tie-break key; expected a node id, an indicator id, or value:<indicator id> (consequence of: indicator[3] (revenue_cagr) is in error and left out)",
            "error: round/round.toml, column process.tie_break[4], value \"value:revenue_cagr\": unknown key; expected stage:<id>, panel:<id of a stage with a panel>, a node id, an indicator id or value:<indicator id> (consequence of: indicator[3] (revenue_cagr) is in error and left out)",
        ],
    );
    assert_eq!(
        count_line(&out),
        "4 error(s) (3 of them consequences of others), 0 warning(s) in round"
    );
    // `run` says the same in its refusal.
    let run = w.fails(&["run", "round", "--out", "out"], 1);
    assert!(
        run.stderr
            .contains("refused: 4 error(s) (3 of them consequences of others), 0 warning(s); nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn rows_of_a_year_the_round_does_not_use_are_one_warning() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // The baseline year mistyped: the 30 rows for 2019 are not read.
    w.edit(
        "round/round.toml",
        "baseline_year = 2019",
        "baseline_year = 2018",
    );
    let out = w.run(&["check", "round", "--lang", "en"]);
    assert!(
        out.stdout.lines().any(|l| l == "warning: round/indicators.csv, row 2, column 年份, value \"2019\": 30 row(s) for 2019, which is not a year of this round (expected 2018 (baseline), 2021 (current) or 2025 (target)): not read (kept in rejections.csv)"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------- output

#[test]
fn check_lists_problems_by_file_then_row() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    // Found in this order: indicators.csv's row 40 (a negative count,
    // reported when the file is read) after its row 10 (an unknown id,
    // reported at the end of the file), then the reviews' sheet of row 3
    // (checked after all rows) after its row 2: listed by file, then row.
    w.edit(REVIEWS, "R15,C01,初审,basis,32.5", "R15,C01,初审,basis,x");
    let text = w.read(IND);
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(k, l)| {
            let mut cells: Vec<String> = l.split(',').map(String::from).collect();
            if k + 1 == 40 {
                cells[4] = "-3".into();
            }
            if k + 1 == 10 {
                cells[0] = "C99".into();
            }
            cells.join(",")
        })
        .collect();
    w.write(IND, lines.join("\n"));
    let out = w.fails(&["check", "round", "--lang", "en"], 1);
    let located: Vec<(&str, &str)> = errors(&out)
        .iter()
        .map(|l| {
            let mut parts = l.split(", ");
            (parts.next().unwrap_or(""), parts.next().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        located,
        [
            ("error: round/indicators.csv", "row 10"),
            ("error: round/indicators.csv", "row 40"),
            ("error: round/reviews.csv", "row 2"),
            ("error: round/reviews.csv", "row 3"),
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn full_width_ids_in_rosters_and_history_score_as_the_clean_round() {
    let clean = WorkDir::new();
    clean.sample_round("hebei-2024-midterm");
    clean.ok(&["run", "round", "--out", "out"]);

    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let roster = w.read("round/enterprises.csv");
    let rows: Vec<usize> = roster
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(",HB03,"))
        .map(|(k, _)| k + 1)
        .collect();
    assert_eq!(rows.len(), 737);
    w.write(
        "round/enterprises.csv",
        roster.replace(",HB03,", ",ＨＢ０３,"),
    );
    w.edit("round/history.csv", "HB01,2022", "ＨＢ０１,2022");
    let out = w.ok(&["check", "round", "--lang", "en"]);
    let shown: Vec<String> = rows[..5]
        .iter()
        .map(|r| format!("row {r} \"ＨＢ０３\" as \"HB03\""))
        .collect();
    for line in [
        format!(
            "warning: enterprises.csv, row {}, column 集群编号, value \"ＨＢ０３\": 737 cluster id(s) written with full-width characters or extra spaces were read in their plain form: {} and 732 more",
            rows[0],
            shown.join(", ")
        ),
        "warning: history.csv, row 2, column cluster_id, value \"ＨＢ０１\": 1 cluster id(s) written with full-width characters or extra spaces were read in their plain form: row 2 \"ＨＢ０１\" as \"HB01\"".to_string(),
    ] {
        assert!(out.stdout.lines().any(|l| l == line), "missing:\n{line}\n--- got:\n{}", out.stdout);
    }
    w.ok(&["run", "round", "--out", "out"]);
    assert_eq!(w.read("out/ranking.csv"), clean.read("out/ranking.csv"));

    // An id misread in the roster: one error, with the nearest id.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let roster = w.read("round/enterprises.csv");
    w.write(
        "round/enterprises.csv",
        roster.replacen(",HB10,", ",HB1O,", 1),
    );
    let row = roster.lines().position(|l| l.contains(",HB10,")).unwrap() + 1;
    let out = refused(
        &w,
        &[&format!("error: round/enterprises.csv, row {row}, column 集群编号, value \"HB1O\": unknown cluster: not in the registry (clusters file); did you mean HB10?")],
    );
    assert_located(errors(&out)[0]);
}

#[test]
fn a_value_missing_because_its_row_was_set_aside_is_located_at_that_row() {
    // C01's 2021 row dated 2022 (not a year of the round) is set aside;
    // promotion_org, whose policy is fail, is then missing for C01: the
    // error names the row that was not read, as its cause.
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/indicators.csv", "\nC01,2021,", "\nC01,2022,");
    let out = w.fails(&["check", "round", "--lang", "en"], 1);
    let error = out
        .stdout
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or_default();
    assert!(
        error.starts_with("error: round/indicators.csv, row 3, column C01 / promotion_org: missing value for cluster C01 indicator promotion_org")
            && error.contains("(consequence of: round/indicators.csv row 3 was not read: period 2022 is not a year of this round"),
        "{}",
        out.all()
    );
}

#[test]
fn an_unknown_period_is_one_error_listing_its_rows() {
    // Every HB01 row of 2023 written "2023年度": one error for the value,
    // at its first row, listing the others.
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let text = w.read("round/indicators.csv");
    let mut rows = Vec::new();
    let edited: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if l.starts_with("HB01,") && l.contains(",2023,") {
                rows.push(i + 1);
                l.replacen(",2023,", ",2023年度,", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(rows.len() > 3, "HB01 has several 2023 rows");
    w.write("round/indicators.csv", edited.join("\n") + "\n");
    let out = w.fails(&["check", "round", "--lang", "en"], 1);
    let errors: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("unknown period"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", out.all());
    assert!(
        errors[0].starts_with(&format!(
            "error: round/indicators.csv, row {}, column period, value \"2023年度\": unknown period;",
            rows[0]
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains(&rows[1].to_string()), "{}", errors[0]);
}
