//! Process inputs: expert panels (评审专家), their scores, declared conflicts
//! of interest (回避), earlier rounds' grades (history) and exit flags.
//!
//! `reviewers.csv`: id, name, employer, city, tracks (separated by `;`, `；`,
//! `、` or `|`; `*` or 全部 for every track). `reviews.csv`: reviewer,
//! cluster, stage, criterion (optional when the stage has one criterion),
//! score. `conflicts.csv`: reviewer, cluster, reason. `history.csv`: cluster,
//! year, grade, outcome. `flags.csv`: cluster, flag, note. Headers may be
//! Chinese or English. Every row is checked here: unknown reviewer, cluster,
//! stage, criterion, grade or flag, a score that is not a number or out of
//! the criterion's range, a reviewer scoring outside their track, duplicate
//! rows and incomplete score sheets are located errors.

use super::table::Table;
use super::{find_column, number, Registry, CLUSTER_ID};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::Framework;
use crate::process::config::{Process, OUTCOMES};
use serde::Serialize;
use std::collections::BTreeMap;

/// An expert reviewer.
#[derive(Debug, Clone, Serialize)]
pub struct Reviewer {
    pub id: String,
    pub name: String,
    pub employer: String,
    pub city: String,
    /// Tracks the reviewer sits on; empty means every track.
    pub tracks: Vec<String>,
}

impl Reviewer {
    pub fn sits_on(&self, track: &str) -> bool {
        self.tracks.is_empty() || self.tracks.iter().any(|t| t == track)
    }
}

/// Where a row came from.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub file: String,
    pub row: usize,
}

/// One score of one reviewer for one cluster, stage and criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub reviewer: usize,
    /// Registry index.
    pub cluster: usize,
    pub stage: usize,
    pub criterion: usize,
    pub score: f64,
    pub at: Located,
}

/// A declared conflict of interest.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub reviewer: usize,
    pub cluster: usize,
    pub reason: String,
    pub at: Located,
}

/// An earlier round's grade for a cluster.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub cluster: usize,
    pub year: i32,
    /// Framework grade index.
    pub grade: usize,
    /// continue / rectify / warning / exit, when recorded.
    pub outcome: Option<String>,
    pub at: Located,
}

/// A current-round flag (e.g. fraud) that may mean exit at once.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub cluster: usize,
    pub flag: String,
    pub note: String,
    pub at: Located,
}

/// Everything the process reads besides the indicators.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProcessInputs {
    pub reviewers: Vec<Reviewer>,
    pub reviews: Vec<Review>,
    pub conflicts: Vec<Conflict>,
    pub history: Vec<HistoryEntry>,
    pub flags: Vec<Flag>,
}

const REVIEWER_ID: &[&str] = &[
    "reviewer",
    "reviewer_id",
    "id",
    "专家编号",
    "专家",
    "评审专家",
];
const NAME: &[&str] = &["name", "姓名", "专家姓名"];
const EMPLOYER: &[&str] = &["employer", "工作单位", "单位", "所在单位"];
const CITY: &[&str] = &["city", "城市", "所在城市"];
const TRACKS: &[&str] = &["tracks", "track", "赛道", "评审赛道", "专业领域"];
const STAGE: &[&str] = &["stage", "环节", "评审环节", "阶段"];
const CRITERION: &[&str] = &["criterion", "评分项", "评分指标", "评审要素"];
const SCORE: &[&str] = &["score", "分数", "评分", "得分"];
const REASON: &[&str] = &["reason", "回避原因", "原因", "说明"];
const YEAR: &[&str] = &["year", "年份", "年度", "round", "轮次"];
const GRADE: &[&str] = &["grade", "等次", "评估等次", "等级"];
const OUTCOME: &[&str] = &["outcome", "处理结果", "结果", "动态管理"];
const FLAG: &[&str] = &["flag", "情形", "标记"];
const NOTE: &[&str] = &["note", "说明", "备注"];

/// Outcome words in either language.
pub fn parse_outcome(s: &str) -> Option<&'static str> {
    let s = s.trim().to_lowercase();
    let table: &[(&str, &[&str])] = &[
        ("continue", &["continue", "继续", "继续培育"]),
        ("rectify", &["rectify", "整改", "限期整改清单", "整改清单"]),
        ("warning", &["warning", "警告", "警告并限期整改"]),
        ("exit", &["exit", "退出", "摘牌"]),
    ];
    table
        .iter()
        .find(|(_, words)| words.contains(&s.as_str()))
        .map(|(o, _)| *o)
        .filter(|o| OUTCOMES.contains(o))
}

/// Split a tracks cell.
fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；', '、', '|'])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Required and optional columns of a table; a missing required one is a
/// located error and yields None.
struct Columns<'a> {
    table: &'a Table,
}

impl<'a> Columns<'a> {
    fn find(
        &self,
        aliases: &[&str],
        label: &str,
        required: bool,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        let c = find_column(&self.table.headers, aliases);
        if c.is_none() && required {
            diags.push(
                Diagnostic::error(
                    &self.table.file,
                    format!(
                        "missing required column {label}; found: {}",
                        self.table.headers.join(", ")
                    ),
                )
                .row(1)
                .column(label.to_string()),
            );
        }
        c
    }
}

fn located(table: &Table, line: usize) -> Located {
    Located {
        file: table.file.clone(),
        row: line,
    }
}

/// Rows that hold data (not blank, not a `#` comment), width-checked.
fn data_rows<'a>(table: &'a Table, diags: &mut Diagnostics) -> Vec<&'a super::table::Row> {
    let mut out = Vec::new();
    for row in &table.rows {
        let first = row.cells.first().map(|c| c.trim()).unwrap_or("");
        if first.starts_with('#') || row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(d) = table.check_width(row) {
            diags.push(d);
        }
        out.push(row);
    }
    out
}

fn cluster_of(
    table: &Table,
    row: &super::table::Row,
    col: usize,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let id = table.cell(row, col).trim();
    let found = registry.index_of(id);
    if found.is_none() {
        diags.push(
            Diagnostic::error(&table.file, "unknown cluster (not in the registry)")
                .row(row.line)
                .column(&table.headers[col])
                .value(id),
        );
    }
    found
}

/// Read reviewers.csv.
pub fn read_reviewers(
    table: &Table,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Reviewer> {
    let cols = Columns { table };
    let id = cols.find(REVIEWER_ID, "reviewer_id (专家编号)", true, diags);
    let name = cols.find(NAME, "name (姓名)", true, diags);
    let employer = cols.find(EMPLOYER, "employer (工作单位)", true, diags);
    let city = cols.find(CITY, "city (城市)", true, diags);
    let tracks = cols.find(TRACKS, "tracks (评审赛道)", true, diags);
    let (Some(id), Some(name), Some(employer), Some(city), Some(tracks)) =
        (id, name, employer, city, tracks)
    else {
        return vec![];
    };
    let known_tracks: Vec<&str> = registry.clusters.iter().map(|c| c.track.as_str()).collect();
    let mut out: Vec<Reviewer> = Vec::new();
    for row in data_rows(table, diags) {
        let get = |c: usize| table.cell(row, c).trim().to_string();
        let rid = get(id);
        if rid.is_empty() {
            diags.push(
                Diagnostic::error(&table.file, "empty reviewer id")
                    .row(row.line)
                    .column(&table.headers[id]),
            );
            continue;
        }
        if out.iter().any(|r| r.id == rid) {
            diags.push(
                Diagnostic::error(&table.file, "duplicate reviewer id")
                    .row(row.line)
                    .column(&table.headers[id])
                    .value(&rid),
            );
            continue;
        }
        let cell = get(tracks);
        let mut list = split_list(&cell);
        if list
            .iter()
            .any(|t| t == "*" || t == "全部" || t.eq_ignore_ascii_case("all"))
        {
            list.clear();
        } else if list.is_empty() {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    "a reviewer needs at least one track (or * for all)",
                )
                .row(row.line)
                .column(&table.headers[tracks]),
            );
        }
        for t in &list {
            if !known_tracks.contains(&t.as_str()) {
                diags.push(
                    Diagnostic::warning(&table.file, "no cluster of the round is in this track")
                        .row(row.line)
                        .column(&table.headers[tracks])
                        .value(t),
                );
            }
        }
        out.push(Reviewer {
            id: rid,
            name: get(name),
            employer: get(employer),
            city: get(city),
            tracks: list,
        });
    }
    out
}

/// Read reviews.csv against the process's stages and criteria.
pub fn read_reviews(
    table: &Table,
    process: &Process,
    reviewers: &[Reviewer],
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Review> {
    let cols = Columns { table };
    let rc = cols.find(REVIEWER_ID, "reviewer (专家编号)", true, diags);
    let cc = cols.find(CLUSTER_ID, "cluster_id (集群编号)", true, diags);
    let sc = cols.find(STAGE, "stage (环节)", true, diags);
    let crc = cols.find(CRITERION, "criterion (评分项)", false, diags);
    let vc = cols.find(SCORE, "score (分数)", true, diags);
    let (Some(rc), Some(cc), Some(sc), Some(vc)) = (rc, cc, sc, vc) else {
        return vec![];
    };
    let mut out: Vec<Review> = Vec::new();
    let mut seen: BTreeMap<(usize, usize, usize, usize), usize> = BTreeMap::new();
    for row in data_rows(table, diags) {
        let at = |c: usize, msg: String| {
            Diagnostic::error(&table.file, msg)
                .row(row.line)
                .column(&table.headers[c])
                .value(table.cell(row, c).trim())
        };
        let rid = table.cell(row, rc).trim();
        let reviewer = reviewers.iter().position(|r| r.id == rid);
        if reviewer.is_none() {
            diags.push(at(rc, "unknown reviewer (not in reviewers.csv)".into()));
        }
        let cluster = cluster_of(table, row, cc, registry, diags);
        let stage = process.stage_index(table.cell(row, sc));
        let stage = match stage {
            Some(s) if process.stages[s].has_panel() => Some(s),
            Some(_) => {
                diags.push(at(
                    sc,
                    "this stage has no expert panel in the process".into(),
                ));
                None
            }
            None => {
                let names: Vec<&str> = process
                    .stages
                    .iter()
                    .filter(|s| s.has_panel())
                    .map(|s| s.id.as_str())
                    .collect();
                diags.push(at(
                    sc,
                    format!("unknown stage; expected one of {}", names.join(", ")),
                ));
                None
            }
        };
        let Some(stage) = stage else { continue };
        let st = &process.stages[stage];
        let criterion = match crc {
            Some(c) if !table.cell(row, c).trim().is_empty() => {
                let name = table.cell(row, c).trim();
                let found = st.criteria.iter().position(|x| {
                    x.id == name || x.name_zh == name || x.name_en.eq_ignore_ascii_case(name)
                });
                if found.is_none() {
                    let ids: Vec<&str> = st.criteria.iter().map(|x| x.id.as_str()).collect();
                    diags.push(at(
                        c,
                        format!(
                            "unknown criterion for stage {}; expected one of {}",
                            st.id,
                            ids.join(", ")
                        ),
                    ));
                }
                found
            }
            _ if st.criteria.len() == 1 => Some(0),
            _ => {
                diags.push(
                    Diagnostic::error(
                        &table.file,
                        format!(
                            "stage {} has {} criteria: the criterion column is required",
                            st.id,
                            st.criteria.len()
                        ),
                    )
                    .row(row.line)
                    .column("criterion (评分项)"),
                );
                None
            }
        };
        let raw = table.cell(row, vc).trim();
        let score = match number::parse_cell(raw) {
            Ok(number::Cell::Number {
                value,
                percent: false,
            }) => Some(value),
            Ok(number::Cell::Number { percent: true, .. }) => {
                diags.push(at(
                    vc,
                    "a score is a number of points, not a percentage".into(),
                ));
                None
            }
            Ok(number::Cell::Missing) => {
                diags.push(at(vc, "missing score (a row must carry a score)".into()));
                None
            }
            Err(e) => {
                diags.push(at(vc, e.expectation().into()));
                None
            }
        };
        let (Some(reviewer), Some(cluster), Some(criterion), Some(score)) =
            (reviewer, cluster, criterion, score)
        else {
            continue;
        };
        let max = st.criteria[criterion].max;
        if !(0.0..=max).contains(&score) {
            diags.push(at(
                vc,
                format!(
                    "score out of range: expected 0 to {} for {} ({})",
                    crate::framework::trim_float(max),
                    st.criteria[criterion].id,
                    st.id
                ),
            ));
            continue;
        }
        let track = &registry.clusters[cluster].track;
        if !reviewers[reviewer].sits_on(track) {
            diags.push(at(
                rc,
                format!(
                    "reviewer {} does not sit on the panel of track {} (cluster {})",
                    reviewers[reviewer].id, track, registry.clusters[cluster].id
                ),
            ));
            continue;
        }
        if let Some(first) = seen.insert((reviewer, cluster, stage, criterion), row.line) {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "duplicate score: reviewer {} already scored cluster {} on {} / {} in row {first}",
                        reviewers[reviewer].id,
                        registry.clusters[cluster].id,
                        st.id,
                        st.criteria[criterion].id
                    ),
                )
                .row(row.line)
                .column(&table.headers[vc])
                .value(raw),
            );
            continue;
        }
        out.push(Review {
            reviewer,
            cluster,
            stage,
            criterion,
            score,
            at: located(table, row.line),
        });
    }
    // Every score sheet complete: all criteria of the stage.
    let mut sheets: BTreeMap<(usize, usize, usize), (Vec<usize>, usize)> = BTreeMap::new();
    for r in &out {
        let e = sheets
            .entry((r.reviewer, r.cluster, r.stage))
            .or_insert((Vec::new(), r.at.row));
        e.0.push(r.criterion);
    }
    for ((rv, cl, st), (have, line)) in sheets {
        let stage = &process.stages[st];
        let missing: Vec<&str> = (0..stage.criteria.len())
            .filter(|c| !have.contains(c))
            .map(|c| stage.criteria[c].id.as_str())
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "incomplete score sheet: reviewer {} on cluster {} ({}) lacks {}",
                        reviewers[rv].id,
                        registry.clusters[cl].id,
                        stage.id,
                        missing.join(", ")
                    ),
                )
                .row(line),
            );
        }
    }
    out
}

/// Read conflicts.csv.
pub fn read_conflicts(
    table: &Table,
    reviewers: &[Reviewer],
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Conflict> {
    let cols = Columns { table };
    let rc = cols.find(REVIEWER_ID, "reviewer (专家编号)", true, diags);
    let cc = cols.find(CLUSTER_ID, "cluster_id (集群编号)", true, diags);
    let why = cols.find(REASON, "reason (回避原因)", false, diags);
    let (Some(rc), Some(cc)) = (rc, cc) else {
        return vec![];
    };
    let mut out = Vec::new();
    for row in data_rows(table, diags) {
        let rid = table.cell(row, rc).trim();
        let reviewer = reviewers.iter().position(|r| r.id == rid);
        if reviewer.is_none() {
            diags.push(
                Diagnostic::error(&table.file, "unknown reviewer (not in reviewers.csv)")
                    .row(row.line)
                    .column(&table.headers[rc])
                    .value(rid),
            );
        }
        let cluster = cluster_of(table, row, cc, registry, diags);
        if let (Some(reviewer), Some(cluster)) = (reviewer, cluster) {
            out.push(Conflict {
                reviewer,
                cluster,
                reason: why
                    .map(|c| table.cell(row, c).trim().to_string())
                    .unwrap_or_default(),
                at: located(table, row.line),
            });
        }
    }
    out
}

/// Read history.csv: earlier grades, before `current_year`.
pub fn read_history(
    table: &Table,
    fw: &Framework,
    registry: &Registry,
    current_year: i32,
    diags: &mut Diagnostics,
) -> Vec<HistoryEntry> {
    let cols = Columns { table };
    let cc = cols.find(CLUSTER_ID, "cluster_id (集群编号)", true, diags);
    let yc = cols.find(YEAR, "year (年份)", true, diags);
    let gc = cols.find(GRADE, "grade (等次)", true, diags);
    let oc = cols.find(OUTCOME, "outcome (处理结果)", false, diags);
    let (Some(cc), Some(yc), Some(gc)) = (cc, yc, gc) else {
        return vec![];
    };
    let mut out: Vec<HistoryEntry> = Vec::new();
    for row in data_rows(table, diags) {
        let at = |c: usize, msg: String| {
            Diagnostic::error(&table.file, msg)
                .row(row.line)
                .column(&table.headers[c])
                .value(table.cell(row, c).trim())
        };
        let id = table.cell(row, cc).trim();
        let cluster = registry.index_of(id);
        if cluster.is_none() {
            diags.push(
                Diagnostic::warning(
                    &table.file,
                    "cluster not in this round's registry; its history is ignored",
                )
                .row(row.line)
                .column(&table.headers[cc])
                .value(id),
            );
        }
        let year = match table.cell(row, yc).trim().parse::<i32>() {
            Ok(y) if y < current_year => Some(y),
            Ok(_) => {
                diags.push(at(
                    yc,
                    format!("a history year must be before the current year {current_year}"),
                ));
                None
            }
            Err(_) => {
                diags.push(at(yc, "expected a year such as 2023".into()));
                None
            }
        };
        let g = table.cell(row, gc).trim();
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
            diags.push(at(
                gc,
                format!("unknown grade; expected one of {}", names.join(", ")),
            ));
        }
        let outcome = match oc.map(|c| table.cell(row, c).trim()) {
            None | Some("") => Some(None),
            Some(o) => match parse_outcome(o) {
                Some(p) => Some(Some(p.to_string())),
                None => {
                    diags.push(at(
                        oc.unwrap_or(0),
                        "unknown outcome; expected continue (继续培育), rectify (整改), warning (警告) or exit (退出)".into(),
                    ));
                    None
                }
            },
        };
        let (Some(cluster), Some(year), Some(grade), Some(outcome)) =
            (cluster, year, grade, outcome)
        else {
            continue;
        };
        if let Some(first) = out.iter().find(|h| h.cluster == cluster && h.year == year) {
            diags.push(at(
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
            at: located(table, row.line),
        });
    }
    out
}

/// Flag words in either language.
fn parse_flag(s: &str, known: &[String]) -> Option<String> {
    let s = s.trim();
    let alias = match s {
        "数据造假" | "弄虚作假" | "造假" => "fraud",
        "重大事故" | "重大安全事故" | "重大安全、质量、环保事故" => {
            "major_incident"
        }
        "擅自变更" | "未报告变更" | "擅自变更主导产业、区域或运营主体" => {
            "unreported_change"
        }
        other => other,
    };
    known.iter().find(|k| k.as_str() == alias).cloned()
}

/// Read flags.csv.
pub fn read_flags(
    table: &Table,
    process: &Process,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Flag> {
    let cols = Columns { table };
    let cc = cols.find(CLUSTER_ID, "cluster_id (集群编号)", true, diags);
    let fc = cols.find(FLAG, "flag (情形)", true, diags);
    let nc = cols.find(NOTE, "note (说明)", false, diags);
    let (Some(cc), Some(fc)) = (cc, fc) else {
        return vec![];
    };
    let known = &process.outcomes.exit_flags;
    let mut out = Vec::new();
    for row in data_rows(table, diags) {
        let cluster = cluster_of(table, row, cc, registry, diags);
        let raw = table.cell(row, fc).trim();
        let flag = parse_flag(raw, known);
        if flag.is_none() {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!("unknown flag; expected one of {}", known.join(", ")),
                )
                .row(row.line)
                .column(&table.headers[fc])
                .value(raw),
            );
        }
        if let (Some(cluster), Some(flag)) = (cluster, flag) {
            out.push(Flag {
                cluster,
                flag,
                note: nc
                    .map(|c| table.cell(row, c).trim().to_string())
                    .unwrap_or_default(),
                at: located(table, row.line),
            });
        }
    }
    out
}
