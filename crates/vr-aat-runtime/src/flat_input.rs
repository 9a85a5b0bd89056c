//! Flat (desktop) input: the mouse and keys move a virtual hand, for demonstrations,
//! training therapists and trying changes without a headset.
//!
//! Mouse up = forward (push), mouse down = back toward the patient (pull), mouse
//! left/right = sideways. Keys: W/S or Up/Down push and pull, A/D sideways, Space or the
//! left mouse button = grip (grasp mode). With no input for 0.4 s the hand glides back
//! to its home position, as a patient's hand returns to rest.
//!
//! While a questionnaire is on screen, moving the mouse left and right moves the choice
//! along the scale (the arrow keys and A/D step it), and the left mouse button, Enter or
//! Space presses (begin, choose, confirm).
//!
//! Each update produces one sample, stamped with the frame's time since the session
//! started. (Bevy's desktop renderer does not report a predicted presentation time, so
//! flat-mode onsets are frame-start times; headset sessions use the runtime's predicted
//! display time.)

use bevy::input::keyboard::KeyCode;
use bevy::input::mouse::{AccumulatedMouseMotion, MouseButton};
use bevy::math::{Quat, Vec3};
use bevy::prelude::*;

use crate::input::{HandSample, Pose, PoseSample, PoseStream};
use vr_aat_core::questionnaire::Action;

use crate::schedule::{CoreSystems, CoreUpdate};
use crate::session::asking::{AnswerInput, Asking};
use crate::timing::RealTimeZero;
use vr_aat_core::data::Handedness;

/// The virtual hand's state and mapping.
#[derive(Resource, Debug, Clone)]
pub struct FlatHand {
    pub home: Vec3,
    pub forward: Vec3,
    pub eye: Vec3,
    pub dominant: Handedness,
    /// Hand offset from home: x = right, y = up, z = forward (m).
    pub offset: Vec3,
    pub grip: bool,
    /// Metres of hand movement per pixel of mouse movement.
    pub metres_per_pixel: f32,
    /// Hand speed with the keys (m/s).
    pub key_speed: f32,
    /// Seconds without input after which the hand returns home.
    pub idle_return_s: f32,
    idle_s: f32,
    started: Option<f64>,
    last_t: f64,
}

impl FlatHand {
    pub fn new(home: Vec3, forward: Vec3, eye: Vec3, dominant: Handedness) -> Self {
        Self {
            home,
            forward: forward.normalize_or(Vec3::NEG_Z),
            eye,
            dominant,
            offset: Vec3::ZERO,
            grip: false,
            metres_per_pixel: 0.0008,
            key_speed: 0.6,
            idle_return_s: 0.4,
            idle_s: 0.0,
            started: None,
            last_t: 0.0,
        }
    }

    /// The hand position in the stage frame.
    pub fn position(&self) -> Vec3 {
        let right = self.forward.cross(Vec3::Y).normalize_or(Vec3::X);
        self.home + right * self.offset.x + Vec3::Y * self.offset.y + self.forward * self.offset.z
    }

    /// Applies one frame of input: mouse motion in pixels (y down, as windows report
    /// it), key directions (-1..1 for forward and right), grip, and the frame duration.
    pub fn apply(&mut self, mouse_px: Vec2, keys: Vec2, grip: bool, dt: f32) {
        let moved = mouse_px != Vec2::ZERO || keys != Vec2::ZERO;
        self.offset.x += mouse_px.x * self.metres_per_pixel + keys.y * self.key_speed * dt;
        self.offset.z += -mouse_px.y * self.metres_per_pixel + keys.x * self.key_speed * dt;
        self.offset = self.offset.clamp(Vec3::splat(-0.45), Vec3::splat(0.45));
        self.grip = grip;
        self.idle_s = if moved { 0.0 } else { self.idle_s + dt };
        if self.idle_s > self.idle_return_s {
            // Glide home at up to 0.5 m/s.
            let step = 0.5 * dt;
            let len = self.offset.length();
            self.offset = if len <= step {
                Vec3::ZERO
            } else {
                self.offset * (1.0 - step / len)
            };
        }
    }
}

/// Adds the flat input source to [`CoreSystems::Input`]. Needs a [`FlatHand`] resource
/// and Bevy's input and time plugins.
pub fn plugin(app: &mut App) {
    app.add_message::<AnswerInput>().add_systems(
        CoreUpdate,
        (flat_input, flat_answers)
            .in_set(CoreSystems::Input)
            .run_if(resource_exists::<FlatHand>),
    );
}

/// Pixels of mouse movement across a whole questionnaire scale.
pub const SCALE_WIDTH_PX: f64 = 600.0;

/// Where the mouse points along the scale of the item on screen (0..1), from the
/// mouse's movement since the item appeared.
#[derive(Default)]
struct Pointer {
    /// The item it belongs to (questionnaire, item).
    item: Option<(String, String)>,
    at: Option<f64>,
}

/// The mouse and keys on the questionnaire on screen.
fn flat_answers(
    asking: Option<Res<Asking>>,
    motion: Option<Res<AccumulatedMouseMotion>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    mut pointer: Local<Pointer>,
    mut out: MessageWriter<AnswerInput>,
) {
    let Some(form) = asking.as_deref().and_then(|a| a.form()).map(|(_, f)| f) else {
        *pointer = Pointer::default();
        return;
    };
    let item = form.item().map(|i| (form.questionnaire().id.clone(), i.id.clone()));
    if pointer.item != item {
        *pointer = Pointer { item, at: None };
    }
    if let Some(item) = form.item() {
        let dx = motion.map_or(0.0, |m| f64::from(m.delta.x));
        if dx != 0.0 {
            let (lo, hi) = item.scale.range();
            let from = pointer
                .at
                .or_else(|| form.choice().map(|v| (v - lo) / (hi - lo)))
                .unwrap_or(0.5);
            let at = (from + dx / SCALE_WIDTH_PX).clamp(0.0, 1.0);
            pointer.at = Some(at);
            out.write(AnswerInput(Action::Point(at)));
        }
    }
    let just = |k: &[KeyCode]| {
        keys.as_ref()
            .is_some_and(|keys| k.iter().any(|k| keys.just_pressed(*k)))
    };
    if just(&[KeyCode::ArrowLeft, KeyCode::KeyA]) {
        pointer.at = None;
        out.write(AnswerInput(Action::Step(-1)));
    }
    if just(&[KeyCode::ArrowRight, KeyCode::KeyD]) {
        pointer.at = None;
        out.write(AnswerInput(Action::Step(1)));
    }
    if just(&[KeyCode::Enter, KeyCode::NumpadEnter, KeyCode::Space])
        || buttons.is_some_and(|b| b.just_pressed(MouseButton::Left))
    {
        out.write(AnswerInput(Action::Press));
    }
}

fn flat_input(
    time: Res<Time<Real>>,
    zero: Option<Res<RealTimeZero>>,
    motion: Option<Res<AccumulatedMouseMotion>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    mut hand: ResMut<FlatHand>,
    mut stream: ResMut<PoseStream>,
) -> Result {
    // The frame's start on the session's clock: from the session's real-time zero
    // (which the LSL clock shares), else from the first frame.
    let t = match (zero, time.last_update()) {
        (Some(zero), Some(at)) => zero.session_t(at) + 1e-6,
        _ => {
            let now = time.elapsed_secs_f64();
            let started = *hand.started.get_or_insert(now);
            now - started + 1e-6
        }
    };
    if t <= hand.last_t {
        return Ok(());
    }
    let dt = (t - hand.last_t) as f32;
    hand.last_t = t;
    let pressed = |k: &[KeyCode]| keys.as_ref().is_some_and(|keys| k.iter().any(|k| keys.pressed(*k)));
    let axis = |pos: &[KeyCode], neg: &[KeyCode]| f32::from(u8::from(pressed(pos))) - f32::from(u8::from(pressed(neg)));
    let key_dir = Vec2::new(
        axis(&[KeyCode::KeyW, KeyCode::ArrowUp], &[KeyCode::KeyS, KeyCode::ArrowDown]),
        axis(
            &[KeyCode::KeyD, KeyCode::ArrowRight],
            &[KeyCode::KeyA, KeyCode::ArrowLeft],
        ),
    );
    let grip = pressed(&[KeyCode::Space]) || buttons.is_some_and(|b| b.pressed(MouseButton::Left));
    let mouse = motion.map_or(Vec2::ZERO, |m| m.delta);
    hand.apply(mouse, key_dir, grip, dt);
    let hand_sample = HandSample {
        pose: Pose {
            position: hand.position(),
            orientation: Quat::IDENTITY,
        },
        tracked: true,
        grip: hand.grip,
    };
    let rest = HandSample {
        pose: Pose {
            position: Vec3::new(-hand.home.x, hand.home.y - 0.15, hand.home.z + 0.15),
            orientation: Quat::IDENTITY,
        },
        tracked: true,
        grip: false,
    };
    let (left, right) = match hand.dominant {
        Handedness::Right => (rest, hand_sample),
        Handedness::Left => (hand_sample, rest),
    };
    stream.push(PoseSample {
        t,
        frame_t: t,
        head: Pose {
            position: hand.eye,
            orientation: Quat::IDENTITY,
        },
        head_tracked: true,
        left,
        right,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mouse_up_pushes_and_idle_returns_home() {
        let mut h = FlatHand::new(
            Vec3::new(0.2, 1.0, -0.3),
            Vec3::NEG_Z,
            Vec3::new(0.0, 1.2, 0.0),
            Handedness::Right,
        );
        h.apply(Vec2::new(0.0, -100.0), Vec2::ZERO, false, 1.0 / 60.0);
        assert!(
            (h.position().z - (-0.3 - 0.08)).abs() < 1e-6,
            "mouse up moves the hand forward"
        );
        h.apply(Vec2::new(50.0, 0.0), Vec2::ZERO, false, 1.0 / 60.0);
        assert!((h.position().x - 0.24).abs() < 1e-6, "mouse right moves it right");
        for _ in 0..200 {
            h.apply(Vec2::ZERO, Vec2::ZERO, false, 1.0 / 60.0);
        }
        assert!(h.position().distance(h.home) < 1e-6, "idle hands go home");
    }
}
