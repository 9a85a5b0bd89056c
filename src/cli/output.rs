//! Where readers write: a folder outside the data folder, files replaced atomically.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Failure;
use vr_aat::metrics::sync_parent;

/// A file being written to a temporary file beside its final name, moved into place
/// (synced) only when complete.
pub struct OutFile {
    tmp: PathBuf,
    path: PathBuf,
    pub out: BufWriter<File>,
}

impl OutFile {
    pub fn create(dir: &Path, name: &str) -> Result<Self, Failure> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        let file = File::create(&tmp).map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", tmp.display())))?;
        Ok(Self {
            tmp,
            path,
            out: BufWriter::new(file),
        })
    }

    pub fn fail(&self, e: impl std::fmt::Display) -> Failure {
        Failure::runtime(format!("{}: cannot write: {e}", self.tmp.display()))
    }

    /// Syncs the table and moves it into place.
    pub fn finish(self) -> Result<PathBuf, Failure> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| Failure::runtime(format!("{}: {e}", self.tmp.display())))?;
        file.sync_all()
            .and_then(|_| std::fs::rename(&self.tmp, &self.path))
            .and_then(|_| sync_parent(&self.path))
            .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", self.path.display())))?;
        Ok(self.path)
    }

    pub fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// The output folder must be a folder (or not exist yet) outside the data folder:
/// readers never write into the data folder.
pub fn check_out_folder(out: &Path, data_dir: &Path) -> Result<(), Failure> {
    if out.exists() && !out.is_dir() {
        return Err(Failure::bad_input(format!(
            "--out {}: this is a file; expected a folder",
            out.display()
        )));
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
            // The part of --out that exists, resolved (links included).
            out_abs
                .ancestors()
                .find_map(canonical)
                .is_some_and(|o| o.starts_with(&d))
        });
    if inside {
        return Err(Failure::bad_input(format!(
            "--out {}: inside the data folder {}; export writes elsewhere (readers never change the data folder)",
            out.display(),
            data_dir.display()
        )));
    }
    Ok(())
}

/// Writes `bytes` to `dir/name` through an [`OutFile`]: the old file stays until the new
/// one is complete and synced.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Failure> {
    let mut file = OutFile::create(dir, name)?;
    if let Err(e) = file.out.write_all(bytes) {
        let f = file.fail(e);
        file.discard();
        return Err(f);
    }
    file.finish()
}
