//! A synthetic patient as real as a patient: its hand drifts and trembles, the runtime
//! loses it now and then, and it learns from training (not from sham). The engine's
//! movement onsets stay within a millisecond of the truth at the median for every kind
//! of imperfection; occluded trials are flagged (and left out of the scores); every
//! simulated session writes its ground truth to `truth.csv`, so the timing can be
//! checked from the files alone.

use crate::common::*;
use vr_aat_core::data::{Imperfections, PatientProfile};
use vr_aat_core::scoring::{ScoringConfig, prepare, score};
use vr_aat_core::trial::score_trials;
use vr_aat_runtime::sim::SessionOutput;
use vr_aat_runtime::trial::OnsetTiming;

/// |measured - true| movement onset (ms) for every trial with a movement.
fn onset_errors_ms(out: &SessionOutput) -> Vec<f64> {
    out.records
        .iter()
        .filter_map(|r| {
            let truth = out.truth.iter().find(|t| t.trial == r.trial)?;
            Some((r.movement_onset_s? - truth.movement_onset_s?).abs() * 1000.0)
        })
        .collect()
}

fn with(imperfections: Imperfections) -> PatientProfile {
    PatientProfile {
        imperfections,
        ..patient("biased-50ms")
    }
}

#[test]
fn every_imperfection_keeps_onsets_within_a_millisecond_at_72_hz() {
    let (protocol, catalogue) = protocol("assessment");
    let none = Imperfections::default();
    let cases = [
        (
            "drift 5 mm/s",
            Imperfections {
                drift_mm_s: 5.0,
                ..none
            },
        ),
        ("tremor 0.4 mm at 9 Hz", Imperfections { tremor_mm: 0.4, ..none }),
        (
            "occlusions 4/min of 300 ms",
            Imperfections {
                occlusions_per_min: 4.0,
                ..none
            },
        ),
        ("all of them", patient("realistic").imperfections),
    ];
    for (what, imperfections) in cases {
        let out = simulate(
            &protocol,
            &catalogue,
            &with(imperfections),
            21,
            1,
            72.0,
            None,
            OnsetTiming::Interpolated,
        );
        let errors = onset_errors_ms(&out);
        assert!(errors.len() > 150, "{what}: {} trials with a movement", errors.len());
        let m = median(errors);
        let lost = out.records.iter().filter(|r| r.tracking_lost).count();
        eprintln!("{what}: median |onset error| {m:.3} ms, {lost} trials with lost tracking");
        assert!(m <= 1.0, "{what}: median onset error {m} ms");
        if imperfections.occlusions_per_min > 0.0 {
            assert!(lost > 0, "{what}: occluded trials are flagged");
            // Flagged trials are left out of the scores by default.
            let trials = score_trials(&out.records);
            let prepared = prepare(&trials, &ScoringConfig::default());
            assert_eq!(prepared.excluded.flagged, lost_in_scored_blocks(&out));
        } else {
            assert_eq!(lost, 0, "{what}: nothing occluded");
        }
    }
}

fn lost_in_scored_blocks(out: &SessionOutput) -> usize {
    out.records
        .iter()
        .filter(|r| r.block_kind.is_scored() && (r.tracking_lost || r.budget_overrun))
        .count()
}

#[test]
fn the_truth_file_lets_anyone_check_the_timing() {
    let data = tempfile::tempdir().unwrap();
    let out = vr_aat(
        data.path(),
        &[
            "simulate",
            "--participant",
            "T1",
            "--sessions",
            "1",
            "--hz",
            "72",
            "--no-tracking",
            "--protocol",
            &asset("protocols/training-course.ron").display().to_string(),
            "--patient",
            &asset("patients/realistic.ron").display().to_string(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = data.path().join("T1/S01");
    // From the two files alone: trials.csv's movement onsets against truth.csv's.
    let column = |file: &str, name: &str| -> Vec<(u32, Option<f64>)> {
        let mut r = csv::Reader::from_path(dir.join(file)).expect(file);
        let headers = r.headers().expect("header").clone();
        let (ti, ci) = (
            headers.iter().position(|h| h == "trial").expect("trial"),
            headers.iter().position(|h| h == name).expect(name),
        );
        r.records()
            .map(|row| {
                let row = row.expect("row");
                (row[ti].parse().expect("trial"), row[ci].parse().ok())
            })
            .collect()
    };
    let measured = column("trials.csv", "movement_onset_s");
    let truth = column("truth.csv", "movement_onset_s");
    assert_eq!(truth.len(), 288, "one truth row per trial shown");
    let errors: Vec<f64> = measured
        .iter()
        .filter_map(|(trial, m)| {
            let t = truth.iter().find(|(n, _)| n == trial)?.1?;
            Some((m.as_ref()? - t).abs() * 1000.0)
        })
        .collect();
    assert!(errors.len() > 250);
    let m = median(errors);
    assert!(m <= 1.0, "median |onset error| from the files: {m} ms");
}

/// First-to-last change in the bias (ms, double difference of medians) over `seeds`
/// simulated participants, with the protocol's scoring.
fn mean_change(protocol_name: &str, learning: f64, seeds: u64) -> f64 {
    let (protocol, catalogue) = protocol(protocol_name);
    let patient = PatientProfile {
        learning_ms_per_training_session: learning,
        ..patient("biased-50ms")
    };
    let bias = |seed, session| {
        let out = simulate(
            &protocol,
            &catalogue,
            &patient,
            seed,
            session,
            90.0,
            None,
            OnsetTiming::Interpolated,
        );
        let prepared = prepare(&score_trials(&out.records), &protocol.scoring);
        score(&prepared.cells).median_diff.expect("scored")
    };
    let changes: f64 = (0..seeds).map(|seed| bias(seed, 6) - bias(seed, 1)).sum();
    changes / seeds as f64
}

#[test]
fn the_patient_learns_from_training_and_not_from_sham() {
    // -20 ms after each of the five training sessions before session 6: -100 ms. Over 8
    // participants the mean change has an SD of about 30 ms.
    let trained = mean_change("training-course", -20.0, 8);
    eprintln!("training: mean change {trained:.1} ms (configured -100)");
    assert!(
        (trained + 100.0).abs() < 60.0,
        "training changed the bias by {trained} ms"
    );
    let sham = mean_change("sham-training", -20.0, 8);
    eprintln!("sham: mean change {sham:.1} ms (configured 0)");
    assert!(sham.abs() < 60.0, "sham changed the bias by {sham} ms");
    assert!(trained < sham - 40.0);
}
