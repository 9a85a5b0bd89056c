//! What the installation check's headset run measured (`vr-aat doctor`; the run itself
//! is `check`, feature `openxr`), as plain data in every build.

/// What the headset run measured (passed from the run's process to the check's as JSON).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HeadsetRun {
    /// The runtime's name and version; the headset's (system's) name.
    pub runtime: String,
    pub system: String,
    /// The display rate (Hz): from the shortest display period the runtime predicted.
    pub display_hz: Option<f64>,
    /// Display time covered (s), from the first frame the runtime gave.
    pub seconds: f64,
    /// Frames the app rendered for the runtime.
    pub frames: u64,
    /// Display refreshes at `display_hz` between them that got no new frame from the
    /// app (it missed its frame).
    pub missed: u64,
    /// The session reached FOCUSED (the app had the headset's input).
    pub focused: bool,
    /// Frames in which the head's position and orientation were tracked.
    pub head_tracked: u64,
    /// Frames in which each controller's position was tracked (left, right).
    pub hands_tracked: [u64; 2],
}

impl HeadsetRun {
    /// Missed frames per display frame due (0 to 1).
    pub fn missed_share(&self) -> f64 {
        let due = self.frames + self.missed;
        if due == 0 { 1.0 } else { self.missed as f64 / due as f64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missed_share_is_of_the_frames_due() {
        let run = HeadsetRun {
            frames: 990,
            missed: 10,
            ..Default::default()
        };
        assert!((run.missed_share() - 0.01).abs() < 1e-12);
        assert_eq!(
            HeadsetRun::default().missed_share(),
            1.0,
            "no frame at all is all missed"
        );
    }
}
