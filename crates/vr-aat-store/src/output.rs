//! Where readers write what they make of the data (export tables, reports, FHIR
//! Bundles, replays): a folder outside the data folder, each file written beside its
//! final name and moved into place (synced) only when complete, so an old file stays
//! whole until its replacement is.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::atomic::sync_parent;
use crate::safe_open::create_temporary;

/// An output that cannot be written where it was asked for.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder is a file.
    #[error("{}: this is a file; expected a folder", .0.display())]
    NotAFolder(PathBuf),
    /// The output folder is inside the data folder, which readers never change.
    #[error(
        "{}: inside the data folder {}; write the output elsewhere (readers never change the data folder)",
        out.display(),
        data.display()
    )]
    InsideDataFolder { out: PathBuf, data: PathBuf },
    /// The output folder cannot take this output (it holds something else).
    #[error("{}: {why}", path.display())]
    Refused { path: PathBuf, why: String },
    /// Writing failed.
    #[error("{}: cannot write: {message}", path.display())]
    Write { path: PathBuf, message: String },
}

impl OutputError {
    /// Whether the user asked for something impossible (a folder that is a file, one
    /// inside the data folder), as against a failure while writing.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, OutputError::Write { .. })
    }

    fn write(path: &Path, e: impl std::fmt::Display) -> Self {
        OutputError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }
}

/// A file being written to a temporary file beside its final name, moved into place
/// (synced) only when complete.
pub struct OutFile {
    tmp: PathBuf,
    path: PathBuf,
    pub out: BufWriter<File>,
}

impl OutFile {
    pub fn create(dir: &Path, name: &str) -> Result<Self, OutputError> {
        let path = dir.join(name);
        // Created exclusively under a name nobody can predict: never through a planted link.
        let (file, tmp) = create_temporary(&path).map_err(|e| OutputError::write(&path, e))?;
        Ok(Self {
            tmp,
            path,
            out: BufWriter::new(file),
        })
    }

    /// A failure to write this file.
    /// Bytes written so far (what [`OutFile::truncate_to`] can go back to).
    pub fn position(&mut self) -> Result<u64, OutputError> {
        use std::io::Seek;
        self.out.stream_position().map_err(|e| self.fail(e))
    }

    /// Drops everything written after `position` (a session whose file turned out to be
    /// damaged halfway through), so the table goes on from there.
    pub fn truncate_to(&mut self, position: u64) -> Result<(), OutputError> {
        use std::io::{Seek, SeekFrom, Write};
        let done = self
            .out
            .flush()
            .and_then(|_| self.out.get_ref().set_len(position))
            .and_then(|_| self.out.seek(SeekFrom::Start(position)).map(|_| ()));
        done.map_err(|e| self.fail(e))
    }

    pub fn fail(&self, e: impl std::fmt::Display) -> OutputError {
        OutputError::write(&self.tmp, e)
    }

    /// Syncs the file and moves it into place.
    pub fn finish(self) -> Result<PathBuf, OutputError> {
        let file = self.out.into_inner().map_err(|e| OutputError::Write {
            path: self.tmp.clone(),
            message: e.to_string(),
        })?;
        file.sync_all()
            .and_then(|_| std::fs::rename(&self.tmp, &self.path))
            .and_then(|_| sync_parent(&self.path))
            .map_err(|e| OutputError::write(&self.path, e))?;
        Ok(self.path)
    }

    /// Removes the unfinished file; the old one (if any) stays.
    pub fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// The output folder must be a folder (or not exist yet) outside the data folder:
/// readers never write into the data folder.
pub fn check_out_folder(out: &Path, data_dir: &Path) -> Result<(), OutputError> {
    if out.exists() && !out.is_dir() {
        return Err(OutputError::NotAFolder(out.to_path_buf()));
    }
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|a| a.components().collect::<PathBuf>())
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (out_abs, data_abs) = (absolute(out), absolute(data_dir));
    let canonical = |p: &Path| p.canonicalize().ok();
    let inside = out_abs.starts_with(&data_abs)
        || canonical(data_dir).is_some_and(|d| {
            // The part of the output folder that exists, resolved (links included).
            out_abs
                .ancestors()
                .find_map(canonical)
                .is_some_and(|o| o.starts_with(&d))
        });
    if inside {
        return Err(OutputError::InsideDataFolder {
            out: out.to_path_buf(),
            data: data_dir.to_path_buf(),
        });
    }
    Ok(())
}

/// Writes `bytes` to `dir/name` through an [`OutFile`]: the old file stays until the new
/// one is complete and synced.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
    let mut file = OutFile::create(dir, name)?;
    if let Err(e) = file.out.write_all(bytes) {
        let f = file.fail(e);
        file.discard();
        return Err(f);
    }
    file.finish()
}

/// Removes `dir/name`, an earlier output this run no longer writes (a table left out, a
/// Bundle split differently), so that the folder never mixes two runs. A link there is
/// removed itself, never followed; a folder is left alone and named. Nothing there is
/// fine.
pub fn remove_output(dir: &Path, name: &str) -> Result<(), OutputError> {
    let path = dir.join(name);
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(OutputError::write(&path, e)),
        Ok(m) if m.is_dir() => Err(OutputError::write(
            &path,
            "a folder where an earlier output file was expected; move it aside",
        )),
        Ok(_) => {
            std::fs::remove_file(&path).map_err(|e| OutputError::write(&path, e))?;
            sync_parent(&path).map_err(|e| OutputError::write(&path, e))
        }
    }
}
