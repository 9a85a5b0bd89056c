//! The render benchmark (`vr-aat bench --render`): the bar drawn offscreen, without a
//! window or a headset, at a chosen resolution and number of views, while a synthetic
//! patient plays a short scripted session through the same plugins `play` uses (the
//! bar, drinks, hand, instruction and questionnaire panels, feedback, the therapist's
//! overlay). Every frame is timed in parts:
//!
//! - **app update**: Bevy's main schedules (input, the trial engine, the scene, layout,
//!   transforms, visibility), CPU;
//! - **extract** and **render**: copying the frame to the render world, then preparing,
//!   encoding and submitting its GPU commands, CPU;
//! - **GPU**: from a timestamp written just before the frame's command buffers are
//!   submitted to one written after them (timestamp queries, where the adapter has
//!   them; the first is submitted with the queue's pending uploads, so uploads are not
//!   counted);
//! - **frame**: the whole, one part after the other, waiting for the GPU to finish
//!   before the next frame (nothing overlaps: an upper bound).
//!
//! Where the GPU time goes: the GPU time of each render pass Bevy times itself (its
//! render diagnostics: the main opaque and transparent passes, UI, tonemapping, ...),
//! per frame over all views; shadow maps are not among them, so they are in what the
//! frame's GPU time holds beyond the passes.
//!
//! The benchmark runs Bevy's renderer without its pipelined rendering, so that each
//! part is measured alone. `play` runs it pipelined: the main schedules of one frame
//! overlap the rendering of the one before, and the GPU works while the CPU prepares
//! the next frame. A frame therefore fits a display rate when each of (app update +
//! extract), render and GPU fits its period ([`BenchFrame::pipelined_us`]); the serial
//! frame time says what it costs with no overlap at all.
//!
//! Views: one is the flat window (the desktop camera with the therapist's overlay); two
//! are a headset's eyes (each at the per-eye resolution, 64 mm apart, a 100° vertical
//! field of view, the in-world panel), plus the therapist's mirror window (1280 x 720 by
//! default, as `play --window`), as `play` draws on a headset.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use bevy::app::{PluginsState, TerminalCtrlCHandlerPlugin};
use bevy::camera::RenderTarget;
use bevy::diagnostic::DiagnosticsStore;
use bevy::prelude::*;
use bevy::render::diagnostic::RenderDiagnosticsPlugin;
use bevy::render::pipelined_rendering::PipelinedRenderingPlugin;
use bevy::render::render_resource::TextureFormat;
use bevy::render::renderer::{RenderAdapterInfo, RenderDevice, RenderGraph, RenderGraphSystems, RenderQueue};
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::render::{RenderApp, RenderPlugin};
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use serde::{Deserialize, Serialize};

use super::{DrawSystems, DrinkCatalogue, bar_plugin, flat_plugin};
use crate::play::PlayError;
use vr_aat_core::data::{AskMoment, Catalogue, PatientProfile, Protocol};
use vr_aat_runtime::scene::{Drink, DrinkState, SceneLayout, SceneStatus};
use vr_aat_runtime::schedule::CoreUpdate;
use vr_aat_runtime::session::SessionOutcome;
use vr_aat_runtime::sim::{SessionRun, add_synthetic_session};
use vr_aat_runtime::trial::{EngineConfig, OnsetTiming};

/// What to draw and for how long.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenderBenchConfig {
    /// Pixels per view (per eye with two views).
    pub width: u32,
    pub height: u32,
    /// 1: the flat window; 2: a headset's two eyes (plus the therapist's mirror).
    pub views: u32,
    /// Frames measured.
    pub frames: u32,
    /// Frames drawn before measuring (the first compile the renderer's pipelines).
    pub warmup: u32,
    /// The scripted session's display rate (Hz): one frame per update at this rate.
    pub hz: f64,
    /// With two views, the therapist's mirror window beside the eyes (px).
    pub mirror: (u32, u32),
}

/// One measured frame (µs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchFrame {
    pub app_update_us: f64,
    pub extract_us: f64,
    pub render_us: f64,
    /// GPU time, where the adapter has timestamp queries.
    pub gpu_us: Option<f64>,
    /// Serial: all of the above one after the other, and the wait for the GPU.
    pub frame_us: f64,
}

impl BenchFrame {
    /// CPU time of the frame on one thread: app update + extract + render.
    pub fn cpu_us(&self) -> f64 {
        self.app_update_us + self.extract_us + self.render_us
    }

    /// The frame's cost with Bevy's pipelined rendering, as `play` runs: the longest of
    /// (app update + extract), render and GPU, which run side by side on consecutive
    /// frames. Without a GPU time, the CPU parts alone.
    pub fn pipelined_us(&self) -> f64 {
        (self.app_update_us + self.extract_us)
            .max(self.render_us)
            .max(self.gpu_us.unwrap_or(0.0))
    }
}

/// The adapter that drew.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdapterFacts {
    pub name: String,
    /// The driver and its version as the driver reports them.
    pub driver: String,
    pub backend: String,
    pub device_type: String,
    /// Whether GPU times were measured (timestamp queries).
    pub gpu_timestamps: bool,
}

/// What was on screen during the measured frames.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drawn {
    /// Frames with the instruction or questionnaire panel up.
    pub panel: u32,
    /// Frames with a drink on the counter.
    pub drink: u32,
    /// Frames with feedback: a drink moving away or closer, or a hint.
    pub feedback: u32,
}

/// The GPU time of one of the render passes Bevy times itself (its render diagnostics),
/// per frame: summed over the views that ran it, averaged over the measured frames.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassTime {
    /// The pass's name as Bevy gives it (e.g. `main_opaque_pass_3d`).
    pub pass: String,
    pub gpu_ms: f64,
}

/// Bevy's per-pass GPU times as they arrive (a frame or so late), summed per pass.
#[derive(Default)]
struct PassTotals {
    /// The newest measurement taken in.
    last: Option<bevy::platform::time::Instant>,
    /// Frames whose pass times arrived.
    frames: u32,
    ms: BTreeMap<String, f64>,
}

impl PassTotals {
    fn take_in(&mut self, world: &World) {
        let Some(store) = world.get_resource::<DiagnosticsStore>() else {
            return;
        };
        let mut times = BTreeSet::new();
        for d in store.iter() {
            let Some(pass) = d
                .path()
                .as_str()
                .strip_prefix("render/")
                .and_then(|p| p.strip_suffix("/elapsed_gpu"))
            else {
                continue;
            };
            for m in d.measurements().filter(|m| self.last.is_none_or(|l| m.time > l)) {
                *self.ms.entry(pass.to_owned()).or_default() += m.value;
                times.insert(m.time);
            }
        }
        self.frames += times.len() as u32;
        if let Some(newest) = times.last() {
            self.last = Some(*newest);
        }
    }

    /// Starts counting afresh (after the warm-up), keeping what was already taken in out.
    fn restart(&mut self, world: &World) {
        self.take_in(world);
        self.ms.clear();
        self.frames = 0;
    }

    /// Mean per frame, the dearest first.
    fn means(&self) -> Vec<PassTime> {
        if self.frames == 0 {
            return Vec::new();
        }
        let mut v: Vec<PassTime> = self
            .ms
            .iter()
            .map(|(pass, ms)| PassTime {
                pass: pass.clone(),
                gpu_ms: ms / f64::from(self.frames),
            })
            .collect();
        v.sort_by(|a, b| b.gpu_ms.total_cmp(&a.gpu_ms).then_with(|| a.pass.cmp(&b.pass)));
        v
    }
}

/// The benchmark's result, as `--out` writes it (RON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenderBenchReport {
    pub config: RenderBenchConfig,
    pub adapter: AdapterFacts,
    /// The CPU: logical CPUs, architecture and model.
    pub machine: String,
    /// How vr-aat was compiled: "release", or "unoptimised" (a debug or window-profile
    /// build, as CI's; compare only like with like).
    pub build: String,
    /// The first frame's serial time (s): mostly compiling the renderer's pipelines.
    pub first_frame_s: f64,
    pub drawn: Drawn,
    pub frames: Vec<BenchFrame>,
    /// Bevy's timed render passes (empty without GPU timestamps). What the frame's GPU
    /// time holds beyond them (shadow maps, which Bevy does not time, uploads, the
    /// rest) is the difference.
    #[serde(default)]
    pub passes: Vec<PassTime>,
}

/// The display rates a headset runs at (Hz), whose deadlines the report counts.
pub const RATES_HZ: [f64; 3] = [72.0, 90.0, 120.0];

impl RenderBenchReport {
    /// The `q` quantile (0 to 1, nearest rank) of one figure over the measured frames;
    /// `None` if no frame has it.
    pub fn quantile(&self, figure: impl Fn(&BenchFrame) -> Option<f64>, q: f64) -> Option<f64> {
        let mut v: Vec<f64> = self.frames.iter().filter_map(figure).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let i = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
        Some(v[i])
    }

    /// Frames that would miss a display at `hz`: (pipelined, serial) counts.
    pub fn misses(&self, hz: f64) -> (usize, usize) {
        let budget = 1e6 / hz;
        let pipelined = self.frames.iter().filter(|f| f.pipelined_us() > budget).count();
        let serial = self.frames.iter().filter(|f| f.frame_us > budget).count();
        (pipelined, serial)
    }
}

/// The scripted session: `protocol`'s first questionnaire before the session (the
/// questionnaire panel, answered by a quick reader: see [`run_render_bench`]), a 1 s
/// instruction panel, then trials with feedback (about 1.9 s each).
pub fn bench_protocol(protocol: &Protocol) -> Protocol {
    let (mut p, _) = vr_aat_runtime::bench::bench_protocol(protocol, 2.0);
    let mut first = p
        .questionnaires
        .iter()
        .filter(|a| a.moment == AskMoment::BeforeSession && a.definition.is_some())
        .take(1)
        .cloned()
        .collect::<Vec<_>>();
    for a in &mut first {
        a.sessions = Default::default();
    }
    p.questionnaires = first;
    p.timing.block_break_s = 1.0;
    p
}

/// A view's offscreen target.
#[derive(Component)]
struct BenchView;

/// The left (-1) or right (+1) eye of the two-view benchmark.
#[derive(Component)]
struct Eye(f32);

/// Half the distance between the eyes (m).
const HALF_IPD_M: f32 = 0.032;

/// Times the GPU's work on a frame with two timestamps (see the module's doc).
#[derive(Resource)]
struct GpuTimer {
    set: wgpu::QuerySet,
    resolve: wgpu::Buffer,
    read: wgpu::Buffer,
    /// Nanoseconds per timestamp tick.
    period_ns: f64,
}

impl GpuTimer {
    fn new(device: &wgpu::Device, queue: &wgpu::Queue) -> Self {
        let set = device.create_query_set(&wgpu::QuerySetDescriptor {
            label: Some("vr-aat bench: frame"),
            ty: wgpu::QueryType::Timestamp,
            count: 2,
        });
        let buffer = |usage| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("vr-aat bench: timestamps"),
                size: 16,
                usage,
                mapped_at_creation: false,
            })
        };
        Self {
            set,
            resolve: buffer(wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC),
            read: buffer(wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST),
            period_ns: f64::from(queue.get_timestamp_period()),
        }
    }

    /// Writes timestamp `index` (an empty compute pass: needs only TIMESTAMP_QUERY).
    fn stamp(&self, encoder: &mut wgpu::CommandEncoder, index: u32) {
        let _pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
            label: Some("vr-aat bench: timestamp"),
            timestamp_writes: Some(wgpu::ComputePassTimestampWrites {
                query_set: &self.set,
                beginning_of_pass_write_index: Some(index),
                end_of_pass_write_index: None,
            }),
        });
    }
}

/// In the render graph, just before the frame's command buffers are submitted.
fn stamp_frame_start(timer: Option<Res<GpuTimer>>, device: Res<RenderDevice>, queue: Res<RenderQueue>) {
    let Some(timer) = timer else { return };
    let mut encoder = device
        .wgpu_device()
        .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
    timer.stamp(&mut encoder, 0);
    queue.submit([encoder.finish()]);
}

/// After the frame: the end timestamp, then waits for the GPU to finish. Returns the
/// GPU time (µs) where it was measured.
fn finish_frame(render_world: &mut World) -> Option<f64> {
    let device = render_world.resource::<RenderDevice>().clone();
    let queue = render_world.resource::<RenderQueue>().clone();
    let device = device.wgpu_device();
    let Some(timer) = render_world.get_resource::<GpuTimer>() else {
        let _ = device.poll(wgpu::PollType::wait_indefinitely());
        return None;
    };
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
    timer.stamp(&mut encoder, 1);
    encoder.resolve_query_set(&timer.set, 0..2, &timer.resolve, 0);
    encoder.copy_buffer_to_buffer(&timer.resolve, 0, &timer.read, 0, 16);
    queue.submit([encoder.finish()]);
    let slice = timer.read.slice(..);
    slice.map_async(wgpu::MapMode::Read, |_| {});
    device.poll(wgpu::PollType::wait_indefinitely()).ok()?;
    let ticks = {
        let bytes = slice.get_mapped_range();
        let read = |at: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(b)
        };
        (read(0), read(8))
    };
    timer.read.unmap();
    let (start, end) = ticks;
    (end > start).then(|| (end - start) as f64 * timer.period_ns / 1e3)
}

/// Bevy's default plugins without a window, its window loop, its pipelined rendering
/// or its Ctrl-C handler: the benchmark drives the frames itself.
///
/// Pipelines are compiled when they are first needed, on the render thread, within the
/// frame that needs them (Bevy's synchronous pipeline compilation), not on a background
/// thread while frames are drawn without them: every measured frame draws all that is
/// visible, a compilation shows as that frame's time, and nothing else runs on the CPU
/// while a frame is timed. Mesa's lavapipe then never compiles shaders on two threads
/// at once: with background compilation the benchmark once aborted on it in CI (glibc:
/// "corrupted double-linked list", in the first frames).
fn offscreen_plugins() -> bevy::app::PluginGroupBuilder {
    DefaultPlugins
        .build()
        .set(RenderPlugin {
            synchronous_pipeline_compilation: true,
            ..default()
        })
        .disable::<WinitPlugin>()
        .disable::<PipelinedRenderingPlugin>()
        .disable::<TerminalCtrlCHandlerPlugin>()
        .set(WindowPlugin {
            primary_window: None,
            exit_condition: ExitCondition::DontExit,
            close_when_requested: false,
            ..default()
        })
}

fn target_image(images: &mut Assets<Image>, (w, h): (u32, u32)) -> Handle<Image> {
    images.add(Image::new_target_texture(w, h, TextureFormat::Rgba8UnormSrgb, None))
}

/// The cameras: the flat window's (the desktop camera, which `place_eye_camera` then
/// places, with the overlay) and, with two views, the eyes.
fn spawn_views(config: RenderBenchConfig) -> impl FnMut(Commands, ResMut<Assets<Image>>) {
    move |mut commands: Commands, mut images: ResMut<Assets<Image>>| {
        let flat_px = if config.views == 2 {
            config.mirror
        } else {
            (config.width, config.height)
        };
        let flat = target_image(&mut images, flat_px);
        commands.spawn((
            crate::drinks::flat_camera(),
            RenderTarget::Image(flat.clone().into()),
            IsDefaultUiCamera,
            BenchView,
            Views(vec![flat]),
        ));
        if config.views == 2 {
            for side in [-1.0, 1.0] {
                let image = target_image(&mut images, (config.width, config.height));
                commands.spawn((
                    Camera3d::default(),
                    Projection::Perspective(PerspectiveProjection {
                        fov: 100f32.to_radians(),
                        aspect_ratio: config.width as f32 / config.height as f32,
                        ..default()
                    }),
                    Camera {
                        order: side as isize + 2,
                        ..default()
                    },
                    Msaa::Sample4,
                    RenderTarget::Image(image.clone().into()),
                    Eye(side),
                    BenchView,
                    Views(vec![image]),
                ));
            }
        }
    }
}

/// The images a view draws into (for `--png`).
#[derive(Component)]
struct Views(Vec<Handle<Image>>);

/// The eyes at the patient's eyes, looking over the counter.
fn place_eyes(layout: Res<SceneLayout>, mut eyes: Query<(&Eye, &mut Transform)>) {
    let right = layout.forward.cross(Vec3::Y).normalize_or(Vec3::X);
    for (eye, mut tf) in &mut eyes {
        let at = layout.eye + right * eye.0 * HALF_IPD_M;
        *tf = Transform::from_translation(at).looking_to(layout.forward - Vec3::Y * 0.25, Vec3::Y);
    }
}

/// The scripted session in `app` (which has Bevy's renderer): `protocol` (see
/// [`bench_protocol`]) with `catalogue`, played by `patient` reading a questionnaire
/// item in 0.5 s (so that the first drink comes about 2 s into the session) at `hz`,
/// one frame per update, drawn by the bar's plugins as `play` draws it. The caller adds
/// the cameras.
pub fn add_scripted_session(
    app: &mut App,
    protocol: &Protocol,
    catalogue: &Catalogue,
    patient: &PatientProfile,
    hz: f64,
) -> Result<(), PlayError> {
    let mut patient = patient.clone();
    patient.answers.seconds_per_item = 0.5;
    let run = SessionRun {
        protocol,
        catalogue,
        patient: &patient,
        seed: 1,
        session: 1,
        hz,
        frames_per_update: Some(1),
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    };
    let (_, agent, _) = run.check().map_err(|e| PlayError::Setup(e.to_string()))?;
    let engine = EngineConfig::from_protocol(protocol, agent.handedness(), agent.calibration(), hz);
    let layout = SceneLayout::new(&engine, patient.body.eye_height_m as f32);
    add_synthetic_session(app, &run, None).map_err(|e| PlayError::Setup(e.to_string()))?;
    app.add_plugins((vr_aat_runtime::scene::plugin, bar_plugin, flat_plugin))
        .insert_resource(layout)
        .insert_resource(vr_aat_runtime::texts::Texts::new(run.language))
        .insert_resource(DrinkCatalogue(catalogue.clone()));
    Ok(())
}

/// Runs the benchmark on the scripted session (see [`add_scripted_session`]). With `png`, view 0 (the headset's left eye; the flat window with one
/// view) of the last frame is saved there.
pub fn run_render_bench(
    config: &RenderBenchConfig,
    protocol: &Protocol,
    catalogue: &Catalogue,
    patient: &PatientProfile,
    png: Option<&std::path::Path>,
) -> Result<RenderBenchReport, PlayError> {
    if !(config.views == 1 || config.views == 2) {
        return Err(PlayError::Setup(format!("--views {}: must be 1 or 2", config.views)));
    }
    if config.width < 16 || config.height < 16 || config.width > 8192 || config.height > 8192 {
        return Err(PlayError::Setup(format!(
            "--resolution {}x{}: each side must be from 16 to 8192 pixels",
            config.width, config.height
        )));
    }
    if config.frames == 0 {
        return Err(PlayError::Setup("--frames must be at least 1".into()));
    }
    crate::play::check_gpu()?;
    let mut app = App::new();
    app.add_plugins((offscreen_plugins(), RenderDiagnosticsPlugin));
    add_scripted_session(&mut app, protocol, catalogue, patient, config.hz)?;
    app.add_systems(Startup, spawn_views(config.clone()));
    if config.views == 2 {
        app.add_plugins(super::world_panel::plugin).add_systems(
            CoreUpdate,
            place_eyes
                .in_set(DrawSystems::Layout)
                .ambiguous_with(DrawSystems::Layout)
                .run_if(resource_exists_and_changed::<SceneLayout>),
        );
    }
    let started = Instant::now();
    while app.plugins_state() == PluginsState::Adding {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(PlayError::Setup("the renderer did not start within 120 s".into()));
        }
        bevy::tasks::tick_global_task_pools_on_main_thread();
        std::thread::sleep(Duration::from_millis(1));
    }
    app.finish();
    app.cleanup();
    let adapter = {
        let Some(render) = app.get_sub_app_mut(RenderApp) else {
            return Err(PlayError::Setup("Bevy's renderer did not start (no render app)".into()));
        };
        let world = render.world_mut();
        let (Some(info), Some(device), Some(queue)) = (
            world.get_resource::<RenderAdapterInfo>(),
            world.get_resource::<RenderDevice>(),
            world.get_resource::<RenderQueue>(),
        ) else {
            return Err(PlayError::Setup(
                "Bevy's renderer found no GPU adapter (Vulkan: install the GPU's driver, or Mesa's lavapipe: apt-get install mesa-vulkan-drivers libvulkan1)".into(),
            ));
        };
        let timestamps = device.features().contains(wgpu::Features::TIMESTAMP_QUERY);
        let facts = AdapterFacts {
            name: info.name.clone(),
            driver: format!("{} {}", info.driver, info.driver_info).trim().to_owned(),
            backend: format!("{:?}", info.backend),
            device_type: format!("{:?}", info.device_type),
            gpu_timestamps: timestamps,
        };
        if timestamps {
            let timer = GpuTimer::new(device.wgpu_device(), queue);
            world.insert_resource(timer);
        }
        render.add_systems(
            RenderGraph,
            stamp_frame_start
                .after(RenderGraphSystems::Render)
                .before(RenderGraphSystems::Submit),
        );
        facts
    };

    let mut frames = Vec::with_capacity(config.frames as usize);
    let mut drawn = Drawn::default();
    let mut first_frame_s = 0.0;
    let mut passes = PassTotals::default();
    for i in 0..config.warmup + config.frames {
        if app.world().contains_resource::<SessionOutcome>() {
            break;
        }
        if i == config.warmup {
            passes.restart(app.world());
        }
        let frame = timed_update(&mut app);
        if i == 0 {
            first_frame_s = frame.frame_us / 1e6;
        }
        if i >= config.warmup {
            frames.push(frame);
            count_drawn(app.world_mut(), &mut drawn);
            passes.take_in(app.world());
        }
    }
    if let Some(path) = png {
        save_view(&mut app, path)?;
    }
    Ok(RenderBenchReport {
        config: config.clone(),
        adapter,
        machine: vr_aat_runtime::bench::machine(),
        build: if cfg!(debug_assertions) {
            "unoptimised"
        } else {
            "release"
        }
        .to_owned(),
        first_frame_s,
        drawn,
        frames,
        passes: passes.means(),
    })
}

/// One `app.update()` as Bevy's `SubApps::update` runs it, timed in its parts, then the
/// end of the frame on the GPU.
fn timed_update(app: &mut App) -> BenchFrame {
    let t0 = Instant::now();
    let apps = app.sub_apps_mut();
    apps.main.run_default_schedule();
    let t1 = Instant::now();
    let (mut extract, mut render) = (Duration::ZERO, Duration::ZERO);
    for sub in apps.sub_apps.values_mut() {
        let a = Instant::now();
        sub.extract(apps.main.world_mut());
        let b = Instant::now();
        sub.update();
        extract += b - a;
        render += b.elapsed();
    }
    apps.main.world_mut().clear_trackers();
    let gpu_us = app.get_sub_app_mut(RenderApp).and_then(|r| finish_frame(r.world_mut()));
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    BenchFrame {
        app_update_us: us(t1 - t0),
        extract_us: us(extract),
        render_us: us(render),
        gpu_us,
        frame_us: us(t0.elapsed()),
    }
}

fn count_drawn(world: &mut World, drawn: &mut Drawn) {
    let (panel, hint) = world.get_resource::<SceneStatus>().map_or((false, false), |s| {
        (s.panel.is_some() || s.question.is_some(), s.hint.is_some())
    });
    let mut drinks = world.query::<&Drink>();
    let mut any = false;
    let mut moving = false;
    for d in drinks.iter(world) {
        any = true;
        moving |= matches!(d.state, DrinkState::Leaving { .. });
    }
    drawn.panel += u32::from(panel);
    drawn.drink += u32::from(any);
    drawn.feedback += u32::from(moving || hint);
}

/// Saves view 0's image of the next frames as a PNG.
fn save_view(app: &mut App, path: &std::path::Path) -> Result<(), PlayError> {
    let world = app.world_mut();
    let mut views = world.query_filtered::<(&Views, Option<&Eye>), With<BenchView>>();
    let image = views
        .iter(world)
        .min_by_key(|(_, eye)| eye.map_or(0, |e| if e.0 < 0.0 { -1 } else { 1 }))
        .and_then(|(v, _)| v.0.first().cloned());
    let Some(image) = image else {
        return Err(PlayError::Setup("no view to save".into()));
    };
    let _ = std::fs::remove_file(path);
    // (Owned: the observer outlives this call.)
    let owned = std::path::PathBuf::from(path);
    world.spawn(Screenshot::image(image)).observe(save_to_disk(owned));
    for _ in 0..20 {
        app.update();
        if path.is_file() {
            return Ok(());
        }
    }
    Err(PlayError::Setup(format!("{}: the view was not saved", path.display())))
}
