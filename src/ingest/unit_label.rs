//! The word for what a round evaluates (`[round] unit_label`): clusters
//! (集群) by default, or countries (国家), regions (地区), or a pair of
//! words given in round.toml (`unit_label = { zh = "城市", en = "city" }`).
//! The reports say it wherever they would say 集群 / cluster (the
//! catalogue's words, `report::msg::unit`); the machine keys of the
//! outputs (`cluster_id`, file names) stay as they are.

use crate::diag::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};

/// `unit_label` as written: a preset's name or a pair.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum UnitLabelSpec {
    Preset(String),
    Pair { zh: String, en: String },
}

/// The word for a round's units, in each language (English singular and
/// plural).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnitLabel {
    pub zh: String,
    pub en: String,
    pub en_plural: String,
}

impl Default for UnitLabel {
    fn default() -> Self {
        UnitLabel::new("集群", "cluster")
    }
}

/// The presets: name, Chinese, English.
const PRESETS: &[(&str, &str, &str)] = &[
    ("cluster", "集群", "cluster"),
    ("country", "国家", "country"),
    ("region", "地区", "region"),
];

impl UnitLabel {
    fn new(zh: &str, en: &str) -> UnitLabel {
        UnitLabel {
            zh: zh.to_string(),
            en: en.to_string(),
            en_plural: plural(en),
        }
    }

    /// The default (集群 / cluster): the reports keep their own words.
    pub fn is_default(&self) -> bool {
        *self == UnitLabel::default()
    }

    /// Resolve round.toml's `unit_label` (None: the default), every
    /// problem located at `round.unit_label` of `file`.
    pub fn resolve(spec: Option<&UnitLabelSpec>, file: &str, diags: &mut Diagnostics) -> UnitLabel {
        let err = |diags: &mut Diagnostics, value: String, msg: String, zh: String| {
            diags.push(
                Diagnostic::error(file, msg)
                    .zh(zh)
                    .column("round.unit_label")
                    .value(value),
            );
            UnitLabel::default()
        };
        match spec {
            None => UnitLabel::default(),
            Some(UnitLabelSpec::Preset(name)) => {
                match PRESETS.iter().find(|p| p.0 == name.trim()) {
                    Some(&(_, zh, en)) => UnitLabel::new(zh, en),
                    None => err(
                        diags,
                        name.clone(),
                        "unknown unit_label: expected \"cluster\" (the default), \"country\", \"region\", or a pair { zh = \"城市\", en = \"city\" }".into(),
                        "未知的 unit_label：应为 \"cluster\"（默认）、\"country\"、\"region\"，或 { zh = \"城市\", en = \"city\" }".into(),
                    ),
                }
            }
            Some(UnitLabelSpec::Pair { zh, en }) => {
                let (zh, en) = (zh.trim(), en.trim());
                let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
                if zh.is_empty() || !zh.chars().all(han) {
                    return err(
                        diags,
                        zh.to_string(),
                        "unit_label.zh must be Chinese characters only (the Chinese reports are wholly Chinese)".into(),
                        "unit_label.zh 只能是汉字（中文报告须全部为中文）".into(),
                    );
                }
                if en.is_empty() || !en.chars().all(|c| c.is_ascii_lowercase() || c == ' ') {
                    return err(
                        diags,
                        en.to_string(),
                        "unit_label.en must be a lower-case English word (e.g. \"city\"; the plural is made from it)".into(),
                        "unit_label.en 须为小写英文单词（如 \"city\"；复数由其生成）".into(),
                    );
                }
                UnitLabel::new(zh, en)
            }
        }
    }
}

/// The English plural: city → cities, country → countries, region →
/// regions, bus → buses.
fn plural(en: &str) -> String {
    let vowel = |c: char| "aeiou".contains(c);
    let mut chars = en.chars().rev();
    match (chars.next(), chars.next()) {
        (Some('y'), Some(b)) if !vowel(b) => format!("{}ies", &en[..en.len() - 1]),
        (Some('s' | 'x'), _) => format!("{en}es"),
        (Some('h'), Some('c' | 's')) => format!("{en}es"),
        _ => format!("{en}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("country"), "countries");
        assert_eq!(plural("city"), "cities");
        assert_eq!(plural("region"), "regions");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("bus"), "buses");
    }

    #[test]
    fn presets_and_errors() {
        let mut d = Diagnostics::default();
        let c = UnitLabel::resolve(Some(&UnitLabelSpec::Preset("country".into())), "r", &mut d);
        assert_eq!((c.zh.as_str(), c.en_plural.as_str()), ("国家", "countries"));
        assert!(UnitLabel::resolve(None, "r", &mut d).is_default());
        assert!(d.is_empty());
        UnitLabel::resolve(Some(&UnitLabelSpec::Preset("nation".into())), "r", &mut d);
        UnitLabel::resolve(
            Some(&UnitLabelSpec::Pair {
                zh: "city".into(),
                en: "city".into(),
            }),
            "r",
            &mut d,
        );
        let shown: Vec<String> = d.items.iter().map(|x| x.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].contains("column round.unit_label, value \"nation\": unknown unit_label"));
        assert!(shown[1].contains("unit_label.zh must be Chinese characters only"));
    }
}
