//! Bias recovery: over an assessment session, the double-difference median score the
//! engine measures recovers the bias injected into the synthetic patient.
//!
//! One session has 40 correct-ish trials per cell; the score of one session scatters by
//! about 50 ms (four medians of ~38 ex-Gaussian RTs with SD ~125 ms). So the test runs
//! 40 consecutive seeds (not chosen) per patient and checks the mean score against the
//! injected bias with a bound of 3.5 standard errors of that mean, computed from the
//! scores' own spread: a correct engine fails this about once in 1000 seed ranges, a
//! systematic error of ~30 ms or more fails it almost always.

use crate::common::*;
use vr_aat_runtime::sim::summarise;
use vr_aat_runtime::trial::OnsetTiming;

const SEEDS: u64 = 40;

fn scores(patient_name: &str, bias_ms: f64) -> Vec<f64> {
    let (protocol, catalogue) = protocol("assessment");
    let mut patient = patient(patient_name);
    patient.approach_bias_ms = bias_ms;
    (1..=SEEDS)
        .map(|seed| {
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
            summarise(1, &out.records, &protocol.scoring)
                .bias_ms
                .expect("every cell has correct trials")
        })
        .collect()
}

fn mean_and_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

#[test]
fn recovers_zero_and_fifty_ms() {
    let none = scores("biased-50ms", 0.0);
    let fifty = scores("biased-50ms", 50.0);
    let (m0, se0) = mean_and_se(&none);
    let (m50, se50) = mean_and_se(&fifty);
    eprintln!("injected 0 ms: mean {m0:.1} ms (SE {se0:.1}); injected 50 ms: mean {m50:.1} ms (SE {se50:.1})");
    assert!(se0 < 15.0 && se50 < 15.0, "scores scatter more than expected");
    assert!(m0.abs() <= 3.5 * se0, "bias 0 recovered as {m0}");
    assert!((m50 - 50.0).abs() <= 3.5 * se50, "bias 50 recovered as {m50}");
    // Paired by seed (same trial order and draws), the difference is far less noisy.
    let diffs: Vec<f64> = fifty.iter().zip(&none).map(|(a, b)| a - b).collect();
    let (md, sed) = mean_and_se(&diffs);
    eprintln!("paired difference: {md:.1} ms (SE {sed:.1})");
    assert!((md - 50.0).abs() <= 3.5 * sed.max(0.5), "difference {md}");
}
