//! `vr-aat bench`: the core's per-frame cost and how much faster than real time a
//! headless session runs. Build with `--release` for meaningful numbers.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure};
use vr_aat::data::ExGaussian;
use vr_aat::data::{Block, BlockKind, BlockSessions, BlockStimuli, load_patient, load_protocol};
use vr_aat::metrics::RecorderOptions;
use vr_aat::participant::ParticipantId;
use vr_aat::patient::ExGaussSampler;
use vr_aat::rng::rng_for;
use vr_aat::scoring::{Cells, ScoreKind, bootstrap, prepare, score, split_half};
use vr_aat::session::{ProtocolSource, RecordTo};
use vr_aat::sim::{SessionRun, build_app, run_recorded_session, run_session, score_trials};
use vr_aat::timing::{CoreCost, FrameCostStats};
use vr_aat::trial::ActiveSession;
use vr_aat::trial::OnsetTiming;

/// Measure per-frame cost, headless speed, recording and scoring (build with --release).
///
/// (a) per-frame cost at a headset rate, one frame per update, with the synthetic
/// patient, against a display period; (b) a 30-minute session's simulated time divided
/// by wall time, with the largest batches the patient allows; (c) per-frame cost with the
/// session-metrics plugin recording, and bytes written per minute; (d) scoring a course;
/// (e) split-half reliability with 6000 iterations for 20 participants x 200 trials; (f)
/// the peak memory of `export` for 4 and for 40 recorded sessions (it streams).
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Protocol whose timing and thresholds the benchmark session uses.
    #[arg(long, default_value = DEFAULT_PROTOCOL)]
    pub protocol: PathBuf,
    #[arg(long, default_value = DEFAULT_PATIENT)]
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
}

pub fn run(args: BenchArgs) -> Result<(), Failure> {
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
        let p = prepare(&score_trials(records), &course.scoring);
        let _ = score(&p.cells);
        let _ = bootstrap(&p.cells, ScoreKind::MedianDiff, 2000, 0.95, 1);
    }
    println!(
        "(d) scoring a {}-session course (all scores + 2000-iteration bootstrap per session): {:.3} s",
        course.sessions,
        started.elapsed().as_secs_f64()
    );

    // (e) Split-half reliability, 6000 iterations, 20 participants x 200 trials.
    let cells = synthetic_group(20, 50);
    let started = Instant::now();
    let r = split_half(&cells, ScoreKind::MedianDiff, 6000, 1).map_err(Failure::runtime)?;
    println!(
        "(e) split-half reliability, 6000 iterations, 20 participants x 200 trials, one thread: {:.3} s (r_sb {:.2})",
        started.elapsed().as_secs_f64(),
        r.r_sb
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

/// Records `sessions` practice sessions with tracking into a temporary folder, exports
/// them with this program in a child process, and returns the child's peak resident
/// memory (KiB) and the bytes of the data folder; `None` where that is not available.
fn export_peak_kib(
    source: &ProtocolSource,
    patient: &vr_aat::data::PatientProfile,
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
        };
        let options = RecorderOptions {
            overflow: vr_aat::metrics::Overflow::Wait,
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
    let peak = child_peak_kib(
        std::process::Command::new(std::env::current_exe().map_err(Failure::runtime)?)
            .arg("export")
            .arg("--data-dir")
            .arg(root.join("data"))
            .arg("--out")
            .arg(root.join("export"))
            .stdout(std::process::Stdio::null()),
    );
    let _ = std::fs::remove_dir_all(&root);
    Ok(peak.map(|kib| (kib, bytes)))
}

/// Runs `cmd` and returns its peak resident memory (KiB), on Unix.
#[cfg(unix)]
fn child_peak_kib(cmd: &mut std::process::Command) -> Option<u64> {
    let child = cmd.spawn().ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; the pointers are valid for the call.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    (rc == pid).then_some(usage.ru_maxrss as u64)
}

#[cfg(not(unix))]
fn child_peak_kib(_cmd: &mut std::process::Command) -> Option<u64> {
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
fn synthetic_group(participants: u32, per_cell: usize) -> Vec<Cells> {
    let mut out = Vec::new();
    for p in 0..participants {
        let mut rng = rng_for(7, 99, p, 0);
        let bias = 100.0 * (f64::from(p) / f64::from(participants) - 0.5);
        let mut cells = Cells::default();
        for (i, cell) in cells.0.iter_mut().enumerate() {
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
                cell.extend((0..per_cell).map(|_| 1000.0 * sampler.sample(&mut rng)));
            }
        }
        out.push(cells);
    }
    out
}
