//! Why a session is paused: a set of causes, each set and cleared by its own source.

use bevy::prelude::*;

pub use vr_aat_core::lifecycle::PauseCause;

/// The causes holding the session now (none = it may run).
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct PauseCauses(Vec<PauseCause>);

impl PauseCauses {
    /// Adds a cause; true if it was not there yet.
    pub fn insert(&mut self, cause: PauseCause) -> bool {
        if self.0.contains(&cause) {
            return false;
        }
        self.0.push(cause);
        self.0.sort();
        true
    }

    /// Clears a cause; true if it was there.
    pub fn remove(&mut self, cause: PauseCause) -> bool {
        let before = self.0.len();
        self.0.retain(|c| *c != cause);
        self.0.len() != before
    }

    /// Whether any cause holds the session.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn contains(&self, cause: PauseCause) -> bool {
        self.0.contains(&cause)
    }

    /// The causes, in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = PauseCause> + '_ {
        self.0.iter().copied()
    }

    /// "therapist, tracking lost", for the overlay.
    pub fn describe(&self) -> String {
        self.0.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_runs_only_when_every_cause_has_cleared() {
        let mut c = PauseCauses::default();
        assert!(c.insert(PauseCause::HeadsetNotFocused));
        assert!(c.insert(PauseCause::Therapist));
        assert!(!c.insert(PauseCause::Therapist), "a cause is held once");
        assert!(c.remove(PauseCause::HeadsetNotFocused));
        assert!(c.any(), "the therapist still holds it");
        assert_eq!(c.describe(), "therapist");
        assert!(!c.remove(PauseCause::TrackingLost));
        assert!(c.remove(PauseCause::Therapist));
        assert!(!c.any());
    }
}
