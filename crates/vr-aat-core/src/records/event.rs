//! `events.csv`'s vocabulary: what can happen in a session, one [`EventKind`] per row.
//! Written through [`EventKind::as_str`] and read back through [`EventKind::parse`]
//! (docs/data-dictionary.md lists them with their details).

use crate::label::Label;

/// What happened, as the `event` column of `events.csv` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The recorder opened the session (detail: session and protocol).
    SessionStarted,
    /// A block's instruction panel was shown (detail: block, name, kind, and whether it
    /// was shown again after a pause).
    BlockStarted,
    /// The engine detected a trial's movement onset (detail: the trial).
    MovementDetected,
    /// The engine was held: a pause or a questionnaire on screen (detail: the trial on
    /// screen that will be shown again).
    Paused,
    /// The engine runs again.
    Resumed,
    /// A cause began to hold the session (detail: the cause's label).
    PauseCause,
    /// A cause stopped holding the session (detail: the cause's label).
    PauseCauseCleared,
    /// The responding hand lost tracking (detail: which hand).
    TrackingLost,
    /// The responding hand is tracked again.
    TrackingRegained,
    /// Pose samples were not written because the disk was too slow (detail: how many).
    TrackingDropped,
    /// A questionnaire was put on screen (detail: its id and moment).
    QuestionnaireStarted,
    /// Every item of a questionnaire was answered.
    QuestionnaireFinished,
    /// The session ended with a questionnaire unanswered.
    QuestionnaireAbandoned,
    /// The headset's stage was recentred.
    Recentered,
    /// The OpenXR runtime skipped frames (detail: how many).
    FramesSkipped,
    /// The OpenXR session state changed (detail: the new state).
    XrState,
    /// The engine ran its last trial.
    SessionFinished,
    /// The recorder closed the session (detail: its status).
    SessionEnded,
    /// Format 1 only (now [`EventKind::SessionFinished`]): the engine ran its last trial.
    AllTrialsDone,
    /// Format 1 only (now [`EventKind::PauseCause`] `tracking lost`): lost tracking paused
    /// the session.
    TrackingPause,
}

impl EventKind {
    /// The name written to `events.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SessionStarted => "session_started",
            EventKind::BlockStarted => "block_started",
            EventKind::MovementDetected => "movement_detected",
            EventKind::Paused => "paused",
            EventKind::Resumed => "resumed",
            EventKind::PauseCause => "pause_cause",
            EventKind::PauseCauseCleared => "pause_cause_cleared",
            EventKind::TrackingLost => "tracking_lost",
            EventKind::TrackingRegained => "tracking_regained",
            EventKind::TrackingDropped => "tracking_dropped",
            EventKind::QuestionnaireStarted => "questionnaire_started",
            EventKind::QuestionnaireFinished => "questionnaire_finished",
            EventKind::QuestionnaireAbandoned => "questionnaire_abandoned",
            EventKind::Recentered => "recentered",
            EventKind::FramesSkipped => "frames_skipped",
            EventKind::XrState => "xr_state",
            EventKind::SessionFinished => "session_finished",
            EventKind::SessionEnded => "session_ended",
            EventKind::AllTrialsDone => "all_trials_done",
            EventKind::TrackingPause => "tracking_pause",
        }
    }

    /// The event a name in `events.csv` stands for (`None` for a name vr-aat never wrote).
    pub fn parse(name: &str) -> Option<Self> {
        Self::from_label(name)
    }
}

impl Label for EventKind {
    const ALL: &'static [Self] = &[
        EventKind::SessionStarted,
        EventKind::BlockStarted,
        EventKind::MovementDetected,
        EventKind::Paused,
        EventKind::Resumed,
        EventKind::PauseCause,
        EventKind::PauseCauseCleared,
        EventKind::TrackingLost,
        EventKind::TrackingRegained,
        EventKind::TrackingDropped,
        EventKind::QuestionnaireStarted,
        EventKind::QuestionnaireFinished,
        EventKind::QuestionnaireAbandoned,
        EventKind::Recentered,
        EventKind::FramesSkipped,
        EventKind::XrState,
        EventKind::SessionFinished,
        EventKind::SessionEnded,
        EventKind::AllTrialsDone,
        EventKind::TrackingPause,
    ];

    fn label(self) -> &'static str {
        self.as_str()
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_reads_back_as_itself_and_names_are_unique() {
        let mut names = std::collections::BTreeSet::new();
        for e in EventKind::ALL {
            assert_eq!(EventKind::parse(e.as_str()), Some(*e));
            assert!(names.insert(e.as_str()), "{} twice", e.as_str());
        }
        assert_eq!(EventKind::parse("no_such_event"), None);
    }
}
