//! Seeded, portable random-number streams: one ChaCha8 stream per purpose, session and
//! part, all derived from a run's seed, so that trial order, the synthetic patient's
//! behaviour, its tracking noise and the statistics never share (or shift) one another.
//!
//! ChaCha8 gives the same numbers on every platform, so the same seed gives
//! byte-identical results everywhere. Every stream a module draws from is listed here,
//! so no two purposes can collide.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The trial order of a session's blocks (part = block index).
pub const STREAM_TRIAL_ORDER: u64 = 1;
/// The synthetic patient's decisions and reaction times.
pub const STREAM_BEHAVIOUR: u64 = 2;
/// The synthetic patient's tracking noise.
pub const STREAM_NOISE: u64 = 3;
/// Drawing the participants of a simulated cohort.
pub const STREAM_COHORT: u64 = 4;
/// The synthetic patient's imperfections: drift and tremor phases, occlusion times.
pub const STREAM_IMPERFECTIONS: u64 = 5;
/// The synthetic patient's questionnaire answers.
pub const STREAM_ANSWERS: u64 = 6;
/// Bootstrap confidence intervals.
pub const STREAM_BOOTSTRAP: u64 = 10;
/// Split-half reliability.
pub const STREAM_SPLIT_HALF: u64 = 11;
/// Study simulations (`vr-aat power`): the participants of each replication.
pub const STREAM_STUDY: u64 = 12;
/// Stratified split-half reliability (rapidsplithalf's method).
pub const STREAM_STRATIFIED: u64 = 13;

/// A ChaCha8 generator for `purpose` in `session`/`part`, derived from the run's seed.
pub fn rng_for(seed: u64, purpose: u64, session: u32, part: u32) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream((purpose << 48) | (u64::from(session) << 24) | u64::from(part));
    rng
}
