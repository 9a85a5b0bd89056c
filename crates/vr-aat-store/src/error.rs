//! The store's two errors: [`StoreError`], the one error of reading what vr-aat stored (a
//! file that cannot be read, or one whose content is not what vr-aat writes, named with
//! its line and column and what was expected; every reader of this crate returns it),
//! and [`RecordError`], why something could not be written.

use std::path::{Path, PathBuf};

/// A data folder or session file that cannot be read as expected.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot read: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// A file whose content is not what vr-aat writes: `FILE:LINE:COL: problem`.
    #[error("{}{}: {message}", path.display(), place(*line, *col))]
    Damaged {
        path: PathBuf,
        line: Option<u64>,
        col: Option<u64>,
        message: String,
    },
}

fn place(line: Option<u64>, col: Option<u64>) -> String {
    match (line, col) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl StoreError {
    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |e| StoreError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }

    pub(crate) fn damaged(path: &Path, line: Option<u64>, col: Option<u64>, message: impl Into<String>) -> Self {
        StoreError::Damaged {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }

    /// The file the problem is in.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. } | StoreError::Damaged { path, .. } => path,
        }
    }
}

/// Why a session could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{}: {what}: {source}", path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: a session is already recorded here; sessions are never overwritten", .0.display())]
    Exists(PathBuf),
    #[error("{0}")]
    Writer(String),
}

pub(crate) fn io<'a>(path: &'a Path, what: &'static str) -> impl FnOnce(std::io::Error) -> RecordError + 'a {
    move |source| RecordError::Io {
        path: path.to_path_buf(),
        what,
        source,
    }
}
