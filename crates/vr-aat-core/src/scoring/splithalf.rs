//! Permuted split-half reliability of a bias score across a group of participants, as
//! AATtools' `aat_splithalf` (0.0.3) computes it.
//!
//! Each iteration:
//! 1. splits every participant's usable trials into two halves, balanced within each
//!    cell; a cell's odd trial is paired with another cell's odd trial of the same
//!    movement, then of the same participant, and any left over are balanced across
//!    participants (AATtools' `datasplitter`);
//! 2. runs the error handling and outlier rule on each half ([`process`]; Grubbs' rule
//!    over both halves of a participant together, the sample-wide percentile rule over
//!    each half of all participants, as AATtools does) and scores each half (a half
//!    with an empty cell has no score);
//! 3. optionally drops participants whose half score is 3 SDs or more from the group's
//!    (`case_prune_3SD`);
//! 4. correlates first-half with second-half scores (Pearson) over the participants
//!    with both, and computes the Flanagan-Rulon and Raju coefficients.
//!
//! Reported: the Olkin-Pratt average of the correlations, its Spearman-Brown
//! correction (mirrored for negative r), the Flanagan-Rulon and Raju averages, each with
//! the 2.5% and 97.5% quantiles over iterations and a p-value at the average number of
//! participants. Iterations run in parallel; each has its own seeded random stream, so
//! the result does not depend on the number of threads.

use rand::RngExt;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use super::config::{ScoringConfig, TrialPrune};
use super::correlation::{cormean, flanagan_rulon, limit, r_to_p, raju, spearman_brown};
use super::prepare::{Dropped, Exclusions, Usable, cell_step, error_step, pooled_outlier_step, process};
use super::prune::Rt;
use super::scores::{Cells, ScoreKind, score_one};
use super::stats::{mean, pearson, quantile, sd};
use crate::rng::{STREAM_SPLIT_HALF, rng_for};

/// One coefficient: its average over iterations, the 95% interval of the per-iteration
/// values (R's type-7 quantiles) and the two-sided p-value of the average.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coefficient {
    pub r: f64,
    pub lower: f64,
    pub upper: f64,
    pub p: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplitHalf {
    /// The average split-half correlation (not corrected for length).
    pub uncorrected: Coefficient,
    /// Spearman-Brown corrected: the reliability researchers usually report.
    pub spearman_brown: Coefficient,
    pub flanagan_rulon: Coefficient,
    pub raju: Coefficient,
    /// Participants with a score in both halves, averaged over iterations.
    pub avg_n: f64,
    pub iterations: usize,
    /// Participants given.
    pub participants: usize,
}

/// Why no reliability could be computed.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum SplitHalfError {
    #[error("split-half reliability needs at least 5 participants, got {0}")]
    TooFewParticipants(usize),
    #[error(
        "in iteration {iteration}, only {pairs} participant(s) had a score in both halves; at least 5 are needed (AATtools stops here too). Too few trials per cell, or too many participants dropped by the error or outlier rules"
    )]
    TooFewPairs { iteration: usize, pairs: usize },
    #[error("in iteration {iteration}, the half scores had no spread, so no correlation exists")]
    NoCorrelation { iteration: usize },
}

/// Options beyond the scoring settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplitHalfOptions {
    pub kind: ScoreKind,
    pub iterations: usize,
    pub seed: u64,
    /// Drop participants 3 SDs or more from the group in either half
    /// (`casedropfunc = "case_prune_3SD"`).
    pub case_prune: bool,
    /// Balance each stimulus within each cell first (`stratvars` = the stimulus column).
    pub by_stimulus: bool,
}

/// Keys for `n` trials: half 0s, half 1s, and `None` for an odd one, shuffled
/// (AATtools' `balancedrandombinary`).
fn balanced(n: usize, rng: &mut rand_chacha::ChaCha8Rng) -> Vec<Option<u8>> {
    let mut keys: Vec<Option<u8>> = (0..n / 2).flat_map(|_| [Some(0), Some(1)]).collect();
    if n % 2 == 1 {
        keys.push(None);
    }
    keys.shuffle(rng);
    keys
}

/// Assigns balanced keys to the trials at `indices` among those still without one.
fn sweep(keys: &mut [Option<u8>], groups: &[Vec<usize>], rng: &mut rand_chacha::ChaCha8Rng) {
    for group in groups {
        let open: Vec<usize> = group.iter().copied().filter(|&i| keys[i].is_none()).collect();
        for (i, k) in open.iter().zip(balanced(open.len(), rng)) {
            keys[*i] = k;
        }
    }
}

/// A participant's trials grouped the ways the splitter balances them, in its order:
/// by cell and stimulus (with `stratvars`), by cell, by movement, all together (indices
/// into the trials; made once, used by every iteration). AATtools' `datasplitter` drops
/// one grouping column after another from the last: stratvars, target, pull.
struct Groups(Vec<Vec<Vec<usize>>>);

impl Groups {
    fn of(trials: &[Usable], by_stimulus: bool) -> Self {
        let by = |f: &dyn Fn(&Usable) -> (usize, u32)| {
            let mut out: std::collections::BTreeMap<(usize, u32), Vec<usize>> = Default::default();
            for (i, t) in trials.iter().enumerate() {
                out.entry(f(t)).or_default().push(i);
            }
            out.into_values().collect::<Vec<_>>()
        };
        let mut levels = Vec::new();
        if by_stimulus {
            levels.push(by(&|t| (t.cell, t.stimulus)));
        }
        // Cells 1 and 3 are the pull cells (see Cells::index).
        levels.push(by(&|t| (t.cell, 0)));
        levels.push(by(&|t| (t.cell % 2, 0)));
        levels.push(by(&|_| (0, 0)));
        Self(levels)
    }
}

/// One participant's keys: by cell, then by movement, then by participant. At most
/// one trial is left without a key.
fn split_participant(trials: &[Usable], groups: &Groups, rng: &mut rand_chacha::ChaCha8Rng) -> Vec<Option<u8>> {
    let mut keys = vec![None; trials.len()];
    for g in &groups.0 {
        sweep(&mut keys, g, rng);
    }
    keys
}

/// What one iteration gives.
struct Iteration {
    r: f64,
    fr: f64,
    raju: f64,
    pairs: usize,
}

fn iteration(
    index: usize,
    participants: &[Vec<Usable>],
    groups: &[Groups],
    config: &ScoringConfig,
    options: &SplitHalfOptions,
) -> Result<Iteration, SplitHalfError> {
    let mut rng = rng_for(
        options.seed,
        STREAM_SPLIT_HALF,
        (index >> 24) as u32,
        (index & 0xFF_FFFF) as u32,
    );
    let mut keys: Vec<Vec<Option<u8>>> = participants
        .iter()
        .zip(groups)
        .map(|(p, g)| split_participant(p, g, &mut rng))
        .collect();
    // Trials still without a key (one per participant at most) are balanced across
    // participants, starting from a random key.
    let open: Vec<(usize, usize)> = keys
        .iter()
        .enumerate()
        .flat_map(|(p, k)| {
            k.iter()
                .enumerate()
                .filter(|(_, k)| k.is_none())
                .map(move |(i, _)| (p, i))
        })
        .collect();
    let start = rng.random_range(0..2u8);
    let mut last: Vec<u8> = (1..=open.len()).map(|i| ((i as u8 % 2) + start) % 2).collect();
    last.shuffle(&mut rng);
    for ((p, i), k) in open.into_iter().zip(last) {
        keys[p][i] = Some(k);
    }

    let halves: Vec<[Vec<Usable>; 2]> = participants
        .iter()
        .zip(&keys)
        .map(|(trials, keys)| {
            let mut halves = [0, 1].map(|_| Vec::with_capacity(trials.len() / 2 + 1));
            for (t, k) in trials.iter().zip(keys) {
                if let Some(h) = k {
                    halves[usize::from(*h)].push(*t);
                }
            }
            halves
        })
        .collect();
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let (mut first_trials, mut all_trials) = (0usize, 0usize);
    for [mut a, mut b] in halves_cells(&halves, config) {
        let (na, nb) = (a.pooled().len(), b.pooled().len());
        // A participant with a half left empty is dropped before the shares are counted
        // (AATtools' drop_empty_cases).
        if na > 0 && nb > 0 {
            first_trials += na;
            all_trials += na + nb;
        }
        if let (Some(x), Some(y)) = (score_one(&mut a, options.kind), score_one(&mut b, options.kind)) {
            xs.push(x);
            ys.push(y);
        }
    }
    if options.case_prune {
        let within = |v: &[f64]| -> Vec<bool> {
            match (mean(v), sd(v)) {
                (Some(m), Some(s)) => v.iter().map(|x| ((x - m) / s).abs() < 3.0).collect(),
                _ => vec![false; v.len()],
            }
        };
        let (ka, kb) = (within(&xs), within(&ys));
        let keep: Vec<bool> = ka.iter().zip(&kb).map(|(a, b)| *a && *b).collect();
        let mut it = keep.iter();
        xs.retain(|_| *it.next().unwrap_or(&false));
        let mut it = keep.iter();
        ys.retain(|_| *it.next().unwrap_or(&false));
    }
    let pairs = xs.len();
    if pairs < 5 {
        return Err(SplitHalfError::TooFewPairs {
            iteration: index + 1,
            pairs,
        });
    }
    let none = SplitHalfError::NoCorrelation { iteration: index + 1 };
    let share = first_trials as f64 / all_trials.max(1) as f64;
    Ok(Iteration {
        r: pearson(&xs, &ys).ok_or(none)?,
        fr: flanagan_rulon(&xs, &ys).unwrap_or(f64::NAN),
        raju: raju(&xs, &ys, share).unwrap_or(f64::NAN),
        pairs,
    })
}

/// Every participant's two halves' cells, with the outlier rule where AATtools runs it:
/// per half; Grubbs' test per participant over both halves together; the sample-wide
/// percentile rule per half over all participants.
fn halves_cells(halves: &[[Vec<Usable>; 2]], config: &ScoringConfig) -> Vec<[Cells; 2]> {
    let mut ex = Exclusions::default();
    let cells = |set: &Result<Vec<Rt>, Dropped>, ex: &mut Exclusions| match set {
        Ok(kept) => cell_step(kept, config, 1, ex).0,
        // A half dropped for its error rate has no trials left (R filters its rows).
        Err(_) => Cells::default(),
    };
    match config.prune {
        TrialPrune::Grubbs { .. } => halves
            .iter()
            .map(|h| {
                let mut sets = [error_step(&h[0], config, &mut ex), error_step(&h[1], config, &mut ex)];
                pooled_outlier_step(&mut sets, config, &mut [Exclusions::default(), Exclusions::default()]);
                [cells(&sets[0], &mut ex), cells(&sets[1], &mut ex)]
            })
            .collect(),
        _ if config.sample_wide() => {
            let mut by_half: [Vec<Result<Vec<Rt>, Dropped>>; 2] =
                [0, 1].map(|k| halves.iter().map(|h| error_step(&h[k], config, &mut ex)).collect());
            for sets in &mut by_half {
                let mut counts = vec![Exclusions::default(); sets.len()];
                pooled_outlier_step(sets, config, &mut counts);
            }
            (0..halves.len())
                .map(|p| [cells(&by_half[0][p], &mut ex), cells(&by_half[1][p], &mut ex)])
                .collect()
        }
        _ => halves
            .iter()
            .map(|h| {
                [
                    process(&h[0], config, 1, &mut ex).0,
                    process(&h[1], config, 1, &mut ex).0,
                ]
            })
            .collect(),
    }
}

fn coefficient(average: Option<f64>, per_iteration: &mut [f64], avg_n: f64) -> Coefficient {
    let r = average.unwrap_or(f64::NAN);
    Coefficient {
        r,
        lower: quantile(per_iteration, 0.025).unwrap_or(f64::NAN),
        upper: quantile(per_iteration, 0.975).unwrap_or(f64::NAN),
        p: r_to_p(r, avg_n),
    }
}

/// Split-half reliability over `participants` (each one's usable trials, see
/// [`super::prepare::usable`]), with the error handling and outlier rule of `config`
/// applied to each half.
pub fn split_half(
    participants: &[Vec<Usable>],
    config: &ScoringConfig,
    options: &SplitHalfOptions,
) -> Result<SplitHalf, SplitHalfError> {
    let n = participants.len();
    if n < 5 {
        return Err(SplitHalfError::TooFewParticipants(n));
    }
    let groups: Vec<Groups> = participants
        .iter()
        .map(|p| Groups::of(p, options.by_stimulus))
        .collect();
    let results: Vec<Iteration> = (0..options.iterations)
        .into_par_iter()
        .map(|i| iteration(i, participants, &groups, config, options))
        .collect::<Result<_, _>>()?;
    let pairs: Vec<usize> = results.iter().map(|i| i.pairs).collect();
    let avg_n = pairs.iter().sum::<usize>() as f64 / pairs.len().max(1) as f64;
    let mut cors: Vec<f64> = results.iter().map(|i| i.r).collect();
    let mut sb: Vec<f64> = cors.iter().map(|&r| limit(spearman_brown(limit(r)))).collect();
    let mut fr: Vec<f64> = results.iter().map(|i| limit(i.fr)).collect();
    let mut rj: Vec<f64> = results.iter().map(|i| limit(i.raju)).collect();
    let average = cormean(&cors, &pairs);
    Ok(SplitHalf {
        uncorrected: coefficient(average, &mut cors, avg_n),
        spearman_brown: coefficient(average.map(spearman_brown), &mut sb, avg_n),
        flanagan_rulon: coefficient(cormean(&fr, &pairs), &mut fr, avg_n),
        raju: coefficient(cormean(&rj, &pairs), &mut rj, avg_n),
        avg_n,
        iterations: results.len(),
        participants: n,
    })
}
