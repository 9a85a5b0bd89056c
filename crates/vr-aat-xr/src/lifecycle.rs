//! OpenXR session states, and tracking, mapped to what the session does: hold it (a
//! pause cause) while the headset is not focused (taken off, asleep, system menu) or
//! tracking is lost; clear that cause when focus or tracking returns; end it when the
//! runtime exits or loses the session. The lifecycle resumes only when every cause,
//! the therapist's included, has cleared.

use vr_aat_runtime::session::{EndReason, PauseCause, SessionControl, SessionState};

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
/// Only the Focused state has the patient's attention and input: leaving it holds the
/// session ([`PauseCause::HeadsetNotFocused`]; the trial on screen is discarded and
/// shown again later), entering it clears that cause. Stopping holds it too: runtimes
/// stop the session when the headset goes to sleep and start it again when it is put
/// back on. A runtime that loses or exits the session ends it (finished trials are
/// kept). A headset session starts held, until the runtime first gives it focus.
pub fn control_for(from: XrState, to: XrState) -> Option<SessionControl> {
    let not_focused = PauseCause::HeadsetNotFocused;
    match (from, to) {
        (_, XrState::LossPending | XrState::Exiting) => Some(SessionControl::End(EndReason::Runtime)),
        (from, to) if from == to => None,
        (_, XrState::Focused) => Some(SessionControl::Resume(not_focused)),
        (XrState::Focused, _) | (_, XrState::Stopping) => Some(SessionControl::Pause(not_focused)),
        _ => None,
    }
}

/// Whether the therapist may recenter now: only while calibrating (the calibration
/// starts again) or paused. Mid-trial the hand would jump relative to its rest position
/// and could fire a false movement onset.
pub fn recenter_allowed(state: SessionState) -> bool {
    matches!(state, SessionState::Calibrating | SessionState::Paused)
}

/// Seconds of lost tracking (head or responding hand) before the session pauses.
pub const LOST_PAUSE_S: f64 = 0.5;
/// Seconds of tracking back before a session paused for lost tracking resumes.
pub const REGAINED_RESUME_S: f64 = 1.0;

/// Holds the session ([`PauseCause::TrackingLost`]) when the headset or the responding
/// controller loses tracking for longer than a blink ([`LOST_PAUSE_S`]), and clears
/// that cause when tracking has been back for [`REGAINED_RESUME_S`]. Other causes (the
/// therapist's pause) are not touched: the session resumes only when all have cleared.
#[derive(Clone, Debug, Default)]
pub struct TrackingWatch {
    /// Since when tracking has been lost, or back after a tracking pause.
    since: Option<f64>,
    paused_by_tracking: bool,
}

impl TrackingWatch {
    /// Feeds one frame: its display time (s) and whether head and responding hand are
    /// both tracked.
    pub fn update(&mut self, t: f64, tracked: bool) -> Option<SessionControl> {
        match (self.paused_by_tracking, tracked) {
            (false, true) | (true, false) => {
                self.since = None;
                None
            }
            (false, false) => {
                let since = *self.since.get_or_insert(t);
                (t - since >= LOST_PAUSE_S).then(|| {
                    self.paused_by_tracking = true;
                    self.since = None;
                    SessionControl::Pause(PauseCause::TrackingLost)
                })
            }
            (true, true) => {
                let since = *self.since.get_or_insert(t);
                (t - since >= REGAINED_RESUME_S).then(|| {
                    self.paused_by_tracking = false;
                    self.since = None;
                    SessionControl::Resume(PauseCause::TrackingLost)
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(watch: &mut TrackingWatch, from: f64, to: f64, tracked: bool) -> Vec<(f64, SessionControl)> {
        let mut out = Vec::new();
        let mut t = from;
        while t < to {
            if let Some(c) = watch.update(t, tracked) {
                out.push((t, c));
            }
            t += 0.01;
        }
        out
    }

    #[test]
    fn recentering_only_while_paused_or_calibrating() {
        assert!(recenter_allowed(SessionState::Calibrating));
        assert!(recenter_allowed(SessionState::Paused));
        for s in [
            SessionState::Preparing,
            SessionState::Running,
            SessionState::Closing,
            SessionState::Closed,
        ] {
            assert!(!recenter_allowed(s), "{s:?}");
        }
    }

    #[test]
    fn a_blink_of_lost_tracking_does_nothing() {
        let mut w = TrackingWatch::default();
        assert!(run(&mut w, 0.0, 1.0, true).is_empty());
        assert!(run(&mut w, 1.0, 1.3, false).is_empty());
        assert!(run(&mut w, 1.3, 3.0, true).is_empty());
    }

    #[test]
    fn lost_tracking_pauses_and_regained_tracking_resumes() {
        let mut w = TrackingWatch::default();
        let lost = run(&mut w, 0.0, 2.0, false);
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].1, SessionControl::Pause(PauseCause::TrackingLost));
        assert!((lost[0].0 - LOST_PAUSE_S).abs() < 0.02);
        // A flicker of tracking does not resume; a steady second does, once.
        assert!(run(&mut w, 2.0, 2.5, true).is_empty());
        assert!(run(&mut w, 2.5, 2.6, false).is_empty());
        let back = run(&mut w, 2.6, 5.0, true);
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].1, SessionControl::Resume(PauseCause::TrackingLost));
        assert!((back[0].0 - (2.6 + REGAINED_RESUME_S)).abs() < 0.02);
    }

    const HOLD: SessionControl = SessionControl::Pause(PauseCause::HeadsetNotFocused);
    const RELEASE: SessionControl = SessionControl::Resume(PauseCause::HeadsetNotFocused);

    #[test]
    fn focus_changes_hold_and_release_the_session() {
        assert_eq!(control_for(XrState::Visible, XrState::Focused), Some(RELEASE));
        assert_eq!(control_for(XrState::Focused, XrState::Visible), Some(HOLD));
        assert_eq!(control_for(XrState::Focused, XrState::Focused), None);
        assert_eq!(control_for(XrState::Ready, XrState::Synchronized), None);
        assert_eq!(control_for(XrState::Synchronized, XrState::Visible), None);
    }

    #[test]
    fn a_sleeping_headset_pauses_and_resumes() {
        // Taken off: focus lost, then the runtime stops the session; put back on: it
        // becomes ready, then focused again.
        assert_eq!(control_for(XrState::Synchronized, XrState::Stopping), Some(HOLD));
        assert_eq!(control_for(XrState::Stopping, XrState::Idle), None);
        assert_eq!(control_for(XrState::Idle, XrState::Ready), None);
        assert_eq!(control_for(XrState::Visible, XrState::Focused), Some(RELEASE));
    }

    #[test]
    fn the_runtime_ending_the_session_ends_it() {
        for to in [XrState::LossPending, XrState::Exiting] {
            let end = Some(SessionControl::End(EndReason::Runtime));
            assert_eq!(control_for(XrState::Focused, to), end);
            assert_eq!(control_for(XrState::Visible, to), end);
        }
    }
}
