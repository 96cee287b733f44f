//! The words of issue 18's aggregation and robustness additions: the
//! pairwise probabilities of the robustness section, and the notes that a
//! node's aggregation is not additive (explain, decomposition), one
//! language at a time.

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    AggregateWords {
        PairwiseTitle => ("两两比较：前者排名领先的概率", "Pairwise: the probability of ranking ahead"),
        PairwiseIntro => ("正式排名前 {0} 的集群两两比较：每格为所在行的集群在全部模拟中排名领先于所在列集群的比例（名次相同不计）；每一对的概率见两两比较数据文件。", "The first {0} clusters of the official ranking, two by two: each cell is the share of the replications in which the row's cluster ranks ahead of the column's (equal ranks count for neither); robustness_pairwise.csv has every pair."),
        NotAdditive => ("注意：{0}按{1}加总，不是各项得分之和；此处各项得分的贡献不能直接相加得到该项得分。", "Note: {0} aggregates by the {1}, not by adding points; the contributions listed here do not add up to its score."),
        PartsNotAdditive => ("注意：节点 {0} 不按分值相加汇总，各部分为总分本身的变化（三部分之和仍等于总分变化），但各指标的分值变化之和不等于这些部分。", "Note: the nodes {0} do not add up points: each part is the change of the total itself (the three still add up to the change), but the indicators' changes of points do not add up to the parts."),
        Geometric => ("几何平均", "geometric mean"),
        Harmonic => ("调和平均", "harmonic mean"),
        PowerMean => ("{0} 阶幂平均", "power mean of order {0}"),
        Copeland => ("科普兰排序法", "Copeland outranking"),
    }
}

one_language!(AggregateWords);

impl AggregateWords {
    /// The name of a non-additive aggregation (None for sum and mean).
    pub fn method(a: crate::framework::Aggregation, lang: super::Lang) -> Option<String> {
        use crate::framework::Aggregation as A;
        Some(match a {
            A::Sum | A::Mean => return None,
            A::Geometric => AggregateWords::Geometric.text(lang).to_string(),
            A::Harmonic => AggregateWords::Harmonic.text(lang).to_string(),
            A::GeneralisedMean { p } => {
                AggregateWords::PowerMean.fill(lang, &[&crate::framework::trim_float(p)])
            }
            A::Copeland => AggregateWords::Copeland.text(lang).to_string(),
        })
    }

    /// The name of an aggregation as `Aggregation::label` writes it (None
    /// for sum, mean and anything else).
    pub fn method_label(label: &str, lang: super::Lang) -> Option<String> {
        use crate::framework::Aggregation as A;
        let a = match label {
            "geometric" => A::Geometric,
            "harmonic" => A::Harmonic,
            "copeland" => A::Copeland,
            other => {
                let p = other
                    .strip_prefix("generalised_mean(p=")?
                    .strip_suffix(')')?
                    .parse()
                    .ok()?;
                A::GeneralisedMean { p }
            }
        };
        Self::method(a, lang)
    }
}
