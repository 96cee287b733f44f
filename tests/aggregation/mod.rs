//! Issue #18, per-node aggregation and robustness: the official
//! aggregation of a node (arithmetic, geometric, harmonic, generalised
//! mean, Copeland) against COINr on ASEM (`coinr`) and against small cases
//! worked by hand (`hand`); the robustness analysis's key-path factors,
//! no-effect warnings and pairwise probabilities (`robust`).

mod coinr;
mod hand;
mod model;
mod robust;
