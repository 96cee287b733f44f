//! The words of `whatif` (issue 20): the gap of a cluster to its target
//! and the single-indicator table, one language at a time.

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    WhatIf {
        Title => ("{0}（{1}）需要怎样才能达到：{2}", "What it would take for {0} ({1}) to reach: {2}"),
        TargetGrade => ("等级“{0}”", "the grade {0}"),
        TargetRank => ("第 {0} 名", "rank {0}"),
        TargetQuota => ("入选（名额线）", "selection (the quota line)"),
        TargetStage => ("进入{0}环节", "the {0} stage"),
        Selected => ("{0}（{1}）已入选，没有更高的目标。", "{0} ({1}) is already selected: there is no higher target."),
        Level => ("当前得分 {0}，与目标线持平（差距 0.00 分），按并列排序规则排在其后（重新评定全部集群得出）。", "Score now {0}: level with the line (gap 0.00 points), behind on the tie-break (found by re-deciding the whole round)."),
        Top => ("{0}（{1}）已是最高等级，没有更高的目标。", "{0} ({1}) is already in the top grade: there is no higher target."),
        NotScored => ("{0}（{1}）未参与评分（资格审查未通过或数据不足），无法计算差距。", "{0} ({1}) was not scored (failed a gate or too few values): there is no gap to compute."),
        Reached => ("当前得分 {0}，已达到目标。", "Score now {0}: the target is already reached."),
        Gap => ("当前得分 {0}，差距 {1} 分（重新评定全部集群得出）。", "Score now {0}, gap {1} points (found by re-deciding the whole round)."),
        Singles => ("单项指标（其余指标保持填报值）：", "Single indicators (every other value as submitted):"),
        Header => ("指标 | 填报值 | 所需值 | 变化 | 增加得分", "indicator | submitted | needed | change | points gained"),
        Missing => ("缺失", "missing"),
        CannotAlone => ("单独无法达到：即使取 {0}，最多增加 {1} 分", "cannot close alone: even at {0} it gives at most {1} points"),
        NoEffect => ("不影响总分（权重为 0）", "cannot move the total (weight 0)"),
        Plan => ("组合方案（指标最少，每项不超过其合理变化范围：每年至多 {0}%，或指标体系为该数据项声明的范围）：", "Combined plan (the fewest indicators, each within its plausible range: at most {0}% a year, or as the framework declares for its field):"),
        PlanGreedy => ("（逐项贪心搜索得出，未证明指标数最少）", "(found greedily: not proven the fewest)"),
        PlanHeader => ("指标 | 填报值 | 方案值 | 变化", "indicator | submitted | plan value | change"),
        PlanTotal => ("按此方案重新评定后总分 {0}，达到目标。", "Total with the plan, re-decided: {0}: the target is reached."),
        NoPlan => ("在合理变化范围内不存在能达到目标的组合方案：即使全部指标都取其上限也不够。", "No plan within the plausible ranges: even every indicator at its limit together is not enough."),
        NoValues => ("所有集群均无此指标数值", "no cluster has a value of this indicator"),
    }
}

one_language!(WhatIf);
