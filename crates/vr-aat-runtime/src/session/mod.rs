//! The one session lifecycle that simulated, flat and headset sessions share.
//!
//! ```text
//!  Preparing ──> Calibrating ──> Running <──> Paused
//!      │              │           ^  │  \         │
//!      │              │      Asking <┘   └──> Closing <┘ ──> Closed
//!      │              │     (questionnaires: before, between blocks, after)
//!      └──────────────┴──────────────────────────────> Closed  (ended or failed
//!                                                               before recording)
//! ```
//!
//! The coarse lifecycle is a Bevy state ([`SessionState`]); the engine's fine phases
//! (block break, inter-trial interval, response, feedback) stay plain Rust in
//! [`crate::trial::Engine`]. Requests arrive as [`SessionControl`] messages from any
//! source (therapist keys, the headset runtime, tracking, the recorder) and are applied
//! in [`CoreSystems::Lifecycle`], before the engine sees the frame's samples:
//!
//! - a pause has a cause ([`PauseCause`]); the session is paused while any cause holds
//!   and resumes only when every cause has cleared ([`PauseCauses`]), so the therapist's
//!   R cannot resume a headset that is off, and putting the headset back on cannot
//!   resume a pause the therapist made;
//! - an end closes the recording with the reason in the session's status.
//!
//! "Is the session paused?" has one answer: [`SessionState::Paused`].
//!
//! A step of the session (the questionnaires of [`asking`]) depends on the lifecycle,
//! not the other way round: it runs before the requests are applied and says what it
//! needs in [`StepHold`], which the lifecycle reads without knowing the step.

pub mod asking;
mod begin;
mod close;
mod pause;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

pub use begin::{RecordTo, SessionStart, begin_session};
pub use close::{OutcomeSlot, SessionOutcome, SlotReport, fail_session};
pub use pause::{PauseCause, PauseCauses};
pub use vr_aat_core::lifecycle::EndReason;
use vr_aat_core::records::EventKind;
use vr_aat_store::{Overflow, RecorderHealth};

use crate::recording::{MetricsSystems, NoteEvent, SessionRecorder};
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::trial::ActiveSession;

/// Where a session is in its life. Bevy applies a change at the next frame's
/// `StateTransition`.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SessionState {
    /// Set up (participant, protocol, plan), nothing shown or recorded yet.
    #[default]
    Preparing,
    /// A headset's reach calibration; nothing is recorded.
    Calibrating,
    /// Trials run and are recorded.
    Running,
    /// A questionnaire is on screen (before the first trial, between blocks or after
    /// the last): the engine is held, answers are recorded ([`asking`]).
    Asking,
    /// Held by at least one [`PauseCause`]; nothing is shown.
    Paused,
    /// The engine has finished (all trials, or ended); the recording is being closed.
    Closing,
    /// The outcome is known ([`SessionOutcome`]); the app exits.
    Closed,
}

/// A request to the session, from the therapist, the headset, tracking or the recorder.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionControl {
    /// This cause holds the session: it pauses (the trial on screen is discarded and
    /// shown again later).
    Pause(PauseCause),
    /// This cause no longer holds it: the session resumes once no cause is left.
    Resume(PauseCause),
    /// End the session now; finished trials are kept.
    End(EndReason),
}

/// The first end request of the session, kept for its status.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EndRequested(pub Option<EndReason>);

/// What the session's steps (the questionnaires) ask of the lifecycle this frame,
/// written by the steps before [`CoreSystems::Lifecycle`] applies the requests.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepHold {
    /// A step is on screen or waiting: the engine is held as a pause holds it.
    pub engine: bool,
    /// A step still has work once the trials are finished (a questionnaire after the
    /// session): the session does not close yet.
    pub after_trials: bool,
}

/// The recorder's health as of this frame (for the therapist's overlay); default when
/// nothing is recorded.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct RecordingHealth(pub Option<RecorderHealth>);

/// Adds the lifecycle: states, requests, causes, closing.
pub fn plugin(app: &mut App) {
    if !app.is_plugin_added::<StatesPlugin>() {
        app.add_plugins(StatesPlugin);
    }
    app.init_state::<SessionState>()
        .add_message::<SessionControl>()
        .add_message::<NoteEvent>()
        .init_resource::<PauseCauses>()
        .init_resource::<EndRequested>()
        .init_resource::<StepHold>()
        .init_resource::<RecordingHealth>()
        .add_systems(
            CoreUpdate,
            (
                apply_requests.in_set(CoreSystems::Lifecycle),
                watch_recorder.in_set(CoreSystems::Record).after(MetricsSystems::Record),
                follow_engine.in_set(CoreSystems::Close),
            ),
        )
        .add_plugins((close::plugin, asking::plugin));
}

/// Applies this frame's requests: updates the causes, pauses or resumes the engine at
/// the display time of the newest frame it has processed, and ends it. A questionnaire
/// on screen holds the engine as a pause does.
pub(crate) fn apply_requests(
    mut requests: MessageReader<SessionControl>,
    mut causes: ResMut<PauseCauses>,
    mut ended: ResMut<EndRequested>,
    (state, mut next): (Res<State<SessionState>>, ResMut<NextState<SessionState>>),
    session: Option<ResMut<ActiveSession>>,
    mut notes: MessageWriter<NoteEvent>,
    steps: Res<StepHold>,
) {
    for request in requests.read() {
        match *request {
            SessionControl::Pause(cause) => {
                if causes.insert(cause) {
                    notes.write(NoteEvent {
                        event: EventKind::PauseCause,
                        detail: cause.label().to_owned(),
                    });
                }
            }
            SessionControl::Resume(cause) => {
                if causes.remove(cause) {
                    notes.write(NoteEvent {
                        event: EventKind::PauseCauseCleared,
                        detail: cause.label().to_owned(),
                    });
                }
            }
            SessionControl::End(reason) => {
                ended.0.get_or_insert(reason);
            }
        }
    }
    let Some(mut session) = session else {
        // Nothing recorded yet: an end closes the program.
        if ended.0.is_some() && matches!(state.get(), SessionState::Preparing | SessionState::Calibrating) {
            next.set(SessionState::Closed);
        }
        return;
    };
    let engine = &mut session.0;
    let t = engine.now();
    let hold = causes.any() || steps.engine;
    if ended.0.is_some() {
        engine.end_now(t);
    } else if hold && !engine.is_paused() {
        engine.pause(t);
    } else if !hold && engine.is_paused() {
        engine.resume(t);
    }
}

/// Keeps the state in step with the engine: running or paused while trials remain,
/// asking while a questionnaire is due, closing once the engine has finished and
/// nothing is left to ask.
fn follow_engine(
    state: Res<State<SessionState>>,
    mut next: ResMut<NextState<SessionState>>,
    session: Option<Res<ActiveSession>>,
    causes: Res<PauseCauses>,
    (steps, ended): (Res<StepHold>, Res<EndRequested>),
) {
    let Some(session) = session else { return };
    let asking = ended.0.is_none()
        && if session.is_finished() {
            steps.after_trials
        } else {
            steps.engine
        };
    let want = if asking {
        if causes.any() {
            SessionState::Paused
        } else {
            SessionState::Asking
        }
    } else if session.is_finished() {
        SessionState::Closing
    } else if session.is_paused() {
        SessionState::Paused
    } else {
        SessionState::Running
    };
    let current = *state.get();
    if current != want && !matches!(current, SessionState::Closing | SessionState::Closed) {
        next.set(want);
    }
}

/// A recording problem holds the session: live play pauses while finished trials wait
/// on a stalled disk (and resumes when they are saved), and for good once the writer
/// failed (the therapist can only end it); a headless run ends at the first write
/// error. The health is kept for the overlay either way.
fn watch_recorder(
    recorder: Option<ResMut<SessionRecorder>>,
    causes: Res<PauseCauses>,
    mut health_now: ResMut<RecordingHealth>,
    mut control: MessageWriter<SessionControl>,
    mut ended: Local<bool>,
) {
    let Some(mut recorder) = recorder else {
        health_now.0 = None;
        return;
    };
    let health = recorder.health();
    let failed = health.error.is_some();
    if recorder.options().overflow == Overflow::Wait {
        if failed && !*ended {
            *ended = true;
            control.write(SessionControl::End(EndReason::RecordingFailed));
        }
    } else {
        let problem = failed || health.stalled();
        let held = causes.contains(PauseCause::RecordingProblem);
        if problem && !held {
            control.write(SessionControl::Pause(PauseCause::RecordingProblem));
        } else if !problem && held {
            control.write(SessionControl::Resume(PauseCause::RecordingProblem));
        }
    }
    health_now.0 = Some(health);
}
