//! The installation check's look at the data folder (`vr-aat doctor`): can a session
//! write there as the recorder writes (a file synced to disk, the folder synced), how
//! long that takes, and how much space is free. Leaves nothing behind.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::atomic::sync_dir;
use crate::safe_open::create_temporary;

/// What the data folder allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct FolderCheck {
    /// Writing 64 KiB, syncing the file and syncing the folder (ms): what ending a trial
    /// costs the recorder at most.
    pub synced_write_ms: f64,
    /// Bytes free for this user (`None` where the platform does not say).
    pub free_bytes: Option<u64>,
}

/// Writes, syncs and removes a probe file in `dir` (an existing folder). `Err` says
/// what failed, in words.
pub fn check_data_folder(dir: &Path) -> Result<FolderCheck, String> {
    let meta = std::fs::metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let started = Instant::now();
    // Created exclusively under a name nobody can predict: never through a planted link.
    let (mut file, tmp) = create_temporary(&dir.join(".vr-aat-installation-check"))
        .map_err(|e| format!("{}: cannot create a file there: {e}", dir.display()))?;
    let written = file
        .write_all(&[0u8; 64 * 1024])
        .and_then(|_| file.sync_all())
        .and_then(|_| sync_dir(dir));
    let synced_write_ms = started.elapsed().as_secs_f64() * 1e3;
    drop(file);
    let removed = std::fs::remove_file(&tmp).and_then(|_| sync_dir(dir));
    written.map_err(|e| format!("{}: writing and syncing a file failed: {e}", dir.display()))?;
    removed.map_err(|e| format!("{}: removing the check's file failed: {e}", tmp.display()))?;
    Ok(FolderCheck {
        synced_write_ms,
        free_bytes: free_bytes(dir),
    })
}

/// Bytes available to this user on the file system holding `dir`.
#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the zeroed struct we own; the path is a valid C string.
    unsafe {
        let mut s: libc::statvfs = std::mem::zeroed();
        (libc::statvfs(path.as_ptr(), &mut s) == 0).then(|| s.f_bavail as u64 * s.f_frsize as u64)
    }
}

#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_folder_passes_and_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let c = check_data_folder(dir.path()).unwrap();
        assert!(c.synced_write_ms >= 0.0);
        assert!(c.free_bytes.is_some_and(|b| b > 0));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left behind");
    }

    #[test]
    fn a_missing_folder_or_a_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        assert!(check_data_folder(&missing).unwrap_err().contains("nope"));
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        assert!(check_data_folder(&file).unwrap_err().contains("not a folder"));
    }
}
