//! From the runtime's spaces to the input stream's stage frame.
//!
//! OpenXR reports poses in a reference space: STAGE or LOCAL_FLOOR (origin on the floor)
//! or LOCAL (origin at the head's starting position, for seated use). The stage frame of
//! the input stream has its origin on the floor under the patient, y up, and -z toward
//! the counter. Recentering turns and shifts the reference space so that the patient's
//! current head position and heading become that origin and forward.

use bevy::math::{Quat, Vec3};

use vr_aat_runtime::input::Pose;

/// Which OpenXR reference space poses come from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReferenceSpace {
    /// STAGE or LOCAL_FLOOR: y = 0 is the floor.
    Floor,
    /// LOCAL (seated): y = 0 is the head's starting height, `eye_height_m` above the floor.
    Seated { eye_height_m: f32 },
}

/// Turns reference-space poses into stage-frame poses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageMapping {
    pub space: ReferenceSpace,
    /// Applied after the floor offset: rotation about y, then translation.
    pub yaw: Quat,
    pub offset: Vec3,
}

impl StageMapping {
    pub fn new(space: ReferenceSpace) -> Self {
        Self {
            space,
            yaw: Quat::IDENTITY,
            offset: Vec3::ZERO,
        }
    }

    /// A runtime pose (position in m, orientation) in the stage frame.
    pub fn to_stage(&self, position: Vec3, orientation: Quat) -> Pose {
        let lifted = match self.space {
            ReferenceSpace::Floor => position,
            ReferenceSpace::Seated { eye_height_m } => position + Vec3::Y * eye_height_m,
        };
        Pose {
            position: self.yaw * lifted + self.offset,
            orientation: (self.yaw * orientation).normalize(),
        }
    }

    /// The mapping as a rigid transform (rotation, then translation): placing the XR
    /// tracking root there makes what the headset renders agree with the stage frame
    /// the input stream uses.
    pub fn as_rotation_translation(&self) -> (Quat, Vec3) {
        let lift = match self.space {
            ReferenceSpace::Floor => Vec3::ZERO,
            ReferenceSpace::Seated { eye_height_m } => Vec3::Y * eye_height_m,
        };
        (self.yaw, self.yaw * lift + self.offset)
    }

    /// Recenters on the head pose given in runtime coordinates: afterwards that head is
    /// at x = z = 0 and looks along -z. Its height is kept where the runtime knows the
    /// floor (STAGE); seated (LOCAL, whose origin is wherever the runtime put it, not
    /// necessarily the head) the head is put at the seated eye height, so the eye height
    /// always comes from the head pose, never from the space's origin.
    pub fn recenter(&mut self, head_position: Vec3, head_orientation: Quat) {
        let base = StageMapping::new(self.space);
        let head = base.to_stage(head_position, head_orientation);
        let fwd = head.orientation * Vec3::NEG_Z;
        let heading = fwd.x.atan2(-fwd.z); // angle of the gaze from -z, about +y (clockwise from above)
        self.yaw = Quat::from_rotation_y(heading);
        let turned = self.yaw * head.position;
        let dy = match self.space {
            ReferenceSpace::Floor => 0.0,
            ReferenceSpace::Seated { eye_height_m } => eye_height_m - turned.y,
        };
        self.offset = Vec3::new(-turned.x, dy, -turned.z);
    }
}

/// The display time (ns) of the frame this update renders. With Bevy's pipelined
/// rendering the frame is drawn while the next update runs and is shown one display
/// period after the predicted time the runtime gave at `xrWaitFrame`; bevy_mod_openxr
/// locates views and spaces at that later time, and so must the samples be stamped.
pub fn frame_display_time_ns(predicted_display_time_ns: i64, predicted_display_period_ns: i64, pipelined: bool) -> i64 {
    if pipelined {
        predicted_display_time_ns + predicted_display_period_ns
    } else {
        predicted_display_time_ns
    }
}

/// How many display frames the runtime skipped between two consecutive frames of this
/// app (display times in s, the display period in s): 0 when they are one period apart.
/// A skipped frame means the app missed its frame while the patient watched.
pub fn frames_skipped(previous_t: f64, t: f64, period_s: f64) -> u32 {
    if period_s <= 0.0 || t <= previous_t {
        return 0;
    }
    let periods = ((t - previous_t) / period_s).round();
    if periods >= 2.0 { (periods - 1.0) as u32 } else { 0 }
}

/// An OpenXR time (nanoseconds) as seconds since the session's first frame.
pub fn display_time_s(predicted_display_time_ns: i64, session_start_ns: i64) -> f64 {
    (predicted_display_time_ns - session_start_ns) as f64 * 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Vec3, b: Vec3) -> bool {
        a.distance(b) < 1e-5
    }

    #[test]
    fn seated_space_is_lifted_to_the_floor() {
        let m = StageMapping::new(ReferenceSpace::Seated { eye_height_m: 1.2 });
        let p = m.to_stage(Vec3::new(0.2, -0.3, -0.4), Quat::IDENTITY);
        assert!(close(p.position, Vec3::new(0.2, 0.9, -0.4)));
    }

    #[test]
    fn seated_eye_height_comes_from_the_head_not_the_local_origin() {
        // A runtime whose LOCAL origin is 0.4 m above the seated head (Monado puts it at
        // a default standing height): the head must still end up at the seated eye height.
        let mut m = StageMapping::new(ReferenceSpace::Seated { eye_height_m: 1.2 });
        m.recenter(Vec3::new(0.1, -0.4, 0.2), Quat::IDENTITY);
        let head = m.to_stage(Vec3::new(0.1, -0.4, 0.2), Quat::IDENTITY);
        assert!(close(head.position, Vec3::new(0.0, 1.2, 0.0)), "{:?}", head.position);
        // A hand 40 cm below and 30 cm in front of that head keeps its place relative to it.
        let hand = m.to_stage(Vec3::new(0.1, -0.8, -0.1), Quat::IDENTITY);
        assert!(close(hand.position, Vec3::new(0.0, 0.8, -0.3)), "{:?}", hand.position);
        // Standing, the runtime's floor is kept: the head's height is its real eye height.
        let mut m = StageMapping::new(ReferenceSpace::Floor);
        m.recenter(Vec3::new(0.0, 1.63, 0.0), Quat::IDENTITY);
        assert!((m.to_stage(Vec3::new(0.0, 1.63, 0.0), Quat::IDENTITY).position.y - 1.63).abs() < 1e-5);
    }

    #[test]
    fn recentering_puts_the_head_at_the_origin_looking_forward() {
        let mut m = StageMapping::new(ReferenceSpace::Floor);
        // Head 1 m to the right, 2 m back, looking to the right (-90 degrees about y).
        let look_right = Quat::from_rotation_y(-std::f32::consts::FRAC_PI_2);
        m.recenter(Vec3::new(1.0, 1.6, 2.0), look_right);
        let head = m.to_stage(Vec3::new(1.0, 1.6, 2.0), look_right);
        assert!(close(head.position, Vec3::new(0.0, 1.6, 0.0)), "{:?}", head.position);
        assert!(
            close(head.orientation * Vec3::NEG_Z, Vec3::NEG_Z),
            "now faces the counter"
        );
        // A hand 0.4 m in front of that head (to its right in runtime terms) ends up 0.4 m forward.
        let hand = m.to_stage(Vec3::new(1.4, 1.2, 2.0), Quat::IDENTITY);
        assert!(close(hand.position, Vec3::new(0.0, 1.2, -0.4)), "{:?}", hand.position);
    }

    #[test]
    fn the_tracking_root_transform_agrees_with_the_mapping() {
        for space in [ReferenceSpace::Floor, ReferenceSpace::Seated { eye_height_m: 1.1 }] {
            let mut m = StageMapping::new(space);
            m.recenter(Vec3::new(0.7, 0.1, -1.3), Quat::from_rotation_y(0.8));
            let (rotation, translation) = m.as_rotation_translation();
            for p in [Vec3::ZERO, Vec3::new(0.3, 1.0, -0.5), Vec3::new(-2.0, 0.2, 4.0)] {
                let q = Quat::from_rotation_x(0.3);
                let mapped = m.to_stage(p, q);
                assert!(close(rotation * p + translation, mapped.position), "{space:?} {p}");
                assert!((rotation * q).angle_between(mapped.orientation) < 1e-5);
            }
        }
    }

    #[test]
    fn skipped_display_frames_are_counted() {
        let p = 1.0 / 90.0;
        assert_eq!(frames_skipped(1.0, 1.0 + p, p), 0);
        assert_eq!(
            frames_skipped(1.0, 1.0 + 1.3 * p, p),
            0,
            "jitter is not a skipped frame"
        );
        assert_eq!(frames_skipped(1.0, 1.0 + 2.0 * p, p), 1);
        assert_eq!(frames_skipped(1.0, 1.0 + 4.1 * p, p), 3);
        assert_eq!(frames_skipped(1.0, 0.9, p), 0);
        assert_eq!(frames_skipped(1.0, 2.0, 0.0), 0);
    }

    #[test]
    fn pipelined_frames_are_shown_one_period_later() {
        assert_eq!(frame_display_time_ns(1_000_000_000, 11_111_111, false), 1_000_000_000);
        assert_eq!(frame_display_time_ns(1_000_000_000, 11_111_111, true), 1_011_111_111);
    }

    #[test]
    fn display_times_are_seconds_since_the_start() {
        assert_eq!(display_time_s(1_500_000_000, 500_000_000), 1.0);
    }
}
