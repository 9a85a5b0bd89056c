//! Replacing a participant's whole folder atomically (a simulated course run again):
//! the new folder is built beside the old one (`.PARTICIPANT.new`) and swapped in with
//! one atomic exchange, so a kill at any moment leaves either the old folder or the new
//! one under the participant's name, never a mix. Only the participant's one writer
//! (who holds the [`ParticipantLock`]) does this.

use std::fs;
use std::path::{Path, PathBuf};

use crate::atomic::{create_dir_durably, sync_dir};
use crate::lock::ParticipantLock;

/// A participant's folder being rebuilt beside the current one.
#[derive(Debug)]
pub struct Replacement {
    building: PathBuf,
    target: PathBuf,
    /// Where the old folder goes while the swap completes (without an atomic exchange).
    old: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

impl Replacement {
    /// Settles what an interrupted earlier replacement left, then creates the empty
    /// folder to build into.
    pub fn begin(lock: &ParticipantLock) -> Result<Self, String> {
        let target = lock.folder();
        let name = lock.participant().as_str();
        let building = lock.data_dir().join(format!(".{name}.new"));
        let old = lock.data_dir().join(format!(".{name}.old"));
        // A folder, not a link to one: a link planted under these names is removed, never
        // followed or moved into place.
        let is_folder = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
        // Killed between the two renames of a swap without exchange: put the old back.
        if fs::symlink_metadata(&target).is_err() && is_folder(&old) {
            fs::rename(&old, &target).map_err(io(&old))?;
        }
        for leftover in [&building, &old] {
            if is_folder(leftover) {
                fs::remove_dir_all(leftover).map_err(io(leftover))?;
            } else if fs::symlink_metadata(leftover).is_ok() {
                fs::remove_file(leftover).map_err(io(leftover))?;
            }
        }
        create_dir_durably(&building).map_err(io(&building))?;
        Ok(Self { building, target, old })
    }

    /// The folder to build the new version in.
    pub fn dir(&self) -> &Path {
        &self.building
    }

    /// Swaps the new folder in and removes the old one.
    pub fn commit(self) -> Result<(), String> {
        let data_dir = self.target.parent().map(Path::to_path_buf).unwrap_or_default();
        if !self.target.exists() {
            fs::rename(&self.building, &self.target).map_err(io(&self.target))?;
        } else if exchange(&self.building, &self.target).is_ok() {
            // The old folder is now where the new one was built.
            fs::remove_dir_all(&self.building).map_err(io(&self.building))?;
        } else {
            fs::rename(&self.target, &self.old).map_err(io(&self.target))?;
            fs::rename(&self.building, &self.target).map_err(io(&self.target))?;
            fs::remove_dir_all(&self.old).map_err(io(&self.old))?;
        }
        sync_dir(&data_dir).map_err(io(&data_dir))
    }

    /// Gives up: removes what was built; the old folder stays as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.building);
    }
}

/// Exchanges two folders in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the working directory.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere there is no atomic exchange: the caller renames twice, and
/// [`Replacement::begin`] repairs a kill between the two.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this platform"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vr_aat_core::participant::ParticipantId;

    #[test]
    fn a_replacement_swaps_whole_folders_and_an_abandoned_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ParticipantLock::acquire(dir.path(), &ParticipantId::parse("P1").unwrap()).unwrap();
        let target = lock.folder();
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.txt"), "old").unwrap();

        let r = Replacement::begin(&lock).unwrap();
        fs::write(r.dir().join("new.txt"), "new").unwrap();
        r.abandon();
        assert!(target.join("old.txt").exists());

        let r = Replacement::begin(&lock).unwrap();
        fs::write(r.dir().join("new.txt"), "new").unwrap();
        r.commit().unwrap();
        assert!(target.join("new.txt").exists() && !target.join("old.txt").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().contains(".new")), "{names:?}");
    }

    #[test]
    fn a_kill_between_two_renames_is_undone_on_the_next_begin() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ParticipantLock::acquire(dir.path(), &ParticipantId::parse("P1").unwrap()).unwrap();
        // The old folder was moved aside, the new one not yet in place.
        let old = dir.path().join(".P1.old");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("old.txt"), "old").unwrap();
        fs::create_dir_all(dir.path().join(".P1.new")).unwrap();
        let r = Replacement::begin(&lock).unwrap();
        assert!(lock.folder().join("old.txt").exists(), "the old course is back");
        r.abandon();
    }
}
