//! Runs kept in the archive (issue 17): `verify` after the inputs were
//! overwritten re-runs from the archive and names the changed cells; an
//! edited or missing archived object, a deleted output are named; an
//! archived manifest verifies after its output folder was overwritten; the
//! archive is deduplicated and never rewritten; a manifest from before the
//! archive verifies as it did.

use crate::workdir::WorkDir;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The mid-term sample's line corrected by a cluster, and the correction.
const BEFORE: &str = "HB05,revenue,2023,649.12,亿元";
const AFTER: &str = "HB05,revenue,2023,650.12,亿元";

/// The spreadsheet row of `line` in a file (1: the first line), found in
/// the text.
fn row_of(text: &str, line: &str) -> usize {
    text.lines()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no line {line:?}"))
        + 1
}

/// The run id `run` prints ("inputs archived in … as run ID").
fn run_id(run: &crate::workdir::Output) -> String {
    run.stdout
        .split_once(" as run ")
        .and_then(|(_, id)| id.split_whitespace().next())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no run id in:\n{}", run.all()))
}

fn manifest(w: &WorkDir, out: &str) -> serde_json::Value {
    serde_json::from_str(&w.read(&format!("{out}/manifest.json"))).unwrap()
}

/// The archived object of an input of the run in `out`.
fn object_of(w: &WorkDir, out: &str, input: &str) -> PathBuf {
    let m = manifest(w, out);
    let sha = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == input)
        .unwrap_or_else(|| panic!("no input {input}"))["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    w.path("round/.archive/objects").join(&sha[..2]).join(&sha)
}

/// Every file under a folder: its path, inode and modification time.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let md = std::fs::metadata(&p).unwrap();
                out.insert(p, (md.ino(), md.mtime(), md.mtime_nsec()));
            }
        }
    }
    out
}

/// Make a file writable (archived objects may be kept read-only).
fn writable(p: &Path) {
    let mut perm = std::fs::metadata(p).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(p, perm).unwrap();
}

#[test]
fn verify_after_an_input_was_overwritten_reruns_from_the_archive_and_names_the_cell() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    let id = run_id(&w.ok(&["run", round.to_str().unwrap(), "--out", "o"]));
    assert_eq!(id.len(), 16);
    let row = row_of(&w.read("round/indicators.csv"), BEFORE);
    w.edit("round/indicators.csv", BEFORE, AFTER);
    // A cut-off changed after a review meeting: a setting of the framework.
    w.edit("round/framework.toml", "min = 85", "min = 86");
    let ok = w.ok(&["verify", "o"]);
    let said = ok.stdout;
    assert!(
        said.contains(&format!(
            "note: input changed since the run: round/indicators.csv (the archived copy was used); 1 change:\n  indicators.csv, row {row}, column D (value): 649.12 → 650.12\n"
        )),
        "{said}"
    );
    assert!(
        said.contains(
            "note: input changed since the run: round/framework.toml (the archived copy was used); 1 change:\n  framework.toml: setting grade[excellent].min: 85 → 86\n"
        ),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "verified: every output of o is byte-identical to a re-run from the archived inputs of run {id}"
        )),
        "{said}"
    );
    // No other input is named.
    assert_eq!(said.matches("note:").count(), 2, "{said}");
}

#[test]
fn an_edited_or_missing_archived_object_is_named_with_its_input() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let object = object_of(&w, "o", "indicators.csv");
    writable(&object);
    let text = std::fs::read_to_string(&object).unwrap();
    std::fs::write(&object, text.replace(BEFORE, AFTER)).unwrap();
    let bad = w.fails(&["verify", "o"], 1);
    let name = object.file_name().unwrap().to_str().unwrap();
    let said = bad.stderr;
    assert!(
        said.contains("archived file edited")
            && said.contains(name)
            && said.contains("indicators.csv"),
        "{said}"
    );
    assert!(said.contains("verification failed: 1 problem(s)"), "{said}");
    // Another object gone.
    let clusters = object_of(&w, "o", "clusters.csv");
    std::fs::remove_file(&clusters).unwrap();
    let bad = w.fails(&["verify", "o"], 1);
    let gone = clusters.file_name().unwrap().to_str().unwrap();
    assert!(
        bad.stderr.contains(gone) && bad.stderr.contains("clusters.csv"),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("verification failed: 2 problem(s)"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_deleted_or_edited_output_is_named() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    std::fs::remove_file(w.path("o/report.md")).unwrap();
    w.edit("o/ranking.csv", "HB05", "HB55");
    let bad = w.fails(&["verify", "o"], 1);
    assert!(
        bad.stderr
            .contains("error: output missing: report.md (not in o)"),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains(
            "error: output edited since the run: ranking.csv (its sha256 differs from the manifest)"
        ),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("verification failed: 2 problem(s)"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_archived_manifest_verifies_after_its_output_folder_was_overwritten() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    let first = run_id(&w.ok(&["run", round.to_str().unwrap(), "--out", "o"]));
    let archived = format!("round/.archive/runs/{first}.json");
    assert!(w.path(&archived).is_file());
    // The round re-run into the same folder with a corrected value.
    w.edit("round/indicators.csv", BEFORE, AFTER);
    let second = run_id(&w.ok(&["run", round.to_str().unwrap(), "--out", "o"]));
    assert_ne!(first, second);
    // The earlier run: re-run from its archived inputs, checked against
    // its manifest's digests (its outputs are gone from o).
    let ok = w.ok(&["verify", &archived]);
    assert!(
        ok.stdout.contains(&format!(
            "is byte-identical to a re-run from the archived inputs of run {first}"
        )),
        "{}",
        ok.stdout
    );
    // The file on disk is the corrected one: named, as information.
    assert!(
        ok.stdout.contains("column D (value): 649.12 → 650.12"),
        "{}",
        ok.stdout
    );
    // The later run verifies too, with nothing changed.
    let ok = w.ok(&["verify", "o"]);
    assert!(!ok.stdout.contains("note:"), "{}", ok.stdout);
    // An archived manifest whose digest of an output was altered fails,
    // naming the output.
    let text = w.read(&archived);
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sha = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["path"] == "ranking.csv")
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let zeros = "0".repeat(64);
    w.write(
        "round/.archive/runs/altered.json",
        text.replace(&sha, &zeros),
    );
    let bad = w.fails(&["verify", "round/.archive/runs/altered.json"], 1);
    assert!(
        bad.stderr.contains(&format!(
            "error: output differs from a re-run: ranking.csv (sha256 {zeros} in the manifest, {sha} re-run)"
        )),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("verification failed: 1 problem(s)"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_archive_is_deduplicated_and_never_rewritten() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o1"]);
    let archive = w.path("round/.archive");
    let before = files_under(&archive);
    let inputs = manifest(&w, "o1")["inputs"].as_array().unwrap().len();
    let objects = |files: &BTreeMap<PathBuf, _>| {
        files
            .keys()
            .filter(|p| p.starts_with(archive.join("objects")))
            .count()
    };
    assert_eq!(objects(&before), inputs);
    // The same inputs again, into another folder: no object added, none
    // touched.
    w.ok(&["run", round.to_str().unwrap(), "--out", "o2"]);
    let after = files_under(&archive);
    for (p, stamp) in &before {
        assert_eq!(after.get(p), Some(stamp), "{} was rewritten", p.display());
    }
    assert_eq!(objects(&after), inputs);
    // One input changed: one object more, the others untouched.
    w.edit("round/indicators.csv", BEFORE, AFTER);
    w.ok(&["run", round.to_str().unwrap(), "--out", "o3"]);
    let third = files_under(&archive);
    for (p, stamp) in &before {
        assert_eq!(third.get(p), Some(stamp), "{} was rewritten", p.display());
    }
    assert_eq!(objects(&third), inputs + 1);
    assert!(object_of(&w, "o3", "indicators.csv").is_file());
}

#[test]
fn a_manifest_from_before_the_archive_verifies_from_the_round_folder() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let mut m = manifest(&w, "o");
    let fields = m.as_object_mut().unwrap();
    for key in ["archive", "archive_absolute"] {
        fields.remove(key);
    }
    w.write(
        "o/manifest.json",
        serde_json::to_string_pretty(&m).unwrap() + "\n",
    );
    let ok = w.ok(&["verify", "o"]);
    assert!(
        ok.stdout
            .contains("verified: every output of o is byte-identical to a re-run from its inputs"),
        "{}",
        ok.stdout
    );
    w.edit("round/indicators.csv", BEFORE, AFTER);
    let bad = w.fails(&["verify", "o"], 1);
    assert!(
        bad.stderr.contains("error: input changed since the run: ")
            && bad.stderr.contains("indicators.csv")
            && bad.stderr.contains("the run has no archive"),
        "{}",
        bad.stderr
    );
}
