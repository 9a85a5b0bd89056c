//! A bootstrap confidence interval of one participant's bias: "how sure is this bias?"
//!
//! Each iteration resamples, with replacement, the kept RTs within each of the four
//! cells (keeping each cell's size), recomputes the score, and the interval is the
//! 2.5% and 97.5% quantiles (R type 7) of those scores, as AATtools' aat_bootstrap.

use rand::RngExt;

use super::scores::{Cells, ScoreKind, score_one};
use super::stats::quantile;
use crate::rng::{STREAM_BOOTSTRAP, rng_for};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BootstrapInterval {
    pub lower: f64,
    pub upper: f64,
    /// Iterations whose score existed.
    pub iterations: usize,
}

impl BootstrapInterval {
    /// Whether the interval excludes zero: the bias is reliably different from zero.
    pub fn excludes_zero(&self) -> bool {
        self.lower > 0.0 || self.upper < 0.0
    }
}

/// Fills `dst` with a resample, with replacement, of each cell of `src` (same sizes).
fn resample(src: &Cells, dst: &mut Cells, rng: &mut rand_chacha::ChaCha8Rng) {
    for (s, d) in src.0.iter().zip(dst.0.iter_mut()) {
        d.clear();
        if !s.is_empty() {
            d.extend((0..s.len()).map(|_| s[rng.random_range(0..s.len())]));
        }
    }
}

/// A `level` (for example 0.95) percentile interval of `kind` over `iterations`
/// resamples, seeded. `None` if no resample could be scored.
pub fn bootstrap(
    cells: &Cells,
    kind: ScoreKind,
    iterations: usize,
    level: f64,
    seed: u64,
) -> Option<BootstrapInterval> {
    let mut rng = rng_for(seed, STREAM_BOOTSTRAP, 0, 0);
    let mut sample = Cells::default();
    let mut scores = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        resample(cells, &mut sample, &mut rng);
        if let Some(s) = score_one(&mut sample, kind) {
            scores.push(s);
        }
    }
    let tail = (1.0 - level) / 2.0;
    let lower = quantile(&mut scores, tail)?;
    let upper = quantile(&mut scores, 1.0 - tail)?;
    Some(BootstrapInterval {
        lower,
        upper,
        iterations: scores.len(),
    })
}

/// A `level` interval of the change `score(later) - score(earlier)`, resampling both
/// sessions independently within cells: "did the bias change?"
pub fn bootstrap_change(
    earlier: &Cells,
    later: &Cells,
    kind: ScoreKind,
    iterations: usize,
    level: f64,
    seed: u64,
) -> Option<BootstrapInterval> {
    let mut rng = rng_for(seed, STREAM_BOOTSTRAP, 1, 0);
    let (mut a, mut b) = (Cells::default(), Cells::default());
    let mut diffs = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        resample(earlier, &mut a, &mut rng);
        resample(later, &mut b, &mut rng);
        if let (Some(x), Some(y)) = (score_one(&mut a, kind), score_one(&mut b, kind)) {
            diffs.push(y - x);
        }
    }
    let tail = (1.0 - level) / 2.0;
    let lower = quantile(&mut diffs, tail)?;
    let upper = quantile(&mut diffs, 1.0 - tail)?;
    Some(BootstrapInterval {
        lower,
        upper,
        iterations: diffs.len(),
    })
}
