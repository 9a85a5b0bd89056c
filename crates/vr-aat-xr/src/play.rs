//! The headset app (feature `xr`): the reach calibration, then the protocol, with the
//! desktop window as the therapist's mirror (a spectator view and the overlay).

use bevy::prelude::*;

use super::headset::{StageFrame, extensions, reference_space};
use vr_aat_render::play::{LiveView, PlayError, add_live_view, check_display, live_default_plugins, outcome_after_run};
use vr_aat_render::{bar_plugin, flat_plugin};
use vr_aat_runtime::live::calibrating::start_calibrating;
use vr_aat_runtime::live::{PreparedSession, add_live_plugins};
use vr_aat_runtime::scene::SceneLayout;
use vr_aat_runtime::session::{OutcomeSlot, SessionOutcome};
use vr_aat_runtime::trial::EngineConfig;

/// The headset app with the OpenXR layer started, before anything of the session (or
/// the data folder) is touched.
pub struct HeadsetApp {
    pub(crate) app: App,
    pub(crate) space: super::pose::ReferenceSpace,
    pub(crate) view: LiveView,
}

/// Starts the window and the OpenXR layer. If bevy_mod_openxr cannot start an OpenXR
/// session although the probe found a runtime, this says so: a headset session never
/// falls back to a desktop window. `standing` picks the reference space (see
/// [`reference_space`]), `eye_height_m` is the seated eye height assumed below the head.
pub fn open_headset(view: LiveView, standing: bool, eye_height_m: f64) -> Result<HeadsetApp, PlayError> {
    check_display()?;
    let (space_type, space) = reference_space(standing, eye_height_m as f32);
    let mut app = App::new();
    app.add_plugins(
        bevy_mod_openxr::add_xr_plugins(live_default_plugins("vr-aat: headset (therapist view)", view.window))
            .set(bevy_mod_openxr::init::OxrInitPlugin {
                exts: extensions(),
                ..default()
            })
            .set(bevy_mod_openxr::reference_space::OxrReferenceSpacePlugin {
                default_primary_ref_space: space_type,
            }),
    );
    if !matches!(
        app.world().get_resource::<bevy_mod_xr::session::XrState>(),
        Some(state) if *state != bevy_mod_xr::session::XrState::Unavailable
    ) {
        return Err(PlayError::Setup(
            "the OpenXR runtime answered the probe, but the XR layer (bevy_mod_openxr) could not start an OpenXR session with it (its error is above). Nothing was recorded. Check that the runtime offers Vulkan (XR_KHR_vulkan_enable2) and that the headset is connected; use --flat for the desktop window".into(),
        ));
    }
    Ok(HeadsetApp { app, space, view })
}

/// Runs the prepared headset session to its end: the reach calibration, then the
/// protocol. See docs/headsets.md for what was tested on which runtime.
pub fn run_headset(headset: HeadsetApp, prepared: PreparedSession) -> Result<SessionOutcome, PlayError> {
    let HeadsetApp { mut app, space, view } = headset;
    let setup = prepared.setup.clone();
    let slot = OutcomeSlot::default();
    app.insert_resource(StageFrame::new(space));
    add_live_plugins(&mut app);
    // A provisional bar for the seated or standing default until the calibration has
    // measured this patient.
    let provisional = EngineConfig::from_protocol(
        &setup.protocol.protocol,
        setup.body.handedness,
        setup.calibration,
        setup.display_hz,
    );
    app.add_plugins((
        bar_plugin,
        flat_plugin,
        vr_aat_render::world_panel::plugin,
        super::headset::plugin,
        super::eye_patch::plugin,
    ))
    .insert_resource(SceneLayout::new(&provisional, setup.body.eye_height_m as f32));
    add_live_view(&mut app, &prepared, view, Some("overlay-keys-recenter"), &slot);
    start_calibrating(app.world_mut(), prepared);
    // bevy_mod_openxr panics on some runtime failures (a runtime that crashes while a
    // frame is waited on or submitted). The data are safe (each trial is synced as it
    // ends, and the next start closes the session); say so after the panic message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        eprintln!(
            "error: the headset session stopped on an internal error (often the OpenXR runtime failing or quitting). Finished trials are on disk; the participant's next session (or `vr-aat repair`) closes the session as incomplete."
        );
    }));
    app.run();
    outcome_after_run(&slot)
}
