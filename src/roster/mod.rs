//! Enterprise rosters (企业名录): derived indicators and the roster audit.
//!
//! A round may list the enterprises of each cluster (`[inputs] enterprises`
//! for files with a cluster column, `[inputs.rosters]` for one file per
//! cluster). This stage reads them with polars (only the columns used),
//! checks every unified social credit code (GB 32100-2015) and rejects the
//! rows whose code is wrong, finds enterprises listed twice, applies the
//! framework's duplicate policy, aggregates the derived fields per cluster
//! (count / sum / ratio / weighted count, on a lazy group-by), compares each
//! derived figure with what the cluster declared and puts the figure the
//! framework prefers into the submissions, so scoring sees one value per
//! cell with its provenance. It never scores.

mod aggregate;
mod read;
mod stage;
pub mod uscc;

pub use stage::{apply, load};

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::derive::{Aggregate, ColumnKind, DuplicatePolicy, Prefer};
use crate::framework::Framework;
use crate::ingest::ids::{normalise_id, IdColumn};
use crate::ingest::{Registry, Rejection};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// One roster file to read.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// The file as named in messages (relative to the round folder).
    pub label: String,
    pub sheet: Option<String>,
    /// One file per cluster: the cluster it lists.
    pub cluster: Option<usize>,
}

/// One cluster's listing of an enterprise claimed by several clusters.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub cluster: String,
    pub name: String,
    pub file: String,
    pub row: usize,
}

/// An enterprise listed by more than one cluster.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    pub uscc: String,
    pub claims: Vec<Claim>,
    /// What the policy did: counted for every cluster, or for none.
    pub policy: DuplicatePolicy,
}

/// Declared vs derived, for one cluster and field.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub cluster: usize,
    pub field: usize,
    pub declared: Option<f64>,
    pub derived: Option<f64>,
    /// derived − declared.
    pub difference: Option<f64>,
    /// |derived − declared| / |declared| (0 when both are 0).
    pub relative: Option<f64>,
    pub tolerance: f64,
    /// Within tolerance; `None` when one of the two is missing.
    pub within: Option<bool>,
    /// "roster", "declared" or "none".
    pub scored: &'static str,
    /// Why the derived figure is missing, when it is.
    pub note: String,
}

/// Wall-clock time of each step, for the benchmark.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Timing {
    pub read_s: f64,
    pub validate_s: f64,
    pub aggregate_s: f64,
}

/// Everything the roster stage found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RosterAudit {
    pub files: Vec<String>,
    /// Data rows read.
    pub rows: usize,
    /// Per cluster: rows listed, and enterprises counted after rejections
    /// and the duplicate policy.
    pub listed: Vec<usize>,
    pub counted: Vec<usize>,
    /// Per cluster: rows rejected (wrong code, listed twice).
    pub rejected_rows: Vec<usize>,
    pub rejected: Vec<Rejection>,
    pub duplicates: Vec<Duplicate>,
    pub comparisons: Vec<Comparison>,
    /// Derived value per (cluster, field), after the factor.
    #[serde(skip)]
    pub derived: BTreeMap<(usize, usize), f64>,
    #[serde(skip)]
    pub timing: Timing,
}

/// The roster columns a framework needs: the audit columns (code, name,
/// cluster) and every column a derived field reads. Nothing else is parsed.
pub fn wanted_columns(fw: &Framework) -> Vec<&str> {
    let mut out = vec!["uscc", "name", "cluster"];
    for f in &fw.fields {
        if let Some(d) = &f.derived {
            for c in d.columns() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Per-file results of validation.
struct Validated {
    label: String,
    lines: Vec<u64>,
    cluster: Vec<u32>,
    /// Packed code (0 = invalid or missing).
    code: Vec<u128>,
    names: polars::prelude::StringChunked,
    codes_raw: polars::prelude::StringChunked,
    numbers: BTreeMap<String, Vec<f64>>,
    flags: BTreeMap<String, Vec<bool>>,
    keep: Vec<bool>,
}

/// Pack a valid code into a number (base 31), for fast duplicate search.
fn pack(code: &str) -> u128 {
    code.bytes().fold(0u128, |acc, b| {
        let v = uscc::ALPHABET
            .iter()
            .position(|&a| a == b.to_ascii_uppercase())
            .unwrap_or(0) as u128;
        acc * 31 + v
    }) + 1
}

/// Read, validate and aggregate the rosters. `None` when they cannot be
/// read at all (the problems are in `diags`).
pub fn audit(
    sources: &[Source],
    fw: &Framework,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Option<RosterAudit> {
    let wanted = wanted_columns(fw);
    let columns = &fw.roster.columns;
    let t0 = Instant::now();
    let mut frames = Vec::new();
    for s in sources {
        let (df, mapped) = read::read_file(
            &s.path,
            &s.label,
            s.sheet.as_deref(),
            columns,
            &wanted,
            diags,
        )?;
        let has = |id: &str| mapped.iter().any(|m| m.id == id);
        let mut missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|id| !has(id))
            .filter(|id| !(*id == "cluster" && s.cluster.is_some()))
            .collect();
        missing.dedup();
        for id in missing {
            let c = fw.roster.column(id);
            diags.push(
                Diagnostic::error(
                    &s.label,
                    format!(
                        "the roster has no column {id} ({}), which {}; expected a header such as {:?}",
                        c.map(|c| c.name_zh.as_str()).unwrap_or(""),
                        if read_required(id) {
                            "every roster needs".to_string()
                        } else {
                            format!("derived field(s) {} read", users_of(fw, id))
                        },
                        c.map(|c| c.name_zh.as_str()).unwrap_or(id)
                    ),
                )
                .row(1)
                .column(id),
            );
        }
        frames.push((s, df, mapped));
    }
    let read_s = t0.elapsed().as_secs_f64();
    if diags.has_errors() {
        return None;
    }

    let t1 = Instant::now();
    let mut out = RosterAudit {
        files: sources.iter().map(|s| s.label.clone()).collect(),
        listed: vec![0; registry.len()],
        counted: vec![0; registry.len()],
        rejected_rows: vec![0; registry.len()],
        ..Default::default()
    };
    let mut validated = Vec::new();
    for (s, df, mapped) in &frames {
        validated.push(validate(s, df, mapped, fw, registry, &mut out, diags));
    }
    find_duplicates(&mut validated, fw, registry, &mut out, diags);
    for v in &validated {
        for (k, &keep) in v.keep.iter().enumerate() {
            if keep {
                out.counted[v.cluster[k] as usize] += 1;
            }
        }
    }
    let validate_s = t1.elapsed().as_secs_f64();
    if diags.has_errors() {
        return None;
    }
    drop(frames);

    let t2 = Instant::now();
    match aggregate::derive(&validated, fw) {
        Ok(values) => {
            for (&(i, j), v) in values.iter().filter(|(_, v)| !v.is_finite()) {
                diags.push(
                    Diagnostic::error(
                        out.files.join(", "),
                        format!(
                            "the roster gives {v} for field {} of cluster {}: not a finite number ({}: a sum too large, or a denominator too small)",
                            fw.fields[j].id,
                            registry.clusters[i].id,
                            fw.fields[j]
                                .derived
                                .as_ref()
                                .map(|d| d.describe())
                                .unwrap_or_default()
                        ),
                    )
                    .column(fw.fields[j].id.clone()),
                );
            }
            if diags.has_errors() {
                return None;
            }
            out.derived = values
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                out.files.join(", "),
                format!("aggregating the roster failed: {e}"),
            ));
            return None;
        }
    }
    out.timing = Timing {
        read_s,
        validate_s,
        aggregate_s: t2.elapsed().as_secs_f64(),
    };
    Some(out)
}

fn read_required(id: &str) -> bool {
    crate::framework::derive::REQUIRED.contains(&id)
}

fn users_of(fw: &Framework, column: &str) -> String {
    fw.fields
        .iter()
        .filter(|f| {
            f.derived
                .as_ref()
                .is_some_and(|d| d.columns().contains(&column))
        })
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn validate(
    s: &Source,
    df: &polars::prelude::DataFrame,
    mapped: &[read::Mapped],
    fw: &Framework,
    registry: &Registry,
    out: &mut RosterAudit,
    diags: &mut Diagnostics,
) -> Validated {
    let label = s.label.as_str();
    let n = df.height();
    out.rows += n;
    let lines = read::lines(df);
    let header = |id: &str| {
        mapped
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.header.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let codes_raw = read::strings(df, "uscc");
    let names = read::strings(df, "name");
    let cluster_cells = read::strings(df, "cluster");
    // Ids in their plain form, looked up without a scan per row; unknown
    // ones reported once each with the nearest registry ids.
    let mut ids = IdColumn::new(registry, label, &header("cluster"));
    let mut cluster = vec![0u32; n];
    let mut code = vec![0u128; n];
    let mut keep = vec![true; n];
    let mut bad_cluster = read::Limited::new(label, &header("cluster"));
    let mut cells = cluster_cells.iter();
    let mut raw_codes = codes_raw.iter();
    for k in 0..n {
        let cell = cells
            .next()
            .flatten()
            .filter(|c| !normalise_id(c).is_empty());
        let raw = raw_codes.next().flatten().unwrap_or("");
        let line = lines[k] as usize;
        let c = match (cell, s.cluster) {
            (Some(id), Some(file_cluster)) => match ids.lookup(line, id) {
                Some(i) if i == file_cluster => Some(i),
                Some(_) => {
                    bad_cluster.push(
                        diags,
                        lines[k],
                        id.trim(),
                        format!(
                            "this file lists the enterprises of cluster {}, but the row names another cluster",
                            registry.clusters[file_cluster].id
                        ),
                    );
                    None
                }
                None => None,
            },
            (None, Some(file_cluster)) => Some(file_cluster),
            (Some(id), None) => ids.lookup(line, id),
            (None, None) => {
                bad_cluster.push(
                    diags,
                    lines[k],
                    "",
                    "the cluster is blank; every enterprise must name its cluster".into(),
                );
                None
            }
        };
        let Some(c) = c else {
            keep[k] = false;
            continue;
        };
        cluster[k] = c as u32;
        out.listed[c] += 1;
        match uscc::validate(raw) {
            Ok(()) => code[k] = pack(raw.trim()),
            Err(problem) => {
                keep[k] = false;
                out.rejected_rows[c] += 1;
                out.rejected.push(Rejection {
                    file: label.to_string(),
                    row: lines[k] as usize,
                    reason: problem.reason(),
                    content: content(raw, names.get(k), &registry.clusters[c].id),
                });
            }
        }
    }
    drop(cells);
    drop(raw_codes);
    bad_cluster.finish(diags);
    ids.finish(diags);
    let mut numbers = BTreeMap::new();
    let mut flags = BTreeMap::new();
    for m in mapped {
        let needed = fw.fields.iter().any(|f| {
            f.derived
                .as_ref()
                .is_some_and(|d| d.columns().contains(&m.id.as_str()))
        });
        if !needed {
            continue;
        }
        match m.kind {
            ColumnKind::Number => {
                numbers.insert(
                    m.id.clone(),
                    read::numbers(df, &m.id, &m.header, label, &lines, diags),
                );
            }
            ColumnKind::Flag => {
                flags.insert(
                    m.id.clone(),
                    read::flags(df, &m.id, &m.header, label, &lines, diags),
                );
            }
            ColumnKind::Text => {}
        }
    }
    Validated {
        label: label.to_string(),
        lines,
        cluster,
        code,
        names,
        codes_raw,
        numbers,
        flags,
        keep,
    }
}

/// A rejected row as rejections.csv shows it: code, name and cluster, each
/// cut to `diag::MAX_ECHO` characters (a cell of a broken roster can be
/// longer than a spreadsheet cell holds, and the reason names the problem).
fn content(code: &str, name: Option<&str>, cluster: &str) -> String {
    let cut = |s: &str| crate::diag::cut(s.trim(), crate::diag::MAX_ECHO);
    format!("{},{},{cluster}", cut(code), cut(name.unwrap_or("")))
}

/// Find codes listed more than once: twice by the same cluster (the repeat
/// is rejected) or by several clusters (the framework's policy applies).
fn find_duplicates(
    validated: &mut [Validated],
    fw: &Framework,
    registry: &Registry,
    out: &mut RosterAudit,
    diags: &mut Diagnostics,
) {
    let mut all: Vec<(u128, u32, u32)> = Vec::new();
    for (f, v) in validated.iter().enumerate() {
        for (k, &c) in v.code.iter().enumerate() {
            if c != 0 && v.keep[k] {
                all.push((c, f as u32, k as u32));
            }
        }
    }
    // Stable order: by code, then file, then row.
    all.sort_unstable();
    let policy = fw.roster.duplicates;
    let mut start = 0;
    while start < all.len() {
        let mut end = start + 1;
        while end < all.len() && all[end].0 == all[start].0 {
            end += 1;
        }
        if end - start > 1 {
            let run = &all[start..end];
            // Within one cluster, the first listing stands; repeats are rejected.
            let mut seen: Vec<u32> = Vec::new();
            let mut firsts = Vec::new();
            for &(_, f, k) in run {
                let v = &validated[f as usize];
                let c = v.cluster[k as usize];
                if seen.contains(&c) {
                    let v = &mut validated[f as usize];
                    v.keep[k as usize] = false;
                    out.rejected_rows[c as usize] += 1;
                    out.rejected.push(Rejection {
                        file: v.label.clone(),
                        row: v.lines[k as usize] as usize,
                        reason: "同一集群重复填报 / the cluster lists this enterprise twice; the first row is counted".into(),
                        content: content(
                            v.codes_raw.get(k as usize).unwrap_or(""),
                            v.names.get(k as usize),
                            &registry.clusters[c as usize].id,
                        ),
                    });
                } else {
                    seen.push(c);
                    firsts.push((f, k));
                }
            }
            if firsts.len() > 1 {
                let claims: Vec<Claim> = firsts
                    .iter()
                    .map(|&(f, k)| {
                        let v = &validated[f as usize];
                        Claim {
                            cluster: registry.clusters[v.cluster[k as usize] as usize].id.clone(),
                            name: v.names.get(k as usize).unwrap_or("").trim().to_string(),
                            file: v.label.clone(),
                            row: v.lines[k as usize] as usize,
                        }
                    })
                    .collect();
                let code = uscc::normalise(
                    validated[firsts[0].0 as usize]
                        .codes_raw
                        .get(firsts[0].1 as usize)
                        .unwrap_or(""),
                );
                match policy {
                    DuplicatePolicy::Both => {}
                    DuplicatePolicy::None => {
                        for &(f, k) in &firsts {
                            validated[f as usize].keep[k as usize] = false;
                        }
                    }
                    DuplicatePolicy::Fail => {
                        let list: Vec<String> = claims
                            .iter()
                            .map(|c| format!("{} ({} row {})", c.cluster, c.file, c.row))
                            .collect();
                        diags.push(
                            Diagnostic::error(
                                &claims[0].file,
                                format!(
                                    "enterprise {code} is claimed by {} clusters: {}; the framework's duplicate policy is fail",
                                    claims.len(),
                                    list.join(", ")
                                ),
                            )
                            .row(claims[0].row)
                            .column("uscc")
                            .value(code.clone()),
                        );
                    }
                }
                out.duplicates.push(Duplicate {
                    uscc: code,
                    claims,
                    policy,
                });
            }
        }
        start = end;
    }
    out.rejected
        .sort_by(|a, b| (&a.file, a.row).cmp(&(&b.file, b.row)));
}
