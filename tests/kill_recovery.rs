//! Crash safety: a simulated session killed with SIGKILL at several moments keeps every
//! trial it had recorded, intact and once; the next start closes it as incomplete and
//! says so. A cut-off last row (a kill in the middle of a write) is removed on recovery.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::asset;
use vr_aat::metrics::SessionStatus;
use vr_aat::metrics::store::{read_meta, read_session, recover};

/// Starts a slowed-down session, kills it after `after`, returns the trials it had
/// announced as synced to disk.
fn run_and_kill(data: &Path, participant: &str, after: Duration) -> Vec<u32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args([
            "simulate",
            "--announce-recorded",
            "--speed",
            "60",
            "--participant",
            participant,
            "--data-dir",
        ])
        .arg(data)
        .arg("--protocol")
        .arg(asset("protocols/assessment.ron"))
        .arg("--patient")
        .arg(asset("patients/biased-50ms.ron"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start vr-aat");
    let announced = Arc::new(Mutex::new(Vec::new()));
    let stderr = child.stderr.take().expect("stderr");
    let sink = announced.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(n) = line
                .strip_prefix("recorded session 1 trial ")
                .and_then(|n| n.parse::<u32>().ok())
            {
                sink.lock().expect("lock").push(n);
            }
        }
    });
    std::thread::sleep(after);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "the session was still running when killed");
    reader.join().expect("reader");
    announced.lock().expect("lock").clone()
}

#[test]
fn killed_sessions_keep_every_recorded_trial() {
    let data = tempfile::tempdir().expect("tempdir");
    for (i, ms) in [400u64, 1300, 2700].into_iter().enumerate() {
        let participant = format!("kill{i}");
        let announced = run_and_kill(data.path(), &participant, Duration::from_millis(ms));
        let dir = data.path().join(&participant).join("S01");
        assert_eq!(
            read_meta(&dir).expect("meta").status,
            SessionStatus::InProgress,
            "left open by the kill"
        );

        // The next start notices and says so.
        let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
            .args(["sessions", "--data-dir"])
            .arg(data.path())
            .output()
            .expect("run");
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("interrupted") && stderr.contains(&participant),
            "{stderr}"
        );

        let session = read_session(&dir).expect("the recovered session reads cleanly");
        assert!(matches!(session.meta.status, SessionStatus::Incomplete { .. }));
        let trials: Vec<u32> = session.records.iter().map(|r| r.trial).collect();
        let expected: Vec<u32> = (1..=trials.len() as u32).collect();
        assert_eq!(trials, expected, "trials are complete, in order, none twice");
        let last = announced.last().copied().unwrap_or(0);
        assert!(
            trials.len() as u32 >= last,
            "announced trial {last} was lost ({} kept)",
            trials.len()
        );
        assert!(trials.len() < 168, "killed before the end");
        eprintln!(
            "killed after {ms} ms: {} trials kept, {} announced",
            trials.len(),
            announced.len()
        );
    }
}

#[test]
fn a_cut_off_row_is_removed_and_the_rest_kept() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args([
            "simulate",
            "--sessions",
            "1",
            "--participant",
            "torn",
            "--no-tracking",
            "--data-dir",
        ])
        .arg(data.path())
        .arg("--protocol")
        .arg(asset("protocols/practice.ron"))
        .arg("--patient")
        .arg(asset("patients/biased-50ms.ron"))
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = data.path().join("torn/S01");
    // Make it look like a kill during the write of trial 17 of a session in progress.
    let meta_path = dir.join("session.ron");
    let meta = std::fs::read_to_string(&meta_path).expect("meta");
    std::fs::write(&meta_path, meta.replace("status: Complete", "status: InProgress")).expect("write");
    let trials_path = dir.join("trials.csv");
    let mut text = std::fs::read_to_string(&trials_path).expect("trials");
    text.push_str("torn,1,1,practice,practice,17,17,beer-bo");
    std::fs::write(&trials_path, text).expect("write");
    assert!(read_session(&dir).is_err(), "a cut-off row is reported before recovery");

    let recovered = recover(data.path()).expect("recover");
    assert_eq!(recovered.len(), 1);
    assert_eq!(recovered[0].trials_kept, 16);
    assert!(recovered[0].torn_bytes_removed > 0);
    let session = read_session(&dir).expect("reads after recovery");
    assert_eq!(session.records.len(), 16);
    assert!(matches!(session.meta.status, SessionStatus::Incomplete { .. }));
    // Recovery is done once.
    assert!(recover(data.path()).expect("recover").is_empty());
}
