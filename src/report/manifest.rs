//! manifest.json: what produced an output folder, with SHA-256 digests.
//!
//! It records the tool and version, the round folder (relative to the
//! output folder, and as an absolute path for information), the options
//! (framework override, language, audience) and the seed (none: nothing in a run is
//! random), every input file read (relative to the round folder) with its
//! SHA-256, and every output file with its SHA-256 and size, and the archive
//! where `run` kept the inputs (`crate::archive`). `verify` reads
//! it back to re-run the round and compare. No timestamps: the same run
//! gives the same manifest.

use crate::diag::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileDigest {
    /// Inputs: relative to the round folder; outputs: the file name.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Options {
    /// `--framework`, relative to the output folder (None: round.toml's).
    pub framework: Option<String>,
    /// `--lang` of the HTML report.
    pub lang: String,
    /// `--audience`: internal or public (absent in manifests written
    /// before it existed: internal).
    #[serde(default = "internal")]
    pub audience: String,
}

fn internal() -> String {
    "internal".into()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    /// The round folder, relative to the output folder.
    pub round: String,
    /// The round folder as an absolute path when the run was made.
    pub round_absolute: String,
    pub options: Options,
    /// Runs are deterministic; no seed is used.
    pub seed: Option<u64>,
    pub framework: String,
    pub inputs: Vec<FileDigest>,
    pub outputs: Vec<FileDigest>,
    /// The archive folder holding the inputs by their SHA-256, relative to
    /// the output folder (absent in manifests written before runs were
    /// archived, and in a re-run that is not kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    /// The archive folder as an absolute path when the run was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_absolute: Option<String>,
}

/// SHA-256 of bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Digest of a file on disk.
pub fn digest_file(path: &Path, label: String) -> Result<FileDigest> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    Ok(FileDigest {
        path: label,
        sha256: sha256_hex(&bytes),
        bytes: bytes.len() as u64,
    })
}

/// An absolute, normalised path (no `.` or `..`), without requiring it to
/// exist beyond its existing prefix.
pub fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `target` relative to the folder `base` (both made absolute), with `/`.
pub fn relative(target: &Path, base: &Path) -> String {
    let t = absolute(target);
    let b = absolute(base);
    let tc: Vec<_> = t.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); bc.len() - common];
    parts.extend(
        tc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

impl Manifest {
    /// The manifest's own bytes: pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut b = serde_json::to_vec_pretty(self)?;
        b.push(b'\n');
        Ok(b)
    }

    /// A manifest from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest> {
        serde_json::from_slice(bytes).map_err(|source| Error::Document {
            path: "manifest.json".into(),
            expected: "cluster-eval manifest",
            source,
        })
    }

    pub fn read(out_dir: &Path) -> Result<Manifest> {
        let p = out_dir.join("manifest.json");
        let text =
            std::fs::read_to_string(&p).map_err(|e| Error::io(p.display().to_string(), e))?;
        serde_json::from_str(&text).map_err(|source| Error::Document {
            path: p.display().to_string(),
            expected: "cluster-eval manifest",
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_strings() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn relative_paths() {
        let base = Path::new("/a/b/out");
        assert_eq!(relative(Path::new("/a/b/round"), base), "../round");
        assert_eq!(relative(Path::new("/a/b/out/x"), base), "x");
        assert_eq!(relative(Path::new("/c"), base), "../../../c");
        assert_eq!(relative(Path::new("/a/b/out"), base), ".");
    }
}
