//! `vr-aat bench`: the core's per-frame cost and how much faster than real time a
//! headless session runs (measured by `vr_aat_runtime::bench`; printed here). Build with
//! `--release` for meaningful numbers.

use std::path::PathBuf;

use clap::Args;
use vr_aat_core::data::{ProtocolSource, load_patient, load_protocol};
use vr_aat_core::records::Clock;
use vr_aat_runtime::bench;
use vr_aat_store::frame_report::read_frame_report;

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure};

/// Measure per-frame cost, headless speed, recording and scoring (build with --release).
///
/// (a) per-frame cost at a headset rate, one frame per update, with the synthetic
/// patient, against a display period, without and with Lab Streaming Layer streaming
/// (markers and poses); (b) a 30-minute session's simulated time divided
/// by wall time, with the largest batches the patient allows; (c) per-frame cost with the
/// session-metrics plugin recording, and bytes written per minute; (d) scoring a course;
/// (e) split-half reliability with 6000 iterations for 20 participants x 200 trials; (f)
/// the peak memory of `export` for 4 and for 40 recorded sessions (it streams).
///
/// With --render, instead: (i) the bar drawn offscreen at a headset's resolution (see
/// --render).
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
    /// cohort, the whole protocol, with the pose stream) into a fresh folder in the
    /// current directory, and report its wall time beside its CPU time per core.
    #[arg(long, value_name = "PARTICIPANTS", conflicts_with = "sessions")]
    pub cohort: Option<u32>,
    /// Instead: (i) draw the bar offscreen (no window, no headset; feature `render`)
    /// while a synthetic patient plays a short scripted session (a questionnaire panel,
    /// the instruction panel, drinks, feedback) at --hz, one frame per update, and
    /// report per frame the CPU time of the app update, of render extraction and of
    /// rendering and submission, the GPU time (timestamp queries, where the adapter has
    /// them), frames per second, and the frames over a 72, 90 and 120 Hz deadline; the
    /// adapter and driver are named. Needs a Vulkan adapter (run so far on Mesa's
    /// lavapipe only).
    #[arg(long, conflicts_with_all = ["sessions", "cohort"])]
    pub render: bool,
    /// With --render: pixels per view (per eye with two views): Quest 3 2064x2208,
    /// Quest 2 1832x1920, Index 1440x1600; e.g. 320x240 for a quick check on lavapipe.
    #[arg(long, value_parser = super::values::view_size, default_value = "2064x2208", requires = "render")]
    pub resolution: (u32, u32),
    /// With --render: 2 for a headset's eyes (plus the therapist's 1280x720 mirror, as
    /// `play` draws on a headset), 1 for the flat window.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=2), requires = "render")]
    pub views: u32,
    /// With --render and two views: the therapist's mirror window (pixels), as `play
    /// --window`.
    #[arg(long, value_parser = super::values::view_size, default_value = "1280x720", requires = "render")]
    pub window: (u32, u32),
    /// With --render: frames measured.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u32).range(1..=1_000_000), requires = "render")]
    pub frames: u32,
    /// With --render: frames drawn before measuring. Each render pipeline is compiled in
    /// the first frame that needs it (most in the very first), so every measured frame
    /// draws all that is visible.
    #[arg(long, default_value_t = 60, requires = "render")]
    pub warmup: u32,
    /// With --render: write the report (every frame's figures, adapter, machine) to this
    /// RON file, e.g. as a baseline.
    #[arg(long, value_name = "FILE", requires = "render")]
    pub out: Option<PathBuf>,
    /// With --render: compare the median CPU time per frame with a report written by
    /// --out (same resolution and views): prints the ratio, and a warning above 1.5.
    #[arg(long, value_name = "FILE", requires = "render")]
    pub baseline: Option<PathBuf>,
    /// With --render: save view 0 (the left eye; the flat window with one view) of the
    /// last frame as a PNG, to look at what was drawn.
    #[arg(long, value_name = "FILE", requires = "render")]
    pub png: Option<PathBuf>,
}

pub fn run(args: BenchArgs) -> Result<(), Failure> {
    if args.render {
        return super::bench_render::run(&args);
    }
    if !args.sessions.is_empty() {
        return report_frames(&args.sessions);
    }
    let program = std::env::current_exe().map_err(Failure::runtime)?;
    if let Some(n) = args.cohort {
        let c = bench::cohort_speed(&program, &args.protocol, n).map_err(Failure::runtime)?;
        match c.cpu_s {
            Some(cpu) => println!(
                "(h) cohort of {n} participants ({}): wall {:.1} s, CPU {cpu:.1} s on {} cores = {:.1} s per core; wall / (CPU per core) = {:.2}; {:.0} MB written",
                args.protocol.display(),
                c.wall_s,
                c.cores,
                cpu / c.cores as f64,
                c.wall_s / (cpu / c.cores as f64),
                c.bytes as f64 / 1e6
            ),
            None => println!(
                "(h) cohort of {n} participants: wall {:.1} s (CPU time not available here)",
                c.wall_s
            ),
        }
        return Ok(());
    }
    let (course, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build; run `cargo run --release -- bench` for real numbers");
    }
    let (protocol, trials) = bench::bench_protocol(&course, args.minutes);
    let run = |batch: Option<u32>| bench::bench_run(&protocol, &catalogue, &patient, args.hz, batch);
    println!("machine: {}", bench::machine());

    // (a) What the core takes of a frame on this machine, not a display's frame rate
    // (that is measured by the frame clock in live sessions: frames.csv, the overlay).
    let a = bench::frame_costs(&run(Some(1))).map_err(Failure::bad_input)?;
    let period_us = 1e6 / args.hz;
    println!(
        "(a) core cost per frame at {} Hz, one frame per update, synthetic patient ({} frames, display period {:.0} us):",
        args.hz,
        a.core.frames(),
        period_us
    );
    for (what, s) in [("core systems", &a.core), ("whole app.update()", &a.whole)] {
        println!(
            "    {what:<20} median {:>4.0} us, p99 {:>4.0} us, max {:>6.0} us; p99 = {:.2}% of a display period",
            s.quantile_us(0.5),
            s.quantile_us(0.99),
            s.max_us(),
            100.0 * s.quantile_us(0.99) / period_us
        );
    }

    // (a) again with both LSL streams open and every frame's pose and markers pushed
    // (no reader: pushing costs the same with one; docs/lab.md).
    match vr_aat_runtime::lsl::LabStreams::open(args.hz) {
        Ok(streams) => {
            let with = vr_aat_runtime::sim::SessionRun {
                lsl: Some(&streams),
                ..run(Some(1))
            };
            let l = bench::frame_costs(&with).map_err(Failure::bad_input)?;
            println!(
                "    with LSL streaming (markers and poses): core systems median {:>4.0} us, p99 {:>4.0} us, max {:>6.0} us (without: median {:.0} us, p99 {:.0} us); p99 = {:.2}% of a display period",
                l.core.quantile_us(0.5),
                l.core.quantile_us(0.99),
                l.core.max_us(),
                a.core.quantile_us(0.5),
                a.core.quantile_us(0.99),
                100.0 * l.core.quantile_us(0.99) / period_us
            );
        }
        Err(e) => println!("    with LSL streaming: not measured ({e})"),
    }

    // (b) Batched, as fast as possible.
    let b = bench::headless_speed(&run(None), args.repeat).map_err(Failure::bad_input)?;
    println!(
        "(b) a {:.1}-minute session ({} trials, {} updates): median {:.3} s wall, best {:.3} s; {:.0}x real time",
        b.simulated_s / 60.0,
        trials,
        b.updates,
        b.median_s(),
        b.best_s(),
        b.simulated_s / b.median_s()
    );
    println!(
        "    per 30 simulated minutes: {:.3} s",
        b.median_s() * 1800.0 / b.simulated_s.max(1e-9)
    );

    // (c) With the session-metrics plugin recording everything, one frame per update.
    let source = ProtocolSource::load(&args.protocol).map_err(Failure::bad_input)?;
    let c = bench::recording_cost(&run(Some(1)), &source).map_err(Failure::runtime)?;
    let r = &c.per_frame;
    println!("(c) with recording (trials, tracking, events), one frame per update:");
    println!(
        "    core systems + recorder median {:.0} us, p99 {:.0} us, max {:.0} us (without: p99 {:.0} us); p99 = {:.2}% of a display period",
        r.quantile_us(0.5),
        r.quantile_us(0.99),
        r.max_us(),
        a.core.quantile_us(0.99),
        100.0 * r.quantile_us(0.99) / period_us
    );
    println!(
        "    {:.2} MB written per session minute ({} pose samples, {} dropped)",
        c.bytes as f64 / 1e6 / (c.simulated_s / 60.0),
        c.counts.tracking_samples_written,
        c.counts.tracking_samples_dropped
    );

    // (d) Scoring a course.
    let d = bench::scoring_time(&run(None), &course, &catalogue).map_err(Failure::bad_input)?;
    println!(
        "(d) scoring a {}-session course (all scores + 2000-iteration bootstrap per session): {d:.3} s",
        course.sessions
    );

    // (e) Split-half reliability.
    let (e, r_sb) = bench::split_half_time().map_err(Failure::runtime)?;
    println!(
        "(e) split-half reliability, 6000 iterations, 20 participants x 200 trials, {} threads: {e:.3} s (r_sb {r_sb:.2})",
        rayon::current_num_threads()
    );

    // (f) Export streams session by session: its peak memory should not grow with the
    // number of sessions exported.
    let small = bench::export_peak_kib(&program, &source, &patient, 4).map_err(Failure::runtime)?;
    let large = bench::export_peak_kib(&program, &source, &patient, 40).map_err(Failure::runtime)?;
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
