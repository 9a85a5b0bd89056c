//! Reading recorded sessions back, and closing sessions that a crash left open.

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::TRIAL_COLUMNS;
use super::files::{
    EVENTS_FILE, LOCK_FILE, SESSION_FILE, SUMMARY_FILE, SessionCounts, SessionMeta, SessionStatus, TRACKING_FILE,
    TRIALS_FILE, TrialRow,
};
use super::recorder::{utc_now, write_ron};
use crate::participant::ParticipantId;
use crate::trial::TrialRecord;

/// A data folder or session file that cannot be read as expected.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Corrupt {
        path: PathBuf,
        line: Option<u64>,
        message: String,
    },
    #[error("{}: cannot repair: {message}", path.display())]
    Repair { path: PathBuf, message: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One recorded session.
#[derive(Clone, Debug)]
pub struct StoredSession {
    pub dir: PathBuf,
    pub meta: SessionMeta,
    pub records: Vec<TrialRecord>,
}

/// Participant folders under `data_dir`, sorted (folders whose names are not valid
/// pseudonyms are skipped).
pub fn participants(data_dir: &Path) -> Result<Vec<String>, StoreError> {
    if !data_dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(data_dir).map_err(io(data_dir))? {
        let entry = entry.map_err(io(data_dir))?;
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
    let mut out = Vec::new();
    for entry in fs::read_dir(&folder).map_err(io(&folder))? {
        let entry = entry.map_err(io(&folder))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(n) = name.strip_prefix('S').and_then(|n| n.parse::<u32>().ok())
            && entry.path().join(SESSION_FILE).exists()
        {
            out.push((n, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Reads `session.ron`.
pub fn read_meta(dir: &Path) -> Result<SessionMeta, StoreError> {
    let path = dir.join(SESSION_FILE);
    let text = fs::read_to_string(&path).map_err(io(&path))?;
    ron::from_str(&text).map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        line: Some(e.span.start.line as u64),
        message: format!("not a valid session file: {}", e.code),
    })
}

/// Reads `trials.csv` back into trial records.
pub fn read_trials(dir: &Path) -> Result<Vec<TrialRecord>, StoreError> {
    let path = dir.join(TRIALS_FILE);
    let mut bytes = Vec::new();
    File::open(&path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(io(&path))?;
    if !bytes.is_empty() && bytes.last() != Some(&b'\n') {
        return Err(StoreError::Corrupt {
            path,
            line: Some(bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1),
            message: "the last row is cut off (the file was truncated or is still being written)".into(),
        });
    }
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        line: Some(1),
        message: e.to_string(),
    })?;
    if headers.iter().ne(TRIAL_COLUMNS.iter().copied()) {
        return Err(StoreError::Corrupt {
            path,
            line: Some(1),
            message: format!("unexpected header; expected the columns {}", TRIAL_COLUMNS.join(",")),
        });
    }
    let mut out = Vec::new();
    for row in reader.deserialize::<TrialRow>() {
        let row = row.map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            line: e.position().map(|p| p.line()),
            message: format!("not a valid trial row: {e}"),
        })?;
        let line = out.len() as u64 + 2;
        out.push(row.to_record().map_err(|message| StoreError::Corrupt {
            path: path.clone(),
            line: Some(line),
            message,
        })?);
    }
    Ok(out)
}

/// Reads a whole session.
pub fn read_session(dir: &Path) -> Result<StoredSession, StoreError> {
    Ok(StoredSession {
        dir: dir.to_path_buf(),
        meta: read_meta(dir)?,
        records: read_trials(dir)?,
    })
}

/// Every session of a participant, in order.
pub fn read_participant(data_dir: &Path, participant: &str) -> Result<Vec<StoredSession>, StoreError> {
    session_dirs(data_dir, participant)?
        .into_iter()
        .map(|(_, dir)| read_session(&dir))
        .collect()
}

/// A session that a crash left open and that was closed now.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    pub dir: PathBuf,
    pub trials_kept: u32,
    /// Bytes of cut-off rows removed from the ends of the CSV files.
    pub torn_bytes_removed: u64,
}

/// Whether a process holds the session's lock (it is being recorded right now).
fn is_live(dir: &Path) -> bool {
    let Ok(f) = OpenOptions::new().write(true).open(dir.join(LOCK_FILE)) else {
        return false;
    };
    f.try_lock().is_err()
}

/// Cuts a file back to its last complete line; returns the bytes removed.
fn cut_to_last_line(path: &Path) -> Result<u64, StoreError> {
    if !path.exists() {
        return Ok(0);
    }
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(io(path))?;
    let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let removed = (bytes.len() - keep) as u64;
    if removed > 0 {
        let f = OpenOptions::new().write(true).open(path).map_err(io(path))?;
        f.set_len(keep as u64)
            .and_then(|_| f.sync_all())
            .map_err(|e| StoreError::Repair {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
    }
    Ok(removed)
}

fn count_lines(path: &Path) -> u64 {
    fs::read(path).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count() as u64)
}

/// Finds sessions left "in progress" by a process that is gone, keeps every complete
/// trial row, removes a cut-off last row, and marks them incomplete.
pub fn recover(data_dir: &Path) -> Result<Vec<Recovered>, StoreError> {
    let mut out = Vec::new();
    for p in participants(data_dir)? {
        for (_, dir) in session_dirs(data_dir, &p)? {
            let mut meta = read_meta(&dir)?;
            if meta.status != SessionStatus::InProgress || is_live(&dir) {
                continue;
            }
            let mut torn = 0;
            for f in [TRIALS_FILE, TRACKING_FILE, EVENTS_FILE] {
                torn += cut_to_last_line(&dir.join(f))?;
            }
            let records = read_trials(&dir)?;
            let mut counts = SessionCounts {
                trials_planned: meta.trials_planned,
                tracking_samples_written: count_lines(&dir.join(TRACKING_FILE)).saturating_sub(1),
                ..Default::default()
            };
            for r in &records {
                counts.add(r);
            }
            let write = |path: PathBuf, e: super::RecordError| StoreError::Repair {
                path,
                message: e.to_string(),
            };
            write_ron(&dir.join(SUMMARY_FILE), &counts).map_err(|e| write(dir.join(SUMMARY_FILE), e))?;
            meta.status = SessionStatus::Incomplete {
                reason: format!(
                    "interrupted: the recording process stopped before the session ended; closed on {} with {} of {} trials",
                    utc_now(),
                    records.len(),
                    meta.trials_planned
                ),
            };
            write_ron(&dir.join(SESSION_FILE), &meta).map_err(|e| write(dir.join(SESSION_FILE), e))?;
            let _ = fs::remove_file(dir.join(LOCK_FILE));
            out.push(Recovered {
                dir,
                trials_kept: records.len() as u32,
                torn_bytes_removed: torn,
            });
        }
    }
    Ok(out)
}
