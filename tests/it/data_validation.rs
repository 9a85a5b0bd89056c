//! Every kind of bad data file is rejected with an error that names the file, the place
//! (line and column where the file spells the value), the field and what was expected;
//! `vr-aat check` exits with status 2 for them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::asset;
use vr_aat_core::data::{DataError, check_file, load_catalogue, load_patient, load_protocol};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}

/// A valid protocol; `edit` swaps one snippet for a broken one.
fn protocol_text(catalogue: &Path, from: &str, to: &str) -> String {
    let base = format!(
        r#"Protocol(
    id: "test",
    title: "Test",
    catalogue: "{}",
    sessions: 2,
    randomisation: Randomisation(max_same_category_run: 3, max_same_direction_run: 3),
    blocks: [
        Block(name: "a", kind: Assessment, trials: 40, alcohol_push_share: 1.0),
        Block(name: "b", kind: Training, trials: 20, alcohol_push_share: 1.0, sessions: Only([2])),
    ],
)"#,
        catalogue.display()
    );
    assert!(base.contains(from), "test snippet {from:?} not in the base protocol");
    base.replacen(from, to, 1)
}

/// Loads a protocol with one edit and returns the error message.
fn protocol_error(from: &str, to: &str) -> (DataError, String, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "p.ron",
        &protocol_text(&asset("stimuli/drinks.ron"), from, to),
    );
    let err = load_protocol(&file).expect_err("the broken protocol is rejected");
    let msg = err.to_string();
    assert!(
        msg.contains(&file.display().to_string()),
        "message names the file: {msg}"
    );
    // Keep the directory alive until the message is taken.
    drop(dir);
    (err, msg, file)
}

#[test]
fn the_base_protocol_is_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "p.ron",
        &protocol_text(&asset("stimuli/drinks.ron"), "", ""),
    );
    load_protocol(&file).expect("valid");
}

#[test]
fn syntax_errors_name_line_and_column() {
    let (err, msg, _) = protocol_error("sessions: 2,", "sessions: 2");
    assert!(matches!(err, DataError::Syntax { .. }), "{msg}");
    let place = err.place().expect("a place");
    assert_eq!(place.line, 6, "{msg}");
    assert!(msg.contains(":6:"), "{msg}");
}

#[test]
fn a_misspelt_field_is_named() {
    let (err, msg, _) = protocol_error("trials: 40", "trails: 40");
    assert!(matches!(err, DataError::Syntax { .. }));
    assert!(msg.contains("trails"), "{msg}");
    assert_eq!(err.place().map(|p| p.line), Some(8), "{msg}");
}

#[test]
fn an_unknown_stimulus_id_is_rejected() {
    let (err, msg, _) = protocol_error(
        "alcohol_push_share: 1.0),\n        Block(name: \"b\"",
        "alcohol_push_share: 1.0, stimuli: Ids([\"beer-bottle\", \"absinthe\"])),\n        Block(name: \"b\"",
    );
    assert_eq!(err.field(), Some("blocks[0].stimuli"), "{msg}");
    assert!(msg.contains("unknown stimulus id `absinthe`"), "{msg}");
    assert_eq!(err.place().map(|p| p.line), Some(8), "{msg}");
}

#[test]
fn shares_outside_zero_to_one_are_rejected() {
    let (err, msg, _) = protocol_error(
        "trials: 40, alcohol_push_share: 1.0",
        "trials: 40, alcohol_push_share: 1.5",
    );
    assert_eq!(err.field(), Some("blocks[0].alcohol_push_share"), "{msg}");
    assert!(msg.contains("expected a share from 0 to 1"), "{msg}");
    let place = err.place().expect("place");
    assert_eq!((place.line, place.col), (8, 76), "{msg}");
}

#[test]
fn zero_trials_and_zero_sessions_are_rejected() {
    let (err, msg, _) = protocol_error("trials: 20", "trials: 0");
    assert_eq!(err.field(), Some("blocks[1].trials"), "{msg}");
    assert_eq!(err.place().map(|p| p.line), Some(9));
    let (err, msg, _) = protocol_error("sessions: 2,\n    rand", "sessions: 0,\n    rand");
    assert!(msg.contains("field `sessions`"), "{msg}");
    assert!(err.place().is_some());
}

#[test]
fn contradictory_settings_are_rejected() {
    // A 50/50 block under the stimulus-relevant instruction cannot be instructed.
    let (err, msg, _) = protocol_error(
        "trials: 40, alcohol_push_share: 1.0",
        "trials: 40, alcohol_push_share: 0.5",
    );
    assert_eq!(err.field(), Some("blocks[0].alcohol_push_share"), "{msg}");
    assert!(msg.contains("stimulus-relevant"), "{msg}");
    // A run limit of zero allows no trial at all.
    let (err, msg, _) = protocol_error("max_same_category_run: 3", "max_same_category_run: 0");
    assert_eq!(err.field(), Some("randomisation.max_same_category_run"), "{msg}");
    assert_eq!(err.place().map(|p| p.line), Some(6));
    // A block for a session the course does not have.
    let (err, msg, _) = protocol_error("Only([2])", "Only([3])");
    assert_eq!(err.field(), Some("blocks[1].sessions"), "{msg}");
}

#[test]
fn counts_that_cannot_be_balanced_are_rejected() {
    let (err, msg, _) = protocol_error("trials: 40", "trials: 41");
    assert_eq!(err.field(), Some("blocks[0].trials"), "{msg}");
    assert!(msg.contains("cannot be split exactly"), "{msg}");
}

#[test]
fn run_limits_the_counts_cannot_meet_are_rejected() {
    // 40 alcohol and 0 soft trials cannot avoid runs of more than 3 alcohol trials.
    let (err, msg, _) = protocol_error(
        "trials: 40, alcohol_push_share: 1.0",
        "trials: 40, alcohol_share: 1.0, alcohol_push_share: 1.0",
    );
    assert_eq!(err.field(), Some("randomisation.max_same_category_run"), "{msg}");
    assert!(msg.contains("cannot avoid runs longer than 3"), "{msg}");
}

#[test]
fn a_missing_catalogue_is_reported_at_the_protocol_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "p.ron",
        &protocol_text(Path::new("nowhere/drinks.ron"), "", ""),
    );
    let err = load_protocol(&file).expect_err("rejected");
    assert_eq!(err.field(), Some("catalogue"), "{err}");
    assert_eq!(err.place().map(|p| p.line), Some(4));
}

#[test]
fn bad_catalogues_are_rejected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(asset("stimuli/drinks.ron")).expect("catalogue");
    for (from, to, field) in [
        ("id: \"red-wine\"", "id: \"beer-bottle\"", "drinks[1].id"),
        (
            "matched_with: Some(\"orange-juice\")",
            "matched_with: Some(\"tomato-juice\")",
            "drinks[1].matched_with",
        ),
        ("fill: 0.4", "fill: 1.4", "drinks[1].model.fill"),
        ("id: \"whisky\"", "id: \"Whisky Sour\"", "drinks[3].id"),
    ] {
        let file = write(dir.path(), "c.ron", &good.replacen(from, to, 1));
        let err = load_catalogue(&file).expect_err("rejected");
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.place().is_some(), "{err}");
    }
}

#[test]
fn bad_patient_profiles_are_rejected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(asset("patients/biased-50ms.ron")).expect("patient");
    for (from, to, field) in [
        ("error_rate: 0.05", "error_rate: 1.5", "error_rate"),
        ("arm_reach_m: 0.65", "arm_reach_m: 3.0", "body.arm_reach_m"),
        (
            "push_alcohol: ExGaussian(mu_ms: 520, sigma_ms: 60",
            "push_alcohol: ExGaussian(mu_ms: 520, sigma_ms: 0",
            "rt.push_alcohol.sigma_ms",
        ),
    ] {
        let file = write(dir.path(), "pat.ron", &good.replacen(from, to, 1));
        let err = load_patient(&file).expect_err("rejected");
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.place().is_some(), "{err}");
    }
}

#[test]
fn check_tells_file_kinds_apart_and_rejects_unknown_ones() {
    assert!(check_file(&asset("stimuli/drinks.ron")).is_ok());
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "x.ron", "Something(a: 1)");
    let msg = check_file(&file).expect_err("unknown kind").to_string();
    assert!(msg.contains("expected it to start with `Protocol(`"), "{msg}");
}

#[test]
fn the_check_command_exits_2_and_prints_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(
        dir.path(),
        "bad.ron",
        &protocol_text(
            &asset("stimuli/drinks.ron"),
            "trials: 40, alcohol_push_share: 1.0",
            "trials: 0, alcohol_push_share: 7.0",
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("check")
        .arg(asset("protocols/assessment.ron"))
        .arg(&bad)
        .output()
        .expect("run vr-aat");
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("ok: ") && stdout.contains("assessment.ron"), "{stdout}");
    assert!(
        stderr.contains("bad.ron:8:") && stderr.contains("blocks[0].trials"),
        "{stderr}"
    );
    assert!(
        stderr.contains("blocks[0].alcohol_push_share"),
        "both problems are listed: {stderr}"
    );
}
