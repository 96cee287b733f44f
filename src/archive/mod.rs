//! The archive: every run's inputs kept by their content, so that a run can
//! be re-made after its files were corrected, overwritten or deleted.
//!
//! A round declares its archive folder in round.toml (`[archive] dir`,
//! relative to the round folder; `.archive` by default). `run` copies every
//! input it read (round.toml, the framework, the registry, the submissions,
//! the rosters and the process inputs) into
//!
//! ```text
//! <archive>/objects/<first 2 hex>/<SHA-256 of the content>
//! ```
//!
//! and its manifest into `<archive>/runs/<run id>.json`, the run id being
//! the first 16 hex digits of the manifest's own SHA-256. Objects are named
//! by their content, so the same file kept by a hundred runs is stored
//! once; an object is written to a temporary name and then linked into
//! place, never over an existing one: nothing in the archive is rewritten.
//! A reader checks every object against its name before using it, so an
//! edited archive is named, never used.
//!
//! `Run::open` takes an output folder (its manifest.json) or an archived
//! manifest; `Run::materialize` lays the archived inputs out in a fresh
//! temporary folder, at the paths they had relative to the round folder,
//! so the pipeline can run the round exactly as it was.

pub mod cells;
pub mod verify;

use crate::diag::{Error, Result};
use crate::report::manifest::{self, FileDigest, Manifest};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Hex digits of a manifest's SHA-256 that name its run.
const RUN_ID_LEN: usize = 16;

/// An archive folder.
#[derive(Debug, Clone)]
pub struct Archive {
    pub dir: PathBuf,
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::io(path.display().to_string(), e)
}

/// A temporary name next to `target` that no other process or thread uses.
fn temporary(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".tmp-{}-{n}-{name}", std::process::id()))
}

/// Put `tmp` in place at `target` unless `target` exists (then `tmp` is
/// removed): a hard link fails on an existing name, so nothing is replaced.
fn settle(tmp: &Path, target: &Path) -> Result<()> {
    let linked = std::fs::hard_link(tmp, target);
    let _ = std::fs::remove_file(tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(target, e)),
    }
}

/// Lowercase hex of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A SHA-256 as the archive names objects: 64 lowercase hex digits.
fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Archive {
    pub fn new(dir: impl Into<PathBuf>) -> Archive {
        Archive { dir: dir.into() }
    }

    /// Where the object of a content digest lives.
    pub fn object(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.dir.join("objects").join(prefix).join(sha256)
    }

    /// Where an archived manifest lives.
    pub fn run_path(&self, run_id: &str) -> PathBuf {
        self.dir.join("runs").join(format!("{run_id}.json"))
    }

    /// Copy a file into the archive while hashing it (streamed: a large
    /// roster is never held in memory) and return its digest under `label`.
    /// An object already there is kept as it is.
    pub fn store(&self, path: &Path, label: String) -> Result<FileDigest> {
        let staging = self.dir.join("objects");
        std::fs::create_dir_all(&staging).map_err(|e| io(&staging, e))?;
        let tmp = temporary(&staging.join("incoming"));
        let copied = copy_hashing(path, &tmp);
        let (sha256, bytes) = match copied {
            Ok(d) => d,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let target = self.object(&sha256);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        settle(&tmp, &target)?;
        Ok(FileDigest {
            path: label,
            sha256,
            bytes,
        })
    }

    /// Keep a run's manifest; returns the run id.
    pub fn store_manifest(&self, bytes: &[u8]) -> Result<String> {
        let id = manifest::sha256_hex(bytes)[..RUN_ID_LEN].to_string();
        let target = self.run_path(&id);
        let runs = self.dir.join("runs");
        std::fs::create_dir_all(&runs).map_err(|e| io(&runs, e))?;
        let tmp = temporary(&target);
        std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
        settle(&tmp, &target)?;
        Ok(id)
    }

    /// The archived bytes of an input, checked against its digest: a
    /// missing object or one whose content no longer matches its name is
    /// refused, naming the object and the input.
    pub fn read(&self, digest: &FileDigest) -> Result<Vec<u8>> {
        if !is_sha256(&digest.sha256) {
            return Err(Error::Rejected(format!(
                "manifest: input {} has no valid SHA-256 ({:?})",
                digest.path, digest.sha256
            )));
        }
        let object = self.object(&digest.sha256);
        let bytes = std::fs::read(&object).map_err(|e| {
            Error::Rejected(format!(
                "archived file missing: {} (the input {}): {e}",
                object.display(),
                digest.path
            ))
        })?;
        let now = manifest::sha256_hex(&bytes);
        if now != digest.sha256 {
            return Err(Error::Rejected(format!(
                "archived file edited: {} (the input {}) now has SHA-256 {now}",
                object.display(),
                digest.path
            )));
        }
        Ok(bytes)
    }
}

/// Copy `from` to `to`, returning the SHA-256 and size of what was copied.
fn copy_hashing(from: &Path, to: &Path) -> Result<(String, u64)> {
    let mut src = std::fs::File::open(from).map_err(|e| io(from, e))?;
    let mut dst = std::fs::File::create(to).map_err(|e| io(to, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = src.read(&mut buf).map_err(|e| io(from, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        dst.write_all(&buf[..n]).map_err(|e| io(to, e))?;
        total += n as u64;
    }
    dst.sync_all().map_err(|e| io(to, e))?;
    Ok((hex(&hasher.finalize()), total))
}

/// A run re-opened from its output folder or its archived manifest.
#[derive(Debug, Clone)]
pub struct Run {
    pub manifest: Manifest,
    pub archive: Option<Archive>,
    /// The output folder (None when opened from an archived manifest).
    pub out: Option<PathBuf>,
    /// The run id (the archived manifest's name).
    pub id: String,
}

impl Run {
    /// Open `path`: an output folder (its manifest.json) or an archived
    /// manifest (`<archive>/runs/<id>.json`).
    pub fn open(path: &Path) -> Result<Run> {
        if path.is_dir() {
            let manifest = Manifest::read(path)?;
            // The id is the digest of the file as `run` wrote it (not of a
            // re-serialisation, which would differ for an older manifest).
            let file = path.join("manifest.json");
            let bytes = std::fs::read(&file).map_err(|e| io(&file, e))?;
            let id = manifest::sha256_hex(&bytes)[..RUN_ID_LEN].to_string();
            let archive = manifest.archive.as_ref().map(|a| {
                let rel = path.join(a);
                match (rel.is_dir(), &manifest.archive_absolute) {
                    (false, Some(abs)) if Path::new(abs).is_dir() => Archive::new(abs),
                    _ => Archive::new(rel),
                }
            });
            return Ok(Run {
                manifest,
                archive,
                out: Some(path.to_path_buf()),
                id,
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|source| Error::Document {
            path: path.display().to_string(),
            expected: "cluster-eval manifest",
            source,
        })?;
        // <archive>/runs/<id>.json: the archive is two folders up.
        let archive = path
            .parent()
            .and_then(Path::parent)
            .map(|d| Archive::new(d.to_path_buf()));
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Run {
            manifest,
            archive,
            out: None,
            id,
        })
    }

    /// The round folder as recorded (relative to the output folder when
    /// there is one, else the absolute path of the run).
    pub fn round_dir(&self) -> PathBuf {
        match &self.out {
            Some(out) => out.join(&self.manifest.round),
            None => PathBuf::from(&self.manifest.round_absolute),
        }
    }

    /// Where an input was when the run was made (it may have changed).
    pub fn input_on_disk(&self, digest: &FileDigest) -> PathBuf {
        self.round_dir().join(&digest.path)
    }

    /// The archive, or a refusal for a manifest written before runs were
    /// archived.
    pub fn archive(&self) -> Result<&Archive> {
        self.archive.as_ref().ok_or_else(|| {
            Error::Rejected(format!(
                "run {}: its manifest names no archive (it was made before runs were archived)",
                self.id
            ))
        })
    }

    /// Lay the archived inputs out in a fresh temporary folder, each
    /// checked against its digest.
    pub fn materialize(&self) -> Result<Materialized> {
        let archive = self.archive()?;
        let labels: Vec<Vec<String>> = self
            .manifest
            .inputs
            .iter()
            .map(|d| parts(&d.path))
            .collect::<Result<_>>()?;
        // A label may climb out of the round folder (`../../indicators/x.toml`):
        // the round folder is put that many levels down, so every input
        // lands inside the temporary folder.
        let depth = labels
            .iter()
            .map(|p| p.iter().take_while(|c| *c == "..").count())
            .max()
            .unwrap_or(0);
        let root = TempDir::new()?;
        let mut round_dir = root.path.clone();
        for k in 0..depth {
            round_dir.push(format!("up{k}"));
        }
        round_dir.push("round");
        std::fs::create_dir_all(&round_dir).map_err(|e| io(&round_dir, e))?;
        for (digest, label) in self.manifest.inputs.iter().zip(&labels) {
            let bytes = archive.read(digest)?;
            let target = place(&round_dir, label);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::write(&target, bytes).map_err(|e| io(&target, e))?;
        }
        let framework = self
            .manifest
            .options
            .framework
            .as_ref()
            .map(|_| parts(&self.manifest.framework).map(|p| place(&round_dir, &p)))
            .transpose()?;
        let framework_file = place(&round_dir, &parts(&self.manifest.framework)?);
        Ok(Materialized {
            round_dir,
            framework,
            framework_file,
            _root: root,
        })
    }
}

/// The components of a recorded relative path; an absolute one or one
/// with other oddities is refused (a manifest must not place a file
/// outside the temporary folder).
fn parts(label: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut climbing = true;
    for c in Path::new(label).components() {
        match c {
            Component::ParentDir if climbing => out.push("..".to_string()),
            Component::Normal(s) => {
                climbing = false;
                out.push(s.to_string_lossy().into_owned());
            }
            Component::CurDir => {}
            _ => {
                return Err(Error::Rejected(format!(
                    "manifest: input path {label:?} is not a plain relative path"
                )))
            }
        }
    }
    Ok(out)
}

/// `round_dir` joined with recorded parts, `..` resolved lexically.
fn place(round_dir: &Path, parts: &[String]) -> PathBuf {
    let mut p = round_dir.to_path_buf();
    for c in parts {
        if c == ".." {
            p.pop();
        } else {
            p.push(c);
        }
    }
    p
}

/// An archived run laid out on disk; removed on drop.
#[derive(Debug)]
pub struct Materialized {
    pub round_dir: PathBuf,
    /// The `--framework` the run was given, if any.
    pub framework: Option<PathBuf>,
    /// The indicator file the run used (the override or round.toml's).
    pub framework_file: PathBuf,
    _root: TempDir,
}

/// A temporary folder removed on drop.
#[derive(Debug)]
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> Result<TempDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = base.join(format!(
                "cluster-eval-run-{}-{n}-{nanos}",
                std::process::id()
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io(&path, e)),
            }
        }
        Err(Error::Rejected(format!(
            "no free temporary folder in {}",
            base.display()
        )))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_paths_stay_inside() {
        assert_eq!(
            parts("../../a/b.toml").unwrap(),
            vec!["..", "..", "a", "b.toml"]
        );
        assert!(parts("/etc/passwd").is_err());
        assert!(parts("a/../../b").is_err());
        let root = Path::new("/t/up0/up1/round");
        assert_eq!(
            place(root, &parts("../../i/x.toml").unwrap()),
            Path::new("/t/up0/i/x.toml")
        );
        assert_eq!(place(root, &parts("c.csv").unwrap()), root.join("c.csv"));
    }

    #[test]
    fn store_is_deduplicated_and_never_rewrites() {
        let dir = std::env::temp_dir().join(format!("ce-archive-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.csv");
        std::fs::write(&input, b"abc").unwrap();
        let a = Archive::new(dir.join("arch"));
        let d1 = a.store(&input, "in.csv".into()).unwrap();
        // FIPS 180-2 vector for "abc".
        assert_eq!(
            d1.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let object = a.object(&d1.sha256);
        let before = std::fs::metadata(&object).unwrap().modified().unwrap();
        let d2 = a.store(&input, "again.csv".into()).unwrap();
        assert_eq!(d2.sha256, d1.sha256);
        assert_eq!(
            std::fs::metadata(&object).unwrap().modified().unwrap(),
            before
        );
        let objects: Vec<_> = std::fs::read_dir(object.parent().unwrap())
            .unwrap()
            .collect();
        assert_eq!(objects.len(), 1, "one object, no temporary left");
        assert_eq!(a.read(&d1).unwrap(), b"abc");
        std::fs::write(&object, b"abd").unwrap();
        let err = a.read(&d1).unwrap_err().to_string();
        assert!(
            err.contains("archived file edited") && err.contains("in.csv"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
