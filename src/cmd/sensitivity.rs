//! `sensitivity [round]`: how robust is the ranking? Runs the round, then
//! the Monte Carlo and Sobol analysis of `[robustness]` (round.toml, or
//! `--config FILE`), and writes weights.csv, methods.csv,
//! method_agreement.csv, robustness.csv, sensitivity.csv, robustness.json
//! and robustness.html. Timings go to standard error (the outputs do not
//! depend on the machine or the number of threads).

use super::progress_bar::ProgressBar;
use super::Outcome;
use cluster_eval::diag::{Diagnostic, Diagnostics, Error};
use cluster_eval::framework::toml_errors;
use cluster_eval::pipeline::{self, Options};
use cluster_eval::report::{self, Lang, OutputDir};
use cluster_eval::robust::config::{Mode, Overrides, Request};
use std::path::{Path, PathBuf};

/// Command-line settings.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub round: Option<PathBuf>,
    pub framework: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub out: PathBuf,
    pub replications: Option<usize>,
    pub sobol_base: Option<usize>,
    pub seed: Option<u64>,
    pub bootstrap: Option<usize>,
    pub threads: Option<usize>,
    pub lang: Option<Lang>,
    pub quiet: bool,
    /// Write into a folder that holds files the tool did not write.
    pub force: bool,
}

/// Read `[robustness]` from a config file (the table itself, or a file
/// whose top level is the table).
fn read_config(path: &Path) -> Result<(toml::Value, String), Error> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Rejected(format!("{label}: cannot read: {e}")))?;
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let d = toml_errors::located(&label, &text, &e, "robustness settings file");
        Error::Invalid(Diagnostics::new(vec![d]))
    })?;
    let value = match doc.get("robustness") {
        Some(v) => v.clone(),
        None => toml::Value::Table(doc),
    };
    Ok((value, label))
}

/// The most worker threads `--threads` may ask for.
pub const MAX_THREADS: usize = 1024;

pub fn execute(args: &Args) -> Result<Outcome, Error> {
    if let Some(t) = args.threads.filter(|t| !(1..=MAX_THREADS).contains(t)) {
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error(
                "command line",
                format!("expected 1 to {MAX_THREADS} worker threads (leave --threads out for one per core)"),
            )
            .column("--threads")
            .value(t.to_string()),
        );
        return Err(Error::Invalid(diags));
    }
    let dir = super::round_dir(args.round.as_deref());
    let table = match &args.config {
        Some(p) => Some(read_config(p)?),
        None => None,
    };
    let bar = ProgressBar::new(!args.quiet);
    let options = Options {
        framework: args.framework.as_deref(),
        robustness: Request {
            mode: Mode::Required,
            table,
            overrides: Overrides {
                replications: args.replications,
                sobol_base: args.sobol_base,
                seed: args.seed,
                bootstrap: args.bootstrap,
            },
        },
        progress: &bar,
        // The command writes the robustness files only.
        rectification: false,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Other(format!("cannot start the worker threads: {e}")))?;
    let threads = pool.current_num_threads();
    let result = pool.install(|| pipeline::evaluate(&dir, &options))?;
    let files = report::sensitivity_files(&result, args.lang.unwrap_or(Lang::Zh))?;
    let target = OutputDir::prepare(&args.out, &dir, &result.sources.files, args.force)?;
    report::write_all(&target, &files, report::SENSITIVITY_OPTIONAL)?;
    let Some(rb) = result.robustness.as_ref() else {
        return Err(Error::Other("the robustness analysis did not run".into()));
    };
    outln!(
        "{} clusters, {} Monte Carlo replications, {} Sobol runs (base {}, {} uncertain choices), seed {}",
        rb.clusters.len(),
        rb.replications,
        rb.sobol_runs,
        rb.sobol_base,
        rb.choices.len(),
        rb.seed
    )?;
    for f in &rb.factors {
        outln!(
            "  {:<14} S = {:.3} [{:.3}, {:.3}]  ST = {:.3} [{:.3}, {:.3}]",
            f.factor,
            f.first.value,
            f.first.low,
            f.first.high,
            f.total.value,
            f.total.low,
            f.total.high
        )?;
    }
    let moved = rb
        .clusters
        .iter()
        .filter(|c| c.p05_rank != c.p95_rank)
        .count();
    outln!(
        "  mean rank shift {:.3}; {} of {} clusters change rank in the 5-95 % interval",
        rb.mean_rank_shift,
        moved,
        rb.clusters.len()
    )?;
    errln!(
        "timing ({threads} threads): prepare {:.3} s, Monte Carlo {:.3} s, Sobol {:.3} s",
        rb.seconds[0],
        rb.seconds[1],
        rb.seconds[2]
    );
    outln!("wrote {} file(s) to {}:", files.len(), args.out.display())?;
    for f in &files {
        outln!("  {}", f.name)?;
    }
    Ok(Outcome::Done)
}
