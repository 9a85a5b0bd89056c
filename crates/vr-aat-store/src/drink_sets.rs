//! Which drinks a recorded session trained: its participant's personal set when it had
//! one (`session.ron`'s `personal_set`), else the trained drinks of its protocol's
//! catalogue. Every other drink stayed untrained, so the assessment's trials with them
//! test whether the training generalises (docs/scoring.md, "Trained and untrained
//! drinks").

use std::collections::BTreeSet;
use std::path::Path;

use vr_aat_core::data::{StimulusSet, load_protocol};
use vr_aat_core::records::SessionMeta;

/// The drink ids the session trained, or `None` when that cannot be known (no personal
/// set, and the protocol file can no longer be read).
pub fn trained_drinks(meta: &SessionMeta) -> Option<BTreeSet<String>> {
    if let Some(set) = &meta.personal_set {
        return Some(set.iter().cloned().collect());
    }
    let (_, catalogue, _) = load_protocol(Path::new(&meta.protocol_file)).ok()?;
    Some(
        catalogue
            .drinks
            .iter()
            .filter(|d| d.set == StimulusSet::Trained)
            .map(|d| d.id.clone())
            .collect(),
    )
}
