//! Permuted split-half reliability of a bias score across a group of participants, as
//! AATtools' aat_splithalf (0.0.3) computes it.
//!
//! Each iteration splits every participant's kept RTs at random into two halves within
//! each cell (odd cells give the extra trial to the second half), scores both halves,
//! and correlates (Pearson) the first-half scores with the second-half scores across
//! participants. The correlations are averaged over iterations and the average is
//! corrected with Spearman-Brown: r_sb = 2r / (1 + r).

use rand::RngExt;

use super::scores::{Cells, ScoreKind, score_one};
use super::stats::pearson;
use crate::rng::{STREAM_SPLIT_HALF, rng_for};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplitHalf {
    /// Mean split-half correlation over iterations.
    pub r: f64,
    /// Spearman-Brown corrected.
    pub r_sb: f64,
    /// Iterations in which a correlation could be computed.
    pub iterations: usize,
    pub participants: usize,
}

/// Too few participants for a correlation.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("split-half reliability needs at least 5 scorable participants, got {0}")]
pub struct TooFewParticipants(pub usize);

/// Split-half reliability of `kind` over `iterations` random splits, seeded.
pub fn split_half(
    participants: &[Cells],
    kind: ScoreKind,
    iterations: usize,
    seed: u64,
) -> Result<SplitHalf, TooFewParticipants> {
    let n = participants.len();
    if n < 5 {
        return Err(TooFewParticipants(n));
    }
    let mut rng = rng_for(seed, STREAM_SPLIT_HALF, 0, 0);
    // Working copies, shuffled in place each iteration; halves are reused buffers.
    let mut work: Vec<Cells> = participants.to_vec();
    let (mut a, mut b) = (Cells::default(), Cells::default());
    let (mut xs, mut ys) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut sum_r, mut used) = (0.0, 0usize);
    for _ in 0..iterations {
        xs.clear();
        ys.clear();
        for p in &mut work {
            for c in 0..4 {
                let cell = &mut p.0[c];
                let half = cell.len() / 2;
                // Partial Fisher-Yates: a uniformly random first half.
                for i in 0..half {
                    let j = rng.random_range(i..cell.len());
                    cell.swap(i, j);
                }
                a.0[c].clear();
                a.0[c].extend_from_slice(&cell[..half]);
                b.0[c].clear();
                b.0[c].extend_from_slice(&cell[half..]);
            }
            if let (Some(x), Some(y)) = (score_one(&mut a, kind), score_one(&mut b, kind)) {
                xs.push(x);
                ys.push(y);
            }
        }
        if xs.len() >= 5
            && let Some(r) = pearson(&xs, &ys)
        {
            sum_r += r;
            used += 1;
        }
    }
    let r = if used == 0 { f64::NAN } else { sum_r / used as f64 };
    Ok(SplitHalf {
        r,
        r_sb: 2.0 * r / (1.0 + r),
        iterations: used,
        participants: n,
    })
}
