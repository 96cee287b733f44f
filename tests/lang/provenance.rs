//! The provenance of a value (its formula and why it is missing) in the
//! report's language, from the scorer's typed data: the HTML scorecards,
//! `explain` (which reads scores.json) and trace.csv's `formula_zh` /
//! `missing_reason_zh`, with the English columns of trace.csv as before.
//! Expected figures by hand from the sample rounds' indicators.csv:
//! competition C01 revenue 919.79 against its declared target 1500
//! (919.79 / 1500 x 100 = 61.32 %); C26 submitted no export share;
//! mid-term HB02 revenue 1558.35 (2021), 1811.09 (2023), target 2150
//! (2025): ((1811.09 - 1558.35) / (2150 - 1558.35)) / (2 / 4) x 100 =
//! 85.44 %; HB03 submitted its energy intensity as "—".

use super::whole::{allowed, findings};
use crate::workdir::{read_csv, WorkDir};

/// The scorecard of `cluster` in report.html.
fn card(html: &str, cluster: &str) -> String {
    let start = html
        .find(&format!("<section class=\"card\" id=\"c-{cluster}\">"))
        .unwrap_or_else(|| panic!("no scorecard of {cluster}"));
    let end = html[start..].find("</section>").unwrap() + start;
    html[start..end].to_string()
}

/// The line of `text` that holds `part`.
#[track_caller]
fn line_with<'a>(text: &'a str, part: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(part))
        .unwrap_or_else(|| panic!("no line with {part:?} in:\n{text}"))
}

#[test]
fn the_competitions_target_formula_and_missing_input_in_each_language() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["run", "round", "--out", "zh", "--lang", "zh"]);
    w.ok(&["run", "round", "--out", "en", "--lang", "en"]);
    let a = allowed(&w, "zh");
    let html = w.read("zh/report.html");
    let c01 = card(&html, "C01");
    assert!(
        c01.contains("<td>计算</td><td>919.79 / 1500 x 100（对比申报目标）</td>"),
        "{c01}"
    );
    let c26 = card(&html, "C26");
    assert!(
        c26.contains("<td>缺失</td><td>出口交货值占比（当期）：未填报</td>"),
        "{c26}"
    );
    let visible = super::visible(&c01) + &super::visible(&c26);
    let bad = findings("report.html", &visible, "zh", &a);
    assert!(bad.is_empty(), "{bad:?}");
    let ex = w.ok(&["explain", "zh", "C01", "--lang", "zh"]).stdout;
    assert_eq!(
        line_with(&ex, "919.79 / 1500"),
        "    指标值 919.79 / 1500 x 100（对比申报目标） = 61.32%"
    );
    let ex26 = w.ok(&["explain", "zh", "C26", "--lang", "zh"]).stdout;
    assert_eq!(
        line_with(&ex26, "缺失："),
        "    缺失：出口交货值占比（当期）：未填报"
    );
    for (name, text) in [("explain C01", &ex), ("explain C26", &ex26)] {
        let bad = findings(name, text, "zh", &a);
        assert!(bad.is_empty(), "{bad:?}");
    }

    let html = w.read("en/report.html");
    assert!(card(&html, "C01")
        .contains("<td>Formula</td><td>919.79 / 1500 x 100 (declared target)</td>"));
    assert!(card(&html, "C26")
        .contains("<td>Missing</td><td>Export share (current): not submitted</td>"));
    let ex = w.ok(&["explain", "en", "C01", "--lang", "en"]).stdout;
    assert_eq!(
        line_with(&ex, "919.79 / 1500"),
        "    value 919.79 / 1500 x 100 (declared target) = 61.32%"
    );
    let ex26 = w.ok(&["explain", "en", "C26", "--lang", "en"]).stdout;
    assert_eq!(
        line_with(&ex26, "    missing: "),
        "    missing: Export share (current): not submitted"
    );
    for (name, text) in [("explain C01", &ex), ("explain C26", &ex26)] {
        let bad = findings(name, text, "en", &a);
        assert!(bad.is_empty(), "{bad:?}");
    }

    // trace.csv keeps the scorer's English and adds the Chinese.
    let (h, rows) = read_csv(&w.path("zh/trace.csv"));
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let row = |c: &str, i: &str| {
        rows.iter()
            .find(|r| r[col("cluster_id")] == c && r[col("indicator_id")] == i)
            .unwrap()
    };
    let r = row("C01", "revenue_target");
    assert_eq!(r[col("formula")], "919.79 / 1500 x 100 (declared target)");
    assert_eq!(r[col("formula_zh")], "919.79 / 1500 x 100（对比申报目标）");
    let r = row("C26", "export_share");
    assert_eq!(
        r[col("missing_reason")],
        "export_share (current) not submitted"
    );
    assert_eq!(
        r[col("missing_reason_zh")],
        "出口交货值占比（当期）：未填报"
    );
}

#[test]
fn the_midterms_progress_formula_and_no_data_mark_in_each_language() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.ok(&["run", "round", "--out", "o", "--lang", "zh"]);
    let a = allowed(&w, "o");
    let progress = "((1811.09 - 1558.35) / (2150 - 1558.35)) / ((2023-2021)/(2025-2021)) x 100";
    let html = w.read("o/report.html");
    assert!(card(&html, "HB02").contains(&format!("<td>计算</td><td>{progress}</td>")));
    let hb03 = card(&html, "HB03");
    assert!(
        hb03.contains("<td>缺失</td><td>单位营收能耗（当期）：填报为“—”（无数据）</td>"),
        "{hb03}"
    );
    let bad = findings("report.html", &super::visible(&hb03), "zh", &a);
    assert!(bad.is_empty(), "{bad:?}");
    let ex = w.ok(&["explain", "o", "HB02", "--lang", "zh"]).stdout;
    assert_eq!(
        line_with(&ex, progress),
        format!("    指标值 {progress} = 85.44%")
    );
    let ex3 = w.ok(&["explain", "o", "HB03", "--lang", "zh"]).stdout;
    assert_eq!(
        line_with(&ex3, "缺失："),
        "    缺失：单位营收能耗（当期）：填报为“—”（无数据）"
    );
    for (name, text) in [("explain HB02", &ex), ("explain HB03", &ex3)] {
        let bad = findings(name, text, "zh", &a);
        assert!(bad.is_empty(), "{bad:?}");
    }
    let ex = w.ok(&["explain", "o", "HB02", "--lang", "en"]).stdout;
    assert_eq!(
        line_with(&ex, progress),
        format!("    value {progress} = 85.44%")
    );
    let ex3 = w.ok(&["explain", "o", "HB03", "--lang", "en"]).stdout;
    assert_eq!(
        line_with(&ex3, "    missing: "),
        "    missing: Energy use per revenue (current): submitted as “—” (no data)"
    );
}

/// A round made by hand from the competition: C05's revenue is 0 (the
/// patent density, patents per revenue, has a zero denominator), C06's
/// baseline revenue is 0 (its CAGR is undefined), C07 declared no revenue
/// target (no achievement). The revenue gate is lowered to 0 so that the
/// three are scored.
#[test]
fn undefined_values_are_worded_in_the_reports_language() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit("round/indicators.csv", "C05,2021,72.44,", "C05,2021,0,");
    w.edit("round/indicators.csv", "C06,2019,66.96,", "C06,2019,0,");
    w.edit("round/indicators.csv", "C07,2025,550.00,", "C07,2025,,");
    w.edit("round/round.toml", "\nvalue = 50\n", "\nvalue = 0\n");
    w.ok(&["run", "round", "--out", "o", "--lang", "zh"]);
    let a = allowed(&w, "o");
    let html = w.read("o/report.html");
    let cases = [
        (
            "C05",
            "主导产业营业收入为 0：比值无定义",
            "Leading-industry revenue is 0: the ratio is undefined",
        ),
        (
            "C06",
            "基期值 0 不为正：年均增速无定义",
            "baseline 0 is not positive: CAGR is undefined",
        ),
        (
            "C07",
            "缺少申报目标：主导产业营业收入（目标）：未填报",
            "declared target missing: Leading-industry revenue (target): not submitted",
        ),
    ];
    for (cluster, zh, en) in cases {
        let c = card(&html, cluster);
        assert!(c.contains(&format!("<td>缺失</td><td>{zh}</td>")), "{c}");
        let bad = findings(cluster, &super::visible(&c), "zh", &a);
        assert!(bad.is_empty(), "{bad:?}");
        let ex = w.ok(&["explain", "o", cluster, "--lang", "zh"]).stdout;
        assert_eq!(line_with(&ex, zh), format!("    缺失：{zh}"));
        let bad = findings(cluster, &ex, "zh", &a);
        assert!(bad.is_empty(), "{bad:?}");
        let ex = w.ok(&["explain", "o", cluster, "--lang", "en"]).stdout;
        assert_eq!(line_with(&ex, en), format!("    missing: {en}"));
    }
    // trace.csv: the scorer's English with field ids, and the Chinese.
    let (h, rows) = read_csv(&w.path("o/trace.csv"));
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let mut reasons: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| !r[col("missing_reason")].is_empty())
        .filter(|r| ["C05", "C06", "C07"].contains(&r[col("cluster_id")].as_str()))
        .map(|r| {
            (
                r[col("cluster_id")].as_str(),
                r[col("missing_reason")].as_str(),
                r[col("missing_reason_zh")].as_str(),
            )
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            ("C05", "revenue is 0: the ratio is undefined", cases[0].1),
            (
                "C06",
                "baseline 0 is not positive: CAGR is undefined",
                cases[1].1
            ),
            (
                "C07",
                "declared target missing: revenue (target) not submitted",
                cases[2].1
            ),
        ]
    );
}
