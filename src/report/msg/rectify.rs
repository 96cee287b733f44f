//! The words of the rectification list (整改清单, issue 20) in report.md,
//! report.html, the documents and `explain`, one language at a time.

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    Rect {
        Heading => ("整改清单", "Rectification list"),
        IntroMidterm => ("评为“{0}”或“{1}”的集群逐一列出：得分低于全部参评集群中位数最多的（至多 {2} 项）薄弱指标，与上一等次分数线的差距，以及达到上一等次的组合整改方案。", "Every cluster graded {0} or {1}: its weakest indicators (at most {2}: the furthest below the median points of the scored clusters), its gap to the next grade's cut-off, and a combined plan that would reach the next grade."),
        IntroCompetition => ("进入最后环节但未入选的集群逐一列出：得分低于全部参评集群中位数最多的（至多 {0} 项）薄弱指标，与名额线的差距，以及达到名额线的组合整改方案。", "Every cluster that reached the last stage and was not selected: its weakest indicators (at most {0}: the furthest below the median points of the scored clusters), its gap to the quota line, and a combined plan that would reach it."),
        IntroPlan => ("组合方案改动的指标数最少，每项指标不超过其合理变化范围（每年至多 {0}%，以当期至目标年的年数计），每个方案都经全部集群重新评定验证；单项指标的所需值不在此计算（可用命令行工具逐个集群查询）。", "A plan moves the fewest indicators, each within its plausible range (at most {0}% a year over the years to the target year), and every plan is verified by re-deciding the whole round; the single-indicator table is not computed here (see the whatif command)."),
        None => ("本轮没有需要整改的集群。", "No cluster of this round is on the rectification list."),
        Standing => ("{0}，得分 {1}；目标：{2}；差距 {3} 分。", "{0}, score {1}; target: {2}; gap {3} points."),
        NoTarget => ("{0}，得分 {1}；没有更高的目标。", "{0}, score {1}; there is no higher target."),
        TargetGrade => ("等级“{0}”", "the grade {0}"),
        TargetRank => ("第 {0} 名", "rank {0}"),
        TargetQuota => ("入选（名额线）", "selection (the quota line)"),
        TargetStage => ("进入{0}环节", "the {0} stage"),
        Weakest => ("薄弱指标（与中位数相比）", "Weakest indicators (against the median)"),
        NoWeak => ("没有低于中位数的指标。", "No indicator is below the median."),
        Place => ("序号", "No."),
        Indicator => ("指标", "Indicator"),
        Points => ("得分", "Points"),
        Median => ("中位数", "Median"),
        Below => ("低于中位数", "Below the median"),
        PlanHeading => ("整改方案", "Plan"),
        Submitted => ("填报值", "Submitted"),
        Planned => ("方案值", "Plan value"),
        Change => ("变化", "Change"),
        Missing => ("缺失", "missing"),
        PlanTotal => ("按此方案重新评定后得分 {0}，达到目标。", "Score with the plan, re-decided: {0}: the target is reached."),
        Greedy => ("（逐项贪心搜索得出，未证明指标数最少）", "(found greedily: not proven the fewest indicators)"),
        NoPlan => ("在合理变化范围内没有能达到目标的组合方案：即使全部指标都取其上限也不够。", "No plan within the plausible ranges: even every indicator at its limit together is not enough."),
        NotScored => ("未参与评分，无法计算方案。", "Not scored: no plan can be computed."),
        ProgressHeading => ("对自身目标的要求", "What it means for the cluster's own targets"),
        ProgressLine => ("{0}：由 {1} 调整为 {2}，为 {3} 年目标 {4} 的 {5}（现为 {6}）", "{0}: from {1} to {2}, {5} of the {3} target {4} (now {6})"),
        ProgressLineFixed => ("{0}：由 {1} 调整为 {2}，为目标 {4} 的 {5}（现为 {6}）", "{0}: from {1} to {2}, {5} of the target {4} (now {6})"),
        ProgressFromBase => ("；自 {0} 年基期起完成目标进度 {1}（现为 {2}）", "; {1} of the way from the {0} baseline (now {2})"),
        ExplainHeading => ("整改清单：", "Rectification list:"),
    }
}

one_language!(Rect);
