//! The installation check's flat-window run (`vr-aat doctor`): the desktop window opened
//! as `play --flat` opens it (Bevy's window, the bar's plugins), showing the scripted
//! session of the render benchmark (a synthetic patient, nothing recorded) for a few
//! seconds, with the frames it drew and the adapter that drew them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;

use crate::frame_bench::{add_scripted_session, bench_protocol};
use crate::play::{PlayError, check_display, live_default_plugins};
use vr_aat_core::data::{Catalogue, PatientProfile, Protocol};

/// What the window showed (passed from the check's process to the report's as JSON).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WindowRun {
    /// The adapter and driver that drew (empty if the renderer never started).
    pub adapter: String,
    /// Software rendering (Mesa's llvmpipe/lavapipe, or an adapter of type CPU).
    pub software: bool,
    /// Frames drawn in the measured seconds (after the first `WARMUP`).
    pub frames: u64,
    /// Seconds measured.
    pub seconds: f64,
}

impl WindowRun {
    pub fn fps(&self) -> f64 {
        if self.seconds > 0.0 {
            self.frames as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Seconds before counting: the renderer compiles its pipelines in the first frames.
const WARMUP: Duration = Duration::from_secs(2);

#[derive(Resource, Clone)]
struct Slot(Arc<Mutex<WindowRun>>);

/// Counts frames after the warm-up; ends the app after `seconds` of them.
fn count(
    slot: Res<Slot>,
    adapter: Option<Res<RenderAdapterInfo>>,
    mut started: Local<Option<Instant>>,
    mut exit: MessageWriter<AppExit>,
    budget: Res<Budget>,
) {
    let started = *started.get_or_insert_with(Instant::now);
    let Ok(mut run) = slot.0.lock() else { return };
    if run.adapter.is_empty()
        && let Some(info) = adapter
    {
        run.adapter = format!(
            "{} ({:?}; {} {})",
            info.name, info.device_type, info.driver, info.driver_info
        )
        .trim()
        .to_owned();
        run.software = info.device_type == wgpu::DeviceType::Cpu || info.name.contains("llvmpipe");
    }
    let elapsed = started.elapsed();
    if elapsed >= WARMUP {
        run.frames += 1;
        run.seconds = (elapsed - WARMUP).as_secs_f64();
    }
    if elapsed >= WARMUP + budget.0 {
        exit.write(AppExit::Success);
    }
}

#[derive(Resource)]
struct Budget(Duration);

/// Opens the window (`size` px) and draws the scripted session for `seconds` after a
/// 2 s warm-up. Needs a display.
pub fn run_window_check(
    size: (u32, u32),
    seconds: f64,
    protocol: &Protocol,
    catalogue: &Catalogue,
    patient: &PatientProfile,
) -> Result<WindowRun, PlayError> {
    check_display()?;
    let slot = Slot(Arc::new(Mutex::new(WindowRun::default())));
    let mut app = App::new();
    app.add_plugins(live_default_plugins("vr-aat: installation check", size));
    add_scripted_session(&mut app, &bench_protocol(protocol), catalogue, patient, 60.0)?;
    app.insert_resource(slot.clone())
        .insert_resource(Budget(Duration::from_secs_f64(seconds.max(0.5))))
        .add_systems(Last, count);
    app.run();
    let run = slot.0.lock().map(|r| r.clone()).unwrap_or_default();
    if run.adapter.is_empty() {
        return Err(PlayError::Setup(
            "the window's renderer did not start (no GPU adapter; see the messages above)".into(),
        ));
    }
    Ok(run)
}
