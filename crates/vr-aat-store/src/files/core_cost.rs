//! `core_cost.ron`: the core's own cost per frame in a session ([`CoreCostRecord`]),
//! written when the session closes. Machine-dependent: a benchmark figure, never part of
//! a session's results.

use std::path::Path;

use vr_aat_core::records::CoreCostRecord;

use crate::atomic::write_ron;
use crate::error::RecordError;
use crate::error::StoreError;
use crate::layout::CORE_COST_FILE;

/// Writes `core_cost.ron` into `dir` atomically.
pub fn write_core_cost(dir: &Path, cost: &CoreCostRecord) -> Result<(), RecordError> {
    write_ron(&dir.join(CORE_COST_FILE), cost)
}

/// The session's `core_cost.ron`; `None` while the session is open (it is written at
/// the close). A damaged file is named with its line and column.
pub fn read_core_cost(dir: &Path) -> Result<Option<CoreCostRecord>, StoreError> {
    super::read_ron_if_present(&dir.join(CORE_COST_FILE), "core cost file")
}
