//! OpenXR session states mapped to what the session does: pause when the headset is taken
//! off or the system menu takes focus, resume when focus returns, end when the runtime
//! stops the session.

use crate::trial::SessionControl;

/// OpenXR's session states (XrSessionState), without the runtime types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XrState {
    Idle,
    Ready,
    Synchronized,
    Visible,
    Focused,
    Stopping,
    LossPending,
    Exiting,
}

/// What a change from `from` to `to` asks of the session, if anything.
///
/// Only the Focused state has the patient's attention and input: leaving it pauses
/// (the trial on screen is discarded and shown again later), entering it resumes.
/// Stopping pauses too: runtimes stop the session when the headset goes to sleep and
/// start it again when it is put back on. A runtime that loses or exits the session
/// ends it (finished trials are kept).
pub fn control_for(from: XrState, to: XrState) -> Option<SessionControl> {
    match (from, to) {
        (_, XrState::LossPending | XrState::Exiting) => Some(SessionControl::End),
        (XrState::Focused, XrState::Visible | XrState::Synchronized | XrState::Idle | XrState::Stopping) => {
            Some(SessionControl::Pause)
        }
        (_, XrState::Stopping) => Some(SessionControl::Pause),
        (f, XrState::Focused) if f != XrState::Focused => Some(SessionControl::Resume),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_changes_pause_and_resume() {
        assert_eq!(
            control_for(XrState::Visible, XrState::Focused),
            Some(SessionControl::Resume)
        );
        assert_eq!(
            control_for(XrState::Focused, XrState::Visible),
            Some(SessionControl::Pause)
        );
        assert_eq!(control_for(XrState::Focused, XrState::Focused), None);
        assert_eq!(control_for(XrState::Ready, XrState::Synchronized), None);
        assert_eq!(control_for(XrState::Synchronized, XrState::Visible), None);
    }

    #[test]
    fn a_sleeping_headset_pauses_and_resumes() {
        // Taken off: focus lost, then the runtime stops the session; put back on: it
        // becomes ready, then focused again.
        assert_eq!(
            control_for(XrState::Synchronized, XrState::Stopping),
            Some(SessionControl::Pause)
        );
        assert_eq!(control_for(XrState::Stopping, XrState::Idle), None);
        assert_eq!(control_for(XrState::Idle, XrState::Ready), None);
        assert_eq!(
            control_for(XrState::Visible, XrState::Focused),
            Some(SessionControl::Resume)
        );
    }

    #[test]
    fn the_runtime_ending_the_session_ends_it() {
        for to in [XrState::LossPending, XrState::Exiting] {
            assert_eq!(control_for(XrState::Focused, to), Some(SessionControl::End));
            assert_eq!(control_for(XrState::Visible, to), Some(SessionControl::End));
        }
    }
}
