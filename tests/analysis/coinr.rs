//! The audit of sample_data/asem against COINr 1.1.14, one test per file of
//! ../shared/validation/asem-analysis (its README gives every call). Rows
//! and columns are matched by name; numbers within 1e-6 relative or 1e-9
//! absolute, counts and flags exactly.

use super::{engine_code, num, reference, table, Audit};
use crate::tolerance::{close, Tol};
use std::collections::{BTreeMap, BTreeSet};

const COINR: Tol = Tol::rel(1e-6, 1e-9);

type Row = BTreeMap<String, String>;

fn by<'a>(rows: &'a [Row], keys: &[&str]) -> BTreeMap<Vec<String>, &'a Row> {
    rows.iter()
        .map(|r| (keys.iter().map(|k| r[*k].clone()).collect(), r))
        .collect()
}

fn f(row: &Row, col: &str) -> f64 {
    num(&row[col]).unwrap_or_else(|| panic!("{col} is empty in {row:?}"))
}

#[test]
fn stats_match_coinr_on_raw_and_normalised() {
    let a = Audit::asem();
    let got = a.file("audit_stats.csv");
    let got = by(&got, &["dset", "indicator"]);
    let want = table(&reference("stats.csv"));
    assert_eq!(want.len(), 98);
    assert_eq!(got.len(), 98, "49 indicators x Raw and Normalised");
    let pairs = [
        ("Min", "min"),
        ("Max", "max"),
        ("Mean", "mean"),
        ("Median", "median"),
        ("Std", "sd"),
        ("Skew", "skew"),
        ("Kurt", "kurtosis"),
        ("Frc.Avail", "frc_avail"),
        ("Frc.NonZero", "frc_nonzero"),
        ("Frc.Unique", "frc_unique"),
        ("Frc.Same", "frc_same"),
    ];
    let exact = [
        ("N.Avail", "n_avail"),
        ("N.NonZero", "n_nonzero"),
        ("N.Unique", "n_unique"),
        ("N.Same", "n_same"),
        ("Flag.Avail", "flag_avail"),
        ("Flag.NonZero", "flag_nonzero"),
        ("Flag.Unique", "flag_unique"),
        ("Flag.SkewKurt", "flag_skew_kurt"),
    ];
    let mut flagged = 0;
    for w in &want {
        let key = vec![w["dset"].clone(), w["iCode"].clone()];
        let g = got.get(&key).unwrap_or_else(|| panic!("no row {key:?}"));
        for (c, e) in pairs {
            close(f(g, e), f(w, c), COINR, format_args!("{key:?} {c}"));
        }
        for (c, e) in exact {
            let want = w[c]
                .parse::<f64>()
                .map(|x| x.to_string())
                .unwrap_or(w[c].clone());
            assert_eq!(g[e], want, "{key:?} {c}");
        }
        flagged += usize::from(w["Flag.SkewKurt"] == "OUT");
    }
    assert!(flagged > 0, "the reference has skew-kurtosis flags to find");
}

#[test]
fn data_availability_matches_coinr() {
    let a = Audit::asem();
    let got = a.file("audit_availability.csv");
    let got = by(&got, &["cluster_id"]);
    let want = table(&reference("data_avail.csv"));
    assert_eq!(want.len(), 51);
    assert_eq!(got.len(), 51);
    for w in &want {
        let g = got[&vec![w["uCode"].clone()]];
        for (c, e) in [
            ("N_missing", "n_missing"),
            ("N_zero", "n_zero"),
            ("N_miss_or_zero", "n_miss_or_zero"),
        ] {
            assert_eq!(g[e], w[c], "{} {c}", w["uCode"]);
        }
        close(f(g, "availability"), f(w, "Dat_Avail"), COINR, &w["uCode"]);
        close(f(g, "nonzero"), f(w, "Non_Zero"), COINR, &w["uCode"]);
    }
    // BGD: 6 of 49 missing (by COINr; the reference's fourth row).
    assert_eq!(got[&vec!["BGD".to_string()]]["n_missing"], "6");
}

#[test]
fn data_availability_by_group_matches_coinr() {
    let a = Audit::asem();
    let got = a.file("audit_availability.csv");
    let got = by(&got, &["cluster_id"]);
    let want = table(&reference("data_avail_bygroup.csv"));
    let mut compared = 0;
    for w in &want {
        let g = got[&vec![w["uCode"].clone()]];
        for (c, v) in w.iter().filter(|(c, _)| *c != "dset" && *c != "uCode") {
            let col = format!("avail_{}", engine_code(c));
            let x = g.get(&col).unwrap_or_else(|| panic!("no column {col}"));
            close(
                num(x).unwrap(),
                num(v).unwrap(),
                COINR,
                format_args!("{} {c}", w["uCode"]),
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 51 * 11);
}

/// COINr's significance filter: empty where p > 0.05. Only p-values
/// within 1e-3 of 0.05 may fall on the other side.
fn significance_agrees(g: &Row, w: &Row, what: &str) {
    let p = f(g, "p_value");
    let coinr = !w["r_coinr_default"].is_empty();
    let engine = g["significant"] == "yes";
    assert!(
        coinr == engine || (p - 0.05).abs() < 1e-3,
        "{what}: significant {engine} (p = {p}) but COINr says {coinr}"
    );
    if coinr {
        close(f(w, "r_coinr_default"), f(w, "r"), 0.0, what);
    }
}

#[test]
fn correlations_with_every_ancestor_match_coinr() {
    let a = Audit::asem();
    let all = a.file("audit_correlations.csv");
    let parents: Vec<Row> = all.into_iter().filter(|r| r["kind"] == "parent").collect();
    let got = by(&parents, &["method", "var1", "var2"]);
    let want = table(&reference("corr_parent.csv"));
    assert_eq!(want.len(), 330);
    assert_eq!(parents.len(), 330, "165 element-ancestor pairs x 2 methods");
    let mut significant = 0;
    for w in &want {
        let key = vec![
            w["method"].clone(),
            engine_code(&w["var1"]).to_string(),
            engine_code(&w["var2"]).to_string(),
        ];
        let g = got.get(&key).unwrap_or_else(|| panic!("no row {key:?}"));
        let what = format!("{key:?}");
        close(f(g, "r"), f(w, "r"), COINR, &what);
        assert_eq!(g["level1"], w["level_var1"], "{what}");
        assert_eq!(g["level2"], w["level_var2"], "{what}");
        significance_agrees(g, w, &what);
        significant += usize::from(!w["r_coinr_default"].is_empty());
    }
    assert!(
        significant > 0 && significant < 330,
        "both outcomes are tested"
    );
}

#[test]
fn correlations_within_pillars_match_coinr() {
    let a = Audit::asem();
    let all = a.file("audit_correlations.csv");
    let within: Vec<Row> = all
        .into_iter()
        .filter(|r| r["kind"] == "within" && r["level1"] == "1")
        .collect();
    let got = by(&within, &["method", "group", "var1", "var2"]);
    let want = table(&reference("corr_within.csv"));
    assert_eq!(want.len(), 658);
    assert_eq!(
        within.len(),
        658,
        "every ordered pair in each pillar, the diagonal included"
    );
    for w in &want {
        let key = vec![
            w["method"].clone(),
            w["group"].clone(),
            w["var1"].clone(),
            w["var2"].clone(),
        ];
        let g = got.get(&key).unwrap_or_else(|| panic!("no row {key:?}"));
        let what = format!("{key:?}");
        close(f(g, "r"), f(w, "r"), COINR, &what);
        if w["var1"] != w["var2"] {
            significance_agrees(g, w, &what);
        }
    }
}

#[test]
fn correlation_flags_match_coinr_in_all_four_settings() {
    let want = table(&reference("corr_flags.csv"));
    assert_eq!(want.len(), 27);
    // Two audits: the thresholds of COINr's four calls, two at a time.
    for (collinear, negative) in [("0.9", "0"), ("0.75", "-0.5")] {
        let a = Audit::asem_with(&format!("collinear = {collinear}\nnegative = {negative}"));
        let got = a.file("audit_corr_flags.csv");
        let stats = a.file("audit_stats.csv");
        let indicators: BTreeSet<&str> = stats.iter().map(|r| r["indicator"].as_str()).collect();
        for (kind, coinr_type, threshold) in [
            ("collinear", "high", collinear),
            ("negative", "low", negative),
        ] {
            // COINr flags pairs of indicators within a pillar.
            let mine: BTreeMap<(String, BTreeSet<String>), f64> = got
                .iter()
                .filter(|r| {
                    r["kind"] == kind
                        && indicators.contains(r["var1"].as_str())
                        && indicators.contains(r["var2"].as_str())
                })
                .map(|r| {
                    (
                        (
                            r["group"].clone(),
                            BTreeSet::from([r["var1"].clone(), r["var2"].clone()]),
                        ),
                        f(r, "r"),
                    )
                })
                .collect();
            let theirs: BTreeMap<(String, BTreeSet<String>), f64> = want
                .iter()
                .filter(|r| {
                    r["thresh_type"] == coinr_type && num(&r["cor_thresh"]) == num(threshold)
                })
                .map(|r| {
                    (
                        (
                            r["Group"].clone(),
                            BTreeSet::from([r["Ind1"].clone(), r["Ind2"].clone()]),
                        ),
                        f(r, "Corr"),
                    )
                })
                .collect();
            assert_eq!(
                mine.keys().collect::<Vec<_>>(),
                theirs.keys().collect::<Vec<_>>(),
                "{kind} at {threshold}"
            );
            for (k, r) in &theirs {
                close(mine[k], *r, COINR, format_args!("{k:?}"));
            }
            let expected = match (coinr_type, threshold) {
                ("high", "0.9") => 0,
                ("high", _) => 2,
                ("low", "0") => 22,
                _ => 3,
            };
            assert_eq!(theirs.len(), expected, "{kind} at {threshold}");
        }
    }
}

#[test]
fn cronbach_alpha_matches_coinr_at_every_level() {
    let a = Audit::asem();
    let got = a.file("audit_cronbach.csv");
    let got = by(&got, &["group", "item_level"]);
    let want = table(&reference("cronbach.csv"));
    assert_eq!(want.len(), 15);
    assert_eq!(
        got.len(),
        15,
        "8 pillars, 2 sub-indices x 2 levels, the index x 3"
    );
    for w in &want {
        let key = vec![
            engine_code(&w["group"]).to_string(),
            w["item_level"].clone(),
        ];
        let g = got.get(&key).unwrap_or_else(|| panic!("no row {key:?}"));
        assert_eq!(g["n_items"], w["n_items"], "{key:?}");
        let items = |s: &str| s.split(';').map(String::from).collect::<BTreeSet<_>>();
        assert_eq!(items(&g["items"]), items(&w["items"]), "{key:?}");
        close(f(g, "alpha"), f(w, "alpha"), COINR, format_args!("{key:?}"));
    }
}

#[test]
fn pca_per_pillar_matches_coinr_up_to_sign() {
    let a = Audit::asem();
    let got = a.file("audit_pca.csv");
    let want = table(&reference("pca.csv"));
    assert_eq!(want.len(), 196);
    let groups: BTreeSet<&str> = want.iter().map(|r| r["group"].as_str()).collect();
    assert_eq!(groups.len(), 8);
    for g in groups {
        for q in ["sdev", "prop_var", "cum_prop"] {
            let mine: Vec<&Row> = got
                .iter()
                .filter(|r| r["group"] == g && r["quantity"] == q)
                .collect();
            let theirs: Vec<&Row> = want
                .iter()
                .filter(|r| r["group"] == g && r["quantity"] == q)
                .collect();
            assert_eq!(mine.len(), theirs.len(), "{g} {q}");
            for t in theirs {
                let m = mine
                    .iter()
                    .find(|r| r["component"] == t["component"])
                    .unwrap_or_else(|| panic!("{g} {q} {}", t["component"]));
                close(
                    f(m, "value"),
                    f(t, "value"),
                    COINR,
                    format_args!("{g} {q} {}", t["component"]),
                );
            }
        }
        let load = |rows: &[Row], code: &str| -> BTreeMap<String, f64> {
            rows.iter()
                .filter(|r| r["group"] == g && r["quantity"] == "loading")
                .map(|r| (r[code].clone(), f(r, "value")))
                .collect()
        };
        let mine = load(&got, "item");
        let theirs = load(&want, "iCode");
        assert_eq!(
            mine.keys().collect::<Vec<_>>(),
            theirs.keys().collect::<Vec<_>>(),
            "{g}"
        );
        // One common sign per group: the one that brings them closer.
        let dot: f64 = theirs.iter().map(|(k, v)| v * mine[k]).sum();
        let sign = if dot < 0.0 { -1.0 } else { 1.0 };
        for (k, v) in &theirs {
            close(sign * mine[k], *v, COINR, format_args!("{g} loading {k}"));
        }
    }
}
