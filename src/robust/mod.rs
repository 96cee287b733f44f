//! Robustness of the ranking: Monte Carlo over the uncertain choices
//! declared in `[robustness]`, and Sobol sensitivity indices of the rank
//! shift.
//!
//! Preparation scores the cohort once per combination of normalisation and
//! imputation options with the scoring kernel (a handful of fraction
//! matrices). A replication then draws one value of every uncertain choice,
//! builds its weights (perturbed, or with an indicator left out), aggregates
//! (arithmetic or geometric) and ranks with `rank::model::Model`, allocation-free,
//! in parallel with rayon. Replication r draws from its own random stream
//! (seed, r) and writes its own row, so a seed gives the same result on any
//! number of threads.
//!
//! Per cluster: nominal rank (the official score ranking), median and 5th /
//! 95th percentile rank (the smallest rank whose cumulative share reaches
//! the level), mean rank, the probability of being selected (rank <=
//! `select`) and of each grade. Overall: the first-order and total Sobol
//! indices of the mean absolute rank shift (mean over clusters of |rank −
//! nominal rank|) for every uncertain choice.

pub mod config;
pub mod effect;
pub mod factor;
pub mod keys;
pub mod pairwise;
pub mod progress;
pub mod sobol;

use crate::rank::model::{Aggregation, Model, Work};
use crate::rank::Standing;
use crate::rng::Rng;
use crate::score::{kernel, Scored};
use config::{Config, Factor, Imputation, Normalisation};
use progress::Observer;
use rayon::prelude::*;
use serde::Serialize;

/// One cluster's ranks over the replications.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterRobustness {
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub nominal_rank: usize,
    pub median_rank: u32,
    pub p05_rank: u32,
    pub p95_rank: u32,
    pub mean_rank: f64,
    /// Share of replications with rank <= select.
    pub p_selected: f64,
    /// Share of replications in each grade (the framework's order), then
    /// no grade.
    pub p_grade: Vec<f64>,
}

/// Sobol indices of one uncertain choice.
#[derive(Debug, Clone, Serialize)]
pub struct FactorSensitivity {
    pub factor: String,
    pub description: String,
    pub first: sobol::Estimate,
    pub total: sobol::Estimate,
}

/// The whole analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Robustness {
    pub replications: usize,
    pub seed: u64,
    pub select: usize,
    pub sobol_base: usize,
    pub sobol_runs: usize,
    pub bootstrap: usize,
    pub geometric_floor: f64,
    /// The uncertain choices, each with what it varies.
    pub choices: Vec<(String, String)>,
    pub factors: Vec<FactorSensitivity>,
    /// Grade ids (the columns of `p_grade`; the last is "none").
    pub grades: Vec<String>,
    /// Mean over replications of the mean absolute rank shift.
    pub mean_rank_shift: f64,
    /// Ordered by nominal rank.
    pub clusters: Vec<ClusterRobustness>,
    /// The top clusters two by two: the share of replications in which
    /// one ranks ahead of the other.
    pub pairwise: pairwise::Pairwise,
    /// Wall-clock seconds (preparation, Monte Carlo, Sobol); not part of
    /// the outputs, which must not depend on the machine.
    #[serde(skip)]
    pub seconds: [f64; 3],
}

/// A fraction matrix of the cohort under one normalisation / imputation.
struct Variant {
    fractions: Vec<f64>,
    logs: Vec<f64>,
}

/// Everything a replication reads.
pub struct Prepared {
    pub model: Model,
    variants: Vec<Variant>,
    /// With a framework key uncertain: per value, its model and its
    /// fraction matrices (as `variants`).
    keyed: Vec<(Model, Vec<Variant>)>,
    norms: Vec<Normalisation>,
    imps: Vec<Imputation>,
    pub factors: Vec<Factor>,
    /// Official score ranks, per scored row.
    pub nominal_ranks: Vec<u32>,
    seed: u64,
}

fn plan_variant(plan: &kernel::Plan, norm: Normalisation, imp: Imputation) -> kernel::Plan {
    let mut p = plan.clone();
    for col in &mut p.columns {
        if col.rule.is_relative() {
            if let Some(rule) = norm.rule() {
                col.rule = rule;
            }
        }
        if let Some(policy) = imp.policy(&col.missing) {
            col.missing = policy;
        }
    }
    p
}

/// The fraction matrices of a scored cohort under every combination of
/// the normalisation and imputation options.
fn variants_of(
    model: &Model,
    scored: &Scored,
    norms: &[Normalisation],
    imps: &[Imputation],
) -> Vec<Variant> {
    let mut variants = Vec::new();
    for &nm in norms {
        for &im in imps {
            let fractions = if nm == Normalisation::Declared && im == Imputation::Declared {
                scored.scores.fraction.clone()
            } else {
                let plan = plan_variant(&scored.plan, nm, im);
                kernel::score(&scored.raw.values, &plan).fraction
            };
            let logs = model.log_fractions(&fractions);
            variants.push(Variant { fractions, logs });
        }
    }
    variants
}

impl Prepared {
    /// `standings` are the official ones of `scored` (any order).
    pub fn new(
        fw: &crate::framework::Framework,
        scored: &Scored,
        standings: &[Standing],
        config: &Config,
    ) -> Prepared {
        let model = Model::new(fw, scored, config.geometric_floor);
        let norms = config
            .factors
            .iter()
            .find_map(|f| match f {
                Factor::Normalisation(o) => Some(o.clone()),
                _ => None,
            })
            .unwrap_or_else(|| vec![Normalisation::Declared]);
        let imps = config
            .factors
            .iter()
            .find_map(|f| match f {
                Factor::Imputation(o) => Some(o.clone()),
                _ => None,
            })
            .unwrap_or_else(|| vec![Imputation::Declared]);
        let variants = variants_of(&model, scored, &norms, &imps);
        let keyed = config
            .factors
            .iter()
            .find_map(|f| match f {
                Factor::Key { frameworks, .. } => Some(frameworks.0.clone()),
                _ => None,
            })
            .map(|fws| {
                fws.iter()
                    .map(|f| {
                        let s = keys::score_variant(fw, f, scored);
                        let m = Model::new(f, &s, config.geometric_floor);
                        let v = variants_of(&m, &s, &norms, &imps);
                        (m, v)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut nominal_ranks = vec![0u32; scored.scores.clusters];
        for s in standings {
            nominal_ranks[s.cluster] = s.rank as u32;
        }
        Prepared {
            model,
            variants,
            keyed,
            norms,
            imps,
            factors: config.factors.clone(),
            nominal_ranks,
            seed: config.seed,
        }
    }

    /// One replication at the factor values `u` (each in [0, 1)): ranks and
    /// grades into `work`.
    pub fn replicate(&self, u: &[f64], work: &mut Work) {
        let pick = |x: f64, len: usize| ((x * len as f64) as usize).min(len - 1);
        let (mut ni, mut ii) = (0, 0);
        let mut agg = Aggregation::Declared;
        let mut noise: Option<(u64, f64, bool)> = None;
        let mut excluded = None;
        let mut keyed = None;
        for (f, &x) in self.factors.iter().zip(u) {
            match f {
                Factor::Weights { range, normal } => {
                    if *range > 0.0 {
                        noise = Some(((x * (1u64 << 53) as f64) as u64, *range, *normal));
                    }
                }
                Factor::Normalisation(o) => ni = pick(x, o.len()),
                Factor::Imputation(o) => ii = pick(x, o.len()),
                Factor::Aggregation(o) => agg = o[pick(x, o.len())],
                Factor::Exclusion(o) => excluded = o[pick(x, o.len())],
                Factor::Key { values, .. } => keyed = Some(pick(x, values.len())),
            }
        }
        let (model, variants) = match keyed.and_then(|k| self.keyed.get(k)) {
            Some((m, v)) => (m, v),
            None => (&self.model, &self.variants),
        };
        match noise {
            Some((index, range, normal)) => {
                let mut rng = Rng::stream(self.seed ^ 0x7765_6967_6874, index);
                model.weights_into(
                    || {
                        if normal {
                            1.0 + range * rng.normal()
                        } else {
                            1.0 + range * (2.0 * rng.uniform() - 1.0)
                        }
                    },
                    excluded,
                    work,
                );
            }
            None if excluded.is_some() => model.weights_into(|| 1.0, excluded, work),
            None => model.nominal_into(work),
        }
        let v = &variants[ni * self.imps.len() + ii];
        model.evaluate(&v.fractions, &v.logs, agg, work);
    }

    /// Mean absolute rank shift of the ranks in `work`.
    pub fn rank_shift(&self, work: &Work) -> f64 {
        let s: u64 = work
            .ranks
            .iter()
            .zip(&self.nominal_ranks)
            .map(|(&a, &b)| a.abs_diff(b) as u64)
            .sum();
        s as f64 / self.nominal_ranks.len().max(1) as f64
    }

    /// The normalisation and imputation options that were prepared.
    pub fn variant_labels(&self) -> Vec<String> {
        let mut v = Vec::new();
        for n in &self.norms {
            for i in &self.imps {
                v.push(format!("{} / {}", n.as_str(), i.as_str()));
            }
        }
        v
    }
}

impl Prepared {
    /// The prepared case for an external reference implementation (the
    /// NumPy benchmark): the model as JSON and the fraction matrices as
    /// little-endian f64, shape (variants, indicators, clusters).
    pub fn export(&self, config: &Config, select: usize) -> (serde_json::Value, Vec<u8>) {
        let m = &self.model;
        let (ind_parent, node_parent, bottom_up) = m.hierarchy();
        let factors: Vec<serde_json::Value> = self
            .factors
            .iter()
            .map(|f| match f {
                Factor::Weights { range, normal } => {
                    serde_json::json!({"choice": "weights", "range": range, "normal": normal})
                }
                Factor::Normalisation(o) => serde_json::json!({"choice": "normalisation",
                    "options": o.iter().map(|x| x.as_str()).collect::<Vec<_>>()}),
                Factor::Imputation(o) => serde_json::json!({"choice": "imputation",
                    "options": o.iter().map(|x| x.as_str()).collect::<Vec<_>>()}),
                Factor::Aggregation(o) => serde_json::json!({"choice": "aggregation",
                    "options": o.iter().map(|x| x.label()).collect::<Vec<_>>()}),
                Factor::Exclusion(o) => serde_json::json!({"choice": "exclusion", "options": o}),
                Factor::Key { key, values, .. } => {
                    serde_json::json!({"choice": "key", "key": key, "values": values})
                }
            })
            .collect();
        let json = serde_json::json!({
            "clusters": m.clusters,
            "indicators": m.indicators,
            "nodes": m.nodes,
            "total_points": m.total_points,
            "decimals": m.decimals,
            "geometric_floor": m.geometric_floor,
            "ind_parent": ind_parent,
            "node_parent": node_parent,
            "bottom_up": bottom_up,
            "ind_points": m.nominal.indicator,
            "node_points": m.nominal.node,
            "variants": self.variants.len(),
            "variant_labels": self.variant_labels(),
            "norm_options": self.norms.len(),
            "imp_options": self.imps.len(),
            "factors": factors,
            "replications": config.replications,
            "sobol_base": config.sobol_base,
            "bootstrap": config.bootstrap,
            "seed": config.seed,
            "select": select,
            "nominal_ranks": self.nominal_ranks,
        });
        let mut bytes = Vec::new();
        for v in &self.variants {
            for x in &v.fractions {
                bytes.extend_from_slice(&x.to_le_bytes());
            }
        }
        (json, bytes)
    }
}

/// Ranks and grades of every Monte Carlo replication (replication-major).
pub struct MonteCarlo {
    pub replications: usize,
    pub ranks: Vec<u32>,
    pub grades: Vec<u8>,
    pub shifts: Vec<f64>,
}

/// Run `replications` Monte Carlo replications.
pub fn monte_carlo(p: &Prepared, replications: usize, progress: &dyn Observer) -> MonteCarlo {
    let n = p.model.clusters;
    let d = p.factors.len();
    let mut ranks = vec![0u32; replications * n];
    let mut grades = vec![0u8; replications * n];
    let mut shifts = vec![0.0; replications];
    progress::phase(progress, "Monte Carlo", replications, |progress| {
        ranks
            .par_chunks_mut(n.max(1))
            .zip(grades.par_chunks_mut(n.max(1)))
            .zip(shifts.par_iter_mut())
            .enumerate()
            .for_each_init(
                || (p.model.work(), vec![0.0; d]),
                |(work, u), (r, ((rk, gr), shift))| {
                    let mut rng = Rng::stream(p.seed, r as u64);
                    for x in u.iter_mut() {
                        *x = rng.uniform();
                    }
                    p.replicate(u, work);
                    rk.copy_from_slice(&work.ranks);
                    gr.copy_from_slice(&work.grades);
                    *shift = p.rank_shift(work);
                    progress.advance(1);
                },
            );
    });
    MonteCarlo {
        replications,
        ranks,
        grades,
        shifts,
    }
}

/// The outputs of the Sobol design's runs (mean absolute rank shift).
pub fn sobol_outputs(p: &Prepared, design: &sobol::Design, progress: &dyn Observer) -> Vec<f64> {
    let d = p.factors.len();
    progress::phase(progress, "Sobol", design.runs(), |progress| {
        (0..design.runs())
            .into_par_iter()
            .map_init(
                || (p.model.work(), vec![0.0; d]),
                |(work, u), t| {
                    design.point(t, u);
                    p.replicate(u, work);
                    progress.advance(1);
                    p.rank_shift(work)
                },
            )
            .collect()
    })
}

/// Smallest rank whose cumulative count reaches `q` of `total`.
fn quantile(hist: &[u32], total: usize, q: f64) -> u32 {
    let need = (q * total as f64).ceil().max(1.0) as u64;
    let mut c = 0u64;
    for (r, &h) in hist.iter().enumerate() {
        c += h as u64;
        if c >= need {
            return r as u32;
        }
    }
    (hist.len() - 1) as u32
}

/// Everything about the round's robustness; `ids` and `names` per scored
/// row.
#[allow(clippy::too_many_arguments)]
pub fn analyse(
    fw: &crate::framework::Framework,
    scored: &Scored,
    standings: &[Standing],
    ids: &[String],
    names: &[(String, String)],
    config: &Config,
    default_select: usize,
    progress: &dyn Observer,
) -> Robustness {
    let t0 = std::time::Instant::now();
    let p = Prepared::new(fw, scored, standings, config);
    let t_prepare = t0.elapsed().as_secs_f64();
    let n = p.model.clusters;
    let g = p.model.grades();
    let select = config.select.unwrap_or(default_select).min(n.max(1));
    let r = config.replications;
    let mc = monte_carlo(&p, r, progress);
    let mut clusters: Vec<ClusterRobustness> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut hist = vec![0u32; n + 1];
            let mut grades = vec![0u64; g + 1];
            let mut sum = 0u64;
            for rep in 0..r {
                let k = mc.ranks[rep * n + i];
                hist[k as usize] += 1;
                sum += k as u64;
                grades[mc.grades[rep * n + i] as usize] += 1;
            }
            let selected: u64 = hist[..=select].iter().map(|&h| h as u64).sum();
            ClusterRobustness {
                cluster_id: ids[i].clone(),
                name_zh: names[i].0.clone(),
                name_en: names[i].1.clone(),
                nominal_rank: p.nominal_ranks[i] as usize,
                median_rank: quantile(&hist, r, 0.5),
                p05_rank: quantile(&hist, r, 0.05),
                p95_rank: quantile(&hist, r, 0.95),
                mean_rank: sum as f64 / r as f64,
                p_selected: selected as f64 / r as f64,
                p_grade: grades.iter().map(|&c| c as f64 / r as f64).collect(),
            }
        })
        .collect();
    clusters.sort_by(|a, b| {
        a.nominal_rank
            .cmp(&b.nominal_rank)
            .then_with(|| a.cluster_id.cmp(&b.cluster_id))
    });
    let mut top: Vec<usize> = (0..n).collect();
    top.sort_by(|&a, &b| {
        p.nominal_ranks[a]
            .cmp(&p.nominal_ranks[b])
            .then_with(|| ids[a].cmp(&ids[b]))
    });
    let k = config
        .pairwise
        .unwrap_or(select.min(pairwise::DEFAULT_PAIRWISE))
        .min(n);
    top.truncate(k);
    let pairwise = pairwise::pairwise(&mc.ranks, n, r, &top, ids);
    let t_stats = t0.elapsed().as_secs_f64();
    let mut factors = Vec::new();
    let mut sobol_runs = 0;
    if config.sobol_base > 0 {
        let design = sobol::Design::new(config.sobol_base, p.factors.len(), config.seed);
        sobol_runs = design.runs();
        let y = sobol_outputs(&p, &design, progress);
        let idx = sobol::analyse(&design, &y, config.bootstrap, config.seed);
        for (f, ix) in p.factors.iter().zip(idx) {
            factors.push(FactorSensitivity {
                factor: f.label(),
                description: f.describe(fw),
                first: ix.first,
                total: ix.total,
            });
        }
    }
    let mut grades: Vec<String> = fw.grades.iter().map(|x| x.id.clone()).collect();
    grades.push("none".into());
    Robustness {
        replications: r,
        seed: config.seed,
        select,
        sobol_base: config.sobol_base,
        sobol_runs,
        bootstrap: config.bootstrap,
        geometric_floor: config.geometric_floor,
        choices: p
            .factors
            .iter()
            .map(|f| (f.label(), f.describe(fw)))
            .collect(),
        factors,
        grades,
        mean_rank_shift: mc.shifts.iter().sum::<f64>() / r.max(1) as f64,
        clusters,
        pairwise,
        seconds: [
            t_prepare,
            t_stats - t_prepare,
            t0.elapsed().as_secs_f64() - t_stats,
        ],
    }
}
