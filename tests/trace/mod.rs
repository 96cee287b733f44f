//! The scorecard trace in the report's language: a field's value read in
//! the FIELD's unit (the indicator's unit only on the indicator's value),
//! fields named rather than given by id, rules and transforms in words,
//! and the framework's `unit_en` used in English. The figures are those of
//! the sample rounds' indicators.csv (C01: revenue 919.79 亿元, 4619 valid
//! invention patents), read by hand.

use crate::workdir::WorkDir;

/// Run a sample round in `lang` and give its report.html.
fn report(w: &WorkDir, lang: &str) -> String {
    let round = w.path("round");
    let out = w.path(&format!("out-{lang}"));
    w.ok(&[
        "run",
        round.to_str().unwrap(),
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
    ]);
    w.read(&format!("out-{lang}/report.html"))
}

/// Runs of three or more ASCII letters in `s`.
fn english_words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .collect()
}

#[test]
fn a_fields_value_carries_the_fields_unit_not_the_indicators() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let zh = report(&w, "zh");
    // Revenue feeds the growth rate (%/年), the share (%) and the patent
    // density (件/亿元): its value is in 亿元 in every trace.
    let revenue = "主导产业营业收入（当期）：“919.79” 亿元 → ×1 → 919.79 亿元（来源：";
    assert!(zh.matches(revenue).count() >= 2, "{revenue}");
    assert!(!zh.contains("“919.79” 亿元 → ×1 → 919.79 %"));
    assert!(!zh.contains("“919.79” 亿元 → ×1 → 919.79 件/亿元"));
    assert!(zh.contains("有效发明专利数（当期）：“4619” 件 → ×1 → 4,619 件（来源："));
    assert!(!zh.contains("4,619 件/亿元（来源"));
    // The terms of a weighted count are counts of firms, not "weighted count".
    assert!(!zh.contains("加权个数（来源"));
    assert!(zh.contains("营收100亿元以上企业数（当期）："));
    // The rule and the transforms in words.
    assert!(zh.contains("加权计数，最小-最大标准化，越高越好"));
    assert!(zh.contains("年均增速，分档计分，越高越好"));
    assert!(zh.contains("截尾于第 95 百分位，取 log(1+x) → "));
    for id in [
        "minmax (minmax)",
        "growth (bands)",
        "cap_p95",
        "weighted_count (",
    ] {
        assert!(!zh.contains(id), "{id}");
    }
    let en = report(&w, "en");
    assert!(en.contains(
        "Leading-industry revenue (current): “919.79” CNY 100 m → ×1 → 919.79 CNY 100 m (source: "
    ));
    assert!(
        en.contains("Valid invention patents (current): “4619” items → ×1 → 4,619 items (source: ")
    );
    assert!(en.contains("weighted count, min-max normalisation, higher is better"));
    assert!(en.contains("capped at the 95th percentile, log(1+x) → "));
}

#[test]
fn a_roster_derived_value_names_its_field_in_chinese() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let zh = report(&w, "zh");
    // above_scale is counted from enterprises.csv; its input line names
    // the field and its period in Chinese, with the field's unit.
    let lines: Vec<&str> = zh
        .split("<td>")
        .filter(|t| t.starts_with("规上企业数（当期）："))
        .collect();
    assert!(!lines.is_empty(), "no trace of 规上企业数");
    for line in &lines {
        let input = line.split("（来源").next().unwrap();
        assert!(english_words(input).is_empty(), "{input}");
        assert!(
            input.contains(" 家 → ×1 → ") && input.ends_with(" 家"),
            "{input}"
        );
    }
    assert!(!zh.contains("above_scale@current"));
    // HB01 declared 569 firms above designated size, and its roster lists
    // as many: the source names the roster file, the count and the flag.
    assert!(zh.contains(
        "规上企业数（当期）：“569” 家 → ×1 → 569 家（来源：enterprises.csv：名录中满足“规上企业”的企业数；申报值 569）"
    ));
    // explain words the same input the same way.
    let round = w.path("out-zh");
    let ex = w
        .ok(&["explain", round.to_str().unwrap(), "HB01", "--lang", "zh"])
        .stdout;
    assert!(
        ex.contains("规上企业数（当期）：“569” 家 → ×1 → 569 家 (enterprises.csv: 名录中满足“规上企业”的企业数)"),
        "{ex}"
    );
    assert!(!ex.contains("roster: count"), "{ex}");
}

#[test]
fn the_frameworks_unit_en_is_shown_in_english() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.edit(
        "round/framework.toml",
        "unit = \"件\"",
        "unit = \"件\"\nunit_en = \"patents\"",
    );
    w.edit(
        "round/framework.toml",
        "per = \"revenue\"",
        "per = \"revenue\"\nunit_en = \"patents per CNY 100 m\"",
    );
    let en = report(&w, "en");
    assert!(en.contains(
        "Valid invention patents (current): “4619” patents → ×1 → 4,619 patents (source: "
    ));
    assert!(
        en.contains(" patents per CNY 100 m<"),
        "the indicator's unit_en"
    );
    assert!(!en.contains("items/CNY 100 m"));
    // Chinese keeps the unit as supplied.
    let zh = report(&w, "zh");
    assert!(zh.contains("“4619” 件 → ×1 → 4,619 件（来源："));
    assert!(!zh.contains("“4619” patents"));
}
