//! `audit [round] [--out DIR] [--lang zh|en] [--framework F]`: the
//! statistical audit of a round (`cluster_eval::analysis`): scores the
//! round, then prints the flags in words (one language) and writes the
//! audit_*.csv files (headers "中文 english") and audit.html (a
//! correlation heatmap per node, the flags in words).

use super::Outcome;
use cluster_eval::diag::Error;
use cluster_eval::pipeline::{self, Options};
use cluster_eval::report::{self, audit_view, Lang, OutputDir, OutputFile};
use cluster_eval::robust::config::{Mode, Request};
use std::path::{Path, PathBuf};

/// Command-line settings.
#[derive(Debug, Clone)]
pub struct Args {
    pub round: Option<PathBuf>,
    pub framework: Option<PathBuf>,
    pub out: PathBuf,
    pub lang: Lang,
    /// Write into a folder that holds files the tool did not write.
    pub force: bool,
}

pub fn execute(args: &Args) -> Result<Outcome, Error> {
    let dir = super::round_dir(args.round.as_deref());
    let options = Options {
        framework: args.framework.as_deref(),
        // The audit reads the scores: the robustness analysis is checked,
        // not run, and no rectification list is needed.
        robustness: Request {
            mode: Mode::CheckOnly,
            ..Request::default()
        },
        rectification: false,
        ..Options::default()
    };
    let result = pipeline::evaluate(&dir, &options)?;
    let Some(a) = result.analysis.as_ref() else {
        return Err(Error::Other("the statistical audit did not run".into()));
    };
    let l = args.lang;
    let title = l.pick(&result.round.name_zh, &result.round.name_en);
    let mut files = audit_view::csv_files(a)?;
    files.push(OutputFile {
        name: "audit.html".into(),
        bytes: audit_view::standalone(a, title, l).into_bytes(),
    });
    let target = OutputDir::prepare(&args.out, &dir, &result.sources.files, args.force)?;
    report::write_all(&target, &files, &[])?;
    out!("{}", audit_view::summary(a, title, l))?;
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    outln!(
        "{}",
        audit_view::written(l, &names.join(", "), Path::new(&args.out))
    )?;
    Ok(Outcome::Done)
}
