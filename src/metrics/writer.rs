//! The background writer: the only place that touches the session's files while it is
//! recorded, so no frame ever waits for the disk.
//!
//! Trial rows are written, flushed and synced (`fsync`) one by one: once a trial's row
//! is synced it survives a crash, a kill or a power cut. Tracking and event rows are
//! flushed to the operating system with every message and synced with each trial.
//! After the first I/O error the writer stops writing (so nothing already written is
//! damaged), keeps draining its queue, and reports the error through `health`.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use super::files::{EVENTS_FILE, TRACKING_FILE, TRIALS_FILE, TrialRow, write_tracking_line};
use crate::input::PoseSample;

/// What the recorder hands to the writer.
#[derive(Debug)]
pub enum WriterMsg {
    Trial(Box<TrialRow>),
    Tracking(Vec<PoseSample>),
    Event {
        t: f64,
        event: &'static str,
        detail: String,
    },
}

/// What the writer did, returned when its queue closes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WriterReport {
    pub trials_written: u32,
    pub samples_written: u64,
    pub error: Option<String>,
}

/// Shared between the writer and the recorder: the first error, if any.
pub type Health = Arc<Mutex<Option<String>>>;

struct Files {
    dir: PathBuf,
    trials: csv::Writer<BufWriter<File>>,
    tracking: Option<BufWriter<File>>,
    events: csv::Writer<BufWriter<File>>,
}

fn open_append(path: &Path) -> std::io::Result<BufWriter<File>> {
    Ok(BufWriter::new(OpenOptions::new().append(true).open(path)?))
}

fn csv_writer(path: &Path) -> std::io::Result<csv::Writer<BufWriter<File>>> {
    Ok(csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(open_append(path)?))
}

impl Files {
    fn open(dir: &Path, tracking: bool) -> std::io::Result<Self> {
        Ok(Self {
            dir: dir.to_path_buf(),
            trials: csv_writer(&dir.join(TRIALS_FILE))?,
            tracking: if tracking {
                Some(open_append(&dir.join(TRACKING_FILE))?)
            } else {
                None
            },
            events: csv_writer(&dir.join(EVENTS_FILE))?,
        })
    }

    fn io_error(&self, file: &str, e: impl std::fmt::Display) -> String {
        format!("{}: cannot write: {e}", self.dir.join(file).display())
    }

    fn write(&mut self, msg: WriterMsg, line: &mut String, report: &mut WriterReport) -> Result<(), String> {
        match msg {
            WriterMsg::Trial(row) => {
                self.trials
                    .serialize(&*row)
                    .map_err(|e| self.io_error(TRIALS_FILE, e))?;
                self.trials.flush().map_err(|e| self.io_error(TRIALS_FILE, e))?;
                self.trials
                    .get_ref()
                    .get_ref()
                    .sync_data()
                    .map_err(|e| self.io_error(TRIALS_FILE, e))?;
                if let Some(t) = &mut self.tracking {
                    t.flush()
                        .and_then(|_| t.get_ref().sync_data())
                        .map_err(|e| format!("{}: cannot write: {e}", self.dir.join(TRACKING_FILE).display()))?;
                }
                self.events.flush().map_err(|e| self.io_error(EVENTS_FILE, e))?;
                report.trials_written += 1;
            }
            WriterMsg::Tracking(samples) => {
                if let Some(t) = &mut self.tracking {
                    line.clear();
                    for s in &samples {
                        write_tracking_line(line, s);
                    }
                    t.write_all(line.as_bytes())
                        .and_then(|_| t.flush())
                        .map_err(|e| format!("{}: cannot write: {e}", self.dir.join(TRACKING_FILE).display()))?;
                    report.samples_written += samples.len() as u64;
                }
            }
            WriterMsg::Event { t, event, detail } => {
                self.events
                    .serialize((t, event, detail))
                    .map_err(|e| self.io_error(EVENTS_FILE, e))?;
                self.events.flush().map_err(|e| self.io_error(EVENTS_FILE, e))?;
            }
        }
        Ok(())
    }
}

/// Runs until the sending side is dropped. Used as the writer thread's body.
pub fn run(dir: PathBuf, tracking: bool, rx: Receiver<WriterMsg>, health: Health, announce: bool) -> WriterReport {
    let mut report = WriterReport::default();
    let mut files = match Files::open(&dir, tracking) {
        Ok(f) => Some(f),
        Err(e) => {
            let msg = format!("{}: cannot open the session files: {e}", dir.display());
            set_health(&health, &msg);
            report.error = Some(msg);
            None
        }
    };
    let mut line = String::new();
    for msg in rx {
        let Some(f) = &mut files else { continue };
        let trial = match &msg {
            WriterMsg::Trial(row) => Some((row.session, row.trial)),
            _ => None,
        };
        match f.write(msg, &mut line, &mut report) {
            Ok(()) => {
                if let (true, Some((session, trial))) = (announce, trial) {
                    eprintln!("recorded session {session} trial {trial}");
                }
            }
            Err(e) => {
                set_health(&health, &e);
                report.error = Some(e);
                files = None;
            }
        }
    }
    report
}

fn set_health(health: &Health, msg: &str) {
    if let Ok(mut h) = health.lock()
        && h.is_none()
    {
        *h = Some(msg.to_owned());
    }
}
