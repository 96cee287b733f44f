//! Words of a value's trace in the report's language: the scoring rule
//! (by the kind the framework resolves it to, and the rule as written),
//! the value transforms, the missing-value policy and what it did to a
//! value, the outlier treatment, and the state of a submitted cell. The
//! framework and the scorer name these by id (`minmax`, `cap_p95`,
//! `no_points`, ...); a reader sees the words. An id the catalogue does
//! not know is shown as written.

use super::Lang;

catalogue! {
    /// A word of the trace: (Chinese, English).
    Tr {
        // Scoring rules, by the kind the framework resolves them to.
        MinMax => ("最小-最大标准化", "min-max normalisation"),
        ZScore => ("标准分（z 分数）", "standard score (z)"),
        Goalpost => ("门槛值与满分值之间线性计分", "linear between goalposts"),
        Rank => ("按名次百分位计分", "rank percentile"),
        Target => ("目标完成度", "target achievement"),
        Progress => ("进度与时序进度之比", "progress against schedule"),
        Bands => ("分档计分", "bands"),
        Expert => ("专家评分", "expert score"),
        // Rules as written that name how the value is made.
        WeightedCount => ("加权计数", "weighted count"),
        Growth => ("年均增速", "annual growth rate"),
        // Value transforms ({} = the percentile).
        Log1p => ("取 log(1+x)", "log(1+x)"),
        CapAt => ("截尾于第 {} 百分位", "capped at the {} percentile"),
        FloorAt => ("下限取第 {} 百分位", "floored at the {} percentile"),
        // Missing-value policies ({} = the group).
        PolicyZero => ("缺失按 0 计", "missing read as 0"),
        PolicyNoPoints => ("缺项不得分", "no points when missing"),
        PolicyCohortMean => ("缺失取全体均值", "missing filled with the cohort mean"),
        PolicyCohortMedian => ("缺失取全体中位数", "missing filled with the cohort median"),
        PolicyGroupMean => ("缺失取同{}均值", "missing filled with the mean of the same {}"),
        PolicyGroupMedian => ("缺失取同{}中位数", "missing filled with the median of the same {}"),
        PolicyRowMean => ("缺失按本单位在同组其他指标上的相对位置插补", "missing filled from the unit's standing on the other indicators of its group"),
        PolicyFail => ("缺失即报错", "a missing value is an error"),
        // What the policy did to a missing value.
        DidZero => ("按 0 计", "read as 0"),
        DidNoPoints => ("不得分", "no points"),
        DidCohortMean => ("取全体均值", "cohort mean"),
        DidCohortMedian => ("取全体中位数", "cohort median"),
        DidGroupMean => ("取同组均值", "group mean"),
        DidGroupFallback => ("同组无值，取全体均值", "no value in the group: cohort mean"),
        DidGroupMedian => ("取同组中位数", "group median"),
        DidGroupMedianFallback => ("同组无值，取全体中位数", "no value in the group: cohort median"),
        DidRowMean => ("按同组其他指标上的相对位置插补", "from the unit's standing on the other indicators of its group"),
        DidRowFallback => ("同组其他指标均无值，取全体均值", "no value on the other indicators of its group: cohort mean"),
        DidNothing => ("全体均无值，不得分", "no value in the cohort: no points"),
        // Registry columns a group may be.
        GroupTrack => ("赛道", "track"),
        GroupCity => ("城市", "city"),
        // Outlier treatment of one value.
        WinHigh => ("缩尾：降至其余最大值", "winsorised down to the largest other value"),
        WinLow => ("缩尾：升至其余最小值", "winsorised up to the smallest other value"),
        LogFallback => ("取对数（缩尾后仍偏态）", "log-transformed (still skewed after winsorising)"),
        // The periods of a field's value.
        Baseline => ("基期", "baseline"),
        Current => ("当期", "current"),
        TargetPeriod => ("目标", "target"),
        // One input of a trace: field, period, the cell, its unit, the
        // conversion factor, the value read and the field's unit.
        InputLine => ("{0}（{1}）：“{2}” {3} → ×{4} → {5} {6}", "{0} ({1}): “{2}” {3} → ×{4} → {5} {6}"),
        // An input that gave no value: field, period, the cell's state.
        InputMissing => ("{0}（{1}）：{2}", "{0} ({1}): {2}"),
        // Where an input came from.
        SourceOf => ("（来源：{}）", " (source: {})"),
        // A figure derived from the enterprise roster: {0} = the
        // condition clause (or nothing), {1}, {2} = roster columns.
        RosterCount => ("名录中{0}企业数", "number of firms in the roster{0}"),
        RosterSum => ("名录中{0}企业的{1}合计", "sum of {1} over firms in the roster{0}"),
        RosterRatio => ("名录中{0}企业的{1}合计 ÷ {2}合计", "sum of {1} ÷ sum of {2} over firms in the roster{0}"),
        RosterWeighted => ("名录中{0}企业的加权计数：{1}", "weighted count of firms in the roster{0}: {1}"),
        RosterWhere => ("满足“{}”的", " where {}"),
        RosterAnd => ("且", " and "),
        RosterNot => ("非{}", "not {}"),
        RosterFactor => ("，再乘以 {}", ", times {}"),
        RosterDeclared => ("；申报值 {}", "; declared {}"),
        RosterFrom => ("{0}：{1}", "{0}: {1}"),
        // Which figure of a roster-derived field was scored.
        ScoredRoster => ("名录汇总值", "roster figure"),
        ScoredDeclared => ("申报值", "declared figure"),
        ScoredNone => ("无", "none"),
        // The target a target's achievement is computed against.
        DeclaredTarget => ("（对比申报目标）", " (declared target)"),
        DeclaredTargetLower => ("（对比申报目标，越低越好）", " (declared target, lower is better)"),
        FixedTarget => ("（对比固定目标 {}）", " (fixed target {})"),
        FixedTargetLower => ("（对比固定目标 {}，越低越好）", " (fixed target {}, lower is better)"),
        // The direction of an indicator.
        Higher => ("越高越好", "higher is better"),
        Lower => ("越低越好", "lower is better"),
        // The rule and the direction.
        RuleLine => ("{0}，{1}", "{0}, {1}"),
        // The state of a submitted cell.
        NotSubmitted => ("未填报", "not submitted"),
        SubmittedBlank => ("填报为空", "submitted blank"),
        NoData => ("填报为“{}”（无数据）", "submitted as “{}” (no data)"),
    }
}

one_language!(Tr, own_tests);

/// A period id (`baseline`, `current`, `target`) in words.
pub fn period(id: &str, l: Lang) -> String {
    let t = match id {
        "baseline" => Tr::Baseline,
        "current" => Tr::Current,
        "target" => Tr::TargetPeriod,
        other => return other.to_string(),
    };
    t.text(l).to_string()
}

/// Which figure of a roster-derived field was scored (`roster`,
/// `declared`, `none`), in words.
pub fn scored(id: &str, l: Lang) -> String {
    let t = match id {
        "roster" => Tr::ScoredRoster,
        "declared" => Tr::ScoredDeclared,
        "none" => Tr::ScoredNone,
        other => return other.to_string(),
    };
    t.text(l).to_string()
}

/// The separator of a list of clauses.
fn comma(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "，",
        Lang::En => ", ",
    }
}

/// The word of a rule id, if the catalogue has one.
fn rule_word(id: &str) -> Option<Tr> {
    Some(match id {
        "minmax" => Tr::MinMax,
        "zscore" => Tr::ZScore,
        "goalpost" => Tr::Goalpost,
        "rank" | "percentile" => Tr::Rank,
        "target" => Tr::Target,
        "progress" => Tr::Progress,
        "bands" => Tr::Bands,
        "expert" => Tr::Expert,
        "weighted_count" => Tr::WeightedCount,
        "growth" => Tr::Growth,
        _ => return None,
    })
}

/// A rule as a reader reads it: `written` is the rule as the framework
/// writes it (`weighted_count`, `growth`, `minmax`), `scoring` the kind it
/// resolves to (`minmax`, `bands`); both are named when they differ
/// ("加权计数，最小-最大标准化" / "weighted count, min-max normalisation").
pub fn rule(written: &str, scoring: &str, l: Lang) -> String {
    let word = |id: &str| rule_word(id).map_or_else(|| id.to_string(), |t| t.text(l).into());
    let same = written == scoring || rule_word(written) == rule_word(scoring);
    if same || written.is_empty() {
        word(scoring)
    } else {
        format!("{}{}{}", word(written), comma(l), word(scoring))
    }
}

/// "95th", "1st", "97.5th": an English ordinal of a percentile.
fn ordinal(p: &str) -> String {
    let suffix = match p.parse::<u64>() {
        Ok(n) if (11..=13).contains(&(n % 100)) => "th",
        Ok(n) if n % 10 == 1 => "st",
        Ok(n) if n % 10 == 2 => "nd",
        Ok(n) if n % 10 == 3 => "rd",
        _ => "th",
    };
    format!("{p}{suffix}")
}

/// One transform id (`log1p`, `cap_p95`, `floor_p5`) in words.
pub fn transform(id: &str, l: Lang) -> String {
    let percentile = |p: &str| match l {
        Lang::Zh => p.to_string(),
        Lang::En => ordinal(p),
    };
    if id == "log1p" {
        Tr::Log1p.text(l).to_string()
    } else if let Some(p) = id.strip_prefix("cap_p") {
        Tr::CapAt.fill(l, &[&percentile(p)])
    } else if let Some(p) = id.strip_prefix("floor_p") {
        Tr::FloorAt.fill(l, &[&percentile(p)])
    } else {
        id.to_string()
    }
}

/// The transforms of an indicator, in order, in words.
pub fn transforms(ids: &[String], l: Lang) -> String {
    ids.iter()
        .map(|t| transform(t, l))
        .collect::<Vec<_>>()
        .join(comma(l))
}

/// A registry column that groups clusters, in words.
fn group(id: &str, l: Lang) -> String {
    match id {
        "track" => Tr::GroupTrack.text(l).into(),
        "city" => Tr::GroupCity.text(l).into(),
        other => other.to_string(),
    }
}

/// An indicator's missing-value policy (`zero`, `no_points`,
/// `cohort_mean`, `cohort_median`, `group_mean(track)`, `fail`) in words.
pub fn policy(id: &str, l: Lang) -> String {
    if let Some(g) = id
        .strip_prefix("group_mean(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Tr::PolicyGroupMean.fill(l, &[&group(g, l)]);
    }
    if let Some(g) = id
        .strip_prefix("group_median(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Tr::PolicyGroupMedian.fill(l, &[&group(g, l)]);
    }
    let t = match id {
        "zero" => Tr::PolicyZero,
        "no_points" => Tr::PolicyNoPoints,
        "cohort_mean" => Tr::PolicyCohortMean,
        "cohort_median" => Tr::PolicyCohortMedian,
        "row_mean" => Tr::PolicyRowMean,
        "fail" => Tr::PolicyFail,
        other => return other.to_string(),
    };
    t.text(l).to_string()
}

/// What the missing-value policy did to one value, in words, from the
/// scorer's label (`score::Imputation::label`); empty when nothing.
pub fn imputation(label: &str, l: Lang) -> String {
    use crate::score::Imputation as I;
    let t = [
        (I::Zero, Tr::DidZero),
        (I::NoPoints, Tr::DidNoPoints),
        (I::CohortMean, Tr::DidCohortMean),
        (I::CohortMedian, Tr::DidCohortMedian),
        (I::GroupMean, Tr::DidGroupMean),
        (I::GroupFallbackCohortMean, Tr::DidGroupFallback),
        (I::GroupMedian, Tr::DidGroupMedian),
        (I::GroupFallbackCohortMedian, Tr::DidGroupMedianFallback),
        (I::RowMean, Tr::DidRowMean),
        (I::RowFallbackCohortMean, Tr::DidRowFallback),
        (I::NothingToImpute, Tr::DidNothing),
    ]
    .into_iter()
    .find(|(i, _)| i.label() == label);
    match t {
        Some((_, t)) => t.text(l).to_string(),
        None => label.to_string(),
    }
}

/// What outlier treatment did to one value, in words, from the scorer's
/// label (`score::TreatFlag::label`).
pub fn treatment(label: &str, l: Lang) -> String {
    let t = match label {
        "winsorised_high" => Tr::WinHigh,
        "winsorised_low" => Tr::WinLow,
        "log" => Tr::LogFallback,
        other => return other.to_string(),
    };
    t.text(l).to_string()
}

/// The state of a cell that gave no value: not submitted (no file), blank,
/// or a no-data mark such as "—"; `None` when the cell holds a value.
pub fn cell_state(raw: &str, file: &str, value: Option<f64>, l: Lang) -> Option<String> {
    if value.is_some() {
        return None;
    }
    Some(if file.is_empty() {
        Tr::NotSubmitted.text(l).to_string()
    } else if raw.trim().is_empty() {
        Tr::SubmittedBlank.text(l).to_string()
    } else {
        Tr::NoData.fill(l, &[&raw.trim()])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::kernel::TreatFlag;
    use crate::score::Imputation;
    use Lang::{En, Zh};

    #[test]
    fn every_word_has_both_texts_with_the_same_placeholders() {
        for t in Tr::ALL {
            let (zh, en) = t.pair();
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{t:?}");
            assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{t:?}");
            // No English word in the Chinese text but the formula's "log".
            let words = zh.split(|c: char| !c.is_ascii_alphabetic());
            assert!(
                words.filter(|w| w.len() >= 3).all(|w| w == "log"),
                "{t:?}: {zh}"
            );
        }
    }

    #[test]
    fn rules_in_words() {
        let cases = [
            (
                "minmax",
                "minmax",
                "最小-最大标准化",
                "min-max normalisation",
            ),
            ("zscore", "zscore", "标准分（z 分数）", "standard score (z)"),
            (
                "goalpost",
                "goalpost",
                "门槛值与满分值之间线性计分",
                "linear between goalposts",
            ),
            ("percentile", "rank", "按名次百分位计分", "rank percentile"),
            ("target", "target", "目标完成度", "target achievement"),
            (
                "progress",
                "progress",
                "进度与时序进度之比",
                "progress against schedule",
            ),
            ("bands", "bands", "分档计分", "bands"),
            ("expert", "expert", "专家评分", "expert score"),
            (
                "growth",
                "bands",
                "年均增速，分档计分",
                "annual growth rate, bands",
            ),
            (
                "weighted_count",
                "minmax",
                "加权计数，最小-最大标准化",
                "weighted count, min-max normalisation",
            ),
            ("own_rule", "own_rule", "own_rule", "own_rule"),
        ];
        for (written, scoring, zh, en) in cases {
            assert_eq!(rule(written, scoring, Zh), zh);
            assert_eq!(rule(written, scoring, En), en);
        }
    }

    #[test]
    fn transforms_in_words() {
        let ids = ["cap_p95".to_string(), "log1p".to_string()];
        assert_eq!(transforms(&ids, Zh), "截尾于第 95 百分位，取 log(1+x)");
        assert_eq!(
            transforms(&ids, En),
            "capped at the 95th percentile, log(1+x)"
        );
        assert_eq!(transform("floor_p1", En), "floored at the 1st percentile");
        assert_eq!(transform("floor_p2", En), "floored at the 2nd percentile");
        assert_eq!(transform("floor_p3", En), "floored at the 3rd percentile");
        assert_eq!(
            transform("cap_p97.5", En),
            "capped at the 97.5th percentile"
        );
        assert_eq!(transform("cap_p11", En), "capped at the 11th percentile");
        assert_eq!(transform("floor_p5", Zh), "下限取第 5 百分位");
    }

    #[test]
    fn policies_in_words() {
        let cases = [
            ("zero", "缺失按 0 计", "missing read as 0"),
            ("no_points", "缺项不得分", "no points when missing"),
            (
                "cohort_mean",
                "缺失取全体均值",
                "missing filled with the cohort mean",
            ),
            (
                "cohort_median",
                "缺失取全体中位数",
                "missing filled with the cohort median",
            ),
            (
                "group_mean(track)",
                "缺失取同赛道均值",
                "missing filled with the mean of the same track",
            ),
            (
                "group_mean(city)",
                "缺失取同城市均值",
                "missing filled with the mean of the same city",
            ),
            ("fail", "缺失即报错", "a missing value is an error"),
        ];
        for (id, zh, en) in cases {
            assert_eq!(policy(id, Zh), zh);
            assert_eq!(policy(id, En), en);
        }
    }

    #[test]
    fn every_imputation_and_treatment_in_words() {
        let imputations = [
            (Imputation::Zero, "按 0 计", "read as 0"),
            (Imputation::NoPoints, "不得分", "no points"),
            (Imputation::CohortMean, "取全体均值", "cohort mean"),
            (Imputation::CohortMedian, "取全体中位数", "cohort median"),
            (Imputation::GroupMean, "取同组均值", "group mean"),
            (
                Imputation::GroupFallbackCohortMean,
                "同组无值，取全体均值",
                "no value in the group: cohort mean",
            ),
            (Imputation::GroupMedian, "取同组中位数", "group median"),
            (
                Imputation::GroupFallbackCohortMedian,
                "同组无值，取全体中位数",
                "no value in the group: cohort median",
            ),
            (
                Imputation::RowMean,
                "按同组其他指标上的相对位置插补",
                "from the unit's standing on the other indicators of its group",
            ),
            (
                Imputation::RowFallbackCohortMean,
                "同组其他指标均无值，取全体均值",
                "no value on the other indicators of its group: cohort mean",
            ),
            (
                Imputation::NothingToImpute,
                "全体均无值，不得分",
                "no value in the cohort: no points",
            ),
        ];
        for (i, zh, en) in imputations {
            assert_eq!(imputation(i.label(), Zh), zh);
            assert_eq!(imputation(i.label(), En), en);
        }
        let treatments = [
            (
                TreatFlag::WinHigh,
                "缩尾：降至其余最大值",
                "winsorised down to the largest other value",
            ),
            (
                TreatFlag::WinLow,
                "缩尾：升至其余最小值",
                "winsorised up to the smallest other value",
            ),
            (
                TreatFlag::Log,
                "取对数（缩尾后仍偏态）",
                "log-transformed (still skewed after winsorising)",
            ),
        ];
        for (t, zh, en) in treatments {
            assert_eq!(treatment(t.label(), Zh), zh);
            assert_eq!(treatment(t.label(), En), en);
        }
    }

    #[test]
    fn the_figure_scored_in_words() {
        assert_eq!(scored("roster", Zh), "名录汇总值");
        assert_eq!(scored("declared", En), "declared figure");
        assert_eq!(scored("none", Zh), "无");
    }

    #[test]
    fn cell_states_in_words() {
        assert_eq!(cell_state("", "", None, Zh).as_deref(), Some("未填报"));
        assert_eq!(
            cell_state("", "", None, En).as_deref(),
            Some("not submitted")
        );
        assert_eq!(
            cell_state(" ", "a.csv", None, Zh).as_deref(),
            Some("填报为空")
        );
        assert_eq!(
            cell_state("", "a.csv", None, En).as_deref(),
            Some("submitted blank")
        );
        assert_eq!(
            cell_state("—", "a.csv", None, Zh).as_deref(),
            Some("填报为“—”（无数据）")
        );
        assert_eq!(
            cell_state("-", "a.csv", None, En).as_deref(),
            Some("submitted as “-” (no data)")
        );
        assert_eq!(cell_state("12", "a.csv", Some(12.0), En), None);
    }
}
