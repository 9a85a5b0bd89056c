//! Pauses are safe at any moment: pausing and resuming, from any cause, anywhere in a
//! session (before the first trial, in a response, in feedback, in an inter-trial
//! interval, in a block break, as a trial times out) gives exactly the planned trials,
//! each once, in order; the current block's instruction is shown again after a pause in
//! its break (or before its first trial has finished); no stale drink stays on screen. Checked on thousands of random pause
//! sequences with the synthetic patient, and through the lifecycle's pause causes.

use crate::common::*;
use bevy::prelude::*;
use proptest::prelude::*;
use vr_aat_core::data::{Block, BlockKind, BlockSessions, BlockStimuli, Catalogue, Protocol, Timing};
use vr_aat_core::records::SessionStatus;
use vr_aat_runtime::patient::Agent;
use vr_aat_runtime::session::{EndReason, PauseCause, SessionControl, SessionOutcome, SessionState};
use vr_aat_runtime::sim::{SessionRun, build_app};
use vr_aat_runtime::trial::{
    ActiveSession, DisplayChange, Engine, EngineConfig, FeedbackKind, OnsetTiming, TrialRecord, plan_session,
};

const HZ: f64 = 60.0;

/// Three short blocks with the mapping reversed between the two assessment blocks, so a
/// skipped instruction would show as trials answered under the wrong rule.
fn protocol() -> (Protocol, Catalogue) {
    let (mut p, c) = crate::common::protocol("assessment");
    p.timing = Timing {
        iti_s: 0.3,
        response_timeout_s: 1.2,
        feedback_s: 0.3,
        block_break_s: 1.0,
    };
    let block = |name: &str, kind, push| Block {
        name: name.into(),
        kind,
        trials: 4,
        alcohol_share: 0.5,
        alcohol_push_share: push,
        stimuli: BlockStimuli::All,
        sessions: BlockSessions::All,
    };
    p.blocks = vec![
        block("practice", BlockKind::Practice, 1.0),
        block("push-alcohol", BlockKind::Assessment, 1.0),
        block("pull-alcohol", BlockKind::Assessment, 0.0),
    ];
    (p, c)
}

/// What one session with pauses showed and recorded.
struct Played {
    records: Vec<TrialRecord>,
    changes: Vec<DisplayChange>,
}

/// Plays a session with the plain engine and the synthetic patient, pausing at sample
/// `at` for `len` samples for every `(at, len)` (sample indices, in order).
fn play(seed: u64, pauses: &[(usize, usize)], miss_rate: f64) -> Played {
    let (protocol, catalogue) = protocol();
    let mut profile = patient("biased-50ms");
    profile.miss_rate = miss_rate;
    let mut agent = Agent::new(profile, &protocol, HZ, seed, 1).expect("patient fits");
    let config = EngineConfig::from_protocol(&protocol, agent.handedness(), agent.calibration(), HZ);
    let mut engine = Engine::new(config, plan_session(&protocol, &catalogue, seed, 1).expect("plan"));
    let (mut records, mut changes) = (Vec::new(), Vec::new());
    let mut schedule: Vec<(usize, bool)> = pauses
        .iter()
        .flat_map(|(at, len)| [(*at, true), (at + len, false)])
        .collect();
    schedule.sort();
    let mut next = schedule.into_iter().peekable();
    let mut i = 0usize;
    while !engine.is_finished() && i < 200_000 {
        while let Some((_, pause)) = next.next_if(|(at, _)| *at <= i) {
            let t = engine.now();
            if pause {
                engine.pause(t);
            } else {
                engine.resume(t);
            }
        }
        let s = agent.next_sample();
        engine.process(&s);
        for c in engine.take_display_changes() {
            changes.push(c.clone());
            agent.see(c);
        }
        records.extend(engine.take_records());
        i += 1;
    }
    records.extend(engine.take_records());
    Played { records, changes }
}

/// The invariants of a session paused anywhere.
fn check(seed: u64, played: &Played) -> Result<(), String> {
    let (protocol, catalogue) = protocol();
    let plan = plan_session(&protocol, &catalogue, seed, 1).map_err(|e| e.to_string())?;
    let planned: Vec<_> = plan
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| {
            block
                .trials
                .iter()
                .enumerate()
                .map(move |(i, t)| (b as u32 + 1, i as u32 + 1, t))
        })
        .collect();
    // Exactly the planned trials, each once, in order.
    if played.records.len() != planned.len() {
        return Err(format!(
            "{} trials recorded, {} planned",
            played.records.len(),
            planned.len()
        ));
    }
    for (n, (r, (block, in_block, spec))) in played.records.iter().zip(&planned).enumerate() {
        let got = (r.trial, r.block, r.trial_in_block, r.stimulus_id.as_str(), r.required);
        let want = (
            n as u32 + 1,
            *block,
            *in_block,
            spec.stimulus_id.as_str(),
            spec.required,
        );
        if got != want {
            return Err(format!("trial {}: recorded {got:?}, planned {want:?}", n + 1));
        }
    }
    // The display: one drink at a time, none left on screen during a pause, and each
    // block's drinks shown under its own instruction (again after a pause in its break).
    let mut on_screen = false;
    let mut block = 0;
    let mut finished_in_block = 0;
    let mut needs_instruction = true;
    for c in &played.changes {
        match c {
            DisplayChange::BlockStarted { block: b, .. } => {
                if *b != block {
                    finished_in_block = 0;
                }
                block = *b;
                needs_instruction = false;
            }
            // A wrong direction that must be corrected does not end the trial.
            DisplayChange::Feedback {
                kind: FeedbackKind::WrongDirection {
                    correction_required: true,
                },
                ..
            } => {}
            DisplayChange::Feedback { .. } => finished_in_block += 1,
            DisplayChange::StimulusShown { trial, .. } => {
                if on_screen {
                    return Err(format!("trial {trial} shown while another drink is on screen"));
                }
                if needs_instruction {
                    return Err(format!(
                        "trial {trial} shown without its block's instruction after a pause"
                    ));
                }
                let expected_block = planned.get(*trial as usize - 1).map(|p| p.0);
                if expected_block != Some(block) {
                    return Err(format!("trial {trial} shown under the instruction of block {block}"));
                }
                on_screen = true;
            }
            DisplayChange::StimulusCleared { .. } => on_screen = false,
            DisplayChange::Paused { .. } => {
                if on_screen {
                    return Err("paused with a drink left on screen".into());
                }
                if finished_in_block == 0 {
                    needs_instruction = true;
                }
            }
            DisplayChange::SessionFinished { .. } if on_screen => {
                return Err("finished with a drink on screen".into());
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_pauses_give_the_planned_trials_once_in_order(
        seed in 0u64..1000,
        gaps in prop::collection::vec((1usize..500, 1usize..120), 0..10),
        miss in prop::bool::weighted(0.2),
    ) {
        let mut at = 0;
        let pauses: Vec<(usize, usize)> = gaps
            .iter()
            .map(|(gap, len)| {
                at += gap;
                let p = (at, *len);
                at += len;
                p
            })
            .collect();
        let played = play(seed, &pauses, if miss { 0.5 } else { 0.0 });
        prop_assert!(check(seed, &played).is_ok(), "{:?} (pauses {:?})", check(seed, &played), pauses);
    }
}

/// Pauses at chosen moments of a fixed session: in its first break, in every phase of a
/// trial, and at the very sample a trial times out.
#[test]
fn pauses_in_each_phase_are_safe() {
    let base = play(5, &[], 1.0);
    assert!(check(5, &base).is_ok());
    // Where each phase starts, in sample indices (60 Hz, display time k/60).
    let index = |t: f64| (t * HZ).round() as usize;
    let mut moments = vec![0, 1, index(0.5)]; // before the first sample, in the first break
    for c in &base.changes {
        let t = c.t();
        moments.extend([index(t).saturating_sub(1), index(t), index(t) + 1]);
    }
    for at in moments {
        for len in [1, 30] {
            let played = play(5, &[(at, len)], 1.0);
            assert!(
                check(5, &played).is_ok(),
                "pause at sample {at} for {len}: {:?}",
                check(5, &played)
            );
        }
    }
}

fn sim_app(seed: u64) -> App {
    let (protocol, catalogue) = protocol();
    let patient = patient("biased-50ms");
    let run = SessionRun {
        protocol: &protocol,
        catalogue: &catalogue,
        patient: &patient,
        seed,
        session: 1,
        hz: HZ,
        frames_per_update: Some(1),
        onset_timing: OnsetTiming::Interpolated,
        speed: None,
        lsl: None,
        language: vr_aat_core::locale::Language::En,
    };
    build_app(&run, None).expect("app")
}

fn state(app: &App) -> SessionState {
    *app.world().resource::<State<SessionState>>().get()
}

fn send(app: &mut App, c: SessionControl) {
    app.world_mut().write_message(c);
    app.update();
    app.update();
}

#[test]
fn the_session_resumes_only_when_every_cause_has_cleared() {
    let mut app = sim_app(2);
    for _ in 0..200 {
        app.update();
    }
    assert_eq!(state(&app), SessionState::Running);
    // The headset is taken off, then the therapist pauses too.
    send(&mut app, SessionControl::Pause(PauseCause::HeadsetNotFocused));
    assert_eq!(state(&app), SessionState::Paused);
    send(&mut app, SessionControl::Pause(PauseCause::Therapist));
    // The therapist's R while the headset is off: still paused.
    send(&mut app, SessionControl::Resume(PauseCause::Therapist));
    assert_eq!(
        state(&app),
        SessionState::Paused,
        "R must not resume a headset that is off"
    );
    assert!(app.world().resource::<ActiveSession>().is_paused());
    // The therapist pauses again; the headset comes back on: still paused.
    send(&mut app, SessionControl::Pause(PauseCause::Therapist));
    send(&mut app, SessionControl::Resume(PauseCause::HeadsetNotFocused));
    assert_eq!(
        state(&app),
        SessionState::Paused,
        "focus must not resume the therapist's pause"
    );
    // Every cause cleared: it runs, and finishes with every planned trial.
    send(&mut app, SessionControl::Resume(PauseCause::Therapist));
    assert_eq!(state(&app), SessionState::Running);
    for _ in 0..20_000 {
        if app.world().contains_resource::<SessionOutcome>() {
            break;
        }
        app.update();
    }
    let Some(SessionOutcome::Closed { status, .. }) = app.world().get_resource::<SessionOutcome>().cloned() else {
        panic!("not closed");
    };
    assert_eq!(status, SessionStatus::Complete);
    assert_eq!(app.world().resource::<ActiveSession>().progress(), (12, 12));
}

#[test]
fn ending_a_paused_session_closes_it_with_the_reason() {
    let mut app = sim_app(3);
    for _ in 0..400 {
        app.update();
    }
    send(&mut app, SessionControl::Pause(PauseCause::TrackingLost));
    send(&mut app, SessionControl::End(EndReason::Operator));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(state(&app), SessionState::Closed);
    let Some(SessionOutcome::Closed { status, .. }) = app.world().get_resource::<SessionOutcome>().cloned() else {
        panic!("not closed");
    };
    let (done, total) = app.world().resource::<ActiveSession>().progress();
    assert!(done < total);
    assert_eq!(
        status,
        SessionStatus::Incomplete {
            reason: format!("ended by the operator after {done} of {total} trials")
        }
    );
}
