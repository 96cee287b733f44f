//! The method comparison and the robustness analysis (Monte Carlo,
//! Sobol): nominal reproduction, thread independence, agreement with SALib
//! 1.6.0 (committed numbers, re-checked when SALib is installed), located
//! errors.

use crate::peers::peer_json;
use crate::tolerance::close;
use crate::workdir::{col, read_csv, repo, WorkDir};
use cluster_eval::diag::Diagnostics;
use cluster_eval::ingest::Round;
use cluster_eval::rank::model::Aggregation;
use cluster_eval::robust::config::{Config, Factor, Imputation, Normalisation};
use cluster_eval::robust::{self, sobol};
use cluster_eval::{pipeline, rank, score, weighting};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Every choice declared uncertain but with only its nominal value.
fn nominal_config(select: usize) -> Config {
    Config {
        replications: 200,
        seed: 99,
        select: Some(select),
        sobol_base: 32,
        bootstrap: 20,
        geometric_floor: 0.01,
        pairwise: None,
        factors: vec![
            Factor::Weights {
                range: 0.0,
                normal: false,
            },
            Factor::Normalisation(vec![Normalisation::Declared]),
            Factor::Imputation(vec![Imputation::Declared]),
            Factor::Aggregation(vec![Aggregation::Arithmetic]),
            Factor::Exclusion(vec![None]),
        ],
    }
}

#[test]
fn nominal_choices_reproduce_the_official_ranking_exactly() {
    for name in ["hebei-2024-midterm", "hebei-2022-competition", "asem"] {
        let dir = repo().join("sample_data").join(name);
        let mut d = Diagnostics::default();
        let loaded = pipeline::load(&dir, None, &mut d);
        let round = loaded
            .unwrap_or_else(|| panic!("{name}: {:?}", d.items))
            .round;
        let excluded = vec![false; round.registry.len()];
        let framework = weighting::resolve_objective(&round, &excluded).unwrap();
        let round = Round { framework, ..round };
        let scored = score::score_cohort(&round, &excluded).unwrap();
        let n = scored.scores.clusters;
        let (ids, _) = scored.labels(&round);
        let names = vec![(String::new(), String::new()); n];
        let standings = rank::rank(&round.framework, &scored, &ids);
        let config = nominal_config(5);
        // One replication: totals bit for bit, ranks and grades equal.
        let p = robust::Prepared::new(&round.framework, &scored, &standings, &config);
        let mut work = p.model.work();
        p.replicate(&[0.3, 0.7, 0.1, 0.9, 0.5], &mut work);
        for s in &standings {
            let i = s.cluster;
            assert_eq!(
                work.totals[i].to_bits(),
                scored.scores.total(i).to_bits(),
                "{name} {}",
                ids[i]
            );
            assert_eq!(work.ranks[i] as usize, s.rank, "{name} {}", ids[i]);
            let g = s.grade.unwrap_or(round.framework.grades.len());
            assert_eq!(work.grades[i] as usize, g, "{name} {}", ids[i]);
        }
        // The whole analysis: every interval collapses onto the official
        // rank, probabilities are 0 or 1, the output never varies.
        let r = robust::analyse(
            &round.framework,
            &scored,
            &standings,
            &ids,
            &names,
            &config,
            5,
            &robust::progress::Silent,
        );
        assert_eq!(r.mean_rank_shift, 0.0);
        for c in &r.clusters {
            assert_eq!(
                (c.median_rank, c.p05_rank, c.p95_rank),
                (
                    c.nominal_rank as u32,
                    c.nominal_rank as u32,
                    c.nominal_rank as u32
                ),
                "{name} {}",
                c.cluster_id
            );
            assert_eq!(c.mean_rank, c.nominal_rank as f64);
            assert_eq!(c.p_selected, if c.nominal_rank <= 5 { 1.0 } else { 0.0 });
            assert!(c.p_grade.iter().all(|&p| p == 0.0 || p == 1.0));
        }
        for f in &r.factors {
            assert_eq!((f.first.value, f.total.value), (0.0, 0.0), "{name}");
        }
    }
}

#[test]
fn sensitivity_command_nominal_config_matches_run() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.write(
        "nominal.toml",
        "[robustness]\nreplications = 300\nselect = 4\nsobol_base = 16\n\n[[robustness.uncertain]]\nchoice = \"weights\"\nrange = 0\n\n[[robustness.uncertain]]\nchoice = \"exclusion\"\nindicators = []\n\n[[robustness.uncertain]]\nchoice = \"normalisation\"\noptions = [\"declared\"]\n",
    );
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    w.ok(&[
        "sensitivity",
        round.to_str().unwrap(),
        "--config",
        "nominal.toml",
        "--out",
        "sens",
        "--quiet",
    ]);
    let (h, ranking) = read_csv(&w.path("out/ranking.csv"));
    let official: BTreeMap<String, String> = ranking
        .iter()
        .map(|r| (r[col(&h, "cluster_id")].clone(), r[col(&h, "rank")].clone()))
        .collect();
    let (h, rows) = read_csv(&w.path("sens/robustness.csv"));
    assert_eq!(rows.len(), official.len());
    for r in &rows {
        let id = &r[col(&h, "cluster_id")];
        for c in ["nominal_rank", "median_rank", "p05_rank", "p95_rank"] {
            assert_eq!(&r[col(&h, c)], &official[id], "{id} {c}");
        }
    }
}

#[test]
fn same_seed_same_outputs_on_any_number_of_threads() {
    let w = WorkDir::new();
    let asem = repo().join("sample_data/asem");
    let args = |threads: &str, out: &str, seed: &str| {
        vec![
            "sensitivity".to_string(),
            asem.display().to_string(),
            "--replications".into(),
            "1500".into(),
            "--sobol-base".into(),
            "64".into(),
            "--bootstrap".into(),
            "100".into(),
            "--seed".into(),
            seed.into(),
            "--threads".into(),
            threads.into(),
            "--out".into(),
            out.into(),
            "--quiet".into(),
        ]
    };
    for (t, out, seed) in [("1", "t1", "5"), ("4", "t4", "5"), ("2", "s6", "6")] {
        let a: Vec<String> = args(t, out, seed);
        let a: Vec<&str> = a.iter().map(|s| s.as_str()).collect();
        let r = w.ok(&a);
        assert!(r.stderr.contains(&format!("({t} threads)")), "{}", r.stderr);
    }
    for f in [
        "robustness.csv",
        "sensitivity.csv",
        "robustness.json",
        "robustness.html",
        "methods.csv",
        "weights.csv",
    ] {
        assert_eq!(
            std::fs::read(w.path(&format!("t1/{f}"))).unwrap(),
            std::fs::read(w.path(&format!("t4/{f}"))).unwrap(),
            "{f} differs between 1 and 4 threads"
        );
    }
    // Another seed draws other replications.
    assert_ne!(w.read("t1/robustness.csv"), w.read("s6/robustness.csv"));
}

#[test]
fn asem_analysis_outputs_are_consistent() {
    let w = WorkDir::new();
    let asem = repo().join("sample_data/asem");
    let r = w.ok(&[
        "sensitivity",
        asem.to_str().unwrap(),
        "--replications",
        "2000",
        "--sobol-base",
        "256",
        "--bootstrap",
        "200",
        "--out",
        "sens",
        "--lang",
        "en",
        "--quiet",
    ]);
    assert!(r
        .stdout
        .contains("2000 Monte Carlo replications, 1536 Sobol runs"));
    let (h, rows) = read_csv(&w.path("sens/robustness.csv"));
    assert_eq!(rows.len(), 51);
    let get = |r: &Vec<String>, c: &str| r[col(&h, c)].parse::<f64>().unwrap();
    let mut selected = 0.0;
    for r in &rows {
        assert!(get(r, "p05_rank") <= get(r, "median_rank"));
        assert!(get(r, "median_rank") <= get(r, "p95_rank"));
        assert!((1.0..=51.0).contains(&get(r, "p05_rank")));
        let p = get(r, "p_selected");
        assert!((0.0..=1.0).contains(&p));
        selected += p;
        // ASEM has no grades: always "none".
        assert_eq!(get(r, "p_grade_none"), 1.0);
    }
    // Exactly 10 clusters are selected in each replication, unless ties
    // at place 10 let more in.
    assert!((10.0..10.5).contains(&selected), "{selected}");
    // The official leader is CHE; it stays in the top 10 throughout.
    assert_eq!(rows[0][col(&h, "cluster_id")], "CHE");
    assert_eq!(get(&rows[0], "p_selected"), 1.0);
    let (h, sens) = read_csv(&w.path("sens/sensitivity.csv"));
    let choices: Vec<&str> = sens.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        choices,
        ["weights", "normalisation", "imputation", "aggregation"]
    );
    for r in &sens {
        let v = |c: &str| r[col(&h, c)].parse::<f64>().unwrap();
        assert!(v("total_low") <= v("total") && v("total") <= v("total_high"));
        assert!(v("total") >= 0.0);
    }
    let html = w.read("sens/robustness.html");
    assert!(html.contains("Rank intervals") && html.contains("class=\"interval\""));
    assert!(html.contains("Sensitivity indices (Sobol)"));
    assert_eq!(html.matches("class=\"interval\"").count(), 51);
}

#[test]
fn run_adds_the_robustness_section_when_declared() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    for f in [
        "weights.csv",
        "methods.csv",
        "method_agreement.csv",
        "robustness.csv",
        "sensitivity.csv",
    ] {
        assert!(w.path(&format!("out/{f}")).exists(), "{f}");
    }
    let html = w.read("out/report.html");
    assert!(html.contains("id=\"robustness\"") && html.contains("id=\"methods\""));
    let (h, rows) = read_csv(&w.path("out/method_agreement.csv"));
    assert_eq!(rows.len(), 5);
    for r in &rows {
        let s: f64 = r[col(&h, "spearman")].parse().unwrap();
        let k: f64 = r[col(&h, "kendall_tau_b")].parse().unwrap();
        assert!((-1.0..=1.0).contains(&s) && (-1.0..=1.0).contains(&k));
    }
    // Without [robustness], no robustness outputs (and a stale one goes).
    w.edit("round/round.toml", "[robustness]", "[not_robustness]");
    let text = w.read("round/round.toml");
    w.write(
        "round/round.toml",
        text.split("[not_robustness]").next().unwrap(),
    );
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    assert!(!w.path("out/robustness.csv").exists());
    assert!(w.path("out/methods.csv").exists());
}

/// The Ishigami function on cluster-eval's Sobol design (base 2048, 3
/// factors, seed 11): the design and its outputs, one per run.
fn ishigami() -> (sobol::Design, Vec<f64>) {
    let design = sobol::Design::new(2048, 3, 11);
    let pi = std::f64::consts::PI;
    let mut x = [0.0; 3];
    let y = (0..design.runs())
        .map(|t| {
            design.point(t, &mut x);
            let z: Vec<f64> = x.iter().map(|u| -pi + 2.0 * pi * u).collect();
            z[0].sin() + 7.0 * z[1].sin().powi(2) + 0.1 * z[2].powi(4) * z[0].sin()
        })
        .collect();
    (design, y)
}

#[test]
fn sobol_indices_agree_with_salib_on_the_same_design() {
    let (design, y) = ishigami();
    let ours = sobol::analyse(&design, &y, 400, 3);
    // SALib's indices on these outputs: tests/reference/sobol_salib_expected.json
    // (SALib 1.6.0), made from the outputs whose SHA-256 it records.
    let text: String = y.iter().map(|v| format!("{v:e}\n")).collect();
    let digest = format!("{:x}", Sha256::digest(text.as_bytes()));
    let w = WorkDir::new();
    w.write("y.txt", &text);
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/reference/sobol_salib_expected.json")).unwrap(),
    )
    .unwrap();
    if committed["y_sha256"] != digest.as_str() {
        let keep = repo().join("target/reference/sobol_ishigami_y.txt");
        std::fs::create_dir_all(keep.parent().unwrap()).unwrap();
        std::fs::write(&keep, &text).unwrap();
        panic!(
            "the design's outputs changed (SHA-256 {digest}, committed {}): the committed SALib numbers are for other outputs; they are in {} now, regenerate as tests/reference/sobol_salib.py says",
            committed["y_sha256"],
            keep.display()
        );
    }
    let y_file = w.path("y.txt");
    let salib = peer_json(
        "sobol_salib_expected.json",
        "SALib",
        "sobol_salib.py",
        &[y_file.to_str().unwrap(), "3"],
    );
    let arr = |k: &str| -> Vec<f64> {
        salib[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let (s1, s1c, st) = (arr("S1"), arr("S1_conf"), arr("ST"));
    for i in 0..3 {
        // Total: the same (Jansen) estimator on the same outputs.
        close(
            ours[i].total.value,
            st[i],
            1e-9,
            format_args!("ST{i} vs SALib"),
        );
        // First order: another estimator (Saltelli 2010 in SALib, Jansen
        // here) of the same quantity: within the sampling error.
        let se = ((ours[i].first.high - ours[i].first.low) / 3.92).max(s1c[i] / 1.96);
        close(
            ours[i].first.value,
            s1[i],
            3.0 * se,
            format_args!("S1{i} {:?} vs SALib ± {}", ours[i].first, s1c[i]),
        );
    }
}

#[test]
fn bad_robustness_settings_are_located_errors() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.edit(
        "round/round.toml",
        "choice = \"exclusion\"",
        "choice = \"exclude\"",
    );
    w.edit(
        "round/round.toml",
        "options = [\"declared\", \"zscore\", \"rank\"]",
        "options = [\"declared\", \"z\"]",
    );
    let r = w.fails(
        &["sensitivity", round.to_str().unwrap(), "--out", "sens"],
        1,
    );
    let all = r.all();
    assert!(all.contains("round.toml"), "{all}");
    assert!(
        all.contains("robustness.uncertain[2].choice") && all.contains("exclude"),
        "{all}"
    );
    assert!(all.contains("robustness.uncertain[3].options"), "{all}");
    assert!(!w.path("sens").exists());
    // No [robustness] at all: sensitivity says what to add.
    let text = w.read("round/round.toml");
    w.write(
        "round/round.toml",
        text.split("[robustness]").next().unwrap(),
    );
    let r = w.fails(
        &["sensitivity", round.to_str().unwrap(), "--out", "sens"],
        1,
    );
    assert!(r.all().contains("no [robustness] section"), "{}", r.all());
}

#[test]
fn perturbed_weights_keep_every_node_whole() {
    // Random multipliers, a third of them zero (as normal draws below 0
    // are), with and without an indicator left out: every node's points are
    // its children's sum, the total stays whole, a node whose children all
    // drew zero drops out and its siblings share its part.
    let dir = repo().join("sample_data/hebei-2024-midterm");
    let round = pipeline::load(&dir, None, &mut Diagnostics::default())
        .unwrap()
        .round;
    let excluded = vec![false; round.registry.len()];
    let scored = score::score_cohort(&round, &excluded).unwrap();
    let (ids, _) = scored.labels(&round);
    let standings = rank::rank(&round.framework, &scored, &ids);
    let p = robust::Prepared::new(&round.framework, &scored, &standings, &nominal_config(3));
    let fw = &round.framework;
    let mut work = p.model.work();
    let mut rng = cluster_eval::rng::Rng::new(4);
    let mut dropped = 0;
    for trial in 0..400 {
        let leave_out = (trial % 3 == 0).then(|| rng.below(fw.indicators.len() as u64) as usize);
        p.model.weights_into(
            || {
                if rng.chance(0.35) {
                    -0.5
                } else {
                    rng.uniform() * 2.0
                }
            },
            leave_out,
            &mut work,
        );
        let w = work.weights.as_ref().unwrap();
        let sum: f64 = w.indicator.iter().sum();
        close(sum, fw.total_points, 1e-9, format_args!("trial {trial}"));
        for (k, node) in fw.nodes.iter().enumerate() {
            let kids: f64 = node
                .child_indicators
                .iter()
                .map(|&j| w.indicator[j])
                .sum::<f64>()
                + node.child_nodes.iter().map(|&c| w.node[c]).sum::<f64>();
            close(
                kids,
                w.node[k],
                1e-9,
                format_args!("trial {trial} node {}", node.id),
            );
            if w.node[k] == 0.0 && k > 0 {
                dropped += 1;
            }
        }
        if let Some(x) = leave_out {
            assert_eq!(w.indicator[x], 0.0);
        }
    }
    assert!(dropped > 0, "some node should have drawn all zeros");
}

#[test]
fn command_line_overrides_are_checked() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    let r = w.fails(
        &[
            "sensitivity",
            round.to_str().unwrap(),
            "--replications",
            "0",
            "--sobol-base",
            "1",
            "--out",
            "sens",
        ],
        1,
    );
    let all = r.all();
    assert!(
        all.contains("--replications") && all.contains("--sobol-base"),
        "{all}"
    );
    assert!(!w.path("sens").exists());
}
