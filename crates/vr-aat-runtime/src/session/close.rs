//! Closing a session, the same way whichever way it ends: all trials done, ended by the
//! therapist, the runtime or Ctrl-C, or failed. The recording is closed with a status
//! that says which, the outcome is handed to whoever started the app, and the app exits.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;

use vr_aat_core::records::{SessionCounts, SessionStatus};

use super::{EndRequested, SessionState};
use crate::recording::SessionRecorder;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::timing::CoreCost;
use crate::trial::ActiveSession;

/// How a session ended.
#[derive(Resource, Debug, Clone, PartialEq)]
pub enum SessionOutcome {
    /// The session ran and was closed with this status. `dir` is its folder when it was
    /// recorded.
    Closed {
        status: SessionStatus,
        counts: SessionCounts,
        dir: Option<PathBuf>,
    },
    /// It ended before its first trial was recorded: nothing was kept, and the
    /// participant's next session keeps this number.
    NothingRecorded(String),
    /// It could not go on (setup, runtime or recording failure). Trials recorded before
    /// are on disk.
    Failed(String),
}

impl SessionOutcome {
    pub fn is_failure(&self) -> bool {
        matches!(self, SessionOutcome::Failed(_))
    }
}

/// Hands a session's outcome to the code that started the app. A windowed app's runner
/// takes the app by value and drops it when the window closes, so the outcome cannot be
/// read from its world afterwards; a clone of this slot outlives it.
#[derive(Resource, Clone, Debug, Default)]
pub struct OutcomeSlot(Arc<Mutex<SlotReport>>);

/// What the slot holds once the app has stopped.
#[derive(Debug, Default)]
pub struct SlotReport {
    /// The outcome, if the session (or its setup) came to one.
    pub outcome: Option<SessionOutcome>,
    /// Whether the session had begun (trials ran, recording was open).
    pub began: bool,
}

impl OutcomeSlot {
    pub(super) fn with(&self, f: impl FnOnce(&mut SlotReport)) {
        // A panic elsewhere while holding the lock leaves the data usable.
        let mut report = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut report);
    }

    /// Takes the report, leaving an empty one.
    pub fn take(&self) -> SlotReport {
        let mut out = SlotReport::default();
        self.with(|r| std::mem::swap(r, &mut out));
        out
    }
}

/// Closes the session once the engine has finished, then exits when closed.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        CoreUpdate,
        close_session
            .in_set(CoreSystems::Close)
            .after(super::follow_engine)
            .run_if(in_state(SessionState::Closing)),
    )
    .add_systems(OnEnter(SessionState::Closed), exit_when_closed);
}

/// Records the outcome (as a resource and in the [`OutcomeSlot`]).
fn report(world: &mut World, outcome: SessionOutcome) {
    if let Some(slot) = world.get_resource::<OutcomeSlot>() {
        let copy = outcome.clone();
        slot.with(|r| r.outcome = Some(copy));
    }
    world.insert_resource(outcome);
}

/// Records the outcome and moves to Closed.
fn report_and_close(world: &mut World, outcome: SessionOutcome) {
    report(world, outcome);
    world
        .resource_mut::<NextState<SessionState>>()
        .set(SessionState::Closed);
}

/// The status a finished engine closes with.
fn closing_status(world: &World) -> SessionStatus {
    let (done, total) = world.get_resource::<ActiveSession>().map_or((0, 0), |s| s.progress());
    match world.resource::<EndRequested>().0 {
        None if done == total => SessionStatus::Complete,
        reason => SessionStatus::Incomplete {
            reason: format!(
                "{} after {done} of {total} trials",
                reason.map_or("ended", |r| r.describe())
            ),
        },
    }
}

/// Closes the recording (one frame after the engine finished, so its last records have
/// been handed to the recorder) and reports the outcome.
fn close_session(world: &mut World) {
    if world.contains_resource::<SessionOutcome>() {
        return;
    }
    let status = closing_status(world);
    let outcome = close_recording(world, status);
    report_and_close(world, outcome);
}

/// Closes the recorder, if any, with `status`.
fn close_recording(world: &mut World, status: SessionStatus) -> SessionOutcome {
    let stats = world
        .get_resource::<CoreCost>()
        .map(CoreCost::record)
        .unwrap_or_default();
    let Some(SessionRecorder(recorder)) = world.remove_resource::<SessionRecorder>() else {
        return SessionOutcome::Closed {
            status,
            counts: SessionCounts::default(),
            dir: None,
        };
    };
    match recorder.finish(status.clone(), stats) {
        Ok(done) => match done.dir {
            Some(dir) => SessionOutcome::Closed {
                status: done.status,
                counts: done.counts,
                dir: Some(dir),
            },
            None => SessionOutcome::NothingRecorded(format!(
                "the session ended before its first trial ({}); nothing was recorded",
                status.reason().unwrap_or("ended")
            )),
        },
        Err(e) => SessionOutcome::Failed(e.to_string()),
    }
}

/// The session (or its setup) cannot go on: closes what was recorded as incomplete with
/// `message` as the reason, reports the failure and exits.
pub fn fail_session(world: &mut World, message: String) {
    log::error!("{message}");
    if world.contains_resource::<SessionOutcome>() {
        return;
    }
    let outcome = if world.contains_resource::<SessionRecorder>() {
        let status = SessionStatus::Incomplete {
            reason: message.clone(),
        };
        match close_recording(world, status) {
            SessionOutcome::Closed {
                dir: Some(dir), counts, ..
            } => SessionOutcome::Failed(format!(
                "{message}; the {} trials recorded before are kept in {}",
                counts.trials_recorded,
                dir.display()
            )),
            SessionOutcome::Failed(e) => SessionOutcome::Failed(format!("{message}; {e}")),
            _ => SessionOutcome::Failed(format!("{message}; nothing was recorded")),
        }
    } else {
        SessionOutcome::Failed(message)
    };
    report_and_close(world, outcome);
}

/// Ends the app once the session is closed (an end before anything was recorded comes
/// here directly).
fn exit_when_closed(world: &mut World) {
    if !world.contains_resource::<SessionOutcome>() {
        let why = "the session was ended before it began; nothing was recorded".to_owned();
        report(world, SessionOutcome::NothingRecorded(why));
    }
    let failed = world.get_resource::<SessionOutcome>().is_some_and(|o| o.is_failure());
    world.write_message(if failed { AppExit::error() } else { AppExit::Success });
}
