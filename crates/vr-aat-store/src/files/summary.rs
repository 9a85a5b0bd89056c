//! `summary.ron`: a session's counts when it was closed ([`SessionCounts`]), written by
//! the recorder at the close and by repair.

use std::path::Path;

use vr_aat_core::records::SessionCounts;

use crate::atomic::write_ron;
use crate::error::RecordError;
use crate::error::StoreError;
use crate::layout::SUMMARY_FILE;

/// Writes `summary.ron` into `dir` atomically.
pub fn write_counts(dir: &Path, counts: &SessionCounts) -> Result<(), RecordError> {
    write_ron(&dir.join(SUMMARY_FILE), counts)
}

/// The session's `summary.ron`; `None` while the session is open (it is written at the
/// close). A damaged file is named with its line and column.
pub fn read_counts(dir: &Path) -> Result<Option<SessionCounts>, StoreError> {
    super::read_ron_if_present(&dir.join(SUMMARY_FILE), "session summary")
}
