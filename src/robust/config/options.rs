//! The options of the normalisation and imputation factors of the
//! robustness analysis (`options = [...]` of `choice = "normalisation"` and
//! `choice = "imputation"`): their names, the rule or missing-value policy
//! each puts in place of the declared one, and the warning when a declared
//! normalisation cannot change an indicator.

use super::{Config, Factor};
use crate::diag::Diagnostic;
use crate::framework::Framework;

/// How relative indicators are normalised in a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalisation {
    /// As the framework says.
    Declared,
    MinMax,
    ZScore,
    /// Percentile rank, ties at their mid rank.
    Rank,
    /// COINr's ranks, ties at the lowest rank: `rank_min`, `borda` and
    /// `prank` all give the fraction (rank − 1) / (n − 1).
    RankMin,
    Borda,
    PRank,
}

impl Normalisation {
    /// Every option, as `options = [...]` names it.
    pub const ALL: [Normalisation; 7] = [
        Normalisation::Declared,
        Normalisation::MinMax,
        Normalisation::ZScore,
        Normalisation::Rank,
        Normalisation::RankMin,
        Normalisation::Borda,
        Normalisation::PRank,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Normalisation::Declared => "declared",
            Normalisation::MinMax => "minmax",
            Normalisation::ZScore => "zscore",
            Normalisation::Rank => "rank",
            Normalisation::RankMin => "rank_min",
            Normalisation::Borda => "borda",
            Normalisation::PRank => "prank",
        }
    }

    /// The rule a relative indicator takes under this option (None: its
    /// declared rule). The rules with per-indicator parameters (scaled,
    /// dist2ref, dist2targ, goalpost) are not options.
    pub fn rule(self) -> Option<crate::framework::Rule> {
        use crate::framework::{Rule, ZMap};
        match self {
            Normalisation::Declared => None,
            Normalisation::MinMax => Some(Rule::MinMax { lo: 0.0, hi: 100.0 }),
            Normalisation::ZScore => Some(Rule::ZScore {
                map: ZMap::NormalCdf,
            }),
            Normalisation::Rank => Some(Rule::Rank),
            Normalisation::RankMin => Some(Rule::RankMin),
            Normalisation::Borda => Some(Rule::Borda),
            Normalisation::PRank => Some(Rule::PRank),
        }
    }
}

/// A normalisation factor replaces the rule of the relative indicators
/// only (min-max, z-score, the ranks, the distances): the others (goalpost,
/// target, progress, bands, expert) score the same in every replication.
/// A warning names them (a factor that can change nothing at all is
/// `robust::effect`'s warning).
pub fn normalisation_no_effect(config: &Config, fw: &Framework, file: &str) -> Option<Diagnostic> {
    let (at, options) = config
        .factors
        .iter()
        .enumerate()
        .find_map(|(at, f)| match f {
            Factor::Normalisation(o) => Some((at, o)),
            _ => None,
        })?;
    if options.iter().all(|o| *o == Normalisation::Declared) {
        return None;
    }
    let fixed: Vec<String> = fw
        .indicators
        .iter()
        .filter(|i| !i.rule.is_relative())
        .map(|i| format!("{} ({})", i.id, i.rule.name()))
        .collect();
    // The factor that can change nothing at all is `robust::effect`'s
    // warning; here, the indicators it leaves alone when it changes some.
    if fixed.is_empty() || fixed.len() == fw.indicators.len() {
        return None;
    }
    let ids: Vec<&str> = fw
        .indicators
        .iter()
        .filter(|i| !i.rule.is_relative())
        .map(|i| i.id.as_str())
        .collect();
    let message = format!(
        "the normalisation is declared uncertain, but it changes only the indicators with a relative rule; these keep their own rule in every replication: {}",
        fixed.join(", ")
    );
    let zh = format!(
        "标准化方法被声明为不确定，但它只改变相对评分规则的指标；以下指标在每次模拟中都保持自身的评分规则：{}",
        ids.join("、")
    );
    Some(
        Diagnostic::warning(file, message)
            .zh(zh)
            .column(format!("robustness.uncertain[{}]", at + 1)),
    )
}

/// How missing values are imputed in a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imputation {
    Declared,
    Zero,
    NoPoints,
    CohortMean,
    CohortMedian,
    /// The mean, or the median, of the group each indicator's declared
    /// policy groups by (every indicator must declare a group policy).
    GroupMean,
    GroupMedian,
    /// Each indicator's unit mean position on its siblings (row_mean).
    RowMean,
}

impl Imputation {
    /// Every option, as `options = [...]` names it.
    pub const ALL: [Imputation; 8] = [
        Imputation::Declared,
        Imputation::Zero,
        Imputation::NoPoints,
        Imputation::CohortMean,
        Imputation::CohortMedian,
        Imputation::GroupMean,
        Imputation::GroupMedian,
        Imputation::RowMean,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Imputation::Declared => "declared",
            Imputation::Zero => "zero",
            Imputation::NoPoints => "no_points",
            Imputation::CohortMean => "cohort_mean",
            Imputation::CohortMedian => "cohort_median",
            Imputation::GroupMean => "group_mean",
            Imputation::GroupMedian => "group_median",
            Imputation::RowMean => "row_mean",
        }
    }

    /// The policy an indicator declared `declared` takes under this option
    /// (None: the declared one).
    pub fn policy(
        self,
        declared: &crate::framework::MissingPolicy,
    ) -> Option<crate::framework::MissingPolicy> {
        use crate::framework::MissingPolicy as P;
        let group = || declared.group().map(str::to_string);
        match self {
            Imputation::Declared => None,
            Imputation::Zero => Some(P::Zero),
            Imputation::NoPoints => Some(P::NoPoints),
            Imputation::CohortMean => Some(P::CohortMean),
            Imputation::CohortMedian => Some(P::CohortMedian),
            Imputation::GroupMean => group().map(|group| P::GroupMean { group }),
            Imputation::GroupMedian => group().map(|group| P::GroupMedian { group }),
            Imputation::RowMean => Some(P::RowMean),
        }
    }
}
