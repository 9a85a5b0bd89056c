//! The runtime's crate-level tests: whole simulated and flat sessions run through the
//! runtime's plugins, in process (no binary): batch invariance, pause safety, the
//! schedule's order, timing precision, the synthetic patient's statistics, and a flat
//! session driven by scripted mouse input.

mod common;

mod batch_invariance;
mod bias_recovery;
mod flat_mode;
mod group_statistics;
mod pause_safety;
mod schedule;
mod timing_precision;
