//! The input stream: every source of movement (synthetic patient, desktop mouse, OpenXR
//! controllers, replays) produces the same thing, timestamped pose samples of the head
//! and both hands.
//!
//! Coordinates are the *stage frame*: metres, origin on the floor under the patient,
//! x to the patient's right, y up, -z forward (the direction the patient faces at the
//! counter). Times are display times in seconds since the session started: the time the
//! frame a sample belongs to is (predicted to be) shown.

pub mod flat;

use std::collections::VecDeque;

use bevy::math::{Quat, Vec3};
use bevy::prelude::*;

/// A position and orientation in the stage frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose {
    /// Metres.
    pub position: Vec3,
    pub orientation: Quat,
}

impl Pose {
    pub const IDENTITY: Pose = Pose {
        position: Vec3::ZERO,
        orientation: Quat::IDENTITY,
    };
}

/// One hand (controller) at one instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HandSample {
    pub pose: Pose,
    /// False when the runtime lost tracking; the pose is then the last known one.
    pub tracked: bool,
    /// Whether the grip button is held (used in grasp mode).
    pub grip: bool,
}

/// The head and both hands at the display time of one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoseSample {
    /// The time the poses are for (s since the session started): the display time the
    /// runtime predicted them for. Movement times are measured on it.
    pub t: f64,
    /// Display time of the frame this sample belongs to (s): when what the engine decided
    /// on this sample is shown; the stimulus onset. Equal to `t` except on a headset with
    /// pipelined rendering, where bevy_mod_openxr locates the poses one display period
    /// after the time the frame is submitted for (docs/design.md, timing).
    pub frame_t: f64,
    pub head: Pose,
    pub head_tracked: bool,
    pub left: HandSample,
    pub right: HandSample,
}

impl PoseSample {
    /// The hand the protocol's responses are made with.
    pub fn hand(&self, dominant: crate::data::Handedness) -> &HandSample {
        match dominant {
            crate::data::Handedness::Right => &self.right,
            crate::data::Handedness::Left => &self.left,
        }
    }
}

/// The samples produced since the trial engine last ran, oldest first.
///
/// Sources push with [`PoseStream::push`], in time order; the engine drains the whole
/// buffer every update, so one update may carry one sample (a headset frame) or many (a
/// fast headless run). The buffer keeps its capacity, so steady use does not allocate.
#[derive(Resource, Debug, Default)]
pub struct PoseStream {
    pending: VecDeque<PoseSample>,
    /// The samples the engine took this update, for recorders that run after it.
    taken: Vec<PoseSample>,
    /// Display time of the newest sample ever pushed.
    latest_t: Option<f64>,
    /// Samples pushed since the stream was created.
    pushed_total: u64,
}

/// A source pushed a sample older than one it pushed before.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("pose sample at {t} s arrived after a sample at {latest} s: samples must be in time order")]
pub struct OutOfOrder {
    pub t: f64,
    pub latest: f64,
}

impl PoseStream {
    /// Appends a sample; samples must arrive in strictly increasing display time.
    pub fn push(&mut self, sample: PoseSample) -> Result<(), OutOfOrder> {
        if let Some(latest) = self.latest_t
            && sample.t <= latest
        {
            return Err(OutOfOrder { t: sample.t, latest });
        }
        self.latest_t = Some(sample.t);
        self.pushed_total += 1;
        self.pending.push_back(sample);
        Ok(())
    }

    /// Takes every pending sample, oldest first, and keeps them as this update's batch
    /// (see [`PoseStream::taken`]) until the next call.
    pub fn take_batch(&mut self) -> &[PoseSample] {
        self.taken.clear();
        self.taken.extend(self.pending.drain(..));
        &self.taken
    }

    /// The samples taken by the latest [`PoseStream::take_batch`], oldest first.
    pub fn taken(&self) -> &[PoseSample] {
        &self.taken
    }

    /// Number of samples waiting for the engine.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Samples pushed since the stream was created (frames, for the core-cost stopwatch).
    pub fn pushed_total(&self) -> u64 {
        self.pushed_total
    }

    /// Display time of the newest sample pushed so far.
    pub fn latest_t(&self) -> Option<f64> {
        self.latest_t
    }
}

/// Adds the pose stream. Input sources add their systems to
/// [`crate::schedule::CoreSystems::Input`].
pub fn plugin(app: &mut App) {
    app.init_resource::<PoseStream>();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64) -> PoseSample {
        let hand = HandSample {
            pose: Pose::IDENTITY,
            tracked: true,
            grip: false,
        };
        PoseSample {
            t,
            frame_t: t,
            head: Pose::IDENTITY,
            head_tracked: true,
            left: hand,
            right: hand,
        }
    }

    #[test]
    fn rejects_samples_out_of_time_order() {
        let mut s = PoseStream::default();
        assert!(s.push(sample(0.1)).is_ok());
        assert_eq!(s.push(sample(0.1)), Err(OutOfOrder { t: 0.1, latest: 0.1 }));
        assert!(s.push(sample(0.2)).is_ok());
        assert_eq!(s.take_batch().len(), 2);
        assert!(s.is_empty());
        assert_eq!(s.taken().len(), 2);
        assert!(s.take_batch().is_empty());
    }
}
