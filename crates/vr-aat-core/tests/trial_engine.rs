//! The trial state machine with scripted hands: classification, corrections, time-outs,
//! sub-frame timing on movements whose true times are known exactly, and the flags for
//! lost tracking and frame-budget overruns.

use glam::{Quat, Vec3};
use vr_aat_core::data::{
    Block, BlockKind, BlockSessions, BlockStimuli, Catalogue, ErrorHandling, Handedness, Protocol, ResponseMode,
    Timing, load_catalogue,
};
use vr_aat_core::pose::{HandSample, Pose, PoseSample};
use vr_aat_core::trial::{
    Calibration, Direction, DisplayChange, Engine, EngineConfig, Outcome, TrialRecord, plan_session,
};

const HZ: f64 = 90.0;
const HOME: Vec3 = Vec3::new(0.2, 0.95, -0.3);

fn catalogue() -> Catalogue {
    load_catalogue(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/stimuli/drinks.ron"))
        .expect("catalogue")
}

fn protocol(mode: ResponseMode, errors: ErrorHandling) -> Protocol {
    Protocol {
        id: "scripted".into(),
        title: "scripted".into(),
        catalogue: String::new(),
        sessions: 1,
        instruction: Default::default(),
        response_mode: mode,
        errors,
        timing: Timing {
            iti_s: 0.5,
            response_timeout_s: 2.0,
            feedback_s: 0.5,
            block_break_s: 0.5,
        },
        thresholds: Default::default(),
        randomisation: Default::default(),
        scoring: Default::default(),
        blocks: vec![Block {
            name: "b".into(),
            kind: BlockKind::Assessment,
            trials: 4,
            alcohol_share: 0.5,
            alcohol_push_share: 1.0,
            stimuli: BlockStimuli::All,
            sessions: BlockSessions::All,
        }],
        questionnaires: vec![],
    }
}

fn engine(mode: ResponseMode, errors: ErrorHandling) -> Engine {
    let p = protocol(mode, errors);
    let cal = Calibration {
        arm_reach_m: 0.65,
        hand_home: HOME,
        forward: Vec3::NEG_Z,
    };
    Engine::new(
        EngineConfig::from_protocol(&p, Handedness::Right, cal, HZ),
        plan_session(&p, &catalogue(), 1, 1).expect("plan"),
    )
}

/// What the scripted hand does at `dt` seconds after stimulus onset: forward offset from
/// home (m), tracked, grip.
type Script = dyn Fn(f64, Direction) -> (f64, bool, bool);

fn sample(t: f64, fwd: f64, tracked: bool, grip: bool) -> PoseSample {
    let hand = |p: Vec3, tracked, grip| HandSample {
        pose: Pose {
            position: p,
            orientation: Quat::IDENTITY,
        },
        tracked,
        grip,
    };
    PoseSample {
        t,
        frame_t: t,
        head: Pose {
            position: Vec3::new(0.0, 1.2, 0.0),
            orientation: Quat::IDENTITY,
        },
        head_tracked: true,
        left: hand(Vec3::new(-0.2, 0.8, -0.1), true, false),
        right: hand(HOME + Vec3::NEG_Z * fwd as f32, tracked, grip),
    }
}

/// Runs the engine until the first trial's record is out. `missed_at` (s after onset):
/// the display misses two frames then (no samples for them).
fn first_trial(engine: &mut Engine, script: &Script, missed_at: Option<f64>) -> TrialRecord {
    let required = engine.plan().blocks[0].trials[0].required;
    let mut onset: Option<f64> = None;
    for k in 1..5000u32 {
        let t = f64::from(k) / HZ;
        let (fwd, tracked, grip) = match onset {
            Some(o) => script(t - o, required),
            None => (0.0, true, false),
        };
        if let (Some(o), Some(at)) = (onset, missed_at)
            && (0.0..2.0 / HZ).contains(&(t - o - at))
        {
            continue;
        }
        engine.process(&sample(t, fwd, tracked, grip));
        for c in engine.take_display_changes() {
            if let DisplayChange::StimulusShown { t, .. } = c {
                onset.get_or_insert(t);
            }
        }
        if let Some(r) = engine.take_records().next() {
            return r;
        }
    }
    panic!("no trial finished");
}

/// Still for 0.3 s, then a straight move at 0.5 m/s in `dir` (forward for push).
fn move_after_300ms(dt: f64, dir: Direction) -> f64 {
    let sign = if dir == Direction::Push { 1.0 } else { -1.0 };
    sign * 0.5 * (dt - 0.3).max(0.0)
}

#[test]
fn a_correct_response_is_timed_between_frames() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    let r = first_trial(&mut e, &|dt, dir| (move_after_300ms(dt, dir), true, false), None);
    assert_eq!(r.outcome, Outcome::Correct);
    assert_eq!(r.given, Some(r.required));
    assert!(!r.error && !r.corrected && !r.tracking_lost && !r.budget_overrun);
    // 1 cm at 0.5 m/s after 300 ms still: 320 ms, whatever the frame grid.
    let rt = r.rt_ms.expect("rt");
    assert!((rt - 320.0).abs() < 1e-3, "rt {rt}");
    // Threshold 0.2 x 0.65 m = 0.13 m: reached 260 ms after the move began.
    assert!((r.full_rt_ms.expect("full rt") - 560.0).abs() < 1e-3);
    assert!((r.movement_time_ms.expect("mt") - 240.0).abs() < 1e-3);
    assert!((r.peak_speed_m_s - 0.5).abs() < 1e-3, "peak {}", r.peak_speed_m_s);
    assert!((r.distance_m - 0.13).abs() < 0.012, "distance {}", r.distance_m);
    assert_eq!(
        r.stimulus_onset_s * HZ,
        (r.stimulus_onset_s * HZ).round(),
        "onset is a frame's display time"
    );
}

#[test]
fn a_wrong_direction_must_be_corrected_when_the_protocol_says_so() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    // Wrong way first (to 0.15 m), then, from 1.0 s on, the required way at 0.5 m/s.
    let script = |dt: f64, dir: Direction| {
        let wrong = -move_after_300ms(dt, dir).clamp(-0.15, 0.15);
        let fix = if dt > 1.0 {
            move_after_300ms(dt - 0.7, dir) * 2.0
        } else {
            0.0
        };
        (wrong + fix, true, false)
    };
    let r = first_trial(&mut e, &script, None);
    assert_eq!(r.outcome, Outcome::WrongDirection);
    assert!(r.error && r.corrected);
    assert_eq!(r.given, Some(r.required.opposite()));
    assert!(r.correction_ms.expect("correction time") > 300.0);
}

#[test]
fn without_correction_a_wrong_direction_ends_the_trial() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::NoCorrection);
    let r = first_trial(&mut e, &|dt, dir| (-move_after_300ms(dt, dir), true, false), None);
    assert_eq!(r.outcome, Outcome::WrongDirection);
    assert!(r.error && !r.corrected && r.correction_ms.is_none());
}

#[test]
fn no_movement_times_out() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    let r = first_trial(&mut e, &|_, _| (0.0, true, false), None);
    assert_eq!(r.outcome, Outcome::NoResponse);
    assert!(r.error && r.rt_ms.is_none() && r.given.is_none());
}

#[test]
fn grasp_mode_needs_the_grip() {
    let mut e = engine(ResponseMode::Grasp, ErrorHandling::CorrectionRequired);
    let r = first_trial(&mut e, &|dt, dir| (move_after_300ms(dt, dir), true, false), None);
    assert_eq!(
        r.outcome,
        Outcome::NoResponse,
        "moving without the grip does not move the drink"
    );
    let mut e = engine(ResponseMode::Grasp, ErrorHandling::CorrectionRequired);
    let r = first_trial(&mut e, &|dt, dir| (move_after_300ms(dt, dir), true, dt > 0.2), None);
    assert_eq!(r.outcome, Outcome::Correct);
}

/// An engine whose first trial requires `direction` (the same drink, its mapping
/// flipped by the block's push share).
fn engine_requiring(mode: ResponseMode, direction: Direction) -> Engine {
    for share in [1.0, 0.0] {
        let mut p = protocol(mode, ErrorHandling::CorrectionRequired);
        p.blocks[0].alcohol_push_share = share;
        let cal = Calibration {
            arm_reach_m: 0.65,
            hand_home: HOME,
            forward: Vec3::NEG_Z,
        };
        let e = Engine::new(
            EngineConfig::from_protocol(&p, Handedness::Right, cal, HZ),
            plan_session(&p, &catalogue(), 1, 1).expect("plan"),
        );
        if e.plan().blocks[0].trials[0].required == direction {
            return e;
        }
    }
    panic!("no plan whose first trial requires {direction:?}");
}

#[test]
fn grasping_only_to_pull_needs_the_grip_for_pulls_alone() {
    // Ascone et al. (2023)'s third condition: a push is a touch, a pull a grasp.
    let no_grip: &Script = &|dt, dir| (move_after_300ms(dt, dir), true, false);
    let grip: &Script = &|dt, dir| (move_after_300ms(dt, dir), true, dt > 0.2);
    let mut e = engine_requiring(ResponseMode::GraspToPull, Direction::Push);
    assert_eq!(
        first_trial(&mut e, no_grip, None).outcome,
        Outcome::Correct,
        "a push needs no grip"
    );
    let mut e = engine_requiring(ResponseMode::GraspToPull, Direction::Pull);
    assert_eq!(
        first_trial(&mut e, no_grip, None).outcome,
        Outcome::NoResponse,
        "a pull without the grip does not move the drink"
    );
    let mut e = engine_requiring(ResponseMode::GraspToPull, Direction::Pull);
    assert_eq!(first_trial(&mut e, grip, None).outcome, Outcome::Correct);
    // The other two conditions, for the same trials.
    for direction in [Direction::Push, Direction::Pull] {
        let mut e = engine_requiring(ResponseMode::TouchAndMove, direction);
        assert_eq!(first_trial(&mut e, no_grip, None).outcome, Outcome::Correct);
        let mut e = engine_requiring(ResponseMode::Grasp, direction);
        assert_eq!(first_trial(&mut e, no_grip, None).outcome, Outcome::NoResponse);
    }
}

#[test]
fn a_grasp_response_is_complete_when_the_grip_closes() {
    // The hand passes the push distance (0.13 m, at 0.56 s) without the grip, which
    // closes only at 0.7 s: the response is complete then, not at the crossing.
    let mut e = engine(ResponseMode::Grasp, ErrorHandling::CorrectionRequired);
    let r = first_trial(
        &mut e,
        &|dt, dir| (move_after_300ms(dt, dir).clamp(-0.2, 0.2), true, dt >= 0.7),
        None,
    );
    assert_eq!(r.outcome, Outcome::Correct);
    let full = r.full_rt_ms.expect("full rt");
    assert!(
        full >= 700.0 - 1e-6,
        "completion {full} ms is not before the grip closed"
    );
    assert!(
        full <= 700.0 + 1000.0 / HZ,
        "completion {full} ms, at the frame the grip was seen closed"
    );
}

#[test]
fn no_crossing_is_interpolated_across_untracked_samples() {
    // Tracking is lost from 0.25 s to 0.4 s; the hand starts moving at 0.3 s, so its
    // movement onset (0.32 s) falls in the gap: it is taken at the first tracked sample
    // after the gap (not interpolated across it), and the trial is flagged.
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    let r = first_trial(
        &mut e,
        &|dt, dir| (move_after_300ms(dt, dir), !(0.25..0.4).contains(&dt), false),
        None,
    );
    assert!(r.tracking_lost);
    let rt = r.rt_ms.expect("rt");
    assert!(
        (400.0 - 1e-6..=400.0 + 1000.0 / HZ).contains(&rt),
        "rt {rt} ms: the first tracked frame after the gap"
    );
}

#[test]
fn lost_tracking_during_the_response_flags_the_trial() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    let r = first_trial(
        &mut e,
        &|dt, dir| (move_after_300ms(dt, dir), !(0.1..0.15).contains(&dt), false),
        None,
    );
    assert!(r.tracking_lost);
    assert_eq!(r.outcome, Outcome::Correct);
}

#[test]
fn missed_display_frames_while_the_drink_is_shown_flag_the_trial() {
    let script = |dt, dir| (move_after_300ms(dt, dir), true, false);
    // Two frames missed in the middle of the response: the trial is flagged.
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    assert!(first_trial(&mut e, &script, Some(0.2)).budget_overrun);
    // Missed at the very frame of the completion: still flagged.
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    assert!(first_trial(&mut e, &script, Some(0.5)).budget_overrun);
    // Every frame on time: not flagged.
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    assert!(!first_trial(&mut e, &script, None).budget_overrun);
}

#[test]
fn only_frames_of_the_trial_count_and_jitter_is_not_late() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    let required = e.plan().blocks[0].trials[0].required;
    let (mut onset, mut t, mut k) = (None::<f64>, 0.0, 0u32);
    let record = loop {
        k += 1;
        // A long gap before the drink (in the block break), then frames jittering by a
        // third of a period.
        t += if k == 5 {
            10.0 / HZ
        } else if k % 2 == 0 {
            1.3 / HZ
        } else {
            0.7 / HZ
        };
        let fwd = onset.map_or(0.0, |o| move_after_300ms(t - o, required));
        e.process(&sample(t, fwd, true, false));
        for c in e.take_display_changes() {
            if let DisplayChange::StimulusShown { t, .. } = c {
                onset.get_or_insert(t);
            }
        }
        if let Some(r) = e.take_records().next() {
            break r;
        }
        assert!(k < 5000);
    };
    assert!(
        !record.budget_overrun,
        "a gap before the drink and jitter do not flag the trial"
    );
}

#[test]
fn the_stimulus_waits_for_the_hand_to_rest_at_home() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    // The hand is 10 cm away from home for the first 3 s.
    let mut shown = None;
    for k in 1..1000u32 {
        let t = f64::from(k) / HZ;
        let fwd = if t < 3.0 { 0.1 } else { 0.0 };
        e.process(&sample(t, fwd, true, false));
        for c in e.take_display_changes() {
            if let DisplayChange::StimulusShown { t, .. } = c {
                shown.get_or_insert(t);
            }
        }
    }
    let shown = shown.expect("a stimulus appeared");
    assert!(
        shown >= 3.0 + 7.0 / HZ,
        "stimulus at {shown} s, before the hand rested home"
    );
}

#[test]
fn pausing_discards_the_trial_on_screen_and_shows_it_again() {
    let mut e = engine(ResponseMode::TouchAndMove, ErrorHandling::CorrectionRequired);
    let first = e.plan().blocks[0].trials[0].clone();
    let mut shown = Vec::new();
    let mut paused = false;
    let mut records = Vec::new();
    for k in 1..3000u32 {
        let t = f64::from(k) / HZ;
        // Still until paused and resumed; after that, answer every drink.
        let fwd: f64 = match shown.last() {
            Some(&(_, onset)) if shown.len() >= 2 && t - onset > 0.3 => 0.5 * (t - onset - 0.3),
            _ => 0.0,
        };
        let dir = e.plan().blocks[0].trials[records.len().min(3)].required;
        let fwd: f64 = if dir == Direction::Push { fwd } else { -fwd };
        e.process(&sample(t, fwd.clamp(-0.2, 0.2), true, false));
        for c in e.take_display_changes() {
            match c {
                DisplayChange::StimulusShown {
                    t, trial, stimulus_id, ..
                } => shown.push((format!("{trial}:{stimulus_id}"), t)),
                DisplayChange::StimulusCleared { .. } if paused => {
                    // Hand back home before the next drink.
                }
                _ => {}
            }
        }
        if shown.len() == 1 && !paused && t > shown[0].1 + 0.1 {
            assert!(e.pause(t), "the trial on screen is discarded");
            assert!(e.is_paused());
            e.resume(t + 1.0 / HZ);
            paused = true;
        }
        records.extend(e.take_records());
        if records.len() == 1 {
            break;
        }
    }
    assert_eq!(shown[0].0, shown[1].0, "the same trial and drink come back: {shown:?}");
    assert_eq!(shown[0].0, format!("1:{}", first.stimulus_id));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].trial, 1);
    assert!(
        records[0].stimulus_onset_s > shown[0].1,
        "the record is of the second showing"
    );
}
