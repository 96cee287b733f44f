//! The shape of the code, checked against what `src/lib.rs` says it is:
//! every dependency between the library's top-level modules points to a
//! lower layer of the diagram in lib.rs's header (so there is no cycle),
//! every module is in the diagram once, and no source file is longer than
//! a reader can hold (about 600 lines).

use crate::workdir::repo;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest source file allowed ("about 600 lines").
const MAX_LINES: usize = 650;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Code without comments (line comments and doc comments): a module named
/// in prose is not a dependency.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            // Keep "//" inside a string literal such as "http://".
            Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn identifier(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level modules a piece of code names: `crate::x` and the groups
/// of `use crate::{x, y::z}`.
fn modules_named(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Only the first segment of each item at depth 0.
            let mut depth = 0;
            let mut start = true;
            for (k, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_alphanumeric() || c == '_') => {
                        out.insert(identifier(&group[k..]));
                        start = false;
                    }
                    c if !c.is_whitespace() => start = false,
                    _ => {}
                }
            }
        } else {
            out.insert(identifier(rest));
        }
    }
    out.remove("self");
    out
}

/// The layers drawn in lib.rs's header: lines `//! N  a b c — what`.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layer_of = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("//! ") else {
            continue;
        };
        let Some((head, _)) = rest.split_once(" — ") else {
            continue;
        };
        let mut words = head.split_whitespace();
        let Some(n) = words.next().and_then(|w| w.parse::<usize>().ok()) else {
            continue;
        };
        for m in words {
            assert!(
                layer_of.insert(m.to_string(), n).is_none(),
                "lib.rs draws {m} in two layers"
            );
        }
    }
    layer_of
}

#[test]
fn dependencies_point_down_the_layers_of_lib_rs() {
    let src = repo().join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let layer_of = layers(&lib);
    let declared: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect();
    let drawn: BTreeSet<String> = layer_of.keys().cloned().collect();
    assert_eq!(
        declared, drawn,
        "the modules of lib.rs and its layer diagram differ"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel
            .iter()
            .next()
            .and_then(|c| c.to_str())
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_string();
        // The binary (main.rs, cmd/) sits above the library.
        if top == "main" || top == "lib" || top == "cmd" {
            continue;
        }
        let Some(&own) = layer_of.get(&top) else {
            wrong.push(format!(
                "{}: module {top} is not in the diagram",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("source");
        for m in modules_named(&code_of(&text)) {
            if m == top {
                continue;
            }
            match layer_of.get(&m) {
                Some(&l) if l < own => {}
                Some(&l) => wrong.push(format!(
                    "{}: {top} (layer {own}) uses {m} (layer {l})",
                    rel.display()
                )),
                None => wrong.push(format!("{}: uses unknown module {m}", rel.display())),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_module_scanner_reads_paths_and_groups() {
    let code = "use crate::framework::{Framework, Period};\nuse crate::{audit, score::Scored};\nlet x = crate::rank::rank(a);";
    let found: Vec<String> = modules_named(code).into_iter().collect();
    assert_eq!(found, ["audit", "framework", "rank", "score"]);
    assert_eq!(code_of("let a = 1; // crate::report"), "let a = 1; ");
    assert_eq!(code_of("let u = \"http://x\";"), "let u = \"http://x\";");
}
