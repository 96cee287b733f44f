//! The words of the movement section (issue 17): a round against the
//! previous round its round.toml names, one language at a time.

catalogue! {
    /// A word or line of the movement section: (Chinese, English).
    MoveWords {
        Heading => ("与上一轮比较", "Movement since the previous round"),
        Intro => ("与上一轮（评价轮次 {0}，数据年份 {1}）相比：名次变化（↑ 上升，↓ 下降，→ 不变）、总分及各维度得分的变化。两轮得分各在本轮参评集群中标准化，变化反映相对位置；如需同一尺度的比较，请使用多轮比较命令的合并标准化选项。", "Against the previous round ({0}, data year {1}): rank movement (↑ up, ↓ down, → same), change of the total and of each dimension. Each round's scores are normalised within its own cohort, so a change is a change of standing; compare-rounds --pooled puts rounds on one scale."),
        Cluster => ("集群", "cluster"),
        Rank => ("名次", "rank"),
        Previous => ("上轮总分", "previous total"),
        Total => ("本轮总分", "total"),
        Change => ("变化", "change"),
        DimChange => ("{0}变化", "{0} change"),
        New => ("新参评", "new to the round"),
        Unranked => ("上轮未排名", "not ranked before"),
        Left => ("上轮参评、本轮未参评的集群：{0}", "In the previous round but not in this one: {0}"),
        NewCount => ("新参评集群 {0} 个。", "Clusters new to the round: {0}."),
    }
}

one_language!(MoveWords);
