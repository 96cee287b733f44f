//! `check`: every problem listed, located, exit non-zero; nothing written.

use crate::workdir::{repo, WorkDir};

#[test]
fn sample_rounds_are_valid() {
    let w = WorkDir::new();
    for name in ["hebei-2024-midterm", "hebei-2022-competition"] {
        let dir = repo().join("sample_data").join(name);
        let out = w.ok(&["check", dir.to_str().unwrap(), "--lang", "en"]);
        assert!(out.stdout.contains(" is valid ("), "{}", out.stdout);
        let out = w.ok(&["check", dir.to_str().unwrap()]);
        assert!(out.stdout.contains(" is valid ("), "{}", out.stdout);
        let out = w.ok(&["check", dir.to_str().unwrap(), "--lang", "zh"]);
        let last = out.stdout.lines().last().unwrap_or("");
        assert!(
            last.starts_with("通过：") && last.contains(" 有效（"),
            "{last}"
        );
        assert!(last.ends_with(" 条警告）"), "{last}");
    }
}

#[test]
fn no_argument_checks_the_bundled_sample() {
    let w = WorkDir::new();
    let out = w.ok(&["check", "--lang", "en"]);
    assert!(
        out.stdout.contains("hebei-2024-midterm is valid"),
        "{}",
        out.stdout
    );
}

/// Build a copy of the mid-term sample round with ten different faults.
fn ten_faults(w: &WorkDir) {
    w.sample_round("hebei-2024-midterm");
    let f = "round/indicators.csv";
    // 1. bad number (row 9)
    w.edit(f, "HB01,listed,2023,13,家", "HB01,listed,2023,12.3.4,家");
    // 2. text in a numeric cell (row 120)
    w.edit(f, "HB04,listed,2023,13,家", "HB04,listed,2023,约十家,家");
    // 3. negative count (row 43)
    w.edit(
        f,
        "HB02,above_scale,2023,855,家",
        "HB02,above_scale,2023,-855,家",
    );
    // 4. wrong unit (row 77)
    w.edit(
        f,
        "HB03,revenue,2023,534.09,亿元",
        "HB03,revenue,2023,534.09,吨",
    );
    // 5. unknown indicator, 6. unknown cluster, 7. duplicate entry (rows 409-411)
    let mut s = w.read(f);
    s.push_str(
        "HB01,robots_per_worker,2023,5,台\nHB99,listed,2023,3,家\nHB05,profit_margin,2023,9.5,%\n",
    );
    w.write(f, s);
    // 8. GBK-encoded registry and 9. a missing required column (city)
    let clusters = w.read("round/clusters.csv");
    let without_city: String = clusters
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(3);
            cells.join(",") + "\n"
        })
        .collect();
    let (gbk, _, _) = encoding_rs::GBK.encode(&without_city);
    w.write("round/clusters.csv", gbk.as_ref());
    // 10. framework points that do not add up (revenue_cagr 6 -> 7)
    w.edit(
        "round/framework.toml",
        "points = 6\nrule = \"growth\"",
        "points = 7\nrule = \"growth\"",
    );
}

#[test]
fn ten_faults_are_all_listed_located() {
    let w = WorkDir::new();
    ten_faults(&w);
    let out = w.fails(&["check", "round"], 1);
    let expected = [
        "error: round/indicators.csv, row 9, column value, value \"12.3.4\": not a well-formed number (expected e.g. 1234.5, 1,234.5 or 12.5%) [field listed]",
        "error: round/indicators.csv, row 120, column value, value \"约十家\": text where a number was expected (write the number, or leave the cell blank / \"—\" for no data) [field listed]",
        "error: round/indicators.csv, row 43, column value, value \"-855\": negative count: field above_scale (规上企业数) counts things and cannot be below 0",
        "error: round/indicators.csv, row 77, column value, value \"534.09\": wrong unit \"吨\": cannot be converted to \"亿元\", the unit of field revenue (主导产业营业收入)",
        "error: round/indicators.csv, row 409, column indicator, value \"robots_per_worker\": unknown indicator: no field of the framework has this id or name",
        "error: round/indicators.csv, row 410, column cluster_id, value \"HB99\": unknown cluster: not in the registry (clusters file); did you mean HB09?",
        "error: round/indicators.csv, row 411, column value, value \"9.5\": HB05 profit_margin 2023 is given twice: round/indicators.csv row 158 and row 411 (values 9.1 and 9.5)",
        "warning: round/clusters.csv: encoding: the file is not UTF-8; it was read as GB18030 (GBK). Save it as UTF-8 to be sure of the characters",
        "error: round/clusters.csv, row 1, column city (城市): missing required column city (城市); found: cluster_id, name_zh, name_en, track, promotion_org",
        "error: round/framework.toml, column node[1].points, value \"35\": points do not add up: the children of industrial add up to 36 but it has 35",
    ];
    for e in expected {
        assert!(
            out.stdout.lines().any(|l| l == e),
            "missing line:\n{e}\n--- got:\n{}",
            out.stdout
        );
    }
    // One language at a time: English by default, the same as --lang en;
    // with --lang zh the count line and the warning are in Chinese.
    assert!(
        out.stdout.ends_with("9 error(s), 1 warning(s) in round\n"),
        "{}",
        out.stdout
    );
    let en = w.fails(&["check", "round", "--lang", "en"], 1);
    assert_eq!(en.stdout, out.stdout);
    let zh = w.fails(&["check", "round", "--lang", "zh"], 1);
    assert!(
        zh.stdout.ends_with("9 个错误，1 条警告（round）\n"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stdout
            .lines()
            .any(|l| l.starts_with("警告：round/clusters.csv")),
        "{}",
        zh.stdout
    );
}

#[test]
fn ten_faults_json_lists_the_same() {
    let w = WorkDir::new();
    ten_faults(&w);
    let out = w.fails(&["check", "round", "--format", "json"], 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 9);
    assert_eq!(v["warnings"], 1);
    let dup = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or("")
                .contains("is given twice")
        })
        .expect("duplicate listed");
    assert_eq!(dup["row"], 411);
    assert_eq!(dup["column"], "value");
    assert_eq!(dup["file"], "round/indicators.csv");
}

#[test]
fn run_refuses_the_faulty_round_and_writes_nothing() {
    let w = WorkDir::new();
    ten_faults(&w);
    let out = w.fails(&["run", "round", "--out", "out"], 1);
    assert!(
        out.stderr
            .contains("refused: 9 error(s), 1 warning(s); nothing was written"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("row 411"), "{}", out.stderr);
    assert!(!w.path("out").exists(), "no output folder may be created");
}

#[test]
fn inputs_are_never_modified() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let snapshot = || -> Vec<Vec<u8>> {
        [
            "round.toml",
            "clusters.csv",
            "indicators.csv",
            "framework.toml",
        ]
        .iter()
        .map(|f| std::fs::read(w.path("round").join(f)).unwrap())
        .collect()
    };
    let before = snapshot();
    w.ok(&["check", "round"]);
    w.ok(&["run", "round", "--out", "out"]);
    let after = snapshot();
    assert_eq!(before, after);
}

#[test]
fn framework_problems_are_all_listed_with_key_paths() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let fw = "round/framework.toml";
    // duplicate id, unknown rule, missing parameter, dangling parent, cycle
    w.edit(
        fw,
        "id = \"listed\"\nparent = \"industrial\"",
        "id = \"above_scale\"\nparent = \"industrial\"",
    );
    w.edit(fw, "rule = \"expert\"", "rule = \"experts\"");
    w.edit(
        fw,
        "id = \"fdi\"\nparent = \"openness\"",
        "id = \"fdi\"\nparent = \"nowhere\"",
    );
    w.edit(
        fw,
        "id = \"rd\"\nparent = \"innovation\"",
        "id = \"rd\"\nparent = \"rd2\"",
    );
    let mut s = w.read(fw);
    s.push_str(
        "\n[[node]]\nid = \"rd2\"\nparent = \"rd\"\nname_zh = \"x\"\nname_en = \"x\"\npoints = 1\n",
    );
    s.push_str("\n[[indicator]]\nid = \"gp\"\nparent = \"industrial\"\nfield = \"listed\"\nname_zh = \"x\"\nname_en = \"x\"\npoints = 0\nrule = \"goalpost\"\nlo = 5\n");
    w.write(fw, s);
    let out = w.fails(&["check", "round"], 1);
    for e in [
        "error: round/framework.toml, column indicator[7].id, value \"above_scale\": duplicate id: already used by indicator[5]",
        "error: round/framework.toml, column indicator[22].rule, value \"experts\": unknown rule; expected minmax, zscore, goalpost, rank, rank_min, borda, prank, scaled, fracmax, dist2max, dist2ref, dist2targ, target, progress, growth, bands, weighted_count or expert; did you mean expert?",
        "error: round/framework.toml, column indicator[27].parent, value \"nowhere\": dangling parent: no node has this id",
        "error: round/framework.toml, column node[5].parent, value \"rd2\": cycle in the hierarchy: this node is its own ancestor",
    ] {
        assert!(out.stdout.lines().any(|l| l == e), "missing line:\n{e}\n--- got:\n{}", out.stdout);
    }
}

#[test]
fn framework_missing_parameter_and_unknown_key() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    let fw = "round/framework.toml";
    let mut s = w.read(fw);
    s.push_str("\n[[indicator]]\nid = \"gp\"\nparent = \"industrial\"\nfield = \"listed\"\nname_zh = \"x\"\nname_en = \"x\"\npoints = 0\nrule = \"goalpost\"\nlo = 5\nweigth = 2\n");
    w.write(fw, s);
    let out = w.fails(&["check", "round"], 1);
    for e in [
        "error: round/framework.toml, column indicator[31].lo: rule goalpost needs parameters `lo` and `hi`",
        "error: round/framework.toml, column indicator[31].weigth: unknown key; expected one of: id, parent, name_zh, name_en, field, per, unit_en, points, weight, direction, rule, transforms, missing, group, lo, hi, floor, full, at_floor, target, bands, below, terms, scale, z_transform, z_clip, max, range, treat, ties, reference, cap_max, goalposts_in",
    ] {
        assert!(out.stdout.lines().any(|l| l == e), "missing line:\n{e}\n--- got:\n{}", out.stdout);
    }
}
