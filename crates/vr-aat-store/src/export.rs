//! The research tables of `vr-aat export`, streamed session by session (memory stays flat
//! whatever the size of the study): `trials_long.csv` (the AAT long format,
//! [`crate::long_format`]), `tracking_long.csv` (every pose sample with participant and
//! session in front), `answers_long.csv` (every questionnaire answer with the session's
//! status) and `questionnaire_scores.csv` (one row per questionnaire score). Every file
//! is written beside its final name and moved into place when complete
//! ([`crate::output::OutFile`]); a failure leaves the old tables.
//!
//! Only reads the data folder. A session that does not read cleanly is left out of
//! every table and named; a damaged `answers.csv` leaves out only that session's answers.

use std::io::Write;
use std::path::{Path, PathBuf};

use vr_aat_core::records::{SessionStatus, SessionUse};

use crate::error::StoreError;
use crate::files::tracking::{TRACKING_HEADER, TrackingReader};
use crate::layout::TRACKING_FILE;
use crate::long_format::{EXPORT_COLUMNS, ExportRow, SessionColumns};
use crate::output::{OutFile, OutputError};
use crate::questionnaire_results::session_results;
use crate::scan::{StoredSession, read_session, session_dirs};

/// The names of the tables an export writes, in the order it writes them.
pub const TRIALS_TABLE: &str = "trials_long.csv";
pub const TRACKING_TABLE: &str = "tracking_long.csv";
pub const ANSWERS_TABLE: &str = "answers_long.csv";
pub const SCORES_TABLE: &str = "questionnaire_scores.csv";

/// The columns of `questionnaire_scores.csv`. Every export table names the participant
/// `subjectid`, AATtools' name, which `trials_long.csv` keeps so that AATtools reads it
/// as it is; the tables join on it.
pub const SCORE_COLUMNS: [&str; 14] = [
    "subjectid",
    "session",
    "questionnaire",
    "moment",
    "score",
    "value",
    "reading",
    "caution",
    "items_answered",
    "items",
    "instrument",
    "validation",
    "session_status",
    "counts_as",
];

/// The columns of `answers_long.csv`: `answers.csv`'s (the participant as `subjectid`),
/// then what the session and the instrument are.
pub const ANSWER_COLUMNS: [&str; 13] = [
    "subjectid",
    "session",
    "questionnaire",
    "moment",
    "item",
    "value",
    "shown_s",
    "answered_s",
    "language",
    "instrument",
    "validation",
    "session_status",
    "counts_as",
];

/// The tables an export wrote.
#[derive(Debug)]
pub struct ExportedFiles {
    pub trials: PathBuf,
    /// `None` when tracking was left out.
    pub tracking: Option<PathBuf>,
    pub answers: PathBuf,
    pub scores: PathBuf,
}

/// What an export wrote and what it left out.
#[derive(Debug, Default)]
pub struct Exported {
    pub trials: usize,
    pub sessions: usize,
    pub samples: usize,
    pub answers: usize,
    pub scores: usize,
    /// Sessions left out of every table, each with its problem.
    pub damaged_sessions: Vec<StoreError>,
    /// Sessions whose answers were left out (their `answers.csv` is damaged); their
    /// trials are in the tables.
    pub damaged_answers: Vec<StoreError>,
}

/// The tables being written.
struct Tables {
    trials: OutFile,
    tracking: Option<OutFile>,
    answers: OutFile,
    scores: OutFile,
}

impl Tables {
    fn discard(self) {
        self.trials.discard();
        if let Some(t) = self.tracking {
            t.discard();
        }
        self.answers.discard();
        self.scores.discard();
    }
}

/// Writes the tables of `participants`' sessions under `data_dir` into `out` (which must
/// exist), with `tracking_long.csv` when `tracking`.
pub fn export_tables(
    data_dir: &Path,
    participants: &[String],
    out: &Path,
    tracking: bool,
) -> Result<(ExportedFiles, Exported), OutputError> {
    let mut tables = Tables {
        trials: OutFile::create(out, TRIALS_TABLE)?,
        tracking: if tracking {
            Some(OutFile::create(out, TRACKING_TABLE)?)
        } else {
            None
        },
        answers: OutFile::create(out, ANSWERS_TABLE)?,
        scores: OutFile::create(out, SCORES_TABLE)?,
    };
    let done = match write_tables(data_dir, participants, &mut tables) {
        Ok(done) => done,
        Err(e) => {
            tables.discard();
            return Err(e);
        }
    };
    let files = ExportedFiles {
        trials: tables.trials.finish()?,
        tracking: tables.tracking.map(OutFile::finish).transpose()?,
        answers: tables.answers.finish()?,
        scores: tables.scores.finish()?,
    };
    Ok((files, done))
}

/// Streams every session that checks out into the tables.
fn write_tables(data_dir: &Path, participants: &[String], t: &mut Tables) -> Result<Exported, OutputError> {
    let mut done = Exported::default();
    writeln!(t.trials.out, "{}", EXPORT_COLUMNS.join(",")).map_err(|e| t.trials.fail(e))?;
    writeln!(t.answers.out, "{}", ANSWER_COLUMNS.join(",")).map_err(|e| t.answers.fail(e))?;
    writeln!(t.scores.out, "{}", SCORE_COLUMNS.join(",")).map_err(|e| t.scores.fail(e))?;
    if let Some(tracking) = t.tracking.as_mut() {
        write!(tracking.out, "subjectid,session,{TRACKING_HEADER}").map_err(|e| tracking.fail(e))?;
    }
    for p in participants {
        let dirs = match session_dirs(data_dir, p) {
            Ok(d) => d,
            Err(e) => {
                done.damaged_sessions.push(e);
                continue;
            }
        };
        for (_, dir) in dirs {
            let session = match read_session(&dir) {
                Ok(s) => s,
                Err(e) => {
                    done.damaged_sessions.push(e);
                    continue;
                }
            };
            // The pose stream first, checked as it streams: a damaged row takes the
            // session's rows back out of the table, and the session out of every table.
            match stream_tracking(&session, t)? {
                Ok(samples) => {
                    done.samples += samples;
                    write_session(&session, t, &mut done)?;
                }
                Err(e) => done.damaged_sessions.push(e),
            }
        }
    }
    Ok(done)
}

/// Streams a session's tracking.csv into the tracking table (without keeping it in
/// memory), each row checked once: the samples written (0 without a tracking table or a
/// tracking.csv), or, for a damaged file, its error with the session's rows taken back
/// out. The outer error is the table's own (a full disk).
fn stream_tracking(s: &StoredSession, t: &mut Tables) -> Result<Result<usize, StoreError>, OutputError> {
    let Some(tracking) = t.tracking.as_mut() else {
        return Ok(Ok(0));
    };
    let path = s.dir.join(TRACKING_FILE);
    if !path.exists() {
        return Ok(Ok(0));
    }
    let start = tracking.position()?;
    let (who, n) = (&s.meta.participant, s.meta.session);
    let mut reader = match TrackingReader::open(&path, s.meta.status == SessionStatus::InProgress) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let mut samples = 0;
    loop {
        match reader.next_row() {
            Ok(Some(row)) => {
                writeln!(tracking.out, "{who},{n},{}", row.text).map_err(|e| tracking.fail(e))?;
                samples += 1;
            }
            Ok(None) => return Ok(Ok(samples)),
            Err(e) => {
                tracking.truncate_to(start)?;
                return Ok(Err(e));
            }
        }
    }
}

/// One session's rows in the trials, answers and scores tables.
fn write_session(s: &StoredSession, t: &mut Tables, done: &mut Exported) -> Result<(), OutputError> {
    let mut rows = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut t.trials.out);
    let trained = crate::drink_sets::trained_drinks(&s.meta);
    let session = SessionColumns::of(&s.meta, s.state.label(), trained.as_ref());
    let trials_failed = |e: &dyn std::fmt::Display| OutputError::Write {
        path: PathBuf::from(TRIALS_TABLE),
        message: e.to_string(),
    };
    for r in &s.records {
        rows.serialize(ExportRow::new(session, r))
            .map_err(|e| trials_failed(&e))?;
    }
    rows.flush().map_err(|e| trials_failed(&e))?;
    drop(rows);
    done.trials += s.records.len();
    // A damaged answers.csv is named and leaves out the session's answers only.
    let (answered, results) = match session_results(&s.dir, &s.meta) {
        Ok(r) => r,
        Err(e) => {
            done.damaged_answers.push(e);
            Default::default()
        }
    };
    let status = s.state.label();
    let counts_as = SessionUse::of(&s.meta.input_source, &s.meta.status).id();
    let instrument = |id: &str| {
        results.iter().find(|q| q.questionnaire == id).map_or(("", ""), |q| {
            (q.name.as_deref().unwrap_or(""), q.validation.map_or("", |v| v.id()))
        })
    };
    let mut rows = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut t.answers.out);
    for a in &answered {
        let (name, validation) = instrument(&a.questionnaire);
        rows.serialize((a, name, validation, status, counts_as))
            .map_err(|e| OutputError::Write {
                path: PathBuf::from(ANSWERS_TABLE),
                message: e.to_string(),
            })?;
    }
    drop(rows);
    let mut rows = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut t.scores.out);
    for q in &results {
        for (score, _, value) in &q.scores {
            let value = value.map_or_else(String::new, |v| v.to_string());
            let band = q.readings.iter().find(|(id, _)| id == score).map(|(_, b)| b);
            rows.serialize((
                &s.meta.participant,
                s.meta.session,
                &q.questionnaire,
                &q.moment,
                score,
                value,
                band.map_or("", |b| b.label.en.as_str()),
                band.map_or("", |b| if b.caution { "1" } else { "0" }),
                q.items_answered,
                q.items,
                q.name.as_deref().unwrap_or(""),
                q.validation.map_or("", |v| v.id()),
                status,
                counts_as,
            ))
            .map_err(|e| OutputError::Write {
                path: PathBuf::from(SCORES_TABLE),
                message: e.to_string(),
            })?;
            done.scores += 1;
        }
    }
    drop(rows);
    done.answers += answered.len();
    done.sessions += 1;
    Ok(())
}
