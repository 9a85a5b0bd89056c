//! The measurements of `vr-aat bench`: what the core costs per frame, how much faster
//! than real time a headless session runs, what recording adds, how long scoring and
//! split-half reliability take, and (with the `vr-aat` program itself, given as
//! `program`) the peak memory of `export` and the speed of a cohort simulation. Each
//! returns numbers; the command prints them. Run from a release build for real numbers.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use vr_aat_core::data::{
    Block, BlockKind, BlockSessions, BlockStimuli, Catalogue, ExGaussian, PatientProfile, Protocol, ProtocolSource,
};
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::SessionCounts;
use vr_aat_core::rng::rng_for;
use vr_aat_core::scoring::{ScoreKind, SplitHalfOptions, Usable, bootstrap, prepare, score, split_half, usable};
use vr_aat_core::trial::{OnsetTiming, score_trials};
use vr_aat_store::{Overflow, RecorderOptions};

use crate::patient::ExGaussSampler;
use crate::session::RecordTo;
use crate::sim::{SessionRun, SimError, build_app, run_recorded_session, run_session};
use crate::timing::{CoreCost, FrameCostStats};
use crate::trial::ActiveSession;

/// The protocol of the benchmark session: `protocol`'s timing and thresholds, one
/// session of one assessment block of about `minutes` of trials (about 1.87 s per trial
/// with the default protocol and patient). Returns it and its number of trials.
pub fn bench_protocol(protocol: &Protocol, minutes: f64) -> (Protocol, u32) {
    let trials = ((minutes * 60.0 / 1.87) as u32 / 2 * 2).max(2);
    let mut p = protocol.clone();
    p.sessions = 1;
    p.blocks = vec![Block {
        name: "bench".into(),
        kind: BlockKind::Assessment,
        trials,
        alcohol_share: 0.5,
        alcohol_push_share: 1.0,
        stimuli: BlockStimuli::All,
        sessions: BlockSessions::All,
    }];
    (p, trials)
}

/// The run of the benchmark session at `hz` with `batch` frames per update.
pub fn bench_run<'a>(
    protocol: &'a Protocol,
    catalogue: &'a Catalogue,
    patient: &'a PatientProfile,
    hz: f64,
    batch: Option<u32>,
) -> SessionRun<'a> {
    SessionRun {
        protocol,
        catalogue,
        patient,
        seed: 1,
        session: 1,
        hz,
        frames_per_update: batch,
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    }
}

/// (a) One frame per update, as on a headset: the core systems' own cost (the core-cost
/// stopwatch) and the whole `app.update()` including Bevy's scheduling, per frame.
#[derive(Clone, Debug)]
pub struct FrameCosts {
    pub core: FrameCostStats,
    pub whole: FrameCostStats,
}

/// Measures (a) on `run` (which should carry one frame per update).
pub fn frame_costs(run: &SessionRun) -> Result<FrameCosts, SimError> {
    let mut app = build_app(run, None)?;
    let mut whole = FrameCostStats::default();
    loop {
        let started = Instant::now();
        app.update();
        whole.add(started.elapsed().as_secs_f64(), 1, false);
        if app
            .world()
            .get_resource::<ActiveSession>()
            .is_none_or(|e| e.is_finished())
        {
            break;
        }
    }
    let core = app
        .world()
        .get_resource::<CoreCost>()
        .map(|b| b.stats.clone())
        .unwrap_or_default();
    Ok(FrameCosts { core, whole })
}

/// (b) A session as fast as possible, `repeat` times.
#[derive(Clone, Debug)]
pub struct HeadlessSpeed {
    /// Wall time of each run (s), sorted.
    pub walls_s: Vec<f64>,
    /// Simulated time of one run (s).
    pub simulated_s: f64,
    pub updates: u64,
}

impl HeadlessSpeed {
    pub fn median_s(&self) -> f64 {
        self.walls_s.get(self.walls_s.len() / 2).copied().unwrap_or(f64::NAN)
    }

    pub fn best_s(&self) -> f64 {
        self.walls_s.first().copied().unwrap_or(f64::NAN)
    }
}

/// Measures (b) on `run` (batched as the patient allows).
pub fn headless_speed(run: &SessionRun, repeat: u32) -> Result<HeadlessSpeed, SimError> {
    let mut out = HeadlessSpeed {
        walls_s: Vec::new(),
        simulated_s: 0.0,
        updates: 0,
    };
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        let session = run_session(run, &mut |_, _| {})?;
        out.walls_s.push(started.elapsed().as_secs_f64());
        out.simulated_s = session.simulated_s;
        out.updates = session.updates;
    }
    out.walls_s.sort_by(f64::total_cmp);
    Ok(out)
}

/// (c) The per-frame cost with the session-metrics plugin recording everything, and what
/// it wrote.
#[derive(Clone, Debug)]
pub struct RecordingCost {
    pub per_frame: FrameCostStats,
    pub bytes: u64,
    pub simulated_s: f64,
    pub counts: SessionCounts,
}

/// Measures (c): `run` (one frame per update) recorded with the live-play queue policy
/// (never block a frame) into a temporary folder, which is removed. Stepping frames far
/// faster than a display shows them outruns the disk, so the backlog limit is lifted:
/// nothing is dropped and the bytes per minute are those of a live session.
pub fn recording_cost(run: &SessionRun, source: &ProtocolSource) -> Result<RecordingCost, String> {
    let folder = std::env::temp_dir().join(format!("vr-aat-bench-{}", std::process::id()));
    let options = RecorderOptions {
        max_backlog_s: f64::INFINITY,
        ..RecorderOptions::default()
    };
    let id = ParticipantId::parse("bench").map_err(|e| e.to_string())?;
    let recorded = run_recorded_session(run, RecordTo::new(&folder, &id, source, options), &mut |_, _| {});
    let bytes = dir_bytes(&folder);
    let _ = std::fs::remove_dir_all(&folder);
    let (out, counts, _) = recorded.map_err(|e| e.to_string())?;
    Ok(RecordingCost {
        per_frame: out.frame_costs,
        bytes,
        simulated_s: out.simulated_s,
        counts,
    })
}

/// (d) Scoring every session of `course` (simulated with `run`'s patient and display):
/// pre-processing, all scores and a 2000-iteration bootstrap interval per session.
/// Returns the seconds the scoring took (the simulation is not timed).
pub fn scoring_time(run: &SessionRun, course: &Protocol, catalogue: &Catalogue) -> Result<f64, SimError> {
    let mut sessions = Vec::new();
    for session in 1..=course.sessions {
        let r = SessionRun {
            protocol: course,
            catalogue,
            session,
            ..run.clone()
        };
        sessions.push(run_session(&r, &mut |_, _| {})?.records);
    }
    let started = Instant::now();
    for records in &sessions {
        let trials = score_trials(records);
        let p = prepare(&trials, &course.scoring);
        let _ = score(&p.cells);
        let (kept, _) = usable(&trials, &course.scoring);
        let _ = bootstrap(&kept, &course.scoring, ScoreKind::MedianDiff, 2000, 0.95, 1);
    }
    Ok(started.elapsed().as_secs_f64())
}

/// (e) Split-half reliability as aat_splithalf computes it, 6000 iterations, 20
/// participants x 200 trials: the seconds it took and the Spearman-Brown coefficient.
pub fn split_half_time() -> Result<(f64, f64), String> {
    let cells = synthetic_group(20, 50);
    let started = Instant::now();
    let options = SplitHalfOptions {
        kind: ScoreKind::MedianDiff,
        iterations: 6000,
        seed: 1,
        case_prune: false,
        by_stimulus: false,
    };
    let config = vr_aat_core::scoring::Preset::Aattools.config();
    let r = split_half(&cells, &config, &options).map_err(|e| e.to_string())?;
    Ok((started.elapsed().as_secs_f64(), r.spearman_brown.r))
}

/// (f) Records `sessions` short practice sessions with tracking into a temporary folder,
/// exports them with `program` (the `vr-aat` executable) in a child process, and returns
/// the child's peak resident memory (KiB) and the bytes of the data folder; `None` where
/// that is not available. The child reports its own peak (see [`PEAK_MEMORY_ENV`]).
pub fn export_peak_kib(
    program: &Path,
    source: &ProtocolSource,
    patient: &PatientProfile,
    sessions: u32,
) -> Result<Option<(u64, u64)>, String> {
    let root = std::env::temp_dir().join(format!("vr-aat-bench-export-{}-{sessions}", std::process::id()));
    // One short block of 16 trials of the benchmark's protocol per session.
    let mut practice = source.clone();
    practice.protocol.sessions = 1;
    practice.protocol.blocks = vec![Block {
        name: "bench".into(),
        kind: BlockKind::Practice,
        trials: 16,
        alcohol_share: 0.5,
        alcohol_push_share: 1.0,
        stimuli: BlockStimuli::All,
        sessions: BlockSessions::All,
    }];
    for n in 1..=sessions {
        let id = ParticipantId::parse(&format!("bench{n}")).map_err(|e| e.to_string())?;
        let run = SessionRun {
            seed: u64::from(n),
            ..bench_run(&practice.protocol, &practice.catalogue, patient, 90.0, None)
        };
        let options = RecorderOptions {
            overflow: Overflow::Wait,
            ..RecorderOptions::default()
        };
        run_recorded_session(
            &run,
            RecordTo::new(&root.join("data"), &id, &practice, options),
            &mut |_, _| {},
        )
        .map_err(|e| e.to_string())?;
    }
    let bytes = dir_bytes(&root.join("data"));
    let report = root.join("peak-memory");
    let status = Command::new(program)
        .arg("export")
        .arg("--data-dir")
        .arg(root.join("data"))
        .arg("--out")
        .arg(root.join("export"))
        .env(PEAK_MEMORY_ENV, &report)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    let peak = std::fs::read_to_string(&report)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let _ = std::fs::remove_dir_all(&root);
    if !status.success() {
        return Err(format!("export for the benchmark failed: {status}"));
    }
    Ok(peak.map(|kib| (kib, bytes)))
}

/// Set to a file path, a `vr-aat` process writes its own peak resident memory (KiB) there
/// when it ends (Linux). The benchmark asks its export child for it this way: the
/// child's `wait4` figure would include the parent's memory, which Linux counts into a
/// child started with `posix_spawn` (the parent's address space it ran in until `exec`).
pub const PEAK_MEMORY_ENV: &str = "VR_AAT_PEAK_MEMORY_FILE";

/// Writes this process's peak resident memory where [`PEAK_MEMORY_ENV`] says, if set.
pub fn report_peak_memory() {
    let Some(path) = std::env::var_os(PEAK_MEMORY_ENV) else {
        return;
    };
    if let Some(kib) = own_peak_kib() {
        let _ = std::fs::write(path, kib.to_string());
    }
}

/// This process's peak resident memory (KiB): `VmHWM` in /proc/self/status.
#[cfg(target_os = "linux")]
fn own_peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(not(target_os = "linux"))]
fn own_peak_kib() -> Option<u64> {
    None
}

/// (h) A cohort simulation's speed on the disk of the current folder.
#[derive(Clone, Debug)]
pub struct CohortSpeed {
    pub wall_s: f64,
    /// The child's CPU time (user + system, s), where the platform reports it.
    pub cpu_s: Option<f64>,
    pub cores: usize,
    pub bytes: u64,
}

/// Measures (h): `program` (the `vr-aat` executable) simulates a cohort of
/// `participants` (the built-in study-arm cohort, every session of `protocol`) into a
/// fresh folder of the current directory, which is removed. The pose stream is recorded
/// (`--tracking`, off by default for so large a cohort): the heaviest case for the disk.
pub fn cohort_speed(program: &Path, protocol: &Path, participants: u32) -> Result<CohortSpeed, String> {
    let dir: PathBuf = std::env::current_dir()
        .map_err(|e| e.to_string())?
        .join(format!("vr-aat-bench-cohort-{}", std::process::id()));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    let status = Command::new(program)
        .args(["simulate", "--cohort", "study-arm", "--participants"])
        .arg(participants.to_string())
        .arg("--protocol")
        .arg(protocol)
        .arg("--tracking")
        .arg("--data-dir")
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let wall_s = started.elapsed().as_secs_f64();
    let bytes = dir_bytes(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let status = status.map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the cohort simulation failed: {status}"));
    }
    Ok(CohortSpeed {
        wall_s,
        cpu_s: children_cpu_s(),
        cores,
        bytes,
    })
}

/// CPU time (user + system, s) of this process's finished children.
#[cfg(unix)]
fn children_cpu_s() -> Option<f64> {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a rusage struct.
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return None;
    }
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    Some(t(usage.ru_utime) + t(usage.ru_stime))
}

#[cfg(not(unix))]
fn children_cpu_s() -> Option<f64> {
    None
}

/// Total size of the files under `dir` (bytes).
pub fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                dir_bytes(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

/// `participants` groups of ex-Gaussian RTs, `per_cell` per cell, with biases that
/// differ between participants (for timing the split-half computation).
fn synthetic_group(participants: u32, per_cell: usize) -> Vec<Vec<Usable>> {
    let mut out = Vec::new();
    for p in 0..participants {
        let mut rng = rng_for(7, 99, p, 0);
        let bias = 100.0 * (f64::from(p) / f64::from(participants) - 0.5);
        let mut trials = Vec::new();
        for i in 0..4 {
            let shift = match i {
                0 => bias / 2.0,
                1 => -bias / 2.0,
                _ => 0.0,
            };
            let d = ExGaussian {
                mu_ms: 500.0,
                sigma_ms: 50.0,
                tau_ms: 100.0,
            };
            if let Ok(sampler) = ExGaussSampler::new(d, shift) {
                trials.extend((0..per_cell).map(|_| Usable {
                    cell: i,
                    block: 1,
                    stimulus: 0,
                    rt: 1000.0 * sampler.sample(&mut rng),
                    error: false,
                }));
            }
        }
        out.push(trials);
    }
    out
}

/// The CPU this runs on: logical CPUs, architecture and (on Linux) its model name.
pub fn machine() -> String {
    use std::io::Read;
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut text = String::new();
    let model = std::fs::File::open("/proc/cpuinfo")
        .and_then(|f| f.take(1 << 20).read_to_string(&mut text))
        .ok()
        .and_then(|_| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| format!(", {}", m.trim()))
        })
        .unwrap_or_default();
    format!("{cpus} logical CPUs, {}{model}", std::env::consts::ARCH)
}
