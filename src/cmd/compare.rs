//! `compare --framework A.toml --framework B.toml ROUND [--out DIR]
//! [--lang zh|en]`: one round scored under two versions of its framework
//! (`cluster_eval::history::versions`), the comparison printed in one
//! language, and with `--out` compare_frameworks.csv written there (to a
//! temporary name, then renamed).

use super::Outcome;
use cluster_eval::diag::Error;
use cluster_eval::history::versions;
use cluster_eval::report::{Lang, VersionWords};
use std::path::{Path, PathBuf};

/// What the command line asked for.
pub struct Options<'a> {
    pub round: &'a Path,
    pub frameworks: &'a [PathBuf],
    pub lang: Lang,
    pub out: Option<&'a Path>,
}

pub fn execute(o: Options) -> Result<Outcome, Error> {
    let [a, b] = o.frameworks else {
        return Err(Error::Rejected(format!(
            "compare needs exactly two frameworks (--framework A.toml --framework B.toml), got {}",
            o.frameworks.len()
        )));
    };
    let v = versions::compare(o.round, a, b)?;
    out!("{}", versions::text(&v, o.lang))?;
    if let Some(dir) = o.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        let name = "compare_frameworks.csv";
        let path = dir.join(name);
        let partial = dir.join(format!("{name}.partial"));
        std::fs::write(&partial, versions::csv(&v)?)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(|e| Error::io(path.display().to_string(), e))?;
        outln!("{}", VersionWords::Written.fill(o.lang, &[&path.display()]))?;
    }
    Ok(Outcome::Done)
}
