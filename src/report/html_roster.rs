//! The HTML report's mid-term progress and enterprise-roster sections.

use super::fixed;
use super::html::{esc, Lang};
use crate::audit::RoundResult;
use std::fmt::Write;

fn opt(x: Option<f64>, d: u32) -> String {
    x.map(|v| fixed(v, d)).unwrap_or_else(|| "—".into())
}

/// One table per field with baseline, current and target; behind rows marked.
pub fn progress(w: &mut String, r: &RoundResult, l: Lang) {
    if r.progress.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<p class=\"muted\">{}</p>",
        l.pick("中期进度", "Mid-term progress"),
        l.pick(
            "进度 p = (当期 − 基期) / (目标 − 基期)，与时间进度 e 比较：p ≥ e 为进度正常。",
            "Progress p = (current − baseline) / (target − baseline), against the elapsed share e of the period: p ≥ e is on track."
        )
    );
    let mut field = "";
    for p in &r.progress {
        if p.field != field {
            if !field.is_empty() {
                let _ = writeln!(w, "</tbody></table>");
            }
            field = &p.field;
            let _ = writeln!(
                w,
                "<h3>{} ({}), e = {}%</h3>\n<table class=\"sortable progress\"><thead><tr><th>ID</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(l.pick(&p.name_zh, &p.name_en)),
                esc(&p.unit),
                fixed(p.elapsed * 100.0, 1),
                l.pick("基期", "Baseline"),
                l.pick("当期", "Current"),
                l.pick("目标", "Target"),
                l.pick("进度", "Progress"),
                l.pick("进度/时间", "Progress / elapsed"),
                l.pick("年均增速", "CAGR"),
                l.pick("状态", "Status"),
            );
        }
        let behind = matches!(p.status.as_str(), "behind" | "slipped" | "missing");
        let _ = writeln!(
            w,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}%</td><td>{}</td><td>{}%</td><td>{}</td></tr>",
            if behind { " class=\"behind\"" } else { "" },
            esc(&p.cluster_id),
            opt(p.baseline, 2),
            opt(p.current, 2),
            opt(p.target, 2),
            opt(p.progress.map(|x| x * 100.0), 1),
            opt(p.schedule, 2),
            opt(p.cagr, 2),
            esc(l.pick(&p.status_zh, &p.status.replace('_', " "))),
        );
    }
    let _ = writeln!(w, "</tbody></table>");
}

/// Roster counts per cluster, declared vs derived beyond tolerance, duplicates.
pub fn roster(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(v) = &r.roster else { return };
    let rejected: usize = v.clusters.iter().map(|c| c.rejected).sum();
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<p>{}</p>",
        l.pick("企业名录核验", "Enterprise rosters"),
        esc(&match l {
            Lang::Zh => format!(
                "读取 {} 行（{}）；{} 行被拒（统一社会信用代码错误或同一集群重复填报）；{} 家企业被多个集群申报（策略：{}）。",
                v.rows,
                v.files.join("，"),
                rejected,
                v.duplicates.len(),
                v.duplicate_policy
            ),
            Lang::En => format!(
                "{} rows read ({}); {} rejected (wrong credit code or listed twice by a cluster); {} enterprise(s) claimed by more than one cluster (policy: {}).",
                v.rows,
                v.files.join(", "),
                rejected,
                v.duplicates.len(),
                v.duplicate_policy
            ),
        })
    );
    let _ = writeln!(
        w,
        "<table class=\"sortable\" id=\"roster\"><thead><tr><th>ID</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        l.pick("集群", "Cluster"),
        l.pick("名录行", "Listed"),
        l.pick("计入", "Counted"),
        l.pick("被拒", "Rejected"),
        l.pick("与他集群共享", "Shared"),
    );
    for c in &v.clusters {
        let _ = writeln!(
            w,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.cluster_id),
            esc(&c.name_zh),
            c.listed,
            c.counted,
            c.rejected,
            c.shared
        );
    }
    let _ = writeln!(w, "</tbody></table>");
    let off: Vec<_> = v
        .comparisons
        .iter()
        .filter(|c| c.within == Some(false))
        .collect();
    let _ = writeln!(
        w,
        "<h3>{}</h3>",
        l.pick(
            "申报值与名录值超出容差",
            "Declared vs derived beyond tolerance"
        )
    );
    if off.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", l.pick("无", "None"));
    } else {
        let _ = writeln!(
            w,
            "<table class=\"mismatch\"><thead><tr><th>ID</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            l.pick("数据项", "Field"),
            l.pick("申报", "Declared"),
            l.pick("名录", "Derived"),
            l.pick("相差", "Difference"),
            l.pick("容差", "Tolerance"),
            l.pick("采用", "Scored"),
        );
        for c in off {
            let _ = writeln!(
                w,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}%</td><td>{}%</td><td>{}</td></tr>",
                esc(&c.cluster_id),
                esc(l.pick(&c.name_zh, &c.name_en)),
                opt(c.declared, 4),
                opt(c.derived, 4),
                opt(c.relative.map(|x| x * 100.0), 1),
                fixed(c.tolerance * 100.0, 1),
                esc(&c.scored)
            );
        }
        let _ = writeln!(w, "</tbody></table>");
    }
    if !v.duplicates.is_empty() {
        let _ = writeln!(
            w,
            "<h3>{}</h3><ul>",
            l.pick(
                "多个集群申报的企业",
                "Enterprises claimed by more than one cluster"
            )
        );
        for d in &v.duplicates {
            let claims: Vec<String> = d
                .claims
                .iter()
                .map(|c| format!("{} ({} #{})", c.cluster, c.file, c.row))
                .collect();
            let _ = writeln!(
                w,
                "<li>{} {}: {}</li>",
                esc(&d.uscc),
                esc(d.claims.first().map(|c| c.name.as_str()).unwrap_or("")),
                esc(&claims.join(", "))
            );
        }
        let _ = writeln!(w, "</ul>");
    }
}
