//! The files of a recorded session and their formats (see docs/data-dictionary.md).
//!
//! ```text
//! DATA_DIR/PARTICIPANT/S01/
//!   session.ron        metadata and status (InProgress -> Complete or Incomplete)
//!   trials.csv         one row per trial, appended and synced as each trial ends
//!   tracking.csv       head and both hands at the display rate, appended
//!   events.csv         blocks, pauses, tracking loss, recorder problems
//!   summary.ron        counts when the session was closed
//!   frame_budget.ron   per-frame cost statistics (machine-dependent)
//!   session.lock       held by the recording process while the session is open
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::data::{BlockKind, Category, Cue, Handedness};
use crate::input::PoseSample;
use crate::trial::{Direction, Outcome, TrialRecord};

pub const SESSION_FILE: &str = "session.ron";
pub const TRIALS_FILE: &str = "trials.csv";
pub const TRACKING_FILE: &str = "tracking.csv";
pub const EVENTS_FILE: &str = "events.csv";
pub const SUMMARY_FILE: &str = "summary.ron";
pub const FRAME_BUDGET_FILE: &str = "frame_budget.ron";
pub const LOCK_FILE: &str = "session.lock";

/// Version of the session folder format written into `session.ron`.
pub const FORMAT_VERSION: u32 = 1;

/// The folder of session `session` of `participant` under `data_dir`.
pub fn session_dir(data_dir: &Path, participant: &str, session: u32) -> PathBuf {
    data_dir.join(participant).join(format!("S{session:02}"))
}

/// Where a session's movements came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InputSource {
    /// A synthetic patient with this profile id.
    Synthetic { patient: String },
    /// Desktop mouse and keys.
    Flat,
    /// OpenXR controllers.
    Xr,
    /// A replay of a recorded session.
    Replay { from: String },
}

impl InputSource {
    pub fn label(&self) -> String {
        match self {
            InputSource::Synthetic { patient } => format!("synthetic ({patient})"),
            InputSource::Flat => "flat".into(),
            InputSource::Xr => "xr".into(),
            InputSource::Replay { from } => format!("replay ({from})"),
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
}

/// `summary.ron`: counts at the close of a session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionCounts {
    pub trials_recorded: u32,
    pub trials_planned: u32,
    pub correct: u32,
    pub wrong_direction: u32,
    pub no_response: u32,
    pub tracking_lost_trials: u32,
    pub budget_overrun_trials: u32,
    pub tracking_samples_written: u64,
    /// Pose samples not written because the disk could not keep up.
    pub tracking_samples_dropped: u64,
}

impl SessionCounts {
    /// Counts one more recorded trial.
    pub fn add(&mut self, r: &TrialRecord) {
        self.trials_recorded += 1;
        match r.outcome {
            Outcome::Correct => self.correct += 1,
            Outcome::WrongDirection => self.wrong_direction += 1,
            Outcome::NoResponse => self.no_response += 1,
        }
        self.tracking_lost_trials += u32::from(r.tracking_lost);
        self.budget_overrun_trials += u32::from(r.budget_overrun);
    }
}

/// `frame_budget.ron`: measured per-frame cost of the core (machine-dependent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameBudgetRecord {
    pub budget_us: f64,
    pub frames: u64,
    pub overruns: u64,
    pub mean_us: f64,
    pub median_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    /// Whether overruns flagged trials (live play) or were only measured (headless).
    pub flagged_trials: bool,
}

impl FrameBudgetRecord {
    /// The statistics a frame budget has gathered.
    pub fn from_budget(b: &crate::timing::FrameBudget) -> Self {
        let s = &b.stats;
        Self {
            budget_us: b.budget_s * 1e6,
            frames: s.frames(),
            overruns: s.overruns(),
            mean_us: s.mean_us(),
            median_us: s.quantile_us(0.5),
            p99_us: s.quantile_us(0.99),
            max_us: s.max_us(),
            flagged_trials: b.policy == crate::timing::OverrunPolicy::Flag,
        }
    }
}

/// One row of `trials.csv`, in column order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialRow {
    pub participant: String,
    pub session: u32,
    pub block: u32,
    pub block_name: String,
    pub block_kind: String,
    pub trial: u32,
    pub trial_in_block: u32,
    pub stimulus_id: String,
    pub category: String,
    pub is_target: u8,
    pub cue: String,
    pub required: String,
    pub is_pull: u8,
    pub given: String,
    pub outcome: String,
    pub error: u8,
    pub corrected: u8,
    pub stimulus_onset_s: f64,
    pub movement_onset_s: Option<f64>,
    pub rt_ms: Option<f64>,
    pub movement_time_ms: Option<f64>,
    pub full_rt_ms: Option<f64>,
    pub correction_ms: Option<f64>,
    pub peak_speed_m_s: f64,
    pub distance_m: f64,
    pub tracking_lost: u8,
    pub budget_overrun: u8,
}

fn cue_label(c: Option<Cue>) -> String {
    match c {
        None => String::new(),
        Some(Cue::BlueCoaster) => "blue_coaster".into(),
        Some(Cue::OrangeCoaster) => "orange_coaster".into(),
    }
}

impl TrialRow {
    pub fn from_record(participant: &str, r: &TrialRecord) -> Self {
        Self {
            participant: participant.to_owned(),
            session: r.session,
            block: r.block,
            block_name: r.block_name.clone(),
            block_kind: r.block_kind.label().to_owned(),
            trial: r.trial,
            trial_in_block: r.trial_in_block,
            stimulus_id: r.stimulus_id.clone(),
            category: r.category.label().to_owned(),
            is_target: u8::from(r.category.is_target()),
            cue: cue_label(r.cue),
            required: r.required.label().to_owned(),
            is_pull: u8::from(r.required.is_pull()),
            given: r.given.map_or_else(String::new, |d| d.label().to_owned()),
            outcome: r.outcome.label().to_owned(),
            error: u8::from(r.error),
            corrected: u8::from(r.corrected),
            stimulus_onset_s: r.stimulus_onset_s,
            movement_onset_s: r.movement_onset_s,
            rt_ms: r.rt_ms,
            movement_time_ms: r.movement_time_ms,
            full_rt_ms: r.full_rt_ms,
            correction_ms: r.correction_ms,
            peak_speed_m_s: r.peak_speed_m_s,
            distance_m: r.distance_m,
            tracking_lost: u8::from(r.tracking_lost),
            budget_overrun: u8::from(r.budget_overrun),
        }
    }

    /// Back to a trial record; `Err` names the column whose value is not one of the
    /// documented ones.
    pub fn to_record(&self) -> Result<TrialRecord, String> {
        let dir = |v: &str, col: &str| match v {
            "push" => Ok(Direction::Push),
            "pull" => Ok(Direction::Pull),
            other => Err(format!("column `{col}`: `{other}` is not push or pull")),
        };
        let flag = |v: u8, col: &str| match v {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(format!("column `{col}`: `{other}` is not 0 or 1")),
        };
        Ok(TrialRecord {
            session: self.session,
            block: self.block,
            block_name: self.block_name.clone(),
            block_kind: match self.block_kind.as_str() {
                "practice" => BlockKind::Practice,
                "assessment" => BlockKind::Assessment,
                "training" => BlockKind::Training,
                "sham" => BlockKind::Sham,
                other => {
                    return Err(format!(
                        "column `block_kind`: `{other}` is not practice, assessment, training or sham"
                    ));
                }
            },
            trial: self.trial,
            trial_in_block: self.trial_in_block,
            stimulus_id: self.stimulus_id.clone(),
            category: match self.category.as_str() {
                "alcohol" => Category::Alcohol,
                "soft" => Category::Soft,
                other => return Err(format!("column `category`: `{other}` is not alcohol or soft")),
            },
            cue: match self.cue.as_str() {
                "" => None,
                "blue_coaster" => Some(Cue::BlueCoaster),
                "orange_coaster" => Some(Cue::OrangeCoaster),
                other => {
                    return Err(format!(
                        "column `cue`: `{other}` is not blue_coaster, orange_coaster or empty"
                    ));
                }
            },
            required: dir(&self.required, "required")?,
            given: if self.given.is_empty() {
                None
            } else {
                Some(dir(&self.given, "given")?)
            },
            outcome: match self.outcome.as_str() {
                "correct" => Outcome::Correct,
                "wrong_direction" => Outcome::WrongDirection,
                "no_response" => Outcome::NoResponse,
                other => {
                    return Err(format!(
                        "column `outcome`: `{other}` is not correct, wrong_direction or no_response"
                    ));
                }
            },
            error: flag(self.error, "error")?,
            corrected: flag(self.corrected, "corrected")?,
            stimulus_onset_s: self.stimulus_onset_s,
            movement_onset_s: self.movement_onset_s,
            rt_ms: self.rt_ms,
            movement_time_ms: self.movement_time_ms,
            full_rt_ms: self.full_rt_ms,
            correction_ms: self.correction_ms,
            peak_speed_m_s: self.peak_speed_m_s,
            distance_m: self.distance_m,
            tracking_lost: flag(self.tracking_lost, "tracking_lost")?,
            budget_overrun: flag(self.budget_overrun, "budget_overrun")?,
        })
    }
}

/// The header of `tracking.csv`.
pub const TRACKING_HEADER: &str = "t_s,head_x,head_y,head_z,head_qx,head_qy,head_qz,head_qw,head_tracked,\
left_x,left_y,left_z,left_qx,left_qy,left_qz,left_qw,left_tracked,left_grip,\
right_x,right_y,right_z,right_qx,right_qy,right_qz,right_qw,right_tracked,right_grip\n";

/// Appends one sample as a `tracking.csv` line.
pub fn write_tracking_line(out: &mut String, s: &PoseSample) {
    use std::fmt::Write as _;
    let b = |v: bool| if v { 1 } else { 0 };
    let pose = |out: &mut String, p: &crate::input::Pose| {
        let (q, v) = (p.orientation, p.position);
        let _ = write!(out, ",{},{},{},{},{},{},{}", v.x, v.y, v.z, q.x, q.y, q.z, q.w);
    };
    let _ = write!(out, "{}", s.t);
    pose(out, &s.head);
    let _ = write!(out, ",{}", b(s.head_tracked));
    pose(out, &s.left.pose);
    let _ = write!(out, ",{},{}", b(s.left.tracked), b(s.left.grip));
    pose(out, &s.right.pose);
    let _ = writeln!(out, ",{},{}", b(s.right.tracked), b(s.right.grip));
}

/// The header of `events.csv`.
pub const EVENTS_HEADER: &str = "t_s,event,detail\n";
