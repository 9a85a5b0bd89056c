//! Where things stand at the bar, from the patient's calibration.

use bevy::math::Vec3;
use bevy::prelude::{Resource, Transform};

use crate::input::Pose;

use crate::trial::EngineConfig;

/// The bar's geometry for this patient (stage frame, metres).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct SceneLayout {
    /// The patient's eye position.
    pub eye: Vec3,
    /// Where the dominant hand rests between trials.
    pub hand_home: Vec3,
    /// Where a drink appears: at the resting hand, standing on the counter.
    pub drink_home: Vec3,
    /// Unit vector away from the patient.
    pub forward: Vec3,
    /// Height of the counter top.
    pub counter_top: f32,
    /// Push and pull completion distances (m).
    pub push_distance: f32,
    pub pull_distance: f32,
    /// The hand touches the drink within this distance (m).
    pub touch_radius: f32,
}

/// The headset's panel board (instructions, questionnaires): its size (m), how far in
/// front of the eyes it stands and how far above eye height (m).
pub const PANEL_BOARD_M: (f32, f32) = (0.88, 0.48);
pub const PANEL_DISTANCE_M: f32 = 1.25;
pub const PANEL_RAISE_M: f32 = 0.1;

/// The share of the board's width a questionnaire scale is pointed along (centred).
pub const PANEL_SCALE_SHARE: f32 = 0.8;

impl SceneLayout {
    /// Where the headset's panel board hangs: in front of the eyes, facing them (a
    /// rectangle's front is its +z).
    pub fn panel_transform(&self) -> Transform {
        let at = self.eye + self.forward * PANEL_DISTANCE_M + Vec3::Y * PANEL_RAISE_M;
        Transform::from_translation(at).looking_at(at + (at - self.eye).with_y(0.0), Vec3::Y)
    }

    /// Where a controller at `hand` points along the panel's scale (0 = its left end,
    /// 1 = its right end), when its ray (the pose's -z) hits the board.
    pub fn pointed_fraction(&self, hand: &Pose) -> Option<f64> {
        let board = self.panel_transform();
        let normal = board.rotation * Vec3::Z;
        let dir = hand.orientation * Vec3::NEG_Z;
        let denom = dir.dot(normal);
        if denom.abs() < 1e-4 {
            return None;
        }
        let s = (board.translation - hand.position).dot(normal) / denom;
        if s <= 0.0 {
            return None;
        }
        let hit = hand.position + dir * s;
        let local = board.rotation.inverse() * (hit - board.translation);
        let (w, h) = PANEL_BOARD_M;
        if local.x.abs() > w / 2.0 || local.y.abs() > h / 2.0 {
            return None;
        }
        let width = w * PANEL_SCALE_SHARE;
        Some(f64::from((local.x / width + 0.5).clamp(0.0, 1.0)))
    }
}

/// A pose looking from `from` toward `at` (its -z along the look).
pub fn pose_looking_at(from: Vec3, at: Vec3) -> Pose {
    Pose {
        position: from,
        orientation: Transform::from_translation(from).looking_at(at, Vec3::Y).rotation,
    }
}

impl SceneLayout {
    /// The layout for an engine configuration and the patient's eye height (m).
    pub fn new(config: &EngineConfig, eye_height_m: f32) -> Self {
        let cal = config.calibration;
        // The counter top is just below the resting hand (a drink base sits 2 cm under
        // the grip), so the drink stands on it where the hand touches it.
        let counter_top = cal.hand_home.y - 0.06;
        Self {
            eye: Vec3::new(0.0, eye_height_m, 0.0),
            hand_home: cal.hand_home,
            drink_home: Vec3::new(cal.hand_home.x, counter_top, cal.hand_home.z),
            forward: cal.forward.normalize_or(Vec3::NEG_Z),
            counter_top,
            push_distance: config.push_distance_m() as f32,
            pull_distance: config.pull_distance_m() as f32,
            touch_radius: 0.12,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> SceneLayout {
        SceneLayout {
            eye: Vec3::new(0.0, 1.2, 0.0),
            hand_home: Vec3::new(0.2, 1.0, -0.3),
            drink_home: Vec3::new(0.2, 0.94, -0.3),
            forward: Vec3::NEG_Z,
            counter_top: 0.94,
            push_distance: 0.13,
            pull_distance: 0.13,
            touch_radius: 0.12,
        }
    }

    #[test]
    fn a_controller_points_along_the_panel_scale() {
        let l = layout();
        let centre = l.panel_transform().translation;
        let hand = Vec3::new(0.2, 1.0, -0.3);
        // At the centre: the middle of the scale.
        let mid = l.pointed_fraction(&pose_looking_at(hand, centre)).unwrap();
        assert!((mid - 0.5).abs() < 1e-4, "{mid}");
        // The patient's right (+x) is the scale's high end; the left end is 0.
        let right = l
            .pointed_fraction(&pose_looking_at(hand, centre + Vec3::X * 0.2))
            .unwrap();
        assert!((right - (0.5 + 0.2 / 0.704)).abs() < 1e-3, "{right}");
        let left = l
            .pointed_fraction(&pose_looking_at(hand, centre - Vec3::X * 0.4))
            .unwrap();
        assert_eq!(left, 0.0);
        // Off the board, or pointing away: nothing.
        assert_eq!(l.pointed_fraction(&pose_looking_at(hand, centre + Vec3::Y * 0.5)), None);
        assert_eq!(l.pointed_fraction(&pose_looking_at(hand, hand + Vec3::Z)), None);
    }
}
