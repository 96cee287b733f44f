//! The page's charts, drawn as inline SVG: dimension subtotals as stacked
//! bars, the heatmap of normalised indicator scores, and the radar of one
//! cluster's node scores against the cohort median.

use super::{cluster_name, esc, Lang};
use crate::audit::{ClusterResult, RoundResult};
use crate::report::msg::Msg;
use crate::report::number::{fixed, NONE};
use std::fmt::Write;

const PALETTE: &[&str] = &[
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
];

/// Stacked horizontal bars: one per cluster, one segment per dimension.
pub(super) fn bars(w: &mut String, r: &RoundResult, l: Lang) {
    let max = r.framework.total_points.max(1e-9);
    let (left, width, bar, gap) = (230.0, 640.0, 16.0, 5.0);
    let height = 40.0 + r.clusters.len() as f64 * (bar + gap);
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<svg width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        Msg::Bars.text(l),
        left + width + 60.0,
        Msg::Bars.text(l)
    );
    for (k, d) in r.dimensions.iter().enumerate() {
        let x = left + k as f64 * 150.0;
        let _ = writeln!(
            w,
            "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"14\">{}</text>",
            PALETTE[k % PALETTE.len()],
            x + 16.0,
            esc(l.pick(&d.name_zh, &d.name_en))
        );
    }
    for (i, c) in r.clusters.iter().enumerate() {
        let y = 28.0 + i as f64 * (bar + gap);
        let name: String = cluster_name(c, l).chars().take(16).collect();
        let more = if cluster_name(c, l).chars().count() > 16 {
            "…"
        } else {
            ""
        };
        let _ = writeln!(
            w,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} {}{more}<title>{}</title></text>",
            left - 6.0,
            y + bar - 4.0,
            esc(&c.cluster_id),
            esc(&name),
            esc(cluster_name(c, l))
        );
        let mut x = left;
        for (k, d) in r.dimensions.iter().enumerate() {
            let v = c.subtotal(&d.id).max(0.0);
            let wd = v / max * width;
            let _ = writeln!(
                w,
                "<rect x=\"{x:.2}\" y=\"{y}\" width=\"{wd:.2}\" height=\"{bar}\" fill=\"{}\"><title>{} · {}: {}</title></rect>",
                PALETTE[k % PALETTE.len()],
                esc(&c.cluster_id),
                esc(l.pick(&d.name_zh, &d.name_en)),
                fixed(v, 2)
            );
            x += wd;
        }
        let _ = writeln!(
            w,
            "<text x=\"{:.2}\" y=\"{}\">{}</text>",
            x + 4.0,
            y + bar - 4.0,
            fixed(c.total, 2)
        );
    }
    let _ = writeln!(w, "</svg>");
}

/// Heatmap: clusters (rows, rank order) x indicators (columns), colour by
/// the normalised score 0-100 (missing values hatched grey).
pub(super) fn heatmap(w: &mut String, r: &RoundResult, l: Lang) {
    let n = r.indicators.len();
    let (left, top, cell, ch) = (80.0, 120.0, 16.0, 14.0);
    let width = left + n as f64 * cell + 20.0;
    let height = top + r.clusters.len() as f64 * ch + 10.0;
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<svg width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        Msg::Heatmap.text(l),
        Msg::Heatmap.text(l)
    );
    for (j, ind) in r.indicators.iter().enumerate() {
        let x = left + j as f64 * cell + cell / 2.0;
        let _ = writeln!(
            w,
            "<text transform=\"translate({x},{}) rotate(-60)\">{}</text>",
            top - 4.0,
            esc(&ind.id)
        );
    }
    for (i, c) in r.clusters.iter().enumerate() {
        let y = top + i as f64 * ch;
        let _ = writeln!(
            w,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            y + ch - 3.0,
            esc(&c.cluster_id)
        );
        for (j, t) in c.indicators.iter().enumerate() {
            let x = left + j as f64 * cell;
            let missing = t.imputed_value.is_none();
            let v = t.normalised.clamp(0.0, 100.0);
            // White (0) to dark blue (100).
            let k = v / 100.0;
            let rgb = (
                (255.0 - k * (255.0 - 31.0)) as u8,
                (255.0 - k * (255.0 - 78.0)) as u8,
                (255.0 - k * (255.0 - 121.0)) as u8,
            );
            let fill = if missing {
                "#d9d9d9".to_string()
            } else {
                format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2)
            };
            let _ = writeln!(
                w,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#fff\"><title>{} · {}: {}</title></rect>",
                cell,
                ch,
                esc(&c.cluster_id),
                esc(l.pick(&r.indicators[j].name_zh, &r.indicators[j].name_en)),
                if missing { NONE.to_string() } else { fixed(v, 1) }
            );
        }
    }
    let _ = writeln!(w, "</svg>");
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
    let _ = writeln!(
        w,
        "<svg width=\"380\" height=\"300\" role=\"img\" aria-label=\"{}\">",
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
    for (i, (k, _)) in medians.iter().enumerate() {
        let (x, y) = point(i, 100.0);
        let (tx, ty) = point(i, 118.0);
        let node = &r.nodes[*k];
        let _ = writeln!(
            w,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{}</text>",
            esc(l.pick(&node.name_zh, &node.name_en))
        );
    }
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
        "<polygon points=\"{}\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\"><title>{}</title></polygon>",
        poly(med),
        Msg::Median.text(l)
    );
    let _ = writeln!(
        w,
        "<polygon points=\"{}\" fill=\"rgba(31,119,180,0.25)\" stroke=\"#1f77b4\" stroke-width=\"2\"><title>{}</title></polygon>\n</svg>",
        poly(own),
        esc(&c.cluster_id)
    );
}
