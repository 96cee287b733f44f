//! The words of the statistical audit (issue 18): the flags in words for
//! `audit` and the audit section of report.html and audit.html, one
//! language at a time, and the column headers of the audit_*.csv files
//! and workbook sheets (headers: both, "中文 english").

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    AuditWords {
        Title => ("统计审计：{0}（{1} 个集群，{2} 项指标）", "Statistical audit: {0} ({1} clusters, {2} indicators)"),
        Section => ("统计审计", "Statistical audit"),
        SkewKurt => ("偏度和峰度均过高（偏度绝对值大于 {0} 且峰度大于 {1}，可能有异常值）：{2}", "High skew and kurtosis (|skew| above {0} and kurtosis above {1}, possible outliers): {2}"),
        LowAvail => ("数据可得率低于 {0}：{1}", "Data availability below {0}: {1}"),
        LowNonzero => ("非零值比例低于 {0}：{1}", "Share of non-zero values below {0}: {1}"),
        LowUnique => ("不同值比例低于 {0}：{1}", "Share of distinct values below {0}: {1}"),
        Collinear => ("高度相关（皮尔逊相关系数高于 {0}，可能重复计量）：{1}", "Collinear (Pearson correlation above {0}, possibly counted twice): {1}"),
        Negative => ("负相关（皮尔逊相关系数低于 {0}，相互抵消）：{1}", "Negatively correlated (Pearson correlation below {0}, offsetting each other): {1}"),
        Pair => ("{0} 与 {1}（{2}内，相关系数 {3}）", "{0} and {1} (in {2}, r = {3})"),
        NotSignificant => ("与上一级不显著相关（皮尔逊相关，显著性水平 {0}）：{1}", "Not significantly correlated with the level above (Pearson, significance level {0}): {1}"),
        Importance => ("实际重要性与名义权重相差超过 {0} 倍（实际重要性：与上一级的相关系数平方，归一化）：{1}", "Effective importance differs from the nominal weight by more than a factor {0} (effective importance: squared correlation with the level above, normalised): {1}"),
        ImportanceItem => ("{0}（{1}内：实际 {2}，名义 {3}）", "{0} (in {1}: effective {2}, nominal {3})"),
        LeaveOneOut => ("逐项剔除后排名变化最大的要素：{0}", "Largest rank shifts when an element is left out: {0}"),
        LooItem => ("{0}（平均变动 {1} 位，最多 {2} 位）", "{0} (mean shift {1} places, at most {2})"),
        NoneWord => ("无", "none"),
        Separator => ("；", "; "),
        Written => ("已写入 {0}", "Written: {0}"),
        Heatmaps => ("各节点下级要素间的皮尔逊相关系数", "Pearson correlations of the components of each node"),
        Heatmap => ("{0}（{1} 项）", "{0} ({1} components)"),
        Flags => ("审计标记", "Audit flags"),
        Cronbach => ("内部一致性（克朗巴赫系数，按下级层次）", "Internal consistency (Cronbach's alpha, by level below)"),
        Pca => ("主成分分析：第一主成分解释的方差比例", "Principal components: share of variance of the first component"),
        Node => ("节点", "Node"),
        Level => ("层级", "Level"),
        Items => ("要素个数", "Items"),
        Coefficient => ("系数", "Coefficient"),
        Share => ("方差比例", "Share of variance"),
        Details => ("明细见 {0}", "Details in {0}"),
    }
}

one_language!(AuditWords);

catalogue! {
    /// Column headers of the audit_*.csv files: (Chinese, English).
    AuditCol {
        Dset => ("数据集", "dset"),
        Indicator => ("指标编号", "indicator"),
        IndicatorZh => ("指标名称", "indicator_zh"),
        Min => ("最小值", "min"),
        Max => ("最大值", "max"),
        Mean => ("均值", "mean"),
        Median => ("中位数", "median"),
        Sd => ("标准差", "sd"),
        Skew => ("偏度", "skew"),
        Kurtosis => ("峰度", "kurtosis"),
        NAvail => ("有效值个数", "n_avail"),
        NNonzero => ("非零值个数", "n_nonzero"),
        NUnique => ("不同值个数", "n_unique"),
        NSame => ("最多相同值个数", "n_same"),
        FrcAvail => ("可得率", "frc_avail"),
        FrcNonzero => ("非零值比例", "frc_nonzero"),
        FrcUnique => ("不同值比例", "frc_unique"),
        FrcSame => ("相同值比例", "frc_same"),
        FlagAvail => ("可得率标记", "flag_avail"),
        FlagNonzero => ("非零值标记", "flag_nonzero"),
        FlagUnique => ("不同值标记", "flag_unique"),
        FlagSkewKurt => ("偏度峰度标记", "flag_skew_kurt"),
        Cluster => ("集群编号", "cluster_id"),
        NMissing => ("缺失个数", "n_missing"),
        NZero => ("零值个数", "n_zero"),
        NMissOrZero => ("缺失或零值个数", "n_miss_or_zero"),
        Availability => ("数据可得率", "availability"),
        Nonzero => ("非零值比例", "nonzero"),
        GroupAvail => ("{0}可得率", "avail_{1}"),
        Kind => ("类型", "kind"),
        Method => ("方法", "method"),
        Group => ("所属节点", "group"),
        Var1 => ("要素一", "var1"),
        Var2 => ("要素二", "var2"),
        Level1 => ("要素一层级", "level1"),
        Level2 => ("要素二层级", "level2"),
        R => ("相关系数", "r"),
        P => ("显著性概率", "p_value"),
        Significant => ("是否显著", "significant"),
        Threshold => ("阈值", "threshold"),
        GroupLevel => ("节点层级", "group_level"),
        ItemLevel => ("要素层级", "item_level"),
        NItems => ("要素个数", "n_items"),
        Items => ("要素", "items"),
        Alpha => ("克朗巴赫系数", "alpha"),
        Quantity => ("量", "quantity"),
        Component => ("主成分", "component"),
        Item => ("要素", "item"),
        Value => ("数值", "value"),
        Element => ("剔除要素", "element"),
        Level => ("层级", "level"),
        Rank => ("排名", "rank"),
        RankWithout => ("剔除后排名", "rank_without"),
        RankChange => ("排名变化", "rank_change"),
        MeanAbsShift => ("平均绝对排名变化", "mean_abs_shift"),
        MaxAbsShift => ("最大绝对排名变化", "max_abs_shift"),
        Component2 => ("要素", "element"),
        Effective => ("实际重要性", "effective"),
        Nominal => ("名义权重", "nominal"),
        Ratio => ("实际与名义之比", "ratio"),
        Flagged => ("是否标记", "flagged"),
    }
}

impl AuditCol {
    /// The Chinese header, filled with `args`.
    pub fn zh(self, args: &[&dyn std::fmt::Display]) -> String {
        super::fill(self.pair().0, args)
    }

    /// The English header (the CSV id), filled with `args`.
    pub fn en(self, args: &[&dyn std::fmt::Display]) -> String {
        super::fill(self.pair().1, args)
    }
}

#[cfg(test)]
mod tests {
    use super::AuditCol;

    /// A header is "中文 english": the Chinese part has no Latin letter,
    /// the English part no Chinese and no space (a reader splits the
    /// header at its last space).
    #[test]
    fn headers_split_into_chinese_and_one_english_word() {
        for c in AuditCol::ALL {
            let (zh, en) = c.pair();
            let zh = zh.replace("{0}", "");
            let en = en.replace("{1}", "x");
            assert!(!zh.chars().any(|x| x.is_ascii_alphabetic()), "{c:?}: {zh}");
            assert!(!en.contains(' ') && en.is_ascii(), "{c:?}: {en}");
        }
    }
}
