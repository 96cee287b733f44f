//! The pipeline, in one place: a round folder in, the one result
//! structure out, every stage one call into the module that owns it.
//!
//! ```text
//! load ─► rosters ─► quality ─► gates ─► weights ─► score ─► rank ─► process ─► compare ─► robustness ─► rectification ─► result
//! ```
//!
//! - **load** (`ingest`): round.toml, the framework, the registry and the
//!   submissions, every problem located;
//! - **rosters** (`roster`): enterprise rosters read, audited, and the
//!   derived figures the framework prefers put into the submissions;
//! - then the registry's groups are checked and the **process** settings
//!   and inputs (`process::load`) are read;
//! - **quality** (`quality`): the plausibility checks of the submissions
//!   (natural range, unit slips, change between periods, consistency
//!   rules); the findings go into the result, and a check the framework
//!   makes an error stops the run like any other error in the inputs;
//! - **gates** (`process::gates`): eligibility; a cluster that fails a
//!   gate is not scored;
//! - **weights** (`weighting`): objective weights resolved on the eligible
//!   cohort, returned as the framework every later stage uses;
//! - **score** (`score`): the pure kernel on the dense matrix;
//! - **rank** (`rank`): competition ranks, tie-breaks, grades;
//! - **process** (`process`): panels, stages, quota or mid-term outcomes;
//! - **compare** (`compare`): the cohort under other methods;
//! - **robustness** (`robust`): settings resolved once, then the Monte
//!   Carlo and Sobol analysis when asked for;
//! - **rectification** (`whatif`, `audit::whatif`): in a round with a
//!   process, the what-if scenario of the same loaded round (the round
//!   as loaded, before objective weights are resolved) and, for every
//!   cluster that must improve, its weakest indicators and the combined
//!   plan that would reach its next grade or the quota line;
//! - **statistical audit** (`analysis`): statistics, correlations, PCA,
//!   leave one out and effective importance of the scored round;
//! - **result** (`audit`): the one structure every report is a view of.
//!
//! Problems are collected along the way and every stage that can still run
//! does, so a user sees all of them; the pipeline stops before scoring if
//! the inputs have errors, and before the result if any stage found one.
//! This module reads files only through the stages and writes nothing.

use crate::audit::{self, RoundResult};
use crate::diag::{Diagnostic, Diagnostics, Error};
use crate::ingest::{self, Round};
use crate::process::ProcessPlan;
use crate::robust::config::Request;
use crate::robust::progress::{Observer, Silent};
use crate::roster::RosterAudit;
use crate::{compare, process, quality, rank, robust, roster, score, weighting};
use std::path::Path;

/// What a command asks of the pipeline besides the round.
pub struct Options<'a> {
    /// Use this indicator file instead of the one named in round.toml.
    pub framework: Option<&'a Path>,
    /// The robustness analysis: mode, a table from another file, overrides.
    pub robustness: Request,
    /// Told how far a long analysis has got.
    pub progress: &'a dyn Observer,
    /// Compute the rectification list (every run does; a caller that
    /// only needs the decisions, e.g. a check of a plan, may skip it).
    pub rectification: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            framework: None,
            robustness: Request::default(),
            progress: &Silent,
            rectification: true,
        }
    }
}

/// A round as loaded: the inputs with the roster figures applied, the
/// roster audit and the process (when declared).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub round: Round,
    pub roster: Option<RosterAudit>,
    pub process: Option<ProcessPlan>,
}

/// Run the whole pipeline on a round folder: the result, or every problem
/// (errors and warnings) when anything is in error.
pub fn evaluate(round_dir: &Path, options: &Options) -> Result<RoundResult, Error> {
    let mut diags = Diagnostics::default();
    let loaded = load(round_dir, options.framework, &mut diags);
    // The findings join the diagnostics, so that every stopped run lists
    // them; a result carries them apart (`result.quality`), and they are
    // taken out of its diagnostics below (`at..at + n`).
    let findings = loaded
        .as_ref()
        .map(|l| quality::check(&l.round))
        .unwrap_or_default();
    let at = diags.items.len();
    diags
        .items
        .extend(findings.iter().map(quality::Finding::diagnostic));
    let Some(Loaded {
        round,
        roster,
        process: plan,
    }) = loaded.filter(|_| !diags.has_errors())
    else {
        return Err(Error::Invalid(diags));
    };
    let failures = match &plan {
        Some(p) => process::gates::check(&round, &p.process.gates),
        None => vec![vec![]; round.registry.len()],
    };
    let excluded: Vec<bool> = failures.iter().map(|f| !f.is_empty()).collect();
    if !excluded.is_empty() && excluded.iter().all(|&x| x) {
        diags.push(Diagnostic::error(
            round.dir.join("round.toml").display().to_string(),
            "every cluster failed an eligibility gate: nothing to score",
        ));
        return Err(Error::Invalid(diags));
    }
    // The what-if scenario decides the round as loaded (it resolves the
    // objective weights itself on every changed cohort).
    let as_loaded = plan
        .as_ref()
        .filter(|_| options.rectification)
        .map(|p| (round.clone(), p.clone()));
    let framework = stage(weighting::resolve_objective(&round, &excluded), &mut diags)?;
    diags.extend(weighting::warnings(&framework));
    let round = Round { framework, ..round };
    let scored = stage(score::score_cohort(&round, &excluded), &mut diags)?;
    diags
        .items
        .extend(score::beyond::beyond_goalposts(&round.framework, &scored));
    let (ids, names) = scored.labels(&round);
    let standings = rank::rank(&round.framework, &scored, &ids);
    let outcome = plan.as_ref().map(|p| {
        let (result, d) = process::run(&round, p, &scored, &failures);
        diags.extend(d);
        result
    });
    let robustness = robust::config::resolve(
        &options.robustness,
        round.robustness.as_ref(),
        &round.dir.join("round.toml").display().to_string(),
        &round.framework,
        ids.len(),
        &mut diags,
    );
    let audit_settings = crate::analysis::Settings::parse(
        round.audit.as_ref(),
        &round.dir.join("round.toml").display().to_string(),
        &mut diags,
    );
    if let Some(config) = &robustness {
        let file = round.dir.join("round.toml").display().to_string();
        diags.extend(robust::effect::check(
            config,
            &round.framework,
            &scored,
            &file,
        ));
    }
    if diags.has_errors() {
        return Err(Error::Invalid(diags));
    }
    let mut items = diags.items;
    items.drain(at..at + findings.len());
    let mut result = audit::build_result(
        &round,
        roster.as_ref(),
        &scored,
        &standings,
        outcome.as_ref(),
        items,
        findings,
    );
    result.movement = audit::movement::of(&round, &result);
    result.analysis = Some(crate::analysis::analyse(
        &round.framework,
        &scored,
        &ids,
        &audit_settings,
    ));
    result.methods = Some(compare::compare(
        &round.framework,
        &scored,
        &standings,
        &ids,
        &names,
    ));
    result.robustness = robustness.map(|config| {
        robust::analyse(
            &round.framework,
            &scored,
            &standings,
            &ids,
            &names,
            &config,
            default_select(plan.as_ref(), ids.len()),
            options.progress,
        )
    });
    if let Some((round, plan)) = as_loaded {
        rectification(round, plan, &mut result);
    }
    Ok(result)
}

/// The rectification list of `result` (`audit::whatif`), from the
/// scenario of the round as loaded. A scenario that cannot be built (it
/// decides the same round, so it should not happen) leaves the list empty
/// and says so in a warning, never silently.
fn rectification(round: Round, plan: ProcessPlan, result: &mut RoundResult) {
    let file = round.dir.join("round.toml").display().to_string();
    match crate::whatif::Scenario::new(round, Some(plan)) {
        Ok(s) => result.rectification = audit::whatif::rectification(&s, result),
        Err(d) => {
            let why: Vec<String> = d.items.iter().map(|x| x.message.clone()).collect();
            result.diagnostics.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "the rectification list could not be computed: {}",
                        why.join("; ")
                    ),
                )
                .zh("整改清单无法计算（重新评定本轮失败），详见英文说明"),
            );
        }
    }
}

/// Load a round: round.toml, framework, registry and submissions
/// (`ingest`), then the enterprise rosters (`roster`), the registry's
/// groups, and the process. `None` when the round's structure could not be
/// read; the problems are in `diags` either way, and a caller must refuse
/// a round whose diagnostics hold errors.
pub fn load(round_dir: &Path, framework: Option<&Path>, diags: &mut Diagnostics) -> Option<Loaded> {
    let (round, d) = ingest::load_round(round_dir, framework);
    diags.extend(d);
    let mut round = round?;
    let roster = roster::load(&mut round, diags);
    ingest::check_groups(&round, diags);
    let mut process_files = Vec::new();
    let mut process = process::load(&round, diags, &mut process_files);
    round.files.extend(process_files);
    if let Some(plan) = &mut process {
        round.data.rejections.append(&mut plan.inputs.rejections);
    }
    Some(Loaded {
        round,
        roster,
        process,
    })
}

/// A stage's problems join the others; its errors stop the pipeline.
fn stage<T>(result: Result<T, Diagnostics>, diags: &mut Diagnostics) -> Result<T, Error> {
    result.map_err(|d| {
        diags.extend(d);
        Error::Invalid(std::mem::take(diags))
    })
}

/// "Selected" when `[robustness]` gives no `select`: the process quota, or
/// the top quarter.
pub fn default_select(plan: Option<&ProcessPlan>, clusters: usize) -> usize {
    plan.and_then(|p| p.process.quota)
        .unwrap_or(clusters.div_ceil(4))
        .max(1)
}
