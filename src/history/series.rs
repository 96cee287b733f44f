//! A series of rounds (`compare-rounds`): the same clusters evaluated in
//! several years, compared.
//!
//! Each round is scored again from its folder (an archived run re-opened
//! and materialised by the caller) with the engine's own stages: load,
//! eligibility gates, objective weights, the scoring kernel, competition
//! ranks (the robustness analysis, the process and the reports are not
//! needed here). Rounds are ordered by data year (`current_year`); two
//! rounds of one year are an error. Then, per cluster: its rank, total and
//! top-level dimension subtotals in every round and their change from the
//! round before (rank change > 0 = moved up); clusters entering (first
//! seen in a round after the first) and leaving (absent after being in the
//! round before); per cluster and indicator, the raw values across rounds
//! and their trend (`trends`). Indicators are matched by id; a mapping file
//! (`--map`, CSV `old_id,new_id`) renames an older framework's ids to the
//! newer ones. Optionally the missing raw values are first filled from the
//! cluster's own other rounds (`panel`), and the rounds are scored on one
//! scale with normalisation bounds pooled across them (`pooled`).

use super::panel::{fill, Filled, PanelMethod};
use super::pooled::{rescore_pooled, PooledRound};
use super::trends::{trend, Trend};
use crate::diag::{Diagnostic, Diagnostics, Error};
use crate::framework::Framework;
use crate::ingest::Round;
use crate::score::{self, Scored};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What to compare and how.
#[derive(Debug, Clone, Default)]
pub struct SeriesOptions {
    /// CSV `old_id,new_id`: indicator ids of older frameworks renamed.
    pub map: Option<PathBuf>,
    /// Normalisation bounds pooled across the rounds.
    pub pooled: bool,
    /// Fill missing raw values from the cluster's other rounds.
    pub impute: Option<PanelMethod>,
}

/// One round to compare: where its folder is now and what it is called.
#[derive(Debug, Clone)]
pub struct RoundSource {
    /// The output folder as given on the command line.
    pub label: String,
    pub round_dir: PathBuf,
    /// The run's `--framework`, when it had one.
    pub framework: Option<PathBuf>,
}

/// A round of the series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesRound {
    pub label: String,
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Data year (`current_year`).
    pub year: i32,
    pub clusters: usize,
}

/// A top-level dimension of the latest round.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A cluster in one round.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub rank: usize,
    pub total: f64,
    /// Subtotal of each series dimension (None: not in this round's framework).
    pub dimensions: Vec<Option<f64>>,
}

/// Where a cluster is in the series at one round (in a round: in its
/// registry, scored or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// In the first round of the series.
    First,
    /// In this round and the one before.
    Continuing,
    /// In this round, not the one before.
    Entering,
    /// In the round before, not this one.
    Left,
}

/// One cluster at one round, with its movement from the round before.
#[derive(Debug, Clone, Serialize)]
pub struct Movement {
    /// Index into `Series::rounds`.
    pub round: usize,
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub presence: Presence,
    /// None when it left, or was not scored (a failed gate, screening).
    pub now: Option<Standing>,
    /// Previous rank minus this rank (> 0: moved up).
    pub rank_change: Option<i64>,
    pub total_change: Option<f64>,
    pub dimension_change: Vec<Option<f64>>,
}

/// One indicator of one cluster across the rounds.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub cluster_id: String,
    /// Series indicator id (the latest round's).
    pub indicator: String,
    pub name_zh: String,
    pub name_en: String,
    /// Raw value in each round (None: missing, or not in that round).
    pub values: Vec<Option<f64>>,
    /// Values filled by panel imputation, per round.
    pub imputed: Vec<Option<Filled>>,
    pub trend: Trend,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub rounds: Vec<SeriesRound>,
    pub dimensions: Vec<Dimension>,
    pub pooled: bool,
    pub impute: Option<PanelMethod>,
    /// Per round, then cluster id.
    pub movement: Vec<Movement>,
    /// Per cluster id, then indicator in framework order.
    pub trends: Vec<TrendRow>,
    /// Warnings met on the way (an id of the map no round has).
    pub warnings: Vec<Diagnostic>,
}

/// Panel fills by (cluster id, series indicator), one entry per round.
type Fills = BTreeMap<(String, usize), Vec<Option<Filled>>>;

/// A round loaded and scored.
struct Loaded {
    source: RoundSource,
    round: Round,
    excluded: Vec<bool>,
    scored: Scored,
    /// Series indicator k -> this round's indicator index.
    columns: Vec<Option<usize>>,
}

fn invalid(file: &str, msg: String) -> Error {
    Error::Invalid(Diagnostics::new(vec![Diagnostic::error(file, msg)]))
}

/// Load, gate, weigh and score one round folder.
fn load(source: RoundSource) -> Result<(RoundSource, Round, Vec<bool>, Scored), Error> {
    let mut diags = Diagnostics::default();
    let loaded = crate::pipeline::load(&source.round_dir, source.framework.as_deref(), &mut diags);
    let Some(l) = loaded.filter(|_| !diags.has_errors()) else {
        return Err(Error::Invalid(diags));
    };
    let failures = match &l.process {
        Some(p) => crate::process::gates::check(&l.round, &p.process.gates),
        None => vec![vec![]; l.round.registry.len()],
    };
    let excluded: Vec<bool> = failures.iter().map(|f| !f.is_empty()).collect();
    let framework =
        crate::weighting::resolve_objective(&l.round, &excluded).map_err(Error::Invalid)?;
    let round = Round {
        framework,
        ..l.round
    };
    let scored = score::score_cohort(&round, &excluded).map_err(Error::Invalid)?;
    Ok((source, round, excluded, scored))
}

/// Read `--map`: `old_id,new_id` rows (a header row naming them first).
pub fn read_map(path: &Path) -> Result<BTreeMap<String, String>, Error> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(&label, e))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let headers: Vec<String> = r
        .headers()?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if headers.len() != 2 || headers[0] != "old_id" || headers[1] != "new_id" {
        return Err(Error::Invalid(Diagnostics::new(vec![Diagnostic::error(
            &label,
            "expected the header old_id,new_id",
        )
        .zh("表头应为 old_id,new_id")
        .row(1)
        .value(headers.join(","))])));
    }
    let mut map = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for (i, rec) in r.records().enumerate() {
        let rec = rec?;
        let row = i + 2;
        let (old, new) = (
            rec.get(0).unwrap_or("").trim(),
            rec.get(1).unwrap_or("").trim(),
        );
        if old.is_empty() || new.is_empty() {
            diags.push(
                Diagnostic::error(&label, "expected an old id and a new id")
                    .zh("应有旧编号和新编号")
                    .row(row),
            );
        } else if map.insert(old.to_string(), new.to_string()).is_some() {
            diags.push(
                Diagnostic::error(&label, "this old id is mapped twice")
                    .zh("该旧编号被映射了两次")
                    .row(row)
                    .column("old_id")
                    .value(old),
            );
        }
    }
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    Ok(map)
}

/// Compare the rounds.
pub fn compare(sources: Vec<RoundSource>, options: &SeriesOptions) -> Result<Series, Error> {
    if sources.len() < 2 {
        return Err(Error::Rejected(
            "compare-rounds needs at least two output folders".into(),
        ));
    }
    let map = match &options.map {
        Some(p) => read_map(p)?,
        None => BTreeMap::new(),
    };
    let mut rounds = Vec::new();
    for s in sources {
        let (source, round, excluded, scored) = load(s)?;
        rounds.push((source, round, excluded, scored));
    }
    rounds.sort_by_key(|r| r.1.spec.current_year);
    for w in rounds.windows(2) {
        if w[0].1.spec.current_year == w[1].1.spec.current_year {
            return Err(Error::Rejected(format!(
                "{} and {} are rounds of the same data year {}: a series has one round a year",
                w[0].0.label, w[1].0.label, w[0].1.spec.current_year
            )));
        }
    }
    // The series' indicators: the latest round's, in its order.
    let latest = &rounds[rounds.len() - 1].1.framework;
    let series_ids: Vec<String> = latest.indicators.iter().map(|i| i.id.clone()).collect();
    let mut warnings = Vec::new();
    let map_label = options
        .map
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    for old in map.keys() {
        if !rounds
            .iter()
            .any(|r| r.1.framework.indicators.iter().any(|i| &i.id == old))
        {
            warnings.push(
                Diagnostic::warning(&map_label, "no round's framework has this old id")
                    .zh("没有任何一轮的指标体系含有该旧编号")
                    .column("old_id")
                    .value(old.clone()),
            );
        }
    }
    let mut loaded: Vec<Loaded> = Vec::new();
    for (source, round, excluded, scored) in rounds {
        let columns = columns_of(&round.framework, &series_ids, &map, &source.label)?;
        loaded.push(Loaded {
            source,
            round,
            excluded,
            scored,
            columns,
        });
    }
    let years: Vec<i32> = loaded.iter().map(|l| l.round.spec.current_year).collect();
    let mut imputed: Fills = BTreeMap::new();
    if let Some(method) = options.impute {
        imputed = impute_panel(&mut loaded, &years, series_ids.len(), method)?;
    }
    if options.pooled {
        check_poolable(&loaded, &series_ids)?;
        let mut parts: Vec<PooledRound> = loaded
            .iter_mut()
            .map(|l| PooledRound {
                plan: &l.scored.plan,
                scores: &mut l.scored.scores,
                columns: l.columns.clone(),
            })
            .collect();
        rescore_pooled(&mut parts, series_ids.len());
    }
    let latest = &loaded[loaded.len() - 1].round.framework;
    let dimensions: Vec<Dimension> = latest
        .nodes
        .iter()
        .filter(|n| n.depth == 1)
        .map(|n| Dimension {
            id: n.id.clone(),
            name_zh: n.name_zh.clone(),
            name_en: n.name_en.clone(),
        })
        .collect();
    let standings: Vec<BTreeMap<String, Standing>> = loaded
        .iter()
        .map(|l| standings_of(l, &dimensions))
        .collect();
    let movement = movement_of(&loaded, &standings, dimensions.len());
    let trends = trends_of(&loaded, &series_ids, latest, &years, &imputed);
    Ok(Series {
        rounds: loaded
            .iter()
            .map(|l| SeriesRound {
                label: l.source.label.clone(),
                id: l.round.spec.id.clone(),
                name_zh: l.round.spec.name_zh.clone(),
                name_en: l.round.spec.name_en.clone(),
                year: l.round.spec.current_year,
                clusters: l.scored.clusters.len(),
            })
            .collect(),
        dimensions,
        pooled: options.pooled,
        impute: options.impute,
        movement,
        trends,
        warnings,
    })
}

/// Series indicator k -> index of the indicator of `fw` that is it (its id,
/// or an old id mapped to it); two of one framework mapped to one id is an
/// error.
fn columns_of(
    fw: &Framework,
    series_ids: &[String],
    map: &BTreeMap<String, String>,
    label: &str,
) -> Result<Vec<Option<usize>>, Error> {
    let mut out: Vec<Option<usize>> = vec![None; series_ids.len()];
    for (j, ind) in fw.indicators.iter().enumerate() {
        let id = map.get(&ind.id).unwrap_or(&ind.id);
        if let Some(k) = series_ids.iter().position(|s| s == id) {
            if let Some(first) = out[k] {
                return Err(invalid(
                    label,
                    format!(
                        "indicators {} and {} of this round both stand for {id} of the latest round",
                        fw.indicators[first].id, ind.id
                    ),
                ));
            }
            out[k] = Some(j);
        }
    }
    Ok(out)
}

/// Pooled bounds need every indicator in every round, with the same rule
/// and direction.
fn check_poolable(loaded: &[Loaded], series_ids: &[String]) -> Result<(), Error> {
    let last = &loaded[loaded.len() - 1];
    for (k, id) in series_ids.iter().enumerate() {
        let want = &last.round.framework.indicators[k];
        for l in loaded {
            let why = match l.columns[k] {
                None => Some(format!(
                    "--pooled needs the same indicators in every round: {id} is not in this round's framework (an indicator renamed between versions is matched with --map)"
                )),
                Some(j) => {
                    let ind = &l.round.framework.indicators[j];
                    (ind.rule != want.rule || ind.direction != want.direction).then(|| {
                        format!(
                            "--pooled needs the same scoring rule in every round: {} here is scored as {:?} ({:?}), {id} of the latest round as {:?} ({:?})",
                            ind.id, ind.rule, ind.direction, want.rule, want.direction
                        )
                    })
                }
            };
            if let Some(why) = why {
                return Err(invalid(&l.source.label, why));
            }
        }
    }
    Ok(())
}

/// Fill missing raw values from each cluster's other rounds and score the
/// changed rounds again; the fills by (cluster, series indicator).
fn impute_panel(
    loaded: &mut [Loaded],
    years: &[i32],
    indicators: usize,
    method: PanelMethod,
) -> Result<Fills, Error> {
    let ids: BTreeSet<String> = loaded
        .iter()
        .flat_map(|l| l.round.registry.clusters.iter().map(|c| c.id.clone()))
        .collect();
    // The full matrices (every registry row), as the scorer builds them.
    let mut raws: Vec<score::RawMatrix> = loaded
        .iter()
        .map(|l| score::values::build(&l.round))
        .collect();
    let mut out = BTreeMap::new();
    for id in &ids {
        let rows: Vec<Option<usize>> = loaded
            .iter()
            .map(|l| l.round.registry.index_of(id))
            .collect();
        for k in 0..indicators {
            let points: Vec<(i32, Option<f64>)> = (0..loaded.len())
                .map(|r| {
                    let v = match (rows[r], loaded[r].columns[k]) {
                        (Some(i), Some(j)) => {
                            Some(raws[r].values[j * raws[r].clusters + i]).filter(|v| v.is_finite())
                        }
                        _ => None,
                    };
                    (years[r], v)
                })
                .collect();
            let fills = fill(&points, method);
            let mut any = false;
            for (r, f) in fills.iter().enumerate() {
                if let (Some(f), Some(i), Some(j)) = (f, rows[r], loaded[r].columns[k]) {
                    let n = raws[r].clusters;
                    raws[r].values[j * n + i] = f.value;
                    any = true;
                }
            }
            if any {
                let kept: Vec<Option<Filled>> = fills
                    .into_iter()
                    .enumerate()
                    .map(|(r, f)| f.filter(|_| rows[r].is_some() && loaded[r].columns[k].is_some()))
                    .collect();
                out.insert((id.clone(), k), kept);
            }
        }
    }
    for (l, raw) in loaded.iter_mut().zip(raws) {
        l.scored = score::score_raw(&l.round, &l.excluded, raw).map_err(Error::Invalid)?;
    }
    Ok(out)
}

/// Rank, total and dimension subtotals of every scored cluster of a round.
fn standings_of(l: &Loaded, dimensions: &[Dimension]) -> BTreeMap<String, Standing> {
    let fw = &l.round.framework;
    let (ids, _) = l.scored.labels(&l.round);
    // Standings come in rank order; `cluster` is the scored row.
    let mut ranks = vec![0usize; ids.len()];
    for s in crate::rank::rank(fw, &l.scored, &ids) {
        ranks[s.cluster] = s.rank;
    }
    let nodes: Vec<Option<usize>> = dimensions
        .iter()
        .map(|d| fw.nodes.iter().position(|n| n.id == d.id))
        .collect();
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let s = &l.scored.scores;
            (
                id.clone(),
                Standing {
                    rank: ranks[i],
                    total: s.total(i),
                    dimensions: nodes.iter().map(|k| k.map(|k| s.subtotal(i, k))).collect(),
                },
            )
        })
        .collect()
}

/// The movement rows: every cluster of each round, and those that left.
fn movement_of(
    loaded: &[Loaded],
    standings: &[BTreeMap<String, Standing>],
    dims: usize,
) -> Vec<Movement> {
    let name = |id: &str| {
        loaded
            .iter()
            .rev()
            .find_map(|l| {
                l.round
                    .registry
                    .index_of(id)
                    .map(|i| &l.round.registry.clusters[i])
            })
            .map(|c| (c.name_zh.clone(), c.name_en.clone()))
            .unwrap_or_default()
    };
    // In a round = in its registry (scored or not: a cluster that failed a
    // gate is still in the round, without a standing).
    let registered: Vec<BTreeSet<&String>> = loaded
        .iter()
        .map(|l| l.round.registry.clusters.iter().map(|c| &c.id).collect())
        .collect();
    let mut out = Vec::new();
    for (r, now) in standings.iter().enumerate() {
        let before = r.checked_sub(1).map(|p| &standings[p]);
        let was = r.checked_sub(1).map(|p| &registered[p]);
        let ids: BTreeSet<&String> = registered[r]
            .iter()
            .copied()
            .chain(was.into_iter().flat_map(|b| b.iter().copied()))
            .collect();
        for id in ids {
            let (zh, en) = name(id);
            let (n, b) = (now.get(id), before.and_then(|b| b.get(id)));
            let (is, was_in) = (
                registered[r].contains(id),
                was.is_some_and(|w| w.contains(id)),
            );
            let presence = match (r, is, was_in) {
                (0, _, _) => Presence::First,
                (_, true, true) => Presence::Continuing,
                (_, true, false) => Presence::Entering,
                _ => Presence::Left,
            };
            let (rank_change, total_change, dimension_change) = match (n, b) {
                (Some(n), Some(b)) => (
                    Some(b.rank as i64 - n.rank as i64),
                    Some(n.total - b.total),
                    (0..dims)
                        .map(|k| Some(n.dimensions[k]? - b.dimensions[k]?))
                        .collect(),
                ),
                _ => (None, None, vec![None; dims]),
            };
            out.push(Movement {
                round: r,
                cluster_id: id.clone(),
                name_zh: zh,
                name_en: en,
                presence,
                now: n.cloned(),
                rank_change,
                total_change,
                dimension_change,
            });
        }
    }
    out
}

/// Trends of every cluster's raw indicator values across the rounds.
fn trends_of(
    loaded: &[Loaded],
    series_ids: &[String],
    latest: &Framework,
    years: &[i32],
    imputed: &Fills,
) -> Vec<TrendRow> {
    let ids: BTreeSet<String> = loaded
        .iter()
        .flat_map(|l| l.scored.labels(&l.round).0)
        .collect();
    let mut out = Vec::new();
    for id in &ids {
        for (k, sid) in series_ids.iter().enumerate() {
            let values: Vec<Option<f64>> = loaded
                .iter()
                .map(|l| {
                    let row = l
                        .scored
                        .clusters
                        .iter()
                        .position(|&c| l.round.registry.clusters[c].id == *id)?;
                    let j = l.columns[k]?;
                    let n = l.scored.raw.clusters;
                    Some(l.scored.raw.values[j * n + row]).filter(|v| v.is_finite())
                })
                .collect();
            let points: Vec<(i32, Option<f64>)> =
                years.iter().copied().zip(values.iter().copied()).collect();
            let ind = &latest.indicators[k];
            out.push(TrendRow {
                cluster_id: id.clone(),
                indicator: sid.clone(),
                name_zh: ind.name_zh.clone(),
                name_en: ind.name_en.clone(),
                trend: trend(&points),
                imputed: imputed
                    .get(&(id.clone(), k))
                    .cloned()
                    .unwrap_or_else(|| vec![None; loaded.len()]),
                values,
            });
        }
    }
    out
}
