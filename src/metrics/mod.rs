//! The session-metrics plugin: every trial, every pose sample and the events of every
//! session recorded crash-safely under a data folder, in files a researcher can open.
//!
//! [`Recorder::start`] opens a session's folder; insert the recorder as a resource and
//! the plugin's systems feed it each update ([`MetricsSystems::Record`], inside
//! [`CoreSystems::Record`]); [`Recorder::finish`] closes the session.
//!
//! Around the recorder: [`ParticipantLock`] (one writer per participant), [`store`]
//! (readers, which only read), [`repair`] (closing what a crash left open, by the
//! participant's writer) and [`Replacement`] (swapping a participant's folder
//! atomically).

mod atomic;
mod files;
pub mod frame_report;
mod lock;
mod recorder;
pub mod repair;
mod replace;
pub mod store;
mod writer;

use bevy::prelude::*;

pub use atomic::{create_dir_durably, sync_dir, sync_parent, write_atomically};
pub use files::*;
pub use lock::{LockError, ParticipantLock, is_being_written, lock_path};
pub use recorder::{
    FinishedRecording, Overflow, RecordError, Recorder, RecorderHealth, RecorderOptions, STALL_S, utc_now, write_ron,
};
pub use replace::Replacement;
pub use writer::{Durability, FileStorage, OpenStorage, SessionFile, SessionStorage};

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::trial::{DisplayChange, DisplayChanged, TrialCompleted};

/// The columns of `trials.csv`, in order: `participant`, then the fields of
/// [`crate::trial::TrialRecord`].
pub const TRIAL_COLUMNS: [&str; 27] = [
    "participant",
    "session",
    "block",
    "block_name",
    "block_kind",
    "trial",
    "trial_in_block",
    "stimulus_id",
    "category",
    "is_target",
    "cue",
    "required",
    "is_pull",
    "given",
    "outcome",
    "error",
    "corrected",
    "stimulus_onset_s",
    "movement_onset_s",
    "rt_ms",
    "movement_time_ms",
    "full_rt_ms",
    "correction_ms",
    "peak_speed_m_s",
    "distance_m",
    "tracking_lost",
    "budget_overrun",
];

/// The plugin's systems, for other plugins to order against.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricsSystems {
    /// Hands this update's samples, trials and events to the recorder.
    Record,
}

/// Something an input source or the runtime reports that belongs in `events.csv` (for
/// example an OpenXR session-state change): stamped with the newest sample's time.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct NoteEvent {
    /// Short machine-readable name, e.g. `xr_state`.
    pub event: &'static str,
    pub detail: String,
}

/// Records the session whose [`Recorder`] resource is present.
///
/// `options` are the defaults for recorders started through [`MetricsSettings`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionMetricsPlugin {
    pub options: RecorderOptions,
}

/// The plugin's configuration, as a resource.
#[derive(Resource, Debug, Clone, Copy)]
pub struct MetricsSettings(pub RecorderOptions);

impl Plugin for SessionMetricsPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(MetricsSettings(self.options))
            .add_message::<NoteEvent>()
            .configure_sets(CoreUpdate, MetricsSystems::Record.in_set(CoreSystems::Record))
            .add_systems(
                CoreUpdate,
                record
                    .in_set(MetricsSystems::Record)
                    .run_if(resource_exists::<Recorder>),
            );
    }
}

fn record(
    mut recorder: ResMut<Recorder>,
    stream: Res<PoseStream>,
    mut trials: MessageReader<TrialCompleted>,
    mut display: MessageReader<DisplayChanged>,
    mut notes: MessageReader<NoteEvent>,
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
                    "block_started",
                    format!("block {block} `{name}` ({}){again}", kind.label()),
                );
            }
            DisplayChange::SessionFinished { t } => recorder.event(*t, "session_finished", String::new()),
            DisplayChange::Paused { t, discarded } => recorder.event(
                *t,
                "paused",
                discarded.map_or_else(String::new, |n| {
                    format!("trial {n} discarded, shown again after resuming")
                }),
            ),
            DisplayChange::Resumed { t } => recorder.event(*t, "resumed", String::new()),
            DisplayChange::MovementDetected { t, trial } => {
                recorder.event(*t, "movement_detected", format!("trial {trial}"));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_rows_have_the_documented_columns_and_read_back() {
        let record = crate::trial::TrialRecord {
            session: 1,
            block: 1,
            block_name: "b".into(),
            block_kind: crate::data::BlockKind::Assessment,
            trial: 1,
            trial_in_block: 1,
            stimulus_id: "x".into(),
            category: crate::data::Category::Soft,
            is_target: false,
            cue: None,
            required: crate::trial::Direction::Pull,
            is_pull: true,
            given: None,
            outcome: crate::trial::Outcome::NoResponse,
            error: true,
            corrected: false,
            stimulus_onset_s: 1.0,
            movement_onset_s: None,
            rt_ms: None,
            movement_time_ms: None,
            full_rt_ms: None,
            correction_ms: None,
            peak_speed_m_s: 0.0,
            distance_m: 0.0,
            tracking_lost: false,
            budget_overrun: false,
        };
        // The header from serde's field names is the documented one.
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize((
            ParticipantColumn {
                participant: "P1".into(),
            },
            &record,
        ))
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(format!("{}\n", text.lines().next().unwrap()), trials_header());
        let row = trial_row("P1", &record).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            String::from_utf8(row.clone()).unwrap().trim_end()
        );
        assert!(
            String::from_utf8(row.clone())
                .unwrap()
                .contains(",soft,0,,pull,1,,no_response,1,0,")
        );
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(row.as_slice());
        let (who, back): (ParticipantColumn, crate::trial::TrialRecord) = r.deserialize().next().unwrap().unwrap();
        assert_eq!((who.participant.as_str(), back), ("P1", record));
    }
}
