//! The dynamic-management rules of `[process.outcomes]`: the outcome of
//! each framework grade (by default the lowest `warning`, the one above
//! `rectify`, the others `continue`), the outcomes a fail may not follow,
//! and a mid-term round's need for grades.

use super::Problems;
use crate::framework::Framework;
use crate::process::spec::{Kind, ProcessSpec};

/// The outcomes dynamic management knows.
pub const OUTCOMES: &[&str] = &["continue", "rectify", "warning", "exit"];

/// The outcome of each framework grade, by grade index.
pub(super) fn resolve(spec: &ProcessSpec, fw: &Framework, problems: &mut Problems) -> Vec<String> {
    let outcomes = &spec.outcomes;
    let ng = fw.grades.len();
    let mut grade_outcomes: Vec<String> = (0..ng)
        .map(|g| match ng - g {
            1 => "warning".to_string(),
            2 => "rectify".to_string(),
            _ => "continue".to_string(),
        })
        .collect();
    let expected = || format!("expected one of {}", OUTCOMES.join(", "));
    for (grade, outcome) in &outcomes.by_grade {
        let path = format!("process.outcomes.by_grade.{grade}");
        match fw.grades.iter().position(|g| &g.id == grade) {
            Some(g) => grade_outcomes[g] = outcome.clone(),
            None => problems.error(path.clone(), grade.clone(), "not a grade of the framework"),
        }
        if !OUTCOMES.contains(&outcome.as_str()) {
            problems.error(path, outcome.clone(), expected());
        }
    }
    for o in &outcomes.exit_after {
        if !OUTCOMES.contains(&o.as_str()) {
            problems.error("process.outcomes.exit_after", o.clone(), expected());
        }
    }
    if outcomes.consecutive_fails == 0 {
        problems.error(
            "process.outcomes.consecutive_fails",
            "0",
            "expected at least 1",
        );
    }
    if spec.kind == Kind::Midterm && fw.grades.is_empty() {
        problems.error(
            "process.kind",
            "midterm",
            "a mid-term round needs grades in the framework",
        );
    }
    grade_outcomes
}
