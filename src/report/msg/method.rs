//! Words for the methods a report compares and the choices its robustness
//! analysis varies, which the tool names by id (`entropy`, `topsis`,
//! `aggregation`, `declared | zscore | rank`): the weighting method of a
//! node, the alternative rankings, the uncertain choices of the Sobol
//! table and their options. The CSV files keep the ids.

use super::{fill, Lang};

catalogue! {
    /// A method or choice: (Chinese, English).
    Method {
        // Rankings and weighting methods.
        Official => ("正式排名", "official ranking"),
        Entropy => ("熵权法", "entropy weights"),
        Critic => ("CRITIC 法", "CRITIC"),
        Equal => ("等权", "equal weights"),
        Geometric => ("加权几何平均", "weighted geometric mean"),
        Topsis => ("TOPSIS 贴近度", "TOPSIS closeness"),
        Points => ("规定分值", "declared points"),
        Weights => ("规定权重", "declared weights"),
        Ahp => ("AHP 层次分析法", "AHP"),
        Combined => ("组合赋权（{}）", "combined ({})"),
        Pca => ("主成分分析权重（第一主成分载荷）", "PCA weights (first-component loadings)"),
        PcaSquared => ("主成分分析权重（载荷平方）", "PCA weights (squared loadings)"),
        Optimised => ("相关性优化权重（与总分）", "correlation-optimised weights (with the index)"),
        OptimisedParent => ("相关性优化权重（与上级节点）", "correlation-optimised weights (with the node)"),
        Total => ("总分", "total"),
        // The uncertain choices.
        FactorWeights => ("权重", "weights"),
        FactorNormalisation => ("标准化方法", "normalisation"),
        FactorImputation => ("缺失值处理", "missing values"),
        FactorAggregation => ("汇总方法", "aggregation"),
        FactorExclusion => ("剔除指标", "indicator left out"),
        // Their options.
        Declared => ("规定规则", "declared rules"),
        MinMax => ("最小-最大标准化", "min-max"),
        ZScore => ("z 分数", "z-score"),
        Rank => ("名次", "rank"),
        Zero => ("按 0 计", "zero"),
        NoPoints => ("不得分", "no points"),
        CohortMean => ("全体均值", "cohort mean"),
        CohortMedian => ("全体中位数", "cohort median"),
        Arithmetic => ("算术平均", "arithmetic mean"),
        GeometricMean => ("几何平均", "geometric mean"),
        RankMin => ("名次（并列取最前）", "rank (ties at the lowest rank)"),
        Borda => ("博尔达计分", "Borda score"),
        PRank => ("百分位名次", "percentile rank"),
        GroupMean => ("组内均值", "group mean"),
        GroupMedian => ("组内中位数", "group median"),
        RowMean => ("同组其他指标上的相对位置", "standing on the other indicators of the group"),
        HarmonicMean => ("调和平均", "harmonic mean"),
        Copeland => ("两两优胜计数（科普兰法）", "Copeland outranking"),
        GeneralisedMean => ("广义平均（p = {0}）", "generalised mean (p = {0})"),
        Exclusion => ("不剔除，或剔除 {1} 项指标中 {0} 项之一", "none, or one of {0} of the {1} indicators left out"),
    }
}

impl Method {
    pub fn text(self, lang: Lang) -> &'static str {
        super::unit::relabel(
            match lang {
                Lang::Zh => self.pair().0,
                Lang::En => self.pair().1,
            },
            lang,
        )
    }
}

/// A ranking or weighting method id in words; any other id as written.
/// `combined(points 0.50 + entropy 0.50)` names both parts.
pub fn method(id: &str, l: Lang) -> String {
    if let Some(inner) = id
        .strip_prefix("combined(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let parts: Vec<String> = inner
            .split(" + ")
            .map(|p| match p.rsplit_once(' ') {
                Some((m, share)) => format!("{} {share}", method(m, l)),
                None => method(p, l),
            })
            .collect();
        return fill(Method::Combined.text(l), &[&parts.join(" + ")]);
    }
    let m = match id {
        "official" => Method::Official,
        "entropy" => Method::Entropy,
        "critic" => Method::Critic,
        "equal" => Method::Equal,
        "geometric" => Method::Geometric,
        "topsis" => Method::Topsis,
        "points" | "declared" => Method::Points,
        "weights" => Method::Weights,
        "ahp" => Method::Ahp,
        "pca" => Method::Pca,
        "pca_squared" => Method::PcaSquared,
        "optimised" => Method::Optimised,
        "optimised_parent" => Method::OptimisedParent,
        "total" => Method::Total,
        other => return other.to_string(),
    };
    m.text(l).to_string()
}

/// An uncertain choice of the robustness analysis in words.
pub fn factor(id: &str, l: Lang) -> String {
    let m = match id {
        "weights" => Method::FactorWeights,
        "normalisation" => Method::FactorNormalisation,
        "imputation" => Method::FactorImputation,
        "aggregation" => Method::FactorAggregation,
        "exclusion" => Method::FactorExclusion,
        other => return other.to_string(),
    };
    m.text(l).to_string()
}

fn option(id: &str) -> Option<Method> {
    Some(match id {
        "declared" => Method::Declared,
        "minmax" => Method::MinMax,
        "zscore" => Method::ZScore,
        "rank" => Method::Rank,
        "zero" => Method::Zero,
        "no_points" => Method::NoPoints,
        "cohort_mean" => Method::CohortMean,
        "cohort_median" => Method::CohortMedian,
        "arithmetic" => Method::Arithmetic,
        "geometric" => Method::GeometricMean,
        "rank_min" => Method::RankMin,
        "borda" => Method::Borda,
        "prank" => Method::PRank,
        "group_mean" => Method::GroupMean,
        "group_median" => Method::GroupMedian,
        "row_mean" => Method::RowMean,
        "harmonic" => Method::HarmonicMean,
        "copeland" => Method::Copeland,
        _ => return None,
    })
}

/// What a choice varies, in words, from the analysis' description
/// (`robust::Factor::describe`): options "a | b" each in words; the
/// weights' distribution as a formula ("权重 × U(0.8, 1.2)"); the
/// indicators left out. A description of another shape as written.
pub fn varies(factor_id: &str, description: &str, l: Lang) -> String {
    match factor_id {
        "weights" => match description.strip_prefix("weights x ") {
            Some(dist) => format!("{} × {dist}", Method::FactorWeights.text(l)),
            None => description.to_string(),
        },
        "exclusion" => {
            let numbers: Vec<&str> = description
                .split(' ')
                .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
                .collect();
            let english = match numbers.as_slice() {
                [a, b] => format!("none, or one of {a} of the {b} indicators left out"),
                _ => String::new(),
            };
            if english == description {
                fill(Method::Exclusion.text(l), &[&numbers[0], &numbers[1]])
            } else {
                description.to_string()
            }
        }
        _ => {
            let words: Option<Vec<String>> = description
                .split(" | ")
                .map(|o| {
                    // `generalised_mean(p=2)`: the one option with a value.
                    let p = o
                        .strip_prefix("generalised_mean(p=")
                        .and_then(|r| r.strip_suffix(')'));
                    match p {
                        Some(p) => Some(fill(Method::GeneralisedMean.text(l), &[&p])),
                        None => option(o).map(|m| m.text(l).to_string()),
                    }
                })
                .collect();
            words.map_or_else(|| description.to_string(), |w| w.join(" | "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::{En, Zh};

    #[test]
    fn every_method_has_both_texts() {
        for m in Method::ALL {
            let (zh, en) = m.pair();
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{m:?}");
        }
    }

    /// Every option the robustness analysis writes has words in both
    /// languages (the ids as `robust` and `rank::model` write them).
    #[test]
    fn every_option_of_the_analysis_in_words() {
        let ids = "declared | minmax | zscore | rank | rank_min | borda | prank | zero | no_points | cohort_mean | cohort_median | group_mean | group_median | row_mean | arithmetic | geometric | harmonic | generalised_mean(p=2) | copeland";
        let zh = varies("aggregation", ids, Zh);
        for id in [
            "rank",
            "borda",
            "group",
            "harmonic",
            "copeland",
            "generalised",
            "mean",
        ] {
            assert!(!zh.contains(id), "{id} in {zh}");
        }
        assert!(zh.contains("广义平均（p = 2）"), "{zh}");
        let en = varies("aggregation", ids, En);
        assert!(en.contains("Borda score | percentile rank"), "{en}");
        assert!(
            en.contains("harmonic mean | generalised mean (p = 2) | Copeland outranking"),
            "{en}"
        );
    }

    #[test]
    fn methods_in_words() {
        let cases = [
            ("official", "正式排名", "official ranking"),
            ("entropy", "熵权法", "entropy weights"),
            ("critic", "CRITIC 法", "CRITIC"),
            ("equal", "等权", "equal weights"),
            ("geometric", "加权几何平均", "weighted geometric mean"),
            ("topsis", "TOPSIS 贴近度", "TOPSIS closeness"),
            ("points", "规定分值", "declared points"),
            ("weights", "规定权重", "declared weights"),
            ("total", "总分", "total"),
            (
                "combined(points 0.50 + entropy 0.50)",
                "组合赋权（规定分值 0.50 + 熵权法 0.50）",
                "combined (declared points 0.50 + entropy weights 0.50)",
            ),
            ("mine", "mine", "mine"),
        ];
        for (id, zh, en) in cases {
            assert_eq!(method(id, Zh), zh);
            assert_eq!(method(id, En), en);
        }
    }

    #[test]
    fn choices_and_options_in_words() {
        assert_eq!(factor("aggregation", Zh), "汇总方法");
        assert_eq!(factor("exclusion", En), "indicator left out");
        assert_eq!(
            varies("normalisation", "declared | zscore | rank", Zh),
            "规定规则 | z 分数 | 名次"
        );
        assert_eq!(
            varies("aggregation", "arithmetic | geometric", En),
            "arithmetic mean | geometric mean"
        );
        assert_eq!(
            varies("weights", "weights x U(0.8, 1.2)", Zh),
            "权重 × U(0.8, 1.2)"
        );
        assert_eq!(
            varies(
                "exclusion",
                "none, or one of 12 of the 30 indicators left out",
                Zh
            ),
            "不剔除，或剔除 30 项指标中 12 项之一"
        );
        assert_eq!(
            varies(
                "exclusion",
                "none, or one of 12 of the 30 indicators left out",
                En
            ),
            "none, or one of 12 of the 30 indicators left out"
        );
        assert_eq!(varies("imputation", "zero | other", Zh), "zero | other");
    }
}
