//! TOML errors a clerk can act on: the file, the line and column (counted
//! in characters, as an editor shows them), the cause in words, and the
//! line as written.
//!
//! The toml crate's error has a byte span and a terse message ("expected
//! newline, `#`"); this module turns the span into a line and column and
//! says what the usual slips mean: keys separated by `;` or `,` on one line,
//! a text value without quotes or with Chinese quotation marks, a `:` for
//! `=`, a space inside a key, a section header without its `]`, a value
//! quoted that should be a number. round.toml, the framework file and the
//! robustness settings all report through `located`. Nothing here reads
//! files.

use crate::diag::{cut, Diagnostic};

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |k| k + 1);
    (line, before[start..].chars().count() + 1)
}

/// The error located at its line and column: "`what` is not valid at line
/// 2, column 9: <cause> (line 2 reads: …)". `what` names the file's role
/// ("round file", "indicator file").
pub fn located(file: &str, text: &str, e: &toml::de::Error, what: &str) -> Diagnostic {
    let Some(span) = e.span() else {
        return Diagnostic::error(file, format!("invalid {what}: {}", plain(e.message())));
    };
    let (line, col) = line_col(text, span.start);
    let line_text = text.lines().nth(line - 1).unwrap_or("").trim_end();
    let cause = explain(e.message(), line_text, col);
    Diagnostic::error(
        file,
        format!(
            "invalid {what} at line {line}, column {col}: {cause} (line {line} reads: {})",
            cut(line_text.trim(), 80)
        ),
    )
    .row(line)
    .column(col.to_string())
}

/// The toml crate's message in words, with what to do for the usual slips.
/// `line` is the line of the error, `col` the (1-based) character the error
/// points at (0 when unknown).
pub fn explain(message: &str, line: &str, col: usize) -> String {
    let first = message.lines().next().unwrap_or(message);
    let said = plain(message);
    let at = col.checked_sub(1).and_then(|k| line.chars().nth(k));
    let after_space = col
        .checked_sub(2)
        .and_then(|k| line.chars().nth(k))
        .is_some_and(char::is_whitespace);
    match (first, at) {
        ("expected newline, `#`", Some(';')) => {
            "a `;` does not separate keys in TOML: put each key = value on its own line".into()
        }
        ("expected newline, `#`", Some(',')) => {
            "a `,` separates items only inside [ ] or { }: remove it, or put each key = value on its own line".into()
        }
        ("expected newline, `#`", _) => {
            "more text after the value: a line holds one key = value (a comment starts with #); a number is written without its unit".into()
        }
        ("invalid string", Some('“' | '”' | '‘' | '’' | '「' | '」')) => {
            "Chinese or curly quotation marks are not TOML quotes: write the text between straight quotes \"…\"".into()
        }
        ("invalid string", _) => {
            "a text value needs straight quotes around it: key = \"text\"".into()
        }
        ("invalid basic string", _) if !line.ends_with('"') => {
            "the text value has no closing quote \" on this line".into()
        }
        ("expected `.`, `=`", Some(':' | '：')) => {
            "a key and its value are separated by =, not by a colon".into()
        }
        ("expected `.`, `=`", Some(c)) if c.is_whitespace() || after_space => {
            "a key cannot hold a space (write name_zh, not name zh), or the = after the key is missing".into()
        }
        ("expected `.`, `=`", _) => "expected = after the key".into(),
        (m, _) if m.starts_with("invalid table header") => {
            "a section header is a name between [ ] (or [[ ]] for a list entry): the closing bracket is missing or the name is not plain".into()
        }
        (m, _) if m.starts_with("invalid type: string") && expects_number(m) => {
            format!("{said}: write the number without quotes")
        }
        (m, _) if m.starts_with("duplicate key") => {
            format!("{said}: a key may be given once per table (keep one)")
        }
        _ => said,
    }
}

/// The message on one line, with the deserialiser's "field" called "key".
fn plain(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
}

fn expects_number(message: &str) -> bool {
    [
        "i32", "i64", "u32", "u64", "usize", "f64", "integer", "float", "number",
    ]
    .iter()
    .any(|t| {
        message.contains(&format!("expected {t}"))
            || message.contains(&format!("expected an {t}"))
            || message.contains(&format!("expected a {t}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        let e = text.parse::<toml::Table>().unwrap_err();
        located("round.toml", text, &e, "round file").to_string()
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        assert_eq!(line_col("a = 1\nb = 2\n", 0), (1, 1));
        assert_eq!(line_col("a = 1\nb = 2\n", 8), (2, 3));
        // Columns count characters, not bytes: 名称 is 6 bytes.
        assert_eq!(line_col("名称 = 1", 7), (1, 4));
        assert_eq!(line_col("x", 99), (1, 2));
    }

    #[test]
    fn the_usual_slips_in_words() {
        assert_eq!(
            error("[round]\nid = \"x\"; name_zh = \"y\"\n"),
            "error: round.toml, row 2, column 9: invalid round file at line 2, column 9: a `;` does not separate keys in TOML: put each key = value on its own line (line 2 reads: id = \"x\"; name_zh = \"y\")"
        );
        assert!(error("[round]\nid = x\n").contains(
            "row 2, column 6: invalid round file at line 2, column 6: a text value needs straight quotes around it"
        ));
        assert!(error("[round]\nid = “x”\n").contains("Chinese or curly quotation marks"));
        assert!(error("[round]\nid: \"x\"\n").contains("separated by =, not by a colon"));
        assert!(error("[round]\nname zh = \"x\"\n").contains("a key cannot hold a space"));
        assert!(error("[round\nid = \"x\"\n").contains("line 1, column 7: a section header"));
        assert!(error("[round]\nid = \"x\nyear = 1\n").contains("no closing quote"));
        assert!(error("[round]\nyear = 2021年\n").contains("a number is written without its unit"));
        assert!(error("[round]\nid = 1\nid = 2\n")
            .contains("line 3, column 1: duplicate key `id` in table `round`: a key may be given once per table"));
    }

    #[test]
    fn values_of_the_wrong_type_are_located() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct R {
            year: i32,
        }
        let text = "year = \"2021\"\n";
        let e = toml::from_str::<R>(text).unwrap_err();
        assert_eq!(
            located("r.toml", text, &e, "round file").to_string(),
            "error: r.toml, row 1, column 8: invalid round file at line 1, column 8: invalid type: string \"2021\", expected i32: write the number without quotes (line 1 reads: year = \"2021\")"
        );
    }
}
