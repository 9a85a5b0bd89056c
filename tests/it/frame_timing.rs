//! Frame timing that measures frames: a live flat session whose display stalls for a
//! few frames records every frame in `frames.csv` with its interval, marks exactly the
//! late ones, counts them on the frame clock the overlay shows, and `vr-aat bench
//! --session` reports those frames beside the core's cost; a damaged `frames.csv` is
//! named by line and column.

use std::process::Command;
use std::time::Duration;

use crate::common::*;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use vr_aat_core::records::InputSource;
use vr_aat_runtime::flat_input::{self as flat, FlatHand};
use vr_aat_runtime::live::{prepare_live_session, start_live_session};
use vr_aat_runtime::session::{EndReason, OutcomeSlot, SessionControl, SessionOutcome};
use vr_aat_runtime::timing::FrameClock;
use vr_aat_store::frame_report::read_frame_report;
use vr_aat_store::{ParticipantLock, RecorderOptions};

const SLOW_FRAMES: usize = 3;

/// A flat session at 60 Hz (no one moves, so trials time out) whose display takes 50 ms
/// over `SLOW_FRAMES` frames in the middle, ended by the operator; returns its folder.
fn session_with_slow_frames(data: &std::path::Path) -> std::path::PathBuf {
    let setup = practice_setup(data, "frames1", InputSource::Flat, 3);
    let lock = ParticipantLock::acquire(data, &setup.participant).expect("lock");
    let (prepared, _) = prepare_live_session(&setup, RecorderOptions::unpaced(), &lock).expect("prepared");
    let mut app = App::new();
    app.add_plugins(DefaultPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(1.0 / 60.0)))
        .init_resource::<OutcomeSlot>();
    start_live_session(&mut app, &prepared).expect("session starts");
    let cal = setup.calibration;
    app.add_plugins(flat::plugin).insert_resource(FlatHand::new(
        cal.hand_home,
        cal.forward,
        Vec3::new(0.0, 1.2, 0.0),
        setup.body.handedness,
    ));
    app.finish();
    app.cleanup();
    let step = |app: &mut App, s: f64, n: usize| {
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(s)));
        for _ in 0..n {
            app.update();
        }
    };
    step(&mut app, 1.0 / 60.0, 60 * 12);
    step(&mut app, 0.05, SLOW_FRAMES);
    step(&mut app, 1.0 / 60.0, 60 * 4);
    let clock = app.world().resource::<FrameClock>();
    assert_eq!(
        clock.late_frames(),
        SLOW_FRAMES as u64,
        "the frame clock counts the late frames"
    );
    let rate = clock.rate_hz().expect("a rate");
    assert!((rate - 60.0).abs() < 0.5, "60 frames a second after the stall: {rate}");
    app.world_mut().write_message(SessionControl::End(EndReason::Operator));
    for _ in 0..10 {
        app.update();
    }
    match app.world().get_resource::<SessionOutcome>() {
        Some(SessionOutcome::Closed { dir: Some(dir), .. }) => dir.clone(),
        other => panic!("not recorded: {other:?}"),
    }
}

#[test]
fn late_frames_are_recorded_counted_and_reported_beside_the_core_cost() {
    let data = tempfile::tempdir().expect("tempdir");
    let dir = session_with_slow_frames(data.path());
    let frames = std::fs::read_to_string(dir.join("frames.csv")).expect("frames.csv");
    let rows: Vec<Vec<&str>> = frames.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let late: Vec<&Vec<&str>> = rows.iter().filter(|r| r[3] == "1").collect();
    assert_eq!(late.len(), SLOW_FRAMES, "exactly the slow frames are late");
    for r in &late {
        let interval: f64 = r[2].parse().expect("interval");
        assert!((interval - 50.0).abs() < 1e-6, "{r:?}");
    }
    for r in rows.iter().skip(1).filter(|r| r[3] == "0") {
        let interval: f64 = r[2].parse().expect("interval");
        assert!((interval - 1000.0 / 60.0).abs() < 1e-6, "{r:?}");
    }

    let report = read_frame_report(&dir).expect("reads");
    assert_eq!(report.frames, rows.len() as u64);
    assert_eq!(report.late, SLOW_FRAMES as u64);
    assert!((report.interval_max_ms - 50.0).abs() < 1e-6);
    assert!(report.core_cost.is_some(), "core_cost.ron written at the close");

    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["bench", "--session"])
        .arg(&dir)
        .output()
        .expect("run bench");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("flat, frame start times"), "{text}");
    assert!(text.contains(&format!("frames: {} over", rows.len())), "{text}");
    assert!(text.contains(&format!("; {SLOW_FRAMES} late")), "{text}");
    assert!(text.contains("core cost per frame: median"), "{text}");
}

#[test]
fn a_damaged_frames_file_is_named_by_line_and_column() {
    let data = tempfile::tempdir().expect("tempdir");
    let dir = session_with_slow_frames(data.path());
    let path = dir.join("frames.csv");
    edit(&path, |text| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines[4] = format!("{},yes", lines[4].rsplit_once(',').expect("fields").0);
        lines.join("\n") + "\n"
    });
    let line4 = std::fs::read_to_string(&path)
        .expect("read")
        .lines()
        .nth(4)
        .expect("line")
        .to_owned();
    let col = line4.rfind(',').expect("comma") + 2;
    let err = read_frame_report(&dir).expect_err("damaged");
    assert!(
        err.to_string()
            .contains(&format!("frames.csv:5:{col}: `late`: expected 0 or 1")),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["bench", "--session"])
        .arg(&dir)
        .output()
        .expect("run bench");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("frames.csv:5:{col}")));
}
