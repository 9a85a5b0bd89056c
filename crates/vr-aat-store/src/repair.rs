//! Closing what a crash left open, done only by the participant's one writer (it holds
//! the [`ParticipantLock`]): a live session's next start, `simulate`, or `vr-aat repair`.
//!
//! - A session left `InProgress` by a process that is gone keeps every complete trial:
//!   a cut-off last row (a kill in the middle of a write) is removed, `summary.ron` is
//!   written, and the status becomes `Incomplete` ("interrupted ...").
//! - A session that crashed before its first trial was synced left only its staging
//!   folder (`.S01.starting`): it is removed (no trial was recorded; the session number
//!   is used again). If its first trial had been synced but the move into place was
//!   lost (a power cut), it is moved into place and closed like any interrupted session.
//! - Temporary files of an interrupted atomic write are removed.
//!
//! Repair goes through every session and reports every problem; a session it cannot
//! repair (a damaged file) is left exactly as it is.

use std::fs;
use std::path::{Path, PathBuf};

use vr_aat_core::records::{SessionCounts, SessionStatus};

use crate::atomic::{sync_dir, sync_parent};
use crate::error::RecordError;
use crate::error::StoreError;
use crate::files::session::{read_meta, write_meta};
use crate::files::summary::write_counts;
use crate::files::trials::read_trials;
use crate::layout::{
    ANSWERS_FILE, EVENTS_FILE, FRAMES_FILE, SESSION_FILE, SUMMARY_FILE, TRACKING_FILE, TRIALS_FILE,
    parse_session_folder, parse_staging_folder, session_folder_name,
};
use crate::lock::ParticipantLock;
use crate::recorder::{RESERVE_FILE, utc_now};
use crate::safe_open;

/// A session that a crash left open and that was closed now.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    pub dir: PathBuf,
    pub trials_kept: u32,
    /// Bytes of cut-off rows removed from the ends of the CSV files.
    pub torn_bytes_removed: u64,
}

/// What a repair did and could not do.
#[derive(Debug, Default)]
pub struct RepairReport {
    pub recovered: Vec<Recovered>,
    /// Staging folders of sessions that never recorded a trial, removed.
    pub removed_starts: Vec<PathBuf>,
    /// Sessions that could not be repaired, each named with its problem (left as they are).
    pub problems: Vec<StoreError>,
}

impl RepairReport {
    /// Prints what was done to stderr (notes) and what could not be (errors).
    pub fn report(&self) {
        for r in &self.recovered {
            eprintln!(
                "note: {} was interrupted (the program stopped before the session ended); closed it as incomplete with {} trials kept",
                r.dir.display(),
                r.trials_kept
            );
        }
        for d in &self.removed_starts {
            eprintln!(
                "note: {}: a session that stopped before its first trial was recorded; removed it (its number is used again)",
                d.display()
            );
        }
        for e in &self.problems {
            eprintln!("error: {e} (left as it is; see `vr-aat repair --help`)");
        }
    }
}

/// Repairs everything a crash left in the participant's folder (see the module docs).
pub fn repair_participant(lock: &ParticipantLock) -> RepairReport {
    let mut report = RepairReport::default();
    let folder = lock.folder();
    let Ok(entries) = fs::read_dir(&folder) else {
        return report; // no folder yet: nothing to repair
    };
    let mut staging = Vec::new();
    let mut sessions = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if let Some(n) = parse_staging_folder(&name) {
            staging.push((n, path));
        } else if let Some(n) = parse_session_folder(&name) {
            sessions.push((n, path));
        }
    }
    for (n, dir) in staging {
        match settle_staging(&dir, &folder.join(session_folder_name(n))) {
            Ok(Some(moved)) => sessions.push((n, moved)),
            Ok(None) => report.removed_starts.push(dir),
            Err(e) => report.problems.push(e),
        }
    }
    sessions.sort();
    sessions.dedup();
    for (_, dir) in sessions {
        remove_temporary_files(&dir);
        match close_if_open(&dir) {
            Ok(Some(r)) => report.recovered.push(r),
            Ok(None) => {}
            Err(e) => report.problems.push(e),
        }
    }
    report
}

/// A staging folder: moved into place if it holds a synced trial, removed otherwise.
fn settle_staging(dir: &Path, final_dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    let has_trial = read_meta(dir)
        .ok()
        .and_then(|meta| read_trials(dir, &meta, true).ok())
        .is_some_and(|t| !t.records.is_empty());
    if has_trial && !final_dir.exists() {
        fs::rename(dir, final_dir)
            .and_then(|_| sync_parent(final_dir))
            .map_err(StoreError::io(dir))?;
        return Ok(Some(final_dir.to_path_buf()));
    }
    if has_trial {
        return Err(StoreError::Damaged {
            path: dir.to_path_buf(),
            line: None,
            col: None,
            message: format!(
                "holds recorded trials but {} exists too; move one aside by hand",
                final_dir.display()
            ),
        });
    }
    fs::remove_dir_all(dir)
        .and_then(|_| sync_parent(dir))
        .map_err(StoreError::io(dir))?;
    Ok(None)
}

/// Removes `.NAME.tmp` files an interrupted atomic write left, and the space a crashed
/// recorder had reserved.
fn remove_temporary_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if (name.starts_with('.') && name.ends_with(".tmp")) || name == RESERVE_FILE {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A session file that is a symbolic link is not one vr-aat wrote: repair never changes a
/// file outside the data folder through a planted link.
fn refuse_link(path: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(StoreError::damaged(
            path,
            None,
            None,
            "is a symbolic link, not a file vr-aat wrote; repair leaves it alone (remove the link)",
        )),
        _ => Ok(()),
    }
}

/// Cuts a file back to its last complete line; returns the bytes removed.
fn cut_to_last_line(path: &Path) -> Result<u64, StoreError> {
    if fs::symlink_metadata(path).is_err() {
        return Ok(0);
    }
    // The caller has refused links (`refuse_link`); the write below would fail on one too.
    let bytes = safe_open::read_bounded(path).map_err(StoreError::io(path))?;
    let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let removed = (bytes.len() - keep) as u64;
    if removed > 0 {
        let f = safe_open::open_for_writing(path, false).map_err(StoreError::io(path))?;
        f.set_len(keep as u64)
            .and_then(|_| f.sync_all())
            .map_err(StoreError::io(path))?;
    }
    Ok(removed)
}

fn count_lines(path: &Path) -> u64 {
    safe_open::read_bounded(path).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count() as u64)
}

/// Closes a session left `InProgress` (its writer holds no lock any more: the caller
/// holds it). Checks everything before changing anything.
fn close_if_open(dir: &Path) -> Result<Option<Recovered>, StoreError> {
    let mut meta = read_meta(dir)?;
    if meta.status != SessionStatus::InProgress {
        return Ok(None);
    }
    let trials = read_trials(dir, &meta, true)?;
    let files = [TRIALS_FILE, TRACKING_FILE, FRAMES_FILE, EVENTS_FILE, ANSWERS_FILE];
    for f in files {
        refuse_link(&dir.join(f))?;
    }
    let mut torn = 0;
    for f in files {
        torn += cut_to_last_line(&dir.join(f))?;
    }
    let mut counts = SessionCounts {
        trials_planned: meta.trials_planned,
        tracking_samples_written: count_lines(&dir.join(TRACKING_FILE)).saturating_sub(1),
        answers_recorded: count_lines(&dir.join(ANSWERS_FILE)).saturating_sub(1) as u32,
        ..Default::default()
    };
    for r in &trials.records {
        counts.add(r);
    }
    let repair = |path: PathBuf| {
        move |e: RecordError| StoreError::Io {
            path,
            message: format!("cannot repair: {e}"),
        }
    };
    write_counts(dir, &counts).map_err(repair(dir.join(SUMMARY_FILE)))?;
    meta.status = SessionStatus::Incomplete {
        reason: format!(
            "interrupted: the recording process stopped before the session ended; closed on {} with {} of {} trials",
            utc_now(),
            trials.records.len(),
            meta.trials_planned
        ),
    };
    write_meta(dir, &meta).map_err(repair(dir.join(SESSION_FILE)))?;
    let _ = sync_dir(dir);
    Ok(Some(Recovered {
        dir: dir.to_path_buf(),
        trials_kept: trials.records.len() as u32,
        torn_bytes_removed: torn,
    }))
}
