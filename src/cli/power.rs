//! `vr-aat power`: simulated training studies, to plan one.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::Failure;
use vr_aat_core::data::{load_cohort, load_protocol};
use vr_aat_core::scoring::ScoreKind;
use vr_aat_runtime::sim::study::{Arm, StudyDesign, estimate_power};

/// Plan a training study: power to detect the change in bias, and the reliability to expect.
///
/// Simulates many studies (--replications) of two arms with --participants each: a
/// training arm (--protocol) whose synthetic participants' approach bias changes by
/// --learning ms after every training session, and a control arm (--control, sham) that
/// does not train. Participants are drawn from --cohort (individual biases, speeds and
/// error rates). Each participant's bias is scored in the first and the last session;
/// the arms' changes are compared with Welch's t-test. Prints, per number of
/// participants: the mean change in each arm, the effect size (Cohen's d), the power
/// (share of studies with p < --alpha) and the split-half reliability of the first
/// session's score. Seeded: the same arguments give the same numbers. Replications run
/// in parallel. See docs/scoring.md, "Planning a study".
#[derive(Args, Debug)]
pub struct PowerArgs {
    /// The training arm's protocol: a built-in name or a protocol file.
    #[arg(long, default_value = "training-course", value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// The control arm's protocol: a built-in name or a protocol file.
    #[arg(long, default_value = "sham-training", value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub control: PathBuf,
    /// The population participants are drawn from: a built-in name (equal-bias,
    /// study-arm) or a cohort file.
    #[arg(long, default_value = "study-arm", value_parser = vr_aat_core::data::builtin::cohort_arg)]
    pub cohort: PathBuf,
    /// Participants per arm; several (comma-separated) give a power curve.
    #[arg(long, value_delimiter = ',', default_value = "20", value_parser = clap::value_parser!(u32).range(2..=500))]
    pub participants: Vec<u32>,
    /// Change in approach bias per training session (ms; negative: toward avoidance,
    /// what training intends). The effect size to plan for.
    #[arg(long, default_value_t = -10.0, allow_negative_numbers = true)]
    pub learning: f64,
    /// Simulated studies per number of participants.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub replications: u32,
    /// Two-sided significance level.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// The score compared.
    #[arg(long, default_value = "median-diff", value_parser = super::values::score_kind())]
    pub score: ScoreKind,
    /// Split-half iterations per simulated study (0: no reliability).
    #[arg(long, default_value_t = 200)]
    pub split_half_iterations: usize,
    /// Display rate of the simulated sessions (Hz).
    #[arg(long, default_value_t = 90.0)]
    pub hz: f64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print CSV (full precision) instead of a table.
    #[arg(long)]
    pub csv: bool,
}

pub fn run(args: PowerArgs) -> Result<(), Failure> {
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        return Err(Failure::bad_input(format!(
            "--alpha {}: expected a level between 0 and 1",
            args.alpha
        )));
    }
    if !(args.learning.is_finite() && (-200.0..=200.0).contains(&args.learning)) {
        return Err(Failure::bad_input(format!(
            "--learning {}: expected -200 to 200 ms",
            args.learning
        )));
    }
    if !(args.hz >= 30.0 && args.hz <= 240.0) {
        return Err(Failure::bad_input(format!("--hz {}: expected 30 to 240", args.hz)));
    }
    let (training, training_catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let (control, control_catalogue, _) = load_protocol(&args.control).map_err(Failure::bad_input)?;
    for (p, flag) in [(&training, "--protocol"), (&control, "--control")] {
        if p.sessions < 2 {
            return Err(Failure::bad_input(format!(
                "{flag} `{}` has {} session; a change needs at least 2",
                p.id, p.sessions
            )));
        }
    }
    let (cohort, base) = load_cohort(&args.cohort).map_err(Failure::bad_input)?;
    let started = Instant::now();
    if args.csv {
        println!(
            "participants_per_arm,replications,scored_per_arm,training_change,control_change,effect_size,power,reliability,reliability_lower,reliability_upper"
        );
    } else {
        println!(
            "vr-aat power: training `{}` ({} sessions) vs control `{}` ({} sessions), cohort `{}`, learning {} ms per training session, {} studies each, alpha {}, {}, seed {}",
            training.id,
            training.sessions,
            control.id,
            control.sessions,
            cohort.id,
            args.learning,
            args.replications,
            args.alpha,
            args.score.label(),
            args.seed
        );
        println!(
            "{:>8} {:>7} {:>16} {:>15} {:>9} {:>6}  split-half reliability, session 1 [95% of studies]",
            "per arm", "scored", "change training", "change control", "effect d", "power"
        );
    }
    for &n in &args.participants {
        let design = StudyDesign {
            training: Arm {
                protocol: &training,
                catalogue: &training_catalogue,
            },
            control: Arm {
                protocol: &control,
                catalogue: &control_catalogue,
            },
            cohort: &cohort,
            base: &base,
            participants_per_arm: n,
            learning_ms_per_training_session: args.learning,
            hz: args.hz,
            kind: args.score,
            alpha: args.alpha,
            split_half_iterations: args.split_half_iterations,
        };
        let e = estimate_power(&design, args.replications, args.seed).map_err(Failure::bad_input)?;
        let rel = e.reliability;
        if args.csv {
            let r = |f: fn((f64, f64, f64)) -> f64| rel.map_or_else(String::new, |v| f(v).to_string());
            println!(
                "{n},{},{},{},{},{},{},{},{},{}",
                e.replications,
                e.mean_scored_per_arm,
                e.mean_training_change,
                e.mean_control_change,
                e.mean_effect_size,
                e.power,
                r(|v| v.0),
                r(|v| v.1),
                r(|v| v.2)
            );
        } else {
            println!(
                "{n:>8} {:>7.1} {:>16.1} {:>15.1} {:>9.2} {:>6.2}  {}",
                e.mean_scored_per_arm,
                e.mean_training_change,
                e.mean_control_change,
                e.mean_effect_size,
                e.power,
                rel.map_or_else(|| "-".to_owned(), |(m, lo, hi)| format!("{m:.2} [{lo:.2}, {hi:.2}]"))
            );
        }
    }
    if !args.csv {
        println!(
            "change = score in the last session - score in the first ({}; negative: less approach bias). power: share of simulated studies in which Welch's t-test found the arms' changes different at p < {}.",
            args.score.label(),
            args.alpha
        );
    }
    eprintln!(
        "{} threads, {:.1} s",
        rayon::current_num_threads(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
