//! One writer per participant: while a process records a participant, a second writer
//! for that participant (simulate, play, repair) is refused at once (exit 1) and touches
//! nothing, and the first finishes exactly as it would have alone. Writers for
//! different participants run side by side.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use crate::common::*;
use vr_aat_core::participant::ParticipantId;
use vr_aat_store::{LockError, ParticipantLock};

fn simulate_cmd(data: &Path, participant: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vr-aat"));
    c.args(["simulate", "--participant", participant, "--no-tracking", "--data-dir"])
        .arg(data)
        .arg("--protocol")
        .arg(asset("protocols/practice.ron"))
        .arg("--patient")
        .arg(asset("patients/biased-50ms.ron"))
        .env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

fn run(mut c: Command) -> Output {
    c.output().expect("run vr-aat")
}

/// Starts a slowed-down simulation (seed 9) and returns once its first trial is on disk.
fn start_slow(data: &Path, participant: &str) -> (Child, std::thread::JoinHandle<()>) {
    let mut c = simulate_cmd(data, participant);
    c.args(["--seed", "9", "--speed", "8", "--announce-recorded"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("start vr-aat");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    for line in lines.by_ref() {
        if line.expect("stderr line").starts_with("recorded session 1 trial 1") {
            break;
        }
    }
    // Keep draining stderr so the child never blocks on a full pipe.
    let drain = std::thread::spawn(move || for _ in lines {});
    (child, drain)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_second_writer_for_a_participant_is_refused_and_the_first_is_unharmed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // P1 has an earlier simulation, which the slow run replaces.
    assert!(run(simulate_cmd(&data, "P1")).status.success());
    let (mut first, drain) = start_slow(&data, "P1");
    let before = listing(&data);

    // A second simulate for P1: refused at once, nothing touched.
    let out = run(simulate_cmd(&data, "P1"));
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("P1") && err.contains("another vr-aat process"), "{err}");
    assert_eq!(listing(&data), before);
    // The library refuses a live session's writer the same way.
    let p1 = ParticipantId::parse("P1").unwrap();
    assert!(matches!(
        ParticipantLock::acquire(&data, &p1),
        Err(LockError::Busy { .. })
    ));
    // Repair skips the participant being recorded and says so.
    let out = run({
        let mut c = Command::new(env!("CARGO_BIN_EXE_vr-aat"));
        c.args(["repair", "--data-dir"]).arg(&data);
        c
    });
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another vr-aat process"));

    // Another participant runs side by side.
    let out = run(simulate_cmd(&data, "P2"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The first finishes as if alone: the same bytes as a run on its own.
    let status = first.wait().expect("wait");
    drain.join().unwrap();
    assert!(status.success());
    let alone = dir.path().join("alone");
    let mut c = simulate_cmd(&alone, "P1");
    c.args(["--seed", "9"]);
    let out = run(c);
    assert!(out.status.success());
    for f in ["trials.csv", "events.csv", "session.ron", "summary.ron"] {
        let (a, b) = (
            std::fs::read(data.join("P1/S01").join(f)).unwrap(),
            std::fs::read(alone.join("P1/S01").join(f)).unwrap(),
        );
        assert!(a == b, "{f} differs from a run on its own");
    }
    assert!(
        !listing(&data)
            .iter()
            .any(|n| n.ends_with(".new") || n.ends_with(".old")),
        "{:?}",
        listing(&data)
    );
}

#[test]
fn a_killed_replacement_leaves_the_old_course() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(simulate_cmd(&data, "P1"));
    assert!(out.status.success());
    let old = std::fs::read(data.join("P1/S01/trials.csv")).unwrap();
    // Run it again with another seed, and kill it mid-course.
    let (mut child, drain) = {
        let mut c = simulate_cmd(&data, "P1");
        c.args(["--seed", "9", "--speed", "8", "--announce-recorded"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("start");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        for line in lines.by_ref() {
            if line.unwrap().starts_with("recorded session 1 trial 3") {
                break;
            }
        }
        (child, std::thread::spawn(move || for _ in lines {}))
    };
    child.kill().unwrap();
    child.wait().unwrap();
    drain.join().unwrap();
    assert_eq!(
        std::fs::read(data.join("P1/S01/trials.csv")).unwrap(),
        old,
        "the old course is intact"
    );
    let out = run({
        let mut c = Command::new(env!("CARGO_BIN_EXE_vr-aat"));
        c.args(["sessions", "--data-dir"]).arg(&data);
        c
    });
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("complete"));
    // The next run replaces it whole and clears the leftover.
    let mut c = simulate_cmd(&data, "P1");
    c.args(["--seed", "9"]);
    assert!(run(c).status.success());
    assert_ne!(std::fs::read(data.join("P1/S01/trials.csv")).unwrap(), old);
    assert!(
        !listing(&data).iter().any(|n| n.ends_with(".new")),
        "{:?}",
        listing(&data)
    );
}
