//! The words of `compare-rounds` (issue 17): the rounds compared, the
//! movement of every cluster, clusters entering and leaving, and the
//! column headers of movement.csv and trends.csv, one language at a time
//! (headers: both, "中文 english").

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    SeriesWords {
        Title => ("集群评价轮次比较（{0} 轮）", "Rounds compared ({0})"),
        Round => ("{0}：数据年份 {1}，{2} 个集群参与评分（{3}）", "{0}: data year {1}, {2} clusters scored ({3})"),
        OwnScale => ("得分：各轮按本轮的归一化范围计算（得分变化同时反映本集群和其他集群的变化）", "Scores: each round on its own scale (a change of score reflects the cohort as well as the cluster)"),
        PooledScale => ("得分：统一尺度，各指标的归一化范围按全部轮次合并计算（得分变化只反映本集群数值的变化）", "Scores: on a common scale, each indicator's normalisation bounds pooled across the rounds (a change of score is a change of the cluster's values)"),
        PanelLatest => ("面板插补：缺失值取该集群此前最近一轮的数值，共填补 {0} 个", "Panel imputation: a missing value takes the cluster's most recent earlier value (latest); {0} filled"),
        PanelLinear => ("面板插补：缺失值按该集群前后最近两轮的数值线性插值（无后续数值时取此前最近一轮），共填补 {0} 个", "Panel imputation: a missing value is interpolated between the cluster's nearest earlier and later values (linear; the latest earlier one when there is no later value); {0} filled"),
        Movement => ("{0} → {1} 年变化", "Movement {0} → {1}"),
        Header => ("集群 | 排名 | 排名变化 | 总分 | 总分变化", "cluster | rank | rank change | total | change"),
        Entering => ("新进入：{0}", "Entering: {0}"),
        Leaving => ("退出序列：{0}", "Leaving: {0}"),
        NoneWord => ("无", "none"),
        Up => ("上升 {0}", "up {0}"),
        Down => ("下降 {0}", "down {0}"),
        Same => ("持平", "same"),
        New => ("新进入", "new"),
        Trends => ("指标趋势（年均复合增长率、线性趋势百分比变化）：{0} 个集群 × {1} 项指标，见 trends.csv", "Indicator trends (CAGR, percentage change of the linear trend): {0} clusters x {1} indicators, in trends.csv"),
        Written => ("已写入 {0}", "Written: {0}"),
        Warning => ("警告：{0}", "warning: {0}"),
    }
}

catalogue! {
    /// Column headers of movement.csv and trends.csv: (Chinese, English).
    SeriesCol {
        Round => ("轮次", "round"),
        DataYear => ("数据年份", "data_year"),
        Cluster => ("集群编号", "cluster_id"),
        NameZh => ("集群名称", "name_zh"),
        NameEn => ("英文名称", "name_en"),
        Presence => ("序列状态", "presence"),
        Rank => ("排名", "rank"),
        RankChange => ("排名变化", "rank_change"),
        Total => ("总分", "total"),
        TotalChange => ("总分变化", "total_change"),
        Change => ("{0}变化", "{1}_change"),
        Indicator => ("指标编号", "indicator"),
        IndicatorZh => ("指标名称", "indicator_zh"),
        IndicatorEn => ("指标英文名称", "indicator_en"),
        Value => ("{0}年数值", "value_{0}"),
        Imputed => ("{0}年面板插补", "imputed_{0}"),
        Cagr => ("年均增长率", "CAGR"),
        PrcChange => ("百分比变化", "prc_change"),
        Avail => ("数据可得率", "avail"),
        First => ("首个数据年份", "t_first"),
        Latest => ("最近数据年份", "t_latest"),
        Scale => ("得分尺度", "scale"),
    }
}

one_language!(SeriesWords, own_tests);

impl SeriesCol {
    /// "中文 english", each part filled with `args`.
    pub fn header(self, args: &[&dyn std::fmt::Display]) -> String {
        let (zh, en) = self.pair();
        format!("{} {}", super::fill(zh, args), super::fill(en, args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_has_no_latin_words_and_english_no_chinese() {
        for k in SeriesWords::ALL {
            let (zh, en) = k.pair();
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{k:?}: {en}"
            );
            // A file name is the same in both.
            let words = zh.replace("trends.csv", "");
            let words = (0..4).fold(words, |w, i| w.replace(&format!("{{{i}}}"), ""));
            assert!(
                !words.chars().any(|c| c.is_ascii_alphabetic()),
                "{k:?}: {zh}"
            );
        }
        for k in SeriesCol::ALL {
            let (zh, en) = k.pair();
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        }
    }
}
