//! `intake.ron` in a participant's folder: the drinks they picked at the intake
//! ([`Intake`]), from which their sessions train a personal set
//! ([`vr_aat_core::data::intake`]). Written whole and atomically by `vr-aat intake` (or
//! `simulate --alcohol/--soft`), read before each of their sessions.

use std::path::Path;

use vr_aat_core::data::Catalogue;
use vr_aat_core::data::intake::{Intake, personal_set, personalise};

use crate::atomic::write_ron;
use crate::error::{RecordError, StoreError};

/// The intake file in a participant's folder.
pub const INTAKE_FILE: &str = "intake.ron";

/// Writes the participant's intake into their `folder`, replacing an old one atomically.
pub fn write_intake(folder: &Path, intake: &Intake) -> Result<(), RecordError> {
    write_ron(&folder.join(INTAKE_FILE), intake)
}

/// The participant's intake in `folder`, if one was recorded; a damaged file is named
/// with its line and column.
pub fn read_intake(folder: &Path) -> Result<Option<Intake>, StoreError> {
    super::read_ron_if_present(&folder.join(INTAKE_FILE), "intake file")
}

/// The catalogue a participant's sessions use: personalised when they have an intake
/// that fits it (a damaged or unfitting intake is an error, never silently ignored).
pub fn catalogue_for(folder: &Path, catalogue: &Catalogue) -> Result<Catalogue, String> {
    match read_intake(folder).map_err(|e| e.to_string())? {
        None => Ok(catalogue.clone()),
        Some(intake) => {
            intake
                .check(catalogue)
                .map_err(|e| format!("{}: {e}", folder.join(INTAKE_FILE).display()))?;
            Ok(personalise(catalogue, &personal_set(&intake, catalogue)))
        }
    }
}
