//! The one error type for reading and validating data files.

use std::fmt;
use std::path::PathBuf;

/// A line and column in a text file, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Why a data file (protocol, catalogue, patient) was rejected.
///
/// The `Display` form is what a user sees: `FILE:LINE:COL: field `F`: PROBLEM (expected E)`.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read at all.
    #[error("{}: cannot read the file: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid RON, or does not have the expected shape.
    #[error("{}:{place}: {message}", file.display())]
    Syntax {
        file: PathBuf,
        place: Place,
        message: String,
    },
    /// The file parsed but a value does not make sense.
    #[error("{}{}: field `{field}`: {problem} (expected {expected})", file.display(), place.map(|p| format!(":{p}")).unwrap_or_default())]
    Invalid {
        file: PathBuf,
        place: Option<Place>,
        field: String,
        problem: String,
        expected: String,
    },
    /// More than one value does not make sense; each is listed on its own line.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Several(Vec<DataError>),
}

impl DataError {
    /// The field path an [`DataError::Invalid`] names, for tests and tools.
    pub fn field(&self) -> Option<&str> {
        match self {
            DataError::Invalid { field, .. } => Some(field),
            DataError::Several(all) => all.first().and_then(DataError::field),
            _ => None,
        }
    }

    /// The place in the file, where known.
    pub fn place(&self) -> Option<Place> {
        match self {
            DataError::Syntax { place, .. } => Some(*place),
            DataError::Invalid { place, .. } => *place,
            DataError::Several(all) => all.first().and_then(DataError::place),
            DataError::Io { .. } => None,
        }
    }
}

/// A semantic problem found by a validator, before the file name and place are attached.
///
/// `path` is the field path in the file, for example `blocks[2].alcohol_push_share`.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub path: String,
    pub problem: String,
    pub expected: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, problem: impl Into<String>, expected: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            problem: problem.into(),
            expected: expected.into(),
        }
    }
}
