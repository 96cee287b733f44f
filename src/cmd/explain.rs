//! `explain <out-dir> <cluster> [--vs <other>] [--lang zh|en]`: how a
//! cluster got its total and rank, read back from the run's scores.json
//! (`cluster_eval::report::explain` builds the text; this prints it), in
//! the language asked for, else the run's (manifest.json), else Chinese.

use super::Outcome;
use cluster_eval::diag::Error;
use cluster_eval::ingest::UnitLabel;
use cluster_eval::report::explain::{explain_one, explain_vs, load};
use cluster_eval::report::manifest::Manifest;
use cluster_eval::report::with_unit;
use cluster_eval::report::Lang;
use std::path::Path;

pub fn execute(
    out: &Path,
    cluster: &str,
    vs: Option<&str>,
    lang: Option<Lang>,
) -> Result<Outcome, Error> {
    let r = load(out)?;
    let lang = lang.unwrap_or_else(|| {
        Manifest::read(out)
            .ok()
            .and_then(|m| Lang::parse(&m.options.lang))
            .unwrap_or(Lang::Zh)
    });
    // The round's word for its units (scores.json has it when it is not
    // the default).
    let unit =
        serde_json::from_value::<UnitLabel>(r["round"]["unit_label"].clone()).unwrap_or_default();
    let text = with_unit(&unit, || match vs {
        Some(other) => explain_vs(&r, cluster, other, lang),
        None => explain_one(&r, cluster, lang),
    })?;
    out!("{text}")?;
    Ok(Outcome::Done)
}
