//! Dynamic-management history from earlier rounds' outputs
//! (`round.earlier`, read by `ingest::earlier`): each earlier round's
//! graded clusters become `HistoryEntry`s exactly as history.csv rows
//! would (grade, outcome, year = that round's data year). A cluster of an
//! earlier round that is not in this round's registry has left: it has no
//! history here. When history.csv is given too, the outputs win: a
//! history.csv row of a year an earlier output covers is dropped with a
//! warning.

use super::history::parse_outcome;
use super::{HistoryEntry, Located};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::Round;

/// The history entries of `round.earlier`; an unknown grade or outcome is
/// a located error at decisions.csv.
pub(super) fn history_of(round: &Round, diags: &mut Diagnostics) -> Vec<HistoryEntry> {
    let fw = &round.framework;
    let mut out = Vec::new();
    for e in &round.earlier {
        for c in &e.clusters {
            let (Some(g), Some(cluster)) = (&c.grade, round.registry.index_of(&c.id)) else {
                continue;
            };
            let Some(grade) = fw.grades.iter().position(|x| &x.id == g) else {
                let known: Vec<&str> = fw.grades.iter().map(|x| x.id.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        &e.decisions,
                        format!(
                            "the earlier round's grade is not a grade of this framework ({})",
                            known.join(", ")
                        ),
                    )
                    .zh(format!(
                        "上轮的等次不是本指标体系的等次（{}）",
                        known.join("、")
                    ))
                    .row(c.row)
                    .column("grade")
                    .value(g.clone()),
                );
                continue;
            };
            let outcome = match &c.outcome {
                None => None,
                Some(o) => match parse_outcome(o) {
                    Some(p) => Some(p.to_string()),
                    None => {
                        diags.push(
                            Diagnostic::error(
                                &e.decisions,
                                "unknown outcome; expected continue, rectify, warning or exit",
                            )
                            .zh("未知的处理结果；应为 continue、rectify、warning 或 exit")
                            .row(c.row)
                            .column("outcome")
                            .value(o.clone()),
                        );
                        continue;
                    }
                },
            };
            out.push(HistoryEntry {
                cluster,
                year: e.year,
                grade,
                outcome,
                at: Located {
                    file: e.decisions.clone(),
                    row: c.row,
                },
            });
        }
    }
    out
}

/// history.csv's entries and the outputs' together: a history.csv row of a
/// year an earlier output covers is dropped; when it disagrees with the
/// output (another grade or outcome, or a cluster the output did not
/// grade) with a warning per row, else with one note for them all.
pub(super) fn merge(
    round: &Round,
    from_outputs: Vec<HistoryEntry>,
    by_hand: Vec<HistoryEntry>,
    diags: &mut Diagnostics,
) -> Vec<HistoryEntry> {
    let mut agreeing: Vec<(String, usize)> = Vec::new();
    let mut kept = Vec::new();
    for h in by_hand {
        let Some(e) = round.earlier.iter().find(|e| e.year == h.year) else {
            kept.push(h);
            continue;
        };
        let same = from_outputs.iter().any(|o| {
            o.year == h.year
                && o.cluster == h.cluster
                && o.grade == h.grade
                && o.outcome == h.outcome
        });
        if same {
            agreeing.push((h.at.file.clone(), h.at.row));
            continue;
        }
        diags.push(
            Diagnostic::warning(
                &h.at.file,
                format!(
                    "{} is covered by the earlier output {} (data year {}), which records another grade or outcome for this cluster: this row is ignored, the output is used",
                    h.year, e.folder, e.year
                ),
            )
            .zh(format!(
                "{} 年已由上轮输出 {}（数据年份 {}）提供，且其中该集群的等次或处理结果与本行不同：本行不予采用，以输出为准",
                h.year, e.folder, e.year
            ))
            .row(h.at.row)
            .column("year")
            .value(h.year.to_string()),
        );
    }
    if let Some((file, _)) = agreeing.first() {
        let rows: Vec<usize> = agreeing.iter().map(|a| a.1).collect();
        let shown: Vec<String> = rows.iter().map(usize::to_string).collect();
        let shown = shown.join(", ");
        diags.push(
            Diagnostic::note(
                file,
                format!(
                    "{} row(s) ({shown}) agree with the earlier outputs named in [history] and are not used (the outputs are)",
                    rows.len()
                ),
            )
            .zh(format!(
                "{} 行（{shown}）与 [history] 指定的上轮输出一致，不再重复采用（以输出为准）",
                rows.len()
            )),
        );
    }
    let mut out = from_outputs;
    out.extend(kept);
    out
}
