//! The files of a recorded session and their formats (see docs/data-dictionary.md).
//!
//! ```text
//! DATA_DIR/.PARTICIPANT.lock  held by the one process writing for PARTICIPANT
//! DATA_DIR/PARTICIPANT/S01/
//!   session.ron        metadata and status (InProgress -> Complete or Incomplete)
//!   trials.csv         one row per trial, appended and synced as each trial ends
//!   tracking.csv       head and both hands at the display rate, appended
//!   events.csv         blocks, pauses, tracking loss, recorder problems
//!   summary.ron        counts when the session was closed
//!   frames.csv         every displayed frame: display time, interval, late
//!   core_cost.ron      the core's cost per frame (machine-dependent)
//! ```
//!
//! A session is written in `.S01.starting/` until its first trial is synced, then
//! renamed to `S01/`: a session that ends or crashes before its first trial leaves no
//! session behind (the next writer for the participant removes the leftover).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::data::Handedness;
use crate::input::PoseSample;
use crate::trial::{Outcome, TrialRecord};

pub const SESSION_FILE: &str = "session.ron";
pub const TRIALS_FILE: &str = "trials.csv";
pub const TRACKING_FILE: &str = "tracking.csv";
pub const EVENTS_FILE: &str = "events.csv";
pub const SUMMARY_FILE: &str = "summary.ron";
pub const CORE_COST_FILE: &str = "core_cost.ron";
pub const FRAMES_FILE: &str = "frames.csv";
pub const ANSWERS_FILE: &str = "answers.csv";

/// Version of the session folder format written into `session.ron`. Version 2 added
/// `frames.csv`, `core_cost.ron` (was `frame_budget.ron`), the `timing` record, and
/// flags `budget_overrun` from the display's frame times. Version 3 added the `scoring`
/// settings to `session.ron`. Version 4 added the patient's `language`. Readers read
/// versions 1 to 4.
pub const FORMAT_VERSION: u32 = 5;

/// The oldest format version readers still read.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// The folder of session `session` of `participant` under `data_dir`.
pub fn session_dir(data_dir: &Path, participant: &str, session: u32) -> PathBuf {
    data_dir.join(participant).join(session_folder_name(session))
}

/// `S01`, `S02`, ... `S100`.
pub fn session_folder_name(session: u32) -> String {
    format!("S{session:02}")
}

/// The session number of a folder named `S01`, `S2`, ... (`None` for other names).
pub fn parse_session_folder(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('S')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// Where a session is written until its first trial is synced: `.S01.starting` beside
/// its final folder.
pub fn staging_dir(final_dir: &Path) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    final_dir.with_file_name(format!(".{name}.starting"))
}

/// The session number of a staging folder's name (`.S01.starting`).
pub fn parse_staging_folder(name: &str) -> Option<u32> {
    parse_session_folder(name.strip_prefix('.')?.strip_suffix(".starting")?)
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

/// `summary.ron`: counts at the close of a session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionCounts {
    pub trials_recorded: u32,
    pub trials_planned: u32,
    pub correct: u32,
    pub wrong_direction: u32,
    pub no_response: u32,
    pub tracking_lost_trials: u32,
    /// Trials during which a frame came late (`budget_overrun` in trials.csv).
    pub budget_overrun_trials: u32,
    pub tracking_samples_written: u64,
    /// Pose samples not written because the disk could not keep up.
    pub tracking_samples_dropped: u64,
    /// Questionnaire answers in `answers.csv`.
    #[serde(default)]
    pub answers_recorded: u32,
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

/// `core_cost.ron`: the core's own cost per frame (machine-dependent; not a frame rate).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CoreCostRecord {
    /// One display period (µs), what the cost is compared with.
    pub period_us: f64,
    pub frames: u64,
    /// Frames whose core cost alone was more than a display period.
    pub over_period: u64,
    pub mean_us: f64,
    pub median_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
}

impl CoreCostRecord {
    /// The statistics a stopwatch has gathered.
    pub fn from_cost(c: &crate::timing::CoreCost) -> Self {
        let s = &c.stats;
        Self {
            period_us: c.period_s * 1e6,
            frames: s.frames(),
            over_period: s.over_period(),
            mean_us: s.mean_us(),
            median_us: s.quantile_us(0.5),
            p99_us: s.quantile_us(0.99),
            max_us: s.max_us(),
        }
    }
}

/// The header of `frames.csv`.
pub const FRAMES_HEADER: &str = "t_s,pose_t_s,interval_ms,late\n";

/// Appends one frame as a `frames.csv` line: its display time (s), the time its poses
/// are for (s), the interval since the frame before (ms, empty for the first) and
/// whether it came late.
pub fn write_frame_line(out: &mut String, s: &PoseSample, interval_s: Option<f64>, late: bool) {
    use std::fmt::Write as _;
    let interval = interval_s.map_or_else(String::new, |i| (i * 1e3).to_string());
    let _ = writeln!(out, "{},{},{interval},{}", s.frame_t, s.t, u8::from(late));
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

/// Reads one `tracking.csv` line back into the sample that was written (every number is
/// written in its shortest exact form, so the sample is the same to the last bit). Its
/// `frame_t` is `t`; a headset session's frame times are in `frames.csv`. An error gives
/// the 0-based field and what is wrong, as [`check_tracking_line`].
pub fn parse_tracking_line(line: &str, previous_t: Option<f64>) -> Result<PoseSample, (usize, String)> {
    use crate::input::{HandSample, Pose};
    use bevy::math::{Quat, Vec3};
    let t = check_tracking_line(line, previous_t)?;
    let f: Vec<&str> = line.split(',').collect();
    // check_tracking_line has parsed every field already.
    let num = |i: usize| f[i].parse::<f32>().unwrap_or(0.0);
    let pose = |at: usize| Pose {
        position: Vec3::new(num(at), num(at + 1), num(at + 2)),
        orientation: Quat::from_xyzw(num(at + 3), num(at + 4), num(at + 5), num(at + 6)),
    };
    let flag = |i: usize| f[i] == "1";
    Ok(PoseSample {
        t,
        frame_t: t,
        head: pose(1),
        head_tracked: flag(8),
        left: HandSample {
            pose: pose(9),
            tracked: flag(16),
            grip: flag(17),
        },
        right: HandSample {
            pose: pose(18),
            tracked: flag(25),
            grip: flag(26),
        },
    })
}

/// The header of `events.csv`.
pub const EVENTS_HEADER: &str = "t_s,event,detail\n";

/// The header of `answers.csv`.
pub const ANSWERS_HEADER: &str = "participant,session,questionnaire,moment,item,value,shown_s,answered_s,language\n";

/// One answer to one questionnaire item, as `answers.csv` holds it
/// (docs/data-dictionary.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub participant: String,
    pub session: u32,
    /// The questionnaire's id (its file's `id`).
    pub questionnaire: String,
    /// When it was asked: `before_session`, `between_blocks` (with the block it came
    /// before, `between_blocks:2`) or `after_session`.
    pub moment: String,
    pub item: String,
    /// The answer on the item's scale (0-100 for a visual analogue scale).
    pub value: f64,
    /// Display time (s since the session started) the item was first shown.
    pub shown_s: f64,
    /// Display time (s) the answer was confirmed.
    pub answered_s: f64,
    /// The language the item was read in (`en`, `de`, `pl`, `da`).
    pub language: String,
}

/// One `answers.csv` row (with its line end).
pub fn answer_row(record: &AnswerRecord) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.serialize(record)?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The `participant` column in front of a trial record's columns in `trials.csv`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipantColumn {
    pub participant: String,
}

/// One `trials.csv` row (with its line end) for `record` of `participant`.
pub fn trial_row(participant: &str, record: &TrialRecord) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.serialize((
        ParticipantColumn {
            participant: participant.to_owned(),
        },
        record,
    ))?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The header line of `trials.csv`.
pub fn trials_header() -> String {
    format!("{}\n", super::TRIAL_COLUMNS.join(","))
}

/// Fields in a `tracking.csv` row.
pub const TRACKING_FIELDS: usize = 27;

/// Checks one `tracking.csv` row (without its line end): 27 fields, finite numbers,
/// 0/1 flags, and a display time after `previous_t`. Returns its time, or the
/// 0-based field index and what is wrong.
pub fn check_tracking_line(line: &str, previous_t: Option<f64>) -> Result<f64, (usize, String)> {
    const FLAGS: [usize; 5] = [8, 16, 17, 25, 26];
    let fields: Vec<&str> = line.split(',').collect();
    if fields.len() != TRACKING_FIELDS {
        return Err((0, format!("{} fields, expected {TRACKING_FIELDS}", fields.len())));
    }
    let mut t = 0.0;
    for (i, f) in fields.iter().enumerate() {
        if FLAGS.contains(&i) {
            if *f != "0" && *f != "1" {
                return Err((i, format!("`{f}` is not 0 or 1")));
            }
            continue;
        }
        match f.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                if i == 0 {
                    t = v;
                }
            }
            _ => return Err((i, format!("`{f}` is not a finite number"))),
        }
    }
    if let Some(p) = previous_t
        && t <= p
    {
        return Err((0, format!("time {t} s does not follow {p} s: rows are in time order")));
    }
    Ok(t)
}
