//! report.md: the ranking, dimension tables and a scorecard per cluster,
//! in Chinese with English alongside.
//!
//! Text from the inputs is escaped so that it cannot break a table or be
//! rendered as HTML by a Markdown viewer.

use super::fixed;
use crate::audit::{ClusterResult, ProcessView, RoundResult};
use std::fmt::Write;

/// Escape text for a Markdown table cell.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn pts(x: f64) -> String {
    fixed(x, 2)
}

pub fn report_md(r: &RoundResult) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "# {}", esc(&r.round.name_zh));
    if !r.round.name_en.is_empty() {
        let _ = writeln!(w, "\n*{}*", esc(&r.round.name_en));
    }
    if r.round.synthetic {
        let _ = writeln!(
            w,
            "\n> **合成数据，仅供演示，不是官方结果。** Synthetic data for demonstration, not official results."
        );
    }
    let _ = writeln!(
        w,
        "\n- 指标体系 Framework: {} {} (`{}` v{}), {} 分 points\n- 基期 / 当期 / 目标 Baseline / current / target: {} / {} / {}\n- 参评集群 Clusters: {}\n- 同分排序 Tie-break chain: {}",
        esc(&r.framework.name_zh),
        esc(&r.framework.name_en),
        esc(&r.framework.id),
        esc(&r.framework.version),
        r.framework.total_points,
        r.round.baseline_year,
        r.round.current_year,
        r.round.target_year,
        r.clusters.len(),
        if r.tie_break.is_empty() { "—".to_string() } else { esc(&r.tie_break.join(" → ")) }
    );

    if let Some(p) = &r.process {
        decisions(w, p);
    }

    // Ranking.
    let _ = writeln!(w, "\n## 排名 Ranking\n");
    let mut head = "| 排名 Rank | 集群 Cluster | 城市 City | 赛道 Track | 总分 Total |".to_string();
    let mut rule = "|---:|---|---|---|---:|".to_string();
    for d in &r.dimensions {
        let _ = write!(
            head,
            " {} {} ({}) |",
            esc(&d.name_zh),
            esc(&d.name_en),
            pts(d.points)
        );
        rule.push_str("---:|");
    }
    head.push_str(" 等级 Grade |");
    rule.push_str("---|");
    let _ = writeln!(w, "{head}\n{rule}");
    for c in &r.clusters {
        let rank = if c.tied {
            format!("{}=", c.rank)
        } else {
            c.rank.to_string()
        };
        let mut line = format!(
            "| {} | {} ({}) | {} | {} | {} |",
            rank,
            esc(&c.name_zh),
            esc(&c.cluster_id),
            esc(&c.city),
            esc(&c.track),
            pts(c.total)
        );
        for d in &r.dimensions {
            let _ = write!(line, " {} |", pts(c.subtotal(&d.id)));
        }
        let _ = write!(
            line,
            " {} |",
            c.grade
                .as_ref()
                .map(|g| format!("{} {}", esc(&g.name_zh), esc(&g.name_en)))
                .unwrap_or_default()
        );
        let _ = writeln!(w, "{line}");
    }
    let notes: Vec<&ClusterResult> = r
        .clusters
        .iter()
        .filter(|c| !c.tie_note.is_empty())
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(w, "\n**同分说明 Ties**\n");
        for c in notes {
            let _ = writeln!(
                w,
                "- {} ({}): {}",
                esc(&c.name_zh),
                esc(&c.cluster_id),
                esc(&c.tie_note)
            );
        }
    }

    // Dimension tables.
    let _ = writeln!(w, "\n## 维度得分 Dimension scores");
    for d in &r.dimensions {
        let children_nodes: Vec<_> = r
            .nodes
            .iter()
            .filter(|n| n.parent.as_deref() == Some(&d.id))
            .collect();
        let children_inds: Vec<_> = r.indicators.iter().filter(|i| i.parent == d.id).collect();
        let _ = writeln!(
            w,
            "\n### {} {} ({} 分 points)\n",
            esc(&d.name_zh),
            esc(&d.name_en),
            pts(d.points)
        );
        let mut head = "| 集群 Cluster |".to_string();
        let mut rule = "|---|".to_string();
        for n in &children_nodes {
            let _ = write!(head, " {} ({}) |", esc(&n.name_zh), pts(n.points));
            rule.push_str("---:|");
        }
        for i in &children_inds {
            let _ = write!(head, " {} ({}) |", esc(&i.name_zh), pts(i.points));
            rule.push_str("---:|");
        }
        head.push_str(" 小计 Subtotal |");
        rule.push_str("---:|");
        let _ = writeln!(w, "{head}\n{rule}");
        for c in &r.clusters {
            let mut line = format!("| {} ({}) |", esc(&c.name_zh), esc(&c.cluster_id));
            for n in &children_nodes {
                let _ = write!(line, " {} |", pts(c.subtotal(&n.id)));
            }
            for i in &children_inds {
                let p = c
                    .indicators
                    .iter()
                    .find(|t| t.indicator == i.id)
                    .map(|t| t.points)
                    .unwrap_or(0.0);
                let _ = write!(line, " {} |", pts(p));
            }
            let _ = write!(line, " {} |", pts(c.subtotal(&d.id)));
            let _ = writeln!(w, "{line}");
        }
    }

    // Scorecards.
    let _ = writeln!(w, "\n## 集群评分卡 Scorecards");
    for c in &r.clusters {
        scorecard(w, r, c);
    }

    progress_section(w, r);
    roster_section(w, r);

    // Problems and rejections.
    let _ = writeln!(w, "\n## 数据说明 Data notes\n");
    if !r.screened.is_empty() {
        let _ = writeln!(
            w,
            "**筛除 Screened out** (data availability below the threshold):\n"
        );
        for x in &r.screened {
            let _ = writeln!(
                w,
                "- {} ({}): {}%",
                esc(&x.name_zh),
                esc(&x.cluster_id),
                fixed(x.availability * 100.0, 1)
            );
        }
        let _ = writeln!(w);
    }
    let treated: Vec<_> = r
        .treatment
        .iter()
        .filter(|t| !t.log.passed_before)
        .collect();
    if !treated.is_empty() {
        let _ = writeln!(
            w,
            "**异常值处理 Outlier treatment**\n\n| 指标 Indicator | 偏度 Skew | 峰度 Kurtosis | 缩尾点数 Winsorised | 对数 Log |\n|---|---:|---:|---:|---|"
        );
        for t in treated {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} |",
                esc(&t.indicator),
                fixed(t.log.skew_before, 3),
                fixed(t.log.kurtosis_before, 3),
                t.log.winsorised,
                if t.log.log { "yes" } else { "no" }
            );
        }
        let _ = writeln!(w);
    }
    if r.diagnostics.is_empty() && r.rejections.is_empty() {
        let _ = writeln!(w, "无 None.");
    }
    for d in &r.diagnostics {
        let _ = writeln!(w, "- {}", esc(&d.to_string()));
    }
    if !r.rejections.is_empty() {
        let _ = writeln!(
            w,
            "- {} 行未使用，见 rejections.csv. {} row(s) not used: see rejections.csv.",
            r.rejections.len(),
            r.rejections.len()
        );
    }
    let _ = writeln!(
        w,
        "\n---\n由 cluster-eval {} 生成。每个分数的来源见 trace.csv 与 scores.json。 Generated by cluster-eval {}; every score is traced in trace.csv and scores.json.",
        r.tool.version, r.tool.version
    );
    s
}

/// Mid-term progress: one table per field with baseline, current, target.
fn progress_section(w: &mut String, r: &RoundResult) {
    if r.progress.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "\n## 中期进度 Mid-term progress\n\n进度 p = (当期 − 基期) / (目标 − 基期)，与时间进度 e 比较；p ≥ e 为进度正常。 Progress p = (current − baseline) / (target − baseline), against the elapsed share e of the period; p ≥ e is on track (details: progress.csv)."
    );
    let mut field = "";
    for p in &r.progress {
        if p.field != field {
            field = &p.field;
            let _ = writeln!(
                w,
                "\n**{} {}** ({}), e = {}%\n\n| 集群 Cluster | 基期 Baseline | 当期 Current | 目标 Target | 进度 Progress | 年均增速 CAGR | 状态 Status |\n|---|---:|---:|---:|---:|---:|---|",
                esc(&p.name_zh),
                esc(&p.name_en),
                esc(&p.unit),
                fixed(p.elapsed * 100.0, 1)
            );
        }
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} {} |",
            esc(&p.cluster_id),
            opt(p.baseline, 2),
            opt(p.current, 2),
            opt(p.target, 2),
            opt(p.progress.map(|x| x * 100.0), 1) + "%",
            opt(p.cagr, 2) + "%",
            p.status_zh,
            p.status
        );
    }
}

/// The roster audit: counts, declared vs derived beyond tolerance, duplicates.
fn roster_section(w: &mut String, r: &RoundResult) {
    let Some(v) = &r.roster else { return };
    let rejected: usize = v.clusters.iter().map(|c| c.rejected).sum();
    let _ = writeln!(
        w,
        "\n## 企业名录核验 Enterprise rosters\n\n{} 行（{}），{} 行被拒（代码校验或重复填报），{} 家企业被多个集群申报（策略 {}）。 {} rows read from {}; {} rejected (credit code or listed twice); {} enterprise(s) claimed by more than one cluster (policy: {}). Details: roster_clusters.csv, roster_audit.csv, roster_duplicates.csv, rejections.csv.\n",
        v.rows,
        esc(&v.files.join(", ")),
        rejected,
        v.duplicates.len(),
        v.duplicate_policy,
        v.rows,
        esc(&v.files.join(", ")),
        rejected,
        v.duplicates.len(),
        v.duplicate_policy
    );
    let _ = writeln!(
        w,
        "| 集群 Cluster | 名录行 Listed | 计入 Counted | 被拒 Rejected | 共享 Shared |\n|---|---:|---:|---:|---:|"
    );
    for c in &v.clusters {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            esc(&c.cluster_id),
            c.listed,
            c.counted,
            c.rejected,
            c.shared
        );
    }
    let off: Vec<_> = v
        .comparisons
        .iter()
        .filter(|c| c.within == Some(false))
        .collect();
    let _ = writeln!(
        w,
        "\n**申报值与名录值不一致 Declared vs derived beyond tolerance:** {}\n",
        if off.is_empty() { "无 none" } else { "" }
    );
    if !off.is_empty() {
        let _ = writeln!(
            w,
            "| 集群 Cluster | 数据项 Field | 申报 Declared | 名录 Derived | 相差 Difference | 容差 Tolerance | 采用 Scored |\n|---|---|---:|---:|---:|---:|---|"
        );
        for c in off {
            let _ = writeln!(
                w,
                "| {} | {} {} | {} | {} | {}% | {}% | {} |",
                esc(&c.cluster_id),
                esc(&c.name_zh),
                esc(&c.field),
                opt(c.declared, 4),
                opt(c.derived, 4),
                opt(c.relative.map(|x| x * 100.0), 1),
                fixed(c.tolerance * 100.0, 1),
                c.scored
            );
        }
    }
    for d in &v.duplicates {
        let claims: Vec<String> = d
            .claims
            .iter()
            .map(|c| format!("{} ({} row {})", esc(&c.cluster), esc(&c.file), c.row))
            .collect();
        let _ = writeln!(
            w,
            "- 重复申报 Claimed twice: {} {}: {}",
            esc(&d.uscc),
            esc(d.claims.first().map(|c| c.name.as_str()).unwrap_or("")),
            claims.join(", ")
        );
    }
}

fn opt(x: Option<f64>, d: u32) -> String {
    x.map(|v| fixed(v, d)).unwrap_or_else(|| "—".into())
}

/// The decisions section, then the reviewer section when there are panels.
fn decisions(w: &mut String, p: &ProcessView) {
    let d = p.decimals;
    let _ = writeln!(w, "\n## 评审结果 Decisions\n");
    for st in &p.stages {
        let _ = writeln!(
            w,
            "- {} {} (`{}`): {}{}{}",
            esc(&st.name_zh),
            esc(&st.name_en),
            esc(&st.id),
            esc(&st.formula),
            if st.advance.is_empty() {
                String::new()
            } else {
                format!("; 晋级 advance: {}", esc(&st.advance))
            },
            if st.standardise {
                "; 跨赛道标准化 standardised across tracks"
            } else {
                ""
            }
        );
    }
    if let Some(q) = p.quota {
        let _ = writeln!(w, "- 名额 Quota: {q}");
    }
    if !p.boundary.is_empty() {
        let _ = writeln!(w, "\n**名额边界与晋级 Boundaries**\n");
        for b in &p.boundary {
            let _ = writeln!(w, "- {}", esc(b));
        }
    }
    let midterm = p.kind == "midterm";
    let mut head = "\n| 排名 Rank | 集群 Cluster | 状态 Status |".to_string();
    let mut rule = "|---:|---|---|".to_string();
    for st in &p.stages {
        let _ = write!(head, " {} {} |", esc(&st.name_zh), esc(&st.name_en));
        rule.push_str("---:|");
    }
    head.push_str(" 最终 Final |");
    rule.push_str("---:|");
    if midterm {
        head.push_str(" 等次 Grade | 处理 Outcome |");
        rule.push_str("---|---|");
    }
    head.push_str(" 说明 Notes |");
    rule.push_str("---|");
    let _ = writeln!(w, "{head}\n{rule}");
    for x in &p.decisions {
        let mut line = format!(
            "| {} | {} {} | {} {} |",
            x.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
            esc(&x.cluster_id),
            esc(&x.name_zh),
            esc(&x.status_zh),
            esc(&x.status)
        );
        for s in &x.stages {
            let _ = write!(line, " {} |", opt(s.score, d));
        }
        let _ = write!(line, " {} |", opt(x.final_score, d));
        if midterm {
            let _ = write!(
                line,
                " {} | {} {} |",
                x.grade
                    .as_ref()
                    .map(|g| format!("{} {}", esc(&g.name_zh), esc(&g.name_en)))
                    .unwrap_or_else(|| "—".into()),
                esc(x.outcome_zh.as_deref().unwrap_or("")),
                esc(x.outcome.as_deref().unwrap_or(""))
            );
        }
        let notes: Vec<&str> = x
            .reasons
            .iter()
            .map(|s| s.as_str())
            .chain([
                x.tie_note.as_str(),
                x.grade_note.as_str(),
                x.outcome_reason.as_str(),
            ])
            .filter(|s| !s.is_empty())
            .collect();
        let _ = writeln!(line, " {} |", esc(&notes.join("; ")));
        w.push_str(&line);
    }
    if p.panels.is_empty() {
        return;
    }
    let _ = writeln!(w, "\n## 评审专家 Reviewers\n");
    for (flag, title) in [
        (
            "conflict_excluded",
            "回避 Conflicts of interest (scores excluded)",
        ),
        ("outlier", "偏离评分 Scores far from the panel"),
    ] {
        let _ = writeln!(w, "\n**{title}**\n");
        let items: Vec<_> = p.review_flags.iter().filter(|f| f.flag == flag).collect();
        if items.is_empty() {
            let _ = writeln!(w, "无 None.");
        }
        for f in items {
            let _ = writeln!(
                w,
                "- {}: {} → {} ({}): {}",
                esc(&f.stage),
                esc(&f.reviewer),
                esc(&f.cluster_id),
                f.score,
                esc(&f.detail)
            );
        }
    }
    let _ = writeln!(
        w,
        "\n**评分一致性 Panel agreement (Kendall's W)**\n\n| 环节 Stage | 赛道 Track | 集群 Clusters | 专家 Reviewers | W | χ² | df | p |\n|---|---|---:|---:|---:|---:|---:|---:|"
    );
    for a in &p.agreement {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {}{} | {} | {} | {} | {} |",
            esc(&a.stage),
            esc(&a.track),
            a.clusters,
            a.reviewers.len(),
            if a.left_out.is_empty() {
                String::new()
            } else {
                format!(" (without {})", esc(&a.left_out.join(", ")))
            },
            opt(a.kendall_w, 3),
            opt(a.chi2, 2),
            a.df.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
            a.p_value
                .map(|x| format!("{x:.2e}"))
                .unwrap_or_else(|| "—".into())
        );
    }
    let _ = writeln!(
        w,
        "\n**评分尺度 Reviewer severity** (mean of own score − panel consensus; negative = severe)\n\n| 环节 Stage | 专家 Reviewer | 赛道 Tracks | 评分数 Scored | 回避 Excluded | 平均分 Mean | 尺度 Severity | 偏离 Outliers |\n|---|---|---|---:|---:|---:|---:|---:|"
    );
    for x in &p.reviewers {
        let _ = writeln!(
            w,
            "| {} | {} {} | {} | {} | {} | {} | {} | {} |",
            esc(&x.stage),
            esc(&x.reviewer),
            esc(&x.name),
            esc(&x.tracks),
            x.scored,
            x.excluded,
            opt(x.mean_score, 2),
            opt(x.severity, 2),
            x.outliers
        );
    }
}

fn scorecard(w: &mut String, r: &RoundResult, c: &ClusterResult) {
    let _ = writeln!(
        w,
        "\n### {}. {} ({})\n\n{} · {} · {}\n",
        c.rank,
        esc(&c.name_zh),
        esc(&c.cluster_id),
        esc(&c.name_en),
        esc(&c.city),
        esc(&c.track)
    );
    let _ = writeln!(
        w,
        "- 总分 Total: **{}** / {} · 等级 Grade: {}{}",
        pts(c.total),
        r.framework.total_points,
        c.grade
            .as_ref()
            .map(|g| format!("{} {}", esc(&g.name_zh), esc(&g.name_en)))
            .unwrap_or_else(|| "—".into()),
        if c.tie_note.is_empty() {
            String::new()
        } else {
            format!(" · 同分 Tie: {}", esc(&c.tie_note))
        }
    );
    for d in &r.dimensions {
        let _ = writeln!(
            w,
            "- {} {}: {} / {}",
            esc(&d.name_zh),
            esc(&d.name_en),
            pts(c.subtotal(&d.id)),
            pts(d.points)
        );
    }
    // Strongest and weakest by share of points earned; ties by framework order.
    let mut order: Vec<usize> = (0..c.indicators.len())
        .filter(|&j| c.indicators[j].points_max > 0.0)
        .collect();
    order.sort_by(|&a, &b| {
        c.indicators[b]
            .normalised
            .total_cmp(&c.indicators[a].normalised)
            .then(a.cmp(&b))
    });
    let show = |w: &mut String, title: &str, list: &[usize]| {
        let _ = writeln!(w, "\n{title}\n\n| 指标 Indicator | 值 Value | 得分率 Score | 得分 Points |\n|---|---:|---:|---:|");
        for &j in list {
            let t = &c.indicators[j];
            let info = &r.indicators[j];
            let value = match t.value {
                Some(v) => format!("{} {}", fixed(v, 2), esc(&info.unit)),
                None => format!(
                    "— ({})",
                    if t.imputation.is_empty() {
                        "missing"
                    } else {
                        &t.imputation
                    }
                ),
            };
            let _ = writeln!(
                w,
                "| {} {} | {} | {}% | {} / {} |",
                esc(&info.name_zh),
                esc(&info.name_en),
                value,
                fixed(t.normalised, 1),
                pts(t.points),
                pts(t.points_max)
            );
        }
    };
    let k = 3.min(order.len());
    show(w, "**优势指标 Strongest**", &order[..k]);
    let weakest: Vec<usize> = order.iter().rev().take(k).copied().collect();
    show(w, "**薄弱指标 Weakest**", &weakest);
    let imputed: Vec<String> = c
        .indicators
        .iter()
        .zip(&r.indicators)
        .filter(|(t, _)| !t.imputation.is_empty())
        .map(|(t, i)| {
            format!(
                "{} ({}): {}",
                esc(&i.name_zh),
                esc(&i.id),
                esc(&t.imputation)
            )
        })
        .collect();
    if !imputed.is_empty() {
        let _ = writeln!(w, "\n缺失值处理 Missing values: {}", imputed.join("; "));
    }
}
