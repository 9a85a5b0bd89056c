//! What a recorded session counts as: therapy data, or not and why. This is the one
//! definition; every output that counts, compares or labels sessions (summary, the
//! therapist's and the study report, export, FHIR) takes it from here
//! (docs/design.md, "Therapy data").
//!
//! A session is **therapy data** only when it was played in a headset by a person and
//! ran to its end. Everything else stays visible and marked, and is left out of headline
//! figures unless a reader asks for it on purpose.

use super::{InputSource, SessionStatus};

/// What a session counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SessionUse {
    /// Played in a headset by a person and run to its end.
    Therapy,
    /// Played in a headset by a person, but ended early (or was never closed: a crash).
    EndedEarly,
    /// Played in a desktop window: a demonstration, not therapy.
    Demo,
    /// A synthetic patient: a simulation, not a person.
    Synthetic,
    /// Trials derived again from a recording (`vr-aat replay --out`), not a session.
    Replayed,
}

impl SessionUse {
    /// What a recorded session with this source and status counts as.
    pub fn of(input: &InputSource, status: &SessionStatus) -> Self {
        match input {
            InputSource::Synthetic { .. } => SessionUse::Synthetic,
            InputSource::Flat => SessionUse::Demo,
            InputSource::Xr if *status == SessionStatus::Complete => SessionUse::Therapy,
            InputSource::Xr => SessionUse::EndedEarly,
        }
    }

    pub fn is_therapy(self) -> bool {
        self == SessionUse::Therapy
    }

    /// Data that no person produced in therapy: HL7's test-data label (`HTEST`) applies.
    /// A headset session that ended early is a person's data, only incomplete.
    pub fn is_test_data(self) -> bool {
        matches!(self, SessionUse::Demo | SessionUse::Synthetic | SessionUse::Replayed)
    }

    /// The value in CSV columns and FHIR tags.
    pub fn id(self) -> &'static str {
        match self {
            SessionUse::Therapy => "therapy",
            SessionUse::EndedEarly => "ended-early",
            SessionUse::Demo => "demo",
            SessionUse::Synthetic => "synthetic",
            SessionUse::Replayed => "replayed",
        }
    }

    /// In English, as `summary` prints it (the report has it in its own language).
    pub fn english(self) -> &'static str {
        match self {
            SessionUse::Therapy => "therapy (headset, a person, run to its end)",
            SessionUse::EndedEarly => "ended early (headset, a person)",
            SessionUse::Demo => "demonstration (desktop window, not a headset)",
            SessionUse::Synthetic => "simulation (a synthetic patient, not a person)",
            SessionUse::Replayed => "replay (derived from a recording)",
        }
    }
}

/// Which sessions go into headline figures (a course's change, sessions done, group
/// means). Left-out sessions stay visible and marked either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Counted {
    /// Therapy data only.
    #[default]
    TherapyOnly,
    /// Every session, on purpose (teaching, testing, simulations).
    Everything,
}

impl Counted {
    pub fn counts(self, session: SessionUse) -> bool {
        self == Counted::Everything || session.is_therapy()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_finished_headset_session_of_a_person_is_therapy() {
        let ended = SessionStatus::Incomplete { reason: "x".into() };
        let patient = InputSource::Synthetic { patient: "p".into() };
        assert_eq!(
            SessionUse::of(&InputSource::Xr, &SessionStatus::Complete),
            SessionUse::Therapy
        );
        assert_eq!(SessionUse::of(&InputSource::Xr, &ended), SessionUse::EndedEarly);
        assert_eq!(
            SessionUse::of(&InputSource::Xr, &SessionStatus::InProgress),
            SessionUse::EndedEarly
        );
        assert_eq!(
            SessionUse::of(&InputSource::Flat, &SessionStatus::Complete),
            SessionUse::Demo
        );
        assert_eq!(
            SessionUse::of(&patient, &SessionStatus::Complete),
            SessionUse::Synthetic
        );
        assert!(!SessionUse::EndedEarly.is_test_data());
        assert!(SessionUse::Demo.is_test_data() && SessionUse::Synthetic.is_test_data());
        assert!(Counted::TherapyOnly.counts(SessionUse::Therapy));
        assert!(!Counted::TherapyOnly.counts(SessionUse::Demo));
        assert!(Counted::Everything.counts(SessionUse::Synthetic));
    }
}
