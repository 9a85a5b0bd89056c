//! Helpers shared by the integration tests: loading the shipped assets and running
//! simulated sessions.
#![allow(dead_code)]

use std::path::PathBuf;

use vr_aat::data::{Catalogue, Handedness, PatientProfile, Protocol, load_patient, load_protocol};
use vr_aat::live::{Body, LiveSetup};
use vr_aat::metrics::InputSource;
use vr_aat::participant::ParticipantId;
use vr_aat::session::ProtocolSource;
use vr_aat::sim::{SessionOutput, SessionRun, run_session};
use vr_aat::trial::OnsetTiming;

pub fn asset(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join(rel)
}

pub fn protocol(name: &str) -> (Protocol, Catalogue) {
    let (p, c, _) = load_protocol(&asset(&format!("protocols/{name}.ron"))).expect("shipped protocol loads");
    (p, c)
}

pub fn patient(name: &str) -> PatientProfile {
    load_patient(&asset(&format!("patients/{name}.ron"))).expect("shipped patient loads")
}

/// Runs session `session` of a protocol with the given patient and settings.
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per test reads better than a builder"
)]
pub fn simulate(
    protocol: &Protocol,
    catalogue: &Catalogue,
    patient: &PatientProfile,
    seed: u64,
    session: u32,
    hz: f64,
    batch: Option<u32>,
    onset_timing: OnsetTiming,
) -> SessionOutput {
    let run = SessionRun {
        protocol,
        catalogue,
        patient,
        seed,
        session,
        hz,
        frames_per_update: batch,
        onset_timing,
        speed: None,
        language: vr_aat::locale::Language::En,
    };
    run_session(&run, &mut |_, _| {}).expect("session runs")
}

/// A shipped protocol with what a session records about its file.
pub fn protocol_source(name: &str) -> ProtocolSource {
    ProtocolSource::load(&asset(&format!("protocols/{name}.ron"))).expect("shipped protocol loads")
}

/// A live session of the practice protocol for a seated, right-handed patient with the
/// default flat-mode calibration.
pub fn practice_setup(data: &std::path::Path, participant: &str, source: InputSource, seed: u64) -> LiveSetup {
    let body = Body {
        handedness: Handedness::Right,
        arm_reach_m: 0.65,
        eye_height_m: 1.2,
    };
    LiveSetup {
        protocol: protocol_source("practice"),
        participant: ParticipantId::parse(participant).expect("id"),
        data_dir: data.to_path_buf(),
        body,
        calibration: body.calibration(),
        display_hz: 60.0,
        source,
        seed,
        language: None,
    }
}

/// Median of a list (R semantics).
pub fn median(mut v: Vec<f64>) -> f64 {
    vr_aat::scoring::median(&mut v).expect("non-empty")
}

/// Runs the `vr-aat` binary with `args` and `--data-dir data` (timestamps fixed by
/// `SOURCE_DATE_EPOCH`).
pub fn vr_aat(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run vr-aat")
}

/// Every entry under `dir` (folders too), with the bytes of the files: equal snapshots
/// mean a byte-identical folder.
pub fn snapshot(dir: &std::path::Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).expect("under dir").display().to_string();
            if p.is_dir() {
                out.push((rel, None));
                stack.push(p);
            } else {
                out.push((rel, Some(std::fs::read(&p).expect("read"))));
            }
        }
    }
    out.sort();
    out
}

/// Rewrites a text file through `f` (to damage it on purpose).
pub fn edit(path: &std::path::Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, f(text)).expect("write");
}

/// Simulates `participants` participants of the shipped study-arm cohort (`arm-p01`,
/// ...) on a shipped protocol into `data`, with `extra` arguments; panics if it fails.
pub fn simulate_cohort(data: &std::path::Path, participants: u32, protocol: &str, extra: &[&str]) {
    let (cohort, protocol) = (
        asset("cohorts/study-arm.ron").display().to_string(),
        asset(&format!("protocols/{protocol}.ron")).display().to_string(),
    );
    let n = participants.to_string();
    let mut args = vec![
        "simulate",
        "--cohort",
        &cohort,
        "--participants",
        &n,
        "--protocol",
        &protocol,
    ];
    args.extend_from_slice(extra);
    let out = vr_aat(data, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Simulates the shipped patient's assessment session into `data` (participant
/// `sim-biased-50ms-s1`, with tracking); panics if it fails.
pub fn simulate_assessment(data: &std::path::Path) {
    let out = vr_aat(data, &["simulate", "--protocol", "assessment"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Rewrites a recorded session's `session.ron` as if it had been played in a desktop
/// window.
pub fn mark_flat(session_ron: &std::path::Path) {
    edit(session_ron, |t| {
        let start = t.find("input_source:").expect("input_source");
        let end = start + t[start..].find("),").expect("end of input_source") + 2;
        format!("{}input_source: Flat,{}", &t[..start], &t[end..])
    });
}

/// Rewrites a recorded session's `session.ron` as ended early for `reason`.
pub fn mark_incomplete(session_ron: &std::path::Path, reason: &str) {
    edit(session_ron, |t| {
        t.replace("status: Complete", &format!("status: Incomplete(reason: \"{reason}\")"))
    });
}
