//! One writer per participant: a lock file beside the participant's folder
//! (`DATA_DIR/.PARTICIPANT.lock`), held (an OS file lock, released when the process
//! ends, however it ends) by the one process that records, replaces or repairs that
//! participant's data.
//!
//! Readers never take it: they only ask whether someone holds it, to tell a session
//! being recorded right now from one a crash left open.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use vr_aat_core::participant::ParticipantId;

use crate::atomic::create_dir_durably;

/// The lock file of `participant` under `data_dir`.
pub fn lock_path(data_dir: &Path, participant: &str) -> PathBuf {
    data_dir.join(format!(".{participant}.lock"))
}

/// Why a participant's data cannot be written now.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "participant {participant} is being recorded by another vr-aat process (simulate, play or repair) right now; wait for it to finish, or use another participant id. Nothing was changed."
    )]
    Busy { participant: String },
    #[error(
        "participant id `{given}` differs from the existing participant `{existing}` only in upper/lower case; on Windows and macOS they would be the same folder and their data would mix. Use `{existing}`, or another id."
    )]
    CaseClash { given: String, existing: String },
    #[error("{}: cannot take the participant's lock: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Proof that this process is the one writer of a participant's data, for as long as it
/// lives.
#[derive(Debug)]
pub struct ParticipantLock {
    data_dir: PathBuf,
    participant: ParticipantId,
    _file: File,
}

impl ParticipantLock {
    /// Takes the lock, creating the data folder if needed; fails at once (without
    /// waiting) if another process holds it, or if a participant folder whose name
    /// differs only in case exists.
    pub fn acquire(data_dir: &Path, participant: &ParticipantId) -> Result<Self, LockError> {
        if let Ok(entries) = std::fs::read_dir(data_dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name != participant.as_str() && name.eq_ignore_ascii_case(participant.as_str()) {
                    return Err(LockError::CaseClash {
                        given: participant.to_string(),
                        existing: name,
                    });
                }
            }
        }
        let path = lock_path(data_dir, participant.as_str());
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        create_dir_durably(data_dir).map_err(io)?;
        // Never through a link planted in the data folder.
        let file = crate::safe_open::no_follow(OpenOptions::new().create(true).truncate(false).write(true))
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(Self {
                data_dir: data_dir.to_path_buf(),
                participant: participant.clone(),
                _file: file,
            }),
            Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Busy {
                participant: participant.to_string(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// Takes the locks of several participants, all or none.
    pub fn acquire_all(data_dir: &Path, participants: &[ParticipantId]) -> Result<Vec<Self>, LockError> {
        participants.iter().map(|p| Self::acquire(data_dir, p)).collect()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn participant(&self) -> &ParticipantId {
        &self.participant
    }

    /// The participant's folder.
    pub fn folder(&self) -> PathBuf {
        self.data_dir.join(self.participant.as_str())
    }
}

/// Whether a process holds `participant`'s lock now (its data is being written). Opens
/// the lock file read-only, so it works on a read-only data folder.
pub fn is_being_written(data_dir: &Path, participant: &str) -> bool {
    let Ok(file) = File::open(lock_path(data_dir, participant)) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_a_released_lock_can_be_taken() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let p = ParticipantId::parse("P1").unwrap();
        let first = ParticipantLock::acquire(&data, &p).unwrap();
        assert!(is_being_written(&data, "P1"));
        assert!(matches!(
            ParticipantLock::acquire(&data, &p),
            Err(LockError::Busy { .. })
        ));
        // Another participant is independent.
        let q = ParticipantId::parse("P2").unwrap();
        assert!(ParticipantLock::acquire(&data, &q).is_ok());
        drop(first);
        assert!(!is_being_written(&data, "P1"));
        assert!(ParticipantLock::acquire(&data, &p).is_ok());
    }

    #[test]
    fn an_id_that_differs_only_in_case_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("P001")).unwrap();
        let lower = ParticipantId::parse("p001").unwrap();
        assert!(matches!(
            ParticipantLock::acquire(dir.path(), &lower),
            Err(LockError::CaseClash { .. })
        ));
        assert!(ParticipantLock::acquire(dir.path(), &ParticipantId::parse("P001").unwrap()).is_ok());
    }
}
