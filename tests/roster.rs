//! Enterprise rosters (#5): credit codes, derived fields, duplicate
//! policies, declared vs derived, mid-term progress, and the mid-term
//! sample's planted faults. Every expected number is computed by hand in
//! the comments.

use crate::tolerance::close;
use crate::workdir::{col, read_csv, repo, WorkDir};
use cluster_eval::roster::uscc::{self, CodeProblem};

/// Codes published by the enterprises themselves (business licences,
/// annual reports): Huawei, Tencent, Alibaba, Moutai, BYD, Xiaomi, Baidu,
/// ICBC, Sinopec, Haier, Gree, Lenovo, PetroChina, CATL.
const REAL: [&str; 14] = [
    "914403001922038216",
    "91440300708461136T",
    "91330100716105852F",
    "91520000214434146R",
    "91440300192317458F",
    "91110108551385082Q",
    "91110000802100433B",
    "91100000100003962T",
    "9111000010169286X1",
    "91370200163562681G",
    "91440400192548256N",
    "91110108700000458B",
    "91110000710925462X",
    "91350900587527783P",
];

#[test]
fn check_digit_accepts_published_codes() {
    for code in REAL {
        assert_eq!(uscc::validate(code), Ok(()), "{code}");
        // Lower case and surrounding spaces are tolerated.
        assert_eq!(
            uscc::validate(&format!(" {} ", code.to_lowercase())),
            Ok(())
        );
    }
}

#[test]
fn check_digit_rejects_hand_made_corruptions() {
    // Huawei's code with the check character changed: 6 -> 7.
    assert_eq!(
        uscc::validate("914403001922038217"),
        Err(CodeProblem::CheckDigit('7', '6'))
    );
    // Tencent's with two digits of the organisation code swapped (7084 -> 7048).
    assert!(matches!(
        uscc::validate("91440300704861136T"),
        Err(CodeProblem::CheckDigit('T', _))
    ));
    assert_eq!(
        uscc::validate("91440300708461136"),
        Err(CodeProblem::Length(17))
    );
    assert_eq!(
        uscc::validate("91440300708461136TT"),
        Err(CodeProblem::Length(19))
    );
    // I, O, Z, S, V are not in the alphabet.
    assert_eq!(
        uscc::validate("9144030070846113OT"),
        Err(CodeProblem::Character('O', 17))
    );
    assert_eq!(
        uscc::validate("91A40300708461136T"),
        Err(CodeProblem::Division)
    );
    // 31 is prime and every weight is non-zero mod 31, so changing any one
    // character of a valid code is always caught.
    for code in REAL {
        for pos in 0..17 {
            for &c in uscc::ALPHABET {
                let mut b = code.as_bytes().to_vec();
                if b[pos] == c || (2..8).contains(&pos) && !c.is_ascii_digit() {
                    continue;
                }
                b[pos] = c;
                let s = String::from_utf8(b).unwrap();
                assert!(
                    matches!(uscc::validate(&s), Err(CodeProblem::CheckDigit(..))),
                    "{s} passed"
                );
            }
        }
    }
}

/// A small round: two clusters, a roster of 7 rows, a framework deriving
/// one field per aggregation.
fn small_round(w: &WorkDir, duplicates: &str, roster: &str) -> std::path::PathBuf {
    w.write(
        "r/round.toml",
        r#"[round]
id = "small"
name_zh = "名录测试"
framework = "fw.toml"
baseline_year = 2021
current_year = 2023
target_year = 2025

[inputs]
clusters = "clusters.csv"
submissions = ["values.csv"]
enterprises = "enterprises.csv"
"#,
    );
    w.write(
        "r/fw.toml",
        format!(
            r#"[framework]
id = "small"
name_zh = "名录测试"
total_points = 100

[roster]
duplicates = "{duplicates}"
tolerance = 0.05
prefer = "roster"

[[field]]
id = "above_scale"
unit = "家"
kind = "count"
source = "roster"
derive = "count"
where = ["above_scale"]

[[field]]
id = "big"
unit = "家"
kind = "count"
source = "roster"
derive = "count"
where = ["revenue >= 100000"]

[[field]]
id = "patents"
unit = "件"
kind = "count"
source = "roster"
derive = "sum"
of = "patents"

[[field]]
id = "rd_intensity"
unit = "%"
kind = "percent"
source = "roster"
derive = "ratio"
numerator = "rd_spending"
denominator = "revenue"
where = ["above_scale"]
factor = 100

[[field]]
id = "champions"
unit = "家"
kind = "count"
source = "roster"
derive = "weighted_count"
weights = {{ little_giant = 1, single_champion = 2 }}
where = ["!listed"]

[[field]]
id = "revenue"
unit = "亿元"
kind = "amount"
periods = ["baseline", "current", "target"]

[[indicator]]
id = "above_scale"
points = 20
rule = "minmax"

[[indicator]]
id = "big"
points = 10
rule = "minmax"

[[indicator]]
id = "patents"
points = 10
rule = "minmax"

[[indicator]]
id = "rd_intensity"
points = 20
rule = "minmax"

[[indicator]]
id = "champions"
points = 20
rule = "minmax"

[[indicator]]
id = "revenue_progress"
field = "revenue"
points = 20
rule = "progress"
floor = 0.5
full = 1.0
at_floor = 0.5
"#
        ),
    );
    w.write(
        "r/clusters.csv",
        "cluster_id,name_zh,city,track\nA,甲集群,石家庄市,高端装备\nB,乙集群,保定市,新材料\nC,丙集群,唐山市,新材料\n",
    );
    // Declared: A above_scale 3 (roster 3), B above_scale 5 (roster 2: beyond 5 %).
    // Revenue: A 100 -> 130 -> 160 (p = 0.5, e = 0.5, on track, full marks);
    // B baseline 200 above target 180, now 190 (slipped: p = 0, no points);
    // C baseline 0 -> 3 -> 10 (p = 0.3, r = 0.6: 0.5 + 0.5 x 0.1/0.5 = 0.6 of 20 = 12).
    w.write(
        "r/values.csv",
        "cluster_id,indicator,period,value\nA,above_scale,2023,3\nB,above_scale,2023,5\nA,revenue,2021,100\nA,revenue,2023,130\nA,revenue,2025,160\nB,revenue,2021,200\nB,revenue,2023,190\nB,revenue,2025,180\nC,revenue,2021,0\nC,revenue,2023,3\nC,revenue,2025,10\n",
    );
    w.write("r/enterprises.csv", roster);
    w.path("r")
}

/// Codes from the published list reused as synthetic roster entries.
fn roster_rows(shared_in_b: bool) -> String {
    let mut s = String::from("统一社会信用代码,企业名称,集群编号,营业收入（万元）,研发投入（万元）,有效发明专利数,规上企业,专精特新小巨人,制造业单项冠军,上市企业\n");
    // A: three above size (revenue 200000, 50000, 3000; R&D 4000, 1000, 60),
    //    one small (1000, R&D 10 - not above size, left out of the ratio).
    s += &format!("{},a1,A,200000,4000,10,是,1,0,否\n", REAL[0]);
    s += &format!("{},a2,A,50000,1000,5,是,0,1,是\n", REAL[1]);
    s += &format!("{},a3,A,3000,60,,是,1,0,否\n", REAL[2]);
    s += &format!("{},a4,A,1000,10,2,否,否,否,否\n", REAL[3]);
    // B: two above size (120000, R&D 1200; 8000, R&D 80), one bad code.
    s += &format!("{},b1,B,120000,1200,7,Y,N,Y,N\n", REAL[4]);
    s += &format!("{},b2,B,8000,80,1,Y,N,N,N\n", REAL[5]);
    s += "91440300708461136X,bad,B,500,,0,N,N,N,N\n";
    if shared_in_b {
        // a1 is also listed by C.
        s += &format!("{},a1 again,C,200000,4000,10,是,1,0,否\n", REAL[0]);
    }
    s
}

fn audit_value(out: &std::path::Path, cluster: &str, field: &str, column: &str) -> String {
    let (h, rows) = read_csv(&out.join("roster_audit.csv"));
    let c = col(&h, column);
    rows.iter()
        .find(|r| r[0] == cluster && r[1] == field)
        .unwrap_or_else(|| panic!("{cluster} {field}"))[c]
        .clone()
}

#[test]
fn each_aggregation_matches_a_hand_computation() {
    let w = WorkDir::new();
    let r = small_round(&w, "both", &roster_rows(false));
    let out = w.path("out");
    w.ok(&["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let v = |c: &str, f: &str| audit_value(&out, c, f, "derived");
    // count where above_scale: A 3, B 2.
    assert_eq!(v("A", "above_scale"), "3");
    assert_eq!(v("B", "above_scale"), "2");
    // count where revenue >= 100000 万元: A 1 (200000), B 1 (120000).
    assert_eq!(v("A", "big"), "1");
    assert_eq!(v("B", "big"), "1");
    // sum of patents (blank left out): A 10 + 5 + 2 = 17, B 7 + 1 = 8 (bad code rejected).
    assert_eq!(v("A", "patents"), "17");
    assert_eq!(v("B", "patents"), "8");
    // ratio over above size x 100: A (4000+1000+60)/(200000+50000+3000) = 5060/253000 = 2 %;
    // B (1200+80)/(120000+8000) = 1280/128000 = 1 %.
    assert_eq!(v("A", "rd_intensity"), "2");
    assert_eq!(v("B", "rd_intensity"), "1");
    // weighted count where !listed: A a1 giant (1) + a3 giant (1) = 2 (a2 champion is listed);
    // B b1 champion (2) = 2.
    assert_eq!(v("A", "champions"), "2");
    assert_eq!(v("B", "champions"), "2");
    // C lists nobody: no derived value, its declared (none) stays.
    assert_eq!(v("C", "above_scale"), "");
    assert_eq!(
        audit_value(&out, "C", "above_scale", "note"),
        "no roster rows"
    );
    // Declared vs derived: A within, B 5 vs 2 = 60 % apart, roster scored.
    assert_eq!(
        audit_value(&out, "A", "above_scale", "within_tolerance"),
        "true"
    );
    assert_eq!(
        audit_value(&out, "B", "above_scale", "within_tolerance"),
        "false"
    );
    assert_eq!(
        audit_value(&out, "B", "above_scale", "relative_difference"),
        "0.6"
    );
    assert_eq!(
        audit_value(&out, "B", "above_scale", "scored_figure"),
        "roster"
    );
    // The bad code is in rejections.csv with its reason.
    let rej = w.read("out/rejections.csv");
    assert!(
        rej.contains("check character is X, GB 32100-2015 gives T"),
        "{rej}"
    );
    assert!(rej.contains("enterprises.csv,8,"), "{rej}");
}

#[test]
fn progress_and_cagr_by_hand() {
    let w = WorkDir::new();
    let r = small_round(&w, "both", &roster_rows(false));
    let out = w.path("out");
    w.ok(&["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let (h, rows) = read_csv(&out.join("progress.csv"));
    let at = |name: &str| col(&h, name);
    let row = |c: &str| rows.iter().find(|r| r[0] == c).unwrap().clone();
    // A: p = (130-100)/(160-100) = 0.5, e = 0.5, on track; CAGR (130/100)^(1/2) - 1.
    let a = row("A");
    assert_eq!(a[at("progress")], "0.5");
    assert_eq!(a[at("elapsed")], "0.5");
    assert_eq!(a[at("status")], "on_track");
    let cagr: f64 = a[at("cagr_pct")].parse().unwrap();
    close(cagr, (1.3f64.sqrt() - 1.0) * 100.0, 1e-12, "CAGR of A");
    // B: target 180 below baseline 200, current 190 still meets it -> met at baseline, p = 1.
    let b = row("B");
    assert_eq!(b[at("status")], "met_at_baseline");
    assert_eq!(b[at("progress")], "1");
    // C: zero baseline, p = 3/10 = 0.3 < 0.5 -> behind; CAGR undefined (blank).
    let c = row("C");
    assert_eq!(c[at("progress")], "0.3");
    assert_eq!(c[at("status")], "behind");
    assert_eq!(c[at("cagr_pct")], "");
    // Points of the progress rule (20 points, floor 0.5, full 1, at_floor 0.5):
    // A r = 1 -> 20; B r = 1 / 0.5 = 2 -> 20; C r = 0.6 -> 0.5 + 0.5 x 0.1 / 0.5 = 0.6 -> 12.
    let (th, trows) = read_csv(&out.join("trace.csv"));
    let (ic, pc) = (col(&th, "indicator_id"), col(&th, "contribution"));
    let pts = |c: &str| -> f64 {
        trows
            .iter()
            .find(|r| r[1] == c && r[ic] == "revenue_progress")
            .unwrap()[pc]
            .parse()
            .unwrap()
    };
    assert_eq!(pts("A"), 20.0);
    assert_eq!(pts("B"), 20.0);
    close(pts("C"), 12.0, 1e-9, "progress points of C");
}

#[test]
fn duplicate_policies() {
    // a1 is listed by A and C.
    for (policy, a_count, c_count) in [("both", "3", "1"), ("none", "2", "0")] {
        let w = WorkDir::new();
        let r = small_round(&w, policy, &roster_rows(true));
        let out = w.path("out");
        w.ok(&["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(
            audit_value(&out, "A", "above_scale", "derived"),
            a_count,
            "{policy}"
        );
        assert_eq!(
            audit_value(&out, "C", "above_scale", "derived"),
            c_count,
            "{policy}"
        );
        let dup = w.read("out/roster_duplicates.csv");
        assert!(
            dup.contains(&format!("{},A,a1,enterprises.csv,2,2,{policy}", REAL[0])),
            "{dup}"
        );
        assert!(
            dup.contains(&format!(
                "{},C,a1 again,enterprises.csv,9,2,{policy}",
                REAL[0]
            )),
            "{dup}"
        );
    }
    let w = WorkDir::new();
    let r = small_round(&w, "fail", &roster_rows(true));
    let out = w.path("out");
    let o = w.fails(
        &["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()],
        1,
    );
    assert!(
        o.all().contains("is claimed by 2 clusters: A (")
            && o.all().contains("duplicate policy is fail"),
        "{}",
        o.all()
    );
    assert!(
        !out.exists(),
        "nothing is written when the round is refused"
    );
}

#[test]
fn a_cluster_listing_an_enterprise_twice_counts_it_once() {
    let w = WorkDir::new();
    let mut rows = roster_rows(false);
    rows += &format!("{},a2 twice,A,50000,1000,5,是,0,1,是\n", REAL[1]);
    let r = small_round(&w, "both", &rows);
    let out = w.path("out");
    w.ok(&["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(audit_value(&out, "A", "above_scale", "derived"), "3");
    assert!(w
        .read("out/rejections.csv")
        .contains("enterprises.csv,9,同一集群重复填报"));
}

#[test]
fn bad_roster_cells_are_located_errors() {
    let w = WorkDir::new();
    let mut rows = roster_rows(false);
    rows += &format!("{},x,Z,100,,0,否,否,否,否\n", REAL[6]);
    rows += &format!("{},y,A,lots,,0,否,否,否,否\n", REAL[7]);
    rows += &format!("{},z,A,100,,0,maybe,否,否,否\n", REAL[8]);
    rows += &format!("{},w,A,-5,,0,否,否,否,否\n", REAL[9]);
    let r = small_round(&w, "both", &rows);
    let out = w.path("out");
    let o = w.fails(
        &["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()],
        1,
    );
    let all = o.all();
    for expected in [
        "enterprises.csv, row 9, column 集群编号, value \"Z\": unknown cluster",
        "enterprises.csv, row 10, column 营业收入（万元）, value \"lots\"",
        "enterprises.csv, row 11, column 规上企业, value \"maybe\": expected yes or no",
        "enterprises.csv, row 12, column 营业收入（万元）, value \"-5\": expected a number >= 0",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    assert!(!out.exists());
}

#[test]
fn a_roster_without_a_needed_column_is_refused() {
    let w = WorkDir::new();
    let rows = "统一社会信用代码,企业名称,集群编号,营业收入\n".to_string()
        + &format!("{},a1,A,100\n", REAL[0]);
    let r = small_round(&w, "both", &rows);
    let o = w.fails(&["check", r.to_str().unwrap()], 1);
    assert!(
        o.all().contains("the roster has no column above_scale"),
        "{}",
        o.all()
    );
}

#[test]
fn midterm_sample_shows_the_three_planted_faults() {
    let w = WorkDir::new();
    let dir = repo().join("sample_data/hebei-2024-midterm");
    let out = w.path("out");
    w.ok(&["run", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    // 12,769 rows read.
    let (_, clusters) = read_csv(&out.join("roster_clusters.csv"));
    let listed: usize = clusters
        .iter()
        .map(|r| r[2].parse::<usize>().unwrap())
        .sum();
    assert_eq!(listed, 12_769);
    // Two wrong check characters, HB03 and HB07.
    let (_, rej) = read_csv(&out.join("rejections.csv"));
    let bad: Vec<_> = rej.iter().filter(|r| r[2].contains("校验位错误")).collect();
    assert_eq!(bad.len(), 2);
    assert!(bad[0][3].ends_with(",HB03") && bad[1][3].ends_with(",HB07"));
    // One enterprise claimed by HB01 and HB02.
    let (_, dup) = read_csv(&out.join("roster_duplicates.csv"));
    assert_eq!(dup.len(), 2);
    assert_eq!((dup[0][1].as_str(), dup[1][1].as_str()), ("HB01", "HB02"));
    // HB06 declared 260 enterprises above designated size, its roster has 236.
    assert_eq!(audit_value(&out, "HB06", "above_scale", "declared"), "260");
    assert_eq!(audit_value(&out, "HB06", "above_scale", "derived"), "236");
    assert_eq!(
        audit_value(&out, "HB06", "above_scale", "within_tolerance"),
        "false"
    );
    let (_, audit) = read_csv(&out.join("roster_audit.csv"));
    assert_eq!(audit.iter().filter(|r| r[11] == "false").count(), 1);
    // All three are in the report too.
    let md = w.read("out/report.md");
    assert!(md.contains("## 企业名录核验\n"));
    assert!(md.contains("| HB06 | 规上企业数 | 260 | 236 |"), "{md}");
    assert!(md.contains("重复申报"));
    assert!(md.contains("## 中期进度\n"));
    let html = w.read("out/report.html");
    assert!(html.contains("企业名录核验") && html.contains("中期进度"));
}

#[test]
fn one_roster_file_per_cluster_csv_and_xlsx() {
    let w = WorkDir::new();
    let r = small_round(&w, "both", "");
    w.edit(
        "r/round.toml",
        "enterprises = \"enterprises.csv\"\n",
        "\n[inputs.rosters]\nA = \"a.csv\"\nB = \"b.xlsx\"\n",
    );
    // A without a cluster column; B as a workbook (English headers).
    let rows = roster_rows(false);
    let mut a = String::from("uscc,name,revenue [万元],rd_spending,patents,above_scale,little_giant,single_champion,listed\n");
    let mut b: Vec<Vec<String>> = Vec::new();
    for line in rows.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let mut kept: Vec<String> = c.iter().map(|s| s.to_string()).collect();
        kept.remove(2);
        if c[2] == "A" {
            a += &(kept.join(",") + "\n");
        } else {
            b.push(kept);
        }
    }
    w.write("r/a.csv", a);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let head = [
        "uscc",
        "name",
        "revenue",
        "rd_spending",
        "patents",
        "above_scale",
        "little_giant",
        "single_champion",
        "listed",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, row) in b.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(x) => ws.write_number(i as u32 + 1, c as u16, x).unwrap(),
                Err(_) => ws.write_string(i as u32 + 1, c as u16, v).unwrap(),
            };
        }
    }
    wb.save(w.path("r/b.xlsx")).unwrap();
    let out = w.path("out");
    w.ok(&["run", r.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    // The same figures as from the single file (see the hand computation above).
    for (c, f, v) in [
        ("A", "above_scale", "3"),
        ("A", "patents", "17"),
        ("A", "rd_intensity", "2"),
        ("B", "above_scale", "2"),
        ("B", "champions", "2"),
        ("B", "rd_intensity", "1"),
    ] {
        assert_eq!(audit_value(&out, c, f, "derived"), v, "{c} {f}");
    }
    let rej = w.read("out/rejections.csv");
    assert!(rej.contains("b.xlsx,4,"), "{rej}");
}

/// Every file `cluster-eval <args>` writes into `out`, read with the
/// roster in chunks of `chunk` bytes (`CLUSTER_EVAL_ROSTER_CHUNK`), or the
/// default chunk size.
fn outputs(w: &WorkDir, args: &[&str], out: &str, chunk: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cluster-eval"));
    cmd.args(args)
        .arg("--out")
        .arg(w.path(out))
        .current_dir(w.path(""));
    match chunk {
        Some(c) => cmd.env("CLUSTER_EVAL_ROSTER_CHUNK", c),
        None => cmd.env_remove("CLUSTER_EVAL_ROSTER_CHUNK"),
    };
    crate::workdir::ok_command(&mut cmd);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut dirs = vec![w.path(out)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                let name = p.strip_prefix(w.path(out)).unwrap().display().to_string();
                files.push((name, std::fs::read(&p).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn outputs_do_not_depend_on_the_chunk_size() {
    // Repeats within a cluster, claims by two clusters (policy none: taken
    // out of both), a bad code, decimals whose sums are exact only when
    // added exactly, and a quoted cell with a comma.
    let mut rows = roster_rows(true);
    rows += &format!("{},a2 twice,A,50000.1,1000.3,5,是,0,1,是\n", REAL[1]);
    rows += &format!("\"{}\",\"b3, ltd\",B,0.1,0.2,1,Y,N,N,N\n", REAL[9]);
    rows += &format!("{},b4,B,0.7,1e-9,2,Y,Y,N,N\n", REAL[10]);
    rows += &format!("{},c2,C,123456.789,0.3,3,是,是,是,否\n", REAL[11]);
    rows += &format!("{},b4 again,C,0.7,1e-9,2,Y,Y,N,N\n", REAL[10]);
    for policy in ["none", "both"] {
        let w = WorkDir::new();
        let r = small_round(&w, policy, &rows);
        let r = r.to_str().unwrap();
        for command in ["roster", "run"] {
            let whole = outputs(&w, &[command, r], "whole", None);
            assert!(whole.len() > 3, "{command}: {:?}", whole.len());
            for chunk in ["1", "40", "333"] {
                let out = format!("chunk{chunk}");
                let chunked = outputs(&w, &[command, r], &out, Some(chunk));
                let names = |f: &[(String, Vec<u8>)]| -> Vec<String> {
                    f.iter().map(|(n, _)| n.clone()).collect()
                };
                assert_eq!(names(&whole), names(&chunked), "{command} {chunk}");
                for ((name, a), (_, b)) in whole.iter().zip(&chunked) {
                    assert!(
                        a == b,
                        "{policy} {command}: {name} differs with chunks of {chunk} bytes"
                    );
                }
                std::fs::remove_dir_all(w.path(&out)).unwrap();
            }
            std::fs::remove_dir_all(w.path("whole")).unwrap();
        }
    }
}
