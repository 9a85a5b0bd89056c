//! `vr-aat power`'s study simulation: power near the significance level when training
//! does nothing, high power when it does a lot, and the same numbers for the same seed.

use crate::common::*;
use vr_aat_core::data::load_cohort;
use vr_aat_core::scoring::ScoreKind;
use vr_aat_runtime::sim::study::{Arm, PowerEstimate, StudyDesign, analytic_power, estimate_power};

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
        // Both arms measured by the training course's assessment.
        outcome: training,
        cohort,
        base,
        learning_ms_per_training_session: learning,
        hz: 60.0,
        kind: ScoreKind::MedianDiff,
        alpha: 0.05,
        splits: 50,
    }
}

fn one(design: &StudyDesign, n: u32, replications: u32, seed: u64) -> PowerEstimate {
    estimate_power(design, &[n], replications, seed)
        .expect("runs")
        .remove(0)
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
    let none = one(&design(t, c, &cohort, &base, 0.0), 8, 24, 3);
    // -30 ms per training session: 5 training sessions before the last, -150 ms against
    // a change SD of about 80 ms: nearly every study finds it.
    let strong = one(&design(t, c, &cohort, &base, -30.0), 8, 24, 3);
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
    // Both arms take the same assessment: their changes are equally noisy, and their
    // reliabilities alike, each shown apart from the pooled one.
    let ratio = strong.sd_training_change / strong.sd_control_change;
    assert!((0.6..1.6).contains(&ratio), "SDs of change {strong:?}");
    let pooled = strong.reliability_pooled.expect("reliability");
    assert!(
        pooled.lower <= pooled.mean && pooled.mean <= pooled.upper && pooled.mean > 0.3,
        "{pooled:?}"
    );
    let (tr, cr) = (
        strong.reliability_training.expect("training arm").mean,
        strong.reliability_control.expect("control arm").mean,
    );
    assert!((tr - cr).abs() < 0.25, "the same measure in both arms: {tr} vs {cr}");
    // Seeded: the same design and seed give the same estimate; another seed does not (a
    // few studies show it as well as many).
    let few = one(&design(t, c, &cohort, &base, -30.0), 8, 4, 3);
    assert_eq!(one(&design(t, c, &cohort, &base, -30.0), 8, 4, 3), few);
    assert_ne!(one(&design(t, c, &cohort, &base, -30.0), 8, 4, 4), few);
    // A smaller size is the first participants of the larger one's studies.
    let both = estimate_power(&design(t, c, &cohort, &base, -30.0), &[8, 4], 4, 3).expect("runs");
    assert_eq!(both[0], few);
}

/// The simulated power agrees with a t-test's analytic power for the simulated
/// difference and SD, within the simulation's Monte Carlo error.
#[test]
fn simulated_power_agrees_with_the_analytic_power() {
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
    let mut d = design(t, c, &cohort, &base, -12.0);
    d.splits = 0;
    let e = one(&d, 12, 60, 5);
    let sd = ((e.sd_training_change.powi(2) + e.sd_control_change.powi(2)) / 2.0).sqrt();
    let analytic = analytic_power(
        e.mean_training_change - e.mean_control_change,
        sd,
        e.mean_scored_per_arm.round() as u32,
        0.05,
    )
    .expect("power");
    eprintln!("{e:?}\nanalytic {analytic}");
    assert!(
        e.power > 0.1 && e.power < 0.95,
        "a power in the informative middle: {}",
        e.power
    );
    assert!(
        (e.power - analytic).abs() < 3.0 * e.power_error + 0.05,
        "simulated {} ± {} vs analytic {analytic}",
        e.power,
        e.power_error
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
