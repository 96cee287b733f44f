//! The HTML report's weights, method comparison and robustness sections:
//! the resolved weights, ranks under alternative methods with their rank
//! correlations, rank intervals as a chart, selection probabilities and the
//! Sobol indices. Inline SVG, no script needed to read them.

use super::fixed;
use super::html::{esc, Lang, SCRIPT, STYLE};
use crate::audit::RoundResult;
use crate::robust::Robustness;
use std::fmt::Write;

/// Clusters drawn in the rank-interval chart (the table lists all).
const CHART_MAX: usize = 60;

/// Every section that has something to show.
pub fn sections(w: &mut String, r: &RoundResult, l: Lang) {
    weights(w, r, l);
    methods(w, r, l);
    if let Some(rb) = &r.robustness {
        robustness(w, rb, l);
    }
}

/// robustness.html: the sections on a page of their own.
pub fn standalone(r: &RoundResult, l: Lang) -> String {
    let title = format!(
        "{} — {}",
        l.pick(&r.round.name_zh, &r.round.name_en),
        l.pick("排名稳健性分析", "Robustness of the ranking")
    );
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        if l == Lang::Zh { "zh-CN" } else { "en" },
        esc(&title),
        esc(&title)
    );
    if r.round.synthetic {
        let _ = writeln!(
            s,
            "<p class=\"banner\">{}</p>",
            l.pick(
                "合成数据，仅供演示",
                "Synthetic data, for demonstration only"
            )
        );
    }
    sections(&mut s, r, l);
    let _ = writeln!(s, "<script>{SCRIPT}</script>\n</body>\n</html>");
    s
}

fn weights(w: &mut String, r: &RoundResult, l: Lang) {
    if r.weights.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "<h2 id=\"weights\">{}</h2>\n<p class=\"muted\">{}</p>",
        l.pick("权重", "Weights"),
        l.pick(
            "每个节点下各项的权重及其来源（分值、熵权、CRITIC、AHP 或组合）。",
            "The weight of every child of every node and where it comes from (points, entropy, CRITIC, AHP or a combination)."
        )
    );
    let _ = writeln!(
        w,
        "<details><summary>{}</summary>\n<table class=\"sortable weights\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>CR</th></tr></thead><tbody>",
        l.pick("展开权重表", "Show the weights"),
        l.pick("节点", "Node"),
        l.pick("项目", "Child"),
        l.pick("方法", "Method"),
        l.pick("主观", "Subjective"),
        l.pick("客观", "Objective"),
        l.pick("主观占比", "Share"),
        l.pick("权重", "Weight"),
        l.pick("分值", "Points"),
    );
    let opt = |x: Option<f64>| x.map(|v| fixed(v, 4)).unwrap_or_else(|| "—".into());
    for row in &r.weights {
        let _ = writeln!(
            w,
            "<tr><td>{}</td><td>{} {}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&row.node),
            esc(&row.child),
            esc(l.pick(&row.name_zh, &row.name_en)),
            esc(&row.method),
            opt(row.subjective),
            opt(row.objective),
            opt(row.share),
            fixed(row.weight, 4),
            fixed(row.points, 3),
            opt(row.ahp_cr),
        );
    }
    let _ = writeln!(w, "</tbody></table></details>");
}

fn methods(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(m) = &r.methods else {
        return;
    };
    let _ = writeln!(
        w,
        "<h2 id=\"methods\">{}</h2>\n<p class=\"muted\">{}</p>",
        l.pick("不同方法下的排名", "Ranks under other methods"),
        l.pick(
            "几何：加权几何平均（得分率低于 1% 按 1% 计）；TOPSIS：贴近度；熵权、CRITIC、等权：全部指标一组权重的加权和。与正式排名的 Spearman ρ 与 Kendall τ-b。",
            "geometric: weighted geometric mean (fractions below 1 % count as 1 %); topsis: closeness; entropy, critic, equal: one flat set of weights over all indicators. Spearman ρ and Kendall τ-b against the official ranking."
        )
    );
    let _ = writeln!(
        w,
        "<table class=\"agreement\"><thead><tr><th>{}</th><th>Spearman ρ</th><th>Kendall τ-b</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        l.pick("方法", "Method"),
        l.pick("名次变化的集群", "Clusters moved"),
        l.pick("最大名次变化", "Largest shift"),
    );
    for a in &m.agreement {
        let _ = writeln!(
            w,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&a.method),
            fixed(a.spearman, 4),
            fixed(a.kendall, 4),
            a.moved,
            a.max_shift
        );
    }
    let _ = writeln!(w, "</tbody></table>");
    let _ = write!(
        w,
        "<details><summary>{}</summary>\n<table class=\"sortable methods\"><thead><tr><th>ID</th><th>{}</th>",
        l.pick("展开各方法名次", "Show the ranks by method"),
        l.pick("名称", "Name")
    );
    for name in &m.methods {
        let _ = write!(w, "<th>{}</th>", esc(name));
    }
    let _ = writeln!(w, "</tr></thead><tbody>");
    for row in &m.rows {
        let _ = write!(
            w,
            "<tr><td>{}</td><td>{}</td>",
            esc(&row.cluster_id),
            esc(l.pick(&row.name_zh, &row.name_en))
        );
        for (k, rank) in row.ranks.iter().enumerate() {
            let moved = k > 0 && *rank != row.ranks[0];
            let _ = write!(
                w,
                "<td class=\"num\"{}>{}</td>",
                if moved { " style=\"color:#b00\"" } else { "" },
                rank
            );
        }
        let _ = writeln!(w, "</tr>");
    }
    let _ = writeln!(w, "</tbody></table></details>");
}

fn robustness(w: &mut String, rb: &Robustness, l: Lang) {
    let _ = writeln!(
        w,
        "<h2 id=\"robustness\">{}</h2>\n<p class=\"muted\">{}</p>",
        l.pick("排名稳健性", "Robustness of the ranking"),
        esc(&if l == Lang::Zh {
            format!(
                "蒙特卡洛 {} 次（种子 {}）：不确定选择随机取值后重新计算排名。入选 = 前 {} 名。平均名次变动 {:.3}。",
                rb.replications, rb.seed, rb.select, rb.mean_rank_shift
            )
        } else {
            format!(
                "{} Monte Carlo replications (seed {}): the ranking recomputed under random draws of the uncertain choices. Selected = in the top {}. Mean rank shift {:.3}.",
                rb.replications, rb.seed, rb.select, rb.mean_rank_shift
            )
        })
    );
    // Rank intervals.
    let shown: Vec<_> = rb.clusters.iter().take(CHART_MAX).collect();
    let n_all = rb.clusters.len().max(1) as f64;
    let (left, width, row_h) = (120.0, 560.0, 16.0);
    let height = shown.len() as f64 * row_h + 40.0;
    let x = |rank: f64| left + (rank - 1.0) / (n_all - 1.0).max(1.0) * width;
    let _ = writeln!(
        w,
        "<h3>{}</h3>\n<svg class=\"rank-intervals\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"rank intervals\">",
        l.pick(
            "名次区间（5%–95%，圆点为中位数，菱形为正式名次）",
            "Rank intervals (5th–95th percentile; dot: median; diamond: official rank)"
        ),
        left + width + 30.0
    );
    for t in [1.0, (n_all / 2.0).round(), n_all] {
        let _ = writeln!(
            w,
            "<line x1=\"{0:.1}\" y1=\"10\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#ddd\"/><text x=\"{0:.1}\" y=\"{2:.1}\" text-anchor=\"middle\">{3}</text>",
            x(t),
            height - 22.0,
            height - 8.0,
            t
        );
    }
    for (k, c) in shown.iter().enumerate() {
        let y = 20.0 + k as f64 * row_h;
        let nominal = x(c.nominal_rank as f64);
        let _ = writeln!(
            w,
            "<g class=\"interval\" data-cluster=\"{id}\"><text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{id}</text><line x1=\"{a:.1}\" y1=\"{y:.1}\" x2=\"{b:.1}\" y2=\"{y:.1}\" stroke=\"#1f77b4\" stroke-width=\"3\"/><circle cx=\"{m:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#1f4e79\"/><path d=\"M{nx:.1} {y0:.1} l4 4 l-4 4 l-4 -4 z\" fill=\"#d62728\"/></g>",
            id = esc(&c.cluster_id),
            tx = left - 6.0,
            ty = y + 4.0,
            a = x(c.p05_rank as f64),
            b = x(c.p95_rank as f64),
            m = x(c.median_rank as f64),
            nx = nominal,
            y0 = y - 4.0,
        );
    }
    let _ = writeln!(w, "</svg>");
    if rb.clusters.len() > CHART_MAX {
        let _ = writeln!(
            w,
            "<p class=\"muted\">{}</p>",
            esc(&if l == Lang::Zh {
                format!("图中为正式名次前 {CHART_MAX} 的集群；下表列出全部集群。")
            } else {
                format!("The chart shows the first {CHART_MAX} clusters by official rank; the table lists all.")
            })
        );
    }
    // Table with selection probabilities.
    let _ = write!(
        w,
        "<table class=\"sortable robustness\"><thead><tr><th>ID</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
        l.pick("名称", "Name"),
        l.pick("正式名次", "Official rank"),
        l.pick("中位名次", "Median rank"),
        l.pick("5%–95% 区间", "5–95 % interval"),
        l.pick("入选概率", "P(selected)"),
    );
    for g in &rb.grades {
        let _ = write!(w, "<th>P({})</th>", esc(g));
    }
    let _ = writeln!(w, "</tr></thead><tbody>");
    for c in &rb.clusters {
        let _ = write!(
            w,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-v=\"{}\">{}–{}</td><td class=\"num\" data-v=\"{}\"><span style=\"display:inline-block;width:{:.0}px;height:8px;background:#2ca02c\"></span> {}</td>",
            esc(&c.cluster_id),
            esc(l.pick(&c.name_zh, &c.name_en)),
            c.nominal_rank,
            c.median_rank,
            c.p95_rank - c.p05_rank,
            c.p05_rank,
            c.p95_rank,
            c.p_selected,
            c.p_selected * 60.0,
            fixed(c.p_selected, 3)
        );
        for p in &c.p_grade {
            let _ = write!(w, "<td class=\"num\">{}</td>", fixed(*p, 3));
        }
        let _ = writeln!(w, "</tr>");
    }
    let _ = writeln!(w, "</tbody></table>");
    if rb.factors.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "<h3>{}</h3>\n<p class=\"muted\">{}</p>",
        l.pick("敏感性指数（Sobol）", "Sensitivity indices (Sobol)"),
        esc(&if l == Lang::Zh {
            format!(
                "平均名次变动的一阶指数与总效应指数（Saltelli 抽样，Jansen 估计量，基样本 {}，共 {} 次计算，{} 次自助法 95% 区间）。",
                rb.sobol_base, rb.sobol_runs, rb.bootstrap
            )
        } else {
            format!(
                "First-order and total indices of the mean absolute rank shift (Saltelli sampling, Jansen estimators; base sample {}, {} runs; 95 % intervals from {} bootstrap resamples).",
                rb.sobol_base, rb.sobol_runs, rb.bootstrap
            )
        })
    );
    let _ = writeln!(
        w,
        "<table class=\"sensitivity\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
        l.pick("不确定选择", "Uncertain choice"),
        l.pick("取值", "Varies"),
        l.pick("一阶指数 S", "First order S"),
        l.pick("总效应 ST", "Total ST"),
    );
    for f in &rb.factors {
        let bar = |v: f64, color: &str| {
            format!(
                "<span style=\"display:inline-block;width:{:.0}px;height:8px;background:{color}\"></span>",
                v.clamp(0.0, 1.0) * 120.0
            )
        };
        let _ = writeln!(
            w,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{} [{}, {}]</td><td class=\"num\">{} [{}, {}]</td><td>{}<br>{}</td></tr>",
            esc(&f.factor),
            esc(&f.description),
            fixed(f.first.value, 3),
            fixed(f.first.low, 3),
            fixed(f.first.high, 3),
            fixed(f.total.value, 3),
            fixed(f.total.low, 3),
            fixed(f.total.high, 3),
            bar(f.first.value, "#1f77b4"),
            bar(f.total.value, "#ff7f0e"),
        );
    }
    let _ = writeln!(w, "</tbody></table>");
}
