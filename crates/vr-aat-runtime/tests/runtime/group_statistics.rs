//! Statistics over many sessions and participants: the bootstrap interval's coverage,
//! and split-half reliability for cohorts with and without real differences.

use crate::common::*;
use vr_aat_core::data::{Cohort, Spread};
use vr_aat_core::rng::rng_for;
use vr_aat_core::scoring::{ScoreKind, SplitHalfOptions, Usable, Verdict, bootstrap, prepare, split_half, usable};
use vr_aat_core::trial::score_trials;
use vr_aat_runtime::trial::OnsetTiming;

/// Over 200 consecutive seeds, the 95% bootstrap interval of a synthetic patient's
/// median double difference contains the injected 50 ms in about 95% of sessions.
/// With 200 sessions the binomial SD of the coverage is 1.5 points; the percentile
/// bootstrap of medians from ~40 trials per cell is known to under-cover slightly, so
/// the accepted band is 88-99% (about 4.5 SDs below, 2.7 above).
#[test]
fn bootstrap_intervals_cover_the_true_bias() {
    let (protocol, catalogue) = protocol("assessment");
    let patient = patient("biased-50ms");
    let seeds = 200;
    let mut covered = 0;
    let mut scored = 0;
    for seed in 1..=seeds {
        let out = simulate(
            &protocol,
            &catalogue,
            &patient,
            seed,
            1,
            90.0,
            None,
            OnsetTiming::Interpolated,
        );
        let trials = score_trials(&out.records);
        let p = prepare(&trials, &protocol.scoring);
        if p.verdict != Verdict::Scored {
            continue;
        }
        scored += 1;
        let (kept, _) = usable(&trials, &protocol.scoring);
        let ci = bootstrap(&kept, &protocol.scoring, ScoreKind::MedianDiff, 1000, 0.95, seed).expect("interval");
        if ci.lower <= 50.0 && 50.0 <= ci.upper {
            covered += 1;
        }
    }
    let coverage = f64::from(covered) / f64::from(scored);
    eprintln!("coverage {covered}/{scored} = {coverage:.3}");
    assert!(scored >= 190);
    assert!((0.88..=0.99).contains(&coverage), "coverage {coverage}");
}

/// The usable trials of one assessment session per participant of a cohort.
fn cohort_trials(cohort: &Cohort, participants: u32) -> Vec<Vec<Usable>> {
    let (protocol, catalogue) = protocol("assessment");
    let base = patient("biased-50ms");
    (1..=participants)
        .filter_map(|i| {
            let mut rng = rng_for(99, 4, i, 0);
            let profile = cohort.participant(&base, i, &mut rng);
            let out = simulate(
                &protocol,
                &catalogue,
                &profile,
                u64::from(i),
                1,
                90.0,
                None,
                OnsetTiming::Interpolated,
            );
            let trials = score_trials(&out.records);
            let p = prepare(&trials, &protocol.scoring);
            (p.verdict == Verdict::Scored).then(|| usable(&trials, &protocol.scoring).0)
        })
        .collect()
}

fn cohort(bias_sd: f64) -> Cohort {
    Cohort {
        id: "t".into(),
        description: String::new(),
        base_patient: String::new(),
        approach_bias_ms: Spread {
            mean: 30.0,
            sd: bias_sd,
            min: -400.0,
            max: 400.0,
        },
        speed_shift_ms: Spread {
            mean: 0.0,
            sd: 40.0,
            min: -100.0,
            max: 100.0,
        },
        error_rate: Spread {
            mean: 0.05,
            sd: 0.0,
            min: 0.05,
            max: 0.05,
        },
    }
}

/// Half a session has 20 trials per cell, so a half's median double difference has a
/// sampling SD of about 70 ms. True biases spread with SD 150 ms give a half-score
/// reliability near 150^2 / (150^2 + 70^2) = 0.82, about 0.9 after Spearman-Brown;
/// identical true biases leave only noise, so the correlation is near zero (its
/// sampling SD with 30 participants is about 1/sqrt(29) = 0.19 for one split, less
/// averaged over splits).
#[test]
fn split_half_reliability_tells_real_differences_from_none() {
    let (protocol, _) = protocol("assessment");
    let options = SplitHalfOptions {
        kind: ScoreKind::MedianDiff,
        iterations: 1000,
        seed: 1,
        case_prune: false,
        by_stimulus: false,
    };
    let wide =
        split_half(&cohort_trials(&cohort(150.0), 30), &protocol.scoring, &options).expect("enough participants");
    let equal = split_half(&cohort_trials(&cohort(0.0), 30), &protocol.scoring, &options).expect("enough participants");
    let (w, e) = (wide.spearman_brown, equal.spearman_brown);
    eprintln!(
        "wide: r {:.3} r_sb {:.3} [{:.3}, {:.3}] p {:?}; equal: r {:.3} r_sb {:.3} [{:.3}, {:.3}] p {:?}",
        wide.uncorrected.r, w.r, w.lower, w.upper, w.p, equal.uncorrected.r, e.r, e.lower, e.upper, e.p
    );
    assert!(w.r > 0.75, "wide spread: {}", w.r);
    assert!(equal.uncorrected.r.abs() < 0.3, "equal biases: {}", equal.uncorrected.r);
    assert!(w.r - e.r > 0.5);
    // The interval over iterations holds the average; the p-value tells the two apart.
    assert!(w.lower <= w.r && w.r <= w.upper && e.lower <= e.r && e.r <= e.upper);
    assert!(w.p.expect("p") < 0.001 && e.p.expect("p") > 0.01, "{:?} {:?}", w.p, e.p);
}
