//! `explain <out-dir> <cluster> [--vs <other>]`: how a cluster got its
//! total and rank, read back from the run's scores.json
//! (`cluster_eval::report::explain` builds the text; this prints it).

use super::Outcome;
use cluster_eval::audit::explain::load;
use cluster_eval::diag::Error;
use cluster_eval::report::explain::{explain_one, explain_vs};
use std::path::Path;

pub fn execute(out: &Path, cluster: &str, vs: Option<&str>) -> Result<Outcome, Error> {
    let r = load(out)?;
    let text = match vs {
        Some(other) => explain_vs(&r, cluster, other)?,
        None => explain_one(&r, cluster)?,
    };
    out!("{text}")?;
    Ok(Outcome::Done)
}
