//! The charts of report.html as written (the browser tests measure them as
//! drawn): the heatmap shows a missing value as missing (hatched grey, not
//! a colour of the scale, as many cells as trace.csv has values missing
//! after imputation), names its columns by the indicators' names in the
//! report's language, and has a legend with the scale and the missing
//! entry; the bar labels carry whole names (no ellipsis).

use crate::workdir::{col, read_csv, WorkDir};

/// The heatmap's SVG in a page.
fn heatmap(html: &str) -> &str {
    let start = html
        .find("<svg class=\"chart heatmap\"")
        .expect("a heatmap");
    let end = start + html[start..].find("</svg>").unwrap();
    &html[start..end]
}

#[test]
fn heatmap_names_indicators_and_shows_missing_values_as_missing() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    w.ok(&["run", round.to_str().unwrap(), "--out", "zh"]);
    w.ok(&[
        "run",
        round.to_str().unwrap(),
        "--out",
        "en",
        "--lang",
        "en",
    ]);
    let (h, rows) = read_csv(&w.path("zh/trace.csv"));
    let (imputed, name) = (col(&h, "imputed_value"), col(&h, "indicator_zh"));
    let missing = rows.iter().filter(|r| r[imputed].is_empty()).count();
    // Two values of the sample are missing after imputation.
    assert_eq!(missing, 2);
    for lang in ["zh", "en"] {
        let html = w.read(&format!("{lang}/report.html"));
        let svg = heatmap(&html);
        let cells = svg.matches("stroke=\"#fff\"><title>").count();
        assert_eq!(cells, 30 * 29, "{lang}: one cell per indicator and cluster");
        let grey = svg.matches("fill=\"#e0e0e0\" stroke=\"#fff\"").count();
        assert_eq!(grey, missing, "{lang}: missing cells");
        // Each missing cell is followed by its hatching.
        assert_eq!(
            svg.matches("fill=\"#e0e0e0\" stroke=\"#fff\"").count(),
            svg.matches("stroke=\"#808080\" stroke-width=\"1\"").count() - 1,
            "{lang}: hatching (the cells' and the legend's)"
        );
        let legend = svg.matches("class=\"legend-item\"").count();
        assert_eq!(legend, 2, "{lang}");
        let word = if lang == "zh" {
            ">缺失<"
        } else {
            ">Missing<"
        };
        assert!(svg.contains(word), "{lang}: no missing entry");
        assert!(!svg.contains("url("), "{lang}");
        // The bars carry whole names.
        let bars_at = html.find("<svg class=\"chart bars\"").unwrap();
        let bars = &html[bars_at..bars_at + html[bars_at..].find("</svg>").unwrap()];
        assert!(!bars.contains('…'), "{lang}: a shortened bar label");
    }
    // zh: every indicator's Chinese name labels a column.
    let html = w.read("zh/report.html");
    let svg = heatmap(&html);
    for r in rows.iter().take(30) {
        let label = format!("<title>{}</title></text>", r[name]);
        assert!(svg.contains(&label), "no column named {}", r[name]);
    }
    // en: the bar label of C14 is its whole name, on two lines.
    let html = w.read("en/report.html");
    let title =
        "<title>C14 Baoding new-energy and intelligent connected vehicle cluster</title></text>";
    let at = html.find(title).expect("C14's bar label");
    let label = &html[html[..at].rfind("<text ").unwrap()..at];
    assert_eq!(label.matches("<tspan").count(), 2, "{label}");
}
