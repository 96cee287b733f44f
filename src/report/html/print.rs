//! How the HTML pages print (CSS paged media, as Chromium supports it):
//! A4, a page header with the round's name (and the issuing office once
//! the round names one) on the left and the data year on the right, the
//! page number and count at the bottom, headings kept with what follows
//! them (the first scorecard, which would start a page of its own, stays
//! with its section's heading), table header rows repeated on every page,
//! and table rows and charts not split across pages. The date printed is the round's data
//! year, never the clock, so that the same run prints the same pages.

use super::Lang;
use crate::audit::RoundResult;
use crate::report::msg::Words;

/// A CSS string literal of `s`: quotes, backslashes and line breaks
/// escaped, and `<` written as an escape so that no text closes the
/// `<style>` element.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push_str("\\A "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page header's left part: the round's name.
fn issuer(r: &RoundResult, l: Lang) -> String {
    let round = l.pick(&r.round.name_zh, &r.round.name_en);
    let p = &r.round.publication;
    match l.pick(&p.office, &p.office_en) {
        "" => round.to_string(),
        office => format!("{office} · {round}"),
    }
}

/// The `<style>` element of the printed page.
pub(super) fn page_style(r: &RoundResult, l: Lang) -> String {
    let year = format!("{} {}", Words::DataYear.text(l), r.round.current_year);
    let page = Words::Page.text(l);
    let (before, after) = page.split_once("{}").unwrap_or((page, ""));
    format!(
        "<style>@page{{size:A4;margin:18mm 14mm 16mm;\
@top-left{{content:{};font-size:9pt;color:#555;width:80%}}\
@top-right{{content:{};font-size:9pt;color:#555;white-space:nowrap}}\
@bottom-center{{content:{} counter(page) {};font-size:9pt;color:#555}}}}\
@media print{{h1,h2,h3{{break-after:avoid;page-break-after:avoid}}\
thead{{display:table-header-group}}tr,svg,li{{break-inside:avoid}}\
h2+.card,#cards>.card:first-child{{break-before:auto;page-break-before:auto}}}}</style>\n",
        css_string(&issuer(r, l)),
        css_string(&year),
        css_string(before),
        css_string(after)
    )
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_are_escaped() {
        assert_eq!(css_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(css_string("</style>"), "\"\\3C /style>\"");
        assert_eq!(css_string("x\ny"), "\"x\\A y\"");
    }
}
