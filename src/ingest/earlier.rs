//! Earlier rounds read from their outputs (`[history] rounds` of
//! round.toml): what dynamic management and the report's movement section
//! need of an earlier evaluation of the same clusters.
//!
//! Each named folder is an output folder of an earlier `run`. Its
//! manifest.json lists every output with its SHA-256; the files read here
//! (scores.json for the round's data year and top-level dimensions,
//! ranking.csv for ranks, totals and dimension subtotals, decisions.csv for
//! grades and outcomes, when the round had a process: without one, a
//! warning says it gives no history) are checked against it, so an output edited after
//! the run is a located error, never a silently different history. The
//! files read (manifest.json included) are inputs of this run: they are
//! added to the round's files and so hashed into its manifest. A missing
//! folder or manifest is an error that says which command makes it.
//!
//! The year of an earlier round is its data year (its `current_year`), the
//! year a hand-kept history.csv row names too.

use crate::diag::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `[history]` of round.toml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistorySpec {
    /// Output folders of earlier runs, relative to the round folder.
    #[serde(default)]
    pub rounds: Vec<String>,
}

/// One cluster in an earlier round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EarlierCluster {
    pub id: String,
    /// Competition rank (None: not ranked).
    pub rank: Option<usize>,
    pub total: Option<f64>,
    /// Top-level dimension subtotals: (node id, points), in framework order.
    pub dimensions: Vec<(String, f64)>,
    /// Framework grade id.
    pub grade: Option<String>,
    /// continue / rectify / warning / exit.
    pub outcome: Option<String>,
    /// Its row in decisions.csv (0: not in decisions.csv).
    pub row: usize,
}

/// An earlier round, from its output folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Earlier {
    /// The round's id (round.toml's `round.id`).
    pub id: String,
    /// Its data year (`current_year`).
    pub year: i32,
    /// The output folder, as round.toml names it.
    pub folder: String,
    /// decisions.csv's path, for located messages.
    pub decisions: String,
    pub clusters: Vec<EarlierCluster>,
}

#[derive(Deserialize)]
struct ManifestHead {
    round: String,
    outputs: Vec<OutputDigest>,
}

#[derive(Deserialize)]
struct OutputDigest {
    path: String,
    sha256: String,
}

#[derive(Deserialize)]
struct ScoresHead {
    round: RoundHead,
    dimensions: Vec<NodeHead>,
}

#[derive(Deserialize)]
struct RoundHead {
    id: String,
    current_year: i32,
}

#[derive(Deserialize)]
struct NodeHead {
    id: String,
    depth: usize,
}

/// Read every earlier round `spec` names (relative to `dir`), each checked
/// against its manifest; the files read are pushed onto `files`. Rounds must
/// be earlier than `current_year` and of different years.
pub fn read_earlier(
    dir: &Path,
    spec: &HistorySpec,
    current_year: i32,
    files: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<Earlier> {
    let round_file = dir.join("round.toml").display().to_string();
    let mut out: Vec<Earlier> = Vec::new();
    for (k, folder) in spec.rounds.iter().enumerate() {
        let key = format!("history.rounds[{k}]");
        let Some(e) = read_one(dir, folder, &round_file, &key, files, diags) else {
            continue;
        };
        if e.year >= current_year {
            diags.push(
                Diagnostic::error(
                    &round_file,
                    format!(
                        "the earlier round {} has data year {}, not before this round's current_year {current_year}",
                        e.id, e.year
                    ),
                )
                .zh(format!(
                    "上轮 {} 的数据年份为 {}，不早于本轮的 current_year {current_year}",
                    e.id, e.year
                ))
                .column(key)
                .value(folder.clone()),
            );
            continue;
        }
        if let Some(first) = out.iter().find(|x| x.year == e.year) {
            diags.push(
                Diagnostic::error(
                    &round_file,
                    format!(
                        "two earlier rounds of data year {}: {} and {}",
                        e.year, first.folder, e.folder
                    ),
                )
                .zh(format!(
                    "两个上轮的数据年份同为 {}：{} 与 {}",
                    e.year, first.folder, e.folder
                ))
                .column(key)
                .value(folder.clone()),
            );
            continue;
        }
        out.push(e);
    }
    out.sort_by_key(|e| e.year);
    out
}

/// One earlier output folder; None after a located error.
fn read_one(
    dir: &Path,
    folder: &str,
    round_file: &str,
    key: &str,
    files: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Option<Earlier> {
    let out_dir = dir.join(folder);
    let manifest_path = out_dir.join("manifest.json");
    let make_it = |round: &str| {
        format!(
            "make it with `cluster-eval run {round} --out {}`",
            out_dir.display()
        )
    };
    let Ok(text) = std::fs::read(&manifest_path) else {
        diags.push(
            Diagnostic::error(
                round_file,
                format!(
                    "the earlier round's output folder {} has no readable manifest.json: {}",
                    out_dir.display(),
                    make_it("<the earlier round folder>")
                ),
            )
            .zh(format!(
                "上轮输出目录 {} 中没有可读的 manifest.json：请先运行 `cluster-eval run <上轮目录> --out {}`",
                out_dir.display(),
                out_dir.display()
            ))
            .column(key)
            .value(folder),
        );
        return None;
    };
    files.push(manifest_path.clone());
    let manifest: ManifestHead = match serde_json::from_slice(&text) {
        Ok(m) => m,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    manifest_path.display().to_string(),
                    format!("not a cluster-eval manifest: {e}"),
                )
                .zh(format!("不是 cluster-eval 的 manifest：{e}")),
            );
            return None;
        }
    };
    let earlier_round = out_dir.join(&manifest.round).display().to_string();
    let mut read = |name: &str| -> Option<(String, Vec<u8>)> {
        let p = out_dir.join(name);
        let label = p.display().to_string();
        let Some(d) = manifest.outputs.iter().find(|o| o.path == name) else {
            diags.push(
                Diagnostic::error(
                    manifest_path.display().to_string(),
                    format!("the manifest lists no {name}: {}", make_it(&earlier_round)),
                )
                .zh(format!("manifest 中没有 {name}"))
                .value(name),
            );
            return None;
        };
        files.push(p.clone());
        let bytes = match std::fs::read(&p) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        &label,
                        format!(
                            "cannot read an earlier round's output ({e}): {}",
                            make_it(&earlier_round)
                        ),
                    )
                    .zh(format!("无法读取上轮输出（{e}）")),
                );
                return None;
            }
        };
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if digest != d.sha256 {
            diags.push(
                Diagnostic::error(
                    &label,
                    format!(
                        "edited after its run: its SHA-256 is {digest}, manifest.json records {}; re-run the earlier round ({}) rather than edit its outputs",
                        d.sha256,
                        make_it(&earlier_round)
                    ),
                )
                .zh(format!(
                    "上轮输出在运行后被修改：SHA-256 为 {digest}，manifest.json 记录的是 {}；请重新运行上轮，而不要修改其输出",
                    d.sha256
                ))
                .value(digest),
            );
            return None;
        }
        Some((label, bytes))
    };
    let scores = read("scores.json");
    let ranking = read("ranking.csv");
    // A round without [process] has no decisions: no grades or outcomes.
    let has_decisions = manifest.outputs.iter().any(|o| o.path == "decisions.csv");
    let decisions = if has_decisions {
        Some(read("decisions.csv"))
    } else {
        diags.push(
            Diagnostic::warning(
                manifest_path.display().to_string(),
                "the earlier round wrote no decisions.csv (it had no [process]): it gives no grades or outcomes for dynamic management",
            )
            .zh("上轮未输出 decisions.csv（未设置 [process]）：不能为动态管理提供等次和处理结果"),
        );
        None
    };
    let ((scores_label, scores), (ranking_label, ranking)) = (scores?, ranking?);
    let (decisions_label, decisions) = match decisions {
        Some(d) => d?,
        None => (
            out_dir.join("decisions.csv").display().to_string(),
            Vec::new(),
        ),
    };
    let head: ScoresHead = match serde_json::from_slice(&scores) {
        Ok(h) => h,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    &scores_label,
                    format!("not a cluster-eval scores.json: {e}"),
                )
                .zh(format!("不是 cluster-eval 的 scores.json：{e}")),
            );
            return None;
        }
    };
    let dims: Vec<String> = head
        .dimensions
        .into_iter()
        .filter(|d| d.depth == 1)
        .map(|d| d.id)
        .collect();
    let mut clusters: BTreeMap<String, EarlierCluster> = BTreeMap::new();
    let errors = diags.error_count();
    for (row, rec) in records(&ranking, &ranking_label, diags) {
        let Some(id) = rec.get("cluster_id").filter(|s| !s.is_empty()) else {
            continue;
        };
        let number = |col: &str| rec.get(col).and_then(|s| s.trim().parse::<f64>().ok());
        let mut dimensions = Vec::new();
        for d in &dims {
            match number(d) {
                Some(x) => dimensions.push((d.clone(), x)),
                None if rec.get(d).is_some_and(|s| s.is_empty()) => {}
                None => {
                    diags.push(
                        Diagnostic::error(&ranking_label, "expected a subtotal (a number)")
                            .zh("应为分项得分（数字）")
                            .row(row)
                            .column(d.clone())
                            .value(rec.get(d).cloned().unwrap_or_default()),
                    );
                }
            }
        }
        clusters.insert(
            id.clone(),
            EarlierCluster {
                id: id.clone(),
                rank: rec.get("rank").and_then(|s| s.trim().parse().ok()),
                total: number("total"),
                dimensions,
                grade: None,
                outcome: None,
                row: 0,
            },
        );
    }
    let decided = if decisions.is_empty() {
        vec![]
    } else {
        records(&decisions, &decisions_label, diags)
    };
    for (row, rec) in decided {
        let Some(id) = rec.get("cluster_id").filter(|s| !s.is_empty()) else {
            continue;
        };
        let c = clusters
            .entry(id.clone())
            .or_insert_with(|| EarlierCluster {
                id: id.clone(),
                rank: None,
                total: None,
                dimensions: vec![],
                grade: None,
                outcome: None,
                row,
            });
        c.row = row;
        let word = |col: &str| rec.get(col).filter(|s| !s.is_empty()).cloned();
        c.grade = word("grade");
        c.outcome = word("outcome");
    }
    if diags.error_count() > errors {
        return None;
    }
    Some(Earlier {
        id: head.round.id,
        year: head.round.current_year,
        folder: folder.to_string(),
        decisions: decisions_label,
        clusters: clusters.into_values().collect(),
    })
}

/// The records of a CSV output (header row 1), each with its row number as
/// a spreadsheet shows it.
fn records(
    bytes: &[u8],
    label: &str,
    diags: &mut Diagnostics,
) -> Vec<(usize, BTreeMap<String, String>)> {
    let mut r = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers: Vec<String> = match r.headers() {
        // A bilingual header "中文 english" is known by its English word.
        Ok(h) => h
            .iter()
            .map(|s| {
                let s = s.trim_start_matches('\u{feff}').trim();
                s.rsplit(' ').next().unwrap_or(s).to_string()
            })
            .collect(),
        Err(e) => {
            diags.push(
                Diagnostic::error(label, format!("not a CSV output: {e}"))
                    .zh(format!("不是 CSV 输出：{e}")),
            );
            return vec![];
        }
    };
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        match rec {
            Ok(rec) => out.push((
                i + 2,
                headers
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(str::to_string))
                    .collect(),
            )),
            Err(e) => {
                diags.push(
                    Diagnostic::error(label, format!("not a CSV output: {e}"))
                        .zh(format!("不是 CSV 输出：{e}"))
                        .row(i + 2),
                );
                return vec![];
            }
        }
    }
    out
}
