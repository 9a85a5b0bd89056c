//! The files vr-aat stores, one module each: the one writer and the one reader of every
//! file format, so a format is changed in one place and every command reads it the same
//! way (docs/data-dictionary.md describes them column by column).
//!
//! Every reader checks what it reads and returns [`StoreError`], naming the file, line
//! and column of a problem and what was expected.

pub mod answers;
pub mod core_cost;
pub mod events;
pub mod frames;
pub mod intake;
pub mod session;
pub mod summary;
pub mod tracking;
pub mod trials;

use std::path::Path;

use crate::error::StoreError;

/// The whole file.
fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    crate::safe_open::read_bounded(path).map_err(StoreError::io(path))
}

/// The rows of a CSV file the recorder appends to, whole lines only: a cut-off last row
/// (no line end: a kill while it was written) is left out where `allow_cut_off` (a
/// session left open), and its line returned; in a closed session it is damage.
fn complete_rows(path: &Path, mut bytes: Vec<u8>, allow_cut_off: bool) -> Result<(Vec<u8>, Option<u64>), StoreError> {
    if bytes.is_empty() || bytes.last() == Some(&b'\n') {
        return Ok((bytes, None));
    }
    let line = bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    if !allow_cut_off {
        return Err(StoreError::damaged(
            path,
            Some(line),
            None,
            "the last row is cut off (the file was truncated)",
        ));
    }
    let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    bytes.truncate(keep);
    Ok((bytes, Some(line)))
}

/// A RON file, or `None` when it does not exist; a file that does not parse is named
/// with its line and column (`what` says what it should have been).
fn read_ron_if_present<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<Option<T>, StoreError> {
    let bytes = match crate::safe_open::read_bounded(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path)(e)),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        StoreError::damaged(
            path,
            None,
            None,
            format!("not text (UTF-8) at byte {}", e.utf8_error().valid_up_to()),
        )
    })?;
    ron::from_str(&text).map(Some).map_err(|e| {
        StoreError::damaged(
            path,
            Some(e.span.start.line as u64),
            Some(e.span.start.col as u64),
            format!("not a valid {what}: {}", e.code),
        )
    })
}

/// The column (from 1) where field `i` of a CSV row starts, for naming a damaged value:
/// a record keeps its fields without their delimiters, so each field before it adds one
/// (a quoted field before it shifts the count by its quotes).
pub(crate) fn field_column(row: &csv::ByteRecord, i: usize) -> Option<u64> {
    row.range(i).map(|r| (r.start + i) as u64 + 1)
}
