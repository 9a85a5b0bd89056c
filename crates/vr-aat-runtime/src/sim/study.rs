//! Planning a training study: simulated trials of two arms (training and control), to
//! estimate the power to detect the group-level change in bias and the split-half
//! reliability to expect, before anyone is recruited (`vr-aat power`).
//!
//! Both arms are measured by the same outcome assessment, as a trial would measure
//! them: the assessment blocks of one protocol (by default the training protocol's),
//! with its instruction, stimuli and scoring settings, in the first and the last session
//! of each arm's course. Each replication draws participants from a cohort; participants
//! of the training arm learn (`learning_ms_per_training_session`, see
//! [`vr_aat_core::data::PatientProfile`]) once per training session their protocol had
//! before the measured session; those of the control arm run a protocol without training
//! blocks (sham), so their bias does not change. The change (last - first) of the two
//! arms is compared with Welch's t-test. Only the outcome assessment is simulated, with
//! the bias the patient model gives at the start of the measured session: the scores
//! are what the whole course would give, at a fraction of the cost (the sessions between
//! change nothing else in the patient model).
//!
//! Participant `i` of an arm is the same person in a replication whatever the number of
//! participants per arm, so one simulation of the largest size serves every size asked
//! for (common random numbers: the power curve is smooth and cheap).
//!
//! The split-half reliability of the first session's score is computed per arm and over
//! both arms pooled, stratified by cell and stimulus ([`vr_aat_core::scoring::stratified`]).

use rand::RngExt;
use rayon::prelude::*;
use statrs::distribution::{ChiSquared, Continuous, ContinuousCDF, Normal, StudentsT};

use super::session::{SessionRun, SimError, run_session};
use crate::trial::OnsetTiming;
use vr_aat_core::data::{BlockKind, Catalogue, Cohort, PatientProfile, Protocol};
use vr_aat_core::rng::{STREAM_STUDY, rng_for};
use vr_aat_core::scoring::stats::{mean, quantile, sd};
use vr_aat_core::scoring::stratified::{Strata, StratifiedOptions, stratified_split_half};
use vr_aat_core::scoring::{ScoreKind, ScoreTrial, Verdict, kept_group, prepare, score};
use vr_aat_core::trial::score_trials;

/// One arm: its protocol and catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Arm<'a> {
    pub protocol: &'a Protocol,
    pub catalogue: &'a Catalogue,
}

/// What is simulated.
#[derive(Clone, Copy, Debug)]
pub struct StudyDesign<'a> {
    pub training: Arm<'a>,
    pub control: Arm<'a>,
    /// The outcome measure of both arms: this protocol's assessment blocks (instruction,
    /// stimuli, scoring settings).
    pub outcome: Arm<'a>,
    pub cohort: &'a Cohort,
    pub base: &'a PatientProfile,
    /// How much a training-arm participant's bias changes per training session (ms;
    /// negative: toward avoidance). Control participants have the same value, but their
    /// protocol has no training.
    pub learning_ms_per_training_session: f64,
    pub hz: f64,
    pub kind: ScoreKind,
    /// Two-sided significance level of the test.
    pub alpha: f64,
    /// Stratified splits per simulated study for the reliability (0: no reliability).
    pub splits: usize,
}

/// One participant's outcome.
#[derive(Clone, Debug)]
struct Measured {
    first: Option<f64>,
    last: Option<f64>,
    /// The first session's scored trials (for the reliability).
    first_trials: Vec<ScoreTrial>,
}

/// The split-half reliability of the first session's score in one study.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ArmReliability {
    pub training: Option<f64>,
    pub control: Option<f64>,
    /// Both arms together.
    pub pooled: Option<f64>,
}

/// One simulated study.
#[derive(Clone, Debug, PartialEq)]
pub struct Replication {
    /// Change in score (last - first session) of each scorable participant.
    pub training_change: Vec<f64>,
    pub control_change: Vec<f64>,
    /// Welch's two-sided p-value for a difference between the arms' changes.
    pub p: Option<f64>,
    pub reliability: ArmReliability,
}

/// The mean over studies of a reliability, with the 2.5% and 97.5% quantiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReliabilitySpread {
    pub mean: f64,
    pub lower: f64,
    pub upper: f64,
}

/// What many replications of one size give.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerEstimate {
    pub participants_per_arm: u32,
    pub replications: usize,
    /// Share of replications with p < alpha.
    pub power: f64,
    /// Monte Carlo error of `power`: sqrt(power (1 - power) / replications).
    pub power_error: f64,
    pub mean_training_change: f64,
    pub mean_control_change: f64,
    /// Mean over replications of each arm's SD of the change.
    pub sd_training_change: f64,
    pub sd_control_change: f64,
    /// Mean over replications of the standardised difference (Cohen's d, pooled SD).
    pub mean_effect_size: f64,
    pub reliability_training: Option<ReliabilitySpread>,
    pub reliability_control: Option<ReliabilitySpread>,
    pub reliability_pooled: Option<ReliabilitySpread>,
    /// Mean scorable participants per arm (participants whose first or last session was
    /// not scored are left out of the test).
    pub mean_scored_per_arm: f64,
}

/// Welch's two-sided p-value for the difference of the means of `a` and `b`.
pub fn welch_p(a: &[f64], b: &[f64]) -> Option<f64> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (sd(a)?.powi(2) / na, sd(b)?.powi(2) / nb);
    let t = (mean(a)? - mean(b)?) / (va + vb).sqrt();
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    if !t.is_finite() || df.is_nan() || df <= 0.0 {
        return None;
    }
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    Some(2.0 * (1.0 - dist.cdf(t.abs())))
}

/// The analytic power of a two-sided two-sample t-test with `n` per arm, a true
/// difference `difference` and a common SD `sd` (R's `power.t.test(n, delta, sd,
/// sig.level, strict = TRUE)`, "two.sample", "two.sided", both tails counted): the
/// non-central t distribution with 2n - 2
/// degrees of freedom, integrated numerically over its chi-square part.
pub fn analytic_power(difference: f64, sd: f64, n: u32, alpha: f64) -> Option<f64> {
    if n < 2 || sd.is_nan() || sd <= 0.0 || !(alpha > 0.0 && alpha < 1.0) {
        return None;
    }
    let df = f64::from(2 * n - 2);
    let ncp = difference.abs() / (sd * (2.0 / f64::from(n)).sqrt());
    let critical = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(1.0 - alpha / 2.0);
    let chi = ChiSquared::new(df).ok()?;
    let z = Normal::new(0.0, 1.0).ok()?;
    // P(|T| > c), T = (Z + ncp) / sqrt(V / df): Simpson's rule over V.
    let upper = df + 40.0 * (2.0 * df).sqrt() + 40.0;
    let steps = 20_000;
    let h = upper / f64::from(steps);
    let mut sum = 0.0;
    for i in 0..=steps {
        let v = f64::from(i) * h;
        let w = if i == 0 || i == steps {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let s = critical * (v / df).sqrt();
        let tails = (1.0 - z.cdf(s - ncp)) + z.cdf(-s - ncp);
        let density = if v == 0.0 { 0.0 } else { chi.pdf(v) };
        sum += w * density * tails;
    }
    Some(sum * h / 3.0)
}

/// The protocol with only its assessment blocks and no questionnaires: the outcome
/// measure (the synthetic patient's answers would only add simulated minutes).
pub fn outcome_only(protocol: &Protocol) -> Protocol {
    let mut p = protocol.clone();
    p.blocks.retain(|b| b.kind == BlockKind::Assessment);
    p.questionnaires.clear();
    p
}

/// One participant's scored trials in `session` of `arm`, measured by the outcome
/// assessment, with the bias the patient model gives at the session's start.
fn session_trials(
    design: &StudyDesign,
    arm: Arm,
    outcome: &Protocol,
    profile: &PatientProfile,
    seed: u64,
    session: u32,
) -> Result<Vec<ScoreTrial>, SimError> {
    let mut patient = profile.clone();
    patient.approach_bias_ms +=
        profile.learning_ms_per_training_session * f64::from(arm.protocol.training_sessions_before(session));
    patient.learning_ms_per_training_session = 0.0;
    let run = SessionRun {
        protocol: outcome,
        catalogue: design.outcome.catalogue,
        patient: &patient,
        seed,
        session,
        hz: design.hz,
        frames_per_update: None,
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    };
    let out = run_session(&run, &mut |_, _| {})?;
    Ok(score_trials(&out.records))
}

fn session_score(trials: &[ScoreTrial], design: &StudyDesign) -> Option<f64> {
    let prepared = prepare(trials, &design.outcome.protocol.scoring);
    score(&prepared.cells)
        .get(design.kind)
        .filter(|_| prepared.verdict == Verdict::Scored)
}

/// Simulates the `n` participants per arm of replication `r`.
fn simulate(design: &StudyDesign, seed: u64, r: u32, n: u32) -> Result<[Vec<Measured>; 2], SimError> {
    let outcome = outcome_only(design.outcome.protocol);
    let mut arms = [Vec::new(), Vec::new()];
    for (a, arm) in [design.training, design.control].into_iter().enumerate() {
        let last = arm.protocol.sessions;
        for i in 1..=n {
            // The same person whatever `n` (see the module's documentation).
            let index = a as u32 * 1_000_000 + i;
            let mut rng = rng_for(seed, STREAM_STUDY, r, index);
            let mut profile = design.cohort.participant(design.base, index, &mut rng);
            profile.learning_ms_per_training_session = design.learning_ms_per_training_session;
            let patient_seed: u64 = rng.random();
            let first_trials = session_trials(design, arm, &outcome, &profile, patient_seed, 1)?;
            let later = session_trials(design, arm, &outcome, &profile, patient_seed, last)?;
            arms[a].push(Measured {
                first: session_score(&first_trials, design),
                last: session_score(&later, design),
                first_trials,
            });
        }
    }
    Ok(arms)
}

/// The study made of the first `n` participants of each arm.
fn analyse(design: &StudyDesign, arms: &[Vec<Measured>; 2], n: usize, seed: u64, r: u32) -> Replication {
    let changes = arms.clone().map(|arm| {
        arm.iter()
            .take(n)
            .filter_map(|m| Some(m.last? - m.first?))
            .collect::<Vec<f64>>()
    });
    let reliability_of = |trials: Vec<&[ScoreTrial]>| -> Option<f64> {
        if design.splits == 0 {
            return None;
        }
        let kept: Vec<_> = kept_group(&trials, &design.outcome.protocol.scoring)
            .into_iter()
            .flatten()
            .collect();
        let options = StratifiedOptions {
            kind: design.kind,
            splits: design.splits,
            seed: seed ^ (u64::from(r) << 20) ^ n as u64,
            strata: Strata::CellAndStimulus,
        };
        stratified_split_half(&kept, &options).ok().map(|s| s.r)
    };
    let firsts =
        |a: usize| -> Vec<&[ScoreTrial]> { arms[a].iter().take(n).map(|m| m.first_trials.as_slice()).collect() };
    let reliability = ArmReliability {
        training: reliability_of(firsts(0)),
        control: reliability_of(firsts(1)),
        pooled: reliability_of(firsts(0).into_iter().chain(firsts(1)).collect()),
    };
    let [training_change, control_change] = changes;
    Replication {
        p: welch_p(&training_change, &control_change),
        training_change,
        control_change,
        reliability,
    }
}

/// Simulates replication `r` with `participants_per_arm` per arm, seeded.
pub fn replicate(design: &StudyDesign, participants_per_arm: u32, seed: u64, r: u32) -> Result<Replication, SimError> {
    let arms = simulate(design, seed, r, participants_per_arm)?;
    Ok(analyse(design, &arms, participants_per_arm as usize, seed, r))
}

/// Cohen's d of two groups (pooled SD).
fn cohens_d(a: &[f64], b: &[f64]) -> Option<f64> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let pooled = (((na - 1.0) * sd(a)?.powi(2) + (nb - 1.0) * sd(b)?.powi(2)) / (na + nb - 2.0)).sqrt();
    Some((mean(a)? - mean(b)?) / pooled)
}

fn reliability_spread(mut values: Vec<f64>) -> Option<ReliabilitySpread> {
    Some(ReliabilitySpread {
        mean: mean(&values)?,
        lower: quantile(&mut values, 0.025)?,
        upper: quantile(&mut values, 0.975)?,
    })
}

fn summarise(design: &StudyDesign, n: u32, reps: &[Replication]) -> PowerEstimate {
    let count = reps.len().max(1) as f64;
    let significant = reps.iter().filter(|r| r.p.is_some_and(|p| p < design.alpha)).count();
    let power = significant as f64 / count;
    let pooled_mean = |f: fn(&Replication) -> &Vec<f64>| {
        let all: Vec<f64> = reps.iter().flat_map(|r| f(r).iter().copied()).collect();
        mean(&all).unwrap_or(f64::NAN)
    };
    let mean_sd = |f: fn(&Replication) -> &Vec<f64>| {
        let sds: Vec<f64> = reps.iter().filter_map(|r| sd(f(r))).collect();
        mean(&sds).unwrap_or(f64::NAN)
    };
    let ds: Vec<f64> = reps
        .iter()
        .filter_map(|r| cohens_d(&r.training_change, &r.control_change))
        .collect();
    let rel = |f: fn(&ArmReliability) -> Option<f64>| {
        reliability_spread(reps.iter().filter_map(|r| f(&r.reliability)).collect())
    };
    let scored: usize = reps
        .iter()
        .map(|r| r.training_change.len() + r.control_change.len())
        .sum();
    PowerEstimate {
        participants_per_arm: n,
        replications: reps.len(),
        power,
        power_error: (power * (1.0 - power) / count).sqrt(),
        mean_training_change: pooled_mean(|r| &r.training_change),
        mean_control_change: pooled_mean(|r| &r.control_change),
        sd_training_change: mean_sd(|r| &r.training_change),
        sd_control_change: mean_sd(|r| &r.control_change),
        mean_effect_size: mean(&ds).unwrap_or(f64::NAN),
        reliability_training: rel(|r| r.training),
        reliability_control: rel(|r| r.control),
        reliability_pooled: rel(|r| r.pooled),
        mean_scored_per_arm: scored as f64 / count / 2.0,
    }
}

/// Runs `replications` simulated studies in parallel, each simulated once at the
/// largest of `sizes` participants per arm, and summarises every size.
pub fn estimate_power(
    design: &StudyDesign,
    sizes: &[u32],
    replications: u32,
    seed: u64,
) -> Result<Vec<PowerEstimate>, SimError> {
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let studies: Vec<Vec<Replication>> = (0..replications)
        .into_par_iter()
        .map(|r| {
            let arms = simulate(design, seed, r, largest)?;
            Ok(sizes
                .iter()
                .map(|&n| analyse(design, &arms, n as usize, seed, r))
                .collect())
        })
        .collect::<Result<_, SimError>>()?;
    Ok(sizes
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let reps: Vec<Replication> = studies.iter().map(|s| s[k].clone()).collect();
            summarise(design, n, &reps)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_matches_r() {
        // t.test(c(1, 2, 3, 4, 5), c(2, 4, 6, 8, 11))$p.value = 0.1149901605 (R 4.2.2, Welch)
        let p = welch_p(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 6.0, 8.0, 11.0]).unwrap();
        assert!((p - 0.114_990_160_5).abs() < 1e-9, "{p}");
    }

    #[test]
    fn analytic_power_matches_r() {
        // R 4.2.2, power.t.test(..., strict = TRUE)$power: n = 20, delta = 1, sd = 1:
        // 0.868953027725; n = 10, delta = 50, sd = 95: 0.200056053884; n = 40,
        // delta = 50, sd = 95, sig.level = 0.01: 0.392799783137
        for (d, s, n, alpha, want) in [
            (1.0, 1.0, 20, 0.05, 0.868_953_027_725),
            (50.0, 95.0, 10, 0.05, 0.200_056_053_884),
            (50.0, 95.0, 40, 0.01, 0.392_799_783_137),
        ] {
            let got = analytic_power(d, s, n, alpha).unwrap();
            assert!((got - want).abs() < 1e-6, "n {n}: {got} vs {want}");
        }
    }
}
