//! `vr-aat power`'s study simulation: power near the significance level when training
//! does nothing, high power when it does a lot, and the same numbers for the same seed.

use crate::common::*;
use vr_aat_core::data::load_cohort;
use vr_aat_core::scoring::ScoreKind;
use vr_aat_runtime::sim::study::{Arm, StudyDesign, estimate_power};

fn design<'a>(
    training: Arm<'a>,
    control: Arm<'a>,
    cohort: &'a vr_aat_core::data::Cohort,
    base: &'a vr_aat_core::data::PatientProfile,
    learning: f64,
) -> StudyDesign<'a> {
    StudyDesign {
        training,
        control,
        cohort,
        base,
        participants_per_arm: 8,
        learning_ms_per_training_session: learning,
        hz: 60.0,
        kind: ScoreKind::MedianDiff,
        alpha: 0.05,
        split_half_iterations: 50,
    }
}

#[test]
fn power_follows_the_effect_and_the_seed() {
    let (training, training_catalogue) = protocol("training-course");
    let (control, control_catalogue) = protocol("sham-training");
    let (cohort, base) = load_cohort(&asset("cohorts/study-arm.ron")).expect("cohort");
    let t = Arm {
        protocol: &training,
        catalogue: &training_catalogue,
    };
    let c = Arm {
        protocol: &control,
        catalogue: &control_catalogue,
    };
    // No learning: the arms differ only by chance. 24 studies: the share below 0.05 has a
    // binomial SD of 0.045, so more than 0.25 would be a broken test.
    let none = estimate_power(&design(t, c, &cohort, &base, 0.0), 24, 3).expect("runs");
    // -30 ms per training session: 5 training sessions before the last, -150 ms against
    // a change SD of about 80 ms: nearly every study finds it.
    let strong = estimate_power(&design(t, c, &cohort, &base, -30.0), 24, 3).expect("runs");
    eprintln!("{none:?}\n{strong:?}");
    assert!(none.power <= 0.25, "type I error {}", none.power);
    assert!(none.mean_training_change.abs() < 25.0 && none.mean_control_change.abs() < 25.0);
    assert!(strong.power >= 0.9, "power {}", strong.power);
    assert!(
        (strong.mean_training_change - -150.0).abs() < 30.0,
        "{}",
        strong.mean_training_change
    );
    assert!(strong.mean_control_change.abs() < 25.0);
    let (rel, lo, hi) = strong.reliability.expect("reliability");
    assert!(lo <= rel && rel <= hi && rel > 0.3, "{rel} [{lo}, {hi}]");
    // Seeded: the same design and seed give the same estimate; another seed does not (a
    // few studies show it as well as many).
    let few = estimate_power(&design(t, c, &cohort, &base, -30.0), 4, 3).expect("runs");
    assert_eq!(
        estimate_power(&design(t, c, &cohort, &base, -30.0), 4, 3).expect("runs"),
        few
    );
    assert_ne!(
        estimate_power(&design(t, c, &cohort, &base, -30.0), 4, 4).expect("runs"),
        few
    );
}

/// Runs `vr-aat power ARGS` in `dir`.
fn power(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("power")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run vr-aat")
}

#[test]
fn the_power_command_checks_its_arguments_and_prints_a_row_per_size() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = power(data.path(), &["--alpha", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--alpha"));
    let out = power(data.path(), &["--protocol", "assessment"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 2"));
    let out = power(
        data.path(),
        &[
            "--participants",
            "5,6",
            "--replications",
            "3",
            "--hz",
            "30",
            "--csv",
            "--split-half-iterations",
            "0",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].starts_with("5,3,") && rows[1].starts_with("6,3,"), "{text}");
    assert!(
        std::fs::read_dir(data.path()).expect("dir").next().is_none(),
        "power writes nothing"
    );
}
