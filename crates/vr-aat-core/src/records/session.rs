//! `session.ron`: what a recorded session is (who, which protocol, how its times and
//! geometry were taken) and whether it ran to its end. Written by the recorder, read back
//! by `vr_aat_store`; the file's own rules (format versions, checks) live there.

use serde::{Deserialize, Serialize};

use crate::data::Handedness;

/// Where a session's movements came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InputSource {
    /// A synthetic patient with this profile id.
    Synthetic { patient: String },
    /// Desktop mouse and keys.
    Flat,
    /// OpenXR controllers.
    Xr,
}

impl InputSource {
    pub fn label(&self) -> String {
        match self {
            InputSource::Synthetic { patient } => format!("synthetic ({patient})"),
            InputSource::Flat => "flat".into(),
            InputSource::Xr => "xr".into(),
        }
    }
}

/// Whether a session ran to its end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SessionStatus {
    /// Being recorded (or the program stopped before closing it).
    InProgress,
    Complete,
    /// Ended early; the trials recorded are kept.
    Incomplete {
        reason: String,
    },
}

impl SessionStatus {
    /// Why it is incomplete, if it is.
    pub fn reason(&self) -> Option<&str> {
        match self {
            SessionStatus::Incomplete { reason } => Some(reason),
            _ => None,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            SessionStatus::InProgress => "in progress",
            SessionStatus::Complete => "complete",
            SessionStatus::Incomplete { .. } => "incomplete",
        }
    }
}

/// The patient-specific geometry a session used.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationRecord {
    /// Shoulder to grip, arm extended (m).
    pub arm_reach_m: f64,
    /// Home position of the dominant hand (stage frame, m).
    pub hand_home_m: (f32, f32, f32),
    /// Unit vector away from the patient (stage frame).
    pub forward: (f32, f32, f32),
    /// Where these numbers came from (files written before this field read as `Given`).
    #[serde(default)]
    pub method: CalibrationMethod,
    /// Eye height (m above the floor) the bar was laid out for.
    #[serde(default)]
    pub eye_height_m: Option<f64>,
}

impl CalibrationRecord {
    pub fn new(cal: &crate::trial::Calibration, method: CalibrationMethod, eye_height_m: f64) -> Self {
        Self {
            arm_reach_m: cal.arm_reach_m,
            hand_home_m: cal.hand_home.into(),
            forward: cal.forward.into(),
            method,
            eye_height_m: Some(eye_height_m),
        }
    }
}

/// How a session's calibration was obtained.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalibrationMethod {
    /// Given: a synthetic patient's profile, or `play --arm-reach` in flat mode.
    #[default]
    Given,
    /// Measured by the headset's reach calibration (rest, then arm extended).
    ReachCalibration,
}

/// `session.ron`: who, what, when, how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionMeta {
    pub format_version: u32,
    /// Pseudonymous participant id.
    pub participant: String,
    pub session: u32,
    pub status: SessionStatus,
    pub protocol_id: String,
    /// The protocol file as given when the session started.
    pub protocol_file: String,
    /// SHA-256 of the protocol file's bytes, hex.
    pub protocol_sha256: String,
    pub app_version: String,
    /// RFC 3339, UTC.
    pub started_utc: String,
    pub ended_utc: Option<String>,
    pub display_hz: f64,
    pub handedness: Handedness,
    pub calibration: CalibrationRecord,
    pub input_source: InputSource,
    pub seed: u64,
    pub trials_planned: u32,
    /// Whether tracking.csv holds the continuous pose stream.
    pub tracking: bool,
    /// How the session's times were taken (format version 2 on).
    #[serde(default)]
    pub timing: Option<TimingRecord>,
    /// The scoring settings of the session's protocol when it began; readers score the
    /// session with them (absent before format 3: readers use the defaults).
    #[serde(default)]
    pub scoring: Option<crate::scoring::ScoringConfig>,
    /// The language the patient read (format 4; English before).
    #[serde(default)]
    pub language: crate::locale::Language,
    /// The participant's personal set from their intake (drink ids trained; every other
    /// drink untrained), when they have one (format 5; src/intake.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_set: Option<Vec<String>>,
    /// How the patient had to move the drinks: the protocol's grasp condition (format 6;
    /// not recorded before, when only the protocol file said it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_mode: Option<crate::data::ResponseMode>,
}

impl SessionMeta {
    /// The settings this session is scored with.
    pub fn scoring(&self) -> crate::scoring::ScoringConfig {
        self.scoring.unwrap_or_default()
    }
}

/// What a session's times are, so they can be re-derived (docs/design.md, "Timing").
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimingRecord {
    pub clock: Clock,
    /// The display's nominal frame period (s) when the session began; late frames are
    /// judged against it.
    pub display_period_s: f64,
    /// How much later than its frame's display time a sample's poses are for (s), when
    /// the session began: one display period on a headset with pipelined rendering,
    /// else 0. A runtime can change its period during a session; frames.csv has every
    /// frame's display time and pose time.
    pub pose_lead_s: f64,
    /// The runtime's clock (ns) at the first frame's display time (in the calibration,
    /// before recording began), the zero of the session's times (headset only).
    pub runtime_zero_ns: Option<i64>,
    /// The Lab Streaming Layer clock (s) at the session's time 0 (format 7; sessions
    /// that ran in real time: flat mode, a headset, a simulation paced in real time).
    /// Something at session time `t` happened at LSL time `t + lsl_zero_s`: the time
    /// stamp it has in a LabRecorder XDF file. The LSL clock is liblsl's
    /// `local_clock()`: the machine's monotonic clock (`CLOCK_MONOTONIC` on Linux), so
    /// the value is recorded whether or not LSL streamed (docs/lab.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lsl_zero_s: Option<f64>,
}

/// Where a session's times come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clock {
    /// A synthetic patient's frames: exactly one period apart, no display.
    Simulated,
    /// Flat mode: the time each frame started (real time); the frame reaches the screen
    /// one to three frames later.
    FrameStart,
    /// A headset: the runtime's predicted display time of each frame.
    PredictedDisplay,
}
