//! Expert panels (专家评审): from individual score sheets to one panel score
//! per cluster and stage.
//!
//! A reviewer's score for a cluster is the sum of their criterion scores.
//! Scores from a reviewer with a conflict of interest (回避: same city, same
//! employer as the cluster's promotion organisation, or declared in
//! conflicts.csv) are excluded and reported. The rest are aggregated as
//! configured: trimmed mean (drop the single highest and lowest when there
//! are at least `trim_when_at_least` scores), mean or median. Optionally the
//! panel scores of a stage are standardised across tracks: z-scored within
//! each track (sample standard deviation) and rescaled to the stage's pooled
//! mean and sample standard deviation, so that a severe panel does not sink
//! its whole track. Panel diagnostics (reviewer severity, outlying scores)
//! are computed here too; agreement (Kendall's W) is in `agreement`.

use super::inputs::{ProcessInputs, Reviewer};
use super::spec::{Level, PanelAggregation, PanelSpec};
use super::{Process, Reason};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::round_to;
use crate::ingest::{Cluster, Registry};
use serde::Serialize;
use std::collections::BTreeMap;

/// Trimming drops the highest and the lowest score: it needs at least this
/// many to leave one.
pub const MIN_SCORES_TO_TRIM: usize = 3;
/// A panel with fewer used scores than this has no outliers (its standard
/// deviation says too little).
const MIN_SCORES_FOR_OUTLIERS: usize = 3;

/// One reviewer's total for a cluster.
#[derive(Debug, Clone, Serialize)]
pub struct SheetTotal {
    pub reviewer: usize,
    pub total: f64,
}

/// A panel's result for one cluster at one stage.
#[derive(Debug, Clone, Serialize)]
pub struct PanelScore {
    /// Registry index.
    pub cluster: usize,
    pub stage: usize,
    /// Scores used, in reviewer order.
    pub used: Vec<SheetTotal>,
    /// Scores excluded for a conflict of interest, with the reason.
    pub excluded: Vec<(SheetTotal, Vec<Reason>)>,
    /// Reviewers whose scores were dropped by trimming (highest, lowest).
    pub trimmed: Vec<usize>,
    /// The aggregate of the used scores, unrounded.
    pub consensus: f64,
    /// The standardised aggregate, when the stage standardises.
    pub standardised: Option<f64>,
    /// What the stage formula uses: the (standardised) aggregate, rounded.
    pub score: f64,
}

/// Mean of a non-empty slice.
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample standard deviation (n - 1); 0 for fewer than two values.
pub fn sample_sd(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let m = mean(xs);
    (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// Median of a non-empty slice.
pub fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Mean after dropping the single highest and lowest value, when there are
/// at least `at_least` values; the plain mean otherwise.
pub fn trimmed_mean(xs: &[f64], at_least: usize) -> f64 {
    if xs.len() < at_least.max(MIN_SCORES_TO_TRIM) {
        return mean(xs);
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    mean(&v[1..v.len() - 1])
}

/// Aggregate scores as the panel is configured.
pub fn aggregate(xs: &[f64], how: PanelAggregation, trim_at_least: usize) -> f64 {
    match how {
        PanelAggregation::TrimmedMean => trimmed_mean(xs, trim_at_least),
        PanelAggregation::Mean => mean(xs),
        PanelAggregation::Median => median(xs),
    }
}

/// Standardise values across groups: z within each group (sample sd),
/// rescaled to the pooled mean and sample sd. A group of one keeps its
/// value (it cannot be standardised); a group with no spread maps to the
/// pooled mean. Returns the new values and the groups left as they were.
pub fn standardise(values: &[f64], groups: &[usize]) -> (Vec<f64>, Vec<usize>) {
    let pooled_mean = mean(values);
    let pooled_sd = sample_sd(values);
    let mut by: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    for (&v, &g) in values.iter().zip(groups) {
        by.entry(g).or_default().push(v);
    }
    let stats: BTreeMap<usize, (f64, f64, usize)> = by
        .iter()
        .map(|(&g, xs)| (g, (mean(xs), sample_sd(xs), xs.len())))
        .collect();
    let kept: Vec<usize> = stats
        .iter()
        .filter(|(_, s)| s.2 < 2)
        .map(|(&g, _)| g)
        .collect();
    let out = values
        .iter()
        .zip(groups)
        .map(|(&v, g)| {
            let (m, sd, n) = stats[g];
            if n < 2 {
                v
            } else if sd == 0.0 {
                pooled_mean
            } else {
                pooled_mean + pooled_sd * (v - m) / sd
            }
        })
        .collect();
    (out, kept)
}

fn city_key(c: &str) -> &str {
    let c = c.trim();
    c.strip_suffix('市').unwrap_or(c)
}

/// Why a reviewer may not score a cluster (None: no conflict).
pub fn conflict_reason(
    process: &Process,
    inputs: &ProcessInputs,
    reviewer: usize,
    r: &Reviewer,
    cluster_index: usize,
    c: &Cluster,
) -> Option<Vec<Reason>> {
    let mut reasons = Vec::new();
    let rules = &process.panel.conflicts;
    if rules.iter().any(|x| x == "city")
        && !r.city.is_empty()
        && city_key(&r.city) == city_key(&c.city)
    {
        reasons.push(Reason::SameCity {
            city: c.city.clone(),
        });
    }
    if rules.iter().any(|x| x == "employer")
        && !r.employer.is_empty()
        && r.employer.trim() == c.promotion_org.trim()
    {
        reasons.push(Reason::SameEmployer {
            employer: r.employer.clone(),
        });
    }
    for d in &inputs.conflicts {
        if d.reviewer == reviewer && d.cluster == cluster_index {
            reasons.push(Reason::Declared {
                file: std::path::Path::new(&d.at.file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                row: d.at.row,
                note: d.reason.clone(),
            });
        }
    }
    (!reasons.is_empty()).then_some(reasons)
}

/// The conflicts of a diagnostic, in English (diagnostics are English;
/// the reports word them through their catalogue).
fn conflict_note(why: &[Reason]) -> String {
    why.iter()
        .map(|r| match r {
            Reason::SameCity { city } => format!("same city ({city})"),
            Reason::SameEmployer { employer } => format!("same employer ({employer})"),
            Reason::Declared { file, row, note } if note.is_empty() => {
                format!("declared ({file}, row {row})")
            }
            Reason::Declared { file, row, note } => format!("declared ({file}, row {row}): {note}"),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `conflict_note` in Chinese.
fn conflict_note_zh(why: &[Reason]) -> String {
    why.iter()
        .map(|r| match r {
            Reason::SameCity { city } => format!("同城（{city}）"),
            Reason::SameEmployer { employer } => format!("同单位（{employer}）"),
            Reason::Declared { file, row, note } if note.is_empty() => {
                format!("本人申报回避（{file} 第 {row} 行）")
            }
            Reason::Declared { file, row, note } => {
                format!("本人申报回避（{file} 第 {row} 行）：{note}")
            }
            _ => "其他回避事由".to_string(),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// Each reviewer's total per (cluster, stage), in reviewer order.
pub fn sheet_totals(inputs: &ProcessInputs) -> BTreeMap<(usize, usize), Vec<SheetTotal>> {
    let mut sums: BTreeMap<(usize, usize, usize), f64> = BTreeMap::new();
    for r in &inputs.reviews {
        *sums.entry((r.cluster, r.stage, r.reviewer)).or_insert(0.0) += r.score;
    }
    let mut out: BTreeMap<(usize, usize), Vec<SheetTotal>> = BTreeMap::new();
    for ((cluster, stage, reviewer), total) in sums {
        out.entry((cluster, stage))
            .or_default()
            .push(SheetTotal { reviewer, total });
    }
    for v in out.values_mut() {
        v.sort_by_key(|s| s.reviewer);
    }
    out
}

/// The panel scores of `members` (registry indices) at `stage`. Small
/// panels are reported as the process says; a cluster with no usable score
/// is an error.
pub fn panel_scores(
    process: &Process,
    registry: &Registry,
    inputs: &ProcessInputs,
    totals: &BTreeMap<(usize, usize), Vec<SheetTotal>>,
    stage: usize,
    members: &[usize],
    diags: &mut Diagnostics,
) -> Vec<PanelScore> {
    let st = &process.stages[stage];
    let cfg = &process.panel;
    let reviews_file = inputs
        .reviews
        .first()
        .map(|r| r.at.file.clone())
        .unwrap_or_else(|| "reviews.csv".into());
    let mut out = Vec::new();
    for &c in members {
        let cluster = &registry.clusters[c];
        let mut used = Vec::new();
        let mut excluded = Vec::new();
        for s in totals.get(&(c, stage)).cloned().unwrap_or_default() {
            let r = &inputs.reviewers[s.reviewer];
            match conflict_reason(process, inputs, s.reviewer, r, c, cluster) {
                Some(why) => excluded.push((s, why)),
                None => used.push(s),
            }
        }
        for (s, why) in &excluded {
            let rid = &inputs.reviewers[s.reviewer].id;
            diags.push(
                Diagnostic::warning(
                    &reviews_file,
                    format!(
                        "conflict of interest: the score of reviewer {rid} for cluster {} at {} is excluded: {}",
                        cluster.id, st.id, conflict_note(why)
                    ),
                )
                .zh(format!(
                    "利益回避：评审专家 {rid} 在{}给集群 {} 的评分不予采用：{}",
                    st.zh(),
                    cluster.id,
                    conflict_note_zh(why)
                ))
                .column(format!("{rid} / {}", cluster.id)),
            );
        }
        let n = used.len();
        if n == 0 || n < cfg.min_scores {
            let msg = format!(
                "panel too small: cluster {} has {n} usable score(s) at {} after {} exclusion(s) for conflicts of interest; at least {} are required",
                cluster.id,
                st.id,
                excluded.len(),
                cfg.min_scores
            );
            let zh = format!(
                "评审组人数不足：集群 {} 在{}因利益回避排除 {} 个评分后只余 {n} 个有效评分，至少需要 {} 个",
                cluster.id,
                st.zh(),
                excluded.len(),
                cfg.min_scores
            );
            let d = if n == 0 || cfg.small_panel == Level::Error {
                Diagnostic::error(&reviews_file, msg)
            } else {
                Diagnostic::warning(&reviews_file, msg)
            };
            let d = d.zh(zh);
            diags.push(d.column(format!("{} / {}", cluster.id, st.id)));
            if n == 0 {
                continue;
            }
        }
        let xs: Vec<f64> = used.iter().map(|s| s.total).collect();
        let consensus = aggregate(&xs, cfg.aggregation, cfg.trim_when_at_least);
        out.push(PanelScore {
            cluster: c,
            stage,
            trimmed: trimmed_reviewers(&used, cfg),
            used,
            excluded,
            consensus,
            standardised: None,
            score: round_to(consensus, process.decimals),
        });
    }
    if st.standardise && out.len() >= 2 {
        standardise_stage(process, registry, stage, &mut out, &reviews_file, diags);
    }
    out
}

/// The reviewers a trimmed mean drops: the highest and the lowest score.
/// Among equal scores, the reviewer first in reviewers.csv (index order);
/// the lowest is one of the others, so that when every score is the same
/// two different reviewers are named (the first for the highest, the next
/// for the lowest). The mean does not depend on which.
fn trimmed_reviewers(used: &[SheetTotal], cfg: &PanelSpec) -> Vec<usize> {
    if cfg.aggregation != PanelAggregation::TrimmedMean
        || used.len() < cfg.trim_when_at_least.max(MIN_SCORES_TO_TRIM)
    {
        return vec![];
    }
    let Some(hi) = used
        .iter()
        .max_by(|a, b| {
            a.total
                .total_cmp(&b.total)
                .then(b.reviewer.cmp(&a.reviewer))
        })
        .map(|s| s.reviewer)
    else {
        return vec![];
    };
    let lo = used
        .iter()
        .filter(|s| s.reviewer != hi)
        .min_by(|a, b| {
            a.total
                .total_cmp(&b.total)
                .then(a.reviewer.cmp(&b.reviewer))
        })
        .map(|s| s.reviewer);
    std::iter::once(hi).chain(lo).collect()
}

/// Standardise a stage's panel scores across tracks; a track with a single
/// cluster keeps its score, with a warning.
fn standardise_stage(
    process: &Process,
    registry: &Registry,
    stage: usize,
    scores: &mut [PanelScore],
    reviews_file: &str,
    diags: &mut Diagnostics,
) {
    let st = &process.stages[stage];
    let values: Vec<f64> = scores.iter().map(|p| p.consensus).collect();
    let tracks: Vec<&str> = scores
        .iter()
        .map(|p| registry.clusters[p.cluster].track.as_str())
        .collect();
    let mut names: Vec<&str> = tracks.clone();
    names.sort();
    names.dedup();
    let groups: Vec<usize> = tracks
        .iter()
        .map(|t| names.iter().position(|x| x == t).unwrap_or(0))
        .collect();
    let (std, kept) = standardise(&values, &groups);
    for g in kept {
        diags.push(
            Diagnostic::warning(
                reviews_file,
                format!(
                    "track {} has a single cluster at {}: its panel score cannot be standardised and is used as it is",
                    names[g], st.id
                ),
            )
            .zh(format!(
                "赛道 {} 在{}只有一个集群：其评审得分无法标准化，按原值使用",
                names[g],
                st.zh()
            ))
            .column(st.id.clone()),
        );
    }
    for (p, v) in scores.iter_mut().zip(std) {
        p.standardised = Some(v);
        p.score = round_to(v, process.decimals);
    }
}

/// A score far from its panel.
#[derive(Debug, Clone, Serialize)]
pub struct Outlier {
    pub reviewer: usize,
    pub cluster: usize,
    pub stage: usize,
    pub score: f64,
    pub panel_mean: f64,
    pub z: f64,
}

/// Scores with |z| above the threshold within their panel (panels of at
/// least three used scores with some spread).
pub fn outliers(panels: &[PanelScore], threshold: f64) -> Vec<Outlier> {
    let mut out = Vec::new();
    for p in panels {
        let xs: Vec<f64> = p.used.iter().map(|s| s.total).collect();
        if xs.len() < MIN_SCORES_FOR_OUTLIERS {
            continue;
        }
        let (m, sd) = (mean(&xs), sample_sd(&xs));
        if sd == 0.0 {
            continue;
        }
        for s in &p.used {
            let z = (s.total - m) / sd;
            if z.abs() > threshold {
                out.push(Outlier {
                    reviewer: s.reviewer,
                    cluster: p.cluster,
                    stage: p.stage,
                    score: s.total,
                    panel_mean: m,
                    z,
                });
            }
        }
    }
    out
}

/// A reviewer's record at one stage.
#[derive(Debug, Clone, Serialize)]
pub struct Severity {
    pub reviewer: usize,
    pub stage: usize,
    /// Scores used.
    pub scored: usize,
    /// Scores excluded for conflicts of interest.
    pub excluded: usize,
    pub mean_score: f64,
    /// Mean of (own score - panel consensus): negative is severe, positive lenient.
    pub severity: f64,
    pub outliers: usize,
}

/// Every reviewer's severity at a stage, in reviewer order.
pub fn severities(panels: &[PanelScore], outliers: &[Outlier], reviewers: usize) -> Vec<Severity> {
    let mut out = Vec::new();
    let stages: Vec<usize> = {
        let mut s: Vec<usize> = panels.iter().map(|p| p.stage).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    for stage in stages {
        for r in 0..reviewers {
            let mut own = Vec::new();
            let mut dev = Vec::new();
            let mut excluded = 0;
            for p in panels.iter().filter(|p| p.stage == stage) {
                if let Some(s) = p.used.iter().find(|s| s.reviewer == r) {
                    own.push(s.total);
                    dev.push(s.total - p.consensus);
                }
                excluded += p.excluded.iter().filter(|(s, _)| s.reviewer == r).count();
            }
            if own.is_empty() && excluded == 0 {
                continue;
            }
            out.push(Severity {
                reviewer: r,
                stage,
                scored: own.len(),
                excluded,
                mean_score: if own.is_empty() { f64::NAN } else { mean(&own) },
                severity: if dev.is_empty() { f64::NAN } else { mean(&dev) },
                outliers: outliers
                    .iter()
                    .filter(|o| o.reviewer == r && o.stage == stage)
                    .count(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_mean_by_hand() {
        // 7 scores: drop 95 and 70; (80+82+85+88+90)/5 = 425/5 = 85.
        let xs = [82.0, 95.0, 70.0, 88.0, 85.0, 80.0, 90.0];
        assert_eq!(trimmed_mean(&xs, 5), 85.0);
        // 4 scores, below the threshold of 5: plain mean (70+80+90+100)/4 = 85.
        assert_eq!(trimmed_mean(&[70.0, 80.0, 90.0, 100.0], 5), 85.0);
        // Exactly 5: drop 60 and 100: (70+75+80)/3 = 75.
        assert_eq!(trimmed_mean(&[100.0, 60.0, 75.0, 70.0, 80.0], 5), 75.0);
        // Tied extremes: only one of each is dropped: [80, 80, 80, 90, 90] -> (80+80+90)/3.
        let t = trimmed_mean(&[90.0, 80.0, 80.0, 90.0, 80.0], 5);
        assert!((t - 250.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn the_trimmed_reviewers_are_the_first_of_equal_scores_and_never_one_twice() {
        let cfg = PanelSpec {
            aggregation: PanelAggregation::TrimmedMean,
            trim_when_at_least: 5,
            ..PanelSpec::default()
        };
        let sheets = |totals: &[f64]| -> Vec<SheetTotal> {
            totals
                .iter()
                .enumerate()
                .map(|(reviewer, &total)| SheetTotal { reviewer, total })
                .collect()
        };
        // Highest 90 by reviewers 0 and 2, lowest 70 by 3 and 4: the first
        // of each is named.
        let used = sheets(&[90.0, 80.0, 90.0, 70.0, 70.0]);
        assert_eq!(trimmed_reviewers(&used, &cfg), vec![0, 3]);
        // Every score the same: reviewer 0 for the highest, 1 for the lowest.
        let used = sheets(&[80.0; 5]);
        assert_eq!(trimmed_reviewers(&used, &cfg), vec![0, 1]);
        // Fewer than 5: nothing trimmed.
        assert!(trimmed_reviewers(&sheets(&[80.0; 4]), &cfg).is_empty());
    }

    #[test]
    fn median_by_hand() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[7.5]), 7.5);
    }

    #[test]
    fn standardisation_by_hand() {
        // Track A (lenient): 90, 80 -> mean 85, sd 7.0710678.
        // Track B (severe): 70, 60, 50 -> mean 60, sd 10.
        // Pooled: mean 70, sd sqrt(((20^2)+(10^2)+0+(10^2)+(20^2))/4) = sqrt(250) = 15.8113883.
        // A: 70 + 15.8113883 * (+-0.70710678) = 70 +- 11.1803399 -> 81.1803399, 58.8196601.
        // B: 70 + 15.8113883 * (1, 0, -1) -> 85.8113883, 70, 54.1886117.
        let (v, kept) = standardise(&[90.0, 80.0, 70.0, 60.0, 50.0], &[0, 0, 1, 1, 1]);
        let expect = [
            81.180_339_887_498_95,
            58.819_660_112_501_05,
            85.811_388_300_841_9,
            70.0,
            54.188_611_699_158_1,
        ];
        for (a, b) in v.iter().zip(expect) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        assert!(kept.is_empty());
        // A group of one keeps its value and is reported.
        let (v, kept) = standardise(&[90.0, 80.0, 70.0], &[0, 0, 1]);
        assert_eq!(v[2], 70.0);
        assert_eq!(kept, vec![1]);
    }

    #[test]
    fn outlier_and_severity() {
        // Panel of 6: five at 80, one at 50. mean 75, sd sqrt(5*25+625)/5 = sqrt(150) = 12.247;
        // z(50) = -25/12.247 = -2.04 -> outlier at threshold 2; z(80) = 0.41.
        let used: Vec<SheetTotal> = [80.0, 80.0, 80.0, 80.0, 80.0, 50.0]
            .iter()
            .enumerate()
            .map(|(r, &t)| SheetTotal {
                reviewer: r,
                total: t,
            })
            .collect();
        let p = PanelScore {
            cluster: 0,
            stage: 0,
            used,
            excluded: vec![],
            trimmed: vec![],
            consensus: 80.0,
            standardised: None,
            score: 80.0,
        };
        let o = outliers(std::slice::from_ref(&p), 2.0);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].reviewer, 5);
        assert!((o[0].z + 25.0 / 150f64.sqrt()).abs() < 1e-12);
        let s = severities(&[p], &o, 6);
        assert_eq!(s[5].severity, -30.0);
        assert_eq!(s[5].outliers, 1);
        assert_eq!(s[0].severity, 0.0);
    }
}
