//! PCA and optimised weightings that cannot be made: located errors with
//! the key path and the child, settings another method ignores, and an
//! optimisation that stops before converging (a warning, never silence).

use super::{num, tiny_round, weights};
use crate::workdir::WorkDir;

const ROWS: &str = "u1,U1,2018,0,0,3\nu2,U2,2018,0,1,1\nu3,U3,2018,1,2,0\nu4,U4,2018,1,3,2\n";

const NODES: &str = "\n[[node]]\nid = \"d1\"\nname_zh = \"一\"\nname_en = \"one\"\naggregation = \"mean\"\n\n[[node]]\nid = \"d2\"\nname_zh = \"二\"\nname_en = \"two\"\naggregation = \"mean\"\n";

/// `check r` fails and prints each of `lines`.
#[track_caller]
fn check_fails_with(w: &WorkDir, lines: &[&str]) {
    let out = w.run(&["check", "r"]);
    assert_eq!(out.code, 1, "{}", out.all());
    for l in lines {
        assert!(
            out.stdout.lines().any(|x| x == *l),
            "missing line:\n{l}\n--- got:\n{}",
            out.stdout
        );
    }
}

#[test]
fn a_node_with_one_child_is_a_located_error() {
    for method in ["pca", "optimised"] {
        let w = WorkDir::new();
        tiny_round(
            &w,
            &[("A", "d1"), ("B", "d2"), ("C", "d2")],
            ROWS,
            &format!("{NODES}\n[[weighting]]\nnode = \"d1\"\nmethod = \"{method}\"\n"),
        );
        check_fails_with(
            &w,
            &[&format!("error: r/fw.toml, column weighting[1].node, value \"d1\": method = \"{method}\" weighs a node's children against each other, and d1 has 1 child: nothing to weigh (give it a second child or remove this [[weighting]])")],
        );
    }
}

#[test]
fn a_constant_child_is_a_located_error() {
    // B is 4 for every cluster: no correlation to weigh it by.
    let rows = "u1,U1,2018,0,4,3\nu2,U2,2018,1,4,1\nu3,U3,2018,2,4,0\n";
    for (method, label) in [("pca", "PCA"), ("optimised", "optimised")] {
        let w = WorkDir::new();
        tiny_round(
            &w,
            &[("A", ""), ("B", ""), ("C", "")],
            rows,
            &format!("\n[[weighting]]\nnode = \"total\"\nmethod = \"{method}\"\n"),
        );
        let out = w.fails(&["run", "r", "--out", "out"], 1);
        let line = format!("error: r/fw.toml, column weighting[1].method, value \"B\": {label} weights of total: the score of B is the same for every scored cluster, so it has no correlation to weigh it by; give total another method");
        assert!(
            out.all().lines().any(|l| l == line),
            "missing:\n{line}\n--- got:\n{}",
            out.all()
        );
        assert!(!w.path("out/weights.csv").exists(), "nothing written");
    }
}

#[test]
fn bad_settings_are_located_errors() {
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", ""), ("B", ""), ("C", "")],
        ROWS,
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"pca\"\npca = \"cubed\"\n\n[[node]]\nid = \"d1\"\nname_zh = \"一\"\nname_en = \"one\"\n",
    );
    check_fails_with(
        &w,
        &["error: r/fw.toml, column weighting[1].pca, value \"cubed\": expected loadings (the first component's loadings, normalised to add up to 1) or squared (the squared loadings)"],
    );
    for (setting, line) in [
        ("target = [1, 2]", "error: r/fw.toml, column weighting[1].target: 2 numbers for 3 children: give one per child, in the order of the children (`order`, or the file's)"),
        ("target = [1, -2, 1]", "error: r/fw.toml, column weighting[1].target[2], value \"-2\": expected a positive number (a relative target)"),
        ("target = \"fair\"", "error: r/fw.toml, column weighting[1].target, value \"\\\"fair\\\"\": expected \"equal\" or a list of positive numbers, one per child in the order of the children"),
        ("against = \"world\"", "error: r/fw.toml, column weighting[1].against, value \"world\": expected index (the total) or parent (the weighted node)"),
        ("tolerance = 0", "error: r/fw.toml, column weighting[1].tolerance, value \"0\": expected the optimiser's relative tolerance, above 0 and below 1 (default 0.1)"),
        ("max_iterations = 0", "error: r/fw.toml, column weighting[1].max_iterations, value \"0\": expected the most evaluations of the objective, from 1 to 100000 (default 500)"),
        ("method = \"pcb\"", "error: r/fw.toml, column weighting[1].method, value \"pcb\": expected entropy, critic, ahp, combined, pca or optimised"),
    ] {
        let w = WorkDir::new();
        let method = if setting.starts_with("method") {
            String::new()
        } else {
            "method = \"optimised\"\n".to_string()
        };
        tiny_round(
            &w,
            &[("A", ""), ("B", ""), ("C", "")],
            ROWS,
            &format!("\n[[weighting]]\nnode = \"total\"\n{method}{setting}\n"),
        );
        check_fails_with(&w, &[line]);
    }
}

#[test]
fn settings_another_method_ignores_are_warned() {
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", ""), ("B", ""), ("C", "")],
        ROWS,
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"entropy\"\npca = \"squared\"\ntarget = \"equal\"\n",
    );
    let out = w.ok(&["check", "r"]);
    for l in [
        "fw.toml, column weighting[1].pca: only method = \"pca\" reads pca; ignored",
        "fw.toml, column weighting[1].target: only method = \"optimised\" reads target; ignored",
    ] {
        assert!(
            out.stdout
                .lines()
                .any(|x| x.starts_with("warning: ") && x.ends_with(l)),
            "missing:\n{l}\n--- got:\n{}",
            out.stdout
        );
    }
}

#[test]
fn an_optimisation_that_stops_early_is_a_warning() {
    // Three evaluations cannot converge at tolerance 1e-12: the weights are
    // the best found, and the run says so.
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", ""), ("B", "")],
        "u1,U1,2018,0,0\nu2,U2,2018,0,1\nu3,U3,2018,1,2\nu4,U4,2018,1,3\n",
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"optimised\"\ntolerance = 1e-12\nmax_iterations = 3\n",
    );
    w.ok(&["run", "r", "--out", "out"]);
    let t = weights(&w, "out");
    assert_eq!(num(&t, "total", "A", "convergence"), 1.0);
    let evaluations = num(&t, "total", "A", "evaluations");
    assert!(evaluations > 3.0, "{evaluations}");
    let objective = num(&t, "total", "A", "objective_value");
    let json: serde_json::Value = serde_json::from_str(&w.read("out/scores.json")).unwrap();
    let warned = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["column"] == "weighting[1].max_iterations")
        .unwrap_or_else(|| panic!("no warning in {}", json["diagnostics"]));
    assert_eq!(warned["severity"], "warning");
    assert_eq!(
        warned["message"],
        format!("optimised weights of total did not converge (it reached max_iterations = 3); the weights are the best found (objective {objective:.6}); raise max_iterations or tolerance")
    );
    assert!(
        w.read("out/report.md").contains("max_iterations = 3"),
        "the report says it"
    );
}

#[test]
fn optimised_below_a_data_driven_node_warns_about_the_index() {
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", "d1"), ("B", "d1"), ("C", "d2")],
        ROWS,
        &format!("{NODES}\n[[weighting]]\nnode = \"total\"\nmethod = \"entropy\"\n\n[[weighting]]\nnode = \"d1\"\nmethod = \"optimised\"\n"),
    );
    let out = w.ok(&["check", "r"]);
    let l = "fw.toml, column weighting[2].against: the index is correlated as weighted before the weights of total (entropy) are resolved, which comes after (deepest node first): the correlations with the final index may differ; against = \"parent\" avoids this";
    assert!(
        out.stdout
            .lines()
            .any(|x| x.starts_with("warning: ") && x.ends_with(l)),
        "missing:\n{l}\n--- got:\n{}",
        out.stdout
    );
}
