//! The core's schedule has no system-order ambiguities (detection is an error); the
//! core's own cost is measured but never flags trials (late frames are judged from the
//! display times).

use crate::common::*;
use bevy::prelude::*;
use vr_aat_runtime::schedule::{CoreSystems, CoreUpdate};
use vr_aat_runtime::sim::{SessionRun, build_app, step_to_end};
use vr_aat_runtime::timing::{CoreCost, FrameClock};
use vr_aat_runtime::trial::OnsetTiming;

fn run_for(
    protocol: &vr_aat_core::data::Protocol,
    catalogue: &vr_aat_core::data::Catalogue,
    patient: &vr_aat_core::data::PatientProfile,
) -> SessionRun<'static> {
    // Leak for a 'static run description in tests only.
    SessionRun {
        protocol: Box::leak(Box::new(protocol.clone())),
        catalogue: Box::leak(Box::new(catalogue.clone())),
        patient: Box::leak(Box::new(patient.clone())),
        seed: 1,
        session: 1,
        hz: 90.0,
        frames_per_update: None,
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    }
}

#[test]
fn the_headless_app_has_no_ambiguities() {
    let (protocol, catalogue) = protocol("practice");
    let run = run_for(&protocol, &catalogue, &patient("biased-50ms"));
    let mut app = build_app(&run, None).expect("app");
    for _ in 0..10 {
        app.update();
    }
}

fn writer_a(stream: ResMut<vr_aat_runtime::input::PoseStream>) {
    let _ = stream.len();
}
fn writer_b(stream: ResMut<vr_aat_runtime::input::PoseStream>) {
    let _ = stream.len();
}

/// Shows that the detection above is live: two unordered systems that both write the
/// pose stream make the schedule fail to build.
#[test]
#[should_panic(expected = "indeterminate execution order")]
fn an_ambiguous_pair_of_systems_is_an_error() {
    let (protocol, catalogue) = protocol("practice");
    let run = run_for(&protocol, &catalogue, &patient("biased-50ms"));
    let mut app = build_app(&run, None).expect("app");
    app.add_systems(
        CoreUpdate,
        (writer_a.in_set(CoreSystems::Input), writer_b.in_set(CoreSystems::Input)),
    );
    app.update();
}

#[test]
fn trials_are_flagged_from_display_times_never_from_the_core_cost() {
    let (protocol, catalogue) = protocol("practice");
    let run = run_for(&protocol, &catalogue, &patient("biased-50ms"));
    // A period no core can keep within: every frame's cost is over it, yet the frames
    // themselves are on time, so no trial is flagged and results stay byte-identical.
    let mut app = build_app(&run, None).expect("app");
    let mut cost = CoreCost::for_display_rate(90.0);
    cost.period_s = 1e-12;
    app.insert_resource(cost);
    let out = step_to_end(&mut app, &run, &mut |_, _| {}).expect("runs");
    assert_eq!(out.records.len(), 16);
    assert!(out.records.iter().all(|r| !r.budget_overrun));
    assert!(out.frame_costs.frames() > 1000, "the core's cost was measured");
    assert_eq!(out.frame_costs.over_period(), out.frame_costs.frames());
    let clock = app.world().resource::<FrameClock>();
    assert_eq!(clock.late_frames(), 0);
    assert!(
        (clock.rate_hz().expect("rate") - 90.0).abs() < 0.5,
        "the frame clock counts display frames"
    );
}
