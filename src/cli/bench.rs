//! `vr-aat bench`: the core's per-frame cost and how much faster than real time a
//! headless session runs. Build with `--release` for meaningful numbers.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure};
use crate::data::{Block, BlockKind, BlockSessions, BlockStimuli, load_patient, load_protocol};
use crate::sim::{SessionRun, build_app, run_session};
use crate::timing::{FrameBudget, FrameCostStats};
use crate::trial::ActiveSession;
use crate::trial::OnsetTiming;

/// Measure the core: (a) per-frame cost at a headset rate, one frame per update, with
/// the synthetic patient, against the frame budget; (b) a 30-minute session's simulated
/// time divided by wall time, with the largest batches the patient allows.
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

    // (a) One frame per update, as on a headset: the core systems' own cost (measured by
    // the frame budget), and the whole `app.update()` including Bevy's scheduling.
    let mut app = build_app(&run(Some(1))).map_err(Failure::bad_input)?;
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
    let budget_us = 1e6 / args.hz;
    let core = app
        .world()
        .get_resource::<FrameBudget>()
        .map(|b| b.stats.clone())
        .unwrap_or_default();
    println!(
        "(a) per-frame cost at {} Hz, one frame per update, synthetic patient ({} frames, budget {:.0} us):",
        args.hz,
        core.frames(),
        budget_us
    );
    for (what, s) in [("core systems", &core), ("whole app.update()", &whole)] {
        println!(
            "    {what:<20} median {:>4.0} us, p99 {:>4.0} us, max {:>6.0} us; p99 = {:.2}% of the budget",
            s.quantile_us(0.5),
            s.quantile_us(0.99),
            s.max_us(),
            100.0 * s.quantile_us(0.99) / budget_us
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
    Ok(())
}
