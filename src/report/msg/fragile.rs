//! The words of the fragile decisions (issue 20, item 3): the decisions
//! within a margin of a grade cut-off or of the quota line and the
//! smallest single change that flips each, one language at a time.

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    FragileMsg {
        Title => ("易变的评定结果：距等级分数线或名额线 {0} 分以内的集群", "Fragile decisions: the clusters within {0} points of a grade cut-off or of the quota line"),
        Method => ("每项给出改变结果所需的最小单项变化（其余指标保持填报值；每个试算值都重新评定全部集群得出）：高于分界线的集群，某项数值变差多少会失去等级或入选；低于分界线的，变好多少会得到。", "For each, the smallest change of one value that flips the decision (every other value as submitted; each value tried re-decides the whole round): for a cluster above the line, how much worse one of its values must be for it to lose the grade or the selection; for one below, how much better for it to gain it."),
        Header => ("集群 | 当前结果 | 分界线 | 距离 | 指标 | 填报值 → 所需值 | 变化", "cluster | decision | line | distance | indicator | submitted → needed | change"),
        Selected => ("入选", "selected"),
        NotSelected => ("未入选", "not selected"),
        NoGrade => ("未评等级", "no grade"),
        GradeCut => ("“{0}”分数线 {1}", "cut-off of {0}: {1}"),
        Quota => ("名额线 {0}", "quota line: {0}"),
        Above => ("高 {0} 分", "{0} points above"),
        Below => ("低 {0} 分", "{0} points below"),
        Missing => ("缺失", "missing"),
        OtherCluster => ("{0} 的 {1}", "{1} (of {0})"),
        FailsGate => ("（未通过资格条件 {0}，不再参评）", " (fails the gate {0}: left out)"),
        NoFlip => ("在合理变化范围内，任何单项指标都不能单独改变结果", "no single indicator flips it within its plausible range"),
        Tie => ("{0} 得分相同（{1}），分列分界线两侧，结果取决于并列排序规则：其中任一集群的微小变化即可改变结果。", "{0} have the same score ({1}) on either side of the line: the decision rests on the tie-break, and a small change of any of them flips it."),
        None => ("没有距等级分数线或名额线 {0} 分以内的集群。", "No cluster is within {0} points of a grade cut-off or of the quota line."),
        NoLines => ("本轮评价既无等级也无名额，没有可检查的评定结果。", "The round has neither grades nor a quota: there is no decision to examine."),
    }
}

one_language!(FragileMsg);
