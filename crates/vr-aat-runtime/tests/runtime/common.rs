//! Helpers shared by the runtime's tests and the root package's `tests/it` (which
//! includes this file): the shipped assets and simulated sessions.
#![allow(dead_code)]

use std::path::PathBuf;

use vr_aat_core::data::ProtocolSource;
use vr_aat_core::data::{Catalogue, Handedness, PatientProfile, Protocol, load_patient, load_protocol};
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::InputSource;
use vr_aat_runtime::live::{Body, LiveSetup};
use vr_aat_runtime::sim::{SessionOutput, SessionRun, run_session};
use vr_aat_runtime::trial::OnsetTiming;

/// A shipped file under the workspace's `assets/` (the folder above the crate under
/// test that holds them).
pub fn asset(rel: &str) -> PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.ancestors().find(|p| p.join("assets").is_dir()).unwrap_or(here);
    root.join("assets").join(rel)
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
        lsl: None,
        language: vr_aat_core::locale::Language::En,
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
        lsl: None,
    }
}

/// Median of a list (R semantics).
pub fn median(mut v: Vec<f64>) -> f64 {
    vr_aat_core::scoring::median(&mut v).expect("non-empty")
}
