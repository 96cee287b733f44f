//! The page's charts, drawn as inline SVG: dimension subtotals as stacked
//! bars, the heatmap of normalised indicator scores, and the radar of one
//! cluster's node scores against the cohort median. Every text is placed
//! from its measured width (`layout`, `text_width`): margins grow to the
//! widest label, long labels break onto lines, legends wrap, and each
//! chart's size holds all of its texts, in either language.

use super::layout::{
    category, flow, legend, lines, text, viridis, widest, ASCENT, DESCENT, FONT, LINE, PAD, SWATCH,
};
use super::{cluster_name, esc, Lang};
use crate::audit::{ClusterResult, RoundResult};
use crate::report::msg::Msg;
use crate::report::number::fixed;
use crate::report::text_width::advance;
use std::fmt::Write;

/// The widest a bar label gets before it breaks onto another line.
const LABEL_CAP: f64 = 260.0;

/// Stacked horizontal bars: one per cluster, one segment per dimension.
/// The left margin is the widest label ("id name", measured), up to
/// `LABEL_CAP`; a longer label breaks onto more lines, never shortened.
/// The legend wraps to new rows within the chart's width.
pub(super) fn bars(w: &mut String, r: &RoundResult, l: Lang) {
    let max = r.framework.total_points.max(1e-9);
    let (plot, bar, gap): (f64, f64, f64) = (640.0, 16.0, 5.0);
    let labels: Vec<Vec<String>> = r
        .clusters
        .iter()
        .map(|c| {
            lines(
                &format!("{} {}", c.cluster_id, cluster_name(c, l)),
                LABEL_CAP,
            )
        })
        .collect();
    let left = 8.0 + labels.iter().map(|x| widest(x)).fold(40.0, f64::max) + 6.0;
    let totals: Vec<String> = r.clusters.iter().map(|c| fixed(c.total, 2)).collect();
    let value_w = totals.iter().map(|t| advance(t, FONT)).fold(0.0, f64::max) + 8.0;
    let right = left + plot + value_w;
    let names: Vec<String> = r
        .dimensions
        .iter()
        .map(|d| l.pick(&d.name_zh, &d.name_en).to_string())
        .collect();
    let (placed, legend_h) = legend(&names, left, 4.0, right);
    let width = placed.iter().map(|p| p.right()).fold(right, f64::max) + 4.0;
    let rows: Vec<f64> = labels
        .iter()
        .map(|x| (bar + gap).max(x.len() as f64 * LINE + 3.0))
        .collect();
    let top = 4.0 + legend_h + 6.0;
    let height = top + rows.iter().sum::<f64>() + 4.0;
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<svg class=\"chart bars\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        Msg::Bars.text(l),
        Msg::Bars.text(l)
    );
    for (k, (p, name)) in placed.iter().zip(&names).enumerate() {
        let _ = writeln!(
            w,
            "<g class=\"legend-item\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{SWATCH}\" height=\"{SWATCH}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            p.x,
            p.y,
            category(k),
            p.x + SWATCH + PAD,
            p.y + 10.0,
            esc(name)
        );
    }
    let mut y = top;
    for (i, c) in r.clusters.iter().enumerate() {
        let (lab, row) = (&labels[i], rows[i]);
        let mid = y + row / 2.0;
        let first = mid - (lab.len() as f64 - 1.0) * LINE / 2.0 + 4.0;
        let full = format!("{} {}", c.cluster_id, cluster_name(c, l));
        text(w, left - 6.0, first, " text-anchor=\"end\"", lab, &full);
        let _ = writeln!(w);
        let by = mid - bar / 2.0;
        let mut x = left;
        for (k, d) in r.dimensions.iter().enumerate() {
            let v = c.subtotal(&d.id).max(0.0);
            let wd = (v / max * plot).min(left + plot - x).max(0.0);
            let _ = writeln!(
                w,
                "<rect x=\"{x:.2}\" y=\"{by:.1}\" width=\"{wd:.2}\" height=\"{bar}\" fill=\"{}\"><title>{} · {}: {}</title></rect>",
                category(k),
                esc(&c.cluster_id),
                esc(l.pick(&d.name_zh, &d.name_en)),
                fixed(v, 2)
            );
            x += wd;
        }
        let _ = writeln!(
            w,
            "<text x=\"{:.2}\" y=\"{:.1}\">{}</text>",
            x + 4.0,
            mid + 4.0,
            totals[i]
        );
        y += row;
    }
    let _ = writeln!(w, "</svg>");
}

/// Heatmap: clusters (rows, rank order) x indicators (columns, named in
/// the report's language, upright text read bottom to top, on at most two
/// lines), colour by the normalised score 0-100 on the viridis scale; a
/// value missing (none after imputation) is hatched grey, not a colour of
/// the scale. Below: the scale with its ends and the missing entry.
pub(super) fn heatmap(w: &mut String, r: &RoundResult, l: Lang) {
    let n = r.indicators.len();
    // Two lines of a column's name (13 px apart, 1.45 em of box) fit in
    // a 30 px column.
    let (cell, ch) = (30.0, 14.0);
    let names: Vec<&str> = r
        .indicators
        .iter()
        .map(|i| l.pick(&i.name_zh, &i.name_en))
        .collect();
    let heads = two_lines(&names);
    let label_h = heads.iter().map(|x| widest(x)).fold(0.0, f64::max);
    let top = label_h + 12.0;
    let left = r
        .clusters
        .iter()
        .map(|c| advance(&c.cluster_id, FONT))
        .fold(20.0, f64::max)
        + 12.0;
    let grid_right = left + n as f64 * cell;
    let grid_bottom = top + r.clusters.len() as f64 * ch;
    // The legend: the scale (title, 0, gradient, 100), then "missing".
    let scale = (Msg::Normalised.text(l), "0", "100");
    let (ramp, missing) = (160.0, Msg::Missing.text(l));
    let scale_w = advance(scale.0, FONT)
        + 6.0
        + advance(scale.1, FONT)
        + 4.0
        + ramp
        + 4.0
        + advance(scale.2, FONT);
    let missing_w = SWATCH + PAD + advance(missing, FONT);
    let (at, legend_h) = flow(
        &[scale_w, missing_w],
        left,
        grid_bottom + 12.0,
        grid_right.max(left + scale_w),
    );
    let width = (grid_right + 10.0)
        .max(at[0].0 + scale_w + 10.0)
        .max(at[1].0 + missing_w + 10.0);
    let height = grid_bottom + 12.0 + legend_h + 6.0;
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<svg class=\"chart heatmap\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        Msg::Heatmap.text(l),
        Msg::Heatmap.text(l)
    );
    for (j, lines) in heads.iter().enumerate() {
        // Upright lines, read bottom to top, centred on the column: a
        // line's box lies ASCENT left and DESCENT right of its baseline.
        let cx = left + j as f64 * cell + cell / 2.0;
        let x0 = cx - ((lines.len() as f64 - 1.0) * LINE - (ASCENT - DESCENT) * FONT) / 2.0;
        let at = format!(" transform=\"rotate(-90 {x0:.1} {:.1})\"", top - 6.0);
        text(w, x0, top - 6.0, &at, lines, names[j]);
        let _ = writeln!(w);
    }
    for (i, c) in r.clusters.iter().enumerate() {
        let y = top + i as f64 * ch;
        let _ = writeln!(
            w,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            y + ch - 3.0,
            esc(&c.cluster_id)
        );
        for (j, t) in c.indicators.iter().enumerate() {
            let x = left + j as f64 * cell;
            let missing = t.imputed_value.is_none();
            let v = t.normalised.clamp(0.0, 100.0);
            let fill = if missing {
                MISSING.to_string()
            } else {
                viridis(v / 100.0)
            };
            let _ = write!(
                w,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{ch}\" fill=\"{fill}\" stroke=\"#fff\"><title>{} · {}: {}</title></rect>",
                esc(&c.cluster_id),
                esc(names.get(j).copied().unwrap_or_default()),
                if missing { Msg::Missing.text(l).to_string() } else { fixed(v, 1) }
            );
            if missing {
                hatch(w, x, y, cell, ch);
            }
            let _ = writeln!(w);
        }
    }
    let (sx, sy) = at[0];
    let mut x = sx;
    let _ = write!(
        w,
        "<g class=\"legend-item\"><text x=\"{x:.1}\" y=\"{:.1}\">{}</text>",
        sy + 10.0,
        esc(scale.0)
    );
    x += advance(scale.0, FONT) + 6.0;
    let _ = write!(
        w,
        "<text x=\"{x:.1}\" y=\"{:.1}\">{}</text>",
        sy + 10.0,
        scale.1
    );
    x += advance(scale.1, FONT) + 4.0;
    // The scale: 40 steps of the ramp, 0 on the left.
    for k in 0..40 {
        let _ = write!(
            w,
            "<rect x=\"{:.1}\" y=\"{sy:.1}\" width=\"{:.1}\" height=\"{SWATCH}\" fill=\"{}\"/>",
            x + k as f64 * ramp / 40.0,
            ramp / 40.0 + 0.3,
            viridis((k as f64 + 0.5) / 40.0)
        );
    }
    x += ramp + 4.0;
    let _ = writeln!(
        w,
        "<text x=\"{x:.1}\" y=\"{:.1}\">{}</text></g>",
        sy + 10.0,
        scale.2
    );
    let (mx, my) = at[1];
    let _ = write!(
        w,
        "<g class=\"legend-item\"><rect x=\"{mx:.1}\" y=\"{my:.1}\" width=\"{SWATCH}\" height=\"{SWATCH}\" fill=\"{MISSING}\" stroke=\"#808080\"/>",
    );
    hatch(w, mx, my, SWATCH, SWATCH);
    let _ = writeln!(
        w,
        "<text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
        mx + SWATCH + PAD,
        my + 10.0,
        esc(missing)
    );
    let _ = writeln!(w, "</svg>");
}

/// The fill of a missing value, under its hatching.
const MISSING: &str = "#e0e0e0";

/// Diagonal hatching over a box (lines 6 px apart, cut at its edges): a
/// missing value, drawn without a pattern (the page refers to nothing by
/// `url(...)`, not even within itself).
fn hatch(w: &mut String, x: f64, y: f64, width: f64, height: f64) {
    let mut d = String::new();
    let mut t = -height;
    while t < width {
        let (u0, u1) = ((-t).max(0.0), height.min(width - t));
        if u1 > u0 {
            let _ = write!(
                d,
                "M{:.1} {:.1}L{:.1} {:.1}",
                x + t + u0,
                y + height - u0,
                x + t + u1,
                y + height - u1
            );
        }
        t += 6.0;
    }
    let _ = write!(
        w,
        "<path d=\"{d}\" stroke=\"#808080\" stroke-width=\"1\" fill=\"none\"/>"
    );
}

/// Column names on at most two lines: the line width grows from 160 px
/// until every name fits in two (a name is never shortened).
fn two_lines(names: &[&str]) -> Vec<Vec<String>> {
    let longest = names.iter().map(|s| advance(s, FONT)).fold(0.0, f64::max);
    let mut max = (longest * 0.55).max(160.0);
    loop {
        let out: Vec<Vec<String>> = names.iter().map(|s| lines(s, max)).collect();
        if out.iter().all(|x| x.len() <= 2) || max >= longest {
            return out;
        }
        max += 10.0;
    }
}

/// Radar axes: the nodes that hold indicators directly (at least three),
/// else the dimensions; each cluster's share of the node's maximum (%).
fn radar_nodes(r: &RoundResult) -> Vec<usize> {
    let mut parents: Vec<usize> = Vec::new();
    for ind in &r.indicators {
        if let Some(k) = r.nodes.iter().position(|n| n.id == ind.parent) {
            if !parents.contains(&k) {
                parents.push(k);
            }
        }
    }
    if parents.len() >= 3 {
        return parents;
    }
    r.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.parent.as_deref().is_none_or(|p| p == "total"))
        .map(|(k, _)| k)
        .collect()
}

fn share(c: &ClusterResult, node: &str, max: f64) -> f64 {
    if max > 0.0 {
        (c.subtotal(node) / max * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    }
}

pub(super) fn node_medians(r: &RoundResult) -> Vec<(usize, f64)> {
    radar_nodes(r)
        .into_iter()
        .map(|k| {
            let n = &r.nodes[k];
            let mut v: Vec<f64> = r
                .clusters
                .iter()
                .map(|c| share(c, &n.id, n.points))
                .collect();
            v.sort_by(f64::total_cmp);
            let m = if v.is_empty() {
                0.0
            } else if v.len() % 2 == 1 {
                v[v.len() / 2]
            } else {
                (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
            };
            (k, m)
        })
        .collect()
}

pub(super) fn radar(
    w: &mut String,
    r: &RoundResult,
    c: &ClusterResult,
    medians: &[(usize, f64)],
    l: Lang,
) {
    let n = medians.len();
    if n < 3 {
        return;
    }
    let (cx, cy, rad) = (190.0, 150.0, 105.0);
    let point = |i: usize, v: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + i as f64 * 2.0 * std::f64::consts::PI / n as f64;
        (
            cx + rad * v / 100.0 * a.cos(),
            cy + rad * v / 100.0 * a.sin(),
        )
    };
    // Axis labels: on lines of at most 120 px, anchored away from the
    // circle (start on the right, end on the left, centred at the top and
    // bottom); the chart's box grows to hold every label.
    let mut labels = String::new();
    let (mut x0, mut y0, mut x1, mut y1) = (cx - rad, cy - rad, cx + rad, cy + rad);
    for (i, (k, _)) in medians.iter().enumerate() {
        let (x, y) = point(i, 100.0);
        let node = &r.nodes[*k];
        let name = l.pick(&node.name_zh, &node.name_en);
        let lab = lines(name, 120.0);
        let (ux, uy) = ((x - cx) / rad, (y - cy) / rad);
        let (ax, ay) = (cx + (rad + 8.0) * ux, cy + (rad + 8.0) * uy);
        let wide = widest(&lab);
        let (anchor, left) = if ux > 0.3 {
            ("start", ax)
        } else if ux < -0.3 {
            ("end", ax - wide)
        } else {
            ("middle", ax - wide / 2.0)
        };
        let block = (lab.len() as f64 - 1.0) * LINE;
        let first = if uy < -0.3 {
            ay - 3.0 - block
        } else if uy > 0.3 {
            ay + FONT
        } else {
            ay - block / 2.0 + 4.0
        };
        x0 = x0.min(left);
        x1 = x1.max(left + wide);
        y0 = y0.min(first - ASCENT * FONT);
        y1 = y1.max(first + block + DESCENT * FONT);
        let _ = writeln!(
            labels,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>"
        );
        text(
            &mut labels,
            ax,
            first,
            &format!(" text-anchor=\"{anchor}\""),
            &lab,
            name,
        );
        let _ = writeln!(labels);
    }
    let (x0, y0) = ((x0 - 6.0).floor(), (y0 - 6.0).floor());
    let (vw, vh) = ((x1 + 6.0).ceil() - x0, (y1 + 6.0).ceil() - y0);
    let _ = writeln!(
        w,
        "<svg class=\"chart radar\" width=\"{vw}\" height=\"{vh}\" viewBox=\"{x0} {y0} {vw} {vh}\" role=\"img\" aria-label=\"{}\">",
        Msg::Radar.text(l)
    );
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let pts: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = point(i, ring);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            w,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#ddd\"/>",
            pts.join(" ")
        );
    }
    w.push_str(&labels);
    let poly = |vals: Vec<f64>| -> String {
        vals.iter()
            .enumerate()
            .map(|(i, &v)| {
                let (x, y) = point(i, v);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let med: Vec<f64> = medians.iter().map(|(_, m)| *m).collect();
    let own: Vec<f64> = medians
        .iter()
        .map(|(k, _)| share(c, &r.nodes[*k].id, r.nodes[*k].points))
        .collect();
    let _ = writeln!(
        w,
        "<polygon points=\"{}\" fill=\"none\" stroke=\"#555\" stroke-dasharray=\"4 3\"><title>{}</title></polygon>",
        poly(med),
        Msg::Median.text(l)
    );
    let _ = writeln!(
        w,
        "<polygon points=\"{}\" fill=\"rgba(0,114,178,0.25)\" stroke=\"#0072B2\" stroke-width=\"2\"><title>{}</title></polygon>\n</svg>",
        poly(own),
        esc(&c.cluster_id)
    );
}
