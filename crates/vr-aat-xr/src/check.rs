//! The installation check's headset run (`vr-aat doctor`, feature `xr`): the headset app
//! opened as `play` opens it (the OpenXR layer, the headset plugin with its controller
//! actions and spaces, the bar, the in-world panel, the therapist's mirror window), no
//! session begun and nothing recorded, for a number of seconds of the runtime's display
//! time, counting the frames the runtime showed and skipped and how often the head and
//! each controller were tracked.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::resources::{OxrFrameState, OxrInstance, OxrSystemId};
use bevy_mod_xr::spaces::XrSpaceLocationFlags;

use crate::headset::{Clock, Controller, HeadSpace, StageFrame};
pub use crate::headset_run::HeadsetRun;
use crate::lifecycle::XrState;
use crate::play::{HeadsetApp, open_headset};
use crate::pose::frames_skipped;
use vr_aat_core::data::{Catalogue, Handedness, Protocol};
use vr_aat_render::play::{LiveView, PlayError};
use vr_aat_render::{DrinkCatalogue, OverlayInfo, bar_plugin, flat_plugin};
use vr_aat_runtime::live::{Body, add_live_plugins};
use vr_aat_runtime::scene::{SceneLayout, SceneStatus};
use vr_aat_runtime::schedule::{CoreSystems, CoreUpdate};
use vr_aat_runtime::trial::EngineConfig;

#[derive(Resource, Clone)]
struct Slot(Arc<Mutex<HeadsetRun>>);

#[derive(Resource)]
struct Budget {
    display_s: f64,
    /// Wall-clock limit: a runtime that never shows a frame ends the check too.
    wall: Duration,
    started: Instant,
}

/// The first and the latest frame's predicted display time (ns), and the shortest
/// display period the runtime predicted (ns): the display's own (a runtime may stretch
/// the period it predicts for an app that is late, as Monado does).
#[derive(Default)]
struct Frames {
    first_ns: Option<i64>,
    last_ns: i64,
    period_ns: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
fn measure(
    slot: Res<Slot>,
    budget: Res<Budget>,
    frame: Option<Res<OxrFrameState>>,
    clock: Res<Clock>,
    head: Query<&XrSpaceLocationFlags, With<HeadSpace>>,
    hands: Query<(&Controller, &XrSpaceLocationFlags)>,
    mut frames: Local<Frames>,
    mut exit: MessageWriter<AppExit>,
) {
    let Ok(mut run) = slot.0.lock() else { return };
    run.focused |= clock.state == Some(XrState::Focused);
    let over_wall = budget.started.elapsed() > budget.wall;
    if let Some(frame) = frame {
        let t = frame.predicted_display_time.as_nanos();
        let period_ns = frame.predicted_display_period.as_nanos();
        if t > frames.last_ns && period_ns > 0 {
            let shortest = frames.period_ns.map_or(period_ns, |p| p.min(period_ns));
            frames.period_ns = Some(shortest);
            let period_s = shortest as f64 * 1e-9;
            run.display_hz = Some(1.0 / period_s);
            match frames.first_ns {
                None => frames.first_ns = Some(t),
                Some(_) => {
                    let (before, now) = (frames.last_ns as f64 * 1e-9, t as f64 * 1e-9);
                    run.missed += u64::from(frames_skipped(before, now, period_s));
                }
            }
            frames.last_ns = t;
            run.frames += 1;
            if head.iter().any(|f| f.position_tracked && f.rotation_tracked) {
                run.head_tracked += 1;
            }
            for (c, f) in &hands {
                if f.position_tracked && c.0 < 2 {
                    run.hands_tracked[c.0] += 1;
                }
            }
            run.seconds = (t - frames.first_ns.unwrap_or(t)) as f64 * 1e-9;
        }
    }
    if run.seconds >= budget.display_s
        || over_wall
        || matches!(clock.state, Some(XrState::Exiting | XrState::LossPending))
    {
        exit.write(AppExit::Success);
    }
}

/// The runtime's and the headset's names.
fn describe_runtime(instance: Option<Res<OxrInstance>>, system: Option<Res<OxrSystemId>>, slot: Res<Slot>) {
    let (Some(instance), Ok(mut run)) = (instance, slot.0.lock()) else {
        return;
    };
    if let Ok(p) = instance.properties() {
        run.runtime = format!("{} {}", p.runtime_name, p.runtime_version);
    }
    if let Some(system) = system
        && let Ok(p) = instance.system_properties(system.0)
    {
        run.system = p.system_name;
    }
}

/// The text on the in-world panel and the mirror during the check.
const PANEL: &str = "vr-aat installation check\n\nPut the headset on, look around, and hold both controllers in front of you until this panel goes away.";

/// Runs the headset for `seconds` of display time (at most `seconds` + 60 s of wall
/// time), the mirror window at `window` px, the bar laid out for `protocol` and drawn
/// with `catalogue`'s drinks (none is shown: no session runs).
pub fn run_headset_check(
    seconds: f64,
    window: (u32, u32),
    protocol: &Protocol,
    catalogue: &Catalogue,
) -> Result<HeadsetRun, PlayError> {
    let body = Body {
        handedness: Handedness::Right,
        arm_reach_m: 0.7,
        eye_height_m: 1.2,
    };
    let HeadsetApp { mut app, space, .. } = open_headset(
        LiveView {
            window,
            photodiode: false,
        },
        false,
        body.eye_height_m,
    )?;
    let slot = Slot(Arc::new(Mutex::new(HeadsetRun::default())));
    let config = EngineConfig::from_protocol(protocol, body.handedness, body.calibration(), 90.0);
    app.insert_resource(StageFrame::new(space));
    add_live_plugins(&mut app);
    app.add_plugins((
        bar_plugin,
        flat_plugin,
        vr_aat_render::world_panel::plugin,
        super::headset::plugin,
    ))
    .insert_resource(SceneLayout::new(&config, body.eye_height_m as f32))
    .insert_resource(DrinkCatalogue(catalogue.clone()))
    .insert_resource(OverlayInfo {
        participant: "installation check".into(),
        session: 0,
        extra_keys: None,
    })
    .insert_resource(vr_aat_runtime::texts::Texts::new(vr_aat_core::locale::Language::En))
    .insert_resource(slot.clone())
    .insert_resource(Budget {
        display_s: seconds,
        wall: Duration::from_secs_f64(seconds + 60.0),
        started: Instant::now(),
    })
    .add_systems(Startup, |mut status: ResMut<SceneStatus>| {
        status.panel = Some(PANEL.to_owned());
    })
    .add_systems(
        CoreUpdate,
        (
            describe_runtime.run_if(run_once),
            measure.run_if(openxr_session_running),
        )
            .chain()
            .in_set(CoreSystems::Record),
    )
    .add_systems(Last, wall_limit);
    app.run();
    let run = slot.0.lock().map(|r| r.clone()).unwrap_or_default();
    Ok(run)
}

/// Ends the check after its wall-clock limit even where no OpenXR session ever ran.
fn wall_limit(budget: Res<Budget>, mut exit: MessageWriter<AppExit>) {
    if budget.started.elapsed() > budget.wall {
        exit.write(AppExit::Success);
    }
}
