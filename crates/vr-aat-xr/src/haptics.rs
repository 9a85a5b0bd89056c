//! Haptic pulses on the responding controller: a light tick when the hand, touching the
//! drink, has started to move it (after the movement onset, never at the stimulus onset:
//! a tactile cue must not come before the visual one), a firmer one when a push or pull
//! is completed. No pulse for a wrong direction or a time-out: the feedback stays
//! neutral, as the protocol's visuals do.

use vr_aat_runtime::trial::{DisplayChange, FeedbackKind};

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

/// The contact pulse, if it is due: the hand touches the drink, the trial's movement
/// has started (`moved`), and the trial has not had its contact pulse yet (`pulsed`).
/// The drink appears at the resting hand, so touching alone says nothing: pulsing on it
/// would cue the stimulus through the hand before the eyes see it.
pub fn on_contact(touching: bool, moved: bool, pulsed: bool) -> Option<Pulse> {
    (touching && moved && !pulsed).then_some(CONTACT)
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
    fn contact_ticks_once_and_only_after_the_movement_started() {
        // The drink appears at the resting hand: touching, not moving, no pulse.
        assert_eq!(on_contact(true, false, false), None);
        assert_eq!(on_contact(true, true, false), Some(CONTACT));
        assert_eq!(on_contact(true, true, true), None, "once a trial");
        assert_eq!(on_contact(false, true, false), None);
    }

    #[test]
    fn the_stimulus_itself_never_pulses() {
        let shown = DisplayChange::StimulusShown {
            t: 1.0,
            trial: 1,
            stimulus_id: "x".into(),
            category: vr_aat_core::data::Category::Alcohol,
            cue: None,
        };
        assert_eq!(on_display(&shown), None);
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
