//! The words of `explain`: (Chinese, English); `{}` takes the numbers and
//! names in order.

catalogue! {
    /// A line or word of `explain`: (Chinese, English).
    Ex {
        Clusters => ("参评集群：{}", "clusters: {}"),
        RankOf => ("排名第 {} 位（共 {} 个）{}，总分 {} / {}", "rank {} of {}{}, total {} of {}"),
        ResultLine => ("结果：{}", "result: {}"),
        DecisionWords => ("{}，评审名次 {}，最终得分 {}", "{}, decision rank {}, final score {}"),
        RankAtStage => ("第 {} 名（共 {} 个，{}阶段）", "{} of {} at stage {}"),
        RankNoStage => ("第 {} 名（共 {} 个）", "{} of {}"),
        IndicatorScore => (
            "指标得分 {} / {}，指标得分名次 第 {} 名（共 {} 个）{}",
            "indicator score {} of {}, indicator score rank {} of {}{}"
        ),
        Tied => ("（并列）", " (tied)"),
        GradeFrom => ("等次：{}（{} 分及以上）", "grade {} (from {})"),
        Ties => ("同分说明：{}", "ties: {}"),
        Subtotals => ("各级得分：", "subtotals:"),
        Indicators => (
            "指标（填报 -> 指标值 -> 标准化得分 -> 得分）：",
            "indicators (submitted -> value -> score -> points):"
        ),
        IndicatorLine => ("- {} {}［{}；评分规则：{}；缺失处理：{}］", "- {} {} [{}; rule: {}; missing: {}]"),
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
        FinalRank => ("  最终得分 {}，评审名次 {}", "  final {}, decision rank {}"),
        OutcomeLine => ("  处理结果 {}：{}", "  outcome {}: {}"),
        Round => ("本轮：{}", "round: {}"),
        HeadDecision => (
            "{}（{}；指标得分 {}，指标得分名次 第 {} 名）",
            "{} ({}; indicator score {}, indicator score rank {})"
        ),
        HeadRank => ("{}（排名 {}，总分 {}）", "{} (rank {}, total {})"),
        Pair => ("（{} 对 {}）", " ({} vs {})"),
        VsOther => ("对比 {}", "vs {}"),
        Difference => ("总分相差 {}", "difference {}"),
        IndicatorDifference => ("指标得分相差 {}", "indicator score difference {}"),
        ByDimension => ("按维度（{} − {}，差距从大到小）：", "by dimension ({} - {}, largest first):"),
        ByIndicator => ("按指标（{} − {}，差距从大到小）：", "by indicator ({} - {}, largest first):"),
        Sum => ("  合计 {}（残差 {}）", "  sum {} (residual {})"),
        AddUp => ("  合计 {}（各项贡献之和等于差值）", "  sum {} (the contributions add up to the difference)"),
    }
}

one_language!(Ex);
