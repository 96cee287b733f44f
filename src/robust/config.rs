//! `[robustness]` (in round.toml, or a file given to `sensitivity
//! --config`): how many replications, which seed, and the uncertain
//! choices, each one factor of the sensitivity analysis.
//!
//! ```toml
//! [robustness]
//! replications = 10000   # Monte Carlo replications
//! seed = 2024
//! select = 10            # "selected" = ranked in the top 10
//! sobol_base = 1024      # Saltelli base sample N (0: no Sobol indices)
//! bootstrap = 1000       # resamples for the confidence intervals
//!
//! [[robustness.uncertain]]
//! choice = "weights"     # every weight x U(1 - range, 1 + range)
//! range = 0.25           # (distribution = "normal": x N(1, range))
//!
//! [[robustness.uncertain]]
//! choice = "normalisation"
//! options = ["declared", "minmax", "zscore", "rank"]
//! ```

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::Framework;
use crate::rank::model::{Aggregation, GEOMETRIC_FLOOR};
use serde::Deserialize;

mod options;
pub use options::{normalisation_no_effect, Imputation, Normalisation};

pub use super::factor::Factor;

/// The options of `choice = "aggregation"`: `declared` (each node as the
/// framework says), `arithmetic`, `geometric`, `harmonic`, `copeland`, or
/// `generalised_mean(p=2)`; all but `declared` apply to every node. By
/// default arithmetic and geometric.
fn aggregation_options(given: Option<&[String]>) -> Result<Vec<Aggregation>, (String, String)> {
    const EXPECTED: &str = "unknown option; expected declared, arithmetic, geometric, harmonic, copeland or generalised_mean(p=<number other than 0>)";
    let Some(given) = given else {
        return Ok(vec![Aggregation::Arithmetic, Aggregation::Geometric]);
    };
    if given.is_empty() {
        return Err((String::new(), "no options".into()));
    }
    given
        .iter()
        .map(|x| {
            Ok(match x.trim() {
                "declared" => Aggregation::Declared,
                "arithmetic" => Aggregation::Arithmetic,
                "geometric" => Aggregation::Geometric,
                "harmonic" => Aggregation::Harmonic,
                "copeland" => Aggregation::Copeland,
                t => {
                    let p = t
                        .strip_prefix("generalised_mean(p=")
                        .or_else(|| t.strip_prefix("generalized_mean(p="))
                        .and_then(|r| r.strip_suffix(')'))
                        .and_then(|p| p.trim().parse::<f64>().ok())
                        .filter(|p| p.is_finite() && *p != 0.0);
                    match p {
                        Some(p) => Aggregation::GeneralisedMean(p),
                        None => return Err((x.clone(), EXPECTED.into())),
                    }
                }
            })
        })
        .collect()
}

/// The analysis settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub replications: usize,
    pub seed: u64,
    /// "Selected" = ranked at or above this place; None = a quarter.
    pub select: Option<usize>,
    pub sobol_base: usize,
    pub bootstrap: usize,
    pub geometric_floor: f64,
    pub factors: Vec<Factor>,
    /// `pairwise = N`: the clusters compared two by two (None: `select`,
    /// at most `pairwise::DEFAULT_PAIRWISE`).
    pub pairwise: Option<usize>,
}

/// The largest settings: far above any analysis worth running, and what
/// they allocate stays bounded (the memory estimate checks the rest).
pub const MAX_REPLICATIONS: usize = 10_000_000;
pub const MAX_SOBOL_BASE: usize = 1_000_000;
pub const MAX_BOOTSTRAP: usize = 100_000;
pub const MAX_SELECT: usize = 1_000_000;
/// Memory the analysis may hold, estimated before it runs.
pub const MEMORY_BUDGET: u64 = 2 << 30;

/// What each count accepts, as its error says it.
fn expected(key: &str) -> String {
    match key {
        "replications" => {
            format!("expected a whole number of replications from 1 to {MAX_REPLICATIONS}")
        }
        "sobol_base" => format!(
            "expected 0 (no Sobol indices) or a base sample from 2 to {MAX_SOBOL_BASE} (hundreds for stable indices)"
        ),
        "bootstrap" => format!(
            "expected a whole number of resamples from 1 to {MAX_BOOTSTRAP} (for the confidence intervals of the Sobol indices)"
        ),
        "select" => {
            format!("expected a place from 1 to {MAX_SELECT} (\"selected\" = ranked at or above it)")
        }
        "pairwise" => format!(
            "expected a number of clusters from 2 to {} (the top N compared two by two)",
            super::pairwise::MAX_PAIRWISE
        ),
        _ => "expected a whole number".into(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    // The counts are read as any TOML value, so that a negative number, a
    // float or a string is an error naming its key.
    replications: Option<toml::Value>,
    seed: Option<u64>,
    select: Option<toml::Value>,
    sobol_base: Option<toml::Value>,
    bootstrap: Option<toml::Value>,
    pairwise: Option<toml::Value>,
    geometric_floor: Option<f64>,
    #[serde(default)]
    uncertain: Vec<RawFactor>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFactor {
    #[serde(default)]
    choice: String,
    key: Option<String>,
    values: Option<Vec<toml::Value>>,
    range: Option<f64>,
    distribution: Option<String>,
    options: Option<Vec<String>>,
    indicators: Option<Vec<String>>,
}

/// Read a `[robustness]` table; `file` and `prefix` locate problems.
pub fn parse(
    value: &toml::Value,
    fw: &Framework,
    file: &str,
    prefix: &str,
) -> Result<Config, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut err = |key: String, value: String, msg: String| {
        let mut d = Diagnostic::error(file, msg).column(key);
        if !value.is_empty() {
            d.value = Some(value);
        }
        diags.push(d);
    };
    let raw: RawConfig = match value.clone().try_into() {
        Ok(r) => r,
        Err(e) => {
            err(prefix.to_string(), String::new(), e.message().to_string());
            return Err(diags);
        }
    };
    let mut count = |key: &str, value: &Option<toml::Value>| match value {
        None => None,
        Some(toml::Value::Integer(n)) if *n >= 0 => Some(usize::try_from(*n).unwrap_or(usize::MAX)),
        Some(other) => {
            err(format!("{prefix}.{key}"), other.to_string(), expected(key));
            None
        }
    };
    let replications = count("replications", &raw.replications);
    let select = count("select", &raw.select);
    let sobol_base = count("sobol_base", &raw.sobol_base);
    let bootstrap = count("bootstrap", &raw.bootstrap);
    let pairwise = count("pairwise", &raw.pairwise);
    let mut factors: Vec<Factor> = Vec::new();
    for (i, f) in raw.uncertain.iter().enumerate() {
        let key = format!("{prefix}.uncertain[{}]", i + 1);
        let options = |all: &[&str]| -> Result<Vec<String>, (String, String, String)> {
            let o = f
                .options
                .clone()
                .unwrap_or_else(|| all.iter().map(|s| s.to_string()).collect());
            if o.is_empty() {
                return Err((format!("{key}.options"), String::new(), "no options".into()));
            }
            for x in &o {
                if !all.contains(&x.as_str()) {
                    return Err((
                        format!("{key}.options"),
                        x.clone(),
                        format!("unknown option; expected {}", all.join(", ")),
                    ));
                }
            }
            Ok(o)
        };
        let factor = match f.choice.as_str() {
            "" | "key" if f.key.is_some() => {
                if factors.iter().any(|x| matches!(x, Factor::Key { .. })) {
                    err(
                        format!("{key}.key"),
                        f.key.clone().unwrap_or_default(),
                        "one framework key may be uncertain in an analysis: declare the others' values in the framework file".into(),
                    );
                    continue;
                }
                let path = f.key.clone().unwrap_or_default();
                let values = f.values.clone().unwrap_or_default();
                match super::keys::resolve(fw, &path, &values, file, &key) {
                    Ok(frameworks) => Factor::Key {
                        key: path,
                        values: values.iter().map(|v| v.to_string()).collect(),
                        frameworks: super::keys::Variants(std::sync::Arc::new(frameworks)),
                    },
                    Err(d) => {
                        for x in d.items {
                            err(
                                x.column.unwrap_or_default(),
                                x.value.unwrap_or_default(),
                                x.message,
                            );
                        }
                        continue;
                    }
                }
            }
            "weights" => {
                let range = f.range.unwrap_or(0.25);
                if !matches!(f.distribution.as_deref(), None | Some("uniform" | "normal")) {
                    err(
                        format!("{key}.distribution"),
                        f.distribution.clone().unwrap_or_default(),
                        "expected uniform or normal".into(),
                    );
                    continue;
                }
                if !(0.0..1.0).contains(&range) && f.distribution.as_deref() != Some("normal") {
                    err(
                        format!("{key}.range"),
                        range.to_string(),
                        "expected a relative range from 0 to below 1 (0.25 = ±25 %)".into(),
                    );
                    continue;
                }
                let normal = match f.distribution.as_deref() {
                    None | Some("uniform") => false,
                    Some("normal") => true,
                    Some(o) => {
                        err(
                            format!("{key}.distribution"),
                            o.into(),
                            "expected uniform or normal".into(),
                        );
                        continue;
                    }
                };
                if !(range >= 0.0 && range.is_finite()) {
                    err(
                        format!("{key}.range"),
                        range.to_string(),
                        "expected a number >= 0".into(),
                    );
                    continue;
                }
                Factor::Weights { range, normal }
            }
            "normalisation" | "normalization" => {
                let names = Normalisation::ALL.map(|n| n.as_str());
                match options(&names) {
                    Ok(o) => Factor::Normalisation(
                        o.iter()
                            .filter_map(|x| {
                                Normalisation::ALL.into_iter().find(|n| n.as_str() == x)
                            })
                            .collect(),
                    ),
                    Err((k, v, m)) => {
                        err(k, v, m);
                        continue;
                    }
                }
            }
            "imputation" => match options(&Imputation::ALL.map(|n| n.as_str())) {
                Ok(o) => {
                    let o: Vec<Imputation> = o
                        .iter()
                        .filter_map(|x| Imputation::ALL.into_iter().find(|n| n.as_str() == x))
                        .collect();
                    let grouped = [Imputation::GroupMean, Imputation::GroupMedian];
                    let ungrouped: Vec<&str> = fw
                        .indicators
                        .iter()
                        .filter(|i| i.missing.group().is_none())
                        .map(|i| i.id.as_str())
                        .collect();
                    if let Some(g) = o.iter().find(|x| grouped.contains(x)) {
                        if !ungrouped.is_empty() {
                            err(
                                format!("{key}.options"),
                                g.as_str().into(),
                                format!(
                                    "{} imputes within the group each indicator's missing policy names, but these indicators name none (missing = \"group_mean\" or \"group_median\" with `group`): {}",
                                    g.as_str(),
                                    ungrouped.join(", ")
                                ),
                            );
                            continue;
                        }
                    }
                    Factor::Imputation(o)
                }
                Err((k, v, m)) => {
                    err(k, v, m);
                    continue;
                }
            },
            "aggregation" => match aggregation_options(f.options.as_deref()) {
                Ok(o) => Factor::Aggregation(o),
                Err((v, m)) => {
                    err(format!("{key}.options"), v, m);
                    continue;
                }
            },
            "exclusion" => {
                if f.options.is_some() {
                    err(
                        format!("{key}.options"),
                        String::new(),
                        "exclusion takes `indicators` (the ids that may be left out), not `options`".into(),
                    );
                    continue;
                }
                let ids: Vec<String> = f
                    .indicators
                    .clone()
                    .unwrap_or_else(|| fw.indicators.iter().map(|i| i.id.clone()).collect());
                let mut opts = vec![None];
                let mut ok = true;
                for id in &ids {
                    match fw.indicators.iter().position(|i| &i.id == id) {
                        Some(j) if opts.contains(&Some(j)) => {
                            err(
                                format!("{key}.indicators"),
                                id.clone(),
                                "listed twice (it would be left out twice as often)".into(),
                            );
                            ok = false;
                        }
                        Some(j) => opts.push(Some(j)),
                        None => {
                            err(
                                format!("{key}.indicators"),
                                id.clone(),
                                "no such indicator in the framework".into(),
                            );
                            ok = false;
                        }
                    }
                }
                if !ok {
                    continue;
                }
                Factor::Exclusion(opts)
            }
            other => {
                err(
                    format!("{key}.choice"),
                    other.into(),
                    "expected weights, normalisation, imputation, aggregation or exclusion (or key = \"<key path>\" with values = [...])".into(),
                );
                continue;
            }
        };
        if factors.iter().any(|x| x.label() == factor.label()) {
            err(
                format!("{key}.choice"),
                f.choice.clone(),
                "this choice is already declared uncertain".into(),
            );
            continue;
        }
        factors.push(factor);
    }
    if raw.uncertain.is_empty() {
        err(
            format!("{prefix}.uncertain"),
            String::new(),
            "no uncertain choice declared ([[robustness.uncertain]] with choice = weights, normalisation, imputation, aggregation or exclusion)".into(),
        );
    }
    let floor = raw.geometric_floor.unwrap_or(GEOMETRIC_FLOOR);
    if !(floor > 0.0 && floor <= 1.0) {
        err(
            format!("{prefix}.geometric_floor"),
            floor.to_string(),
            "expected a fraction above 0 and at most 1".into(),
        );
    }
    let config = Config {
        replications: replications.unwrap_or(1000),
        seed: raw.seed.unwrap_or(1),
        select,
        sobol_base: sobol_base.unwrap_or(512),
        bootstrap: bootstrap.unwrap_or(1000),
        geometric_floor: floor,
        factors,
        pairwise,
    };
    diags.extend(config.validate(file, prefix));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(config)
}

impl Config {
    /// The counts that must make sense (checked again after command-line
    /// overrides, with an empty `prefix`: the keys are then the flags).
    pub fn validate(&self, file: &str, prefix: &str) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let mut err = |key: &str, value: usize, msg: &str| {
            let key = if prefix.is_empty() {
                format!("--{}", key.replace('_', "-"))
            } else {
                format!("{prefix}.{key}")
            };
            let mut d = Diagnostic::error(file, msg).column(key);
            d.value = Some(value.to_string());
            diags.push(d);
        };
        if !(1..=MAX_REPLICATIONS).contains(&self.replications) {
            err("replications", self.replications, &expected("replications"));
        }
        if self.sobol_base == 1 || self.sobol_base > MAX_SOBOL_BASE {
            err("sobol_base", self.sobol_base, &expected("sobol_base"));
        }
        if self.bootstrap > MAX_BOOTSTRAP || (self.sobol_base > 0 && self.bootstrap == 0) {
            err("bootstrap", self.bootstrap, &expected("bootstrap"));
        }
        if let Some(select) = self.select.filter(|s| !(1..=MAX_SELECT).contains(s)) {
            err("select", select, &expected("select"));
        }
        let pairs = 2..=super::pairwise::MAX_PAIRWISE;
        if let Some(k) = self.pairwise.filter(|k| !pairs.contains(k)) {
            err("pairwise", k, &expected("pairwise"));
        }
        diags
    }

    /// Bytes the analysis holds for `clusters` clusters: the Monte Carlo
    /// keeps every replication's ranks (u32) and grades (u8) and a rank
    /// shift (f64); the Sobol design its two matrices, its outputs and
    /// the bootstrap's indices; per cluster, a histogram of ranks.
    pub fn memory_estimate(&self, clusters: usize) -> u64 {
        let (r, n) = (self.replications as u64, clusters as u64);
        let d = self.factors.len() as u64;
        let (base, boot) = (self.sobol_base as u64, self.bootstrap as u64);
        let monte_carlo = r
            .saturating_mul(n)
            .saturating_mul(5)
            .saturating_add(r.saturating_mul(8));
        let histograms = n.saturating_mul(n + 1).saturating_mul(4);
        let sobol = base
            .saturating_mul(d * 2 + d + 2 + 1)
            .saturating_add(boot.saturating_mul(d * 2))
            .saturating_mul(8);
        monte_carlo.saturating_add(histograms).saturating_add(sobol)
    }
}

/// A size in GiB (or MiB below one GiB), for a message.
fn size_text(bytes: u64) -> String {
    let mib = bytes as f64 / (1u64 << 20) as f64;
    if bytes % (1 << 30) == 0 {
        format!("{} GiB", bytes >> 30)
    } else if mib >= 1024.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.0} MiB")
    }
}

/// What a command asks of the robustness analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Run it when the round declares `[robustness]` (`run`).
    #[default]
    IfDeclared,
    /// Check the declaration, do not run it (`check`).
    CheckOnly,
    /// The analysis is the point: a round without `[robustness]` is
    /// refused with an error that says what to add (`sensitivity`).
    Required,
}

/// Command-line overrides of the `[robustness]` settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub replications: Option<usize>,
    pub sobol_base: Option<usize>,
    pub seed: Option<u64>,
    pub bootstrap: Option<usize>,
}

/// The raw request, as the command line gives it: the mode, a
/// `[robustness]` table from another file (value, file label) instead of
/// round.toml's, and the overrides.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub mode: Mode,
    pub table: Option<(toml::Value, String)>,
    pub overrides: Overrides,
}

/// Resolve the request against the round's own `[robustness]` table
/// (`declared`, in `round_file`) once: the settings the analysis runs
/// with, flag overrides applied and checked, or `None` when there is
/// nothing to run (not declared, `CheckOnly`, or an error, which is in
/// `diags`). `scored` is the number of clusters ranked.
pub fn resolve(
    request: &Request,
    declared: Option<&toml::Value>,
    round_file: &str,
    fw: &Framework,
    scored: usize,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let source = match &request.table {
        Some((v, file)) => Some((v, file.as_str())),
        None => declared.map(|v| (v, round_file)),
    };
    let Some((table, file)) = source else {
        if request.mode == Mode::Required {
            diags.push(
                Diagnostic::error(
                    round_file,
                    "no [robustness] section: declare the uncertain choices in round.toml or give --config FILE",
                )
                .column("robustness"),
            );
        }
        return None;
    };
    let mut config = match parse(table, fw, file, "robustness") {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    if let Some(d) = normalisation_no_effect(&config, fw, file) {
        diags.push(d);
    }
    let o = request.overrides;
    config.replications = o.replications.unwrap_or(config.replications);
    config.sobol_base = o.sobol_base.unwrap_or(config.sobol_base);
    config.seed = o.seed.unwrap_or(config.seed);
    config.bootstrap = o.bootstrap.unwrap_or(config.bootstrap);
    let problems = config.validate("command line", "");
    let mut ok = !problems.has_errors();
    diags.extend(problems);
    let memory = config.memory_estimate(scored);
    if ok && memory > MEMORY_BUDGET {
        ok = false;
        let (file, key) = match o.replications {
            Some(_) => ("command line", "--replications".to_string()),
            None => (file, "robustness.replications".to_string()),
        };
        diags.push(
            Diagnostic::error(
                file,
                format!(
                    "the analysis would hold about {} ({} replications x {scored} clusters of ranks and grades, and the Sobol design), more than the {} it may use: ask for fewer replications",
                    size_text(memory),
                    config.replications,
                    size_text(MEMORY_BUDGET)
                ),
            )
            .column(key)
            .value(config.replications.to_string()),
        );
    }
    if let Some(select) = config.select.filter(|&s| s > scored) {
        diags.push(Diagnostic::warning(
            file,
            format!(
                "select = {select} is more than the {scored} scored clusters: every cluster counts as selected"
            ),
        ).zh(format!(
            "select = {select} 超过参与计分的 {scored} 个集群：每个集群都视为入选"
        )));
    }
    (ok && request.mode != Mode::CheckOnly).then_some(config)
}
