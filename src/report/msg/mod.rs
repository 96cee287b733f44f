//! Every word a report shows, in Chinese and English, under typed keys.
//!
//! `Msg` holds the labels, headings and sentences of the Markdown, HTML and
//! XLSX reports (`Msg::Ranking.text(Lang::En)`, in `text.rs`); sentences with numbers in
//! them hold `{}` placeholders that `Msg::fill` replaces in order. `Col`
//! (`col.rs`) holds the column names of the data files with their Chinese names (the
//! workbook's headers). Nothing here formats numbers or knows a file format.

/// Language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Pick the text of this language, falling back to the other.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh if !zh.is_empty() => zh,
            Lang::En if !en.is_empty() => en,
            _ if !zh.is_empty() => zh,
            _ => en,
        }
    }
}

/// An enum of keys, each with two texts, and the function that gives them.
/// Each catalogue file of this folder declares its keys with it.
macro_rules! catalogue {
    ($(#[$meta:meta])* $name:ident { $($key:ident => ($a:expr, $b:expr),)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($key,)*
        }

        impl $name {
            /// Every key, in catalogue order.
            #[cfg(test)]
            pub(super) const ALL: &'static [$name] = &[$($name::$key,)*];

            pub(super) const fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $($name::$key => ($a, $b),)*
                }
            }
        }
    };
}

/// The text and the filled text of a catalogue's keys in one language,
/// and the tests every such catalogue passes: its Chinese has no Latin
/// letters (placeholders aside), its English no Chinese, and both texts of
/// a key take the same placeholders. A catalogue file writes
/// `one_language!(Name);` after its `catalogue!` (or
/// `one_language!(Name, own_tests);` and tests its words itself).
macro_rules! one_language {
    ($name:ident) => {
        one_language!($name, own_tests);
        one_language!(@tests $name);
    };
    // A catalogue whose texts name formulas or files (`p`, `z`,
    // trends.csv) in Chinese too: the text and fill only; the file tests
    // its words itself.
    ($name:ident, own_tests) => {
        impl $name {
            pub fn text(self, lang: $crate::report::msg::Lang) -> &'static str {
                $crate::report::msg::unit::relabel(
                    match lang {
                        $crate::report::msg::Lang::Zh => self.pair().0,
                        $crate::report::msg::Lang::En => self.pair().1,
                    },
                    lang,
                )
            }

            pub fn fill(
                self,
                lang: $crate::report::msg::Lang,
                args: &[&dyn std::fmt::Display],
            ) -> String {
                $crate::report::msg::fill(self.text(lang), args)
            }
        }
    };
    (@tests $name:ident) => {
        #[cfg(test)]
        mod one_language {
            use super::$name;

            /// The text without its placeholders `{0}` … `{9}`.
            fn words(s: &str) -> String {
                (0..10).fold(s.to_string(), |s, n| s.replace(&format!("{{{n}}}"), ""))
            }

            #[test]
            fn chinese_has_no_latin_words_and_english_no_chinese() {
                let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
                for k in $name::ALL {
                    let (zh, en) = k.pair();
                    assert!(!en.chars().any(han), "{k:?}: {en}");
                    assert!(!words(zh).chars().any(|c| c.is_ascii_alphabetic()), "{k:?}: {zh}");
                }
            }

            #[test]
            fn both_texts_take_the_same_arguments() {
                for k in $name::ALL {
                    let (zh, en) = k.pair();
                    for n in 0..10 {
                        let p = format!("{{{n}}}");
                        assert_eq!(zh.contains(&p), en.contains(&p), "{k:?} {p}");
                    }
                }
            }
        }
    };
}

pub mod aggregate;
mod audience;
pub mod audit;
pub mod cells;
mod col;
pub mod diff;
mod docs;
pub mod explain;
pub mod finish;
pub mod fragile;
pub mod method;
pub mod movement;
pub mod notes;
pub mod provenance;
pub mod reason;
pub mod rectify;
pub mod screening;
pub mod series;
mod sheet;
mod story;
pub mod term;
mod text;
pub mod trace;
pub mod unit;
pub mod versions;
pub mod whatif;

pub use audience::Words;
pub use col::{Alias, Col, Measure};
pub use docs::DocMsg;
pub use sheet::SheetText;
pub use story::Story;
pub use text::Msg;

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        unit::relabel(
            match lang {
                Lang::Zh => self.pair().0,
                Lang::En => self.pair().1,
            },
            lang,
        )
    }

    /// Both texts, "中文 English", for the bilingual Markdown report.
    pub fn both(self) -> String {
        let (zh, en) = self.pair();
        format!("{zh} {en}")
    }

    /// The text with each `{}` replaced by the next argument.
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        fill(self.text(lang), args)
    }
}

/// `template` with each `{}` replaced by the next argument and each `{N}`
/// by argument N (counted from 0), so that a translation may put the
/// arguments in another order.
pub(crate) fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let index = close.and_then(|c| match &after[..c] {
            "" => {
                next += 1;
                Some(next - 1)
            }
            n => n.parse::<usize>().ok(),
        });
        match (close, index) {
            (Some(c), Some(i)) => {
                if let Some(a) = args.get(i) {
                    out.push_str(&a.to_string());
                }
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_texts_take_the_same_arguments() {
        for m in Msg::ALL {
            let (zh, en) = m.pair();
            assert!(!en.is_empty(), "{m:?} has no English text");
            if !zh.is_empty() {
                assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{m:?}");
            }
        }
    }

    #[test]
    fn every_key_has_both_texts() {
        // `Col` (column names, owned with the workbook) is left out until
        // every column has its Chinese header.
        let pairs = Msg::ALL
            .iter()
            .map(|m| (format!("{m:?}"), m.pair()))
            .chain(term::Term::ALL.iter().map(|m| (format!("{m:?}"), m.pair())))
            .chain(
                explain::Ex::ALL
                    .iter()
                    .map(|m| (format!("{m:?}"), m.pair())),
            )
            .chain(
                reason::Why::ALL
                    .iter()
                    .map(|m| (format!("{m:?}"), m.pair())),
            )
            .chain(
                notes::Note::ALL
                    .iter()
                    .map(|m| (format!("{m:?}"), m.pair())),
            )
            .chain(
                provenance::Pv::ALL
                    .iter()
                    .map(|m| (format!("{m:?}"), m.pair())),
            );
        for (key, (a, b)) in pairs {
            assert!(!a.trim().is_empty(), "{key} has an empty first text");
            assert!(!b.trim().is_empty(), "{key} has an empty second text");
        }
    }

    #[test]
    fn fill_by_position() {
        assert_eq!(fill("{1} 的 {0}", &[&"a", &"b"]), "b 的 a");
        assert_eq!(fill("{} and {}", &[&1, &2]), "1 and 2");
        assert_eq!(fill("{x} {", &[&1]), "{x} {");
    }

    #[test]
    fn column_ids_are_unique() {
        for (k, c) in Col::ALL.iter().enumerate() {
            assert!(Col::ALL[..k].iter().all(|d| d.id() != c.id()), "{c:?}");
        }
    }

    #[test]
    fn fill_and_pick() {
        assert_eq!(
            Msg::RowsNotUsed.fill(Lang::En, &[&3]),
            "3 row(s) not used: see rejections.csv."
        );
        assert_eq!(Lang::En.pick("中", ""), "中");
        assert_eq!(Lang::Zh.pick("", "en"), "en");
    }
}
