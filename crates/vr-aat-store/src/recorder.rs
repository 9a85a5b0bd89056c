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
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use vr_aat_core::pose::PoseSample;
use vr_aat_core::records::{AnswerRecord, Clock, CoreCostRecord, EventKind, SessionCounts, SessionMeta, SessionStatus};
use vr_aat_core::trial::TrialRecord;

use crate::atomic::{create_dir_durably, sync_parent, write_atomically};
use crate::error::{RecordError, io};
use crate::files::answers::ANSWERS_HEADER;
use crate::files::core_cost::write_core_cost;
use crate::files::events::{EVENTS_HEADER, EventRow};
use crate::files::frames::FRAMES_HEADER;
use crate::files::session::write_meta;
use crate::files::summary::write_counts;
use crate::files::tracking::TRACKING_HEADER;
use crate::files::trials::trials_header;
use crate::layout::{ANSWERS_FILE, EVENTS_FILE, FRAMES_FILE, TRACKING_FILE, TRIALS_FILE, staging_dir};
use crate::writer::{self, FileStorage, OpenStorage, SharedStatus, WriterMsg, WriterPlan, WriterStatus};

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
    /// Print `recorded session S trial N` to stderr when a trial is recorded (for tests
    /// that kill the process).
    pub announce: bool,
    /// When rows are made durable: every trial (patients) or at close (simulations).
    pub durability: writer::Durability,
}

/// A file of zeros kept in the session folder while it is recorded, and removed before
/// the session is closed: if the disk fills up, its space is what the closing status
/// (with the reason) is written into.
pub const RESERVE_FILE: &str = ".reserve";
const RESERVE_BYTES: usize = 128 * 1024;

/// Seconds a finished trial may wait unsynced before the recorder counts as stalled
/// (live play pauses the session then, see [`RecorderHealth::stalled`]).
pub const STALL_S: f64 = 3.0;

impl Default for RecorderOptions {
    fn default() -> Self {
        Self {
            overflow: Overflow::KeepFrames,
            tracking: true,
            queue_capacity: 512,
            max_backlog_s: 30.0,
            announce: false,
            durability: writer::Durability::EveryTrial,
        }
    }
}

impl RecorderOptions {
    /// For an app driven faster than real time (tests, tools): the frames wait for the
    /// disk, so no pose sample is dropped and the session is never paused for a writer
    /// that a busy machine slows down. Live play keeps [`Overflow::KeepFrames`].
    pub fn unpaced() -> Self {
        Self {
            overflow: Overflow::Wait,
            ..Self::default()
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

/// How the recording is doing, for the therapist's overlay and the lifecycle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecorderHealth {
    /// Display time (s) between the newest row handed to the recorder and the newest
    /// row written: how far the disk is behind.
    pub backlog_s: f64,
    /// The newest trial whose row is synced to disk.
    pub last_synced_trial: Option<u32>,
    /// Finished trials not yet synced.
    pub unsynced_trials: usize,
    /// How long (wall clock) the oldest unsynced trial has waited.
    pub oldest_unsynced: Duration,
    /// The writer's first error: nothing was written after it.
    pub error: Option<String>,
}

impl RecorderHealth {
    /// Finished trials have waited longer than [`STALL_S`] for the disk.
    pub fn stalled(&self) -> bool {
        self.oldest_unsynced.as_secs_f64() > STALL_S
    }

    /// One line for the therapist's overlay.
    pub fn describe(&self) -> String {
        if let Some(e) = &self.error {
            return format!("FAILED: {e}");
        }
        let last = self.last_synced_trial.map_or("-".to_owned(), |t| t.to_string());
        let state = if self.stalled() { "DISK STALLED" } else { "ok" };
        format!(
            "{state}: last saved trial {last}, {} waiting, backlog {:.1} s",
            self.unsynced_trials, self.backlog_s
        )
    }
}

/// What [`Recorder::finish`] left on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedRecording {
    pub counts: SessionCounts,
    /// The status written into `session.ron`.
    pub status: SessionStatus,
    /// The session's folder, or `None` when no trial was recorded (the staging folder
    /// was removed: the session did not happen).
    pub dir: Option<PathBuf>,
}

/// Sees every `events.csv` row as the recorder queues it, in the order it is written
/// (the runtime's Lab Streaming Layer marker stream). It must not block: it runs in the
/// frame.
pub type EventTap = Box<dyn FnMut(&EventRow) + Send + Sync>;

/// The recorder of the session in progress (the runtime keeps it as a resource while the
/// session runs).
pub struct Recorder {
    dir: PathBuf,
    staging: PathBuf,
    meta: SessionMeta,
    options: RecorderOptions,
    tx: Option<SyncSender<WriterMsg>>,
    thread: Option<JoinHandle<()>>,
    status: SharedStatus,
    backlog: VecDeque<WriterMsg>,
    /// Pose samples not yet handed to the writer (at most [`SAMPLES_PER_HANDOVER`]).
    pending: Vec<PoseSample>,
    backlog_samples: usize,
    max_backlog_samples: usize,
    counts: SessionCounts,
    /// Finished trials handed over and when, until the writer has synced them.
    unsynced: VecDeque<(u32, Instant)>,
    dominant_tracked: bool,
    /// Display time of the newest sample or event handed over (s).
    last_t: f64,
    /// What sees each event row as it is queued ([`Recorder::tap_events`]).
    tap: Option<EventTap>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("dir", &self.dir)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

/// The detail of a session's first event.
fn started_detail(meta: &SessionMeta) -> String {
    format!("session {} of protocol {}", meta.session, meta.protocol_id)
}

/// Pose samples handed to the writer at once: about 0.7 s at 90 Hz (a trial, an answer
/// or an event hands over what waits before it).
const SAMPLES_PER_HANDOVER: usize = 64;

/// Whether a session keeps `frames.csv`: not when its clock is simulated (a synthetic
/// patient's frames are exactly one display period apart, and each frame's display time
/// is its pose time, so the log would repeat what `session.ron` says).
pub fn records_frames(meta: &SessionMeta) -> bool {
    meta.timing.is_none_or(|t| t.clock != Clock::Simulated)
}

impl Recorder {
    /// Starts recording session `meta` into `dir` (which must not hold a session yet),
    /// writing through the files on disk. See [`Recorder::start_with`].
    pub fn start(dir: &Path, meta: SessionMeta, options: RecorderOptions) -> Result<Self, RecordError> {
        Self::start_with(dir, meta, options, FileStorage::opener())
    }

    /// Creates the session's staging folder beside `dir`, writes `session.ron` (status
    /// InProgress) and the CSV headers, and starts the writer thread, which appends
    /// through `open`'s storage and moves the folder to `dir` when the first trial is
    /// synced. Any problem (unwritable folder, full disk) shows here, before the first
    /// trial. The caller must hold the participant's [`crate::ParticipantLock`].
    pub fn start_with(
        dir: &Path,
        meta: SessionMeta,
        options: RecorderOptions,
        open: OpenStorage,
    ) -> Result<Self, RecordError> {
        if dir.exists() {
            return Err(RecordError::Exists(dir.to_path_buf()));
        }
        let staging = staging_dir(dir);
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging, "cannot remove an aborted start"))?;
        }
        create_dir_durably(&staging).map_err(io(&staging, "cannot create the session folder"))?;
        let files: [(&str, String); 5] = [
            (TRIALS_FILE, trials_header()),
            (ANSWERS_FILE, ANSWERS_HEADER.to_owned()),
            (EVENTS_FILE, EVENTS_HEADER.to_owned()),
            (FRAMES_FILE, FRAMES_HEADER.to_owned()),
            (TRACKING_FILE, TRACKING_HEADER.to_owned()),
        ];
        for (name, header) in files {
            if (name == TRACKING_FILE && !options.tracking) || (name == FRAMES_FILE && !records_frames(&meta)) {
                continue;
            }
            let path = staging.join(name);
            write_atomically(&path, header.as_bytes()).map_err(io(&path, "cannot write"))?;
        }
        write_meta(&staging, &meta)?;
        let reserve = staging.join(RESERVE_FILE);
        write_atomically(&reserve, &vec![0u8; RESERVE_BYTES]).map_err(io(&reserve, "cannot write"))?;
        sync_parent(&staging).map_err(io(&staging, "cannot sync"))?;

        let (tx, rx) = sync_channel(options.queue_capacity.max(1));
        let status: SharedStatus = Arc::new(Mutex::new(WriterStatus::default()));
        let plan = WriterPlan {
            participant: meta.participant.clone(),
            durability: options.durability,
            staging: staging.clone(),
            final_dir: dir.to_path_buf(),
            tracking: options.tracking,
            frames: records_frames(&meta),
            display_period_s: 1.0 / meta.display_hz,
            open,
            announce: options.announce,
        };
        let thread = {
            let status = status.clone();
            std::thread::Builder::new()
                .name("vr-aat-recorder".into())
                .spawn(move || writer::run(plan, rx, status))
                .map_err(io(dir, "cannot start the writer thread"))?
        };
        let counts = SessionCounts {
            trials_planned: meta.trials_planned,
            ..Default::default()
        };
        let max_backlog_samples = (options.max_backlog_s * meta.display_hz).max(1.0) as usize;
        let mut recorder = Self {
            dir: dir.to_path_buf(),
            staging,
            meta,
            options,
            tx: Some(tx),
            thread: Some(thread),
            status,
            backlog: VecDeque::new(),
            backlog_samples: 0,
            pending: Vec::with_capacity(SAMPLES_PER_HANDOVER),
            max_backlog_samples,
            counts,
            unsynced: VecDeque::new(),
            dominant_tracked: true,
            last_t: 0.0,
            tap: None,
        };
        recorder.event(0.0, EventKind::SessionStarted, started_detail(&recorder.meta));
        Ok(recorder)
    }

    /// From now on, `tap` sees every row queued for `events.csv`, beginning with the
    /// session's first (`session_started`, queued when the recorder started) and ending
    /// with its last (`session_ended`, queued by [`Recorder::finish`]).
    pub fn tap_events(&mut self, mut tap: EventTap) {
        tap(&EventRow {
            t_s: 0.0,
            event: EventKind::SessionStarted,
            detail: started_detail(&self.meta),
        });
        self.tap = Some(tap);
    }

    fn tapped(&mut self, t: f64, event: EventKind, detail: &str) {
        if let Some(tap) = &mut self.tap {
            tap(&EventRow {
                t_s: t,
                event,
                detail: detail.to_owned(),
            });
        }
    }

    /// The session's folder (where it is once its first trial is synced).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn meta(&self) -> &SessionMeta {
        &self.meta
    }

    pub fn counts(&self) -> &SessionCounts {
        &self.counts
    }

    pub fn options(&self) -> &RecorderOptions {
        &self.options
    }

    fn writer_status(&self) -> WriterStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The writer's first error, if it had one.
    pub fn failure(&self) -> Option<String> {
        self.writer_status().error
    }

    /// How the recording is doing now.
    pub fn health(&mut self) -> RecorderHealth {
        let status = self.writer_status();
        let synced = status.last_synced_trial.unwrap_or(0);
        while self.unsynced.front().is_some_and(|(t, _)| *t <= synced) {
            self.unsynced.pop_front();
        }
        RecorderHealth {
            backlog_s: (self.last_t - status.written_t).max(0.0),
            last_synced_trial: status.last_synced_trial,
            unsynced_trials: self.unsynced.len(),
            oldest_unsynced: self.unsynced.front().map_or(Duration::ZERO, |(_, at)| at.elapsed()),
            error: status.error,
        }
    }

    /// Queues a finished trial.
    pub fn trial(&mut self, record: &TrialRecord) {
        self.counts.add(record);
        self.unsynced.push_back((record.trial, Instant::now()));
        self.send(WriterMsg::Trial(Box::new(record.clone())));
    }

    /// Queues a questionnaire answer (`participant` and `session` are filled in).
    pub fn answer(&mut self, mut record: AnswerRecord) {
        record.participant.clone_from(&self.meta.participant);
        record.session = self.meta.session;
        self.last_t = self.last_t.max(record.answered_s);
        self.counts.answers_recorded += 1;
        self.send(WriterMsg::Answer(Box::new(record)));
    }

    /// Queues an event for `events.csv`.
    pub fn event(&mut self, t: f64, event: EventKind, detail: String) {
        self.last_t = self.last_t.max(t);
        self.tapped(t, event, &detail);
        self.send(WriterMsg::Event { t, event, detail });
    }

    /// Queues this update's pose samples, and logs changes in hand tracking.
    pub fn samples(&mut self, samples: &[PoseSample]) {
        if samples.is_empty() {
            return;
        }
        for s in samples {
            self.last_t = self.last_t.max(s.t);
            let tracked = s.hand(self.meta.handedness).tracked;
            if tracked != self.dominant_tracked {
                self.dominant_tracked = tracked;
                let what = if tracked {
                    EventKind::TrackingRegained
                } else {
                    EventKind::TrackingLost
                };
                self.event(s.t, what, format!("{} hand", self.meta.handedness.label()));
            }
        }
        // Every frame goes to frames.csv; its poses to tracking.csv when recorded. They
        // go to the writer in batches (one hand-over per update would wake its thread
        // 90 times a second), and always before any trial, answer or event, so a
        // finished trial's poses are written before it.
        self.pending.extend_from_slice(samples);
        if self.pending.len() >= SAMPLES_PER_HANDOVER {
            self.flush_samples();
        }
    }

    /// Hands the samples waiting in the recorder to the writer.
    fn flush_samples(&mut self) {
        if !self.pending.is_empty() {
            let batch = std::mem::replace(&mut self.pending, Vec::with_capacity(SAMPLES_PER_HANDOVER));
            self.send_now(WriterMsg::Tracking(batch));
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
            // The writer thread is gone: nothing more can be written; its status says why.
            Err(TrySendError::Disconnected(_)) => Ok(()),
        }
    }

    /// Hands `msg` to the writer after the pose samples still waiting.
    fn send(&mut self, msg: WriterMsg) {
        self.flush_samples();
        self.send_now(msg);
    }

    fn send_now(&mut self, msg: WriterMsg) {
        if self.options.overflow == Overflow::Wait {
            if let Some(tx) = &self.tx {
                // An error means the writer is gone; its status says why.
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
            let t = first_t.unwrap_or(0.0);
            self.tapped(t, EventKind::TrackingDropped, &detail);
            // Straight into the backlog: the event must not trigger another drop.
            self.backlog.push_back(WriterMsg::Event {
                t,
                event: EventKind::TrackingDropped,
                detail,
            });
        }
    }

    /// Closes the session: waits for the writer to write everything, then writes
    /// the final status in `session.ron`, `summary.ron` and `core_cost.ron`.
    ///
    /// A session without a single recorded trial is removed (it did not happen; the
    /// participant's next session keeps its number). If the writer failed, the status
    /// written is `Incomplete` with the error (as far as the disk still takes it), and
    /// the error is returned.
    pub fn finish(
        mut self,
        status: SessionStatus,
        core_cost: CoreCostRecord,
    ) -> Result<FinishedRecording, RecordError> {
        self.event(self.last_t, EventKind::SessionEnded, status.label().to_owned());
        // Hand over what waits, blocking now: the session is over, no frame waits.
        if let Some(tx) = self.tx.take() {
            for msg in self.backlog.drain(..) {
                let _ = tx.send(msg);
            }
            drop(tx);
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            let mut s = self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            s.error.get_or_insert_with(|| "the writer thread panicked".to_owned());
        }
        let written = self.writer_status();
        self.counts.tracking_samples_written = written.samples_written;
        let Some(dir) = written.final_dir.clone() else {
            // No trial and no answer reached the disk: the session did not happen. A participant folder
            // left empty by it goes too (removing a folder that is not empty fails).
            let _ = std::fs::remove_dir_all(&self.staging);
            if let Some(folder) = self.staging.parent() {
                let _ = std::fs::remove_dir(folder);
                let _ = sync_parent(folder);
            }
            return match written.error {
                Some(e) => Err(RecordError::Writer(format!("{e}; no trial had been recorded"))),
                None => Ok(FinishedRecording {
                    counts: self.counts.clone(),
                    status,
                    dir: None,
                }),
            };
        };
        let status = match &written.error {
            Some(e) => SessionStatus::Incomplete {
                reason: format!(
                    "recording failed after {} of {} trials were saved: {e}",
                    written.trials_synced, self.meta.trials_planned
                ),
            },
            None => status,
        };
        self.counts.trials_recorded = written.trials_synced;
        self.counts.answers_recorded = written.answers_synced;
        self.meta.status = status.clone();
        self.meta.ended_utc = Some(utc_now());
        // The reserved space goes first, so that a full disk still takes the status.
        let _ = std::fs::remove_file(dir.join(RESERVE_FILE));
        let closed = write_meta(&dir, &self.meta)
            .and_then(|_| write_counts(&dir, &self.counts))
            .and_then(|_| write_core_cost(&dir, &core_cost));
        if let Some(e) = written.error {
            return Err(RecordError::Writer(format!(
                "{e}; {} trials were saved in {}",
                written.trials_synced,
                dir.display()
            )));
        }
        closed?;
        Ok(FinishedRecording {
            counts: self.counts.clone(),
            status,
            dir: Some(dir),
        })
    }
}
