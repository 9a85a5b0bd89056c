//! The session-metrics plugin: recording does not change results, what is recorded
//! reads back (and exports, and re-scores) to the same numbers, and bad or damaged
//! files are reported with the file named.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::SessionStatus;
use vr_aat_core::scoring::{ScoringConfig, prepare, score};
use vr_aat_core::trial::score_trials;
use vr_aat_runtime::session::RecordTo;
use vr_aat_runtime::sim::{SessionRun, run_recorded_session, run_session};
use vr_aat_runtime::trial::OnsetTiming;
use vr_aat_store::scan::{read_participant, read_session};
use vr_aat_store::{Overflow, RecorderOptions};

fn vr_aat(args: &[&str], data: &Path) -> std::process::Output {
    crate::common::vr_aat(data, args)
}

#[test]
fn recording_does_not_change_the_trial_records() {
    let (protocol, catalogue) = protocol("assessment");
    let patient = patient("biased-50ms");
    let run = SessionRun {
        protocol: &protocol,
        catalogue: &catalogue,
        patient: &patient,
        seed: 3,
        session: 1,
        hz: 90.0,
        frames_per_update: None,
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    };
    let plain = run_session(&run, &mut |_, _| {}).expect("runs");
    let data = tempfile::tempdir().unwrap();
    let id = ParticipantId::parse("rec1").unwrap();
    let options = RecorderOptions {
        overflow: Overflow::Wait,
        ..Default::default()
    };
    let record = RecordTo::new(data.path(), &id, &protocol_source("assessment"), options);
    let (recorded, counts, dir) = run_recorded_session(&run, record, &mut |_, _| {}).expect("records");
    assert_eq!(plain.records, recorded.records, "the recorder changes nothing");
    assert_eq!(
        read_session(&dir).unwrap().records,
        recorded.records,
        "trials.csv reads back exactly"
    );
    assert_eq!(counts.trials_recorded, 168);
    assert_eq!(
        counts.tracking_samples_written,
        recorded.frame_costs.frames(),
        "every pose sample is in tracking.csv"
    );
    let tracking = std::fs::read_to_string(dir.join("tracking.csv")).unwrap();
    assert_eq!(tracking.lines().count() as u64, counts.tracking_samples_written + 1);
    let meta = read_session(&dir).unwrap().meta;
    assert_eq!(meta.status, SessionStatus::Complete);
    assert_eq!(meta.protocol_sha256.len(), 64);
}

#[test]
fn same_seed_same_bytes_in_every_recorded_file() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let args = [
        "simulate",
        "--sessions",
        "2",
        "--participant",
        "det",
        "--protocol",
        "assets/protocols/training-course.ron",
    ];
    let root = env!("CARGO_MANIFEST_DIR");
    for d in [&a, &b] {
        let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
            .current_dir(root)
            .args(args)
            .arg("--data-dir")
            .arg(d.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    for s in ["S01", "S02"] {
        for f in ["session.ron", "trials.csv", "tracking.csv", "events.csv", "summary.ron"] {
            let (x, y) = (
                std::fs::read(a.path().join("det").join(s).join(f)).unwrap(),
                std::fs::read(b.path().join("det").join(s).join(f)).unwrap(),
            );
            assert!(x == y, "{s}/{f} differs between identical runs");
        }
        // The recording is complete: its poses through the engine again give its trials.
        let dir = a.path().join("det").join(s);
        let replayed = vr_aat_store::replay::replay(&dir, &Default::default()).expect("replays");
        assert_eq!(replayed.first_difference().expect("compares"), None, "{s}");
    }
}

#[test]
fn export_and_rescore_give_the_same_numbers() {
    let data = tempfile::tempdir().unwrap();
    let out = vr_aat(
        &[
            "simulate",
            "--sessions",
            "2",
            "--participant",
            "rt1",
            "--no-tracking",
            "--protocol",
            &asset("protocols/training-course.ron").display().to_string(),
        ],
        data.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let export = tempfile::tempdir().unwrap();
    let out = vr_aat(&["export", "--out", &export.path().display().to_string()], data.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Scores from the recorded sessions (both sessions' scored blocks pooled) ...
    let sessions = read_participant(data.path(), "rt1").unwrap();
    assert!(sessions.damaged.is_empty());
    let trials: Vec<_> = sessions.found.iter().flat_map(|s| score_trials(&s.records)).collect();
    let direct = score(&prepare(&trials, &ScoringConfig::default()).cells);
    // ... equal those from the exported table read back.
    let columns = vr_aat_store::long_format::Columns {
        scored_only: true,
        ..Default::default()
    };
    let table = vr_aat_store::long_format::read(&export.path().join("trials_long.csv"), &columns, b',').unwrap();
    // Two sessions pooled: the reader says so (`score` prints it as a note).
    assert_eq!(table.pooled, vec![("session".to_owned(), 2)]);
    let groups = table.groups;
    let table = &groups[&Vec::new()];
    assert_eq!(table.len(), 1);
    // Each row says where its times come from, so flat sessions can be kept apart.
    let text = std::fs::read_to_string(export.path().join("trials_long.csv")).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",input_source,clock,session_status,counts_as,display_hz,flagged")
    );
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.contains(",synthetic,simulated,complete,synthetic,90"))
    );
    let reread = score(&prepare(&table["rt1"], &ScoringConfig::default()).cells);
    assert_eq!(direct, reread);
    // And `vr-aat score` prints them.
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["score", "--csv", "--scored-only"])
        .arg(export.path().join("trials_long.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let column = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    // Full precision: the printed numbers read back as the same f64.
    assert_eq!(
        column("median_diff").parse::<f64>().unwrap(),
        direct.median_diff.unwrap()
    );
    assert_eq!(column("d_score").parse::<f64>().unwrap(), direct.d_score.unwrap());
    // Grouped by session, each session is scored on its own, as `summary` scores it.
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["score", "--csv", "--scored-only", "--group-by", "session"])
        .arg(export.path().join("trials_long.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("session,subjectid,"), "{text}");
    for (line, s) in text.lines().skip(1).zip(&sessions.found) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields[0], s.meta.session.to_string());
        let own = score(&prepare(&score_trials(&s.records), &s.meta.scoring()).cells);
        assert_eq!(fields[16].parse::<f64>().unwrap(), own.median_diff.unwrap());
    }
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn damaged_session_files_are_named() {
    let data = tempfile::tempdir().unwrap();
    let out = vr_aat(
        &[
            "simulate",
            "--sessions",
            "1",
            "--participant",
            "bad1",
            "--no-tracking",
            "--protocol",
            &asset("protocols/practice.ron").display().to_string(),
        ],
        data.path(),
    );
    assert!(out.status.success());
    let dir = data.path().join("bad1/S01");
    let trials = dir.join("trials.csv");
    let good = std::fs::read_to_string(&trials).unwrap();

    // A corrupted value.
    std::fs::write(&trials, good.replacen(",correct,", ",maybe,", 1)).unwrap();
    let out = vr_aat(&["summary", "bad1"], data.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("trials.csv:") && err.contains("outcome"), "{err}");

    // A truncated file in a session marked complete.
    std::fs::write(&trials, &good[..good.len() - 7]).unwrap();
    let out = vr_aat(&["summary", "bad1"], data.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cut off"));

    // A damaged session.ron.
    std::fs::write(&trials, &good).unwrap();
    std::fs::write(dir.join("session.ron"), "(format_version: 1, participant: ").unwrap();
    let out = vr_aat(&["sessions"], data.path());
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("session.ron"));
}

#[test]
fn an_unwritable_data_folder_fails_before_the_session() {
    let dir = tempfile::tempdir().unwrap();
    // A data folder path that runs through a regular file cannot be created, even by root.
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = vr_aat(&["simulate", "--sessions", "1"], &file.join("data"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-a-folder") && err.contains("cannot"), "{err}");
    assert!(
        String::from_utf8_lossy(&out.stdout).is_empty(),
        "no table for a session that never ran"
    );
}

#[test]
fn a_simulated_cohort_feeds_the_reliability_command() {
    let data = tempfile::tempdir().unwrap();
    let out = vr_aat(
        &[
            "simulate",
            "--cohort",
            &asset("cohorts/study-arm.ron").display().to_string(),
            "--participants",
            "6",
            "--no-tracking",
            "--protocol",
            &asset("protocols/assessment.ron").display().to_string(),
        ],
        data.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("arm-p01") && table.contains("arm-p06"), "{table}");
    let out = vr_aat(&["reliability", "--iterations", "200"], data.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("protocol `assessment`, synthetic sessions, session 1")
            && text.contains("6 participants")
            && text.contains("Spearman-Brown"),
        "{text}"
    );
    // Another protocol's participants in the same folder are their own group, never
    // pooled with the first (the tasks differ); the two reliabilities are compared.
    let out = vr_aat(
        &[
            "simulate",
            "--cohort",
            &asset("cohorts/equal-bias.ron").display().to_string(),
            "--participants",
            "5",
            "--no-tracking",
            "--protocol",
            &asset("protocols/sham-training.ron").display().to_string(),
        ],
        data.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = vr_aat(&["reliability", "--iterations", "200"], data.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("protocol `assessment`, synthetic sessions, session 1: split-half reliability")
            && text.contains("protocol `sham-training`, synthetic sessions, session 1: split-half reliability")
            && text.contains("6 participants")
            && text.contains("5 participants")
            && text.contains("differ? p ="),
        "{text}"
    );
    // Fewer than 5 participants is refused with a clear message.
    let few = tempfile::tempdir().unwrap();
    let out = vr_aat(&["reliability"], few.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 5"));
}
