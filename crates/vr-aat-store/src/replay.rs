//! Replay: a recorded session's pose stream run back through the trial engine.
//!
//! With the settings it was recorded with, replay must give the session's `trials.csv`
//! byte for byte: the proof that the recording holds everything the trials were derived
//! from (every pose sample, the frames' display times, the pauses, the protocol, the
//! seed and the calibration). With other movement thresholds (onset distance, rest
//! speed and window, home radius, push and pull fractions) it derives the trials again,
//! so old sessions can be re-analysed under a new criterion: each drink then appears at
//! its recorded onset (what the patient saw, when), and the new thresholds decide the
//! resting position, the movement onset and the response.
//!
//! The engine is driven exactly as in a live session: every sample in recorded order,
//! each pause and resume applied at the display time of the last sample the engine had
//! processed (as `session::apply_requests` does), the frame's display time from
//! `frames.csv` (headsets render a period ahead of the poses).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use vr_aat_core::data::intake::personalise;
use vr_aat_core::data::{Thresholds, load_protocol, read_text, sha256_hex};
use vr_aat_core::records::{EventKind, SessionMeta, SessionStatus};
use vr_aat_core::trial::{Calibration, Engine, EngineConfig, TrialRecord, plan_session};

use crate::error::StoreError;
use crate::files::events::read_events;
use crate::files::frames::read_frames;
use crate::files::summary::read_counts;
use crate::files::tracking::TrackingReader;
use crate::files::trials::{trial_row, trials_header};
use crate::layout::{EVENTS_FILE, FRAMES_FILE, TRACKING_FILE, TRIALS_FILE};
use crate::output::{OutputError, write_file};
use crate::scan::{StoredSession, StoredStatus, read_session};

/// Movement thresholds to replay with instead of the protocol's (metres, m/s, fractions
/// of the arm's reach). `None` keeps the recorded protocol's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThresholdOverrides {
    pub onset_distance_m: Option<f64>,
    pub rest_speed_m_s: Option<f64>,
    pub rest_window_s: Option<f64>,
    pub home_radius_m: Option<f64>,
    pub push_fraction: Option<f64>,
    pub pull_fraction: Option<f64>,
}

impl ThresholdOverrides {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    fn apply(&self, t: &mut Thresholds) {
        if let Some(v) = self.onset_distance_m {
            t.onset_distance_m = v;
        }
        if let Some(v) = self.rest_speed_m_s {
            t.rest_speed_m_s = v;
        }
        if let Some(v) = self.rest_window_s {
            t.rest_window_s = v;
        }
        if let Some(v) = self.home_radius_m {
            t.home_radius_m = v;
        }
        if let Some(v) = self.push_fraction {
            t.push_fraction = v;
        }
        if let Some(v) = self.pull_fraction {
            t.pull_fraction = v;
        }
    }
}

/// Why a session cannot be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// A file of the session is damaged (named with its line and column).
    #[error(transparent)]
    Read(#[from] StoreError),
    /// The session lacks what a replay needs (tracking, frames, events).
    #[error("{0}")]
    Missing(String),
    /// The session's protocol is gone or changed.
    #[error("{0}")]
    Protocol(String),
}

/// A replayed session.
#[derive(Debug)]
pub struct Replayed {
    pub session: StoredSession,
    /// The trials as the engine derived them.
    pub records: Vec<TrialRecord>,
    /// `trials.csv` as the recorder would write these records.
    pub trials_csv: Vec<u8>,
    /// Pose samples fed to the engine.
    pub samples: usize,
    /// Pauses and resumes applied.
    pub pauses: usize,
    /// With a new criterion: drinks shown later than recorded, because the new criterion
    /// ended the trial before them later (see [`Engine::pin_onsets`]).
    pub onsets_shifted: u32,
}

impl Replayed {
    /// Trials the replay completed beyond the recorded ones: a session that did not run
    /// to its end (killed, ended early) may have recorded poses past its last saved
    /// trial, in which the engine finishes one more.
    pub fn beyond_recorded(&self) -> usize {
        self.records.len().saturating_sub(self.session.records.len())
    }

    /// The first line (1-based) where the replayed `trials.csv` differs from the
    /// recorded one, with both lines; `None` when they are byte-identical. For a session
    /// that did not run to its end, the replay's first trials (as many as were saved)
    /// are compared (see [`Replayed::beyond_recorded`]).
    pub fn first_difference(&self) -> Result<Option<(usize, String, String)>, ReplayError> {
        let path = self.session.dir.join(TRIALS_FILE);
        let recorded = crate::safe_open::read_bounded(&path)
            .map_err(|e| ReplayError::Missing(format!("{}: {e}", path.display())))?;
        let mut replayed = self.trials_csv.clone();
        if self.session.state != StoredStatus::Complete {
            let mut rows = trials_header().into_bytes();
            for r in self.records.iter().take(self.session.records.len()) {
                rows.extend(
                    trial_row(&self.session.meta.participant, r).map_err(|e| ReplayError::Missing(e.to_string()))?,
                );
            }
            replayed = rows;
        }
        if recorded == replayed {
            return Ok(None);
        }
        let a = String::from_utf8_lossy(&recorded);
        let b = String::from_utf8_lossy(&replayed);
        let (mut la, mut lb) = (a.lines(), b.lines());
        let mut n = 0;
        loop {
            n += 1;
            match (la.next(), lb.next()) {
                (None, None) => return Ok(Some((n, "(the files differ in their line ends)".into(), String::new()))),
                (x, y) if x != y => {
                    let show = |l: Option<&str>| l.map_or_else(|| "(no line)".to_owned(), str::to_owned);
                    return Ok(Some((n, show(x), show(y))));
                }
                _ => {}
            }
        }
    }
}

/// `replay.ron`: where derived trials came from, written beside them.
#[derive(Serialize)]
struct ReplayRecord<'a> {
    /// What these trials count as: `replayed`, never therapy data
    /// ([`vr_aat_core::records::SessionUse::Replayed`]).
    counts_as: &'static str,
    source: String,
    participant: &'a str,
    session: u32,
    app_version: &'static str,
    overrides: ThresholdOverrides,
    trials: usize,
    /// Drinks shown later than recorded (the new criterion ended the trial before later).
    onsets_shifted: u32,
}

impl Replayed {
    /// Writes the derived trials into the folder `out` (outside the data folder; see
    /// [`crate::output::check_out_folder`]): `trials.csv`, and `replay.ron` saying
    /// where they came from and under which `overrides`. Returns the path of
    /// `replay.ron`. The recorded session is never changed.
    pub fn write_derived(&self, out: &Path, overrides: &ThresholdOverrides) -> Result<PathBuf, OutputError> {
        write_file(out, "trials.csv", &self.trials_csv)?;
        let meta = &self.session.meta;
        let about = ron::ser::to_string_pretty(
            &ReplayRecord {
                counts_as: vr_aat_core::records::SessionUse::Replayed.id(),
                source: self.session.dir.display().to_string(),
                participant: &meta.participant,
                session: meta.session,
                app_version: env!("CARGO_PKG_VERSION"),
                overrides: *overrides,
                trials: self.records.len(),
                onsets_shifted: self.onsets_shifted,
            },
            ron::ser::PrettyConfig::default(),
        )
        .map_err(|e| OutputError::Write {
            path: out.join("replay.ron"),
            message: e.to_string(),
        })?;
        write_file(out, "replay.ron", format!("{about}\n").as_bytes())
    }
}

/// A pause or resume at a display time.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Control {
    Pause(f64),
    Resume(f64),
}

/// The pauses and resumes of `events.csv`, in order.
fn read_controls(dir: &Path, open: bool) -> Result<Vec<Control>, ReplayError> {
    let Some(events) = read_events(dir, open)? else {
        return Err(ReplayError::Missing(format!(
            "{}: missing: the session's pauses cannot be replayed without it",
            dir.join(EVENTS_FILE).display()
        )));
    };
    Ok(events
        .iter()
        .filter_map(|e| match e.event {
            EventKind::Paused => Some(Control::Pause(e.t_s)),
            EventKind::Resumed => Some(Control::Resume(e.t_s)),
            _ => None,
        })
        .collect())
}

/// The display time of each frame by the time its poses are for (`frames.csv`); empty
/// for a format-1 session and a simulated one, which have no `frames.csv` (frame and
/// pose times are equal).
fn read_frame_times(dir: &Path, meta: &SessionMeta, open: bool) -> Result<HashMap<u64, f64>, ReplayError> {
    let path = dir.join(FRAMES_FILE);
    if !path.exists() {
        if meta.format_version < 2 || !crate::recorder::records_frames(meta) {
            return Ok(HashMap::new());
        }
        return Err(ReplayError::Missing(format!(
            "{}: missing: the frames' display times cannot be replayed without it",
            path.display()
        )));
    }
    let mut out = HashMap::new();
    read_frames(&path, open, |row| {
        out.insert(row.pose_t_s.to_bits(), row.t_s);
    })?;
    Ok(out)
}

/// Replays the session in `dir`, with `overrides` (none: as recorded).
pub fn replay(dir: &Path, overrides: &ThresholdOverrides) -> Result<Replayed, ReplayError> {
    let session = read_session(dir)?;
    let meta = &session.meta;
    if !meta.tracking {
        return Err(ReplayError::Missing(format!(
            "{}: recorded without tracking (`--no-tracking`): there is no pose stream to replay",
            dir.display()
        )));
    }
    if let Some(counts) = read_counts(dir)?
        && counts.tracking_samples_dropped > 0
    {
        return Err(ReplayError::Missing(format!(
            "{}: {} pose samples were not written (the disk was too slow), so the recording is incomplete",
            dir.join(crate::layout::SUMMARY_FILE).display(),
            counts.tracking_samples_dropped
        )));
    }
    // A session left open by a crash may end in a cut-off row in each file.
    let open = meta.status == SessionStatus::InProgress;

    // The protocol as it was: the same file, unchanged.
    let protocol_path = Path::new(&meta.protocol_file);
    let bytes = read_text(protocol_path)
        .map_err(|e| ReplayError::Protocol(format!("the session's protocol cannot be read: {e}")))?;
    let sha = sha256_hex(bytes.as_bytes());
    if sha != meta.protocol_sha256 {
        return Err(ReplayError::Protocol(format!(
            "{}: the protocol file has changed since the session was recorded (SHA-256 {sha}, recorded {})",
            meta.protocol_file, meta.protocol_sha256
        )));
    }
    let (protocol, catalogue, _) = load_protocol(protocol_path).map_err(|e| ReplayError::Protocol(e.to_string()))?;
    let c = &meta.calibration;
    let calibration = Calibration {
        arm_reach_m: c.arm_reach_m,
        hand_home: c.hand_home_m.into(),
        forward: c.forward.into(),
    };
    let mut config = EngineConfig::from_protocol(&protocol, meta.handedness, calibration, meta.display_hz);
    if let Some(timing) = &meta.timing {
        config.display_period_s = timing.display_period_s;
    }
    overrides.apply(&mut config.thresholds);
    // The participant's personal set, as the session was planned with it.
    let catalogue = match &meta.personal_set {
        Some(set) => personalise(&catalogue, set),
        None => catalogue,
    };
    let plan = plan_session(&protocol, &catalogue, meta.seed, meta.session)
        .map_err(|e| ReplayError::Protocol(e.to_string()))?;
    let mut engine = Engine::new(config, plan);
    if !overrides.is_empty() {
        // A new criterion: the drinks appear when they did for the patient.
        engine.pin_onsets(session.records.iter().map(|r| r.stimulus_onset_s).collect());
    }

    let controls = read_controls(dir, open)?;
    let frames = read_frame_times(dir, meta, open)?;
    let tracking_path = dir.join(TRACKING_FILE);
    if !tracking_path.exists() {
        return Err(ReplayError::Missing(format!(
            "{}: missing: there is no pose stream to replay",
            tracking_path.display()
        )));
    }
    let mut rows = TrackingReader::open(&tracking_path, open)?;
    let mut records = Vec::new();
    let mut next_control = 0;
    let mut samples = 0;
    while let Some(row) = rows.next_row()? {
        let mut sample = row.sample();
        if let Some(frame_t) = frames.get(&sample.t.to_bits()) {
            sample.frame_t = *frame_t;
        }
        // Pauses and resumes the lifecycle applied before this frame, at the time of the
        // last sample the engine had processed.
        while let Some(control) = controls.get(next_control) {
            let at = match *control {
                Control::Pause(t) | Control::Resume(t) => t,
            };
            if at > engine.now() {
                break;
            }
            match *control {
                Control::Pause(t) => {
                    engine.pause(t);
                }
                Control::Resume(t) => engine.resume(t),
            }
            next_control += 1;
        }
        engine.process(&sample);
        samples += 1;
        engine.take_display_changes().for_each(drop);
        records.extend(engine.take_records());
    }
    records.extend(engine.take_records());

    let participant = meta.participant.clone();
    let mut trials_csv = trials_header().into_bytes();
    for r in &records {
        let row = trial_row(&participant, r).map_err(|e| ReplayError::Missing(e.to_string()))?;
        trials_csv.extend_from_slice(&row);
    }
    Ok(Replayed {
        session,
        records,
        trials_csv,
        samples,
        pauses: next_control,
        onsets_shifted: engine.onsets_shifted(),
    })
}
