//! `vr-aat power`: simulated training studies, to plan one.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::Failure;
use vr_aat_core::data::{Protocol, load_cohort, load_protocol};
use vr_aat_core::scoring::ScoreKind;
use vr_aat_runtime::sim::study::{
    Arm, PowerEstimate, ReliabilitySpread, StudyDesign, analytic_power, estimate_power, outcome_only,
};

/// Plan a training study: power to detect the change in bias, and the reliability to expect.
///
/// Simulates many studies (--replications) of two arms with --participants each: a
/// training arm (--protocol) whose synthetic participants' approach bias changes by
/// --learning ms after every training session, and a control arm (--control, sham) that
/// does not train. Both arms are measured by the same outcome assessment, as a trial
/// measures them: the assessment blocks of --outcome (default: the training protocol),
/// in the first and the last session. Participants are drawn from --cohort (individual
/// biases, speeds and error rates). The arms' changes (last - first) are compared with
/// Welch's t-test.
///
/// Prints the assumptions (patient model, outcome trials, scoring, test), then per
/// number of participants: the mean change and its SD in each arm, the effect size
/// (Cohen's d), the power (share of studies with p < --alpha) with its Monte Carlo
/// error, the analytic power of a t-test for the same difference and SD (a check), and
/// the stratified split-half reliability of the first session's score in each arm and
/// over both. Each simulated study is simulated once at the largest size; the smaller
/// sizes are its first participants. Seeded: the same arguments give the same numbers.
/// Studies run in parallel. See docs/scoring.md, "Planning a study".
#[derive(Args, Debug)]
pub struct PowerArgs {
    /// The training arm's protocol: a built-in name or a protocol file.
    #[arg(long, default_value = "training-course", value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// The control arm's protocol: a built-in name or a protocol file.
    #[arg(long, default_value = "sham-training", value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub control: PathBuf,
    /// The outcome measure of both arms: this protocol's assessment blocks, with its
    /// instruction, drinks and scoring settings [default: the --protocol].
    #[arg(long, value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub outcome: Option<PathBuf>,
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
    /// Simulated studies (the power's Monte Carlo error is printed with it).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub replications: u32,
    /// Two-sided significance level.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// The score compared.
    #[arg(long, default_value = "median-diff", value_parser = super::values::score_kind())]
    pub score: ScoreKind,
    /// Stratified split-half splits per simulated study (0: no reliability).
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
    let (outcome, outcome_catalogue) = match &args.outcome {
        Some(path) => {
            let (p, c, _) = load_protocol(path).map_err(Failure::bad_input)?;
            (p, c)
        }
        None => (training.clone(), training_catalogue.clone()),
    };
    let measured = outcome_only(&outcome);
    if measured.blocks.is_empty() {
        return Err(Failure::bad_input(format!(
            "--outcome `{}` has no assessment block to measure the arms with",
            outcome.id
        )));
    }
    let (cohort, base) = load_cohort(&args.cohort).map_err(Failure::bad_input)?;
    let started = Instant::now();
    let design = StudyDesign {
        training: Arm {
            protocol: &training,
            catalogue: &training_catalogue,
        },
        control: Arm {
            protocol: &control,
            catalogue: &control_catalogue,
        },
        outcome: Arm {
            protocol: &outcome,
            catalogue: &outcome_catalogue,
        },
        cohort: &cohort,
        base: &base,
        learning_ms_per_training_session: args.learning,
        hz: args.hz,
        kind: args.score,
        alpha: args.alpha,
        splits: args.split_half_iterations,
    };
    let estimates =
        estimate_power(&design, &args.participants, args.replications, args.seed).map_err(Failure::bad_input)?;
    if args.csv {
        println!(
            "participants_per_arm,replications,scored_per_arm,training_change,control_change,training_change_sd,control_change_sd,effect_size,power,power_mc_error,analytic_power,reliability_training,reliability_control,reliability_pooled,reliability_pooled_lower,reliability_pooled_upper"
        );
    } else {
        print_assumptions(&args, &design, &measured);
        println!(
            "{:>7} {:>6} {:>15} {:>14} {:>13} {:>8} {:>13} {:>8}  split-half reliability, session 1: training / control / both [95% of studies]",
            "per arm",
            "scored",
            "change training",
            "change control",
            "SD of change",
            "effect d",
            "power (MC)",
            "analytic"
        );
    }
    for e in &estimates {
        let analytic = analytic_check(e, args.alpha);
        let mean = |r: Option<ReliabilitySpread>| r.map(|r| r.mean);
        if args.csv {
            let o = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
            println!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                e.participants_per_arm,
                e.replications,
                e.mean_scored_per_arm,
                e.mean_training_change,
                e.mean_control_change,
                e.sd_training_change,
                e.sd_control_change,
                e.mean_effect_size,
                e.power,
                e.power_error,
                o(analytic),
                o(mean(e.reliability_training)),
                o(mean(e.reliability_control)),
                o(mean(e.reliability_pooled)),
                o(e.reliability_pooled.map(|r| r.lower)),
                o(e.reliability_pooled.map(|r| r.upper)),
            );
        } else {
            let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
            println!(
                "{:>7} {:>6.1} {:>15.1} {:>14.1} {:>13} {:>8.2} {:>13} {:>8}  {} / {} / {}",
                e.participants_per_arm,
                e.mean_scored_per_arm,
                e.mean_training_change,
                e.mean_control_change,
                format!("{:.1} / {:.1}", e.sd_training_change, e.sd_control_change),
                e.mean_effect_size,
                format!("{:.2} ± {:.2}", e.power, e.power_error),
                f(analytic),
                f(mean(e.reliability_training)),
                f(mean(e.reliability_control)),
                e.reliability_pooled.map_or_else(
                    || "-".to_owned(),
                    |r| format!("{:.2} [{:.2}, {:.2}]", r.mean, r.lower, r.upper)
                ),
            );
        }
    }
    if !args.csv {
        println!(
            "change = score in the last session - score in the first ({}; negative: less approach bias). power: share of simulated studies in which Welch's t-test found the arms' changes different at p < {}; ± its Monte Carlo error. analytic: a t-test's power for the same mean difference and SD (a check on the simulation).",
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

/// The analytic power of a two-sample t-test for the simulated mean difference, the
/// arms' SDs pooled, and the participants scored per arm.
fn analytic_check(e: &PowerEstimate, alpha: f64) -> Option<f64> {
    let difference = e.mean_training_change - e.mean_control_change;
    let sd = ((e.sd_training_change.powi(2) + e.sd_control_change.powi(2)) / 2.0).sqrt();
    let n = e.mean_scored_per_arm.round() as u32;
    analytic_power(difference, sd, n, alpha)
}

/// What the numbers assume, in words: the patients, the learning, the outcome measure,
/// the scoring and the test.
fn print_assumptions(args: &PowerArgs, design: &StudyDesign, measured: &Protocol) {
    let training = design.training.protocol;
    let control = design.control.protocol;
    let c = design.cohort;
    println!(
        "vr-aat power: training `{}` vs control `{}`, {} simulated studies per size, seed {}",
        training.id, control.id, args.replications, args.seed
    );
    println!("assumptions:");
    println!(
        "  patients: cohort `{}` ({}), base patient `{}`: approach bias mean {} ms, SD {} ms (within {} to {}); speed shift mean {} ms, SD {} ms; error rate mean {}, SD {}",
        c.id,
        c.description,
        design.base.id,
        c.approach_bias_ms.mean,
        c.approach_bias_ms.sd,
        c.approach_bias_ms.min,
        c.approach_bias_ms.max,
        c.speed_shift_ms.mean,
        c.speed_shift_ms.sd,
        c.error_rate.mean,
        c.error_rate.sd
    );
    let trained = |p: &Protocol| p.training_sessions_before(p.sessions);
    println!(
        "  learning: {} ms per training session: {} training session(s) before the last session of `{}` ({} ms), {} before the last of `{}` ({} ms)",
        args.learning,
        trained(training),
        training.id,
        args.learning * f64::from(trained(training)),
        trained(control),
        control.id,
        args.learning * f64::from(trained(control))
    );
    let trials: u32 = measured.blocks.iter().map(|b| b.trials).sum();
    println!(
        "  outcome, the same in both arms: the assessment blocks of `{}` ({} block(s), {} trials, {:?} instruction), in session 1 and the last session, at {} Hz",
        measured.id,
        measured.blocks.len(),
        trials,
        measured.instruction,
        args.hz
    );
    println!(
        "  scoring: the {}; {} (`{}`'s settings)",
        args.score.label(),
        measured.scoring.describe(),
        measured.id
    );
    println!(
        "  test: Welch's two-sided t-test of the change between the arms, alpha {}; reliability: stratified split-half (by cell and stimulus), {} splits per study",
        args.alpha, args.split_half_iterations
    );
}
