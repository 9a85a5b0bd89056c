//! `vr-aat replay`: a recorded session's pose stream through the engine again gives its
//! trials.csv byte for byte (simulated sessions, with tracking loss, with pauses in every
//! phase; flat and headset sessions are replayed in tests/flat_mode.rs and
//! tests/headset_start.rs), a damaged recording is caught, and a new criterion derives
//! new trials into a new folder while the drinks keep their recorded onsets.

use std::path::{Path, PathBuf};

use crate::common::*;
use vr_aat_core::participant::ParticipantId;
use vr_aat_runtime::session::{PauseCause, RecordTo, SessionControl, SessionOutcome};
use vr_aat_runtime::sim::{SessionRun, build_app};
use vr_aat_runtime::trial::OnsetTiming;
use vr_aat_store::replay::{ThresholdOverrides, replay};
use vr_aat_store::scan::read_session;
use vr_aat_store::{Overflow, RecorderOptions};

fn replays_exactly(dir: &Path) {
    let r = replay(dir, &ThresholdOverrides::default()).expect("replays");
    assert!(r.samples > 0);
    assert_eq!(r.first_difference().unwrap(), None, "{}", dir.display());
}

#[test]
fn simulated_sessions_replay_byte_for_byte_through_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for patient in ["biased-50ms", "realistic"] {
        let out = vr_aat(
            &data,
            &[
                "simulate",
                "--patient",
                patient,
                "--protocol",
                "assessment",
                "--hz",
                "72",
            ],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let participant = format!("sim-{patient}-s1");
        let out = vr_aat(&data, &["replay", &participant, "1"]);
        assert!(
            out.status.success(),
            "{patient}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("reproduced byte for byte"));
    }
    // The realistic patient loses tracking now and then: those trials replay too.
    let s = read_session(&data.join("sim-realistic-s1").join("S01")).unwrap();
    assert!(s.records.iter().any(|r| r.tracking_lost), "no tracking loss to replay");
}

#[test]
fn a_changed_recording_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    simulate_assessment(&data);
    let session = data.join("sim-biased-50ms-s1").join("S01");
    // The responding hand's position in one sample just before trial 5's movement onset
    // moved by 5 cm: the engine sees the movement start a frame earlier.
    let onset = read_session(&session).unwrap().records[4].movement_onset_s.unwrap();
    edit(&session.join("tracking.csv"), |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_owned).collect();
        let i = lines
            .iter()
            .rposition(|l| {
                l.split(',')
                    .next()
                    .and_then(|t| t.parse::<f64>().ok())
                    .is_some_and(|t| t < onset)
            })
            .unwrap();
        let mut f: Vec<String> = lines[i].split(',').map(str::to_owned).collect();
        for i in [18, 19, 20] {
            f[i] = format!("{}", f[i].parse::<f32>().unwrap() + 0.05);
        }
        lines[i] = f.join(",");
        lines.join("\n") + "\n"
    });
    let out = vr_aat(&data, &["replay", "sim-biased-50ms-s1", "S01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("differs from the replay at line"));

    // A simulated clock keeps no frame log (its frames are one period apart by
    // definition); a session whose clock was a display needs its frames.csv (the frames'
    // display times), and a missing one is named, not guessed.
    let frames = session.join("frames.csv");
    assert!(!frames.exists(), "a simulated session writes no frames.csv");
    let meta = session.join("session.ron");
    let kept = std::fs::read(&meta).unwrap();
    edit(&meta, |t| t.replace("clock: Simulated", "clock: FrameStart"));
    let out = vr_aat(&data, &["replay", "sim-biased-50ms-s1", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("frames.csv"));
    std::fs::write(&meta, kept).unwrap();

    // A protocol that is not the one recorded is refused.
    edit(&session.join("session.ron"), |t| {
        let at = t.find("protocol_sha256: \"").unwrap() + 18;
        format!("{}0{}", &t[..at], &t[at + 1..])
    });
    let out = vr_aat(&data, &["replay", "sim-biased-50ms-s1", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has changed since the session was recorded"));
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    simulate_assessment(&data);
    let no_tracking = vr_aat(
        &data,
        &[
            "simulate",
            "--protocol",
            "assessment",
            "--participant",
            "quiet",
            "--no-tracking",
        ],
    );
    assert!(
        no_tracking.status.success(),
        "{}",
        String::from_utf8_lossy(&no_tracking.stderr)
    );
    let before = snapshot(dir.path());
    let inside = data.join("again").display().to_string();
    let p = "sim-biased-50ms-s1";
    for (args, code, expected) in [
        (vec!["../x", "1"], 2, "looks like a path"),
        (vec![p, "first"], 2, "expected a session number"),
        (vec![p, "7"], 2, "no such session"),
        (vec![p, "1", "--onset-distance", "0.03"], 2, "give --out"),
        (
            vec![p, "1", "--onset-distance=-1", "--out", "x"],
            2,
            "expected a number above 0",
        ),
        (vec![p, "1", "--push-fraction", "1.5", "--out", "x"], 2, "at most 1"),
        (
            vec![p, "1", "--onset-distance", "0.03", "--out", &inside],
            2,
            "inside the data folder",
        ),
        (vec!["quiet", "1"], 1, "recorded without tracking"),
    ] {
        let mut all = vec!["replay"];
        all.extend_from_slice(&args);
        let out = vr_aat(&data, &all);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(snapshot(dir.path()) == before, "a refused replay wrote something");
}

#[test]
fn a_new_onset_criterion_derives_new_trials_into_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    simulate_assessment(&data);
    let session = data.join("sim-biased-50ms-s1").join("S01");
    let before = snapshot(&data);
    let derive = |distance: &str, out: &PathBuf| {
        let out = vr_aat(
            &data,
            &[
                "replay",
                "sim-biased-50ms-s1",
                "1",
                "--onset-distance",
                distance,
                "--out",
                &out.display().to_string(),
            ],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    // The protocol's own criterion (1 cm) with the drinks pinned to their recorded
    // onsets gives the recorded trials exactly.
    let same = dir.path().join("same");
    derive("0.01", &same);
    assert_eq!(
        std::fs::read(same.join("trials.csv")).unwrap(),
        std::fs::read(session.join("trials.csv")).unwrap()
    );
    // 3 cm: the same drinks at the same times, later movement onsets.
    let wider = dir.path().join("wider");
    derive("0.03", &wider);
    let old = read_session(&session).unwrap().records;
    let mut rdr = csv::Reader::from_path(wider.join("trials.csv")).unwrap();
    let new: Vec<(f64, Option<f64>)> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[17].parse().unwrap(), r[19].parse().ok())
        })
        .collect();
    assert_eq!(new.len(), old.len());
    let mut later = 0;
    for (o, (onset, rt)) in old.iter().zip(&new) {
        assert_eq!(o.stimulus_onset_s, *onset, "a drink moved");
        if let (Some(a), Some(b)) = (o.rt_ms, rt) {
            assert!(*b >= a - 1e-9, "a wider criterion cannot detect earlier: {a} -> {b}");
            later += usize::from(*b > a);
        }
    }
    assert!(later > old.len() / 2, "most onsets come later: {later}");
    let about = std::fs::read_to_string(wider.join("replay.ron")).unwrap();
    assert!(
        about.contains("onset_distance_m: Some(0.03)") && about.contains("onsets_shifted: 0"),
        "{about}"
    );
    assert!(snapshot(&data) == before, "replay changed the data folder");
}

#[test]
fn pauses_in_every_phase_replay_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (protocol, catalogue) = protocol("assessment");
    let patient = patient("biased-50ms");
    let run = SessionRun {
        protocol: &protocol,
        catalogue: &catalogue,
        patient: &patient,
        seed: 5,
        session: 1,
        hz: 90.0,
        frames_per_update: Some(1),
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    };
    let participant = ParticipantId::parse("paused").unwrap();
    let lock = vr_aat_store::ParticipantLock::acquire(&data, &participant).unwrap();
    let record = RecordTo::new(
        &data,
        &participant,
        &protocol_source("assessment"),
        // Headless, as `simulate` records: wait for the disk rather than drop samples.
        RecorderOptions {
            overflow: Overflow::Wait,
            ..RecorderOptions::default()
        },
    );
    let mut app = build_app(&run, Some(record)).unwrap();
    // Pauses at many moments (a drink on screen, feedback, between trials, a block
    // break), some with two causes that clear in turn.
    let (mut frame, mut next_pause, mut k) = (0u32, 600u32, 0u32);
    while !app.world().contains_resource::<SessionOutcome>() && frame < 200_000 {
        frame += 1;
        let control = match frame.checked_sub(next_pause) {
            Some(0) => Some(SessionControl::Pause(PauseCause::Therapist)),
            Some(5) => Some(SessionControl::Pause(PauseCause::TrackingLost)),
            Some(8) => Some(SessionControl::Resume(PauseCause::Therapist)),
            Some(12) => {
                // The next pause falls at another moment of a trial.
                k += 1;
                next_pause += 600 + (k * 53) % 170;
                Some(SessionControl::Resume(PauseCause::TrackingLost))
            }
            _ => None,
        };
        if let Some(c) = control {
            app.world_mut().write_message(c);
        }
        app.update();
    }
    drop(lock);
    assert!(
        matches!(
            app.world().get_resource::<SessionOutcome>(),
            Some(SessionOutcome::Closed { .. })
        ),
        "{:?} after {frame} frames, {:?}, {:?}",
        app.world().get_resource::<SessionOutcome>(),
        app.world()
            .resource::<bevy::prelude::State<vr_aat_runtime::session::SessionState>>()
            .get(),
        app.world()
            .get_resource::<vr_aat_runtime::trial::ActiveSession>()
            .map(|s| s.progress())
    );
    let dir = data.join("paused").join("S01");
    let events = std::fs::read_to_string(dir.join("events.csv")).unwrap();
    let paused = events.lines().filter(|l| l.contains(",paused,")).count();
    assert!(paused >= 20, "{paused} pauses");
    assert!(events.contains("discarded"), "no trial was discarded by a pause");
    let r = replay(&dir, &ThresholdOverrides::default()).unwrap();
    assert_eq!(r.pauses, 2 * paused);
    replays_exactly(&dir);
}

/// Ascone et al. (2023)'s third grasp condition, grasp only to pull, from a protocol
/// file: the synthetic patient grips for its pulls alone, the session records the
/// condition, and the recording replays byte for byte.
#[test]
fn grasping_only_to_pull_is_played_recorded_and_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let text = std::fs::read_to_string(asset("protocols/assessment.ron"))
        .unwrap()
        .replace(
            "catalogue: \"../stimuli/drinks.ron\",",
            &format!(
                "catalogue: \"{}\",\n    response_mode: GraspToPull,",
                asset("stimuli/drinks.ron").display()
            ),
        );
    let file = dir.path().join("grasp-to-pull.ron");
    std::fs::write(&file, text).unwrap();
    let out = vr_aat(
        &data,
        &["simulate", "--protocol", file.to_str().unwrap(), "--participant", "g1"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let session = data.join("g1").join("S01");
    let meta = std::fs::read_to_string(session.join("session.ron")).unwrap();
    assert!(meta.contains("response_mode: Some(GraspToPull)"), "{meta}");
    let s = read_session(&session).unwrap();
    let correct = s
        .records
        .iter()
        .filter(|r| r.outcome == vr_aat_core::trial::Outcome::Correct)
        .count();
    assert!(
        correct * 10 >= s.records.len() * 8,
        "{correct} of {} correct",
        s.records.len()
    );
    // A correct first pull is made with the grip closed; a correct first push without
    // it (from the tracking's right_grip column over the trial's response).
    let tracking = std::fs::read_to_string(session.join("tracking.csv")).unwrap();
    let header: Vec<&str> = tracking.lines().next().unwrap().split(',').collect();
    let grip = header.iter().position(|h| *h == "right_grip").unwrap();
    let rows: Vec<(f64, bool)> = tracking
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].parse().unwrap(), f[grip] == "1")
        })
        .collect();
    let (mut pulls, mut pushes) = (0, 0);
    for r in s
        .records
        .iter()
        .filter(|r| r.outcome == vr_aat_core::trial::Outcome::Correct && !r.error)
    {
        let end = r.stimulus_onset_s + r.full_rt_ms.unwrap() / 1000.0;
        let gripped = rows.iter().any(|(t, g)| *g && (r.stimulus_onset_s..=end).contains(t));
        if r.required == vr_aat_core::trial::Direction::Pull {
            assert!(gripped, "trial {}: a pull without the grip", r.trial);
            pulls += 1;
        } else {
            assert!(!gripped, "trial {}: a push with the grip", r.trial);
            pushes += 1;
        }
    }
    assert!(pulls > 20 && pushes > 20, "{pulls} pulls, {pushes} pushes");
    replays_exactly(&session);
}
