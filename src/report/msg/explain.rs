//! The words of `explain`: (Chinese, English); `{}` takes the numbers and
//! names in order.

catalogue! {
    /// A line or word of `explain`: (Chinese, English).
    Ex {
        RankOf => ("排名第 {} 位（共 {} 个）{}，总分 {} / {}", "rank {} of {}{}, total {} of {}"),
        Tied => ("（并列）", " (tied)"),
        GradeFrom => ("等次：{}（{} 分及以上）", "grade {} (from {})"),
        Ties => ("同分说明：{}", "ties: {}"),
        Subtotals => ("各级得分：", "subtotals:"),
        Indicators => (
            "指标（填报 -> 指标值 -> 标准化得分 -> 得分）：",
            "indicators (submitted -> value -> score -> points):"
        ),
        IndicatorLine => ("- {} {}［{}；评分规则 {} -> {}；缺失处理：{}］", "- {} {} [{}; rule {} -> {}; missing: {}]"),
        NotSubmitted => ("未填报", "not submitted"),
        RowColumn => ("{} 第 {} 行 {} 列", "{} row {} column {}"),
        ValueLine => ("    指标值 {} = {}", "    value {} = {}"),
        MissingLine => ("    缺失：{}", "    missing: {}"),
        Imputed => ("    插补（{}）：{}", "    imputed by {}: {}"),
        Treated => ("    异常值处理（{}）：{}", "    treated ({}): {}"),
        Transformed => ("    变换后：{}", "    transformed: {}"),
        NormalisedLine => ("    标准化得分 {} -> 得分 {} / {}", "    normalised {} -> points {} / {}"),
        Decision => ("评审结果：{}", "decision: {}"),
        StageLine => ("  {}：专家评分 {}，环节得分 {}", "  {}: panel {}, score {}"),
        FinalRank => ("  最终得分 {}，排名 {}", "  final {}, rank {}"),
        OutcomeLine => ("  处理结果 {}：{}", "  outcome {}: {}"),
        Round => ("本轮：{}", "round: {}"),
        Vs => (
            "{}（排名 {}，总分 {}）对比 {}（排名 {}，总分 {}）：相差 {}",
            "{} (rank {}, total {}) vs {} (rank {}, total {}): difference {}"
        ),
        ByDimension => ("按维度（{} − {}，差距从大到小）：", "by dimension ({} - {}, largest first):"),
        ByIndicator => ("按指标（{} − {}，差距从大到小）：", "by indicator ({} - {}, largest first):"),
        Sum => ("  合计 {}（残差 {}）", "  sum {} (residual {})"),
    }
}

impl Ex {
    pub fn fill(self, lang: super::Lang, args: &[&dyn std::fmt::Display]) -> String {
        let (zh, en) = self.pair();
        super::fill(if lang == super::Lang::Zh { zh } else { en }, args)
    }
}
