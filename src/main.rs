//! The `cluster-eval` command: parse the arguments (clap), run the
//! subcommand (`cmd`, one file each) and exit with the status that
//! `cmd::exit_code` gives its outcome. The work happens in the
//! `cluster_eval` library; the terminal belongs to this binary.

mod cmd;

use clap::{Parser, Subcommand, ValueEnum};
use cluster_eval::report::{Audience, Lang};
use std::path::PathBuf;

/// Language of the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

/// Who the outputs of a run are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AudienceArg {
    /// Everything, reviewers included.
    Internal,
    /// What the office publishes: no reviewer ids, names, scores, conflicts or panel diagnostics.
    Public,
}

impl From<AudienceArg> for Audience {
    fn from(a: AudienceArg) -> Audience {
        match a {
            AudienceArg::Internal => Audience::Internal,
            AudienceArg::Public => Audience::Public,
        }
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// Scoring engine for advanced manufacturing cluster evaluation (先进制造业集群评价).
#[derive(Parser)]
#[command(name = "cluster-eval", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a round (and its framework); print every problem. Writes nothing.
    Check {
        /// Round folder (default: the bundled sample round).
        round: Option<PathBuf>,
        /// Use this indicator file instead of the one named in round.toml.
        #[arg(long)]
        framework: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: cmd::check::Format,
        /// Language of the output, one at a time: en (the default) or zh
        /// (the count line and every problem that has a Chinese text).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Run the whole pipeline on a round and write the outputs.
    Run {
        /// Round folder (default: the bundled sample round).
        round: Option<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Use this indicator file instead of the one named in round.toml.
        #[arg(long)]
        framework: Option<PathBuf>,
        /// Language of report.md and report.html (and the documents): one
        /// language at a time
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Write into a folder that holds files cluster-eval did not write (they are left as they are).
        #[arg(long)]
        force: bool,
        /// Who the outputs are for: internal (everything) or public (no reviewer data).
        #[arg(long, value_enum, default_value = "internal")]
        audience: AudienceArg,
        /// This run supersedes an earlier one (its output folder or archived manifest): the report carries the change log (what changed and why).
        #[arg(long)]
        supersedes: Option<PathBuf>,
    },
    /// The statistical audit (as COINr): indicator statistics, availability, correlations at every level, flags, Cronbach's alpha, PCA, leave one out, effective importance.
    Audit {
        /// Round folder (default: the bundled sample round).
        round: Option<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out/audit")]
        out: PathBuf,
        /// Use this indicator file instead of the one named in round.toml.
        #[arg(long)]
        framework: Option<PathBuf>,
        /// Language of the summary and audit.html.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Write into a folder that holds files the tool did not write.
        #[arg(long)]
        force: bool,
    },
    /// How robust is the ranking? Monte Carlo and Sobol analysis of the uncertain choices in [robustness].
    Sensitivity {
        /// Round folder (default: the bundled sample round).
        round: Option<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out/sensitivity")]
        out: PathBuf,
        /// Read [robustness] from this file instead of round.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Use this indicator file instead of the one named in round.toml.
        #[arg(long)]
        framework: Option<PathBuf>,
        /// Monte Carlo replications (overrides the file).
        #[arg(long)]
        replications: Option<usize>,
        /// Saltelli base sample N, 0 for no Sobol indices (overrides the file).
        #[arg(long)]
        sobol_base: Option<usize>,
        /// Random seed (overrides the file).
        #[arg(long)]
        seed: Option<u64>,
        /// Bootstrap resamples for the confidence intervals (overrides the file).
        #[arg(long)]
        bootstrap: Option<usize>,
        /// Worker threads (default: one per core). The results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Language of robustness.html.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Write into a folder that holds files cluster-eval did not write (they are left as they are).
        #[arg(long)]
        force: bool,
    },
    /// Re-run a round from an output folder's manifest.json and confirm every output is byte-identical.
    Verify {
        /// An output folder written by `run`.
        out: PathBuf,
    },
    /// What changed between two runs: inputs cell by cell, every cluster's change in total split into own values, cohort effects and framework changes, and the changes of rank and decision. Exit 0: no rank or decision changed; 3: some did.
    Diff {
        /// The earlier run: an output folder, or an archived manifest (`<archive>/runs/<id>.json`).
        a: PathBuf,
        /// The later run.
        b: PathBuf,
        /// Also write diff_clusters.csv, diff_indicators.csv, diff_inputs.csv and diff.html here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the text and the page.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Explain a cluster's total and rank from an output folder; with --vs, the gap to another cluster.
    Explain {
        /// An output folder written by `run`.
        out: PathBuf,
        /// Cluster id.
        cluster: String,
        /// Compare with this cluster: the gap by dimension and indicator.
        #[arg(long)]
        vs: Option<String>,
        /// Language of the explanation (default: the --lang of the run, from manifest.json).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// What it would take for a cluster to reach the next grade, a rank or the quota line (re-deciding the round per value tried).
    Whatif {
        /// An output folder written by `run`.
        out: PathBuf,
        /// Cluster id (not with --fragile).
        #[arg(required_unless_present = "fragile", conflicts_with = "fragile")]
        cluster: Option<String>,
        /// Target grade (id or name, zh or en); default: the next grade up, or the quota line.
        #[arg(long, conflicts_with_all = ["to_rank", "to_quota", "fragile"])]
        to: Option<String>,
        /// Target rank (1-based) on the score the round is decided on.
        #[arg(long, conflicts_with = "to_quota")]
        to_rank: Option<usize>,
        /// Target: selected within the competition's quota.
        #[arg(long, conflicts_with = "fragile")]
        to_quota: bool,
        /// The fragile decisions: every cluster within the margin of a grade cut-off or of the quota line, with the smallest single change that flips its grade or selection.
        #[arg(long, conflicts_with = "to_rank")]
        fragile: bool,
        /// Margin of --fragile, in points (default: the framework's [whatif] fragile_margin, 2).
        #[arg(long, requires = "fragile", allow_negative_numbers = true)]
        margin: Option<f64>,
        /// Language of the answer (default: the --lang of the run, from manifest.json).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Score one round under two versions of its framework: per unit the scores, their difference, the ranks and the rank change.
    Compare {
        /// A framework file; give it twice: --framework A.toml --framework B.toml.
        #[arg(long = "framework", required = true)]
        frameworks: Vec<PathBuf>,
        /// Round folder (default: the bundled sample round).
        round: Option<PathBuf>,
        /// Language of the text.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Write compare_frameworks.csv here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compare the runs of several rounds (years): rank and score movement by dimension, clusters entering and leaving, indicator trends.
    CompareRounds {
        /// Output folders written by `run`, two or more (ordered by their data year).
        #[arg(required = true, num_args = 2..)]
        outs: Vec<PathBuf>,
        /// CSV old_id,new_id: indicator ids of an older framework renamed to the newer ones.
        #[arg(long)]
        map: Option<PathBuf>,
        /// Scores on a common scale: normalisation bounds pooled across the rounds.
        #[arg(long)]
        pooled: bool,
        /// Fill a missing raw value from the cluster's own other rounds: latest or linear.
        #[arg(long, value_parser = ["latest", "linear"])]
        impute_panel: Option<String>,
        /// Language of the text.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Write movement.csv and trends.csv here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read and audit a round's enterprise rosters alone, timed (ingest, validation, aggregation).
    Roster {
        /// Round folder (default: the bundled sample round).
        round: Option<PathBuf>,
        /// Write roster_derived.csv and the roster audit tables here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write the counts, timings and peak memory as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Write into a folder that holds files cluster-eval did not write (they are left as they are).
        #[arg(long)]
        force: bool,
    },
    /// Write a synthetic national round (registry, declared figures, enterprise roster) for benchmarks.
    Generate {
        /// Output folder (created).
        out: PathBuf,
        /// Number of clusters.
        #[arg(long, default_value_t = 1000)]
        clusters: usize,
        /// Number of enterprises in the roster.
        #[arg(long, default_value_t = 5_000_000)]
        enterprises: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write the submission template of a framework or a round (CSV, or an XLSX workbook with validation and instructions).
    Template {
        /// The indicator file (default with --round: the round's framework).
        #[arg(long)]
        framework: Option<PathBuf>,
        /// Pre-fill one row per cluster and period of this round.
        #[arg(long)]
        round: Option<PathBuf>,
        /// Output file (default: standard output, CSV only).
        #[arg(long)]
        out: Option<PathBuf>,
        /// csv or xlsx (default: xlsx when --out ends in .xlsx, else csv).
        #[arg(long, value_enum)]
        format: Option<cmd::template::Format>,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
}

fn main() {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check {
            round,
            framework,
            format,
            lang,
        } => cmd::check::execute(
            round.as_deref(),
            framework.as_deref(),
            format,
            lang.map(Lang::from),
        ),
        Command::Run {
            round,
            out,
            framework,
            lang,
            force,
            audience,
            supersedes,
        } => cmd::run::execute(
            round.as_deref(),
            &cmd::run::Given {
                framework: framework.as_deref(),
                supersedes: supersedes.as_deref(),
                lang: lang.into(),
                audience: audience.into(),
            },
            &out,
            force,
        ),
        Command::Audit {
            round,
            out,
            framework,
            lang,
            force,
        } => cmd::audit::execute(&cmd::audit::Args {
            round,
            framework,
            out,
            lang: lang.into(),
            force,
        }),
        Command::Sensitivity {
            round,
            out,
            config,
            framework,
            replications,
            sobol_base,
            seed,
            bootstrap,
            threads,
            lang,
            quiet,
            force,
        } => cmd::sensitivity::execute(&cmd::sensitivity::Args {
            round,
            framework,
            config,
            out,
            replications,
            sobol_base,
            seed,
            bootstrap,
            threads,
            lang: Some(lang.into()),
            quiet,
            force,
        }),
        Command::Verify { out } => cmd::verify::execute(&out),
        Command::Diff { a, b, out, lang } => {
            cmd::diff::execute(&a, &b, out.as_deref(), lang.into())
        }
        Command::Explain {
            out,
            cluster,
            vs,
            lang,
        } => cmd::explain::execute(&out, &cluster, vs.as_deref(), lang.map(Lang::from)),
        Command::Whatif {
            out,
            cluster,
            to,
            to_rank,
            to_quota,
            fragile,
            margin,
            lang,
        } => {
            let asked = match (&to, to_rank, to_quota) {
                (Some(g), _, _) => cmd::whatif::Asked::Grade(g),
                (_, Some(n), _) => cmd::whatif::Asked::Rank(n),
                (_, _, true) => cmd::whatif::Asked::Quota,
                _ => cmd::whatif::Asked::Default,
            };
            match cluster.filter(|_| !fragile) {
                Some(cluster) => cmd::whatif::execute(&out, &cluster, asked, lang.map(Lang::from)),
                None => cmd::whatif::fragile(&out, margin, lang.map(Lang::from)),
            }
        }
        Command::Compare {
            frameworks,
            round,
            lang,
            out,
        } => cmd::compare::execute(cmd::compare::Options {
            round: &cmd::round_dir(round.as_deref()),
            frameworks: &frameworks,
            lang: lang.into(),
            out: out.as_deref(),
        }),
        Command::CompareRounds {
            outs,
            map,
            pooled,
            impute_panel,
            lang,
            out,
        } => cmd::compare_rounds::execute(cmd::compare_rounds::Options {
            outs: &outs,
            map: map.as_deref(),
            pooled,
            impute: impute_panel
                .as_deref()
                .and_then(cluster_eval::history::panel::PanelMethod::parse),
            lang: lang.into(),
            out: out.as_deref(),
        }),
        Command::Roster {
            round,
            out,
            json,
            force,
        } => cmd::roster::execute(
            &cmd::round_dir(round.as_deref()),
            out.as_deref(),
            json.as_deref(),
            force,
        ),
        Command::Generate {
            out,
            clusters,
            enterprises,
            seed,
        } => cmd::generate::execute(&out, clusters, enterprises, seed),
        Command::Template {
            framework,
            round,
            out,
            format,
            force,
        } => cmd::template::execute(cmd::template::Options {
            framework: framework.as_deref(),
            round: round.as_deref(),
            out: out.as_deref(),
            format,
            force,
        }),
    };
    std::process::exit(cmd::exit_code(outcome));
}
