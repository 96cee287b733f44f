//! The provenance of a value in the report's language: the scorer's typed
//! formula (`score::values::Formula`) and reason for a missing value
//! (`score::values::Missing`) in words. The arithmetic keeps its exact
//! numbers and operators in both languages; the words around it (which
//! target, a target met at baseline, an input that gave no value, a
//! quantity that makes the value undefined) come from this catalogue.
//! Fields are named by the caller's `name` (the field's name in the
//! report's language, its id when unnamed).

use super::trace::{self, Tr};
use super::Lang;
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

one_language!(Pv, own_tests);

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
        Missing::TargetMissing { input } => Pv::TargetMissing.fill(l, &[&missing(input, name, l)]),
        Missing::TargetNotPositive { value } => Pv::TargetNotPositive.fill(l, &[&num(*value)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Period;
    use crate::score::values::WeightedTerm;
    use Lang::{En, Zh};

    /// The names of two fields, as a framework gives them.
    fn name(l: Lang) -> impl Fn(&str) -> String {
        move |id: &str| match (id, l) {
            ("revenue", Zh) => "主导产业营业收入".to_string(),
            ("revenue", En) => "Leading-industry revenue".to_string(),
            ("patents", Zh) => "有效发明专利数".to_string(),
            ("patents", En) => "Valid invention patents".to_string(),
            (other, _) => other.to_string(),
        }
    }

    /// Each formula in Chinese and English: the arithmetic is the same,
    /// the words around it are the language's.
    #[test]
    fn every_formula_in_both_languages() {
        let cases = [
            (Formula::None, "", ""),
            (Formula::AsSubmitted { value: 848.0 }, "848", "848"),
            (
                Formula::Ratio {
                    numerator: 4619.0,
                    denominator: 919.79,
                },
                "4619 / 919.79",
                "4619 / 919.79",
            ),
            (
                Formula::WeightedCount {
                    terms: vec![
                        WeightedTerm {
                            multiplier: 1.0,
                            value: 3.0,
                        },
                        WeightedTerm {
                            multiplier: 3.0,
                            value: 2.0,
                        },
                    ],
                },
                "1 x 3 + 3 x 2",
                "1 x 3 + 3 x 2",
            ),
            (
                Formula::Growth {
                    baseline: 1234.5,
                    current: 1811.09,
                    years: 2.0,
                },
                "(((1811.09) / (1234.5))^(1/2) - 1) x 100",
                "(((1811.09) / (1234.5))^(1/2) - 1) x 100",
            ),
            (
                Formula::Achievement {
                    value: 919.79,
                    target: 1500.0,
                    fixed: false,
                    lower: false,
                },
                "919.79 / 1500 x 100（对比申报目标）",
                "919.79 / 1500 x 100 (declared target)",
            ),
            (
                Formula::Achievement {
                    value: 0.2,
                    target: 0.25,
                    fixed: false,
                    lower: true,
                },
                "0.25 / 0.2 x 100（对比申报目标，越低越好）",
                "0.25 / 0.2 x 100 (declared target, lower is better)",
            ),
            (
                Formula::Achievement {
                    value: 61.0,
                    target: 80.0,
                    fixed: true,
                    lower: false,
                },
                "61 / 80 x 100（对比固定目标 80）",
                "61 / 80 x 100 (fixed target 80)",
            ),
            (
                Formula::Achievement {
                    value: 61.0,
                    target: 80.0,
                    fixed: true,
                    lower: true,
                },
                "80 / 61 x 100（对比固定目标 80，越低越好）",
                "80 / 61 x 100 (fixed target 80, lower is better)",
            ),
            (
                Formula::Progress {
                    baseline: 100.0,
                    current: 130.0,
                    target: 200.0,
                    by: 2021,
                    cy: 2023,
                    ty: 2025,
                },
                "((130 - 100) / (200 - 100)) / ((2023-2021)/(2025-2021)) x 100",
                "((130 - 100) / (200 - 100)) / ((2023-2021)/(2025-2021)) x 100",
            ),
            (
                Formula::MetAtBaseline {
                    target: 80.0,
                    baseline: 85.0,
                    progress: 1.0,
                    current: 90.0,
                    by: 2021,
                    cy: 2023,
                    ty: 2025,
                },
                "目标 80 在基期 85 时已达到：p = 1（当期 90）；r = p / (2023-2021)/(2025-2021) x 100",
                "target 80 met at baseline 85: p = 1 (current 90); r = p / (2023-2021)/(2025-2021) x 100",
            ),
        ];
        for (f, zh, en) in cases {
            assert_eq!(formula(&f, Zh), zh, "{f:?}");
            assert_eq!(formula(&f, En), en, "{f:?}");
            // trace.csv's English text is the same words.
            assert_eq!(f.to_string(), en, "{f:?}");
        }
    }

    fn input(field: &str, period: Period, state: CellState) -> Missing {
        Missing::Input {
            field: field.to_string(),
            period,
            state,
        }
    }

    /// Each reason in Chinese and English, fields by their names; and the
    /// scorer's English text of trace.csv, fields by their ids.
    #[test]
    fn every_missing_reason_in_both_languages() {
        let no_data = || CellState::NoData {
            raw: "—".to_string(),
        };
        let cases = [
            (
                input("revenue", Period::Current, CellState::NotSubmitted),
                "主导产业营业收入（当期）：未填报",
                "Leading-industry revenue (current): not submitted",
                "revenue (current) not submitted",
            ),
            (
                input("revenue", Period::Baseline, CellState::Blank),
                "主导产业营业收入（基期）：填报为空",
                "Leading-industry revenue (baseline): submitted blank",
                "revenue (baseline) submitted blank",
            ),
            (
                input("patents", Period::Current, no_data()),
                "有效发明专利数（当期）：填报为“—”（无数据）",
                "Valid invention patents (current): submitted as “—” (no data)",
                "patents (current) submitted as \"—\" (no data)",
            ),
            (
                Missing::Inputs {
                    each: vec![
                        input("revenue", Period::Current, CellState::NotSubmitted),
                        input("patents", Period::Current, no_data()),
                    ],
                },
                "主导产业营业收入（当期）：未填报；有效发明专利数（当期）：填报为“—”（无数据）",
                "Leading-industry revenue (current): not submitted; Valid invention patents (current): submitted as “—” (no data)",
                "revenue (current) not submitted; patents (current) submitted as \"—\" (no data)",
            ),
            (
                Missing::ZeroDenominator {
                    field: "revenue".to_string(),
                },
                "主导产业营业收入为 0：比值无定义",
                "Leading-industry revenue is 0: the ratio is undefined",
                "revenue is 0: the ratio is undefined",
            ),
            (
                Missing::BaseNotPositive { value: 0.0 },
                "基期值 0 不为正：年均增速无定义",
                "baseline 0 is not positive: CAGR is undefined",
                "baseline 0 is not positive: CAGR is undefined",
            ),
            (
                Missing::CurrentNegative { value: -3.0 },
                "当期值 -3 为负：年均增速无定义",
                "current value -3 is negative: CAGR is undefined",
                "current value -3 is negative: CAGR is undefined",
            ),
            (
                Missing::TargetMissing {
                    input: Box::new(input("revenue", Period::Target, CellState::Blank)),
                },
                "缺少申报目标：主导产业营业收入（目标）：填报为空",
                "declared target missing: Leading-industry revenue (target): submitted blank",
                "declared target missing: revenue (target) submitted blank",
            ),
            (
                Missing::TargetNotPositive { value: 0.0 },
                "目标 0 不为正：目标完成度无定义",
                "target 0 is not positive: achievement is undefined",
                "target 0 is not positive: achievement is undefined",
            ),
        ];
        for (m, zh, en, csv) in cases {
            assert_eq!(missing(&m, &name(Zh), Zh), zh, "{m:?}");
            assert_eq!(missing(&m, &name(En), En), en, "{m:?}");
            assert_eq!(m.to_string(), csv, "{m:?}");
        }
    }
}
