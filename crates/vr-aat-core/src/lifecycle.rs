//! The session lifecycle's vocabulary, written to files and shown to the therapist: what
//! can hold a session ([`PauseCause`], its label in `events.csv`) and why a session can
//! end before its last trial ([`EndReason`], its words in `session.ron`'s status). The
//! lifecycle itself (states, requests, closing) is the runtime crate's.

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

/// Why a session ended before its last trial (written into its status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The therapist pressed Esc or closed the window.
    Operator,
    /// Ctrl-C in the terminal that started vr-aat.
    Interrupted,
    /// The OpenXR runtime lost or ended the session.
    Runtime,
    /// The recorder could not write (the error is in the recorder's health).
    RecordingFailed,
    /// A simulated patient did not finish within the session's time limit.
    Stalled,
}

impl EndReason {
    /// The reason as the session status says it.
    pub fn describe(self) -> &'static str {
        match self {
            EndReason::Operator => "ended by the operator",
            EndReason::Interrupted => "ended by Ctrl-C",
            EndReason::Runtime => "the headset runtime ended the session",
            EndReason::RecordingFailed => "recording failed",
            EndReason::Stalled => "the synthetic patient did not finish in time",
        }
    }
}
