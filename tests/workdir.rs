//! A temporary working folder per test, with helpers to copy the sample
//! rounds into it, edit files, and run the `cluster-eval` binary: `run`
//! (any outcome), `ok` (must exit 0) and `fails` (must exit with a given
//! code). A failing expectation shows the command's whole output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct WorkDir {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// stdout and stderr together.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl WorkDir {
    pub fn new() -> WorkDir {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().to_path_buf();
        WorkDir { _tmp: tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Copy a sample round into `round/` with its framework beside it as
    /// `round/framework.toml` (round.toml rewritten to point there).
    pub fn sample_round(&self, name: &str) -> PathBuf {
        let dst = self.path("round");
        std::fs::create_dir_all(&dst).unwrap();
        let src = repo().join("sample_data").join(name);
        for entry in std::fs::read_dir(&src).unwrap() {
            let p = entry.unwrap().path();
            // Files only: a run on the sample leaves its `.archive/` there.
            if p.is_file() {
                std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
            }
        }
        let round = std::fs::read_to_string(dst.join("round.toml")).unwrap();
        let named = round
            .lines()
            .find_map(|l| l.strip_prefix("framework = \"../../"))
            .and_then(|l| l.strip_suffix('"'))
            .expect("round.toml names a framework under indicators/");
        std::fs::copy(repo().join(named), dst.join("framework.toml")).unwrap();
        let round = round.replace(&format!("../../{named}"), "framework.toml");
        std::fs::write(dst.join("round.toml"), round).unwrap();
        dst
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replace text in a file; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let s = self.read(rel);
        assert!(s.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, s.replacen(from, to, 1));
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.root, args)
    }

    /// Run `cluster-eval` here; it must exit 0.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> Output {
        self.expect(args, 0)
    }

    /// Run `cluster-eval` here; it must exit with `code` (not 0). The output
    /// is returned for the messages the test looks for.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> Output {
        assert_ne!(code, 0, "fails() expects a failure code");
        self.expect(args, code)
    }

    #[track_caller]
    fn expect(&self, args: &[&str], code: i32) -> Output {
        let out = self.run(args);
        assert_eq!(
            out.code,
            code,
            "cluster-eval {} exited with {} instead of {code}:\n{}",
            args.join(" "),
            out.code,
            out.all()
        );
        out
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cluster-eval"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run cluster-eval");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Run any program (python3, chromium); it must succeed. Its output.
#[track_caller]
pub fn ok_command(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Read a CSV file into a header and rows.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The index of column `name` in a CSV header.
#[track_caller]
pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// A CSV file as rows keyed by the value of column `key`, each row a map
/// from column name to cell.
pub type Keyed = BTreeMap<String, BTreeMap<String, String>>;

pub fn read_keyed(path: &Path, key: &str) -> Keyed {
    let (h, rows) = read_csv(path);
    let k = col(&h, key);
    rows.into_iter()
        .map(|r| (r[k].clone(), h.iter().cloned().zip(r).collect()))
        .collect()
}
