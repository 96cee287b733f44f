//! The page's data-quality section: the number of plausibility findings
//! per check, then every finding with its cell and its message, in the
//! page's language.

use super::table::{self, Layout};
use super::Lang;
use crate::audit::RoundResult;
use crate::report::msg::Msg;
use crate::report::views;
use std::fmt::Write;

pub(super) fn data_quality(w: &mut String, r: &RoundResult, l: Lang) {
    let _ = writeln!(
        w,
        "<h2 id=\"data-quality\">{}</h2>\n<p class=\"muted\">{}</p>",
        Msg::DataQuality.text(l),
        Msg::QualityIntro.text(l)
    );
    let text = |m: Msg| m.text(l).to_string();
    let counts = views::quality_counts(&r.quality, text);
    let layout = Layout {
        attrs: " id=\"quality-counts\"",
        num_class: true,
        after: "\n",
    };
    table::table(w, &counts, l, layout, |_| "");
    if r.quality.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", Msg::QualityNone.text(l));
        return;
    }
    let findings = views::quality_findings(&r.quality, text, |f| {
        l.pick(&f.message_zh, &f.message_en).to_string()
    });
    let layout = Layout {
        attrs: " class=\"sortable\" id=\"quality\"",
        num_class: false,
        after: "\n",
    };
    table::table(w, &findings, l, layout, |_| "");
}
