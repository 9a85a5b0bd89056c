//! The session-metrics plugin: every trial, every pose sample, every event and every
//! questionnaire answer of a session handed to its [`Recorder`] (`vr_aat_store`), which
//! writes them crash-safely beside the frame.
//!
//! [`begin_session`](crate::session::begin_session) starts the recorder and inserts it
//! as the [`SessionRecorder`] resource; this plugin's system feeds it each update
//! ([`MetricsSystems::Record`], inside [`CoreSystems::Record`]); the lifecycle closes it
//! ([`Recorder::finish`]) when the session ends.

use bevy::prelude::*;
use vr_aat_core::records::{AnswerRecord, EventKind};
use vr_aat_store::Recorder;

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::trial::{DisplayChange, DisplayChanged, TrialCompleted};

/// The recorder of the session in progress, as a resource.
#[derive(Resource, Debug, Deref, DerefMut)]
pub struct SessionRecorder(pub Recorder);

/// The plugin's systems, for other plugins to order against.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricsSystems {
    /// Hands this update's samples, trials, events and answers to the recorder.
    Record,
}

/// Something an input source or the runtime reports that belongs in `events.csv` (for
/// example an OpenXR session-state change): stamped with the newest sample's time.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct NoteEvent {
    pub event: EventKind,
    pub detail: String,
}

/// A questionnaire answer the patient confirmed (sent by the questionnaire step), for
/// `answers.csv`; recorded like a finished trial, in the same update.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct AnswerGiven(pub AnswerRecord);

/// Records the session whose [`SessionRecorder`] resource is present.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionMetricsPlugin;

impl Plugin for SessionMetricsPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<NoteEvent>()
            .add_message::<AnswerGiven>()
            .configure_sets(CoreUpdate, MetricsSystems::Record.in_set(CoreSystems::Record))
            .add_systems(
                CoreUpdate,
                record
                    .in_set(MetricsSystems::Record)
                    .run_if(resource_exists::<SessionRecorder>),
            );
    }
}

fn record(
    mut recorder: ResMut<SessionRecorder>,
    stream: Res<PoseStream>,
    mut trials: MessageReader<TrialCompleted>,
    mut display: MessageReader<DisplayChanged>,
    mut notes: MessageReader<NoteEvent>,
    mut answers: MessageReader<AnswerGiven>,
) {
    recorder.pump();
    recorder.samples(stream.taken());
    for change in display.read() {
        match &change.0 {
            DisplayChange::BlockStarted {
                t,
                block,
                name,
                kind,
                again,
                ..
            } => {
                let again = if *again { ", shown again after a pause" } else { "" };
                recorder.event(
                    *t,
                    EventKind::BlockStarted,
                    format!("block {block} `{name}` ({}){again}", kind.label()),
                );
            }
            DisplayChange::SessionFinished { t } => recorder.event(*t, EventKind::SessionFinished, String::new()),
            DisplayChange::Paused { t, discarded } => recorder.event(
                *t,
                EventKind::Paused,
                discarded.map_or_else(String::new, |n| {
                    format!("trial {n} discarded, shown again after resuming")
                }),
            ),
            DisplayChange::Resumed { t } => recorder.event(*t, EventKind::Resumed, String::new()),
            DisplayChange::MovementDetected { t, trial } => {
                recorder.event(*t, EventKind::MovementDetected, format!("trial {trial}"));
            }
            _ => {}
        }
    }
    // Notes after the engine's own events: a pause or resume the note caused is stamped
    // at the engine's previous frame, the note at the frame that observed its cause.
    let now = stream.latest_t().unwrap_or(0.0);
    for note in notes.read() {
        recorder.event(now, note.event, note.detail.clone());
    }
    for trial in trials.read() {
        recorder.trial(&trial.0);
    }
    for answer in answers.read() {
        recorder.answer(answer.0.clone());
    }
}
