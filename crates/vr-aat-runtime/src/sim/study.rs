//! Planning a training study: simulated trials of two arms (training and control), to
//! estimate the power to detect the group-level change in bias and the split-half
//! reliability to expect, before anyone is recruited (`vr-aat power`).
//!
//! Each replication draws `participants_per_arm` synthetic participants per arm from a
//! cohort; participants of the training arm learn (`learning_ms_per_training_session`,
//! see [`vr_aat_core::data::PatientProfile`]), those of the control arm run the control
//! protocol (sham: no training block, so no learning). Each participant's bias is
//! scored in the first and the last session of their protocol, with the protocol's
//! scoring settings; the change (last - first) of the two arms is compared with
//! Welch's t-test. Only the scored blocks of those two sessions are simulated, with the
//! bias the patient model gives at their start: the scores are what the whole course
//! would give, at a fraction of the cost (the sessions between change nothing else in
//! the patient model).

use rand::RngExt;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::session::{SessionRun, SimError, run_session};
use crate::trial::OnsetTiming;
use vr_aat_core::data::{Catalogue, Cohort, PatientProfile, Protocol};
use vr_aat_core::rng::{STREAM_STUDY, rng_for};
use vr_aat_core::scoring::stats::{mean, quantile, sd};
use vr_aat_core::scoring::{ScoreKind, SplitHalfOptions, Verdict, prepare, score, split_half, usable};
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
    pub cohort: &'a Cohort,
    pub base: &'a PatientProfile,
    pub participants_per_arm: u32,
    /// How much a training-arm participant's bias changes per training session (ms;
    /// negative: toward avoidance). Control participants have the same value, but their
    /// protocol has no training.
    pub learning_ms_per_training_session: f64,
    pub hz: f64,
    pub kind: ScoreKind,
    /// Two-sided significance level of the test.
    pub alpha: f64,
    /// Split-half iterations per replication (0: no reliability).
    pub split_half_iterations: usize,
}

/// One simulated study.
#[derive(Clone, Debug, PartialEq)]
pub struct Replication {
    /// Change in score (last - first session) of each scorable participant.
    pub training_change: Vec<f64>,
    pub control_change: Vec<f64>,
    /// Welch's two-sided p-value for a difference between the arms' changes.
    pub p: Option<f64>,
    /// Spearman-Brown split-half reliability of the first session's score over both arms.
    pub reliability: Option<f64>,
}

/// What many replications give.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerEstimate {
    pub replications: usize,
    /// Share of replications with p < alpha.
    pub power: f64,
    pub mean_training_change: f64,
    pub mean_control_change: f64,
    /// Mean over replications of the standardised difference (Cohen's d, pooled SD).
    pub mean_effect_size: f64,
    /// Mean over replications of the split-half reliability, and its 2.5% and 97.5%
    /// quantiles.
    pub reliability: Option<(f64, f64, f64)>,
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

/// The protocol with only its scored blocks (assessment, sham).
fn scored_only(protocol: &Protocol) -> Protocol {
    let mut p = protocol.clone();
    p.blocks.retain(|b| b.kind.is_scored());
    p
}

/// One participant's score in `session` of `arm`, with the bias the patient model gives
/// at its start, and its usable trials.
fn session_score(
    design: &StudyDesign,
    arm: Arm,
    scored: &Protocol,
    profile: &PatientProfile,
    seed: u64,
    session: u32,
) -> Result<(Option<f64>, Vec<vr_aat_core::scoring::Usable>), SimError> {
    let mut patient = profile.clone();
    patient.approach_bias_ms +=
        profile.learning_ms_per_training_session * f64::from(arm.protocol.training_sessions_before(session));
    patient.learning_ms_per_training_session = 0.0;
    let run = SessionRun {
        protocol: scored,
        catalogue: arm.catalogue,
        patient: &patient,
        seed,
        session,
        hz: design.hz,
        frames_per_update: None,
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        language: vr_aat_core::locale::Language::En,
    };
    let out = run_session(&run, &mut |_, _| {})?;
    let config = &arm.protocol.scoring;
    let trials = score_trials(&out.records);
    let prepared = prepare(&trials, config);
    let value = score(&prepared.cells)
        .get(design.kind)
        .filter(|_| prepared.verdict == Verdict::Scored);
    Ok((value, usable(&trials, config).0))
}

/// Simulates replication `r` of the study, seeded.
pub fn replicate(design: &StudyDesign, seed: u64, r: u32) -> Result<Replication, SimError> {
    let mut changes = [Vec::new(), Vec::new()];
    let mut first_sessions = Vec::new();
    for (a, arm) in [design.training, design.control].into_iter().enumerate() {
        let scored = scored_only(arm.protocol);
        let last = arm.protocol.sessions;
        for i in 1..=design.participants_per_arm {
            let index = a as u32 * design.participants_per_arm + i;
            let mut rng = rng_for(seed, STREAM_STUDY, r, index);
            let mut profile = design.cohort.participant(design.base, index, &mut rng);
            profile.learning_ms_per_training_session = design.learning_ms_per_training_session;
            let patient_seed: u64 = rng.random();
            let (first, trials) = session_score(design, arm, &scored, &profile, patient_seed, 1)?;
            let (later, _) = session_score(design, arm, &scored, &profile, patient_seed, last)?;
            if let (Some(x), Some(y)) = (first, later) {
                changes[a].push(y - x);
            }
            first_sessions.push(trials);
        }
    }
    let reliability = (design.split_half_iterations > 0)
        .then(|| {
            let options = SplitHalfOptions {
                kind: design.kind,
                iterations: design.split_half_iterations,
                seed: seed ^ u64::from(r),
                case_prune: false,
            };
            split_half(&first_sessions, &design.training.protocol.scoring, &options)
                .ok()
                .map(|s| s.spearman_brown.r)
        })
        .flatten();
    let [training_change, control_change] = changes;
    Ok(Replication {
        p: welch_p(&training_change, &control_change),
        training_change,
        control_change,
        reliability,
    })
}

/// Cohen's d of two groups (pooled SD).
fn cohens_d(a: &[f64], b: &[f64]) -> Option<f64> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let pooled = (((na - 1.0) * sd(a)?.powi(2) + (nb - 1.0) * sd(b)?.powi(2)) / (na + nb - 2.0)).sqrt();
    Some((mean(a)? - mean(b)?) / pooled)
}

/// Runs `replications` simulated studies in parallel and summarises them.
pub fn estimate_power(design: &StudyDesign, replications: u32, seed: u64) -> Result<PowerEstimate, SimError> {
    let reps: Vec<Replication> = (0..replications)
        .into_par_iter()
        .map(|r| replicate(design, seed, r))
        .collect::<Result<_, _>>()?;
    let n = reps.len().max(1) as f64;
    let significant = reps.iter().filter(|r| r.p.is_some_and(|p| p < design.alpha)).count();
    let pooled = |f: fn(&Replication) -> &Vec<f64>| {
        let all: Vec<f64> = reps.iter().flat_map(|r| f(r).iter().copied()).collect();
        mean(&all).unwrap_or(f64::NAN)
    };
    let ds: Vec<f64> = reps
        .iter()
        .filter_map(|r| cohens_d(&r.training_change, &r.control_change))
        .collect();
    let mut rel: Vec<f64> = reps.iter().filter_map(|r| r.reliability).collect();
    let reliability = mean(&rel).and_then(|m| Some((m, quantile(&mut rel, 0.025)?, quantile(&mut rel, 0.975)?)));
    let scored: usize = reps
        .iter()
        .map(|r| r.training_change.len() + r.control_change.len())
        .sum();
    Ok(PowerEstimate {
        replications: reps.len(),
        power: significant as f64 / n,
        mean_training_change: pooled(|r| &r.training_change),
        mean_control_change: pooled(|r| &r.control_change),
        mean_effect_size: mean(&ds).unwrap_or(f64::NAN),
        reliability,
        mean_scored_per_arm: scored as f64 / n / 2.0,
    })
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
}
