//! The words of `diff` (issue 17): what changed between two runs and the
//! parts of every cluster's change in total, one language at a time.

catalogue! {
    /// A word or line of `diff`: (Chinese, English); `{N}` takes argument N.
    DiffWords {
        Title => ("两次运行的差异：{0} → {1}（评价轮次 {2}）", "What changed between two runs: {0} → {1} (round {2})"),
        Run => ("运行 {0}（{1}）", "run {0} ({1})"),
        Inputs => ("输入的改动（{0} 处）：", "Changed inputs ({0}):"),
        NoInputs => ("输入未改动。", "No input changed."),
        Parts => ("总分变化分解为：自身数值、群体效应（其他集群的数值、标准化边界、插补值、客观权重）、指标体系的改动；各部分之和等于总分变化。", "Change in total split into: own values, cohort effects (the other clusters' values, normalisation bounds, imputed values, objective weights) and framework changes; the parts add up to the change."),
        OrderData => ("计算顺序：先数据（自身，再群体，均按前次运行的指标体系），后指标体系（按本次运行的数据）。", "Order: data first (own, then cohort, under run A's framework), then the framework (on run B's data)."),
        OrderFramework => ("计算顺序：先指标体系（按前次运行的数据），后数据（自身，再群体，均按本次运行的指标体系），因为本次运行的数据无法按前次运行的指标体系读取。", "Order: the framework first (on run A's data), then data (own, then cohort, under run B's framework), because run B's data does not read under run A's framework."),
        NoDecomposition => ("无法分解总分变化：{0}", "The change in total cannot be decomposed: {0}"),
        Header => ("集群 | 前次总分 | 本次总分 | 变化 | 自身 | 群体 | 指标体系 | 名次 | 等级 | 状态 | 结论", "cluster | total A | total B | change | own | cohort | framework | rank | grade | status | outcome"),
        Largest => ("  变化最大的指标：", "  largest indicator changes:"),
        Indicator => ("    {0} {1}：{2} → {3}（自身 {4}，群体 {5}，指标体系 {6}）", "    {0} {1}: {2} → {3} (own {4}, cohort {5}, framework {6})"),
        New => ("新参评", "new"),
        Gone => ("本次未参评", "gone"),
        NotScored => ("未评分", "not scored"),
        Unchanged => ("{0} 个集群的总分和结论均未改变（未列出）。", "{0} cluster(s) with the same total and decisions are not listed."),
        Decided => ("名次或结论改变的集群：{0} 个。", "Clusters whose rank or decision changed: {0}."),
        NoneDecided => ("没有集群的名次或结论改变。", "No cluster's rank or decision changed."),
        LogHeading => ("更正说明", "Change log"),
        Supersedes => ("本次运行取代此前的运行 {0}（评价轮次 {1}）。以下列出两次运行之间输入的改动，以及每个集群总分变化的来源。", "This run supersedes the earlier run {0} (round {1}). Below: the inputs that changed between the two runs, and where each cluster's change in total comes from."),
        Sum => ("各项之和等于总分变化（误差 {0}）。", "The parts add up to the change in total (residual {0})."),
    }
}

one_language!(DiffWords);
