//! The texts of the PDF and Word documents (the public report and the 公示
//! notice), each as (Chinese, English); `{}` marks where `DocMsg::fill`
//! puts a value, in order.

use super::Lang;

catalogue! {
    /// A text of the published documents: (Chinese, English).
    DocMsg {
        // The cover block.
        Subtitle => ("评价结果公示", "Public notice of the results"),
        IssuedBy => ("发布单位：{}", "Issued by: {}"),
        DateLine => ("发布日期：{}", "Date: {}"),
        // Where round.toml names no office.
        TheOffice => ("评价工作办公室", "the evaluation office"),
        Synthetic => (
            "本文件所用数据为合成样例，仅供演示，不是官方结果。",
            "The data of this document are synthetic, for demonstration only; these are not official results."
        ),
        Summary => ("结果摘要", "Summary"),
        SummaryApplied => ("本轮共有 {} 个集群申报。", "{} clusters applied."),
        SummaryGated => ("{} 个未通过资格审查。", "{} did not pass the eligibility gates."),
        SummaryScreened => (
            "{} 个因数据不足未参评。",
            "{} were not scored for lack of data."
        ),
        SummaryFinal => (
            "{} 个进入最终评审，按最终得分择优确定入选 {} 个（名额 {} 个）。",
            "{} reached the final review; by final score, {} are selected (quota {})."
        ),
        SummaryTied => (
            "另有 {} 个集群在名额线上得分并列，由评价工作办公室按规定裁定。",
            "{} further clusters are tied at the quota line; the office decides between them as the rules provide."
        ),
        SummaryMidterm => (
            "本轮中期评估共评价 {} 个集群，评价等次为：{}。",
            "This mid-term evaluation assessed {} clusters; grades: {}."
        ),
        SummaryOutcomes => ("处理结果为：{}。", "Outcomes: {}."),
        SummaryRanking => (
            "本轮共评价 {} 个集群，按指标总分排名如下，最高 {} 分，最低 {} 分。",
            "{} clusters were evaluated and are ranked below by indicator total, from {} down to {} points."
        ),
        CountOf => ("{} {} 个", "{}: {}"),
        // The notice.
        Notice => ("公示", "Public notice"),
        NoticeBody => (
            "根据{}，{}组织开展了{}。现将评价结果予以公示。",
            "Under the indicator framework \"{}\", {} conducted the evaluation \"{}\". Its results are published below for public notice."
        ),
        NoticePeriod => (
            "公示期为 {} 日，自发布之日起计算。",
            "The notice period is {} days from the date of publication."
        ),
        NoticeObjection => (
            "如对公示结果有异议，请在公示期内以书面形式向{}反映，并提供必要的证明材料。",
            "Any objection to these results should be made in writing to {} within the notice period, with supporting evidence."
        ),
        NoticeContact => ("联系方式：{}", "Contact: {}"),
        // The method.
        Method => ("评价方法", "Method"),
        MethodBody => (
            "评价依据{}（版本 {}），满分 {} 分，各维度及分值如下。",
            "The evaluation follows the indicator framework \"{}\" (version {}), out of {} points, in the dimensions below."
        ),
        MethodStages => (
            "评审依次经过：{}；按最终得分排序确定结果。",
            "The review went through: {}; the results follow the final score."
        ),
        MethodQuota => ("入选名额 {} 个。", "The quota is {} places."),
        Gates => ("资格审查", "eligibility gates"),
        Dimension => ("维度", "Dimension"),
        Points => ("分值", "Points"),
        // The results.
        Decisions => ("评审结果", "Decisions"),
        DecisionsNote => (
            "按最终得分排序；未进入最终评审的集群列于其后。",
            "In order of final score; clusters that did not reach the final review follow."
        ),
        GradesHeading => ("评价等次与处理结果", "Grades and outcomes"),
        RankingHeading => ("指标得分排名", "Indicator score ranking"),
        Rank => ("排名", "Rank"),
        Id => ("编号", "ID"),
        Name => ("集群名称", "Cluster"),
        City => ("城市", "City"),
        FinalScore => ("最终得分", "Final score"),
        Total => ("指标总分", "Indicator total"),
        Result => ("结果", "Result"),
        Grade => ("等次", "Grade"),
        Outcome => ("处理结果", "Outcome"),
        // The statuses of decisions.csv and the outcomes of a mid-term.
        FailedGate => ("资格审查未通过", "failed the eligibility gates"),
        ScreenedOut => ("数据不足未评", "not scored: insufficient data"),
        NotShortlisted => ("未入围", "not shortlisted"),
        Shortlisted => ("入围", "shortlisted"),
        Selected => ("入选", "selected"),
        NotSelected => ("未入选", "not selected"),
        TiedAtQuota => ("名额边界并列待定", "tied at the quota line"),
        DependsOnTie => ("视并列裁定而定", "depends on the tie decision"),
        Evaluated => ("已评估", "evaluated"),
        Continue => ("继续培育", "continue"),
        Rectify => ("整改", "rectify"),
        Warning => ("警告并限期整改", "warning"),
        Exit => ("退出", "exit"),
        // The page.
        PageOf => ("第 {} 页 共 {} 页", "Page {} of {}"),
        Months => (
            "",
            "January February March April May June July August September October November December"
        ),
    }
}

impl DocMsg {
    pub fn text(self, lang: Lang) -> &'static str {
        super::unit::relabel(
            match lang {
                Lang::Zh => self.pair().0,
                Lang::En => self.pair().1,
            },
            lang,
        )
    }

    /// The text with each `{}` replaced by the next argument.
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        super::fill(self.text(lang), args)
    }

    /// The status of decisions.csv (`selected`...), or None for an id the
    /// catalogue does not know.
    pub fn status(id: &str) -> Option<DocMsg> {
        Some(match id {
            "failed_gate" => DocMsg::FailedGate,
            "screened_out" => DocMsg::ScreenedOut,
            "not_shortlisted" => DocMsg::NotShortlisted,
            "shortlisted" => DocMsg::Shortlisted,
            "selected" => DocMsg::Selected,
            "not_selected" => DocMsg::NotSelected,
            "tied_at_quota" => DocMsg::TiedAtQuota,
            "depends_on_tie" => DocMsg::DependsOnTie,
            "evaluated" => DocMsg::Evaluated,
            "continue" => DocMsg::Continue,
            "rectify" => DocMsg::Rectify,
            "warning" => DocMsg::Warning,
            "exit" => DocMsg::Exit,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_take_the_same_arguments() {
        for m in DocMsg::ALL {
            let (zh, en) = m.pair();
            assert!(!en.is_empty(), "{m:?}");
            if *m != DocMsg::Months {
                assert!(!zh.is_empty(), "{m:?}");
                assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{m:?}");
            }
            assert!(
                !en.chars().any(|c| c > '\u{2e7f}'),
                "{m:?}: Chinese in English"
            );
        }
        assert_eq!(DocMsg::Months.text(Lang::En).split(' ').count(), 12);
        assert_eq!(DocMsg::PageOf.fill(Lang::Zh, &[&2, &5]), "第 2 页 共 5 页");
        assert_eq!(DocMsg::status("not_selected"), Some(DocMsg::NotSelected));
        assert_eq!(DocMsg::status("other"), None);
    }

    #[test]
    fn the_embedded_font_has_every_character_of_the_catalogue() {
        let texts: Vec<(String, String)> = DocMsg::ALL
            .iter()
            .flat_map(|m| {
                let (zh, en) = m.pair();
                [
                    (format!("{m:?}"), zh.to_string()),
                    (format!("{m:?}"), en.to_string()),
                ]
            })
            .collect();
        let missing = crate::report::document::missing_glyphs(&texts);
        assert!(missing.is_empty(), "{missing:?}");
        // A hanzi outside GB 2312 (CJK extension B) is a located warning.
        let w = crate::report::document::missing_glyphs(&[(
            "cluster C01 name_zh".into(),
            "石家庄𠀀集群".into(),
        )]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.starts_with("cluster C01 name_zh") && w[0].message.contains("U+20000"),
            "{}",
            w[0].message
        );
    }
}
