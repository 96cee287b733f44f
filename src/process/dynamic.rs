//! Grades and dynamic management (动态管理) for mid-term rounds.
//!
//! The grade of a cluster follows the framework's cut-offs on its final
//! score; an optional cap on the top grade's share keeps only the best
//! `floor(share x graded)` in the top grade (a tie straddling the cap keeps
//! all tied clusters in it, and says so); the others drop one grade. The
//! outcome follows the process's rules: each grade has an outcome
//! (continue, rectify, warning), and a cluster exits (退出) when it fails
//! `consecutive_fails` rounds in a row (this one included), when it fails
//! right after an outcome listed in `exit_after` (a fail after
//! rectification), or at once when flags.csv carries an exit flag (fraud, a
//! major incident, an unreported change).

use super::inputs::{Flag, HistoryEntry, ProcessInputs};
use super::{Decision, Named, Process, Reason, Status};
use crate::framework::{round_to, Framework};
use crate::ingest::Round;

/// Added to `share x graded` before rounding down, so that a product that
/// floating point puts a hair below a whole number (0.29 x 100 =
/// 28.999999999999996) is that number.
const CAP_TOLERANCE: f64 = 1e-9;

/// Grades, the top-grade cap and dynamic-management outcomes of the
/// clusters that reached the last stage.
pub(super) fn grade(
    process: &Process,
    round: &Round,
    inputs: &ProcessInputs,
    members: &[usize],
    decisions: &mut [Decision],
) {
    let fw = &round.framework;
    let ranked: Vec<(usize, Option<usize>)> = members
        .iter()
        .map(|&c| {
            let d = &decisions[c];
            let g = d.final_score.and_then(|s| {
                fw.grades
                    .iter()
                    .position(|g| round_to(s, process.decimals) >= g.min)
            });
            (d.rank.unwrap_or(usize::MAX), g)
        })
        .collect();
    let capped = cap_top_grade(process.top_grade_share, &ranked, fw);
    for (&c, (g, note)) in members.iter().zip(capped) {
        let history: Vec<_> = inputs.history.iter().filter(|h| h.cluster == c).collect();
        let flags: Vec<_> = inputs.flags.iter().filter(|f| f.cluster == c).collect();
        let (o, why) = outcome(process, fw, g, round.spec.current_year, &history, &flags);
        let d = &mut decisions[c];
        d.status = Status::Evaluated;
        d.grade = g;
        d.grade_note = note;
        d.outcome = o;
        d.outcome_reason = why;
    }
}

/// An exit flag means exit for every flagged cluster, graded or not.
pub(super) fn apply_flags(
    process: &Process,
    round: &Round,
    inputs: &ProcessInputs,
    decisions: &mut [Decision],
) {
    for f in &inputs.flags {
        if decisions[f.cluster].outcome.as_deref() != Some("exit") {
            let (o, why) = outcome(
                process,
                &round.framework,
                None,
                round.spec.current_year,
                &[],
                &[f],
            );
            decisions[f.cluster].outcome = o;
            decisions[f.cluster].outcome_reason = why;
        }
    }
}

/// Why a grade differs from its cut-off, or was kept against the cap.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum GradeNote {
    /// Tied at the cap of `cap` (`share` of `of` graded) on `grade`: every
    /// tied cluster keeps it.
    TiedAtCap {
        grade: Named,
        cap: usize,
        share: f64,
        of: usize,
    },
    /// `grade` is capped at `cap` of `of` (`share`): rank `rank` drops to
    /// `to`.
    Capped {
        grade: Named,
        cap: usize,
        share: f64,
        of: usize,
        rank: usize,
        to: Named,
    },
}

/// The capped grades of ranked clusters. `ranked` holds (rank, grade) of
/// each graded cluster; returns the new grade and a note per cluster.
pub fn cap_top_grade(
    share: Option<f64>,
    ranked: &[(usize, Option<usize>)],
    fw: &Framework,
) -> Vec<(Option<usize>, Option<GradeNote>)> {
    let mut out: Vec<(Option<usize>, Option<GradeNote>)> =
        ranked.iter().map(|&(_, g)| (g, None)).collect();
    let Some(share) = share else {
        return out;
    };
    if fw.grades.len() < 2 {
        return out;
    }
    let n = ranked.len();
    let cap = (share * n as f64 + CAP_TOLERANCE).floor() as usize;
    let mut top: Vec<usize> = (0..n).filter(|&i| ranked[i].1 == Some(0)).collect();
    top.sort_by_key(|&i| ranked[i].0);
    let name = |g: usize| {
        let x = &fw.grades[g];
        Named::new(&x.id, &x.name_zh, &x.name_en)
    };
    let next = 1;
    let mut kept = 0;
    let mut i = 0;
    while i < top.len() {
        let rank = ranked[top[i]].0;
        let group: Vec<usize> = top[i..]
            .iter()
            .copied()
            .take_while(|&x| ranked[x].0 == rank)
            .collect();
        if kept + group.len() <= cap {
            kept += group.len();
        } else if kept < cap {
            for &x in &group {
                out[x].1 = Some(GradeNote::TiedAtCap {
                    grade: name(0),
                    cap,
                    share,
                    of: n,
                });
            }
            kept += group.len();
        } else {
            for &x in &group {
                out[x] = (
                    Some(next),
                    Some(GradeNote::Capped {
                        grade: name(0),
                        cap,
                        share,
                        of: n,
                        rank,
                        to: name(next),
                    }),
                );
            }
        }
        i += group.len();
    }
    out
}

/// The outcome of one cluster and why.
pub fn outcome(
    process: &Process,
    fw: &Framework,
    grade: Option<usize>,
    current_year: i32,
    history: &[&HistoryEntry],
    flags: &[&Flag],
) -> (Option<String>, Option<Reason>) {
    if !flags.is_empty() {
        let flags = flags
            .iter()
            .map(|f| (f.flag.clone(), f.note.clone()))
            .collect();
        return (Some("exit".into()), Some(Reason::ImmediateExit { flags }));
    }
    let Some(g) = grade else {
        return (None, None);
    };
    let fail = fw.grades.len() - 1;
    let name = |g: usize| {
        let x = &fw.grades[g];
        Named::new(&x.id, &x.name_zh, &x.name_en)
    };
    let mut past: Vec<&&HistoryEntry> = history.iter().collect();
    past.sort_by_key(|h| std::cmp::Reverse(h.year));
    if g == fail {
        let run: Vec<i32> = past
            .iter()
            .take_while(|h| h.grade == fail)
            .map(|h| h.year)
            .collect();
        let consecutive = 1 + run.len();
        if consecutive >= process.outcomes.consecutive_fails {
            let mut years: Vec<i32> = run.iter().rev().copied().collect();
            years.push(current_year);
            return (
                Some("exit".into()),
                Some(Reason::FailsInRow {
                    count: consecutive,
                    grade: name(fail),
                    years,
                }),
            );
        }
        if let Some(last) = past.first() {
            if let Some(o) = &last.outcome {
                if process.outcomes.exit_after.contains(o) {
                    return (
                        Some("exit".into()),
                        Some(Reason::FailAfter {
                            grade: name(fail),
                            outcome: o.clone(),
                            year: last.year,
                        }),
                    );
                }
            }
        }
    }
    let o = process.grade_outcomes[g].clone();
    let why = Reason::Graded {
        grade: name(g),
        last: past.first().map(|last| (last.year, name(last.grade))),
    };
    (Some(o), Some(why))
}
