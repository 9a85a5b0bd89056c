//! Where things stand at the bar, from the patient's calibration.

use bevy::math::Vec3;
use bevy::prelude::Resource;

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
