//! `vr-aat bench`: the core's per-frame cost and how much faster than real time a
//! headless session runs. Build with `--release` for meaningful numbers.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure};
use vr_aat_core::data::ExGaussian;
use vr_aat_core::data::ProtocolSource;
use vr_aat_core::data::{Block, BlockKind, BlockSessions, BlockStimuli, load_patient, load_protocol};
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::rng::rng_for;
use vr_aat_core::scoring::{ScoreKind, SplitHalfOptions, Usable, bootstrap, prepare, score, split_half, usable};
use vr_aat_core::trial::score_trials;
use vr_aat_runtime::patient::ExGaussSampler;
use vr_aat_runtime::session::RecordTo;
use vr_aat_runtime::sim::{SessionRun, build_app, run_recorded_session, run_session};
use vr_aat_runtime::timing::{CoreCost, FrameCostStats};
use vr_aat_runtime::trial::ActiveSession;
use vr_aat_runtime::trial::OnsetTiming;
use vr_aat_store::RecorderOptions;

/// Measure per-frame cost, headless speed, recording and scoring (build with --release).
///
/// (a) per-frame cost at a headset rate, one frame per update, with the synthetic
/// patient, against a display period; (b) a 30-minute session's simulated time divided
/// by wall time, with the largest batches the patient allows; (c) per-frame cost with the
/// session-metrics plugin recording, and bytes written per minute; (d) scoring a course;
/// (e) split-half reliability with 6000 iterations for 20 participants x 200 trials; (f)
/// the peak memory of `export` for 4 and for 40 recorded sessions (it streams).
///
/// With --session, instead: (g) the real frame figures of recorded sessions (from their
/// frames.csv: frames shown per second, frame intervals, late frames) beside the core's
/// own cost in the same session (core_cost.ron). Headless figures say what the core
/// costs; only a live session's frames say what a display showed.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Protocol whose timing and thresholds the benchmark session uses: a built-in name
    /// or a protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL, value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// Synthetic patient: a built-in name or a patient profile file.
    #[arg(long, default_value = DEFAULT_PATIENT, value_parser = vr_aat_core::data::builtin::patient_arg)]
    pub patient: PathBuf,
    /// Display rate in Hz.
    #[arg(long, default_value_t = 90.0)]
    pub hz: f64,
    /// Simulated minutes per measurement.
    #[arg(long, default_value_t = 30.0)]
    pub minutes: f64,
    /// Repetitions of the 30-minute run (the best is reported with the median).
    #[arg(long, default_value_t = 5)]
    pub repeat: u32,
    /// A recorded session's folder (e.g. data/P001/S01; repeatable): report its frames
    /// beside its core cost, and nothing else.
    #[arg(long = "session", value_name = "DIR")]
    pub sessions: Vec<PathBuf>,
    /// Instead: (h) simulate a cohort of this many participants (the built-in study-arm
    /// cohort, the whole protocol) into a fresh folder in the current directory, and
    /// report its wall time beside its CPU time per core.
    #[arg(long, value_name = "PARTICIPANTS", conflicts_with = "sessions")]
    pub cohort: Option<u32>,
}

pub fn run(args: BenchArgs) -> Result<(), Failure> {
    if !args.sessions.is_empty() {
        return report_frames(&args.sessions);
    }
    if let Some(n) = args.cohort {
        return cohort_speed(&args.protocol, n);
    }
    let (mut protocol, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build; run `cargo run --release -- bench` for real numbers");
    }
    // One long block of about `minutes` of trials (about 1.87 s per trial with the default
    // protocol and patient).
    let trials = ((args.minutes * 60.0 / 1.87) as u32 / 2 * 2).max(2);
    protocol.sessions = 1;
    protocol.blocks = vec![Block {
        name: "bench".into(),
        kind: BlockKind::Assessment,
        trials,
        alcohol_share: 0.5,
        alcohol_push_share: 1.0,
        stimuli: BlockStimuli::All,
        sessions: BlockSessions::All,
    }];
    let run = |batch: Option<u32>| SessionRun {
        protocol: &protocol,
        catalogue: &catalogue,
        patient: &patient,
        seed: 1,
        session: 1,
        hz: args.hz,
        frames_per_update: batch,
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        language: vr_aat_core::locale::Language::En,
    };
    println!(
        "machine: {} logical CPUs, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH
    );

    // (a) One frame per update, as on a headset: the core systems' own cost (the core-cost
    // stopwatch), and the whole `app.update()` including Bevy's scheduling. Both are what
    // the core takes of a frame on this machine, not a display's frame rate (that is
    // measured by the frame clock in live sessions: frames.csv, the overlay).
    let mut app = build_app(&run(Some(1)), None).map_err(Failure::bad_input)?;
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
    let period_us = 1e6 / args.hz;
    let core = app
        .world()
        .get_resource::<CoreCost>()
        .map(|b| b.stats.clone())
        .unwrap_or_default();
    println!(
        "(a) core cost per frame at {} Hz, one frame per update, synthetic patient ({} frames, display period {:.0} us):",
        args.hz,
        core.frames(),
        period_us
    );
    for (what, s) in [("core systems", &core), ("whole app.update()", &whole)] {
        println!(
            "    {what:<20} median {:>4.0} us, p99 {:>4.0} us, max {:>6.0} us; p99 = {:.2}% of a display period",
            s.quantile_us(0.5),
            s.quantile_us(0.99),
            s.max_us(),
            100.0 * s.quantile_us(0.99) / period_us
        );
    }

    // (b) Batched, as fast as possible.
    let mut walls = Vec::new();
    let mut simulated = 0.0;
    let mut updates = 0;
    for _ in 0..args.repeat.max(1) {
        let started = Instant::now();
        let out = run_session(&run(None), &mut |_, _| {}).map_err(Failure::bad_input)?;
        walls.push(started.elapsed().as_secs_f64());
        simulated = out.simulated_s;
        updates = out.updates;
    }
    walls.sort_by(f64::total_cmp);
    let median = walls[walls.len() / 2];
    println!(
        "(b) a {:.1}-minute session ({} trials, {} updates): median {:.3} s wall, best {:.3} s; {:.0}x real time",
        simulated / 60.0,
        trials,
        updates,
        median,
        walls[0],
        simulated / median
    );
    println!(
        "    per 30 simulated minutes: {:.3} s",
        median * 1800.0 / simulated.max(1e-9)
    );

    // (c) With the session-metrics plugin recording everything, one frame per update,
    // with the live-play queue policy (never block a frame). Stepping frames far faster
    // than a display shows them outruns the disk, so the backlog limit is lifted here:
    // nothing is dropped and the bytes per minute are those of a live session.
    let folder = std::env::temp_dir().join(format!("vr-aat-bench-{}", std::process::id()));
    let id = ParticipantId::parse("bench").map_err(Failure::runtime)?;
    let source = ProtocolSource::load(&args.protocol).map_err(Failure::bad_input)?;
    let options = RecorderOptions {
        max_backlog_s: f64::INFINITY,
        ..RecorderOptions::default()
    };
    let recorded = run_recorded_session(
        &run(Some(1)),
        RecordTo::new(&folder, &id, &source, options),
        &mut |_, _| {},
    );
    let bytes = dir_bytes(&folder);
    let _ = std::fs::remove_dir_all(&folder);
    let (out, counts, _) = recorded.map_err(Failure::runtime)?;
    let r = &out.frame_costs;
    println!("(c) with recording (trials, tracking, events), one frame per update:");
    println!(
        "    core systems + recorder median {:.0} us, p99 {:.0} us, max {:.0} us (without: p99 {:.0} us); p99 = {:.2}% of a display period",
        r.quantile_us(0.5),
        r.quantile_us(0.99),
        r.max_us(),
        core.quantile_us(0.99),
        100.0 * r.quantile_us(0.99) / period_us
    );
    println!(
        "    {:.2} MB written per session minute ({} pose samples, {} dropped)",
        bytes as f64 / 1e6 / (out.simulated_s / 60.0),
        counts.tracking_samples_written,
        counts.tracking_samples_dropped
    );

    // (d) Scoring a 6-session course: pre-processing, all scores and a 2000-iteration
    // bootstrap interval per session.
    let (course, course_catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let mut sessions = Vec::new();
    for session in 1..=course.sessions {
        let r = SessionRun {
            protocol: &course,
            catalogue: &course_catalogue,
            session,
            ..run(None)
        };
        sessions.push(run_session(&r, &mut |_, _| {}).map_err(Failure::bad_input)?.records);
    }
    let started = Instant::now();
    for records in &sessions {
        let trials = score_trials(records);
        let p = prepare(&trials, &course.scoring);
        let _ = score(&p.cells);
        let (kept, _) = usable(&trials, &course.scoring);
        let _ = bootstrap(&kept, &course.scoring, ScoreKind::MedianDiff, 2000, 0.95, 1);
    }
    println!(
        "(d) scoring a {}-session course (all scores + 2000-iteration bootstrap per session): {:.3} s",
        course.sessions,
        started.elapsed().as_secs_f64()
    );

    // (e) Split-half reliability, 6000 iterations, 20 participants x 200 trials.
    let cells = synthetic_group(20, 50);
    let started = Instant::now();
    let options = SplitHalfOptions {
        kind: ScoreKind::MedianDiff,
        iterations: 6000,
        seed: 1,
        case_prune: false,
    };
    let config = vr_aat_core::scoring::Preset::Aattools.config();
    let r = split_half(&cells, &config, &options).map_err(Failure::runtime)?;
    println!(
        "(e) split-half reliability, 6000 iterations, 20 participants x 200 trials, {} threads: {:.3} s (r_sb {:.2})",
        rayon::current_num_threads(),
        started.elapsed().as_secs_f64(),
        r.spearman_brown.r
    );

    // (f) Export streams session by session: its peak memory should not grow with the
    // number of sessions exported.
    let small = export_peak_kib(&source, &patient, 4)?;
    let large = export_peak_kib(&source, &patient, 40)?;
    match (small, large) {
        (Some((s, sb)), Some((l, lb))) => println!(
            "(f) export with tracking: peak memory {:.1} MiB for 4 sessions ({:.0} MB of data), {:.1} MiB for 40 ({:.0} MB): ratio {:.2}",
            s as f64 / 1024.0,
            sb as f64 / 1e6,
            l as f64 / 1024.0,
            lb as f64 / 1e6,
            l as f64 / s as f64
        ),
        _ => println!("(f) export peak memory: not measured on this platform"),
    }
    Ok(())
}

/// (g) The frames of recorded sessions beside the core's cost in them.
fn report_frames(dirs: &[PathBuf]) -> Result<(), Failure> {
    use vr_aat_core::records::Clock;
    use vr_aat_store::frame_report::read_frame_report;

    for dir in dirs {
        let r = read_frame_report(dir).map_err(Failure::bad_input)?;
        let clock = match r.timing.map(|t| t.clock) {
            Some(Clock::PredictedDisplay) => "headset, predicted display times",
            Some(Clock::FrameStart) => "flat, frame start times",
            Some(Clock::Simulated) => "simulated, no display",
            None => "format 1, clock not recorded",
        };
        let period_ms = r.timing.map(|t| t.display_period_s * 1e3);
        println!(
            "(g) {} ({clock}; nominal period {}):",
            dir.display(),
            period_ms.map_or_else(|| "not recorded".into(), |p| format!("{p:.2} ms"))
        );
        println!(
            "    frames: {} over {:.1} s, {} per second; interval median {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} late ({:.2}%)",
            r.frames,
            r.span_s,
            r.rate_hz().map_or_else(|| "-".into(), |hz| format!("{hz:.1}")),
            r.interval_median_ms,
            r.interval_p99_ms,
            r.interval_max_ms,
            r.late,
            100.0 * r.late as f64 / (r.frames.max(1)) as f64
        );
        match &r.core_cost {
            Some(c) => println!(
                "    core cost per frame: median {:.0} us, p99 {:.0} us, max {:.0} us; p99 = {:.2}% of a display period",
                c.median_us,
                c.p99_us,
                c.max_us,
                100.0 * c.p99_us / c.period_us
            ),
            None => println!("    core cost: no core_cost.ron (the session is open or was interrupted)"),
        }
    }
    Ok(())
}

/// Records `sessions` practice sessions with tracking into a temporary folder, exports
/// them with this program in a child process, and returns the child's peak resident
/// memory (KiB) and the bytes of the data folder; `None` where that is not available.
fn export_peak_kib(
    source: &ProtocolSource,
    patient: &vr_aat_core::data::PatientProfile,
    sessions: u32,
) -> Result<Option<(u64, u64)>, Failure> {
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
        let id = ParticipantId::parse(&format!("bench{n}")).map_err(Failure::runtime)?;
        let run = SessionRun {
            protocol: &practice.protocol,
            catalogue: &practice.catalogue,
            patient,
            seed: u64::from(n),
            session: 1,
            hz: 90.0,
            frames_per_update: None,
            onset_timing: OnsetTiming::Interpolated,
            speed: None,
            language: vr_aat_core::locale::Language::En,
        };
        let options = RecorderOptions {
            overflow: vr_aat_store::Overflow::Wait,
            ..RecorderOptions::default()
        };
        run_recorded_session(
            &run,
            RecordTo::new(&root.join("data"), &id, &practice, options),
            &mut |_, _| {},
        )
        .map_err(Failure::runtime)?;
    }
    let bytes = dir_bytes(&root.join("data"));
    let report = root.join("peak-memory");
    let status = std::process::Command::new(std::env::current_exe().map_err(Failure::runtime)?)
        .arg("export")
        .arg("--data-dir")
        .arg(root.join("data"))
        .arg("--out")
        .arg(root.join("export"))
        .env(PEAK_MEMORY_ENV, &report)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(Failure::runtime)?;
    let peak = std::fs::read_to_string(&report)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let _ = std::fs::remove_dir_all(&root);
    if !status.success() {
        return Err(Failure::runtime(format!("export for the benchmark failed: {status}")));
    }
    Ok(peak.map(|kib| (kib, bytes)))
}

/// Set to a file path, a `vr-aat` process writes its own peak resident memory (KiB) there
/// when it ends (Linux). The benchmark asks its export child for it this way: the
/// child's `wait4` figure would include the parent's memory, which Linux counts into a
/// child started with `posix_spawn` (the parent's address space it ran in until `exec`).
const PEAK_MEMORY_ENV: &str = "VR_AAT_PEAK_MEMORY_FILE";

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

/// (h) A cohort simulated by a child `vr-aat simulate` on the disk of the current
/// directory: wall time against the child's CPU time (user + system) per core.
fn cohort_speed(protocol: &std::path::Path, participants: u32) -> Result<(), Failure> {
    let dir = std::env::current_dir()
        .map_err(Failure::runtime)?
        .join(format!("vr-aat-bench-cohort-{}", std::process::id()));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    let status = std::process::Command::new(std::env::current_exe().map_err(Failure::runtime)?)
        .args(["simulate", "--cohort", "study-arm", "--participants"])
        .arg(participants.to_string())
        .arg("--protocol")
        .arg(protocol)
        .arg("--data-dir")
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let wall = started.elapsed().as_secs_f64();
    let bytes = dir_bytes(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let status = status.map_err(Failure::runtime)?;
    if !status.success() {
        return Err(Failure::runtime(format!("the cohort simulation failed: {status}")));
    }
    match children_cpu_s() {
        Some(cpu) => println!(
            "(h) cohort of {participants} participants ({}): wall {wall:.1} s, CPU {cpu:.1} s on {cores} cores = {:.1} s per core; wall / (CPU per core) = {:.2}; {:.0} MB written",
            protocol.display(),
            cpu / cores as f64,
            wall / (cpu / cores as f64),
            bytes as f64 / 1e6
        ),
        None => println!("(h) cohort of {participants} participants: wall {wall:.1} s (CPU time not available here)"),
    }
    Ok(())
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
fn dir_bytes(dir: &std::path::Path) -> u64 {
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
                    rt: 1000.0 * sampler.sample(&mut rng),
                    error: false,
                }));
            }
        }
        out.push(trials);
    }
    out
}
