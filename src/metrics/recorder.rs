//! The recorder of one session: opens the folder, hands rows to the background writer
//! through a bounded queue, and closes the session.
//!
//! Queue policy when the disk is slower than the session ([`Overflow::KeepFrames`], for
//! live play): nothing blocks a frame. What
//! does not fit in the queue waits in memory, in order, and is retried every update.
//! Trial rows and events are never dropped. Pose samples are dropped, oldest first, once
//! more than [`RecorderOptions::max_backlog_s`] seconds of them wait; each drop is counted
//! in `summary.ron` and logged in `events.csv`. Headless runs use [`Overflow::Wait`]:
//! there is no display to keep up with, so the simulation waits for the disk.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use bevy::prelude::Resource;

use super::atomic::write_atomically;
use super::files::{
    EVENTS_FILE, EVENTS_HEADER, FRAME_BUDGET_FILE, FrameBudgetRecord, LOCK_FILE, SESSION_FILE, SUMMARY_FILE,
    SessionCounts, SessionMeta, SessionStatus, TRACKING_FILE, TRACKING_HEADER, TRIALS_FILE, TrialRow,
};
use super::writer::{self, Health, WriterMsg, WriterReport};
use crate::input::PoseSample;
use crate::trial::TrialRecord;

/// Why a session could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{}: {what}: {source}", path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: a session is already recorded here; sessions are never overwritten", .0.display())]
    Exists(PathBuf),
    #[error("{}: another vr-aat process is recording this session", .0.display())]
    Locked(PathBuf),
    #[error("{0}")]
    Writer(String),
}

fn io<'a>(path: &'a Path, what: &'static str) -> impl FnOnce(std::io::Error) -> RecordError + 'a {
    move |source| RecordError::Io {
        path: path.to_path_buf(),
        what,
        source,
    }
}

/// What to do when the writer's queue is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Live play: never block a frame; keep waiting rows in memory and, past
    /// `max_backlog_s`, drop the oldest pose samples (logged and counted).
    #[default]
    KeepFrames,
    /// Headless runs: no display to keep up with, so wait for the disk and lose nothing.
    Wait,
}

/// How a session is recorded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RecorderOptions {
    pub overflow: Overflow,
    /// Record the continuous pose stream in `tracking.csv`.
    pub tracking: bool,
    /// Messages the queue to the writer holds.
    pub queue_capacity: usize,
    /// Seconds of pose samples that may wait in memory before the oldest are dropped.
    pub max_backlog_s: f64,
    /// Print `recorded session S trial N` to stderr when a trial is synced (for tests
    /// that kill the process).
    pub announce: bool,
}

impl Default for RecorderOptions {
    fn default() -> Self {
        Self {
            overflow: Overflow::KeepFrames,
            tracking: true,
            queue_capacity: 512,
            max_backlog_s: 30.0,
            announce: false,
        }
    }
}

/// RFC 3339 UTC "now", or the time in `SOURCE_DATE_EPOCH` (seconds) when set, so that
/// reproducible runs can also have reproducible timestamps.
pub fn utc_now() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        });
    humantime::format_rfc3339_seconds(now).to_string()
}

/// Writes a RON value atomically.
pub fn write_ron<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), RecordError> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(|e| RecordError::Writer(format!("{}: cannot encode: {e}", path.display())))?;
    write_atomically(path, format!("{text}\n").as_bytes()).map_err(io(path, "cannot write"))
}

/// The recorder of the session in progress (a Bevy resource while the session runs).
#[derive(Resource)]
pub struct Recorder {
    dir: PathBuf,
    meta: SessionMeta,
    options: RecorderOptions,
    tx: Option<SyncSender<WriterMsg>>,
    thread: Option<JoinHandle<WriterReport>>,
    health: Health,
    backlog: VecDeque<WriterMsg>,
    backlog_samples: usize,
    max_backlog_samples: usize,
    counts: SessionCounts,
    failure_reported: bool,
    dominant_tracked: bool,
    /// Display time of the newest sample seen (s).
    last_t: f64,
    /// Held for the session's lifetime: tells recovery the session is alive.
    _lock: File,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("dir", &self.dir)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl Recorder {
    /// Creates the session folder (it must not hold a session yet), writes `session.ron`
    /// with status InProgress and the CSV headers, and starts the writer thread. Any
    /// problem (unwritable folder, full disk) shows here, before the first trial.
    pub fn start(dir: &Path, meta: SessionMeta, options: RecorderOptions) -> Result<Self, RecordError> {
        if dir.join(SESSION_FILE).exists() {
            return Err(RecordError::Exists(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(io(dir, "cannot create the session folder"))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = File::create(&lock_path).map_err(io(&lock_path, "cannot create"))?;
        if lock.try_lock().is_err() {
            return Err(RecordError::Locked(dir.to_path_buf()));
        }
        let trials = dir.join(TRIALS_FILE);
        let mut header = csv::WriterBuilder::new().from_writer(Vec::new());
        header
            .write_record(super::TRIAL_COLUMNS)
            .map_err(|e| RecordError::Writer(e.to_string()))?;
        let header = header.into_inner().map_err(|e| RecordError::Writer(e.to_string()))?;
        write_atomically(&trials, &header).map_err(io(&trials, "cannot write"))?;
        let events = dir.join(EVENTS_FILE);
        write_atomically(&events, EVENTS_HEADER.as_bytes()).map_err(io(&events, "cannot write"))?;
        if options.tracking {
            let tracking = dir.join(TRACKING_FILE);
            write_atomically(&tracking, TRACKING_HEADER.as_bytes()).map_err(io(&tracking, "cannot write"))?;
        }
        write_ron(&dir.join(SESSION_FILE), &meta)?;

        let (tx, rx) = sync_channel(options.queue_capacity.max(1));
        let health: Health = Arc::new(Mutex::new(None));
        let thread = {
            let (folder, health, tracking, announce) =
                (dir.to_path_buf(), health.clone(), options.tracking, options.announce);
            std::thread::Builder::new()
                .name("vr-aat-recorder".into())
                .spawn(move || writer::run(folder, tracking, rx, health, announce))
                .map_err(io(dir, "cannot start the writer thread"))?
        };
        let counts = SessionCounts {
            trials_planned: meta.trials_planned,
            ..Default::default()
        };
        let max_backlog_samples = (options.max_backlog_s * meta.display_hz).max(1.0) as usize;
        let mut recorder = Self {
            dir: dir.to_path_buf(),
            meta,
            options,
            tx: Some(tx),
            thread: Some(thread),
            health,
            backlog: VecDeque::new(),
            backlog_samples: 0,
            max_backlog_samples,
            counts,
            failure_reported: false,
            dominant_tracked: true,
            last_t: 0.0,
            _lock: lock,
        };
        recorder.event(
            0.0,
            "session_started",
            format!(
                "session {} of protocol {}",
                recorder.meta.session, recorder.meta.protocol_id
            ),
        );
        Ok(recorder)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn meta(&self) -> &SessionMeta {
        &self.meta
    }

    pub fn counts(&self) -> &SessionCounts {
        &self.counts
    }

    /// The writer's first error, if it had one.
    pub fn failure(&self) -> Option<String> {
        self.health.lock().ok().and_then(|h| h.clone())
    }

    /// True the first time a failure is seen (so the operator is told once).
    pub fn take_new_failure(&mut self) -> Option<String> {
        if self.failure_reported {
            return None;
        }
        let f = self.failure();
        self.failure_reported = f.is_some();
        f
    }

    /// Queues a finished trial.
    pub fn trial(&mut self, record: &TrialRecord) {
        self.counts.add(record);
        let row = TrialRow::from_record(&self.meta.participant, record);
        self.send(WriterMsg::Trial(Box::new(row)));
    }

    /// Queues an event for `events.csv`.
    pub fn event(&mut self, t: f64, event: &'static str, detail: String) {
        self.send(WriterMsg::Event { t, event, detail });
    }

    /// Queues this update's pose samples, and logs changes in hand tracking.
    pub fn samples(&mut self, samples: &[PoseSample]) {
        if samples.is_empty() {
            return;
        }
        for s in samples {
            self.last_t = s.t;
            let tracked = s.hand(self.meta.handedness).tracked;
            if tracked != self.dominant_tracked {
                self.dominant_tracked = tracked;
                let what = if tracked { "tracking_regained" } else { "tracking_lost" };
                self.event(s.t, what, format!("{} hand", self.meta.handedness.label()));
            }
        }
        if self.options.tracking {
            self.send(WriterMsg::Tracking(samples.to_vec()));
        }
    }

    /// Retries what waits in memory; call once per update.
    pub fn pump(&mut self) {
        while let Some(msg) = self.backlog.pop_front() {
            let samples = match &msg {
                WriterMsg::Tracking(s) => s.len(),
                _ => 0,
            };
            match self.try_send(msg) {
                Ok(()) => self.backlog_samples -= samples,
                Err(msg) => {
                    self.backlog.push_front(msg);
                    break;
                }
            }
        }
    }

    fn try_send(&mut self, msg: WriterMsg) -> Result<(), WriterMsg> {
        let Some(tx) = &self.tx else { return Ok(()) };
        match tx.try_send(msg) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(msg)) => Err(msg),
            // The writer thread is gone: nothing more can be written; health says why.
            Err(TrySendError::Disconnected(_)) => Ok(()),
        }
    }

    fn send(&mut self, msg: WriterMsg) {
        if self.options.overflow == Overflow::Wait {
            if let Some(tx) = &self.tx {
                // An error means the writer is gone; its health says why.
                let _ = tx.send(msg);
            }
            return;
        }
        if !self.backlog.is_empty() {
            self.push_backlog(msg);
        } else if let Err(msg) = self.try_send(msg) {
            self.push_backlog(msg);
        }
    }

    fn push_backlog(&mut self, msg: WriterMsg) {
        if let WriterMsg::Tracking(s) = &msg {
            self.backlog_samples += s.len();
        }
        self.backlog.push_back(msg);
        if self.backlog_samples > self.max_backlog_samples {
            self.drop_oldest_tracking();
        }
    }

    fn drop_oldest_tracking(&mut self) {
        let mut dropped = 0usize;
        let mut first_t = None;
        while self.backlog_samples > self.max_backlog_samples / 2 {
            let Some(i) = self.backlog.iter().position(|m| matches!(m, WriterMsg::Tracking(_))) else {
                break;
            };
            if let Some(WriterMsg::Tracking(s)) = self.backlog.remove(i) {
                first_t = first_t.or(s.first().map(|x| x.t));
                dropped += s.len();
                self.backlog_samples -= s.len();
            }
        }
        if dropped > 0 {
            self.counts.tracking_samples_dropped += dropped as u64;
            let detail = format!("{dropped} pose samples not written: the disk is slower than the session");
            // Straight into the backlog: the event must not trigger another drop.
            self.backlog.push_back(WriterMsg::Event {
                t: first_t.unwrap_or(0.0),
                event: "tracking_dropped",
                detail,
            });
        }
    }

    /// Closes the session: waits for the writer to write everything, then writes
    /// `summary.ron`, `frame_budget.ron` and the final status in `session.ron`.
    pub fn finish(
        mut self,
        status: SessionStatus,
        frame_budget: FrameBudgetRecord,
    ) -> Result<SessionCounts, RecordError> {
        self.event(self.last_t, "session_ended", status.label().to_owned());
        // Hand over what waits, blocking now: the session is over, no frame waits.
        if let Some(tx) = self.tx.take() {
            for msg in self.backlog.drain(..) {
                let _ = tx.send(msg);
            }
            drop(tx);
        }
        let report = self
            .thread
            .take()
            .map(|t| {
                t.join().unwrap_or_else(|_| WriterReport {
                    error: Some("the writer thread panicked".into()),
                    ..Default::default()
                })
            })
            .unwrap_or_default();
        self.counts.tracking_samples_written = report.samples_written;
        if let Some(e) = report.error {
            return Err(RecordError::Writer(e));
        }
        write_ron(&self.dir.join(SUMMARY_FILE), &self.counts)?;
        write_ron(&self.dir.join(FRAME_BUDGET_FILE), &frame_budget)?;
        self.meta.status = status;
        self.meta.ended_utc = Some(utc_now());
        write_ron(&self.dir.join(SESSION_FILE), &self.meta)?;
        let _ = fs::remove_file(self.dir.join(LOCK_FILE));
        Ok(self.counts.clone())
    }
}
