//! The round's word for its units in the catalogue's texts: where a text
//! says 集群 (Chinese) or cluster / clusters / Cluster (English), a round
//! with `unit_label` (国家 / country, 地区 / region, or its own pair) has
//! it say that word instead. The machine keys stay: `cluster_id`,
//! `clusters.csv` and any word glued to `_` or a file ending are not
//! words of the text.
//!
//! The label is set for the rendering of one result (`with_unit`, on this
//! thread: the reports are rendered on one); every catalogue's `text`
//! passes through `relabel`. With the default label (or none set) the
//! texts are returned as they are, so the outputs of a cluster round are
//! unchanged. A relabelled text is made once per label and kept for the
//! thread's life (the catalogue is finite, so this is bounded).

use super::Lang;
use crate::ingest::UnitLabel;
use std::cell::RefCell;
use std::collections::HashMap;

/// A relabelled text's key: the label, the text (its address and length
/// in the catalogue) and whether it is the Chinese one.
type Made = (UnitLabel, usize, usize, bool);

thread_local! {
    static UNIT: RefCell<Option<UnitLabel>> = const { RefCell::new(None) };
    static MADE: RefCell<HashMap<Made, &'static str>> = RefCell::new(HashMap::new());
}

/// Run `f` with `label` as the word for the units of every catalogue text
/// (the previous label restored after, even if `f` unwinds).
pub fn with_unit<R>(label: &UnitLabel, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<UnitLabel>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let old = self.0.take();
            UNIT.with(|u| *u.borrow_mut() = old);
        }
    }
    let old = UNIT.with(|u| u.borrow_mut().replace(label.clone()));
    let _restore = Restore(old);
    f()
}

/// `text` in `lang` with the units' word of the current label.
pub fn relabel(text: &'static str, lang: Lang) -> &'static str {
    let zh = lang == Lang::Zh;
    if zh && !text.contains("集群") || !zh && !text.contains("luster") {
        return text;
    }
    let Some(label) = UNIT
        .with(|u| u.borrow().clone())
        .filter(|l| !l.is_default())
    else {
        return text;
    };
    let key = (label, text.as_ptr() as usize, text.len(), zh);
    if let Some(t) = MADE.with(|m| m.borrow().get(&key).copied()) {
        return t;
    }
    let made = if zh {
        text.replace("集群", &key.0.zh)
    } else {
        english(text, &key.0)
    };
    let leaked: &'static str = Box::leak(made.into_boxed_str());
    MADE.with(|m| m.borrow_mut().insert(key, leaked));
    leaked
}

/// Part of a machine word: a letter, a digit or `_`.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// "cluster", "clusters", "Cluster", "Clusters" as words replaced by the
/// label; `cluster_id`, `clusters.csv`, `subclusters` left.
fn english(text: &str, label: &UnitLabel) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut prev: Option<char> = None;
    while !rest.is_empty() {
        let upper = rest.starts_with("Cluster");
        if (upper || rest.starts_with("cluster")) && !prev.is_some_and(word_char) {
            let after = &rest["cluster".len()..];
            let (plural, after) = match after.strip_prefix('s') {
                Some(a) => (true, a),
                None => (false, after),
            };
            let mut next = after.chars();
            let glued = match next.next() {
                Some(c) if word_char(c) => true,
                // A file name: "clusters.csv".
                Some('.') => next.next().is_some_and(|c| c.is_alphanumeric()),
                _ => false,
            };
            if !glued {
                let word = if plural { &label.en_plural } else { &label.en };
                if upper {
                    let mut cs = word.chars();
                    if let Some(f) = cs.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(cs.as_str());
                    }
                } else {
                    out.push_str(word);
                }
                prev = Some('x');
                rest = after;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::UnitLabelSpec;

    fn country() -> UnitLabel {
        let mut d = crate::diag::Diagnostics::default();
        UnitLabel::resolve(Some(&UnitLabelSpec::Preset("country".into())), "r", &mut d)
    }

    #[test]
    fn words_are_relabelled_and_machine_keys_kept() {
        let c = country();
        assert_eq!(
            english(
                "Clusters: 3 clusters; each cluster_id in clusters.csv, per cluster.",
                &c
            ),
            "Countries: 3 countries; each cluster_id in clusters.csv, per country."
        );
        assert_eq!(
            english("subclusters clusterwise", &c),
            "subclusters clusterwise"
        );
        with_unit(&c, || {
            assert_eq!(relabel("参评集群", Lang::Zh), "参评国家");
            assert_eq!(relabel("Cluster", Lang::En), "Country");
        });
        // Outside: as written.
        assert_eq!(relabel("参评集群", Lang::Zh), "参评集群");
    }
}
