//! A diagnostic in the language of a report or of `check --lang`: the
//! Chinese message a site gives (`Diagnostic::zh`), the location worded in
//! Chinese ("第 12 行", "R32 列", "键 indicator[1].name_zh") and the
//! severity as a word (错误 / 警告 / 提示). English is the `Display` form.

use super::{Diagnostic, Severity};

impl Diagnostic {
    /// The message in Chinese if `zh` and the site gave one, else English.
    pub fn message_in(&self, zh: bool) -> &str {
        match (&self.message_zh, zh) {
            (Some(m), true) => m,
            _ => &self.message,
        }
    }

    /// The whole located line in Chinese if `zh` (severity as a word,
    /// "第 12 行", "R32 列"), else the English line of `Display`.
    pub fn shown(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        let severity = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        };
        let mut at = vec![self.file.clone()];
        if let Some(row) = self.row {
            at.push(format!("第 {row} 行"));
        }
        if let Some(column) = &self.column {
            // In a TOML file the "column" is a key path.
            if self.file.ends_with(".toml") {
                at.push(format!("键 {column}"));
            } else {
                at.push(format!("{column} 列"));
            }
        }
        let mut line = format!("{severity}：{}", at.join(" "));
        if let Some(value) = &self.value {
            line.push_str(&format!("，值 “{value}”"));
        }
        line.push('：');
        line.push_str(self.message_in(true));
        if let Some(cause) = &self.consequence_of {
            line.push_str(&format!("（后果，源于：{cause}）"));
        }
        line
    }
}

/// `list_rows` in Chinese: "第 5、6、9 行及另外 7 行".
pub fn list_rows_zh(rows: &[usize], total: usize, shown: usize) -> String {
    let listed: Vec<String> = rows.iter().take(shown).map(|r| r.to_string()).collect();
    let more = total.saturating_sub(listed.len());
    if more > 0 {
        format!("第 {} 行及另外 {more} 行", listed.join("、"))
    } else {
        format!("第 {} 行", listed.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{list_rows, MAX_MESSAGE};

    #[test]
    fn a_diagnostic_is_shown_in_either_language() {
        let d = Diagnostic::warning("reviews.csv", "conflict of interest")
            .zh("利益回避")
            .row(12)
            .column("R32")
            .value("56");
        assert_eq!(
            d.shown(false),
            "warning: reviews.csv, row 12, column R32, value \"56\": conflict of interest"
        );
        assert_eq!(d.shown(false), d.to_string());
        assert_eq!(
            d.shown(true),
            "警告：reviews.csv 第 12 行 R32 列，值 “56”：利益回避"
        );
        assert_eq!(d.message_in(true), "利益回避");
        assert_eq!(d.message_in(false), "conflict of interest");
        // A key of a TOML file, a note, a consequence.
        let n = Diagnostic::note("framework.toml", "missing name")
            .zh("缺少名称")
            .column("node[2].name_zh")
            .consequence_of("clusters.csv could not be read");
        assert_eq!(
            n.shown(true),
            "提示：framework.toml 键 node[2].name_zh：缺少名称（后果，源于：clusters.csv could not be read）"
        );
        // No Chinese text given: the English message, located in Chinese.
        let e = Diagnostic::error("a.csv", "bad").row(3);
        assert_eq!(e.shown(true), "错误：a.csv 第 3 行：bad");
        assert_eq!(e.message_zh, None);
    }

    #[test]
    fn the_chinese_text_is_serialised_beside_the_english_and_cut() {
        let d = Diagnostic::note("x.csv", "m").zh("提示文字");
        let json = serde_json::to_string(&d).expect("json");
        assert!(json.contains("\"message\":\"m\""), "{json}");
        assert!(json.contains("\"message_zh\":\"提示文字\""), "{json}");
        let plain = serde_json::to_string(&Diagnostic::note("x.csv", "m")).expect("json");
        assert!(!plain.contains("message_zh"), "{plain}");
        let long = Diagnostic::note("x.csv", "m").zh("长".repeat(MAX_MESSAGE + 5));
        let zh = long.message_zh.expect("zh");
        assert!(zh.ends_with("... (5 more characters)"), "{zh}");
    }

    #[test]
    fn rows_are_listed_in_chinese() {
        assert_eq!(list_rows_zh(&[5], 1, 5), "第 5 行");
        assert_eq!(list_rows_zh(&[5, 6, 9], 3, 5), "第 5、6、9 行");
        assert_eq!(list_rows_zh(&[5, 6, 9], 10, 2), "第 5、6 行及另外 8 行");
        assert_eq!(list_rows(&[5, 6, 9], 10, 2), "rows 5, 6 and 8 more");
    }
}
