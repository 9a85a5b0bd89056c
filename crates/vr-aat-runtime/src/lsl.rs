//! Lab Streaming Layer (LSL): a session streamed live to a research lab's recording
//! chain (LabRecorder, EEG triggers, eye trackers), on the LSL clock. Two streams, whose
//! names, types and source ids stay the same from release to release so that a lab's
//! LabRecorder configuration keeps working (docs/lab.md):
//!
//! - **markers** ([`MARKER_STREAM`]): one JSON text per event: every row of the
//!   session's `events.csv` as the recorder queues it (through
//!   [`vr_aat_store::Recorder::tap_events`], so the stream and the file cannot disagree),
//!   and the trial and questionnaire events `events.csv` leaves to `trials.csv` and
//!   `answers.csv` ([`trial_marker`], [`answer_markers`]);
//! - **pose** ([`POSE_STREAM`]): head and both hands at the display rate,
//!   [`POSE_CHANNELS`] channels per sample.
//!
//! Every sample is stamped with the LSL time at which it happened: its session time
//! (the display time of its frame, or the time its poses are for) plus the session's
//! `lsl_zero_s` (`session.ron`, recorded whether or not LSL streams), never the time the
//! code ran. Streaming changes nothing that is written to disk.
//!
//! The LSL implementation is `labstream` (pure Rust; it speaks liblsl's protocol, so
//! pylsl, LabRecorder and liblsl's own tools read it).

use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;
use labstream::{Channel, Format, Outlet, StreamInfo};
use serde_json::json;
use vr_aat_core::pose::{HandSample, Pose, PoseSample};
use vr_aat_core::records::{AnswerRecord, EventKind, InputSource, SessionStatus, SessionUse};
use vr_aat_store::EventTap;
use vr_aat_store::files::events::EventRow;

use crate::input::PoseStream;
use crate::recording::{AnswerGiven, MetricsSystems};
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::trial::{DisplayChange, DisplayChanged, FeedbackKind, TrialCompleted, TrialRecord};

pub use crate::timing::lsl_clock;

/// How a stream presents itself on the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamId {
    pub name: &'static str,
    /// The LSL content type (`Markers` and `MoCap` are the types LabRecorder and the
    /// XDF importers know).
    pub kind: &'static str,
    /// Stays the same when vr-aat restarts, so a recording resumes the stream.
    pub source_id: &'static str,
}

/// The marker stream: irregular, one string channel.
pub const MARKER_STREAM: StreamId = StreamId {
    name: "vr-aat-markers",
    kind: "Markers",
    source_id: "vr-aat-markers",
};

/// The pose stream: regular at the display rate, [`POSE_CHANNELS`] float channels.
pub const POSE_STREAM: StreamId = StreamId {
    name: "vr-aat-pose",
    kind: "MoCap",
    source_id: "vr-aat-pose",
};

/// One channel of the pose stream: its label, its LSL type and its unit.
pub type PoseChannel = (&'static str, &'static str, &'static str);

/// The pose stream's channels, in order. Positions are in metres in the session's
/// stage frame (x right, y up, -z forward from the patient's seat; the frame of
/// `tracking.csv`), orientations are unit quaternions (x, y, z, w) in the same frame;
/// `tracked` is 1 while the device is tracked, `grip` 1 while the grip is held.
pub const POSE_CHANNELS: [PoseChannel; 26] = [
    ("head_x", "PositionX", "meters"),
    ("head_y", "PositionY", "meters"),
    ("head_z", "PositionZ", "meters"),
    ("head_qx", "OrientationX", "quaternion"),
    ("head_qy", "OrientationY", "quaternion"),
    ("head_qz", "OrientationZ", "quaternion"),
    ("head_qw", "OrientationW", "quaternion"),
    ("head_tracked", "Tracked", "boolean"),
    ("left_x", "PositionX", "meters"),
    ("left_y", "PositionY", "meters"),
    ("left_z", "PositionZ", "meters"),
    ("left_qx", "OrientationX", "quaternion"),
    ("left_qy", "OrientationY", "quaternion"),
    ("left_qz", "OrientationZ", "quaternion"),
    ("left_qw", "OrientationW", "quaternion"),
    ("left_tracked", "Tracked", "boolean"),
    ("left_grip", "Grip", "boolean"),
    ("right_x", "PositionX", "meters"),
    ("right_y", "PositionY", "meters"),
    ("right_z", "PositionZ", "meters"),
    ("right_qx", "OrientationX", "quaternion"),
    ("right_qy", "OrientationY", "quaternion"),
    ("right_qz", "OrientationZ", "quaternion"),
    ("right_qw", "OrientationW", "quaternion"),
    ("right_tracked", "Tracked", "boolean"),
    ("right_grip", "Grip", "boolean"),
];

/// Why the streams could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the Lab Streaming Layer stream `{stream}`: {reason}")]
pub struct LslError {
    pub stream: &'static str,
    pub reason: String,
}

/// The two LSL outlets, as a resource: insert it before a session begins (with
/// [`plugin`]) and the session streams. Clones share the outlets, so the streams stay
/// up from one session to the next.
#[derive(Resource, Clone)]
pub struct LabStreams {
    outlets: Arc<Outlets>,
    /// The LSL time (s) of the session's time 0, once the session has begun.
    zero_s: Option<f64>,
}

struct Outlets {
    markers: Outlet,
    pose: Outlet,
}

impl std::fmt::Debug for LabStreams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabStreams")
            .field("zero_s", &self.zero_s)
            .finish_non_exhaustive()
    }
}

impl LabStreams {
    /// Opens both streams on the network (they are visible when this returns); the pose
    /// stream's nominal rate is `display_hz`.
    pub fn open(display_hz: f64) -> Result<Self, LslError> {
        let fail = |stream: &'static str| {
            move |e: labstream::Error| LslError {
                stream,
                reason: e.to_string(),
            }
        };
        let markers = StreamInfo::builder(MARKER_STREAM.name, MARKER_STREAM.kind, Format::String)
            .irregular()
            .source_id(MARKER_STREAM.source_id)
            .channels([Channel::new("event").kind("Marker")])
            .build()
            .and_then(Outlet::new)
            .map_err(fail(MARKER_STREAM.name))?;
        let pose = StreamInfo::builder(POSE_STREAM.name, POSE_STREAM.kind, Format::Float32)
            .rate(display_hz)
            .source_id(POSE_STREAM.source_id)
            .channels(
                POSE_CHANNELS
                    .iter()
                    .map(|(label, kind, unit)| Channel::new(label).kind(kind).unit(unit)),
            )
            .build()
            .and_then(Outlet::new)
            .map_err(fail(POSE_STREAM.name))?;
        Ok(Self {
            outlets: Arc::new(Outlets { markers, pose }),
            zero_s: None,
        })
    }

    /// Waits until both streams have a reader (LabRecorder recording, or any inlet), or
    /// `timeout` passes; says whether they have. LSL hands a reader only the samples
    /// pushed after it connected.
    pub fn wait_for_readers(&self, timeout: Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        self.outlets.markers.wait_for_consumers(timeout)
            && self
                .outlets
                .pose
                .wait_for_consumers(until.saturating_duration_since(std::time::Instant::now()))
    }

    /// What a lab's LabRecorder will see, in one line.
    pub fn describe(&self) -> String {
        format!(
            "LSL: streaming `{}` (type {}, source id {}) and `{}` (type {}, {} channels at {} Hz, source id {}); see docs/lab.md",
            MARKER_STREAM.name,
            MARKER_STREAM.kind,
            MARKER_STREAM.source_id,
            POSE_STREAM.name,
            POSE_STREAM.kind,
            POSE_CHANNELS.len(),
            self.outlets.pose.info().rate(),
            POSE_STREAM.source_id
        )
    }

    /// After the last session: gives the streams' readers a second to take the last
    /// samples before the outlets close (LSL sends from a queue).
    pub fn linger(&self) {
        if self.outlets.markers.has_consumers() || self.outlets.pose.has_consumers() {
            std::thread::sleep(Duration::from_secs(1));
        }
    }

    /// Whether both streams have a reader now.
    pub fn have_readers(&self) -> bool {
        self.outlets.markers.has_consumers() && self.outlets.pose.has_consumers()
    }

    /// The session, played with `input`, began: its time 0 is LSL time `zero_s` (s).
    /// Returns what the recorder calls with each `events.csv` row.
    pub fn begin(&mut self, zero_s: f64, input: InputSource) -> EventTap {
        self.zero_s = Some(zero_s);
        let outlets = self.outlets.clone();
        Box::new(move |row: &EventRow| {
            push_marker(&outlets.markers, zero_s, row.t_s, &event_marker(row, &input));
        })
    }

    fn marker(&self, t_s: f64, text: &str) {
        if let Some(zero) = self.zero_s {
            push_marker(&self.outlets.markers, zero, t_s, text);
        }
    }
}

fn push_marker(outlet: &Outlet, zero_s: f64, t_s: f64, text: &str) {
    // Fails only for a stream of more than one channel, which this one is not.
    let _ = outlet.push_text_at(text, zero_s + t_s);
}

/// The marker of an `events.csv` row of a session played with `input`: `{"event", "t_s",
/// "detail"}` (`t_s`: the row's session time, so the XDF alone can be joined to the
/// session's files). The first row (`session_started`) also says how the session is
/// played (`input_source`, as `summary` says it), the last (`session_ended`) what it
/// counts as (`counts_as`: therapy, ended-early, demo or synthetic, by the one
/// definition, [`SessionUse`]), so that a recording of the stream alone tells therapy
/// from demonstrations and simulations.
pub fn event_marker(row: &EventRow, input: &InputSource) -> String {
    let mut marker = json!({"event": row.event.as_str(), "t_s": row.t_s, "detail": row.detail});
    match row.event {
        EventKind::SessionStarted => marker["input_source"] = input.label().into(),
        EventKind::SessionEnded => {
            // The row's detail is the closing status's label.
            let status = if row.detail == SessionStatus::Complete.label() {
                SessionStatus::Complete
            } else {
                SessionStatus::Incomplete {
                    reason: row.detail.clone(),
                }
            };
            marker["counts_as"] = SessionUse::of(input, &status).id().into();
        }
        _ => {}
    }
    marker.to_string()
}

/// The marker of a display change `events.csv` does not log (stimulus onset, feedback,
/// the drink cleared), with its session time; `None` for the others (they reach the
/// stream as `events.csv` rows).
pub fn trial_marker(change: &DisplayChange) -> Option<(f64, String)> {
    let marker = match change {
        DisplayChange::StimulusShown {
            t,
            trial,
            stimulus_id,
            category,
            cue,
        } => json!({
            "event": "stimulus_onset", "t_s": t, "trial": trial, "drink": stimulus_id,
            "category": category.label(), "cue": cue.map(|c| format!("{c:?}")),
        }),
        DisplayChange::Feedback { t, trial, kind } => json!({
            "event": "feedback", "t_s": t, "trial": trial, "feedback": feedback_label(*kind),
        }),
        DisplayChange::StimulusCleared { t, trial } => {
            json!({"event": "stimulus_cleared", "t_s": t, "trial": trial})
        }
        _ => return None,
    };
    Some((change.t(), marker.to_string()))
}

/// The marker of a finished trial's first completed response, at its completion
/// (stimulus onset + full RT); `None` when the patient did not respond.
pub fn response_marker(record: &TrialRecord) -> Option<(f64, String)> {
    let (given, full_rt_ms) = (record.given?, record.full_rt_ms?);
    let t = record.stimulus_onset_s + full_rt_ms / 1000.0;
    let marker = json!({
        "event": "response", "t_s": t, "trial": record.trial, "given": given.label(),
        "required": record.required.label(), "outcome": record.outcome.label(),
        "rt_ms": record.rt_ms, "movement_onset_s": record.movement_onset_s,
    });
    Some((t, marker.to_string()))
}

/// The two markers of a questionnaire answer: the item shown and the item answered,
/// each at its own session time (both sent when the answer is confirmed).
pub fn answer_markers(answer: &AnswerRecord) -> [(f64, String); 2] {
    let shown = json!({
        "event": "questionnaire_item_shown", "t_s": answer.shown_s,
        "questionnaire": answer.questionnaire, "moment": answer.moment, "item": answer.item,
    });
    let answered = json!({
        "event": "questionnaire_item_answered", "t_s": answer.answered_s,
        "questionnaire": answer.questionnaire, "moment": answer.moment, "item": answer.item,
        "value": answer.value,
    });
    [
        (answer.shown_s, shown.to_string()),
        (answer.answered_s, answered.to_string()),
    ]
}

fn feedback_label(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::PushedAway => "pushed_away",
        FeedbackKind::PulledCloser => "pulled_closer",
        FeedbackKind::WrongDirection {
            correction_required: true,
        } => "wrong_direction_correct_it",
        FeedbackKind::WrongDirection {
            correction_required: false,
        } => "wrong_direction",
        FeedbackKind::TimedOut => "timed_out",
    }
}

/// One pose sample as the pose stream's channels ([`POSE_CHANNELS`]).
pub fn pose_values(s: &PoseSample) -> [f32; POSE_CHANNELS.len()] {
    let flag = |b: bool| f32::from(u8::from(b));
    let pose = |p: &Pose| {
        let (x, q) = (p.position, p.orientation);
        [x.x, x.y, x.z, q.x, q.y, q.z, q.w]
    };
    let hand = |h: &HandSample| {
        let [a, b, c, d, e, f, g] = pose(&h.pose);
        [a, b, c, d, e, f, g, flag(h.tracked), flag(h.grip)]
    };
    let [a, b, c, d, e, f, g] = pose(&s.head);
    let [l0, l1, l2, l3, l4, l5, l6, l7, l8] = hand(&s.left);
    let [r0, r1, r2, r3, r4, r5, r6, r7, r8] = hand(&s.right);
    [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        flag(s.head_tracked),
        l0,
        l1,
        l2,
        l3,
        l4,
        l5,
        l6,
        l7,
        l8,
        r0,
        r1,
        r2,
        r3,
        r4,
        r5,
        r6,
        r7,
        r8,
    ]
}

/// Streams the session while a [`LabStreams`] resource is present: this update's pose
/// samples, and the trial and questionnaire markers (after the recorder, whose tap sends
/// the `events.csv` rows).
pub fn plugin(app: &mut App) {
    app.add_systems(
        CoreUpdate,
        stream
            .in_set(CoreSystems::Record)
            .after(MetricsSystems::Record)
            .run_if(resource_exists::<LabStreams>),
    );
}

fn stream(
    streams: Res<LabStreams>,
    poses: Res<PoseStream>,
    mut display: MessageReader<DisplayChanged>,
    mut trials: MessageReader<TrialCompleted>,
    mut answers: MessageReader<AnswerGiven>,
) {
    let Some(zero) = streams.zero_s else { return };
    for s in poses.taken() {
        // Fails only on a wrong channel count, which pose_values cannot make.
        let _ = streams.outlets.pose.push_at(&pose_values(s), zero + s.t);
    }
    let mut markers: Vec<(f64, String)> = display.read().filter_map(|c| trial_marker(c)).collect();
    markers.extend(trials.read().filter_map(|t| response_marker(t)));
    markers.extend(answers.read().flat_map(|a| answer_markers(&a.0)));
    markers.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (t, text) in markers {
        streams.marker(t, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pose_values_follow_the_channel_order() {
        let hand = |tracked, grip| HandSample {
            pose: Pose::IDENTITY,
            tracked,
            grip,
        };
        let s = PoseSample {
            t: 1.0,
            frame_t: 1.0,
            head: Pose {
                position: Vec3::new(0.1, 1.2, 0.3),
                orientation: Quat::IDENTITY,
            },
            head_tracked: true,
            left: hand(true, false),
            right: hand(true, true),
        };
        let v = pose_values(&s);
        let at = |label: &str| v[POSE_CHANNELS.iter().position(|c| c.0 == label).unwrap()];
        assert_eq!((at("head_x"), at("head_y"), at("head_z")), (0.1, 1.2, 0.3));
        assert_eq!((at("right_qw"), at("right_grip"), at("right_tracked")), (1.0, 1.0, 1.0));
        assert_eq!(at("left_grip"), 0.0);
    }

    #[test]
    fn an_event_marker_is_the_row_as_json() {
        let row = EventRow {
            t_s: 1.25,
            event: EventKind::BlockStarted,
            detail: "block 1 `a \"b\"`".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&event_marker(&row, &InputSource::Xr)).unwrap();
        assert_eq!(v["event"], "block_started");
        assert_eq!(v["t_s"], 1.25);
        assert_eq!(v["detail"], "block 1 `a \"b\"`");
        assert!(v.get("counts_as").is_none() && v.get("input_source").is_none());
    }

    #[test]
    fn the_first_marker_says_the_input_and_the_last_what_the_session_counts_as() {
        let row = |event, detail: &str| EventRow {
            t_s: 2.0,
            event,
            detail: detail.into(),
        };
        let marker = |row: &EventRow, input: &InputSource| -> serde_json::Value {
            serde_json::from_str(&event_marker(row, input)).unwrap()
        };
        let started = row(EventKind::SessionStarted, "session 1 of protocol p");
        assert_eq!(marker(&started, &InputSource::Xr)["input_source"], "xr");
        assert_eq!(marker(&started, &InputSource::Flat)["input_source"], "flat");
        let complete = row(EventKind::SessionEnded, SessionStatus::Complete.label());
        let early = row(EventKind::SessionEnded, "incomplete");
        let synthetic = InputSource::Synthetic { patient: "p".into() };
        for (row, input, counts_as) in [
            (&complete, &InputSource::Xr, "therapy"),
            (&early, &InputSource::Xr, "ended-early"),
            (&complete, &InputSource::Flat, "demo"),
            (&complete, &synthetic, "synthetic"),
        ] {
            assert_eq!(marker(row, input)["counts_as"], counts_as, "{input:?} {}", row.detail);
        }
    }
}
