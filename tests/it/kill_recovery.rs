//! Crash safety: a recorded session killed with SIGKILL at several moments keeps every
//! trial it had announced as synced, intact and once. Readers show it as interrupted
//! (and change nothing); its participant's next writer, or `vr-aat repair`, closes it as
//! incomplete. A cut-off last row (a kill in the middle of a write) is removed then. A
//! session killed before its first trial leaves nothing that counts as a session.
//!
//! The killed process is this test binary itself, re-run as a child that records one
//! session straight into the participant's folder (as a live session does).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::SessionStatus;
use vr_aat_runtime::session::RecordTo;
use vr_aat_runtime::sim::{SessionRun, build_app, step_to_end};
use vr_aat_runtime::trial::OnsetTiming;
use vr_aat_store::files::session::read_meta;
use vr_aat_store::repair::repair_participant;
use vr_aat_store::scan::{StoredStatus, read_session};
use vr_aat_store::{Overflow, ParticipantLock, RecorderOptions};

/// The child: records session 1 of the assessment protocol for `VR_AAT_CHILD_ID` into
/// `VR_AAT_CHILD_DATA` at 60x real time, printing "recorded session 1 trial N" as each
/// trial is synced. Run only by [`run_and_kill`].
#[test]
#[ignore = "the child process of killed_sessions_keep_every_recorded_trial"]
fn child_records_a_session() {
    let (Some(data), Some(id)) = (
        std::env::var_os("VR_AAT_CHILD_DATA"),
        std::env::var("VR_AAT_CHILD_ID").ok(),
    ) else {
        panic!("run by killed_sessions_keep_every_recorded_trial");
    };
    let data = Path::new(&data);
    let id = ParticipantId::parse(&id).expect("id");
    let _lock = ParticipantLock::acquire(data, &id).expect("lock");
    let source = protocol_source("assessment");
    let patient = patient("biased-50ms");
    let run = SessionRun {
        protocol: &source.protocol,
        catalogue: &source.catalogue,
        patient: &patient,
        seed: 1,
        session: 1,
        hz: 90.0,
        frames_per_update: None,
        onset_timing: OnsetTiming::Interpolated,
        speed: Some(60.0),
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    };
    let options = RecorderOptions {
        overflow: Overflow::Wait,
        announce: true,
        ..Default::default()
    };
    let mut app = build_app(&run, Some(RecordTo::new(data, &id, &source, options))).expect("app");
    step_to_end(&mut app, &run, &mut |_, _| {}).expect("runs");
}

/// Starts the child, kills it after `after`, returns the trials it had announced as
/// synced to disk.
fn run_and_kill(data: &Path, participant: &str, after: Duration) -> Vec<u32> {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--ignored",
            "--exact",
            "kill_recovery::child_records_a_session",
            "--nocapture",
        ])
        .env("VR_AAT_CHILD_DATA", data)
        .env("VR_AAT_CHILD_ID", participant)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the child");
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
    for (i, ms) in [700u64, 1600, 3000].into_iter().enumerate() {
        let participant = format!("kill{i}");
        let announced = run_and_kill(data.path(), &participant, Duration::from_millis(ms));
        assert!(
            !announced.is_empty(),
            "killed after {ms} ms before any trial: lengthen the wait"
        );
        let dir = data.path().join(&participant).join("S01");
        assert_eq!(
            read_meta(&dir).expect("meta").status,
            SessionStatus::InProgress,
            "left open by the kill"
        );

        // Readers show it as interrupted, with its trials, and change nothing.
        let before = snapshot(data.path());
        let out = vr_aat(data.path(), &["sessions"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let listing = String::from_utf8_lossy(&out.stdout);
        assert!(
            listing
                .lines()
                .any(|l| l.starts_with(&participant) && l.contains("interrupted")),
            "{listing}"
        );
        let session = read_session(&dir).expect("an interrupted session reads");
        assert_eq!(session.state, StoredStatus::Interrupted);
        assert_eq!(snapshot(data.path()), before, "readers changed the data folder");

        // Repair closes it, keeping every announced trial, each once, in order.
        let out = vr_aat(data.path(), &["repair"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("interrupted") && stderr.contains(&participant),
            "{stderr}"
        );
        let session = read_session(&dir).expect("the repaired session reads cleanly");
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
        // The poses recorded up to the kill give the saved trials again, byte for byte.
        let replayed = vr_aat_store::replay::replay(&dir, &Default::default()).expect("replays");
        assert_eq!(replayed.first_difference().expect("compares"), None);
        eprintln!(
            "killed after {ms} ms: {} trials kept, {} announced",
            trials.len(),
            announced.len()
        );
    }
}

#[test]
fn a_session_killed_before_its_first_trial_leaves_no_session() {
    let data = tempfile::tempdir().expect("tempdir");
    // The assessment protocol shows its first drink after a 5 s instruction (at 60x,
    // after about 90 ms); 40 ms is before it.
    let announced = run_and_kill(data.path(), "early", Duration::from_millis(40));
    assert!(announced.is_empty());
    let folder = data.path().join("early");
    assert!(!folder.join("S01").exists(), "no session folder before the first trial");
    let out = vr_aat(data.path(), &["sessions"]);
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("early "),
        "not listed as a session"
    );
    // The next writer clears what is left and uses number 1 again.
    let lock = ParticipantLock::acquire(data.path(), &ParticipantId::parse("early").unwrap()).unwrap();
    let report = repair_participant(&lock);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(vr_aat_runtime::live::next_session(&lock).unwrap(), 1);
    assert!(std::fs::read_dir(&folder).map_or(true, |mut d| d.next().is_none()));
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
    let open = read_session(&dir).expect("an open session reads without its cut-off row");
    assert_eq!((open.records.len(), open.state), (16, StoredStatus::Interrupted));

    let lock = ParticipantLock::acquire(data.path(), &ParticipantId::parse("torn").unwrap()).unwrap();
    let report = repair_participant(&lock);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.recovered.len(), 1);
    assert_eq!(report.recovered[0].trials_kept, 16);
    assert!(report.recovered[0].torn_bytes_removed > 0);
    let session = read_session(&dir).expect("reads after repair");
    assert_eq!(session.records.len(), 16);
    assert!(matches!(session.meta.status, SessionStatus::Incomplete { .. }));
    // Repair is done once.
    assert!(repair_participant(&lock).recovered.is_empty());
}
