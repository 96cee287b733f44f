//! Plausibility checks (数据质量): each check on a hand-made case, located
//! at its cell in `check`'s output and in data_quality.csv; the framework's
//! settings; severity error refusing the run; no finding on the samples.
//!
//! Medians are worked out by hand in the comments from the competition
//! sample's indicators.csv (30 clusters: the median is the mean of the
//! 15th and 16th smallest values).

use crate::workdir::{col, read_csv, repo, WorkDir};
use calamine::{open_workbook_auto, Data, Reader};

const DATA: &str = "round/indicators.csv";
const FRAMEWORK: &str = "round/framework.toml";

/// The competition sample in `round/`, its framework beside it.
fn competition(w: &WorkDir) {
    w.sample_round("hebei-2022-competition");
}

/// data_quality.csv of `out`: one map per row, column name to cell.
fn findings(w: &WorkDir, out: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let (h, rows) = read_csv(&w.path(&format!("{out}/data_quality.csv")));
    rows.into_iter()
        .map(|r| h.iter().cloned().zip(r).collect())
        .collect()
}

/// The data-quality lines of `check`'s output.
fn quality_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("data quality"))
        .collect()
}

/// Set the R&D staff share (研发人员占比（%）, the 32nd column) of the
/// data line `line` (0: the header), which starts with `start` and holds
/// `was`.
fn set_rd_staff_share(w: &WorkDir, line: usize, start: &str, was: &str, to: &str) {
    let text = w.read(DATA);
    let row = text.lines().nth(line).unwrap().to_string();
    assert!(row.starts_with(start), "{row}");
    let mut cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[31], was);
    cells[31] = to;
    w.edit(DATA, &row, &cells.join(","));
}

/// Replace the first `from` in the framework copy by `to`.
fn framework_edit(w: &WorkDir, from: &str, to: &str) {
    w.edit(FRAMEWORK, from, to);
}

#[test]
fn ten_thousand_fold_slip_in_a_yi_yuan_field_is_flagged_at_its_cell() {
    let w = WorkDir::new();
    competition(&w);
    // C01's current revenue, 919.79 亿元, typed in 万元: 9,197,900.
    w.edit(DATA, "C01,2021,919.79,", "C01,2021,9197900,");
    // Current revenue, 15th and 16th smallest: 339.70 and 380.15, median
    // 359.925; C01's value is above both before and after the edit, so
    // the median stays. 9,197,900 / 359.925 = 25,554.6: within 3,333 to
    // 30,000, the 10^4 band.
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(
        lines[0].starts_with(
            "warning: indicators.csv, row 3, column 主导产业营业收入（亿元）, value \"9197900\": data quality, unit_slip: cluster C01, field revenue, current: looks like 万元 entered in a 亿元 column: 9,197,900 is about 10,000× the cohort median 359.925 (field revenue, current, median of 30 non-zero values; ratio 25,555)"
        ),
        "{}",
        lines[0]
    );
    w.ok(&["run", "round", "--out", "out"]);
    let rows = findings(&w, "out");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let f = &rows[0];
    for (k, v) in [
        ("check", "unit_slip"),
        ("severity", "warning"),
        ("cluster_id", "C01"),
        ("field", "revenue"),
        ("period", "current"),
        ("raw_value", "9197900"),
        ("converted_value", "9197900"),
        ("unit", "亿元"),
        ("reference", "cohort_median"),
        ("file", "indicators.csv"),
        ("row", "3"),
        ("column", "主导产业营业收入（亿元）"),
    ] {
        assert_eq!(f[k], v, "{k}");
    }
    let median: f64 = f["reference_value"].parse().unwrap();
    assert!((median - 359.925).abs() < 1e-9, "{median}");
    assert!(f["message_zh"].starts_with("疑似按万元填入了亿元列：当期值9,197,900"));
    // The workbook's sheet holds the same row under bilingual headers.
    let mut wb = open_workbook_auto(w.path("out/report.xlsx")).unwrap();
    let range = wb.worksheet_range("数据质量 Data quality").unwrap();
    let cells: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[0][0], Data::String("检查项 check".into()));
    assert_eq!(cells[0][1], Data::String("级别 severity".into()));
    assert_eq!(cells[1][0], Data::String("unit_slip".into()));
    assert_eq!(cells[1][6], Data::Float(9_197_900.0));
    // The report's data section counts it and shows the cell.
    let md = w.read("out/report.md");
    assert!(md.contains("| 疑似单位错位 | 1 |"), "{md}");
    assert!(md.contains("indicators.csv #3, 主导产业营业收入（亿元）"));
}

#[test]
fn ratio_typed_in_a_percent_field_is_a_hundredfold_slip() {
    let w = WorkDir::new();
    competition(&w);
    // C02's R&D staff share, 10.0 %, typed as the ratio 0.1.
    set_rd_staff_share(&w, 5, "C02,2021,", "10.0", "0.1");
    // R&D staff share, 15th and 16th smallest: 10.6 and 10.9, median
    // 10.75; C02's value is below both before and after. 0.1 / 10.75 =
    // 0.0093: within 1/300 to 1/33.3, the 10^-2 band.
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(
        lines[0].contains(
            "row 6, column 研发人员占比（%）, value \"0.1\": data quality, unit_slip: cluster C02, field rd_staff_share, current: looks like a ratio (0.125 for 12.5 %) entered in a percent column: 0.1 is about 1/100 of the cohort median 10.75 (field rd_staff_share, current, median of 30 non-zero values; ratio 0.0093)"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn thousandfold_slip_is_named_by_its_factor() {
    let w = WorkDir::new();
    competition(&w);
    // C01's fund and credit support, 80.2 亿元, typed as 80,200.
    w.edit(DATA, ",124,80.2\n", ",124,80200\n");
    // Finance, 15th and 16th smallest: 47.5 and 51.1, median 49.3; C01 is
    // above both before and after. 80,200 / 49.3 = 1,626.8: within 333.3
    // to 3,000, the 10^3 band; no unit of the 亿元 family is 1,000 times
    // smaller, so the slip is named by its factor.
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(
        lines[0].contains(
            "row 3, column 吸引基金与信贷支持（亿元）, value \"80200\": data quality, unit_slip: cluster C01, field finance, current: looks like a unit slip by a factor of 1,000: 80,200 is about 1,000× the cohort median 49.3 (field finance, current, median of 30 non-zero values; ratio 1,627)"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn percent_outside_0_to_100_without_declared_bounds() {
    let w = WorkDir::new();
    competition(&w);
    // The R&D staff share declared without bounds: the natural 0-100
    // applies.
    framework_edit(
        &w,
        "kind = \"percent\"\nmin = 0\nmax = 100\nupper = 100\n\n[[field]]\nid = \"talent\"",
        "kind = \"percent\"\n\n[[field]]\nid = \"talent\"",
    );
    set_rd_staff_share(&w, 2, "C01,2021,", "12.3", "108.5");
    set_rd_staff_share(&w, 5, "C02,2021,", "10.0", "-3.2");
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].contains(
            "row 3, column 研发人员占比（%）, value \"108.5\": data quality, range: cluster C01, field rd_staff_share, current: 108.5 % is above 100 %, the natural max of a percent (field rd_staff_share); check the cell, or declare the field's max in the framework if such values are meant"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains(
            "row 6, column 研发人员占比（%）, value \"-3.2\": data quality, range: cluster C02, field rd_staff_share, current: -3.2 % is below 0 %, the natural min of a percent"
        ),
        "{}",
        lines[1]
    );
}

#[test]
fn negative_amount_is_one_ingest_error_not_also_a_finding() {
    let w = WorkDir::new();
    competition(&w);
    w.edit(DATA, ",124,80.2\n", ",124,-80.2\n");
    let out = w.fails(&["check", "round"], 1);
    let about: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("row 3, column 吸引基金与信贷支持（亿元）"))
        .collect();
    assert_eq!(about.len(), 1, "{}", out.stdout);
    assert!(
        about[0].starts_with("error: round/indicators.csv, row 3, column 吸引基金与信贷支持（亿元）, value \"-80.2\": below the minimum 0 亿元 allowed for field finance"),
        "{}",
        about[0]
    );
    assert!(quality_lines(&out.stdout).is_empty(), "{}", out.stdout);
}

#[test]
fn own_period_slip_without_a_cohort() {
    let w = WorkDir::new();
    competition(&w);
    // No cohort of 100 clusters: only the cluster's own periods tell.
    framework_edit(
        &w,
        "change_factor = 10\n",
        "change_factor = 10\nmin_cohort = 100\n",
    );
    w.edit(DATA, "C01,2019,752.08,", "C01,2019,12.3,");
    w.edit(DATA, "C01,2021,919.79,", "C01,2021,123000,");
    // 123,000 / 12.3 = 10,000: the 10^4 band. The target, 1,500, agrees
    // with neither (1,500 / 12.3 = 122, 1,500 / 123,000 = 0.0122): the
    // later cell is reported, and current → target is not reported again.
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(
        lines[0].contains(
            "row 3, column 主导产业营业收入（亿元）, value \"123000\": data quality, unit_slip: cluster C01, field revenue, current: looks like 万元 entered in a 亿元 column: the current value 123,000 (field revenue) is about 10,000× the same cluster's baseline value 12.3 (indicators.csv row 2, column 主导产业营业收入（亿元）; ratio 10,000); check both cells and their units"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn change_beyond_the_factor_and_the_factor_setting() {
    let w = WorkDir::new();
    competition(&w);
    // C02's current revenue 440.68 → 5,000: 5,000 / 385.45 (baseline) =
    // 12.97 > 10, in no slip band (33.3 to 300 is the nearest); against the
    // current median 359.925 (C02 is above 380.15 before and after) it is
    // 13.9, no slip either; the target 630 / 5,000 = 0.126 is within.
    w.edit(DATA, "C02,2021,440.68,", "C02,2021,5000,");
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(
        lines[0].contains(
            "row 6, column 主导产业营业收入（亿元）, value \"5000\": data quality, change: cluster C02, field revenue, current: the current value 5,000 (field revenue) is 13× the same cluster's baseline value 385.45 (indicators.csv row 5, column 主导产业营业收入（亿元）): a change beyond the factor 10 set by [quality] change_factor; check both cells"
        ),
        "{}",
        lines[0]
    );
    // A factor of 15 lets 12.97 through.
    framework_edit(&w, "change_factor = 10\n", "change_factor = 15\n");
    let out = w.ok(&["check", "round"]);
    assert!(quality_lines(&out.stdout).is_empty(), "{}", out.stdout);
}

#[test]
fn severity_error_refuses_check_and_run_and_writes_nothing() {
    let w = WorkDir::new();
    competition(&w);
    framework_edit(&w, "unit_slip = \"warning\"", "unit_slip = \"error\"");
    w.edit(DATA, "C01,2021,919.79,", "C01,2021,9197900,");
    let out = w.fails(&["check", "round"], 1);
    assert!(
        out.stdout.contains(
            "error: round/indicators.csv, row 3, column 主导产业营业收入（亿元）, value \"9197900\": data quality, unit_slip: cluster C01"
        ),
        "{}",
        out.stdout
    );
    let out = w.fails(&["run", "round", "--out", "out"], 1);
    assert!(
        out.all().contains("data quality, unit_slip"),
        "{}",
        out.all()
    );
    assert!(!w.path("out").exists(), "run wrote something");
    // Turned off, the slip is not reported as one; what is left is the
    // change between periods: 9,197,900 / 752.08 = 12,230 and 1,500 /
    // 9,197,900 = 0.000163, both beyond the factor 10.
    framework_edit(&w, "unit_slip = \"error\"", "unit_slip = \"off\"");
    let out = w.ok(&["check", "round"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(lines[0].contains("row 3, column 主导产业营业收入（亿元）, value \"9197900\": data quality, change: cluster C01, field revenue, current: the current value 9,197,900 (field revenue) is 12,230× the same cluster's baseline value 752.08"), "{}", lines[0]);
    assert!(lines[1].contains("row 4, column 主导产业营业收入（亿元）, value \"1500.00\": data quality, change: cluster C01, field revenue, target: the target value 1,500 (field revenue) is 0.000163× the same cluster's current value 9,197,900"), "{}", lines[1]);
}

/// A round of four clusters with two counts, a and b, in the current
/// year: X 3 / 5, Y 5 / 3, Z 4 / 4, W 1 / 10.
fn rules_round(w: &WorkDir, rules: &str) {
    w.write(
        "rules/round.toml",
        "[round]\nid = \"rules\"\nname_zh = \"规则\"\nframework = \"framework.toml\"\n\
         baseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n\
         [inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"indicators.csv\"]\n",
    );
    w.write(
        "rules/clusters.csv",
        "cluster_id,name_zh,city,track\nX,甲,石家庄市,装备\nY,乙,保定市,装备\nZ,丙,唐山市,装备\nW,丁,邯郸市,装备\n",
    );
    w.write(
        "rules/indicators.csv",
        "cluster_id,period,a,b\nX,2023,3,5\nY,2023,5,3\nZ,2023,4,4\nW,2023,1,10\n",
    );
    w.write(
        "rules/framework.toml",
        format!(
            "[framework]\nid = \"rules\"\ntotal_points = 10\n\n\
             [[field]]\nid = \"a\"\nname_zh = \"甲数\"\nname_en = \"a\"\nunit = \"家\"\nkind = \"count\"\n\n\
             [[field]]\nid = \"b\"\nname_zh = \"乙数\"\nname_en = \"b\"\nunit = \"家\"\nkind = \"count\"\n\n\
             [[node]]\nid = \"d\"\nname_zh = \"维度\"\nname_en = \"dimension\"\npoints = 10\n\n\
             [[indicator]]\nid = \"a\"\nname_zh = \"甲数\"\nname_en = \"a\"\nparent = \"d\"\npoints = 10\nrule = \"minmax\"\n\n{rules}"
        ),
    );
}

#[test]
fn each_comparison_with_a_broken_and_a_kept_case() {
    let w = WorkDir::new();
    let rules = [
        "a <= b",
        "a < b",
        "a >= b",
        "a > b",
        "a == b",
        "a <= 0.5 * b",
    ];
    let text: String = rules
        .iter()
        .map(|r| format!("[[consistency]]\nrule = \"{r}\"\n\n"))
        .collect();
    rules_round(&w, &text);
    w.ok(&["run", "rules", "--out", "out"]);
    let rows = findings(&w, "out");
    // By hand, with a / b: X 3 / 5, Y 5 / 3, Z 4 / 4, W 1 / 10 (and
    // 0.5 * b: X 2.5, Y 1.5, Z 2, W 5):
    //   a <= b       broken by Y;
    //   a < b        broken by Y, Z;
    //   a >= b       broken by X, W;
    //   a > b        broken by X, Z, W;
    //   a == b       broken by X, Y, W;
    //   a <= 0.5 * b broken by X, Y, Z (W: 1 <= 5 holds).
    // Listed by cluster (registry order X, Y, Z, W), then rule.
    let want = [
        ("X", "a >= b", "a = 3, b = 5"),
        ("X", "a > b", "a = 3, b = 5"),
        ("X", "a == b", "a = 3, b = 5"),
        ("X", "a <= 0.5 * b", "a = 3, 0.5 * b = 0.5 × 5 = 2.5"),
        ("Y", "a <= b", "a = 5, b = 3"),
        ("Y", "a < b", "a = 5, b = 3"),
        ("Y", "a == b", "a = 5, b = 3"),
        ("Y", "a <= 0.5 * b", "a = 5, 0.5 * b = 0.5 × 3 = 1.5"),
        ("Z", "a < b", "a = 4, b = 4"),
        ("Z", "a > b", "a = 4, b = 4"),
        ("Z", "a <= 0.5 * b", "a = 4, 0.5 * b = 0.5 × 4 = 2"),
        ("W", "a >= b", "a = 1, b = 10"),
        ("W", "a > b", "a = 1, b = 10"),
        ("W", "a == b", "a = 1, b = 10"),
    ];
    assert_eq!(rows.len(), want.len(), "{rows:#?}");
    for (row, (cluster, rule, values)) in rows.iter().zip(want) {
        assert_eq!(row["check"], "consistency");
        assert_eq!(row["cluster_id"], cluster, "{row:?}");
        assert_eq!(row["field"], "a");
        let expected = format!(
            "a consistency rule does not hold: the rule {rule} does not hold in the current period: {values} (b from indicators.csv row "
        );
        assert!(
            row["message_en"].starts_with(&expected),
            "{}\n  does not start with\n{expected}",
            row["message_en"]
        );
        assert!(row["message_zh"].starts_with("不满足一致性规则：当期不满足规则"));
    }
    // The reference is the right side, evaluated.
    assert_eq!(rows[3]["reference"], "0.5 * b");
    assert_eq!(rows[3]["reference_value"], "2.5");
    assert_eq!(rows[0]["reference"], "b");
    assert_eq!(rows[0]["reference_value"], "5");
    // And `check` lists the same, at the left side's cell (X is row 2).
    let out = w.ok(&["check", "rules"]);
    let lines = quality_lines(&out.stdout);
    assert_eq!(lines.len(), want.len());
    assert!(
        lines[0].starts_with("warning: indicators.csv, row 2, column a, value \"3\": data quality, consistency: cluster X, field a, current: a consistency rule does not hold: the rule a >= b does not hold"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_rule_with_an_unknown_field_is_located_at_its_line() {
    let w = WorkDir::new();
    rules_round(
        &w,
        "[[consistency]]\nrule = \"a <= enterprises\"\nseverity = \"error\"\n",
    );
    // The rule is on the second line of the appended text.
    let fw = w.read("rules/framework.toml");
    let line = fw
        .lines()
        .position(|l| l == "rule = \"a <= enterprises\"")
        .unwrap()
        + 1;
    let out = w.fails(&["check", "rules"], 1);
    let want = format!(
        "error: rules/framework.toml, row {line}, column consistency[1].rule, value \"a <= enterprises\": unknown field id \"enterprises\": a rule compares fields declared in [[field]]"
    );
    assert!(out.stdout.contains(&want), "{}\n{want}", out.stdout);
}

#[test]
fn a_rule_made_an_error_refuses_the_run() {
    let w = WorkDir::new();
    rules_round(
        &w,
        "[[consistency]]\nrule = \"a <= b\"\nseverity = \"error\"\nmessage_zh = \"甲数不能多于乙数\"\nmessage_en = \"a cannot exceed b\"\n",
    );
    let out = w.fails(&["run", "rules", "--out", "out"], 1);
    assert!(
        out.all().contains("error: rules/indicators.csv, row 3, column a, value \"5\": data quality, consistency: cluster Y, field a, current: a cannot exceed b: the rule a <= b does not hold in the current period: a = 5, b = 3 (b from indicators.csv row 3, column b); check both cells"),
        "{}",
        out.all()
    );
    assert!(!w.path("out").exists());
}

#[test]
fn sample_rounds_have_no_finding_and_an_empty_data_quality_csv() {
    let w = WorkDir::new();
    for name in ["hebei-2022-competition", "hebei-2024-midterm", "asem"] {
        let dir = repo().join("sample_data").join(name);
        let out = w.ok(&["check", dir.to_str().unwrap()]);
        assert!(
            quality_lines(&out.stdout).is_empty(),
            "{name}: {}",
            out.stdout
        );
        let o = format!("out-{name}");
        w.ok(&["run", dir.to_str().unwrap(), "--out", &o]);
        let (header, rows) = read_csv(&w.path(&format!("{o}/data_quality.csv")));
        assert!(rows.is_empty(), "{name}: {rows:?}");
        assert_eq!(col(&header, "check"), 0);
        assert_eq!(header.len(), 15, "{header:?}");
        let manifest = w.read(&format!("{o}/manifest.json"));
        assert!(manifest.contains("\"data_quality.csv\""), "{name}");
        let md = w.read(&format!("{o}/report.md"));
        assert!(md.contains("### 数据质量\n"), "{name}");
        assert!(md.contains("\n未发现问题。\n"), "{name}");
    }
}
