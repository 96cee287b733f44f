//! The words of the leadership summary (summary.html) and of the printed
//! report's page header: headings, key figures, the robustness sentence,
//! the movers, in Chinese and English.

use super::{fill, Lang};

catalogue! {
    /// Summary and print words.
    Words {
        SummaryTitle => ("结果摘要", "Summary of results"),
        KeyFigures => ("关键数字", "Key figures"),
        Entered => ("参评集群", "Clusters entered"),
        FailedGate => ("未通过门槛", "Failed a gate"),
        ScreenedOut => ("数据不足未评分", "Left out for lack of data"),
        Scored => ("参与评分", "Scored"),
        Finalists => ("进入终评", "In the final stage"),
        Quota => ("名额", "Places"),
        Selected => ("入选", "Selected"),
        TiedAtQuota => ("名额线并列、待定", "Tied at the quota line, undecided"),
        SelectedClusters => ("入选集群", "Selected clusters"),
        TiedClusters => ("名额线上并列的集群（由评价办公室决定）", "Clusters tied at the quota line (the office decides)"),
        Evaluated => ("评估集群", "Clusters evaluated"),
        Grades => ("等次分布", "Grades"),
        NoGrade => ("无等次", "No grade"),
        NeedAction => ("需要处理的集群", "Outcomes that need action"),
        NoneNeedAction => ("无：全部继续培育。", "None: every cluster continues."),
        Top => ("前三名", "Top three"),
        Robustness => ("稳健性", "Robustness"),
        RobustSelected => (
            "按正式结果居前 {0} 名的集群中，{1} 个在 {2} 次随机抽样中至少 95% 仍居前 {0} 名",
            "{1} of the {0} clusters in the top {0} stay there in at least 95 % of {2} draws"
        ),
        RobustGrades => (
            "{0} 个集群中，{1} 个在至少 95% 的抽样中保持本轮等次",
            "{1} of the {0} clusters keep their grade in at least 95 % of the draws"
        ),
        RobustFactor => (
            "对结果影响最大的是{}（总效应指数 {}）。",
            "the result depends most on {} (total-effect index {})."
        ),
        FactorWeights => ("权重取值", "the weights"),
        FactorExclusion => ("剔除某一项指标", "leaving one indicator out"),
        FactorNormalisation => ("标准化方法", "the normalisation"),
        FactorAggregation => ("加总方法", "the aggregation"),
        Movers => ("与上一轮相比等次变化的集群", "Grade changes since the last round"),
        NoMovers => ("无：全部集群等次与上一轮相同。", "None: every cluster kept its grade."),
        Up => ("上升", "up"),
        Down => ("下降", "down"),
        DataYear => ("数据年度", "Data year"),
        Page => ("第 {} 页", "Page {}"),
        ShowCard => ("查看集群评分卡", "Show a cluster's scorecard"),
        ChooseCluster => ("选择集群…", "Choose a cluster…"),
        ShowSection => ("展开（内容较多，打开时生成）", "Show (long: drawn when opened)"),
        PrintAll => ("打印全部评分卡", "Print all scorecards"),
        CardsOnDemand => (
            "集群较多：评分卡在选择集群时生成（排名表中的编号也可点击）；打印前点击“打印全部评分卡”。",
            "Many clusters: a scorecard is drawn when a cluster is chosen (the ids in the ranking are links too); to print them all, click “Print all scorecards” first."
        ),
    }
}

impl Words {
    pub fn text(self, lang: Lang) -> &'static str {
        super::unit::relabel(
            match lang {
                Lang::Zh => self.pair().0,
                Lang::En => self.pair().1,
            },
            lang,
        )
    }

    /// The text with its placeholders filled: `{}` takes the next
    /// argument, `{n}` the n-th (so that each language may order them).
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let t = self.text(lang);
        if !t.contains("{0}") && !t.contains("{1}") {
            return fill(t, args);
        }
        let mut out = t.to_string();
        for (k, a) in args.iter().enumerate() {
            out = out.replace(&format!("{{{k}}}"), &a.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_texts_take_the_same_arguments() {
        for w in Words::ALL {
            let (zh, en) = w.pair();
            assert!(!zh.is_empty() && !en.is_empty(), "{w:?}");
            fn args(t: &str) -> Vec<&str> {
                let mut v: Vec<&str> = t.match_indices('{').map(|(k, _)| &t[k..k + 2]).collect();
                v.sort();
                v.dedup();
                v
            }
            assert_eq!(args(zh), args(en), "{w:?}");
        }
    }

    #[test]
    fn numbered_placeholders_reorder() {
        assert_eq!(
            Words::RobustSelected.fill(Lang::En, &[&11, &9, &5000]),
            "9 of the 11 clusters in the top 11 stay there in at least 95 % of 5000 draws"
        );
        assert_eq!(
            Words::RobustSelected.fill(Lang::Zh, &[&11, &9, &5000]),
            "按正式结果居前 11 名的集群中，9 个在 5000 次随机抽样中至少 95% 仍居前 11 名"
        );
        assert_eq!(Words::Page.fill(Lang::En, &[&3]), "Page 3");
    }
}
