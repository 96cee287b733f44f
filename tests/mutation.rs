//! The end-to-end mutation test: mutants of the base rounds
//! (`mutate::bases`, one or two files changed by one to three mutations
//! each) run through the `cluster-eval` binary, `check` and then `run`,
//! and every run must keep the contract of a hostile input:
//!
//! - exit 0 or 1, never a panic (101), an abort (134) or a signal;
//! - no run longer than `TIMEOUT` (the child is killed: a hang is a
//!   defect);
//! - no more than 1 GiB of address space (the child runs under `ulimit
//!   -v`, so an allocation beyond it fails and the run crashes);
//! - `check` and `run` agree: both exit 0 or both exit 1;
//! - exit 1 writes nothing: the `--out` folder is not even created;
//! - the round folder byte-for-byte as it was, and no file added to it
//!   but the archive (`.archive/`), where every object is named by the
//!   SHA-256 of its content;
//! - exit 0: ranking.csv has a finite total within [0, total points] for
//!   every cluster.
//!
//! The binary is the debug build when the suite runs in debug: the default
//! 300 mutants take about 75 s on this machine's two cores (the base
//! rounds keep their robustness analysis tiny so that a valid mutant's
//! `run` takes a second or two). `CLUSTER_EVAL_MUTANTS` sets how many,
//! `CLUSTER_EVAL_MUTATION_SEED` the seed (default 15) and
//! `CLUSTER_EVAL_MUTATION_INCLUDE` puts excluded classes back (names or
//! `all`). A failing mutant's round folder is kept under the target folder
//! (`mutation-failures/`) with the command and its output.

use crate::mutate::{self, Exclusion};
use cluster_eval::rng::Rng;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A run longer than this is a hang. A hang guard, not a speed check: a
/// 400-cluster round writes its PDF in a debug build, on a machine that
/// may be running the other tests beside it (20 s was hit under load).
const TIMEOUT: Duration = Duration::from_secs(60);
/// Address-space limit of a run, KiB (1 GiB).
const MEMORY_KIB: u64 = 1 << 20;

/// Mutation classes left out of the default run (none since the fixes were
/// merged).
const EXCLUDED: &[Exclusion] = &[];

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// Objects of a round's archive whose content does not match their name.
fn archive_problems(round: &Path) -> Vec<String> {
    let objects = round.join(".archive").join("objects");
    let mut out = Vec::new();
    for prefix in std::fs::read_dir(&objects).into_iter().flatten() {
        for entry in std::fs::read_dir(prefix.expect("an entry").path())
            .into_iter()
            .flatten()
        {
            let p = entry.expect("an entry").path();
            let bytes = std::fs::read(&p).expect("read an object");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if cluster_eval::report::manifest::sha256_hex(&bytes) != name {
                out.push(format!(
                    "archived object {} does not match its name",
                    p.display()
                ));
            }
        }
    }
    out
}

/// Every file under `dir` with its bytes (relative paths), the archive
/// left out (a run adds its inputs there).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read the round folder") {
            let p = entry.expect("a folder entry").path();
            if p.is_dir() && p.file_name().is_some_and(|n| n == ".archive") {
                continue;
            } else if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read an input"));
            }
        }
    }
    out
}

/// How a run of the binary ended.
struct Ran {
    /// The exit code, or a description of the signal or the timeout.
    code: Result<i32, String>,
    output: String,
}

/// Run the binary in `dir` under the memory limit and the timeout; its
/// output goes to files there (`name.out`, `name.err`).
fn run_limited(dir: &Path, name: &str, args: &[&str]) -> Ran {
    let out_path = dir.join(format!("{name}.out"));
    let err_path = dir.join(format!("{name}.err"));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_cluster-eval"))
        .args(args)
        .current_dir(dir)
        // Address space that is reserved, not used, kept small: two malloc
        // arenas (glibc reserves 64 MiB of address space per arena, up to
        // eight per core) and thread pools that do not grow with the
        // machine's cores. The limit then measures what is allocated.
        .env("MALLOC_ARENA_MAX", "2")
        .env("RAYON_NUM_THREADS", "2")
        .env("POLARS_MAX_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start cluster-eval");
    let started = Instant::now();
    let code = loop {
        match child.try_wait().expect("wait for cluster-eval") {
            Some(status) => {
                break match (status.code(), status.signal()) {
                    (Some(c), _) => Ok(c),
                    (None, Some(s)) => Err(format!("killed by signal {s}")),
                    (None, None) => Err(format!("ended with {status}")),
                }
            }
            None if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!("still running after {TIMEOUT:?}: killed"));
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let mut output = read(&out_path) + &read(&err_path);
    if output.len() > 4000 {
        let mut cut = output.len() - 4000;
        while !output.is_char_boundary(cut) {
            cut += 1;
        }
        output = format!("...{}", &output[cut..]);
    }
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    Ran { code, output }
}

/// Problems with the totals of an output folder written with exit 0.
fn check_totals(out: &Path) -> Vec<String> {
    let scores: serde_json::Value = match std::fs::read(out.join("scores.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
    {
        Some(v) => v,
        None => return vec!["exit 0 but no readable scores.json".into()],
    };
    let Some(points) = scores["framework"]["total_points"].as_f64() else {
        return vec!["scores.json has no framework.total_points".into()];
    };
    let mut problems = Vec::new();
    if !points.is_finite() || points <= 0.0 {
        problems.push(format!("total points {points} is not a positive number"));
    }
    let mut reader = match csv::Reader::from_path(out.join("ranking.csv")) {
        Ok(r) => r,
        Err(e) => return vec![format!("exit 0 but ranking.csv: {e}")],
    };
    let Some(col) = reader
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == "total"))
    else {
        return vec!["ranking.csv has no total column".into()];
    };
    for (i, rec) in reader.records().enumerate() {
        let Ok(rec) = rec else {
            problems.push(format!("ranking.csv row {} cannot be read", i + 2));
            continue;
        };
        let cell = rec.get(col).unwrap_or("");
        let ok = cell
            .parse::<f64>()
            .is_ok_and(|t| t.is_finite() && (0.0..=points * (1.0 + 1e-9)).contains(&t));
        if !ok {
            problems.push(format!(
                "ranking.csv row {}: total {cell:?} is not a finite number within [0, {points}]",
                i + 2
            ));
        }
    }
    problems
}

/// What `check` and `run` did with a round folder.
pub struct Tried {
    /// Breaches of the contract.
    pub problems: Vec<String>,
    /// Exit codes of `check` and `run`, for those that exited 0 or 1.
    pub codes: Vec<i32>,
    /// Their output (standard output and error).
    pub output: String,
}

/// One round folder (a mutant): `check`, then `run --out DIR/out`, held to
/// the contract; `check` and `run` must also agree (both 0 or both 1).
pub fn try_mutant(dir: &Path, round: &Path) -> Tried {
    let before = snapshot(round);
    let mut tried = Tried {
        problems: vec![],
        codes: vec![],
        output: String::new(),
    };
    let out = dir.join("out");
    let round_arg = round.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    for (name, args) in [
        ("check", vec!["check", round_arg]),
        ("run", vec!["run", round_arg, "--out", out_arg]),
    ] {
        let ran = run_limited(dir, name, &args);
        let problems = &mut tried.problems;
        match ran.code {
            Ok(c @ (0 | 1)) => {
                tried.codes.push(c);
                if name == "run" && c == 1 && out.exists() {
                    problems.push(format!("run exited 1 but wrote {}", out.display()));
                }
                if name == "run" && c == 0 {
                    let mut totals = check_totals(&out);
                    if totals.len() > 3 {
                        let more = totals.len() - 3;
                        totals.truncate(3);
                        totals.push(format!("... and {more} more"));
                    }
                    problems.extend(totals);
                }
            }
            Ok(c) => problems.push(format!("{name} exited {c}:\n{}", ran.output)),
            Err(e) => problems.push(format!("{name} {e}:\n{}", ran.output)),
        }
        if snapshot(round) != before {
            problems.push(format!("{name} changed the round folder"));
        }
        problems.extend(archive_problems(round));
        tried.output.push_str(&ran.output);
    }
    if let [check, run] = tried.codes[..] {
        if check != run {
            tried.problems.push(format!(
                "check exited {check} but run exited {run}:\n{}",
                tried.output
            ));
        }
    }
    tried
}

#[test]
fn mutants_of_the_sample_rounds_exit_cleanly() {
    let mutants: u64 = env_or("CLUSTER_EVAL_MUTANTS", 300);
    let seed: u64 = env_or("CLUSTER_EVAL_MUTATION_SEED", 15);
    let include = std::env::var("CLUSTER_EVAL_MUTATION_INCLUDE").unwrap_or_default();
    let bases = mutate::bases();
    let tmp = tempfile::tempdir().expect("temp dir");
    let failures = Mutex::new(Vec::new());
    let tally = Mutex::new(BTreeMap::<String, u64>::new());
    let started = Instant::now();
    let workers = 2;
    std::thread::scope(|scope| {
        for w in 0..workers {
            let (bases, tmp, failures, tally, include) =
                (&bases, &tmp, &failures, &tally, &include);
            scope.spawn(move || {
                let mut k = w;
                while k < mutants {
                    let mut rng = Rng::stream(seed, k);
                    let base = &bases[rng.below(bases.len() as u64) as usize];
                    let n = if rng.chance(0.2) { 2 } else { 1 };
                    let mut files: Vec<(&str, Vec<u8>)> = base
                        .files
                        .iter()
                        .map(|f| (f.file, f.materialise()))
                        .collect();
                    let mut what = Vec::new();
                    let first = rng.below(files.len() as u64) as usize;
                    let second = rng.below(files.len() as u64) as usize;
                    for f in if n == 2 && second != first {
                        vec![first, second]
                    } else {
                        vec![first]
                    } {
                        let seed = &base.files[f];
                        let allowed = mutate::allowed(seed, EXCLUDED, include);
                        let m = mutate::mutate(&seed.bytes, seed.kind, &allowed, &mut rng);
                        what.push(format!("{} ({})", seed.file, m.describe()));
                        files[f].1 = m.materialise(seed.kind);
                    }
                    let dir = tmp.path().join(format!("m{k}"));
                    let round = dir.join("round");
                    std::fs::create_dir_all(&round).unwrap();
                    for (name, bytes) in &files {
                        std::fs::write(round.join(name), bytes).unwrap();
                    }
                    let Tried {
                        problems, codes, ..
                    } = try_mutant(&dir, &round);
                    let key = codes
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join("/");
                    *tally
                        .lock()
                        .unwrap()
                        .entry(format!("{} {key}", base.name))
                        .or_default() += 1;
                    if problems.is_empty() {
                        let _ = std::fs::remove_dir_all(&dir);
                    } else {
                        let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                            .join("mutation-failures")
                            .join(format!("m{k}"));
                        let _ = std::fs::remove_dir_all(&keep);
                        std::fs::create_dir_all(&keep).unwrap();
                        for (name, bytes) in &files {
                            std::fs::write(keep.join(name), bytes).unwrap();
                        }
                        failures.lock().unwrap().push(format!(
                            "mutant {k} of {} [{}] (kept in {}):\n  {}",
                            base.name,
                            what.join(", "),
                            keep.display(),
                            problems.join("\n  ")
                        ));
                    }
                    k += workers;
                }
            });
        }
    });
    println!(
        "mutation: {mutants} mutants in {:.1} s (seed {seed}); base and check/run exits: {:?}",
        started.elapsed().as_secs_f64(),
        tally.into_inner().unwrap()
    );
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {mutants} mutants broke the contract:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
