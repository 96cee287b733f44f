//! The words of `compare --framework A --framework B ROUND` (issue 18):
//! the two versions of an index compared unit by unit, the summary of the
//! rank changes, the units scored under one version only, and the column
//! headers of compare_frameworks.csv, one language at a time (headers:
//! both, "中文 english").

catalogue! {
    /// A word or line: (Chinese, English); `{N}` takes argument N.
    VersionWords {
        Title => ("指标体系版本比较：{0}", "Two versions of the index compared: {0}"),
        VersionA => ("版本甲：{0}（{1} 个单位参与排名）", "Version A: {0} ({1} units ranked)"),
        VersionB => ("版本乙：{0}（{1} 个单位参与排名）", "Version B: {0} ({1} units ranked)"),
        Header => ("单位 | 甲得分 | 乙得分 | 得分差（乙减甲） | 甲排名 | 乙排名 | 排名变化（甲减乙）", "unit | score A | score B | difference (B - A) | rank A | rank B | rank change (A - B)"),
        MeanChange => ("平均绝对排名变化：{0}（{1} 个两版均参与排名的单位）", "Mean absolute rank change: {0} (over {1} units ranked under both)"),
        MaxChange => ("最大绝对排名变化：{0}", "Largest absolute rank change: {0}"),
        MostMoved => ("变化最大的单位：{0}", "Units that move most: {0}"),
        OnlyA => ("仅在版本甲中参与排名（版本乙中未评分或被筛除）：{0}", "Ranked under version A only (not scored or screened out under B): {0}"),
        OnlyB => ("仅在版本乙中参与排名（版本甲中未评分或被筛除）：{0}", "Ranked under version B only (not scored or screened out under A): {0}"),
        NoneWord => ("无", "none"),
        Missing => ("未参与排名", "not ranked"),
        Written => ("已写入 {0}", "Written: {0}"),
    }
}

catalogue! {
    /// Column headers of compare_frameworks.csv: (Chinese, English).
    VersionCol {
        Unit => ("单位编号", "unit_id"),
        NameZh => ("单位名称", "name_zh"),
        NameEn => ("英文名称", "name_en"),
        ScoreA => ("甲得分", "score_a"),
        ScoreB => ("乙得分", "score_b"),
        Difference => ("得分差", "score_difference"),
        AbsDifference => ("得分差绝对值", "abs_score_difference"),
        RankA => ("甲排名", "rank_a"),
        RankB => ("乙排名", "rank_b"),
        RankChange => ("排名变化", "rank_change"),
        AbsRankChange => ("排名变化绝对值", "abs_rank_change"),
        Presence => ("参与情况", "presence"),
    }
}

one_language!(VersionWords, own_tests);

impl VersionCol {
    /// "中文 english".
    pub fn header(self) -> String {
        let (zh, en) = self.pair();
        format!("{zh} {en}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text without its placeholders `{0}` … `{9}`.
    fn words(s: &str) -> String {
        (0..10).fold(s.to_string(), |s, n| s.replace(&format!("{{{n}}}"), ""))
    }

    #[test]
    fn chinese_has_no_latin_words_and_english_no_chinese() {
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        for k in VersionWords::ALL {
            let (zh, en) = k.pair();
            assert!(!en.chars().any(han), "{k:?}: {en}");
            assert!(
                !words(zh).chars().any(|c| c.is_ascii_alphabetic()),
                "{k:?}: {zh}"
            );
            for n in 0..10 {
                let p = format!("{{{n}}}");
                assert_eq!(zh.contains(&p), en.contains(&p), "{k:?} {p}");
            }
        }
        for k in VersionCol::ALL {
            let (zh, en) = k.pair();
            assert!(!en.chars().any(han) && !zh.chars().any(|c| c.is_ascii_alphabetic()));
        }
    }
}
