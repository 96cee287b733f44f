//! `whatif <out-dir> <cluster> [--to GRADE | --to-rank N | --to-quota]
//! [--lang zh|en]`: what it would take for a cluster to reach a target;
//! `whatif <out-dir> --fragile [--margin P] [--lang zh|en]`: the fragile
//! decisions of the round (`whatif::fragile`, worded by
//! `report::fragile`).
//!
//! Re-loads the round the run was made from (manifest.json; when an input
//! changed since the run, from the run's archive, with a note; a run from
//! before archives stops, naming the changed input), builds the what-if `Scenario` (`cluster_eval::whatif`) and
//! prints its answer (`cluster_eval::report::whatif`) in the language
//! asked for, else the run's.

use super::Outcome;
use cluster_eval::archive::Run;
use cluster_eval::diag::{Diagnostics, Error};
use cluster_eval::ingest::ids::did_you_mean;
use cluster_eval::pipeline;
use cluster_eval::report::manifest::Manifest;
use cluster_eval::report::{fragile as fragile_text, whatif as text, Lang};
use cluster_eval::whatif::{Scenario, Target};
use std::path::Path;

/// The target asked for on the command line.
pub enum Asked<'a> {
    Default,
    Grade(&'a str),
    Rank(usize),
    Quota,
}

/// The round the run in `out` was made from, re-loaded and ready to be
/// re-decided, with the language asked for (else the run's); Err(Outcome)
/// when an input changed since the run (each named on stderr).
fn reload(out: &Path, lang: Option<Lang>) -> Result<Result<(Scenario, Lang), Outcome>, Error> {
    let m = Manifest::read(out)?;
    let changed = super::verify::changed_inputs(out, &m);
    // A round whose files changed since the run is re-made from the
    // run's archive; without one (a run from before archives) it stops.
    let archived = match (changed.is_empty(), m.archive.is_some()) {
        (true, _) => None,
        (false, true) => {
            let run = Run::open(out)?;
            let made = run.materialize()?;
            errln!(
                "note: the round's files changed since the run ({} input(s)); using the inputs archived by run {}",
                changed.len(),
                run.id
            );
            Some(made)
        }
        (false, false) => {
            for c in &changed {
                errln!("error: {c}");
            }
            errln!(
                "the round changed since the run: run it again before asking what it would take"
            );
            return Ok(Err(Outcome::ProblemsFound));
        }
    };
    let lang = lang
        .or_else(|| Lang::parse(&m.options.lang))
        .unwrap_or(Lang::Zh);
    let (round_dir, framework) = match &archived {
        Some(made) => (made.round_dir.clone(), made.framework.clone()),
        None => (
            out.join(&m.round),
            m.options.framework.as_ref().map(|f| out.join(f)),
        ),
    };
    let mut diags = Diagnostics::default();
    let loaded = pipeline::load(&round_dir, framework.as_deref(), &mut diags);
    let loaded = match loaded {
        Some(l) if !diags.has_errors() => l,
        _ => return Err(Error::Invalid(diags)),
    };
    let scenario = Scenario::new(loaded.round, loaded.process).map_err(Error::Invalid)?;
    Ok(Ok((scenario, lang)))
}

/// `whatif OUT --fragile [--margin P]`: the decisions within the margin of
/// a grade cut-off or of the quota line, each with the smallest single
/// change that flips it (the margin: `--margin`, else the framework's
/// `[whatif] fragile_margin`).
pub fn fragile(out: &Path, margin: Option<f64>, lang: Option<Lang>) -> Result<Outcome, Error> {
    if let Some(m) = margin.filter(|m| !(*m >= 0.0 && m.is_finite())) {
        return Err(Error::Rejected(format!(
            "--margin {m}: expected points from a grade cut-off or the quota line, 0 or more (e.g. 2)"
        )));
    }
    let (scenario, lang) = match reload(out, lang)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let margin = margin.unwrap_or(scenario.round.framework.whatif.fragile_margin);
    let list = scenario.fragile(margin);
    let text = cluster_eval::report::with_unit(&scenario.round.unit_label, || {
        fragile_text::text(&scenario, margin, &list, lang)
    });
    out!("{text}")?;
    Ok(Outcome::Done)
}

pub fn execute(
    out: &Path,
    cluster: &str,
    asked: Asked,
    lang: Option<Lang>,
) -> Result<Outcome, Error> {
    let (scenario, lang) = match reload(out, lang)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let registry = &scenario.round.registry;
    let Some(index) = registry.clusters.iter().position(|c| c.id == cluster) else {
        return Err(Error::Rejected(format!(
            "unknown cluster {cluster:?}: not in the registry of {}{}",
            out.display(),
            did_you_mean(registry, cluster)
        )));
    };
    let target = match asked {
        Asked::Default => None,
        Asked::Grade(g) => Some(Target::Grade(scenario.grade_named(g).ok_or_else(|| {
            let known: Vec<String> = scenario
                .round
                .framework
                .grades
                .iter()
                .map(|g| format!("{} ({} / {})", g.id, g.name_zh, g.name_en))
                .collect();
            Error::Rejected(format!(
                "--to {g:?}: not a grade of the framework (its grades: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })?)),
        Asked::Rank(0) => return Err(Error::Rejected("--to-rank 0: ranks start at 1".into())),
        Asked::Rank(n) => Some(Target::Rank(n)),
        Asked::Quota => {
            if scenario
                .plan
                .as_ref()
                .and_then(|p| p.process.quota)
                .is_none()
            {
                return Err(Error::Rejected(
                    "--to-quota: the round's process has no quota".into(),
                ));
            }
            Some(Target::Quota)
        }
    };
    let answer = scenario.answer(index, target);
    let shown = cluster_eval::report::with_unit(&scenario.round.unit_label, || {
        text::text(&scenario, &answer, lang)
    });
    out!("{shown}")?;
    Ok(Outcome::Done)
}
