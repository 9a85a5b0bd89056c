//! Atomic, durable file replacement: write a temporary file beside the target, sync it,
//! rename it into place, sync the folder. A reader (or a crash) sees the old file or the
//! new one, never half of one, and once this returns the new one survives a power cut.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{RecordError, io};
use crate::safe_open::create_temporary;

/// Writes `bytes` to a new temporary file beside `path`, syncs it, renames it into place and
/// syncs the folder (so the rename itself is durable).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Created exclusively under a name nobody can predict: never through a planted link.
    let (mut f, tmp) = create_temporary(path)?;
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_parent(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Syncs a folder, so that files created, renamed or removed in it survive a power cut.
/// (A no-op where folders cannot be opened for syncing, as on Windows.)
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Syncs the folder that holds `path`.
pub fn sync_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => sync_dir(p),
        _ => sync_dir(Path::new(".")),
    }
}

/// Creates `dir` and any missing parents, syncing each folder a new entry was made in.
pub fn create_dir_durably(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent()
        && !parent.as_os_str().is_empty()
    {
        create_dir_durably(parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => sync_parent(dir),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes a RON value atomically.
pub fn write_ron<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), RecordError> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(|e| RecordError::Writer(format!("{}: cannot encode: {e}", path.display())))?;
    write_atomically(path, format!("{text}\n").as_bytes()).map_err(io(path, "cannot write"))
}
