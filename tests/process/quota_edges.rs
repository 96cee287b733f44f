//! The quota at its edges: unresolved ties at a cap and at the quota,
//! worked out by hand. Each round has one stage (the indicator total, which
//! is the value of `a`; scores at 2 decimals) and no tie-break chain, so
//! clusters with the same `a` share a rank that nothing separates. Every
//! test asserts each cluster's status and reason (decisions.csv), the
//! boundary lines (report.md and report.html), and the counts wherever an
//! output states them: the statuses of decisions.csv, the status cells of
//! report.md and the rows of report.html, the quota line of both reports,
//! and `explain` (the round's counts and the quota line) for every scored
//! cluster.

use super::mini;
use crate::workdir::{read_keyed, Keyed, WorkDir};
use std::collections::BTreeMap;

/// A cluster: id, city, track, `a` (its final score).
type Entrant<'a> = (&'a str, &'a str, &'a str, f64);

/// The statuses in the order the counts list them, with their Chinese
/// names (as decisions.csv and the reports write them).
const STATUSES: [(&str, &str); 9] = [
    ("failed_gate", "资格审查未通过"),
    ("screened_out", "数据不足未评"),
    ("not_shortlisted", "未入围"),
    ("shortlisted", "入围"),
    ("selected", "入选"),
    ("tied_at_quota", "名额边界并列待定"),
    ("depends_on_tie", "视并列裁定而定"),
    ("not_selected", "未入选"),
    ("evaluated", "已评估"),
];

/// A competition of one stage with `settings` in `[process]`, and a gate
/// (share at least 70) that `gated` clusters fail (share 50).
fn round(w: &WorkDir, clusters: &[Entrant], gated: &[&str], settings: &str) {
    let all: Vec<(&str, &str, &str, f64, f64)> = clusters
        .iter()
        .map(|&(id, city, track, a)| {
            let share = if gated.contains(&id) { 50.0 } else { 80.0 };
            (id, city, track, a, share)
        })
        .collect();
    let gate = "\n[[process.gates]]\nid = \"share\"\nfield = \"share\"\nop = \">=\"\nvalue = 70\nreason_zh = \"主导产业占比低于70%\"\nreason_en = \"leading share below 70 %\"\n";
    mini(
        w,
        &all,
        &[],
        "",
        &format!("[process]\nkind = \"competition\"\n{settings}\n{gate}"),
    );
}

/// The outputs of a run of round `r/` into `o/`.
struct Run {
    w: WorkDir,
    d: Keyed,
    /// The Chinese report (the default language).
    md: String,
    html: String,
    /// The same round reported in English: the boundary lines below are
    /// its words.
    md_en: String,
    html_en: String,
}

fn run(w: WorkDir) -> Run {
    w.ok(&["run", "r", "--out", "o"]);
    w.ok(&["run", "r", "--out", "o_en", "--lang", "en"]);
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    let md = w.read("o/report.md");
    let html = w.read("o/report.html");
    let md_en = w.read("o_en/report.md");
    let html_en = w.read("o_en/report.html");
    Run {
        w,
        d,
        md,
        html,
        md_en,
        html_en,
    }
}

fn html_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

impl Run {
    /// Every cluster's status and reason (decisions.csv), exactly.
    fn decided(&self, want: &[(&str, &str, &str)]) {
        assert_eq!(self.d.len(), want.len(), "{:?}", self.d.keys());
        for (id, status, reason) in want {
            let row = &self.d[*id];
            assert_eq!(row["status"], *status, "{id}: {row:?}");
            assert_eq!(row["reason"], *reason, "{id}: {row:?}");
        }
    }

    /// The boundary lines, in this order, in the English report.md and
    /// report.html; the Chinese report words them in Chinese (none of the
    /// English lines is in it).
    fn boundary(&self, lines: &[&str]) {
        let md: String = lines.iter().map(|l| format!("- {l}\n")).collect();
        assert!(self.md_en.contains(&md), "{md}\nnot in\n{}", self.md_en);
        let html: String = lines
            .iter()
            .map(|l| format!("<li>{}</li>\n", html_esc(l)))
            .collect();
        assert!(self.html_en.contains(&html), "{html}\nnot in report.html");
        for l in lines {
            assert!(
                !self.md.contains(l),
                "{l}: English in the Chinese report.md"
            );
            assert!(
                !self.html.contains(&html_esc(l)),
                "{l}: in the Chinese report.html"
            );
        }
    }

    /// The counts, by hand (statuses not listed: none), and the quota line:
    /// the same in decisions.csv, report.md, report.html and `explain`.
    fn counts(&self, want: &[(&str, usize)], quota_line: &str) {
        let want: BTreeMap<&str, usize> = want.iter().copied().collect();
        for (status, zh) in STATUSES {
            let n = want.get(status).copied().unwrap_or(0);
            let csv = self.d.values().filter(|r| r["status"] == status).count();
            assert_eq!(csv, n, "decisions.csv: {status}");
            let md = self.md.matches(&format!("| {zh} |")).count();
            assert_eq!(md, n, "report.md: {status}");
            let html = self
                .html
                .matches(&format!("<tr class=\"{status}\">"))
                .count();
            assert_eq!(html, n, "report.html: {status}");
        }
        assert!(
            self.md_en.contains(&format!("- {quota_line}\n")),
            "{}",
            self.md_en
        );
        assert!(self
            .html_en
            .contains(&format!("<li>{}</li>", html_esc(quota_line))));
        // The statuses worded as explain words them in English.
        let worded = |s: &str| {
            s.replace("failed_gate", "failed a gate")
                .replace("tied_at_quota", "tied at the quota")
                .replace("depends_on_tie", "depends on a tie")
                .replace('_', " ")
        };
        let round: Vec<String> = STATUSES
            .iter()
            .filter_map(|(s, _)| want.get(s).map(|n| format!("{} {n}", worded(s))))
            .collect();
        let round = format!("\nround: {}\n  {quota_line}\n", round.join(", "));
        for (id, row) in &self.d {
            if row["status"] == "failed_gate" {
                continue; // not scored: explain has nothing to say
            }
            let out = self.w.ok(&["explain", "o", id, "--lang", "en"]).stdout;
            let word = worded(&row["status"]);
            assert!(
                out.contains(&format!("\ndecision: {word}\n")),
                "{id}: {out}"
            );
            let zh = self.w.ok(&["explain", "o", id]).stdout;
            assert!(
                zh.contains(&format!("\n评审结果：{}\n", row["status_zh"])),
                "{id}: {zh}"
            );
            assert!(out.contains(&round), "{id}: {round} not in\n{out}");
        }
    }
}

#[test]
fn a_tie_at_a_track_cap_holds_one_place_and_the_quota_fills_below_it() {
    // Quota 4, at most 2 per track, minimum final score 50; X fails the gate.
    //   rank 1 A  T1 90: selected (T1: 1; 3 places left)
    //   rank 2 B  T1 80, C T1 80: tied; each fits alone, both would make
    //          T1 3 > 2: a tie at a cap. The office's pick is B or C: 1
    //          place (T1: 2 either way), so 3 - 1 = 2 places go on.
    //   rank 4 D  T2 75: selected (T2: 1; 1 place left)
    //   rank 5 E  T1 70: T1 is full whichever the office picks
    //   rank 6 F  T2 65: selected (T2: 2; no place left)
    //   rank 7 G  T3 60: the quota is full (A, D, F and the held place)
    //   rank 8 H  T3 40: below the minimum 50
    // Before the fix, D, E, F and G were all "the quota of 4 is filled",
    // with 1 selected and 2 places unused.
    let w = WorkDir::new();
    round(
        &w,
        &[
            ("A", "保定市", "T1", 90.0),
            ("B", "石家庄市", "T1", 80.0),
            ("C", "唐山市", "T1", 80.0),
            ("D", "邯郸市", "T2", 75.0),
            ("E", "沧州市", "T1", 70.0),
            ("F", "邢台市", "T2", 65.0),
            ("G", "廊坊市", "T3", 60.0),
            ("H", "承德市", "T3", 40.0),
            ("X", "衡水市", "T3", 99.0),
        ],
        &["X"],
        "quota = 4\nmin_score = 50\ncaps = { track = 2 }",
    );
    let r = run(w);
    let tied = "tied at rank 2 with B, C across a cap after the whole tie-break chain: the office decides; 1 of the 2 can take a place (the cap of 2 per track leaves room for 1 from T1)";
    let below = |rank: u32| {
        format!("rank {rank} within the quota of 4: the tie at rank 2 (B, C) holds 1 place(s), and it is selected whatever the office picks there")
    };
    r.decided(&[
        ("A", "selected", "rank 1 within the quota of 4"),
        ("B", "tied_at_quota", tied),
        ("C", "tied_at_quota", tied),
        ("D", "selected", &below(4)),
        ("E", "not_selected", "cap: at most 2 selected per track, and 2 from T1 already are, counting 1 place(s) held for the tie at rank 2 (B, C)"),
        ("F", "selected", &below(6)),
        ("G", "not_selected", "rank 7: the quota of 4 is filled by higher-ranked clusters, counting 1 place(s) held for the tie at rank 2 (B, C)"),
        ("H", "not_selected", "final score 40.00 is below the minimum 50"),
        ("X", "failed_gate", "leading share below 70 % (gate share: share >= 70; found 50)"),
    ]);
    for id in ["B", "C"] {
        assert_eq!(r.d[id]["tied"], "yes");
        assert_eq!(r.d[id]["rank"], "2");
    }
    // 3 selected of the 8 that reached the final stage; B, C for 1 place;
    // 4 - 3 - 1 = 0 left empty.
    let quota =
        "quota 4: 3 selected of 8 in the final stage; 2 tied at the quota for 1 more place(s)";
    r.boundary(&[
        "unresolved tie at a cap: B, C share rank 2 with 3 place(s) left; none is selected automatically: the office picks 1 of them (the cap of 2 per track leaves room for 1 from T1); 2 place(s) go on down the list",
        quota,
        // The last selected is F; E above it was passed over for the cap.
        "boundary: last selected F (rank 6, final 65.00), first not selected G (rank 7, final 60.00), margin 5.00",
    ]);
    r.counts(
        &[
            ("failed_gate", 1),
            ("selected", 3),
            ("tied_at_quota", 2),
            ("not_selected", 3),
        ],
        quota,
    );
}

#[test]
fn a_tie_across_the_quota_itself_leaves_nothing_below_it() {
    // Quota 3, at most 2 per track (never reached by the tie).
    //   rank 1 A T1 90, rank 2 B T2 85: selected (1 place left)
    //   rank 3 C T1 80, D T2 80: tied; C (T1: 2) and D (T2: 2) each fit
    //          their cap, and would both fit it together, but only 1 place
    //          is left: a tie at the quota. The office picks C or D (two
    //          ways, with different track counts); either fills the quota.
    //   rank 5 E T3 75, rank 6 F T3 70: the quota is full in both ways.
    // Before the fix the quota line said "3 selected" (of 2 selected and 2
    // tied).
    let w = WorkDir::new();
    round(
        &w,
        &[
            ("A", "保定市", "T1", 90.0),
            ("B", "石家庄市", "T2", 85.0),
            ("C", "唐山市", "T1", 80.0),
            ("D", "邯郸市", "T2", 80.0),
            ("E", "沧州市", "T3", 75.0),
            ("F", "邢台市", "T3", 70.0),
        ],
        &[],
        "quota = 3\ncaps = { track = 2 }",
    );
    let r = run(w);
    let tied = "tied at rank 3 with C, D across the quota after the whole tie-break chain: the office decides; 1 of the 2 can take a place";
    let full = |rank: u32| {
        format!("rank {rank}: the quota of 3 is filled by higher-ranked clusters, counting 1 place(s) held for the tie at rank 3 (C, D)")
    };
    r.decided(&[
        ("A", "selected", "rank 1 within the quota of 3"),
        ("B", "selected", "rank 2 within the quota of 3"),
        ("C", "tied_at_quota", tied),
        ("D", "tied_at_quota", tied),
        ("E", "not_selected", &full(5)),
        ("F", "not_selected", &full(6)),
    ]);
    let quota =
        "quota 3: 2 selected of 6 in the final stage; 2 tied at the quota for 1 more place(s)";
    r.boundary(&[
        "unresolved tie at the quota: C, D share rank 3 with 1 place(s) left; none is selected automatically: the office picks 1 of them; no place is left below them",
        quota,
        "boundary: last selected B (rank 2, final 85.00), first not selected E (rank 5, final 75.00), margin 10.00",
    ]);
    r.counts(
        &[("selected", 2), ("tied_at_quota", 2), ("not_selected", 2)],
        quota,
    );
}

#[test]
fn a_three_way_tie_at_a_cap_holds_the_two_places_the_cap_leaves() {
    // Quota 5, at most 3 per track.
    //   rank 1 A T1 95: selected (T1: 1; 4 places left)
    //   rank 2 C, D, E T1 85: tied; 1 + 3 = 4 > 3: a tie at a cap with room
    //          for 2. Any two of the three: 2 places (T1: 3 either way);
    //          4 - 2 = 2 places go on.
    //   rank 5 F T2 80: selected (1 place left)
    //   rank 6 G T1 78: T1 is full whichever two the office picks
    //   rank 7 H T2 76: selected (no place left)
    //   rank 8 I T3 70: the quota is full
    let w = WorkDir::new();
    round(
        &w,
        &[
            ("A", "保定市", "T1", 95.0),
            ("C", "石家庄市", "T1", 85.0),
            ("D", "唐山市", "T1", 85.0),
            ("E", "邯郸市", "T1", 85.0),
            ("F", "沧州市", "T2", 80.0),
            ("G", "邢台市", "T1", 78.0),
            ("H", "廊坊市", "T2", 76.0),
            ("I", "承德市", "T3", 70.0),
        ],
        &[],
        "quota = 5\ncaps = { track = 3 }",
    );
    let r = run(w);
    let tied = "tied at rank 2 with C, D, E across a cap after the whole tie-break chain: the office decides; 2 of the 3 can take a place (the cap of 3 per track leaves room for 2 from T1)";
    let below = |rank: u32| {
        format!("rank {rank} within the quota of 5: the tie at rank 2 (C, D, E) holds 2 place(s), and it is selected whatever the office picks there")
    };
    r.decided(&[
        ("A", "selected", "rank 1 within the quota of 5"),
        ("C", "tied_at_quota", tied),
        ("D", "tied_at_quota", tied),
        ("E", "tied_at_quota", tied),
        ("F", "selected", &below(5)),
        ("G", "not_selected", "cap: at most 3 selected per track, and 3 from T1 already are, counting 2 place(s) held for the tie at rank 2 (C, D, E)"),
        ("H", "selected", &below(7)),
        ("I", "not_selected", "rank 8: the quota of 5 is filled by higher-ranked clusters, counting 2 place(s) held for the tie at rank 2 (C, D, E)"),
    ]);
    let quota =
        "quota 5: 3 selected of 8 in the final stage; 3 tied at the quota for 2 more place(s)";
    r.boundary(&[
        "unresolved tie at a cap: C, D, E share rank 2 with 4 place(s) left; none is selected automatically: the office picks 2 of them (the cap of 3 per track leaves room for 2 from T1); 2 place(s) go on down the list",
        quota,
        "boundary: last selected H (rank 7, final 76.00), first not selected I (rank 8, final 70.00), margin 6.00",
    ]);
    r.counts(
        &[("selected", 3), ("tied_at_quota", 3), ("not_selected", 2)],
        quota,
    );
}

#[test]
fn a_cluster_below_a_tie_that_the_office_s_pick_decides_depends_on_it() {
    // Quota 2, at most 1 per city and 1 per track.
    //   rank 1 B 石家庄市 T2 80, C 石家庄市 T3 80: tied; together they
    //          break the city cap: the office picks B or C (1 place), and
    //          the two picks fill different tracks.
    //   rank 3 D 唐山市 T2 70: if B is picked, T2 is full: not selected;
    //          if C, D takes the last place.
    //   rank 4 E 邯郸市 T4 60: if B is picked, D is out and E takes the
    //          last place; if C, D has it and the quota is full.
    // So D and E each depend on the office's choice; marking D not selected
    // "whatever the office picks" would select E above D when C is picked.
    let w = WorkDir::new();
    round(
        &w,
        &[
            ("B", "石家庄市", "T2", 80.0),
            ("C", "石家庄市", "T3", 80.0),
            ("D", "唐山市", "T2", 70.0),
            ("E", "邯郸市", "T4", 60.0),
        ],
        &[],
        "quota = 2\ncaps = { city = 1, track = 1 }",
    );
    let r = run(w);
    let tied = "tied at rank 1 with B, C across a cap after the whole tie-break chain: the office decides; 1 of the 2 can take a place (the cap of 1 per city leaves room for 1 from 石家庄市)";
    r.decided(&[
        ("B", "tied_at_quota", tied),
        ("C", "tied_at_quota", tied),
        ("D", "depends_on_tie", "rank 3 depends on the office's choice in the tie at rank 1 (B, C): not selected (cap: at most 1 selected per track, and 1 from T2 already are, counting 1 place(s) held for the tie at rank 1 (B, C)) if the office picks B at rank 1; selected if the office picks C at rank 1"),
        ("E", "depends_on_tie", "rank 4 depends on the office's choice in the tie at rank 1 (B, C): selected if the office picks B at rank 1; not selected (rank 4: the quota of 2 is filled by higher-ranked clusters, counting 1 place(s) held for the tie at rank 1 (B, C)) if the office picks C at rank 1"),
    ]);
    // Either way 2 places are filled, none of them certain.
    let quota = "quota 2: 0 selected of 4 in the final stage; 2 tied at the quota and 2 depending on the office's choice there for 2 more place(s)";
    r.boundary(&[
        "unresolved tie at a cap: B, C share rank 1 with 2 place(s) left; none is selected automatically: the office picks 1 of them (the cap of 1 per city leaves room for 1 from 石家庄市); 1 place(s) go on down the list",
        quota,
    ]);
    r.counts(&[("tied_at_quota", 2), ("depends_on_tie", 2)], quota);
}

#[test]
fn a_tie_too_large_to_follow_leaves_the_rest_of_the_quota_to_the_office() {
    // 17 clusters of T1 tie at rank 1 under a cap of 1 per track: more
    // than the 16 whose picks the tool enumerates. They are tied, and Z
    // below them depends on the office. The places the office's choice
    // fills are not worked out: from 0 up to the 3 left (fewer than the 18
    // clusters whose selection rests on it).
    let ids: Vec<String> = (1..=17).map(|i| format!("T{i:02}")).collect();
    let mut clusters: Vec<Entrant> = ids
        .iter()
        .map(|id| (id.as_str(), "保定市", "T1", 80.0))
        .collect();
    clusters.push(("Z", "唐山市", "T2", 70.0));
    let w = WorkDir::new();
    round(&w, &clusters, &[], "quota = 3\ncaps = { track = 1 }");
    let r = run(w);
    let all = ids.join(", ");
    for id in &ids {
        assert_eq!(r.d[id]["status"], "tied_at_quota", "{id}");
        assert_eq!(
            r.d[id]["reason"],
            format!("tied at rank 1 with {all} across a cap after the whole tie-break chain: the office decides; 17 tied clusters are more than the 16 whose picks the tool follows, so the office decides the rest of the quota too")
        );
    }
    assert_eq!(r.d["Z"]["status"], "depends_on_tie");
    assert_eq!(
        r.d["Z"]["reason"],
        format!("rank 18: below the tie at rank 1 ({all}), more clusters than the tool follows: the office decides")
    );
    let quota = "quota 3: 0 selected of 18 in the final stage; 17 tied at the quota and 1 depending on the office's choice there for 0 to 3 more place(s)";
    r.boundary(&[
        &format!("unresolved tie at a cap: {all} share rank 1 with 3 place(s) left; none is selected automatically, nor any below them: 17 tied clusters are more than the 16 whose picks the tool follows"),
        quota,
    ]);
    r.counts(&[("tied_at_quota", 17), ("depends_on_tie", 1)], quota);
}
