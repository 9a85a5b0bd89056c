//! Outlying-RT rules within one participant (AATtools' trial drop functions), on the
//! trials that reached this step. Each returns which trials stay (and may change RTs).

use super::config::TrialPrune;
use super::stats::{mad, mean, median};

/// One trial as the rules see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rt {
    /// Cell index (see [`super::Cells`]).
    pub cell: usize,
    pub block: u32,
    /// The stimulus (see [`super::ScoreTrial::stimulus`]).
    pub stimulus: u32,
    /// RT (ms).
    pub rt: f64,
    pub error: bool,
    /// Moved to the SD limit by `RecodeSd` (left out of block means, as AATtools'
    /// `is.ol`).
    pub recoded: bool,
    /// Which set a trial came from, where a rule runs over several sets together (both
    /// halves of a participant, or all participants); 0 otherwise.
    pub tag: u32,
}

/// What a rule did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pruned {
    /// RTs removed.
    pub removed: usize,
    /// RTs moved to the limit (`RecodeSd`).
    pub recoded: usize,
    /// The share of outliers reached `max_outliers` (`SdDropCases`): not scored.
    pub too_many_outliers: bool,
}

/// R's `vec.scale` as AATtools uses it: (x - mean) / sd, sd with n - 1. `None` where R
/// gives NaN (fewer than two RTs, or no spread); R's `filter` then drops every RT.
fn scale(rts: &[Rt]) -> Option<(f64, f64)> {
    let v: Vec<f64> = rts.iter().map(|r| r.rt).collect();
    let m = mean(&v)?;
    let s = super::stats::sd(&v)?;
    (s > 0.0).then_some((m, s))
}

/// Applies `rule` to `rts` in place.
pub fn prune(rts: &mut Vec<Rt>, rule: TrialPrune) -> Pruned {
    let before = rts.len();
    let mut out = Pruned::default();
    match rule {
        TrialPrune::None => {}
        TrialPrune::Sd { limit } => match scale(rts) {
            Some((m, s)) => rts.retain(|r| ((r.rt - m) / s).abs() < limit),
            None => rts.clear(),
        },
        TrialPrune::Mad { limit } => {
            let v: Vec<f64> = rts.iter().map(|r| r.rt).collect();
            match (median(&mut v.clone()), mad(&v)) {
                (Some(med), Some(d)) if d > 0.0 => rts.retain(|r| ((r.rt - med) / d).abs() < limit),
                _ => rts.clear(),
            }
        }
        TrialPrune::SdDropCases { limit, max_outliers } => match scale(rts) {
            Some((m, s)) => {
                rts.retain(|r| ((r.rt - m) / s).abs() < limit);
                let share = (before - rts.len()) as f64 / before as f64;
                if share >= max_outliers {
                    out.too_many_outliers = true;
                }
            }
            None => rts.clear(),
        },
        TrialPrune::RecodeSd { limit } => {
            if let Some((m, s)) = scale(rts) {
                for r in rts.iter_mut() {
                    let z = (r.rt - m) / s;
                    if z >= limit {
                        r.rt = m + s * limit;
                        r.recoded = true;
                        out.recoded += 1;
                    } else if z <= -limit {
                        r.rt = m - s * limit;
                        r.recoded = true;
                        out.recoded += 1;
                    }
                }
            }
        }
        TrialPrune::PercentSubject { lower, upper } | TrialPrune::PercentSample { lower, upper } => {
            let ranks = average_ranks(rts);
            let n = rts.len();
            let mut keep = ranks.iter().map(|rank| {
                // (rank - 1) / (n - 1); NaN for one RT, which R's filter drops.
                let p = (rank - 1.0) / (n as f64 - 1.0);
                p > lower && p < upper
            });
            rts.retain(|_| keep.next().unwrap_or(false));
        }
        TrialPrune::Grubbs { alpha } => {
            let outliers = grubbs(rts, alpha);
            let mut it = outliers.iter();
            rts.retain(|_| !it.next().copied().unwrap_or(false));
        }
    }
    out.removed = before - rts.len();
    out
}

/// Grubbs' test repeated (AATtools' `grubbsFilter`): while the most extreme remaining
/// RT is an outlier at level `alpha`, mark it and test again. Stops below 3 RTs or
/// without spread (where R's function fails).
fn grubbs(rts: &[Rt], alpha: f64) -> Vec<bool> {
    let mut out = vec![false; rts.len()];
    loop {
        let left: Vec<usize> = (0..rts.len()).filter(|&i| !out[i]).collect();
        let n = left.len();
        let values: Vec<f64> = left.iter().map(|&i| rts[i].rt).collect();
        let (Some(m), Some(s)) = (mean(&values), super::stats::sd(&values)) else {
            break;
        };
        if n < 3 || s <= 0.0 {
            break;
        }
        // The first of the largest |z| (R's which.max).
        let mut biggest = 0;
        for (k, v) in values.iter().enumerate() {
            if ((v - m) / s).abs() > ((values[biggest] - m) / s).abs() {
                biggest = k;
            }
        }
        if grubbs_p((values[biggest] - m) / s, n) < alpha {
            out[left[biggest]] = true;
        } else {
            break;
        }
    }
    out
}

/// The p-value of Grubbs' statistic `z` among `n` values (AATtools' `pgrubbs`, from the
/// outliers package): n x P(T > t) with t from z, n - 2 degrees of freedom, at most 1.
fn grubbs_p(z: f64, n: usize) -> f64 {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    let n = n as f64;
    let s = (z * z * n * (2.0 - n)) / (z * z * n - (n - 1.0) * (n - 1.0));
    let t = s.sqrt();
    if t.is_nan() {
        return 0.0;
    }
    match StudentsT::new(0.0, 1.0, n - 2.0) {
        Ok(dist) => (n * (1.0 - dist.cdf(t))).min(1.0),
        Err(_) => 1.0,
    }
}

/// R's `rank()` with ties averaged (1-based), in the order of `rts`.
fn average_ranks(rts: &[Rt]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..rts.len()).collect();
    order.sort_by(|&a, &b| rts[a].rt.total_cmp(&rts[b].rt));
    let mut ranks = vec![0.0; rts.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && rts[order[j + 1]].rt == rts[order[i]].rt {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rts(v: &[f64]) -> Vec<Rt> {
        v.iter()
            .map(|&rt| Rt {
                cell: 0,
                block: 0,
                stimulus: 0,
                rt,
                error: false,
                recoded: false,
                tag: 0,
            })
            .collect()
    }

    #[test]
    fn ranks_average_ties_as_r_does() {
        // rank(c(3, 1, 3, 2)) = 3.5 1.0 3.5 2.0
        assert_eq!(average_ranks(&rts(&[3.0, 1.0, 3.0, 2.0])), vec![3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn sd_rule_is_strict_and_recode_moves_to_the_limit() {
        // mean 3, sd sqrt(2.5): 1 and 5 are exactly 2 / sqrt(2.5) SDs out; AATtools keeps
        // |z| < limit, so a limit of exactly that drops them.
        let mut v = rts(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            prune(
                &mut v,
                TrialPrune::Sd {
                    limit: 2.0 / 2.5f64.sqrt()
                }
            )
            .removed,
            2
        );
        let mut v = rts(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(prune(&mut v, TrialPrune::Sd { limit: 1.27 }).removed, 0);
        let mut v = rts(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let r = prune(&mut v, TrialPrune::RecodeSd { limit: 1.0 });
        assert_eq!(r.recoded, 2);
        assert!((v[4].rt - (3.0 + 2.5f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn grubbs_removes_the_far_ones_one_at_a_time() {
        // In R: z of 50 in c(1, 2, 3, 4, 5, 50) is 2.0357, pgrubbs gives p = 3.29e-5;
        // then 1:5 has no outlier.
        let mut v = rts(&[1.0, 2.0, 3.0, 4.0, 5.0, 50.0]);
        assert_eq!(prune(&mut v, TrialPrune::Grubbs { alpha: 0.05 }).removed, 1);
        assert_eq!(v.len(), 5);
        let mut v = rts(&[1.0, 2.0]);
        assert_eq!(prune(&mut v, TrialPrune::Grubbs { alpha: 0.05 }).removed, 0);
    }

    #[test]
    fn percent_rule_keeps_the_inside() {
        // percentiles 0, .25, .5, .75, 1: strictly inside (.01, .99) are the middle three.
        let mut v = rts(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        let r = prune(
            &mut v,
            TrialPrune::PercentSubject {
                lower: 0.01,
                upper: 0.99,
            },
        );
        assert_eq!(r.removed, 2);
        assert_eq!(v.iter().map(|r| r.rt).collect::<Vec<_>>(), vec![3.0, 2.0, 4.0]);
    }
}
