//! Pose samples: what every source of movement (synthetic patient, desktop mouse, OpenXR
//! controllers, a replayed recording) produces, the head and both hands at the display
//! time of one frame.
//!
//! Coordinates are the *stage frame*: metres, origin on the floor under the patient,
//! x to the patient's right, y up, -z forward (the direction the patient faces at the
//! counter). Times are display times in seconds since the session started: the time the
//! frame a sample belongs to is (predicted to be) shown.

use glam::{Quat, Vec3};

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
