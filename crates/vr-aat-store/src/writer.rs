//! The background writer: the only place that touches the session's files while it is
//! recorded, so no frame ever waits for the disk.
//!
//! Trial rows are written and synced (`fsync`) one by one, after the event and tracking
//! rows before them have been synced: once a trial's row is synced, it and everything
//! before it survive a crash or a kill. The first synced trial also moves the session
//! from its staging folder to its final one (and syncs the participant folder); so does
//! the first questionnaire answer, which is synced as it is given. Tracking
//! and event rows are handed to the operating system with every message.
//!
//! After the first I/O error the writer stops writing (so nothing already written is
//! damaged), keeps draining its queue, and reports the error in its [`WriterStatus`].
//!
//! The files are reached through [`SessionStorage`], so tests can put a slow or failing
//! disk under a real session.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use vr_aat_core::pose::PoseSample;
use vr_aat_core::records::{AnswerRecord, EventKind};
use vr_aat_core::trial::{LATE_FRAME_FACTOR, TrialRecord};

use crate::atomic::sync_parent;
use crate::files::answers::answer_row;
use crate::files::events::event_row;
use crate::files::frames::write_frame_line;
use crate::files::tracking::write_tracking_line;
use crate::files::trials::trial_row;
use crate::layout::{ANSWERS_FILE, EVENTS_FILE, FRAMES_FILE, TRACKING_FILE, TRIALS_FILE};

/// The append-only files of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionFile {
    Trials,
    Tracking,
    Frames,
    Events,
    Answers,
}

impl SessionFile {
    pub fn name(self) -> &'static str {
        match self {
            SessionFile::Trials => TRIALS_FILE,
            SessionFile::Tracking => TRACKING_FILE,
            SessionFile::Frames => FRAMES_FILE,
            SessionFile::Events => EVENTS_FILE,
            SessionFile::Answers => ANSWERS_FILE,
        }
    }
}

/// When the writer makes a session's rows durable (`fsync`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// Every trial, as it is recorded (with the pose stream and events before it): a
    /// patient's session, where a crash or a power cut must keep every finished trial.
    #[default]
    EveryTrial,
    /// Once, when the session closes: a simulated session, which can be regenerated
    /// from its seed and is swapped in whole or not at all. Trials still reach the
    /// operating system as they finish, so killing the process loses none.
    AtClose,
}

/// Where the writer appends a session's rows: the files on disk, or a test double that
/// wraps them (a slow disk, a full one).
pub trait SessionStorage: Send {
    /// Appends `bytes` to `file` and hands them to the operating system.
    fn append(&mut self, file: SessionFile, bytes: &[u8]) -> std::io::Result<()>;
    /// Makes everything appended to `file` durable (`fsync`).
    fn sync(&mut self, file: SessionFile) -> std::io::Result<()>;
}

/// Opens a session's storage in its (staging) folder; `tracking` says whether
/// `tracking.csv` is recorded.
pub type OpenStorage = Arc<dyn Fn(&Path, bool) -> std::io::Result<Box<dyn SessionStorage>> + Send + Sync>;

/// The session's files on disk, opened for appending.
pub struct FileStorage {
    trials: BufWriter<File>,
    tracking: Option<BufWriter<File>>,
    frames: Option<BufWriter<File>>,
    events: BufWriter<File>,
    answers: BufWriter<File>,
}

impl FileStorage {
    /// Opens the files the recorder created in `dir` (`frames.csv` only where it was
    /// created: not for a simulated clock).
    pub fn open(dir: &Path, tracking: bool) -> std::io::Result<Self> {
        let open = |name: &str| -> std::io::Result<BufWriter<File>> {
            Ok(BufWriter::new(crate::safe_open::open_for_writing(
                &dir.join(name),
                true,
            )?))
        };
        Ok(Self {
            trials: open(TRIALS_FILE)?,
            tracking: if tracking { Some(open(TRACKING_FILE)?) } else { None },
            frames: if std::fs::symlink_metadata(dir.join(FRAMES_FILE)).is_ok() {
                Some(open(FRAMES_FILE)?)
            } else {
                None
            },
            events: open(EVENTS_FILE)?,
            answers: open(ANSWERS_FILE)?,
        })
    }

    /// The default [`OpenStorage`]: the files on disk.
    pub fn opener() -> OpenStorage {
        Arc::new(|dir, tracking| Ok(Box::new(FileStorage::open(dir, tracking)?) as Box<dyn SessionStorage>))
    }

    fn file(&mut self, file: SessionFile) -> Option<&mut BufWriter<File>> {
        match file {
            SessionFile::Trials => Some(&mut self.trials),
            SessionFile::Tracking => self.tracking.as_mut(),
            SessionFile::Frames => self.frames.as_mut(),
            SessionFile::Events => Some(&mut self.events),
            SessionFile::Answers => Some(&mut self.answers),
        }
    }
}

impl SessionStorage for FileStorage {
    fn append(&mut self, file: SessionFile, bytes: &[u8]) -> std::io::Result<()> {
        match self.file(file) {
            Some(f) => f.write_all(bytes).and_then(|_| f.flush()),
            None => Ok(()),
        }
    }

    fn sync(&mut self, file: SessionFile) -> std::io::Result<()> {
        match self.file(file) {
            Some(f) => f.flush().and_then(|_| f.get_ref().sync_data()),
            None => Ok(()),
        }
    }
}

/// What the recorder hands to the writer.
#[derive(Debug)]
pub enum WriterMsg {
    Trial(Box<TrialRecord>),
    Tracking(Vec<PoseSample>),
    Event {
        t: f64,
        event: EventKind,
        detail: String,
    },
    /// A questionnaire answer: written and synced at once, like a trial.
    Answer(Box<AnswerRecord>),
}

/// What the writer has done so far, shared with the recorder (and so with the
/// therapist's overlay).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WriterStatus {
    /// The newest trial whose row is synced.
    pub last_synced_trial: Option<u32>,
    /// Trials synced so far.
    pub trials_synced: u32,
    /// Display time (s) of the newest row written.
    pub written_t: f64,
    pub samples_written: u64,
    /// Questionnaire answers synced so far.
    pub answers_synced: u32,
    /// The session's folder once its first trial (or answer) is synced (until then it is in its
    /// staging folder).
    pub final_dir: Option<PathBuf>,
    /// The first error; nothing was written after it.
    pub error: Option<String>,
}

/// The writer's status, shared between its thread and the recorder.
pub type SharedStatus = Arc<Mutex<WriterStatus>>;

/// Where the writer works.
pub struct WriterPlan {
    pub participant: String,
    pub durability: Durability,
    /// The staging folder (where the files are) and the session's final folder.
    pub staging: PathBuf,
    pub final_dir: PathBuf,
    pub tracking: bool,
    /// Whether `frames.csv` is recorded (not for a simulated clock, whose frames are
    /// exactly one period apart by definition: see [`crate::layout::FRAMES_FILE`]).
    pub frames: bool,
    /// The display's nominal frame period (s), for the late frames in `frames.csv`.
    pub display_period_s: f64,
    pub open: OpenStorage,
    pub announce: bool,
}

fn with_status(status: &SharedStatus, f: impl FnOnce(&mut WriterStatus)) {
    let mut s = status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    f(&mut s);
}

struct Writer {
    plan: WriterPlan,
    storage: Box<dyn SessionStorage>,
    status: SharedStatus,
    line: String,
    /// Display time (s) of the newest frame written to `frames.csv`.
    last_frame_t: Option<f64>,
}

impl Writer {
    fn fail(&self, file: SessionFile, e: impl std::fmt::Display) -> String {
        let dir = self.current_dir();
        format!("{}: cannot write: {e}", dir.join(file.name()).display())
    }

    fn current_dir(&self) -> PathBuf {
        let promoted = self.status.lock().map(|s| s.final_dir.is_some()).unwrap_or(false);
        if promoted {
            self.plan.final_dir.clone()
        } else {
            self.plan.staging.clone()
        }
    }

    fn write(&mut self, msg: WriterMsg) -> Result<(), String> {
        match msg {
            WriterMsg::Trial(record) => {
                let row = trial_row(&self.plan.participant, &record).map_err(|e| self.fail(SessionFile::Trials, e))?;
                let every_trial = self.plan.durability == Durability::EveryTrial;
                if every_trial {
                    for file in [SessionFile::Events, SessionFile::Tracking, SessionFile::Frames] {
                        self.storage.sync(file).map_err(|e| self.fail(file, e))?;
                    }
                }
                self.storage
                    .append(SessionFile::Trials, &row)
                    .and_then(|_| {
                        if every_trial {
                            self.storage.sync(SessionFile::Trials)
                        } else {
                            Ok(())
                        }
                    })
                    .map_err(|e| self.fail(SessionFile::Trials, e))?;
                if self.status.lock().map(|s| s.final_dir.is_none()).unwrap_or(false) {
                    self.promote()?;
                }
                with_status(&self.status, |s| {
                    s.last_synced_trial = Some(record.trial);
                    s.trials_synced += 1;
                    s.written_t = s.written_t.max(record.stimulus_onset_s);
                });
                if self.plan.announce {
                    eprintln!("recorded session {} trial {}", record.session, record.trial);
                }
            }
            WriterMsg::Tracking(samples) => {
                if self.plan.frames {
                    let period = self.plan.display_period_s;
                    let mut last = self.last_frame_t;
                    self.append_lines(SessionFile::Frames, &samples, |line, s| {
                        let interval = last.map(|p| s.frame_t - p);
                        let late = interval.is_some_and(|i| i > LATE_FRAME_FACTOR * period);
                        write_frame_line(line, s, interval, late);
                        last = Some(s.frame_t);
                    })?;
                    self.last_frame_t = last;
                }
                if self.plan.tracking {
                    self.append_lines(SessionFile::Tracking, &samples, write_tracking_line)?;
                }
                with_status(&self.status, |st| {
                    if self.plan.tracking {
                        st.samples_written += samples.len() as u64;
                    }
                    if let Some(last) = samples.last() {
                        st.written_t = st.written_t.max(last.t);
                    }
                });
            }
            WriterMsg::Answer(record) => {
                let row = answer_row(&record).map_err(|e| self.fail(SessionFile::Answers, e))?;
                self.storage
                    .append(SessionFile::Answers, &row)
                    .and_then(|_| {
                        if self.plan.durability == Durability::EveryTrial {
                            self.storage.sync(SessionFile::Answers)
                        } else {
                            Ok(())
                        }
                    })
                    .map_err(|e| self.fail(SessionFile::Answers, e))?;
                // An answer is data: the session is kept even if no trial follows.
                if self.status.lock().map(|s| s.final_dir.is_none()).unwrap_or(false) {
                    self.promote()?;
                }
                with_status(&self.status, |s| {
                    s.answers_synced += 1;
                    s.written_t = s.written_t.max(record.answered_s);
                });
            }
            WriterMsg::Event { t, event, detail } => {
                let bytes = event_row(t, event, &detail).map_err(|e| self.fail(SessionFile::Events, e))?;
                self.storage
                    .append(SessionFile::Events, &bytes)
                    .map_err(|e| self.fail(SessionFile::Events, e))?;
                with_status(&self.status, |s| s.written_t = s.written_t.max(t));
            }
        }
        Ok(())
    }

    /// Appends one line per sample to `file`, written by `line`.
    fn append_lines(
        &mut self,
        file: SessionFile,
        samples: &[PoseSample],
        mut line: impl FnMut(&mut String, &PoseSample),
    ) -> Result<(), String> {
        let mut text = std::mem::take(&mut self.line);
        text.clear();
        for s in samples {
            line(&mut text, s);
        }
        let result = self.storage.append(file, text.as_bytes());
        self.line = text;
        result.map_err(|e| self.fail(file, e))
    }

    /// The first trial is synced: the session leaves its staging folder.
    fn promote(&mut self) -> Result<(), String> {
        let (from, to) = (&self.plan.staging, &self.plan.final_dir);
        std::fs::rename(from, to)
            .and_then(|_| sync_parent(to))
            .map_err(|e| format!("{}: cannot move the session into place: {e}", to.display()))?;
        with_status(&self.status, |s| s.final_dir = Some(to.clone()));
        Ok(())
    }
}

/// Runs until the sending side is dropped. Used as the writer thread's body.
pub fn run(plan: WriterPlan, rx: Receiver<WriterMsg>, status: SharedStatus) {
    let storage = match (plan.open)(&plan.staging, plan.tracking) {
        Ok(s) => s,
        Err(e) => {
            let msg = format!("{}: cannot open the session files: {e}", plan.staging.display());
            with_status(&status, |s| s.error = Some(msg));
            for _ in rx {}
            return;
        }
    };
    let mut writer = Some(Writer {
        plan,
        storage,
        status: status.clone(),
        line: String::new(),
        last_frame_t: None,
    });
    for msg in rx {
        let Some(w) = &mut writer else { continue };
        if let Err(e) = w.write(msg) {
            with_status(&status, |s| {
                s.error.get_or_insert(e);
            });
            writer = None;
        }
    }
    // The session is over: everything still unsynced (events after the last trial; with
    // `AtClose`, everything) is made durable before the session is closed.
    if let Some(w) = &mut writer {
        for file in [
            SessionFile::Events,
            SessionFile::Tracking,
            SessionFile::Frames,
            SessionFile::Answers,
            SessionFile::Trials,
        ] {
            if let Err(e) = w.storage.sync(file) {
                let e = w.fail(file, e);
                with_status(&status, |s| {
                    s.error.get_or_insert(e);
                });
                break;
            }
        }
    }
}
