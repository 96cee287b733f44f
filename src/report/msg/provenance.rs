//! The provenance of a value in the report's language: the scorer's typed
//! formula (`score::values::Formula`) and reason for a missing value
//! (`score::values::Missing`) in words. The arithmetic keeps its exact
//! numbers and operators in both languages; the words around it (which
//! target, a target met at baseline, an input that gave no value, a
//! quantity that makes the value undefined) come from this catalogue.
//! Fields are named by the caller's `name` (the field's name in the
//! report's language, its id when unnamed).

use super::trace::{self, Tr};
use super::{fill, Lang};
use crate::score::values::{num, CellState, Formula, Missing};

catalogue! {
    /// A word of a value's provenance: (Chinese, English).
    Pv {
        // A target already met at baseline: target, baseline, progress,
        // current value, the schedule ratio.
        MetAtBaseline => ("目标 {0} 在基期 {1} 时已达到：p = {2}（当期 {3}）；{4}", "target {0} met at baseline {1}: p = {2} (current {3}); {4}"),
        // Several reasons.
        And => ("；", "; "),
        // The denominator field is 0.
        ZeroDenominator => ("{}为 0：比值无定义", "{} is 0: the ratio is undefined"),
        BaseNotPositive => ("基期值 {} 不为正：年均增速无定义", "baseline {} is not positive: CAGR is undefined"),
        CurrentNegative => ("当期值 {} 为负：年均增速无定义", "current value {} is negative: CAGR is undefined"),
        TargetMissing => ("缺少申报目标：{}", "declared target missing: {}"),
        TargetNotPositive => ("目标 {} 不为正：目标完成度无定义", "target {} is not positive: achievement is undefined"),
    }
}

impl Pv {
    pub const fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.pair().0,
            Lang::En => self.pair().1,
        }
    }

    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        fill(self.text(lang), args)
    }
}

/// A value's formula in words: the arithmetic as computed, with the
/// target it is measured against ("919.79 / 1200 x 100（对比申报目标）").
pub fn formula(f: &Formula, l: Lang) -> String {
    match f {
        Formula::Achievement {
            target,
            fixed,
            lower,
            ..
        } => {
            let label = match (fixed, lower) {
                (false, false) => Tr::DeclaredTarget.text(l).to_string(),
                (false, true) => Tr::DeclaredTargetLower.text(l).to_string(),
                (true, false) => Tr::FixedTarget.fill(l, &[&num(*target)]),
                (true, true) => Tr::FixedTargetLower.fill(l, &[&num(*target)]),
            };
            format!("{}{label}", f.arithmetic())
        }
        Formula::MetAtBaseline {
            target,
            baseline,
            progress,
            current,
            ..
        } => Pv::MetAtBaseline.fill(
            l,
            &[
                &num(*target),
                &num(*baseline),
                &num(*progress),
                &num(*current),
                &f.arithmetic(),
            ],
        ),
        _ => f.arithmetic(),
    }
}

/// The state of a cell that gave no value, in words.
pub fn cell_state(s: &CellState, l: Lang) -> String {
    match s {
        CellState::NotSubmitted => Tr::NotSubmitted.text(l).to_string(),
        CellState::Blank => Tr::SubmittedBlank.text(l).to_string(),
        CellState::NoData { raw } => Tr::NoData.fill(l, &[&raw.trim()]),
    }
}

/// Why a value is missing, in words ("出口交货值（当期）：未填报"), each
/// field by `name` (its id to its name in the report's language).
pub fn missing(m: &Missing, name: &dyn Fn(&str) -> String, l: Lang) -> String {
    match m {
        Missing::Input {
            field,
            period,
            state,
        } => Tr::InputMissing.fill(
            l,
            &[
                &name(field),
                &trace::period(period.as_str(), l),
                &cell_state(state, l),
            ],
        ),
        Missing::Inputs { each } => each
            .iter()
            .map(|m| missing(m, name, l))
            .collect::<Vec<_>>()
            .join(Pv::And.text(l)),
        Missing::ZeroDenominator { field } => Pv::ZeroDenominator.fill(l, &[&name(field)]),
        Missing::BaseNotPositive { value } => Pv::BaseNotPositive.fill(l, &[&num(*value)]),
        Missing::CurrentNegative { value } => Pv::CurrentNegative.fill(l, &[&num(*value)]),
        Missing::TargetMissing { input } => {
            Pv::TargetMissing.fill(l, &[&missing(input, name, l)])
        }
        Missing::TargetNotPositive { value } => Pv::TargetNotPositive.fill(l, &[&num(*value)]),
    }
}
