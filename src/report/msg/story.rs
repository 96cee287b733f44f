//! The words of the story each kind of round tells: a competition leads
//! with its decisions and shows the indicator scores as a ranking of its
//! own; a mid-term evaluation leads with grades and outcomes; every
//! report states the same counts of clusters (entered, failed a gate,
//! screened out, scored).

catalogue! {
    /// A text of the story of a round: (Chinese, English).
    Story {
        IndicatorRanking => ("指标得分排序", "Indicator score ranking"),
        IndicatorRankingNote => (
            "按指标得分排序，不是评审名次；入选与否以上文评审结果为准。",
            "Ordered by the indicator score alone, not the decision rank: the decisions above say who is selected."
        ),
        IndicatorRank => ("指标得分名次", "Indicator score rank"),
        IndicatorScore => ("指标得分", "Indicator score"),
        DecisionRank => ("评审名次", "Decision rank"),
        GradesOutcomes => ("等次与处理", "Grades and outcomes"),
        Result => ("结果", "Result"),
        Entered => ("参评", "entered"),
        FailedGate => ("资格审查未通过", "failed a gate"),
        ScreenedOut => ("数据不足筛除", "screened out"),
        Scored => ("参与评分", "scored"),
        Decision => ("评审结果", "Decision"),
    }
}

impl Story {
    pub fn text(self, lang: super::Lang) -> &'static str {
        super::unit::relabel(
            match lang {
                super::Lang::Zh => self.pair().0,
                super::Lang::En => self.pair().1,
            },
            lang,
        )
    }

    /// (Chinese, English).
    pub const fn pair_texts(self) -> (&'static str, &'static str) {
        self.pair()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_texts() {
        for k in Story::ALL {
            let (zh, en) = k.pair();
            assert!(!zh.is_empty() && !en.is_empty(), "{k:?}");
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{k:?}"
            );
        }
    }
}
