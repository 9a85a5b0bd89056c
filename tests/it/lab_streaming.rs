//! The Lab Streaming Layer, checked by the lab's own client: a dry run (`simulate --lsl`,
//! a synthetic patient in real time) streams while `pylsl` (Python; its wheel ships
//! liblsl) receives both streams (tests/lab/receive_lsl.py). Every `events.csv` row
//! arrives as a marker, in order, stamped at its session time plus the session's
//! `lsl_zero_s` (within 1 ms); every trial's stimulus onset and response and every
//! questionnaire item arrive too; the pose stream has its declared channels and rate and
//! carries every sample of `tracking.csv`; and streaming changes nothing on disk.
//!
//! Needs Python with `pylsl`: `VR_AAT_LAB_PYTHON` names the interpreter (`.ci/run`
//! installs it in a virtual environment and sets `VR_AAT_REQUIRE_LAB_CHECKS`, which makes
//! a missing one a failure); without it the test says it was skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use vr_aat_core::records::SessionUse;
use vr_aat_store::files::events::read_events;
use vr_aat_store::files::session::read_meta;
use vr_aat_store::files::tracking::TrackingReader;
use vr_aat_store::files::trials::read_trials;

use crate::common::{asset, snapshot, vr_aat};

/// The Python interpreter with pylsl, if one is known to have it.
pub fn lab_python() -> Option<String> {
    let python = std::env::var("VR_AAT_LAB_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let has = |module: &str| {
        Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    has("pylsl").then_some(python)
}

/// A lab tool is missing: a failure where `.ci/run` installed it, else said and skipped.
pub fn missing(what: &str) {
    assert!(
        std::env::var_os("VR_AAT_REQUIRE_LAB_CHECKS").is_none(),
        "{what} is not installed, and VR_AAT_REQUIRE_LAB_CHECKS says it must be"
    );
    eprintln!("SKIPPED: {what} is not installed");
}

/// A short session (two assessment blocks of two trials and a one-item craving
/// scale before them): about 20 s in real time.
fn short_protocol(dir: &Path) -> PathBuf {
    let abs = |rel: &str| format!("{:?}", asset(rel).display().to_string());
    let text = format!(
        r#"Protocol(
    id: "lsl-dry-run",
    title: "LSL dry run",
    catalogue: {},
    sessions: 1,
    blocks: [
        Block(name: "push-alcohol", kind: Assessment, trials: 2, alcohol_push_share: 1.0),
        Block(name: "pull-alcohol", kind: Assessment, trials: 2, alcohol_push_share: 0.0),
    ],
    questionnaires: [Ask(questionnaire: {}, moment: BeforeSession)],
)
"#,
        abs("stimuli/drinks.ron"),
        abs("questionnaires/craving-vas.ron"),
    );
    let path = dir.join("lsl-dry-run.ron");
    std::fs::write(&path, text).expect("write the protocol");
    path
}

fn markers_named<'a>(markers: &'a [(f64, Value)], event: &str) -> Vec<&'a (f64, Value)> {
    markers.iter().filter(|(_, m)| m["event"] == event).collect()
}

#[test]
fn pylsl_receives_every_marker_and_pose_sample_of_a_dry_run_on_the_lsl_clock() {
    let Some(python) = lab_python() else {
        missing("Python's pylsl (set VR_AAT_LAB_PYTHON, or `pip install pylsl`)");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let protocol = short_protocol(tmp.path());
    let received = tmp.path().join("received.json");
    let mut receiver = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab/receive_lsl.py"))
        .arg(&received)
        .arg("60")
        .spawn()
        .expect("start the pylsl receiver");
    let data = tmp.path().join("data");
    let protocol_arg = protocol.display().to_string();
    let args = [
        "simulate",
        "--protocol",
        &protocol_arg,
        "--participant",
        "lsl1",
        "--seed",
        "3",
        "--lsl",
        "--lsl-wait",
        "60",
    ];
    let out = vr_aat(&data, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let _ = receiver.kill();
        panic!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(
        receiver.wait().expect("the receiver ends").success(),
        "the pylsl receiver failed"
    );
    assert!(
        stdout.contains("LSL: both streams have a reader"),
        "the dry run waits for the readers: {stdout}"
    );

    let got: Value = serde_json::from_slice(&std::fs::read(&received).expect("received.json")).expect("JSON");
    let markers: Vec<(f64, Value)> = got["markers"]
        .as_array()
        .expect("markers")
        .iter()
        .map(|m| {
            let text = m["text"].as_str().expect("a text marker");
            (
                m["ts"].as_f64().expect("a time stamp"),
                serde_json::from_str(text).expect("a JSON marker"),
            )
        })
        .collect();
    let session = data.join("lsl1/S01");
    let meta = read_meta(&session).expect("session.ron");
    let zero = meta.timing.and_then(|t| t.lsl_zero_s).expect("lsl_zero_s recorded");

    // 1. Every events.csv row, in order, on the LSL clock within 1 ms.
    let events = read_events(&session, false).expect("events.csv").expect("rows");
    let event_markers: Vec<&(f64, Value)> = markers.iter().filter(|(_, m)| m.get("detail").is_some()).collect();
    assert_eq!(event_markers.len(), events.len(), "one marker per events.csv row");
    for (row, (ts, m)) in events.iter().zip(&event_markers) {
        assert_eq!(m["event"], row.event.as_str());
        assert_eq!(m["detail"], row.detail.as_str());
        assert!(
            (ts - (row.t_s + zero)).abs() < 1e-3,
            "{} at {} s: LSL {ts}, file + offset {}",
            row.event,
            row.t_s,
            row.t_s + zero
        );
    }
    assert_eq!(event_markers[0].1["event"], "session_started");
    assert_eq!(event_markers.last().expect("rows").1["event"], "session_ended");
    // The stream alone tells a simulation from therapy, as every other output does.
    let counts_as = SessionUse::of(&meta.input_source, &meta.status).id();
    assert_eq!(counts_as, "synthetic");
    assert_eq!(event_markers.last().expect("rows").1["counts_as"], counts_as);
    assert_eq!(event_markers[0].1["input_source"], meta.input_source.label());

    // 2. Each trial's stimulus onset and response, as trials.csv has them.
    let trials = read_trials(&session, &meta, false).expect("trials.csv").records;
    assert_eq!(trials.len(), 4);
    let onsets = markers_named(&markers, "stimulus_onset");
    assert_eq!(onsets.len(), trials.len());
    for (trial, (ts, m)) in trials.iter().zip(&onsets) {
        assert_eq!(m["trial"], trial.trial);
        assert_eq!(m["drink"], trial.stimulus_id.as_str());
        assert!((ts - (trial.stimulus_onset_s + zero)).abs() < 1e-3);
    }
    let responded = trials.iter().filter(|t| t.given.is_some()).count();
    assert_eq!(markers_named(&markers, "response").len(), responded);
    assert_eq!(markers_named(&markers, "feedback").len(), trials.len());
    // 3. The questionnaire item, shown and answered.
    let answers = vr_aat_store::files::answers::read_answers(&session).expect("answers.csv");
    assert!(!answers.is_empty());
    for (event, at) in [("questionnaire_item_shown", 0), ("questionnaire_item_answered", 1)] {
        let got = markers_named(&markers, event);
        assert_eq!(got.len(), answers.len(), "{event}");
        for (answer, (ts, _)) in answers.iter().zip(&got) {
            let t = if at == 0 { answer.shown_s } else { answer.answered_s };
            assert!((ts - (t + zero)).abs() < 1e-3, "{event}");
        }
    }

    // 4. The pose stream: its declared channels and rate, and every tracking.csv sample.
    let pose = &got["pose_stream"];
    assert_eq!(pose["type"], "MoCap");
    assert_eq!(pose["source_id"], "vr-aat-pose");
    assert_eq!(pose["channel_count"], 26);
    assert_eq!(pose["nominal_srate"], 90.0);
    let labels: Vec<&str> = pose["channels"]
        .as_array()
        .expect("channels")
        .iter()
        .map(|c| c["label"].as_str().expect("label"))
        .collect();
    let header = std::fs::read_to_string(session.join("tracking.csv")).expect("tracking.csv");
    let columns: Vec<&str> = header.lines().next().expect("header").split(',').skip(1).collect();
    assert_eq!(labels, columns, "the pose channels are tracking.csv's columns");
    let samples = got["pose"].as_array().expect("pose samples");
    let mut rows = TrackingReader::open(&session.join("tracking.csv"), false).expect("tracking.csv");
    let mut n = 0;
    while let Some(row) = rows.next_row().expect("a row") {
        let sample = &samples[n];
        assert!((sample["ts"].as_f64().expect("ts") - (row.t + zero)).abs() < 1e-3);
        let values: Vec<f64> = sample["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|v| v.as_f64().expect("a number"))
            .collect();
        let written: Vec<f64> = row
            .text
            .split(',')
            .skip(1)
            .map(|v| v.parse().expect("a number"))
            .collect();
        for (a, b) in values.iter().zip(&written) {
            assert!((a - b).abs() < 1e-4, "sample {n}: {values:?} vs {written:?}");
        }
        n += 1;
    }
    assert_eq!(n, samples.len(), "every pose sample, and no other");
    let m = &got["marker_stream"];
    assert_eq!(
        (m["type"].as_str(), m["channel_count"].as_u64()),
        (Some("Markers"), Some(1))
    );
    assert_eq!(m["nominal_srate"], 0.0);

    // 5. Streaming changed nothing on disk: the same simulation without LSL (not paced;
    //    one frame per update, as a dry run carries) writes the same files, but for
    //    session.ron's real-time zero.
    let plain = tmp.path().join("plain");
    let mut args: Vec<&str> = args[..7].to_vec();
    args.extend(["--batch", "1"]);
    assert!(vr_aat(&plain, &args).status.success());
    let strip = |files: Vec<(String, Option<Vec<u8>>)>| -> Vec<(String, Option<Vec<u8>>)> {
        // core_cost.ron is this machine's measured cost per frame, different every run.
        let differs = ["session.ron", "core_cost.ron", ".lock"];
        files
            .into_iter()
            .filter(|(name, _)| !differs.iter().any(|d| name.ends_with(d)))
            .collect()
    };
    assert_eq!(strip(snapshot(&data)), strip(snapshot(&plain)));
    let mut plain_meta = read_meta(&plain.join("lsl1/S01")).expect("session.ron");
    assert_eq!(plain_meta.timing.and_then(|t| t.lsl_zero_s), None);
    if let Some(t) = plain_meta.timing.as_mut() {
        t.lsl_zero_s = Some(zero);
    }
    assert_eq!(plain_meta, meta, "session.ron differs only in the real-time zero");
}
