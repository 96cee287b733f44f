//! The checks on hand-made submissions, with every median and ratio
//! worked out in the comments.

use super::{check_data, Check, Finding};
use crate::framework::{self, Framework, Period};
use crate::ingest::{Cluster, Observation, Registry, Submissions};
use std::path::Path;

const FW: &str = r#"
[framework]
id = "t"
total_points = 10
[[field]]
id = "rev"
name_zh = "营业收入"
unit = "亿元"
kind = "amount"
periods = ["baseline", "current", "target"]
[[field]]
id = "share"
name_zh = "占比"
unit = "%"
kind = "percent"
[[field]]
id = "n"
name_zh = "企业数"
unit = "家"
kind = "count"
[[node]]
id = "d"
name_zh = "维度"
name_en = "dimension"
points = 10
[[indicator]]
id = "rev"
name_zh = "营业收入"
name_en = "revenue"
parent = "d"
points = 10
rule = "minmax"
"#;

fn framework() -> Framework {
    let (fw, diags) = framework::parse(FW, "t.toml");
    assert!(!diags.has_errors(), "{diags:?}");
    fw.expect("framework")
}

fn registry(n: usize) -> Registry {
    Registry {
        clusters: (0..n)
            .map(|i| Cluster {
                id: format!("K{i}"),
                name_zh: String::new(),
                name_en: String::new(),
                city: String::new(),
                track: String::new(),
                promotion_org: String::new(),
                extra: Default::default(),
            })
            .collect(),
    }
}

/// Submissions from (cluster, field, period, value); each value on its own
/// row of /r/data.csv, counted from row 2.
fn data(fw: &Framework, values: &[(usize, &str, Period, f64)]) -> Submissions {
    let mut s = Submissions::default();
    for (k, &(c, field, p, v)) in values.iter().enumerate() {
        let j = fw.find_field(field).expect("field");
        s.values.insert(
            (c, j, p),
            Observation {
                value: Some(v),
                raw: v.to_string(),
                unit: String::new(),
                factor: 1.0,
                file: "/r/data.csv".into(),
                row: k + 2,
                column: field.into(),
                reading: String::new(),
            },
        );
    }
    s
}

fn run(values: &[(usize, &str, Period, f64)], clusters: usize) -> Vec<Finding> {
    let fw = framework();
    check_data(
        &fw,
        &registry(clusters),
        &data(&fw, values),
        Path::new("/r"),
    )
}

use Period::{Baseline as B, Current as C, Target as T};

#[test]
fn cohort_median_leaves_zeros_out() {
    // rev, current: 100, 120, 0, 0, 140, 1,300,000, 160. The non-zero
    // magnitudes are 100, 120, 140, 160, 1,300,000 (5, the minimum): their
    // median is 140 (with the zeros it would be 120). 1,300,000 / 140 =
    // 9,285.7, within 3,333-30,000: a 10^4 slip, 万元 in a 亿元 column.
    let values = [
        (0, "rev", C, 100.0),
        (1, "rev", C, 120.0),
        (2, "rev", C, 0.0),
        (3, "rev", C, 0.0),
        (4, "rev", C, 140.0),
        (5, "rev", C, 1_300_000.0),
        (6, "rev", C, 160.0),
    ];
    let found = run(&values, 7);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!((f.check, f.cluster_id.as_str()), (Check::UnitSlip, "K5"));
    assert_eq!(
        (f.reference.as_str(), f.reference_value),
        ("cohort_median", 140.0)
    );
    assert_eq!((f.row, f.column.as_str()), (Some(7), "rev"));
    assert!(
        f.message_en.starts_with(
            "looks like 万元 entered in a 亿元 column: 1,300,000 is about 10,000× the cohort median 140 (field rev, current, median of 5 non-zero values; ratio 9,286)"
        ),
        "{}",
        f.message_en
    );
    assert!(
        f.message_zh
            .starts_with("疑似按万元填入了亿元列：当期值1,300,000（数据项“营业收入”）约为同期5个非零值的中位数140的10,000倍"),
        "{}",
        f.message_zh
    );
    // Without 160 only four non-zero values are left: no cohort median,
    // no finding.
    assert!(run(&values[..6], 7).is_empty());
}

#[test]
fn own_periods_blame_the_odd_one_out() {
    // One cluster per case, so no cohort has five values.
    let found = run(
        &[
            // K0: 0.0123 → 123 is 10^4; the target 150 agrees with 123
            // (150 / 123 = 1.22) and not with 0.0123: the baseline is odd,
            // 1/10,000 of the current value.
            (0, "rev", B, 0.0123),
            (0, "rev", C, 123.0),
            (0, "rev", T, 150.0),
            // K1: 12.3 → 123,000 is 10^4 and there is no third period: the
            // later one, 万元 in a 亿元 column.
            (1, "rev", B, 12.3),
            (1, "rev", C, 123_000.0),
            // K2: the target 1,500 agrees with neither (1,500 / 12.3 = 122,
            // 1,500 / 123,000 = 0.0122): the later one; current → target is
            // then not reported again.
            (2, "rev", B, 12.3),
            (2, "rev", C, 123_000.0),
            (2, "rev", T, 1_500.0),
        ],
        3,
    );
    let got: Vec<_> = found
        .iter()
        .map(|f| {
            (
                f.check,
                f.cluster_id.as_str(),
                f.period,
                f.reference.as_str(),
                f.reference_value,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Check::UnitSlip, "K0", B, "current", 123.0),
            (Check::UnitSlip, "K1", C, "baseline", 12.3),
            (Check::UnitSlip, "K2", C, "baseline", 12.3),
        ]
    );
    assert!(
        found[0]
            .message_en
            .starts_with("looks like a unit slip by a factor of 10,000: the baseline value 0.0123 (field rev) is about 1/10,000 of the same cluster's current value 123 (data.csv row 3, column rev; ratio 0.0001)"),
        "{}",
        found[0].message_en
    );
    assert!(
        found[1]
            .message_en
            .starts_with("looks like 万元 entered in a 亿元 column: the current value 123,000 (field rev) is about 10,000× the same cluster's baseline value 12.3 (data.csv row 5, column rev; ratio 10,000)"),
        "{}",
        found[1].message_en
    );
}

#[test]
fn change_beyond_the_factor() {
    let found = run(
        &[
            // 150 / 10 = 15 > 10, and 15 is in no slip band (33.3-300 is
            // the nearest): a change.
            (0, "rev", B, 10.0),
            (0, "rev", C, 150.0),
            // 95 / 10 = 9.5: within the factor.
            (1, "rev", B, 10.0),
            (1, "rev", C, 95.0),
            // 5 / 100 = 0.05 < 0.1: a drop beyond the factor.
            (2, "rev", C, 100.0),
            (2, "rev", T, 5.0),
            // A count has no unit to slip: 100 / 1 = 100 is a change.
            (3, "n", B, 1.0),
            (3, "n", C, 100.0),
            // A zero says nothing.
            (4, "rev", B, 0.0),
            (4, "rev", C, 50.0),
        ],
        5,
    );
    let got: Vec<_> = found
        .iter()
        .map(|f| {
            (
                f.check,
                f.cluster_id.as_str(),
                f.field.as_str(),
                f.value,
                f.reference_value,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Check::Change, "K0", "rev", 150.0, 10.0),
            (Check::Change, "K2", "rev", 5.0, 100.0),
            (Check::Change, "K3", "n", 100.0, 1.0),
        ]
    );
    assert!(
        found[1].message_en.starts_with(
            "the target value 5 (field rev) is 0.05× the same cluster's current value 100 (data.csv row 6, column rev): a change beyond the factor 10"
        ),
        "{}",
        found[1].message_en
    );
}

#[test]
fn percent_without_bounds_stays_within_0_to_100() {
    let found = run(
        &[
            (0, "share", C, 108.5),
            (1, "share", C, -3.0),
            (2, "share", C, 100.0),
        ],
        3,
    );
    let got: Vec<_> = found
        .iter()
        .map(|f| {
            (
                f.cluster_id.as_str(),
                f.reference.as_str(),
                f.reference_value,
            )
        })
        .collect();
    assert_eq!(
        got,
        [("K0", "natural_max", 100.0), ("K1", "natural_min", 0.0)]
    );
    assert!(found[0].message_en.starts_with(
        "108.5 % is above 100 %, the natural max of a percent (field share); check the cell"
    ));
    assert!(found[1]
        .message_zh
        .starts_with("当期值-3%低于百分比的自然下限0%"));
}
