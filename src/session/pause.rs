//! Why a session is paused: a set of causes, each set and cleared by its own source.

use bevy::prelude::*;

/// Something that holds the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PauseCause {
    /// The therapist pressed P (cleared by R).
    Therapist,
    /// The headset is not focused: taken off, asleep, or the system menu is open
    /// (cleared when the runtime gives the app focus again).
    HeadsetNotFocused,
    /// The head or the responding controller lost tracking for more than a blink
    /// (cleared after a second of steady tracking).
    TrackingLost,
    /// The recorder cannot keep up or cannot write (cleared when it has caught up; a
    /// write error never clears: the session can only be ended).
    RecordingProblem,
}

impl PauseCause {
    /// Short name, for `events.csv` and the therapist's overlay.
    pub fn label(self) -> &'static str {
        match self {
            PauseCause::Therapist => "therapist",
            PauseCause::HeadsetNotFocused => "headset not focused",
            PauseCause::TrackingLost => "tracking lost",
            PauseCause::RecordingProblem => "recording problem",
        }
    }
}

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
