//! A series of rounds (issue 17): dynamic management from earlier outputs
//! (`[history] rounds`), `compare-rounds` with its movement, trends, pooled
//! normalisation and panel imputation, each checked against numbers worked
//! by hand or COINr's panel reference.

mod hand;
mod purse;
pub(crate) mod sample;
