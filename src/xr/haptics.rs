//! Haptic pulses on the responding controller: a light tick when the hand touches the
//! drink, a firmer one when a push or pull is completed. No pulse for a wrong direction
//! or a time-out: the feedback stays neutral, as the protocol's visuals do.

use crate::trial::{DisplayChange, FeedbackKind};

/// One vibration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pulse {
    /// 0 to 1.
    pub amplitude: f32,
    /// Nanoseconds, as OpenXR takes them.
    pub duration_ns: i64,
}

/// The hand touched the drink.
pub const CONTACT: Pulse = Pulse {
    amplitude: 0.3,
    duration_ns: 20_000_000,
};
/// A correct push or pull is done.
pub const COMPLETION: Pulse = Pulse {
    amplitude: 0.7,
    duration_ns: 60_000_000,
};

// Completion must feel firmer than contact (checked when compiling).
const _: () = assert!(COMPLETION.amplitude > CONTACT.amplitude && COMPLETION.duration_ns > CONTACT.duration_ns);

/// The pulse, if any, for the hand's contact changing from `was` to `now`.
pub fn on_contact(was: bool, now: bool) -> Option<Pulse> {
    (now && !was).then_some(CONTACT)
}

/// The pulse, if any, for a change in what the patient sees.
pub fn on_display(change: &DisplayChange) -> Option<Pulse> {
    match change {
        DisplayChange::Feedback {
            kind: FeedbackKind::PushedAway | FeedbackKind::PulledCloser,
            ..
        } => Some(COMPLETION),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_ticks_once() {
        assert_eq!(on_contact(false, true), Some(CONTACT));
        assert_eq!(on_contact(true, true), None);
        assert_eq!(on_contact(true, false), None);
    }

    #[test]
    fn only_completed_responses_pulse() {
        let feedback = |kind| DisplayChange::Feedback { t: 1.0, trial: 1, kind };
        assert_eq!(on_display(&feedback(FeedbackKind::PushedAway)), Some(COMPLETION));
        assert_eq!(on_display(&feedback(FeedbackKind::PulledCloser)), Some(COMPLETION));
        assert_eq!(
            on_display(&feedback(FeedbackKind::WrongDirection {
                correction_required: true
            })),
            None
        );
        assert_eq!(on_display(&feedback(FeedbackKind::TimedOut)), None);
        assert_eq!(on_display(&DisplayChange::Resumed { t: 1.0 }), None);
    }
}
