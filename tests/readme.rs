//! The README's examples hold: every TOML block is valid TOML (a reader
//! copies them into round.toml or an indicator file), and each names only
//! sections the tool reads.

use crate::workdir::repo;

/// The ```toml blocks of a Markdown text (indented ones too), with the
/// line each starts on.
fn toml_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut open {
            None if trimmed.starts_with("```toml") => open = Some((i + 1, indent, String::new())),
            Some((start, _, text)) if trimmed.starts_with("```") => {
                blocks.push((*start, std::mem::take(text)));
                open = None;
            }
            Some((_, indent, text)) => {
                text.push_str(line.get(*indent..).unwrap_or(line.trim_start()));
                text.push('\n');
            }
            None => {}
        }
    }
    assert!(open.is_none(), "a ```toml block is never closed");
    blocks
}

#[test]
fn every_toml_example_in_the_readme_is_valid_toml() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let blocks = toml_blocks(&readme);
    assert!(blocks.len() >= 5, "the README shows its settings as TOML");
    let bad: Vec<String> = blocks
        .iter()
        .filter_map(|(line, text)| {
            toml::from_str::<toml::Value>(text)
                .err()
                .map(|e| format!("README.md line {line}: {e}"))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_one_line_table_is_not_taken_for_valid_toml() {
    // The check above can fail: the old one-line style is refused.
    let blocks = toml_blocks("x\n```toml\n[[grade]]\nid = \"a\"; min = 1\n```\n");
    assert_eq!(blocks.len(), 1);
    assert!(toml::from_str::<toml::Value>(&blocks[0].1).is_err());
}
