//! `history.csv` (earlier rounds' grades and outcomes, for the
//! dynamic-management rules) and `flags.csv` (current-round flags that
//! mean exit at once), with the outcome and flag words in either language.

use super::columns::{cell_error, cluster_of, data_rows, Col, Columns, FLAGS_CSV, HISTORY_CSV};
use super::{Flag, HistoryEntry, Located};
use crate::diag::Diagnostics;
use crate::framework::Framework;
use crate::ingest::ids::IdColumn;
use crate::ingest::table::{Row, Table};
use crate::ingest::Registry;
use crate::process::{Process, OUTCOMES};

/// Outcome words in either language.
const OUTCOME_WORDS: &[(&str, &[&str])] = &[
    ("continue", &["continue", "继续", "继续培育"]),
    ("rectify", &["rectify", "整改", "限期整改清单", "整改清单"]),
    ("warning", &["warning", "警告", "警告并限期整改"]),
    ("exit", &["exit", "退出", "摘牌"]),
];

/// Flag words in Chinese for the exit flags.
const FLAG_WORDS: &[(&str, &[&str])] = &[
    ("fraud", &["数据造假", "弄虚作假", "造假"]),
    (
        "major_incident",
        &["重大事故", "重大安全事故", "重大安全、质量、环保事故"],
    ),
    (
        "unreported_change",
        &["擅自变更", "未报告变更", "擅自变更主导产业、区域或运营主体"],
    ),
];

/// Outcome words in either language.
pub fn parse_outcome(s: &str) -> Option<&'static str> {
    let s = s.trim().to_lowercase();
    OUTCOME_WORDS
        .iter()
        .find(|(_, words)| words.contains(&s.as_str()))
        .map(|(o, _)| *o)
        .filter(|o| OUTCOMES.contains(o))
}

/// Flag words in either language, among the flags the process knows.
fn parse_flag(s: &str, known: &[String]) -> Option<String> {
    let s = s.trim();
    let alias = FLAG_WORDS
        .iter()
        .find(|(_, words)| words.contains(&s))
        .map_or(s, |(flag, _)| *flag);
    known.iter().find(|k| k.as_str() == alias).cloned()
}

/// Read history.csv: earlier grades, before `current_year`.
pub(super) fn read_history(
    table: &Table,
    fw: &Framework,
    registry: &Registry,
    current_year: i32,
    diags: &mut Diagnostics,
) -> Vec<HistoryEntry> {
    let Some(cols) = Columns::locate(table, HISTORY_CSV, diags) else {
        return vec![];
    };
    let (cc, yc) = (cols.get(Col::Cluster), cols.get(Col::Year));
    let mut ids = IdColumn::new(registry, &table.file, &table.headers[cc]).unknown_is_warning(
        "cluster not in this round's registry; its history is ignored",
        "集群不在本轮的集群名录中；其历史数据不予采用",
    );
    let mut out: Vec<HistoryEntry> = Vec::new();
    for row in data_rows(table, diags) {
        let cluster = cluster_of(table, row, cc, &mut ids, diags);
        let year = year_of(table, row, yc, current_year, diags);
        let grade = grade_of(table, row, cols.get(Col::Grade), fw, diags);
        let outcome = outcome_of(table, row, cols.optional(Col::Outcome), diags);
        let (Some(cluster), Some(year), Some(grade), Some(outcome)) =
            (cluster, year, grade, outcome)
        else {
            continue;
        };
        if let Some(first) = out.iter().find(|h| h.cluster == cluster && h.year == year) {
            diags.push(cell_error(
                table,
                row,
                yc,
                format!(
                    "duplicate history entry for cluster {} in {year} (first in row {})",
                    registry.clusters[cluster].id, first.at.row
                ),
            ));
            continue;
        }
        out.push(HistoryEntry {
            cluster,
            year,
            grade,
            outcome,
            at: Located::at(table, row),
        });
    }
    ids.finish(diags);
    out
}

/// The year in column `col`: before the current year.
fn year_of(
    table: &Table,
    row: &Row,
    col: usize,
    current_year: i32,
    diags: &mut Diagnostics,
) -> Option<i32> {
    // A year, or a date (a cell formatted as a date): its year.
    let problem = match crate::ingest::number::read_year(table.cell(row, col)) {
        Some(y) if y.year < current_year => return Some(y.year),
        Some(_) => format!(
            "a history year is the data year (current_year) of the earlier round, so it must be before this round's current_year {current_year}"
        ),
        None => "expected a year such as 2023".into(),
    };
    diags.push(cell_error(table, row, col, problem));
    None
}

/// The framework grade in column `col`: its id, Chinese or English name.
fn grade_of(
    table: &Table,
    row: &Row,
    col: usize,
    fw: &Framework,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let g = table.cell(row, col).trim();
    let grade = fw
        .grades
        .iter()
        .position(|x| x.id == g || x.name_zh == g || x.name_en.eq_ignore_ascii_case(g));
    if grade.is_none() {
        let names: Vec<String> = fw
            .grades
            .iter()
            .map(|x| format!("{} ({})", x.id, x.name_zh))
            .collect();
        diags.push(cell_error(
            table,
            row,
            col,
            format!("unknown grade; expected one of {}", names.join(", ")),
        ));
    }
    grade
}

/// The outcome in column `col`: Some(None) when there is none to read.
fn outcome_of(
    table: &Table,
    row: &Row,
    col: Option<usize>,
    diags: &mut Diagnostics,
) -> Option<Option<String>> {
    let Some(c) = col else {
        return Some(None);
    };
    let o = table.cell(row, c).trim();
    if o.is_empty() {
        return Some(None);
    }
    match parse_outcome(o) {
        Some(p) => Some(Some(p.to_string())),
        None => {
            diags.push(cell_error(
                table,
                row,
                c,
                "unknown outcome; expected continue (继续培育), rectify (整改), warning (警告) or exit (退出)",
            ));
            None
        }
    }
}

/// Read flags.csv.
pub(super) fn read_flags(
    table: &Table,
    process: &Process,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Flag> {
    let Some(cols) = Columns::locate(table, FLAGS_CSV, diags) else {
        return vec![];
    };
    let (fc, nc) = (cols.get(Col::Flag), cols.optional(Col::Note));
    let known = &process.outcomes.exit_flags;
    let cc = cols.get(Col::Cluster);
    let mut ids = IdColumn::new(registry, &table.file, &table.headers[cc]);
    let mut out = Vec::new();
    for row in data_rows(table, diags) {
        let cluster = cluster_of(table, row, cc, &mut ids, diags);
        let flag = parse_flag(table.cell(row, fc), known);
        if flag.is_none() {
            diags.push(cell_error(
                table,
                row,
                fc,
                format!("unknown flag; expected one of {}", known.join(", ")),
            ));
        }
        if let (Some(cluster), Some(flag)) = (cluster, flag) {
            out.push(Flag {
                cluster,
                flag,
                note: nc
                    .map(|c| table.cell(row, c).trim().to_string())
                    .unwrap_or_default(),
                at: Located::at(table, row),
            });
        }
    }
    ids.finish(diags);
    out
}
