//! Scorecards drawn on demand, for a round with many clusters: instead of
//! one pre-drawn card per cluster (with every trace), the page holds one
//! compact JSON block (`<script type="application/json" id="cards-data">`)
//! and a script (`cards.js`) that draws a cluster's card when it is chosen
//! in a select box, when its id in the ranking is clicked, or when the
//! page is opened at `#c-<id>`; a "print all" button draws every card
//! first. The cards are the same as the pre-drawn ones (`scorecard`): the
//! same heading and cells, and the radar chart as `charts::radar` draws
//! it, kept as the part that differs from the first cluster's radar (a
//! common start and end, and the middle). The full trace of each value is
//! not inlined: it is in trace.csv and `cluster-eval explain`.
//!
//! In such a round the sections of a thousand rows that a reader does not
//! need at once (the charts, the roster audit) keep their heading, and
//! their body is held as text (`<script type="text/html">`, which the
//! browser neither parses nor lays out) and inserted when the reader opens
//! it, or before printing. The page then opens in about a second.

use super::scorecard::{cells, heading, heads};
use super::{charts, cluster_name, esc, Lang};
use crate::audit::RoundResult;
use crate::report::msg::{Msg, Words};
use serde::Serialize;
use std::fmt::Write;

/// More clusters than this: cards are drawn on demand.
pub(super) const PRE_DRAWN_UP_TO: usize = 100;

/// The script that draws the cards.
const SCRIPT: &str = include_str!("cards.js");

#[derive(Serialize)]
struct Data<'a> {
    heads: [String; 4],
    indicators: Vec<&'a str>,
    radar_label: &'a str,
    /// The first cluster's radar, which the others are told apart from.
    radar: String,
    cards: Vec<Card<'a>>,
}

#[derive(Serialize)]
struct Card<'a> {
    id: &'a str,
    heading: String,
    note: String,
    /// The radar: (length of the start shared with `radar`, length of the
    /// end shared with it, the middle).
    radar: (usize, usize, String),
    rows: Vec<[String; 3]>,
}

/// A section (its `<h2>` heading, then its body) as `section` writes it;
/// when `large`, the body is deferred: held as text, inserted when opened.
pub(super) fn deferred(w: &mut String, large: bool, l: Lang, section: impl FnOnce(&mut String)) {
    let mut s = String::new();
    section(&mut s);
    let split = s.find("</h2>").map(|k| k + "</h2>".len());
    match split {
        Some(k)
            if large
                && !s[k..].contains("</script")
                && !s[k..].contains("<!--")
                && !s[k..].trim().is_empty() =>
        {
            w.push_str(&s[..k]);
            let _ = writeln!(
                w,
                "\n<details class=\"deferred noprint\"><summary>{}</summary></details><script type=\"text/html\" class=\"deferred-body\">{}</script>",
                Words::ShowSection.text(l),
                &s[k..]
            );
        }
        _ => w.push_str(&s),
    }
}

/// `s` told apart from `base`: the lengths (in UTF-16 units, as the
/// script counts) of the common start and end, and the middle of `s`.
fn difference(base: &str, s: &str) -> (usize, usize, String) {
    let start = base
        .char_indices()
        .zip(s.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((k, a), _)| k + a.len_utf8());
    let (base_rest, s_rest) = (&base[start..], &s[start..]);
    let end = base_rest
        .chars()
        .rev()
        .zip(s_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let middle = &s_rest[..s_rest.len() - end];
    let units = |t: &str| t.encode_utf16().count();
    (
        units(&s[..start]),
        units(&s_rest[s_rest.len() - end..]),
        middle.to_string(),
    )
}

/// JSON text to hold in a script element: every `<` (only ever inside a
/// string) is written `\u003c`, so that no text of the inputs can close
/// the element or open a comment in it.
fn script_json<T: Serialize>(data: &T) -> String {
    serde_json::to_string(data)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The picker, the place the cards are drawn in, the data and the script.
pub(super) fn on_demand(w: &mut String, r: &RoundResult, medians: &[(usize, f64)], l: Lang) {
    let radar_of = |c| {
        let mut s = String::new();
        charts::radar(&mut s, r, c, medians, l);
        s
    };
    let radar = r.clusters.first().map(radar_of).unwrap_or_default();
    let cards = r
        .clusters
        .iter()
        .map(|c| Card {
            id: &c.cluster_id,
            heading: heading(r, c, l),
            note: crate::report::msg::notes::tie_notes(&c.tie_note, l),
            radar: difference(&radar, &radar_of(c)),
            rows: c
                .indicators
                .iter()
                .zip(&r.indicators)
                .map(|(t, info)| cells(r, t, info, l))
                .collect(),
        })
        .collect();
    let data = Data {
        heads: heads(l),
        indicators: r
            .indicators
            .iter()
            .map(|i| l.pick(&i.name_zh, &i.name_en))
            .collect(),
        radar_label: Msg::Radar.text(l),
        radar,
        cards,
    };
    let _ = writeln!(
        w,
        "<p class=\"muted noprint\">{}</p>\n<p class=\"noprint\"><label>{} <select id=\"card-pick\"><option value=\"\">{}</option>",
        Words::CardsOnDemand.text(l),
        Words::ShowCard.text(l),
        Words::ChooseCluster.text(l)
    );
    for c in &r.clusters {
        let _ = write!(
            w,
            "<option value=\"{}\">{} {}</option>",
            esc(&c.cluster_id),
            esc(&c.cluster_id),
            esc(cluster_name(c, l))
        );
    }
    let _ = writeln!(
        w,
        "</select></label> <button type=\"button\" id=\"card-print-all\">{}</button></p>\n<div id=\"cards\"></div>",
        Words::PrintAll.text(l)
    );
    let json = script_json(&data);
    let _ = writeln!(
        w,
        "<script type=\"application/json\" id=\"cards-data\">{json}</script>\n<script>{SCRIPT}</script>"
    );
}

#[cfg(test)]
mod tests {
    use super::{difference, script_json};

    #[test]
    fn json_in_a_script_element_holds_no_angle_bracket() {
        let text = script_json(&["</script><!--<script>", "a<b"]);
        assert!(!text.contains('<'), "{text}");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, ["</script><!--<script>", "a<b"]);
    }

    /// The script rebuilds `s` as base[..start] + middle + base[len-end..].
    fn rebuild(base: &str, d: &(usize, usize, String)) -> String {
        let b: Vec<u16> = base.encode_utf16().collect();
        let mut out: Vec<u16> = b[..d.0].to_vec();
        out.extend(d.2.encode_utf16());
        out.extend(&b[b.len() - d.1..]);
        String::from_utf16(&out).unwrap()
    }

    #[test]
    fn a_radar_is_rebuilt_from_its_difference() {
        for (base, s) in [
            (
                "<svg><p a=\"1,2\"/>集群</svg>",
                "<svg><p a=\"1,3\"/>集群</svg>",
            ),
            ("abc", "abc"),
            ("abc", ""),
            ("", "xyz"),
            ("aXa", "aa"),
            ("名1名", "名22名"),
        ] {
            let d = difference(base, s);
            assert_eq!(rebuild(base, &d), s, "{base} -> {s}: {d:?}");
        }
        let d = difference("<s>10,20</s>", "<s>10,25</s>");
        assert_eq!(d, (7, 4, "5".to_string()));
    }
}
