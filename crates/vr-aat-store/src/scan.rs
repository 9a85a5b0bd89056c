//! Reading recorded sessions back. Readers only read: nothing here writes, so every
//! command built on it works on a read-only copy of a data folder.
//!
//! Every value is checked as it is read: a damaged file is named with the line and
//! column of the problem and what was expected, and only that session is affected
//! ([`scan`] reports it and goes on with the others).

use std::fs;
use std::path::{Path, PathBuf};

use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::{SessionMeta, SessionStatus};
use vr_aat_core::trial::TrialRecord;

use crate::error::StoreError;
use crate::files::session::read_meta;
use crate::files::trials::read_trials;
use crate::layout::parse_session_folder;
use crate::lock::is_being_written;

/// A session as a reader sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredStatus {
    Complete,
    /// Closed early; the reason.
    Incomplete(String),
    /// Left open by a process that is gone (a crash, a kill): its completed trials are
    /// there; the next writer for the participant (or `vr-aat repair`) closes it.
    Interrupted,
    /// Being recorded right now by another process.
    Recording,
}

impl StoredStatus {
    pub fn label(&self) -> &'static str {
        match self {
            StoredStatus::Complete => "complete",
            StoredStatus::Incomplete(_) => "incomplete",
            StoredStatus::Interrupted => "interrupted",
            StoredStatus::Recording => "recording",
        }
    }
}

/// One recorded session.
#[derive(Clone, Debug)]
pub struct StoredSession {
    pub dir: PathBuf,
    pub meta: SessionMeta,
    pub records: Vec<TrialRecord>,
    pub state: StoredStatus,
}

/// Participant folders under `data_dir`, sorted. Folders whose names are not pseudonyms
/// (hidden working folders among them) are not participants.
pub fn participants(data_dir: &Path) -> Result<Vec<String>, StoreError> {
    if !data_dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(data_dir).map_err(StoreError::io(data_dir))? {
        let entry = entry.map_err(StoreError::io(data_dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && ParticipantId::parse(&name).is_ok() {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

/// The session folders (`S01`, `S02`, ...) of a participant, by session number.
pub fn session_dirs(data_dir: &Path, participant: &str) -> Result<Vec<(u32, PathBuf)>, StoreError> {
    let folder = data_dir.join(participant);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(&folder).map_err(StoreError::io(&folder))? {
        let entry = entry.map_err(StoreError::io(&folder))?;
        if let Some(n) = parse_session_folder(&entry.file_name().to_string_lossy())
            && entry.path().is_dir()
        {
            out.push((n, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a whole session: metadata, trials, and whether it is closed, interrupted or
/// being recorded.
pub fn read_session(dir: &Path) -> Result<StoredSession, StoreError> {
    let meta = read_meta(dir)?;
    let open = meta.status == SessionStatus::InProgress;
    let trials = read_trials(dir, &meta, open)?;
    let state = match &meta.status {
        SessionStatus::Complete => StoredStatus::Complete,
        SessionStatus::Incomplete { reason } => StoredStatus::Incomplete(reason.clone()),
        SessionStatus::InProgress => {
            let data_dir = dir.parent().and_then(Path::parent).unwrap_or(Path::new("."));
            if is_being_written(data_dir, &meta.participant) {
                StoredStatus::Recording
            } else {
                StoredStatus::Interrupted
            }
        }
    };
    Ok(StoredSession {
        dir: dir.to_path_buf(),
        meta,
        records: trials.records,
        state,
    })
}

/// What a reader found in a data folder: the sessions that read cleanly, and the
/// problems (each naming its file and place) of those that did not.
#[derive(Debug, Default)]
pub struct Scan<T> {
    pub found: Vec<T>,
    pub damaged: Vec<StoreError>,
}

impl<T> Scan<T> {
    /// Prints every problem to stderr, as `error: FILE:LINE:COL: ...; skipped`.
    pub fn report_damage(&self) {
        for e in &self.damaged {
            eprintln!("error: {e} (this session was skipped)");
        }
    }
}

/// The session folders of the participants (all of them when `only` is empty), one at a
/// time, each read with `read` (sessions that fail are reported in the scan and left
/// out). Streams: only one session is in memory at a time unless `read` keeps it.
pub fn scan<T>(
    data_dir: &Path,
    only: &[String],
    mut read: impl FnMut(&Path) -> Result<T, StoreError>,
) -> Result<Scan<T>, StoreError> {
    let people = if only.is_empty() {
        participants(data_dir)?
    } else {
        only.to_vec()
    };
    let mut out = Scan {
        found: Vec::new(),
        damaged: Vec::new(),
    };
    for p in people {
        match session_dirs(data_dir, &p) {
            Ok(dirs) => {
                for (_, dir) in dirs {
                    match read(&dir) {
                        Ok(v) => out.found.push(v),
                        Err(e) => out.damaged.push(e),
                    }
                }
            }
            Err(e) => out.damaged.push(e),
        }
    }
    Ok(out)
}

/// Every session of a participant that reads cleanly, in order, and the problems of the
/// others.
pub fn read_participant(data_dir: &Path, participant: &str) -> Result<Scan<StoredSession>, StoreError> {
    scan(data_dir, &[participant.to_owned()], read_session)
}
