//! `vr-aat simulate` as a user runs it: byte-identical output for the same seed, a
//! different trial order for another seed, and bad input rejected with status 2 and
//! nothing written.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::asset;

fn simulate(cwd: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .current_dir(cwd)
        .arg("simulate")
        .arg("--protocol")
        .arg(asset("protocols/training-course.ron"))
        .arg("--patient")
        .arg(asset("patients/biased-50ms.ron"))
        .args(["--data-dir", "out", "--sessions", "2"])
        .args(extra)
        .env_remove("VR_AAT_DATA_DIR")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run vr-aat")
}

/// `vr-aat simulate ARGS --data-dir out` in `cwd`, nothing else given.
fn simulate_only(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .current_dir(cwd)
        .arg("simulate")
        .args(args)
        .args(["--data-dir", "out"])
        .env_remove("VR_AAT_DATA_DIR")
        .output()
        .expect("run vr-aat")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn same_seed_same_bytes_other_seed_other_order() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let out_a = simulate(a.path(), &["--seed", "5"]);
    let out_b = simulate(b.path(), &["--seed", "5", "--batch", "1"]);
    let out_c = simulate(c.path(), &["--seed", "6", "--participant", "sim-biased-50ms-s5"]);
    for o in [&out_a, &out_b, &out_c] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(out_a.stdout, out_b.stdout);
    let stdout = String::from_utf8_lossy(&out_a.stdout);
    assert!(stdout.contains("push-alc") && stdout.lines().count() >= 6, "{stdout}");
    for s in ["S01", "S02"] {
        // Every file of the session, whatever the batch (core_cost.ron holds measured
        // times: it differs between any two runs).
        let dir = format!("out/sim-biased-50ms-s5/{s}");
        let names: Vec<_> = std::fs::read_dir(a.path().join(&dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != "core_cost.ron")
            .collect();
        for f in ["session.ron", "trials.csv", "tracking.csv", "events.csv", "summary.ron"] {
            assert!(names.iter().any(|n| n == f), "{dir}/{f}: {names:?}");
        }
        for name in &names {
            let rel = format!("{dir}/{name}");
            assert!(
                std::fs::read(a.path().join(&rel)).unwrap() == std::fs::read(b.path().join(&rel)).unwrap(),
                "{rel} differs between --batch 1 and the default batch"
            );
        }
        let rel = format!("{dir}/trials.csv");
        let (fa, fb, fc) = (
            read(&a.path().join(&rel)),
            read(&b.path().join(&rel)),
            read(&c.path().join(&rel)),
        );
        assert_eq!(fa, fb, "{rel} differs between identical runs");
        let order = |f: &str| {
            f.lines()
                .map(|l| l.split(',').nth(7).unwrap_or("").to_owned())
                .collect::<Vec<_>>()
        };
        assert_ne!(order(&fa), order(&fc), "another seed gives another order");
        assert_eq!(fa.lines().count(), 289);
    }
}

#[test]
fn a_bad_protocol_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        read(&asset("protocols/practice.ron"))
            .replace("trials: 16", "trials: 15")
            .replace("../stimuli/drinks.ron", "drinks.ron"),
    )
    .unwrap();
    std::fs::write(dir.path().join("drinks.ron"), read(&asset("stimuli/drinks.ron"))).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .current_dir(dir.path())
        .args(["simulate", "--protocol", "bad.ron", "--data-dir", "out", "--patient"])
        .arg(asset("patients/biased-50ms.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ron") && err.contains("blocks[0].trials"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing is written on bad input");
}

#[test]
fn path_like_participant_ids_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["../escape", "Jane Doe", "a/b"] {
        let out = simulate(dir.path(), &["--participant", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not allowed"));
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn folders_with_other_data_are_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("out/P001")).unwrap();
    std::fs::write(dir.path().join("out/P001/keep.txt"), "real data").unwrap();
    let out = simulate(dir.path(), &["--participant", "P001"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(read(&dir.path().join("out/P001/keep.txt")), "real data");
}

/// The shipped protocols, patients and cohorts are built in: from a folder without
/// `assets/`, the main job runs with its defaults and with names; a parallel cohort gives
/// the same bytes as one participant at a time.
#[test]
fn runs_from_any_folder_with_built_in_files() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vr-aat"))
            .current_dir(dir.path())
            .arg("simulate")
            .args(args)
            .env_remove("VR_AAT_DATA_DIR")
            .output()
            .expect("run vr-aat")
    };
    let out = run(&["--sessions", "1", "--no-tracking"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta = read(&dir.path().join("data/sim-biased-50ms-s1/S01/session.ron"));
    assert!(
        meta.contains("protocol_file: \"built-in:protocols/training-course.ron\""),
        "{meta}"
    );
    let out = run(&["--protocol", "nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("assessment, practice"));
    for (jobs, folder) in [("1", "one"), ("2", "two")] {
        let out = run(&[
            "--cohort",
            "study-arm",
            "--participants",
            "4",
            "--protocol",
            "assessment",
            "--jobs",
            jobs,
            "--data-dir",
            folder,
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    for p in 1..=4 {
        for file in ["trials.csv", "tracking.csv", "events.csv"] {
            let rel = format!("arm-p{p:02}/S01/{file}");
            assert_eq!(
                read(&dir.path().join("one").join(&rel)),
                read(&dir.path().join("two").join(&rel)),
                "{rel}"
            );
        }
    }
}

/// A valid patient whose default participant id would run over 32 characters: the
/// error names the id and suggests --participant, and with it the simulation runs.
#[test]
fn a_long_default_participant_id_suggests_participant() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(asset("patients/biased-50ms.ron"))
        .unwrap()
        .replace("id: \"biased-50ms\"", "id: \"a-patient-with-a-very-long-profile-id\"");
    let file = dir.path().join("long.ron");
    std::fs::write(&file, text).unwrap();
    let out = simulate_only(
        dir.path(),
        &["--patient", file.to_str().unwrap(), "--protocol", "practice"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sim-a-patient-with-a-very-long-profile-id-s1") && err.contains("--participant"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
    let out = simulate_only(
        dir.path(),
        &[
            "--patient",
            file.to_str().unwrap(),
            "--protocol",
            "practice",
            "--participant",
            "long-1",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A cohort of more than 20 participants records no pose stream unless asked, and says
/// so with the estimated disk use before it runs.
#[test]
fn a_large_cohort_leaves_the_pose_stream_out_and_says_what_it_will_write() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = |extra: &[&str]| {
        let mut args = vec![
            "--cohort",
            "equal-bias",
            "--participants",
            "21",
            "--protocol",
            "practice",
        ];
        args.extend_from_slice(extra);
        simulate_only(dir.path(), &args)
    };
    let out = cohort(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("estimated: about") && text.contains("off by default above 20 participants"),
        "{text}"
    );
    assert!(!dir.path().join("out/equal-p21/S01/tracking.csv").exists());
    assert!(dir.path().join("out/equal-p21/S01/trials.csv").exists());
    let out = cohort(&["--tracking"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("out/equal-p21/S01/tracking.csv").exists());
}
