//! The re-aggregation model (`rank::model`, used by the robustness
//! analysis and compare) with `Aggregation::Declared` computes every
//! non-additive node as the kernel does: totals bit for bit, the same
//! ranks.

use super::coinr::{asem_round, every_node, one_to_hundred};
use crate::workdir::WorkDir;
use cluster_eval::diag::Diagnostics;
use cluster_eval::ingest::Round;
use cluster_eval::rank::model::Aggregation;
use cluster_eval::robust::config::{Config, Factor};
use cluster_eval::{pipeline, rank, robust, score, weighting};

#[test]
fn the_model_reproduces_every_official_aggregation_bit_for_bit() {
    for method in [
        "\"geometric\"",
        "\"harmonic\"",
        "{ method = \"generalised_mean\", p = -1.5 }",
        "\"copeland\"",
    ] {
        let w = WorkDir::new();
        let dir = asem_round(&w, |fw| every_node(one_to_hundred(fw), method));
        let mut d = Diagnostics::default();
        let round = pipeline::load(&dir, None, &mut d)
            .unwrap_or_else(|| panic!("{method}: {:?}", d.items))
            .round;
        let excluded = vec![false; round.registry.len()];
        let framework = weighting::resolve_objective(&round, &excluded).unwrap();
        let round = Round { framework, ..round };
        let scored = score::score_cohort(&round, &excluded).unwrap();
        let (ids, _) = scored.labels(&round);
        let standings = rank::rank(&round.framework, &scored, &ids);
        let config = Config {
            replications: 10,
            seed: 1,
            select: Some(5),
            sobol_base: 0,
            bootstrap: 0,
            geometric_floor: 0.01,
            pairwise: None,
            factors: vec![Factor::Aggregation(vec![Aggregation::Declared])],
        };
        let p = robust::Prepared::new(&round.framework, &scored, &standings, &config);
        let mut work = p.model.work();
        p.replicate(&[0.5], &mut work);
        for s in &standings {
            let i = s.cluster;
            assert_eq!(
                work.totals[i].to_bits(),
                scored.scores.total(i).to_bits(),
                "{method} {}",
                ids[i]
            );
            assert_eq!(work.ranks[i] as usize, s.rank, "{method} {}", ids[i]);
        }
        // ... and the arithmetic override differs from the official totals.
        let config = Config {
            factors: vec![Factor::Aggregation(vec![Aggregation::Arithmetic])],
            ..config
        };
        let p = robust::Prepared::new(&round.framework, &scored, &standings, &config);
        p.replicate(&[0.5], &mut work);
        let moved = standings
            .iter()
            .filter(|s| (work.totals[s.cluster] - scored.scores.total(s.cluster)).abs() > 1e-6)
            .count();
        assert!(moved > 40, "{method}: arithmetic moved only {moved} totals");
    }
}
