//! The words of the closing round of the reports (issue 16): the separator
//! of a list of counts, and the result line of a cluster that left a
//! competition before its last stage (its score is the score of the stage
//! it was ranked in, labelled so, and it has no final score).

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    Fin {
        ListSeparator => ("，", ", "),
        DecisionAtStage => (
            "{0}，评审名次 {1}，{2}得分 {3}（未进入{4}环节，无最终得分）",
            "{0}, decision rank {1}, {2} score {3} (did not reach the {4} stage: no final score)"
        ),
        StageRank => (
            "  {0}得分 {1}，评审名次 {2}（未进入{3}环节，无最终得分）",
            "  {0} score {1}, decision rank {2} (did not reach the {3} stage: no final score)"
        ),
    }
}

one_language!(Fin);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::msg::Lang;

    #[test]
    fn every_key_has_both_texts_with_the_same_arguments() {
        for k in Fin::ALL {
            let (zh, en) = k.pair();
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{k:?}");
            for n in 0..5 {
                let p = format!("{{{n}}}");
                assert_eq!(zh.contains(&p), en.contains(&p), "{k:?} {p}");
            }
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{k:?}: {zh}");
            assert!(en.is_ascii(), "{k:?}: {en}");
        }
    }

    #[test]
    fn a_stage_score_is_labelled_with_its_stage() {
        let args: [&dyn std::fmt::Display; 5] = [&"未入围", &19, &"初审", &"62.32", &"答辩"];
        assert_eq!(
            Fin::DecisionAtStage.fill(Lang::Zh, &args),
            "未入围，评审名次 19，初审得分 62.32（未进入答辩环节，无最终得分）"
        );
    }
}
