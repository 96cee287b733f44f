//! Views of the statistical audit (`analysis::Analysis`, kept in the
//! result): the audit_*.csv files and workbook sheets (headers
//! "中文 english"), the flags in words (the `audit` command's summary and
//! the pages), the audit section of report.html and the self-contained
//! audit.html with a correlation heatmap per node as inline SVG.

use super::csv_out::cell_text;
use super::html::esc;
use super::msg::audit::{AuditCol as C, AuditWords as W};
use super::msg::{Lang, Msg};
use super::table::{Cell, Column, Digits, Kind, Table};
use super::OutputFile;
use crate::analysis::corr::{CorrKind, FlagKind};
use crate::analysis::Analysis;
use crate::diag::Result;
use std::borrow::Cow;
use std::fmt::Write;

/// The audit's CSV files, in order, with their workbook sheet.
pub const FILES: &[(&str, Msg)] = &[
    ("audit_stats.csv", Msg::SheetAuditStats),
    ("audit_availability.csv", Msg::SheetAuditAvailability),
    ("audit_correlations.csv", Msg::SheetAuditCorrelations),
    ("audit_corr_flags.csv", Msg::SheetAuditFlags),
    ("audit_cronbach.csv", Msg::SheetAuditCronbach),
    ("audit_pca.csv", Msg::SheetAuditPca),
    ("audit_leave_one_out.csv", Msg::SheetAuditLeaveOneOut),
    ("audit_importance.csv", Msg::SheetAuditImportance),
];

const NUM: Kind = Kind::Number(Digits::Exact);

fn col(c: C, kind: Kind) -> Column {
    col_with(c, kind, &[])
}

fn col_with(c: C, kind: Kind, args: &[&dyn std::fmt::Display]) -> Column {
    let en = c.en(args);
    Column {
        id: Cow::Owned(en.clone()),
        zh: Cow::Owned(c.zh(args)),
        en: Cow::Owned(en),
        kind,
        measure: super::msg::Measure::General,
    }
}

fn table(cols: &[(C, Kind)]) -> Table {
    Table::new(cols.iter().map(|&(c, k)| col(c, k)).collect())
}

fn num(x: f64) -> Cell {
    Cell::num(x.is_finite().then_some(x))
}

fn flag(low: bool, word: &str) -> Cell {
    Cell::text(if low { word } else { "ok" })
}

/// The eight tables, in the order of `FILES`.
pub fn tables(a: &Analysis) -> Vec<Table> {
    use Kind::{Integer as I, Text as T};
    let mut stats = table(&[
        (C::Dset, T),
        (C::Indicator, T),
        (C::IndicatorZh, T),
        (C::Min, NUM),
        (C::Max, NUM),
        (C::Mean, NUM),
        (C::Median, NUM),
        (C::Sd, NUM),
        (C::Skew, NUM),
        (C::Kurtosis, NUM),
        (C::NAvail, I),
        (C::NNonzero, I),
        (C::NUnique, I),
        (C::NSame, I),
        (C::FrcAvail, NUM),
        (C::FrcNonzero, NUM),
        (C::FrcUnique, NUM),
        (C::FrcSame, NUM),
        (C::FlagAvail, T),
        (C::FlagNonzero, T),
        (C::FlagUnique, T),
        (C::FlagSkewKurt, T),
    ]);
    for s in &a.stats {
        let name = a.element(&s.indicator).map_or("", |e| e.name_zh.as_str());
        stats.push(vec![
            Cell::text(s.dset),
            Cell::text(&s.indicator),
            Cell::text(name),
            num(s.min),
            num(s.max),
            num(s.mean),
            num(s.median),
            num(s.sd),
            num(s.skew),
            num(s.kurtosis),
            Cell::count(s.n_avail),
            Cell::count(s.n_nonzero),
            Cell::count(s.n_unique),
            Cell::count(s.n_same),
            num(s.frc_avail),
            num(s.frc_nonzero),
            num(s.frc_unique),
            num(s.frc_same),
            flag(s.low_avail, "LOW"),
            flag(s.low_nonzero, "LOW"),
            flag(s.low_unique, "LOW"),
            flag(s.skew_kurt, "OUT"),
        ]);
    }
    let mut avail = table(&[
        (C::Cluster, T),
        (C::NMissing, I),
        (C::NZero, I),
        (C::NMissOrZero, I),
        (C::Availability, NUM),
        (C::Nonzero, NUM),
    ]);
    if let Some(first) = a.availability.first() {
        for (code, _) in &first.by_group {
            let zh = a
                .element(code)
                .map_or(code.as_str(), |e| e.name_zh.as_str());
            avail
                .columns
                .push(col_with(C::GroupAvail, NUM, &[&zh, code]));
        }
    }
    for u in &a.availability {
        let mut row = vec![
            Cell::input(&u.cluster_id),
            Cell::count(u.n_missing),
            Cell::count(u.n_zero),
            Cell::count(u.n_missing + u.n_zero),
            num(u.availability),
            num(u.nonzero),
        ];
        row.extend(u.by_group.iter().map(|(_, x)| num(*x)));
        avail.push(row);
    }
    let mut corr = table(&[
        (C::Kind, T),
        (C::Method, T),
        (C::Group, T),
        (C::Var1, T),
        (C::Var2, T),
        (C::Level1, I),
        (C::Level2, I),
        (C::R, NUM),
        (C::P, NUM),
        (C::Significant, T),
    ]);
    for c in &a.correlations {
        corr.push(vec![
            Cell::text(c.kind.as_str()),
            Cell::text(c.method),
            Cell::text(&c.group),
            Cell::text(&c.var1),
            Cell::text(&c.var2),
            Cell::count(c.level1),
            Cell::count(c.level2),
            num(c.r),
            num(c.p),
            Cell::yes_no(c.significant),
        ]);
    }
    let mut flags = table(&[
        (C::Kind, T),
        (C::Threshold, NUM),
        (C::Group, T),
        (C::Var1, T),
        (C::Var2, T),
        (C::R, NUM),
    ]);
    for f in &a.corr_flags {
        flags.push(vec![
            Cell::text(match f.kind {
                FlagKind::High => "collinear",
                FlagKind::Low => "negative",
            }),
            num(f.threshold),
            Cell::text(&f.group),
            Cell::text(&f.var1),
            Cell::text(&f.var2),
            num(f.r),
        ]);
    }
    let mut cron = table(&[
        (C::Group, T),
        (C::GroupLevel, I),
        (C::ItemLevel, I),
        (C::NItems, I),
        (C::Items, T),
        (C::Alpha, NUM),
    ]);
    for c in &a.cronbach {
        cron.push(vec![
            Cell::text(&c.group),
            Cell::count(c.group_level),
            Cell::count(c.item_level),
            Cell::count(c.items.len()),
            Cell::text(c.items.join(";")),
            num(c.alpha),
        ]);
    }
    let mut pca = table(&[
        (C::Group, T),
        (C::Quantity, T),
        (C::Component, I),
        (C::Item, T),
        (C::Value, NUM),
    ]);
    for p in &a.pca {
        if let Some(why) = &p.problem {
            pca.push(vec![
                Cell::text(&p.group),
                Cell::text("not_computed"),
                Cell::Blank,
                Cell::text(why),
                Cell::Blank,
            ]);
        }
        for (q, values) in [
            ("sdev", &p.sdev),
            ("prop_var", &p.prop_var),
            ("cum_prop", &p.cum_prop),
        ] {
            for (c, v) in values.iter().enumerate() {
                pca.push(vec![
                    Cell::text(&p.group),
                    Cell::text(q),
                    Cell::count(c + 1),
                    Cell::Blank,
                    num(*v),
                ]);
            }
        }
        for (item, v) in p.items.iter().zip(&p.loadings) {
            pca.push(vec![
                Cell::text(&p.group),
                Cell::text("loading"),
                Cell::count(1),
                Cell::text(item),
                num(*v),
            ]);
        }
    }
    let mut loo = table(&[
        (C::Element, T),
        (C::Level, I),
        (C::Cluster, T),
        (C::Rank, I),
        (C::RankWithout, I),
        (C::RankChange, I),
        (C::MeanAbsShift, NUM),
        (C::MaxAbsShift, I),
    ]);
    for l in &a.leave_one_out {
        for (i, unit) in a.units.iter().enumerate() {
            let (r, w) = (l.rank[i], l.rank_without[i]);
            loo.push(vec![
                Cell::text(&l.element),
                Cell::count(l.level),
                Cell::input(unit),
                Cell::Int(r as i64),
                Cell::Int(w as i64),
                Cell::Int(r as i64 - w as i64),
                num(l.mean_abs_shift),
                Cell::Int(l.max_abs_shift as i64),
            ]);
        }
    }
    let mut imp = table(&[
        (C::Group, T),
        (C::Component2, T),
        (C::Level, I),
        (C::R, NUM),
        (C::Effective, NUM),
        (C::Nominal, NUM),
        (C::Ratio, NUM),
        (C::Flagged, T),
    ]);
    for x in &a.importance {
        imp.push(vec![
            Cell::text(&x.group),
            Cell::text(&x.element),
            Cell::count(x.level),
            num(x.r),
            num(x.effective),
            num(x.nominal),
            num(x.ratio),
            Cell::yes_no(x.flagged),
        ]);
    }
    vec![stats, avail, corr, flags, cron, pca, loo, imp]
}

/// A table as CSV with the header "中文 english".
pub fn csv(t: &Table) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| format!("{} {}", c.zh, c.en)))?;
    for row in &t.rows {
        w.write_record(
            row.iter()
                .zip(&t.columns)
                .map(|(cell, col)| cell_text(cell, col.kind)),
        )?;
    }
    w.flush().map_err(csv::Error::from)?;
    w.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()).into())
}

/// The audit_*.csv files.
pub fn csv_files(a: &Analysis) -> Result<Vec<OutputFile>> {
    FILES
        .iter()
        .zip(tables(a))
        .map(|((name, _), t)| {
            Ok(OutputFile {
                name: name.to_string(),
                bytes: csv(&t)?,
            })
        })
        .collect()
}

fn name(a: &Analysis, code: &str, l: Lang) -> String {
    a.element(code)
        .map(|e| {
            let n = l.pick(&e.name_zh, &e.name_en);
            if n.is_empty() { code } else { n }.to_string()
        })
        .unwrap_or_else(|| code.to_string())
}

fn list(items: Vec<String>, l: Lang) -> String {
    if items.is_empty() {
        W::NoneWord.text(l).to_string()
    } else {
        items.join(W::Separator.text(l))
    }
}

fn r2(x: f64) -> String {
    format!("{x:.2}")
}

/// The flags in words, one line each.
pub fn flag_lines(a: &Analysis, l: Lang) -> Vec<String> {
    let s = &a.settings;
    let names = |pick: &dyn Fn(&crate::analysis::describe::IndicatorStats) -> bool| {
        let v: Vec<String> = a
            .stats
            .iter()
            .filter(|x| x.dset == "Raw" && pick(x))
            .map(|x| name(a, &x.indicator, l))
            .collect();
        list(v, l)
    };
    let pairs = |kind: FlagKind| {
        let v: Vec<String> = a
            .corr_flags
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| {
                W::Pair.fill(
                    l,
                    &[
                        &name(a, &f.var1, l),
                        &name(a, &f.var2, l),
                        &name(a, &f.group, l),
                        &r2(f.r),
                    ],
                )
            })
            .collect();
        list(v, l)
    };
    let weak: Vec<String> = a
        .correlations
        .iter()
        .filter(|c| {
            c.kind == CorrKind::Parent
                && c.method == "pearson"
                && a.element(&c.var1).and_then(|e| e.parent.as_deref()) == Some(c.group.as_str())
                && !c.significant
        })
        .map(|c| name(a, &c.var1, l))
        .collect();
    let imp: Vec<String> = a
        .importance
        .iter()
        .filter(|x| x.flagged)
        .map(|x| {
            W::ImportanceItem.fill(
                l,
                &[
                    &name(a, &x.element, l),
                    &name(a, &x.group, l),
                    &r2(x.effective),
                    &r2(x.nominal),
                ],
            )
        })
        .collect();
    let mut loo: Vec<&crate::analysis::influence::LeaveOneOut> = a.leave_one_out.iter().collect();
    loo.sort_by(|x, y| y.mean_abs_shift.total_cmp(&x.mean_abs_shift));
    let loo: Vec<String> = loo
        .iter()
        .take(3)
        .filter(|x| x.max_abs_shift > 0)
        .map(|x| {
            W::LooItem.fill(
                l,
                &[
                    &name(a, &x.element, l),
                    &r2(x.mean_abs_shift),
                    &x.max_abs_shift,
                ],
            )
        })
        .collect();
    vec![
        W::SkewKurt.fill(l, &[&s.t_skew, &s.t_kurt, &names(&|x| x.skew_kurt)]),
        W::LowAvail.fill(l, &[&s.t_avail, &names(&|x| x.low_avail)]),
        W::LowNonzero.fill(l, &[&s.t_zero, &names(&|x| x.low_nonzero)]),
        W::LowUnique.fill(l, &[&s.t_unique, &names(&|x| x.low_unique)]),
        W::Collinear.fill(l, &[&s.collinear, &pairs(FlagKind::High)]),
        W::Negative.fill(l, &[&s.negative, &pairs(FlagKind::Low)]),
        W::NotSignificant.fill(l, &[&s.significance, &list(weak, l)]),
        W::Importance.fill(l, &[&s.importance_factor, &list(imp, l)]),
        W::LeaveOneOut.fill(l, &[&list(loo, l)]),
    ]
}

/// The `audit` command's summary.
pub fn summary(a: &Analysis, round_name: &str, l: Lang) -> String {
    let indicators = a.elements.iter().filter(|e| e.indicator).count();
    let mut s = W::Title.fill(l, &[&round_name, &a.units.len(), &indicators]);
    s.push('\n');
    for line in flag_lines(a, l) {
        let _ = writeln!(s, "- {line}");
    }
    s
}

/// The colour of a correlation: blue (−1) through white (0) to red (+1).
fn colour(r: f64) -> String {
    if !r.is_finite() {
        return "#cccccc".into();
    }
    let t = r.clamp(-1.0, 1.0);
    let (from, to) = if t >= 0.0 {
        ((255.0, 255.0, 255.0), (200.0, 40.0, 40.0))
    } else {
        ((255.0, 255.0, 255.0), (40.0, 80.0, 200.0))
    };
    let k = t.abs();
    let mix = |a: f64, b: f64| (a + (b - a) * k).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(from.0, to.0),
        mix(from.1, to.1),
        mix(from.2, to.2)
    )
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(14).collect();
    if t.chars().count() < s.chars().count() {
        format!("{t}…")
    } else {
        t
    }
}

/// The audit section of a page: flags in words, a heatmap per node,
/// Cronbach's alpha and the first principal component's share.
pub fn html_section(w: &mut String, a: &Analysis, l: Lang) {
    let _ = writeln!(
        w,
        "<section class=\"audit\"><h2>{}</h2>",
        W::Section.text(l)
    );
    let _ = writeln!(w, "<h3>{}</h3><ul>", W::Flags.text(l));
    for line in flag_lines(a, l) {
        let _ = writeln!(w, "<li>{}</li>", esc(&line));
    }
    let _ = writeln!(w, "</ul><h3>{}</h3>", W::Heatmaps.text(l));
    for node in a.elements.iter().filter(|e| !e.indicator) {
        let kids: Vec<&str> = a
            .elements
            .iter()
            .filter(|e| e.parent.as_deref() == Some(node.code.as_str()))
            .map(|e| e.code.as_str())
            .collect();
        if kids.len() < 2 {
            continue;
        }
        heatmap(w, a, &node.code, &kids, l);
    }
    let _ = writeln!(
        w,
        "<h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        W::Cronbach.text(l),
        W::Node.text(l),
        W::Level.text(l),
        W::Items.text(l),
        W::Coefficient.text(l)
    );
    for c in &a.cronbach {
        let _ = writeln!(
            w,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.3}</td></tr>",
            esc(&name(a, &c.group, l)),
            c.item_level,
            c.items.len(),
            c.alpha
        );
    }
    let _ = writeln!(
        w,
        "</table><h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        W::Pca.text(l),
        W::Node.text(l),
        W::Items.text(l),
        W::Share.text(l)
    );
    for p in &a.pca {
        let _ = writeln!(
            w,
            "<tr><td>{}</td><td>{}</td><td>{:.3}</td></tr>",
            esc(&name(a, &p.group, l)),
            p.items.len(),
            p.prop_var.first().copied().unwrap_or(f64::NAN)
        );
    }
    let files: Vec<&str> = FILES.iter().map(|(f, _)| *f).collect();
    let _ = writeln!(
        w,
        "</table><p class=\"muted\">{}</p></section>",
        esc(&W::Details.fill(l, &[&files.join(", ")]))
    );
}

/// One node's heatmap: the Pearson correlations of its children.
fn heatmap(w: &mut String, a: &Analysis, node: &str, kids: &[&str], l: Lang) {
    let r = |x: &str, y: &str| {
        a.correlations
            .iter()
            .find(|c| {
                c.kind == CorrKind::Within
                    && c.method == "pearson"
                    && c.group == node
                    && c.var1 == x
                    && c.var2 == y
            })
            .map_or(f64::NAN, |c| c.r)
    };
    let k = kids.len();
    let (cell, margin) = (28.0, 110.0);
    let size = margin + cell * k as f64;
    let _ = writeln!(
        w,
        "<figure><figcaption>{}</figcaption><svg width=\"{size}\" height=\"{size}\" font-size=\"10\">",
        esc(&W::Heatmap.fill(l, &[&name(a, node, l), &k]))
    );
    for (i, x) in kids.iter().enumerate() {
        let y0 = margin + cell * i as f64;
        let _ = writeln!(
            w,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            margin - 4.0,
            y0 + cell * 0.65,
            esc(&short(&name(a, x, l)))
        );
        let _ = writeln!(
            w,
            "<text transform=\"translate({},{}) rotate(-60)\">{}</text>",
            y0 + cell * 0.6,
            margin - 4.0,
            esc(&short(&name(a, x, l)))
        );
        for (j, y) in kids.iter().enumerate() {
            let v = r(x, y);
            let _ = writeln!(
                w,
                "<rect x=\"{}\" y=\"{y0}\" width=\"{cell}\" height=\"{cell}\" fill=\"{}\"><title>{} × {}: {:.2}</title></rect><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"8\">{:.2}</text>",
                margin + cell * j as f64,
                colour(v),
                esc(&name(a, x, l)),
                esc(&name(a, y, l)),
                v,
                margin + cell * (j as f64 + 0.5),
                y0 + cell * 0.6,
                v
            );
        }
    }
    let _ = writeln!(w, "</svg></figure>");
}

/// audit.html: the audit section as a page of its own.
pub fn standalone(a: &Analysis, title: &str, l: Lang) -> String {
    let mut w = String::new();
    let _ = writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px}}.muted{{color:#666}}figure{{display:inline-block;margin:1em}}</style></head><body><h1>{}</h1>",
        match l {
            Lang::Zh => "zh",
            Lang::En => "en",
        },
        esc(title),
        esc(title)
    );
    html_section(&mut w, a, l);
    w.push_str("</body></html>\n");
    w
}

/// "Written: files (to the folder)" in one language.
pub fn written(l: Lang, files: &str, dir: &std::path::Path) -> String {
    W::Written.fill(l, &[&format!("{} → {}", files, dir.display())])
}
