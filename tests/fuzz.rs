//! The fuzz harness: every reader fed mutated bytes, in process, under
//! `catch_unwind`; a panic, a hang, or a report that cannot be rendered
//! from a result the pipeline accepted (`run` would exit 2) is a crash and
//! fails the test.
//!
//! Targets: every file of the base rounds (`mutate::bases`): the registry,
//! submissions and roster CSV, the registry and submissions as XLSX, the
//! three frameworks, round.toml, reviewers, reviews, conflicts, history
//! and flags. A case writes a mutant of one target into a round folder
//! that holds the other files unchanged, runs the whole pipeline
//! (`pipeline::evaluate`, robustness made small by overrides, the
//! rectification list in one case of `RECTIFY_EVERY`) and, when it
//! yields a result, renders every report. The seed corpus is the base
//! files; a mutant the pipeline accepts joins its target's corpus, so later
//! cases mutate inputs that are odd but valid.
//!
//! Deterministic: case `i` of worker `w` draws from `Rng::stream(seed,
//! w)`, so a run is the same for the same seed and number of workers. A
//! crashing input is saved under the target folder (`fuzz-crashes/`) and
//! named in the failure. Environment:
//!
//! - `CLUSTER_EVAL_FUZZ_SECONDS`: run for this long (the default is a
//!   fixed number of cases, `CLUSTER_EVAL_FUZZ_CASES`, 600: about 36 s in
//!   a debug build on two cores);
//! - `CLUSTER_EVAL_FUZZ_SEED` (default 15), `CLUSTER_EVAL_FUZZ_THREADS`
//!   (default 2);
//! - `CLUSTER_EVAL_FUZZ_HANG_SECONDS`: a case running longer is a hang,
//!   a crash (default 45: a competition case that computes the
//!   rectification list takes about 10 s in a debug build, and over 25 s
//!   when other test suites share the two cores); one running ten times
//!   longer has its input saved and ends the process;
//! - `CLUSTER_EVAL_FUZZ_INCLUDE`: excluded classes to put back, by name,
//!   comma-separated, or `all` (see `EXCLUDED`).

use crate::mutate::{self, Base, Class, Exclusion, Seed};
use cluster_eval::pipeline::{self, Options};
use cluster_eval::report::{self, Lang};
use cluster_eval::rng::Rng;
use cluster_eval::robust::config::{Mode, Overrides, Request};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Mutation classes left out of the default run (none: every class the
/// fuzzer found crashing is fixed; the list stays for a class found next,
/// put back with `CLUSTER_EVAL_FUZZ_INCLUDE=all`).
const EXCLUDED: &[Exclusion] = &[];

struct Settings {
    seed: u64,
    cases: Option<u64>,
    seconds: Option<f64>,
    threads: u64,
    hang: Duration,
    include: String,
}

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    let v = std::env::var(name).ok()?;
    Some(
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
    )
}

fn settings() -> Settings {
    let seconds = env_number::<f64>("CLUSTER_EVAL_FUZZ_SECONDS");
    let cases = env_number::<u64>("CLUSTER_EVAL_FUZZ_CASES");
    Settings {
        seed: env_number("CLUSTER_EVAL_FUZZ_SEED").unwrap_or(15),
        cases: match (cases, seconds) {
            (Some(c), _) => Some(c),
            (None, Some(_)) => None,
            (None, None) => Some(600),
        },
        seconds,
        threads: env_number::<u64>("CLUSTER_EVAL_FUZZ_THREADS")
            .unwrap_or(2)
            .max(1),
        hang: Duration::from_secs_f64(
            env_number::<f64>("CLUSTER_EVAL_FUZZ_HANG_SECONDS").unwrap_or(45.0),
        ),
        include: std::env::var("CLUSTER_EVAL_FUZZ_INCLUDE").unwrap_or_default(),
    }
}

/// A target: a file of a base round.
struct Target<'a> {
    base: &'a Base,
    seed: &'a Seed,
    allowed: Vec<Class>,
}

impl Target<'_> {
    fn label(&self) -> String {
        format!("{}/{}", self.base.name, self.seed.file)
    }
}

/// What became of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// A result, and every report rendered.
    Valid,
    /// Refused with diagnostics.
    Refused,
    /// A result, but a report could not be rendered: `run` would exit 2
    /// on an input `check` accepts. A failure, like a panic.
    ReportFailed(String),
}

/// One case in this many also computes the rectification list (the
/// what-if engine's plan searches on the mutant: hundreds of re-decisions,
/// about 1 s per case in a debug build); the others skip it, as `check`
/// does, so that the run stays within its time.
const RECTIFY_EVERY: u64 = 10;

/// Run one round folder through the pipeline and the reports.
fn run_case(dir: &Path, lang: Lang, rectification: bool) -> Outcome {
    let options = Options {
        rectification,
        robustness: Request {
            mode: Mode::IfDeclared,
            table: None,
            overrides: Overrides {
                replications: Some(10),
                sobol_base: Some(4),
                seed: None,
                bootstrap: Some(5),
            },
        },
        ..Options::default()
    };
    match pipeline::evaluate(dir, &options) {
        Ok(result) => match report::render_all(&result, lang) {
            Ok(_) => Outcome::Valid,
            Err(e) => Outcome::ReportFailed(e.to_string()),
        },
        Err(_) => Outcome::Refused,
    }
}

#[derive(Default, Clone)]
struct Tally {
    cases: u64,
    valid: u64,
    refused: u64,
    crashes: u64,
    slowest: Duration,
}

/// The case each worker is running, for the hang watchdog.
struct Running {
    started: Instant,
    what: String,
    input: Vec<u8>,
    ext: String,
}

fn crash_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes")
}

/// Save a crashing input; its path.
fn save(name: &str, ext: &str, bytes: &[u8]) -> PathBuf {
    let dir = crash_dir();
    std::fs::create_dir_all(&dir).expect("crash folder");
    let p = dir.join(format!("{}.{ext}", name.replace('/', "-")));
    std::fs::write(&p, bytes).expect("save the crashing input");
    p
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".into())
}

fn ext(file: &str) -> &str {
    file.rsplit('.').next().unwrap_or("bin")
}

struct Shared<'a> {
    settings: &'a Settings,
    targets: &'a [Target<'a>],
    deadline: Option<Instant>,
    running: Vec<Mutex<Option<Running>>>,
    tallies: Mutex<Vec<Tally>>,
    crashes: Mutex<Vec<String>>,
}

fn worker(w: u64, sh: &Shared) {
    let s = sh.settings;
    let tmp = tempfile::tempdir().expect("temp dir");
    for t in sh.targets {
        let dir = tmp.path().join(t.base.name);
        if !dir.exists() {
            t.base.write(&dir);
        }
    }
    let mut rng = Rng::stream(s.seed, w);
    let mut corpus: Vec<Vec<Vec<u8>>> = sh
        .targets
        .iter()
        .map(|t| vec![t.seed.bytes.clone()])
        .collect();
    let originals: Vec<Vec<u8>> = sh.targets.iter().map(|t| t.seed.materialise()).collect();
    let mut i = w;
    loop {
        if s.cases.is_some_and(|n| i >= n) || sh.deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let t = ((i / s.threads) % sh.targets.len() as u64) as usize;
        let target = &sh.targets[t];
        let parent = if rng.chance(0.5) {
            &corpus[t][0]
        } else {
            &corpus[t][rng.below(corpus[t].len() as u64) as usize]
        };
        let mutant = mutate::mutate(parent, target.seed.kind, &target.allowed, &mut rng);
        let bytes = mutant.materialise(target.seed.kind);
        let path = tmp.path().join(target.base.name).join(target.seed.file);
        std::fs::write(&path, &bytes).expect("write the mutant");
        let what = format!("case {i} ({}, {})", target.label(), mutant.describe());
        let file_ext = ext(target.seed.file).to_string();
        *sh.running[w as usize].lock().unwrap() = Some(Running {
            started: Instant::now(),
            what: what.clone(),
            input: bytes.clone(),
            ext: file_ext.clone(),
        });
        let lang = if rng.chance(0.5) { Lang::Zh } else { Lang::En };
        let started = Instant::now();
        let dir = tmp.path().join(target.base.name);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            run_case(&dir, lang, i % RECTIFY_EVERY == 0)
        }));
        let took = started.elapsed();
        *sh.running[w as usize].lock().unwrap() = None;
        std::fs::write(&path, &originals[t]).expect("restore the seed");
        let mut tallies = sh.tallies.lock().unwrap();
        let tally = &mut tallies[t];
        tally.cases += 1;
        tally.slowest = tally.slowest.max(took);
        if took > s.hang {
            tally.crashes += 1;
            let saved = save(&format!("{}-case{i}", target.label()), &file_ext, &bytes);
            sh.crashes.lock().unwrap().push(format!(
                "{what}: a hang: ran {:.1} s (limit {:?}); input saved as {}",
                took.as_secs_f64(),
                s.hang,
                saved.display()
            ));
        }
        match outcome {
            Ok(Outcome::Valid) => {
                tally.valid += 1;
                if mutant.packed.is_none() && corpus[t].len() < 64 {
                    corpus[t].push(mutant.bytes);
                } else if mutant.packed.is_none() {
                    let k = 1 + rng.below(63) as usize;
                    corpus[t][k] = mutant.bytes;
                }
            }
            Ok(Outcome::Refused) => tally.refused += 1,
            Ok(Outcome::ReportFailed(e)) => {
                tally.crashes += 1;
                let saved = save(&format!("{}-case{i}", target.label()), &file_ext, &bytes);
                sh.crashes.lock().unwrap().push(format!(
                    "{what}: accepted, but a report failed: {e}; input saved as {}",
                    saved.display()
                ));
            }
            Err(e) => {
                tally.crashes += 1;
                let saved = save(&format!("{}-case{i}", target.label()), &file_ext, &bytes);
                sh.crashes.lock().unwrap().push(format!(
                    "{what}: panicked: {}; input saved as {}",
                    panic_text(e.as_ref()),
                    saved.display()
                ));
            }
        }
        drop(tallies);
        i += s.threads;
    }
}

/// Exit the process when a case runs over ten times the hang limit (it
/// cannot be interrupted in process): its input saved and named. A case
/// that ends over the limit is a crash (`worker`).
fn watchdog(sh: &Shared, done: &AtomicBool) {
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(250));
        for slot in &sh.running {
            if let Some(r) = slot.lock().unwrap().as_ref() {
                if r.started.elapsed() > sh.settings.hang * 10 {
                    let p = save("hang", &r.ext, &r.input);
                    eprintln!(
                        "fuzz: HANG: {} ran over {:?}; input saved as {}",
                        r.what,
                        sh.settings.hang * 10,
                        p.display()
                    );
                    std::process::exit(3);
                }
            }
        }
    }
}

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[test]
fn fuzz_every_reader() {
    let s = settings();
    let bases = mutate::bases();
    let targets: Vec<Target> = bases
        .iter()
        .flat_map(|b| b.files.iter().map(move |f| (b, f)))
        .map(|(base, seed)| Target {
            base,
            seed,
            allowed: mutate::allowed(seed, EXCLUDED, &s.include),
        })
        .collect();
    let shared = Shared {
        settings: &s,
        targets: &targets,
        deadline: s
            .seconds
            .map(|x| Instant::now() + Duration::from_secs_f64(x)),
        running: (0..s.threads).map(|_| Mutex::new(None)).collect(),
        tallies: Mutex::new(vec![Tally::default(); targets.len()]),
        crashes: Mutex::new(vec![]),
    };
    let started = Instant::now();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let dog = scope.spawn(|| watchdog(&shared, &done));
        let workers: Vec<_> = (0..s.threads)
            .map(|w| {
                let sh = &shared;
                scope.spawn(move || worker(w, sh))
            })
            .collect();
        for h in workers {
            h.join().expect("a fuzz worker failed outside a case");
        }
        done.store(true, Ordering::Relaxed);
        dog.join().unwrap();
    });
    let elapsed = started.elapsed();
    let tallies = shared.tallies.into_inner().unwrap();
    let total: u64 = tallies.iter().map(|t| t.cases).sum();
    println!(
        "fuzz: {total} cases in {:.1} s ({:.1}/s), seed {}, {} worker(s), peak RSS {} MiB",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64().max(1e-9),
        s.seed,
        s.threads,
        peak_rss_mib().map_or("?".into(), |m| m.to_string())
    );
    println!(
        "{:<36} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "target", "cases", "valid", "refused", "crashes", "slowest"
    );
    for (t, tally) in targets.iter().zip(&tallies) {
        println!(
            "{:<36} {:>8} {:>8} {:>8} {:>8} {:>8.2}s",
            t.label(),
            tally.cases,
            tally.valid,
            tally.refused,
            tally.crashes,
            tally.slowest.as_secs_f64()
        );
    }
    let excluded: Vec<String> = EXCLUDED
        .iter()
        .filter(|e| !targets.iter().all(|t| t.allowed.contains(&e.class)))
        .map(|e| {
            format!(
                "{} ({}): {}",
                e.class.name(),
                e.file.unwrap_or("every file"),
                e.why
            )
        })
        .collect();
    if !excluded.is_empty() {
        println!("excluded classes: {}", excluded.join("; "));
    }
    let crashes = shared.crashes.into_inner().unwrap();
    assert!(
        crashes.is_empty(),
        "{} crash(es) in {total} cases:\n{}",
        crashes.len(),
        crashes.join("\n")
    );
}

/// Every base round is valid as built, so that mutants start from a round
/// the pipeline accepts.
#[test]
fn fuzz_bases_are_valid() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for b in mutate::bases() {
        let dir = tmp.path().join(b.name);
        b.write(&dir);
        let options = Options::default();
        if let Err(e) = pipeline::evaluate(&dir, &options) {
            panic!("base {} is refused: {e:?}", b.name);
        }
    }
}
