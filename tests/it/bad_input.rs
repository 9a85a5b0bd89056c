//! Nothing is changed before everything is checked: every bad argument, file or profile
//! given to a writer exits 2 with a message naming what is wrong and leaves the data
//! folder byte-identical, earlier simulations (single and cohort) included.

use std::path::Path;
use std::process::Output;

use crate::common::*;

fn simulate(data: &Path, extra: &[&str]) -> Output {
    let protocol = asset("protocols/training-course.ron").display().to_string();
    let mut args = vec!["simulate", "--no-tracking"];
    if !extra.contains(&"--protocol") {
        args.extend(["--protocol", &protocol]);
    }
    if !extra.contains(&"--sessions") {
        args.extend(["--sessions", "1"]);
    }
    args.extend_from_slice(extra);
    vr_aat(data, &args)
}

#[test]
fn bad_input_exits_2_and_leaves_the_data_folder_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Earlier simulations that bad input must not touch: one participant, and a cohort.
    let cohort = asset("cohorts/study-arm.ron").display().to_string();
    for extra in [
        vec!["--participant", "P1"],
        vec!["--cohort", &cohort, "--participants", "3"],
    ] {
        let out = simulate(&data, &extra);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let before = snapshot(&data);

    // A patient whose reach cannot complete a push, and damaged or missing files.
    let short = dir.path().join("short-reach.ron");
    let profile = std::fs::read_to_string(asset("patients/biased-50ms.ron")).unwrap();
    std::fs::write(
        &short,
        profile.replace("reach_amplitude_fraction: 0.3", "reach_amplitude_fraction: 0.1"),
    )
    .unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Protocol(id: \"x\", sessions: ").unwrap();
    let (short, broken) = (short.display().to_string(), broken.display().to_string());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--participant", "P1", "--hz", "0"], "--hz"),
        (vec!["--participant", "P1", "--hz", "1000"], "--hz"),
        (vec!["--participant", "P1", "--hz", "NaN"], "--hz"),
        (vec!["--participant", "P1", "--batch", "0"], "--batch"),
        (vec!["--participant", "P1", "--batch", "100"], "--batch"),
        (vec!["--participant", "P1", "--speed", "0"], "--speed"),
        (vec!["--participant", "P1", "--speed=-2"], "--speed"),
        (vec!["--participant", "P1", "--sessions", "0"], "--sessions"),
        (vec!["--participant", "P1", "--sessions", "99"], "--sessions"),
        (vec!["--participant", "P1", "--patient", &short], "reach"),
        (vec!["--participant", "P1", "--patient", "missing.ron"], "missing.ron"),
        (vec!["--participant", "P1", "--protocol", &broken], "broken.ron"),
        (vec!["--participant", "../P1"], "is not allowed"),
        (vec!["--cohort", &cohort, "--participants", "3", "--hz", "0"], "--hz"),
        (
            vec!["--cohort", &cohort, "--participants", "3", "--batch", "0"],
            "--batch",
        ),
        (vec!["--cohort", &cohort, "--participants", "0"], "--participants"),
        (vec!["--cohort", &broken], "broken.ron"),
    ];
    for (args, says) in cases {
        let out = simulate(&data, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?} should name `{says}`: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: no table for a run that never started");
        assert!(snapshot(&data) == before, "{args:?} changed the data folder");
    }
    // The earlier simulations still read cleanly.
    let out = vr_aat(&data, &["sessions"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_folder_with_other_data_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("P001")).unwrap();
    std::fs::write(data.join("P001/keep.txt"), "real data").unwrap();
    let before = snapshot(&data);
    let out = simulate(&data, &["--participant", "P001"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not write"));
    assert!(snapshot(&data) == before);
}

#[test]
fn a_damaged_protocol_for_play_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Protocol(id: \"x\", sessions: ").unwrap();
    let broken = broken.display().to_string();
    for args in [
        vec!["play", "--flat", "--participant", "P1", "--protocol", &broken],
        vec!["play", "--flat", "--participant", "a/b"],
    ] {
        let out = vr_aat(&data, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!data.exists(), "{args:?} created the data folder");
    }
}

#[test]
fn readers_refuse_bad_arguments_and_never_write_into_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(simulate(&data, &["--participant", "P1"]).status.success());
    let before = snapshot(&data);
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, "x").unwrap();
    let (inside, file) = (data.join("export").display().to_string(), a_file.display().to_string());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["export", "--out", &inside], "inside the data folder"),
        (vec!["export", "--out", &file], "expected a folder"),
        (
            vec!["export", "--out", "elsewhere", "--participant", "P9"],
            "no participant",
        ),
        (vec!["summary", "P1", "--iterations", "0"], "at least 1"),
        (vec!["summary", "nobody"], "no participant"),
        (vec!["summary", "../P1"], "is not allowed"),
        (vec!["reliability", "--session", "0"], "--session"),
        (vec!["reliability", "--iterations", "0"], "at least 1"),
        (vec!["repair", "--participant", "P9"], "no participant"),
    ];
    for (args, says) in cases {
        let out = vr_aat(&data, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?} should say `{says}`: {err}");
        assert!(snapshot(&data) == before, "{args:?} changed the data folder");
    }
    assert!(!dir.path().join("elsewhere").exists());
}
