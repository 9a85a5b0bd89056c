//! Suggested bindings for the common controller interaction profiles: where the grip
//! pose, the grip (grasp) input, the trigger and thumbstick (questionnaires) and the
//! haptic output live on each controller.

/// One controller profile's paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileBindings {
    pub profile: &'static str,
    /// Input path of the grip (grasp) button or trigger, under `/user/hand/<side>`.
    pub grip_input: &'static str,
    /// The trigger (or select button): presses on a questionnaire.
    pub select_input: &'static str,
    /// The thumbstick's (or trackpad's) left-right axis: steps on a questionnaire's
    /// scale; `None` where the controller has none.
    pub stick_x_input: Option<&'static str>,
    /// The OpenXR extension the profile needs, if it is not in the core specification;
    /// its bindings are suggested only when the runtime enabled it.
    pub extension: Option<&'static str>,
}

/// Grip pose and haptic paths are the same on every profile.
pub const GRIP_POSE: &str = "input/grip/pose";
pub const HAPTIC: &str = "output/haptic";

/// The profiles vr-aat suggests bindings for. khr/simple_controller exists on every
/// runtime (Monado's simulated controllers use it).
pub const PROFILES: [ProfileBindings; 7] = [
    ProfileBindings {
        profile: "/interaction_profiles/khr/simple_controller",
        grip_input: "input/select/click",
        select_input: "input/select/click",
        stick_x_input: None,
        extension: None,
    },
    ProfileBindings {
        profile: "/interaction_profiles/oculus/touch_controller",
        grip_input: "input/squeeze/value",
        select_input: "input/trigger/value",
        stick_x_input: Some("input/thumbstick/x"),
        extension: None,
    },
    ProfileBindings {
        profile: "/interaction_profiles/valve/index_controller",
        grip_input: "input/squeeze/value",
        select_input: "input/trigger/value",
        stick_x_input: Some("input/thumbstick/x"),
        extension: None,
    },
    ProfileBindings {
        profile: "/interaction_profiles/htc/vive_controller",
        grip_input: "input/squeeze/click",
        select_input: "input/trigger/value",
        stick_x_input: Some("input/trackpad/x"),
        extension: None,
    },
    ProfileBindings {
        profile: "/interaction_profiles/microsoft/motion_controller",
        grip_input: "input/squeeze/click",
        select_input: "input/trigger/value",
        stick_x_input: Some("input/thumbstick/x"),
        extension: None,
    },
    ProfileBindings {
        profile: "/interaction_profiles/hp/mixed_reality_controller",
        grip_input: "input/squeeze/value",
        select_input: "input/trigger/value",
        stick_x_input: Some("input/thumbstick/x"),
        extension: Some("XR_EXT_hp_mixed_reality_controller"),
    },
    ProfileBindings {
        profile: "/interaction_profiles/bytedance/pico4_controller",
        grip_input: "input/squeeze/value",
        select_input: "input/trigger/value",
        stick_x_input: Some("input/thumbstick/x"),
        extension: Some("XR_BD_controller_interaction"),
    },
];

/// The full path of `input` on the `side` ("left" or "right") hand.
pub fn hand_path(side: &str, input: &str) -> String {
    format!("/user/hand/{side}/{input}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_binds_a_grip_input_on_both_hands() {
        for p in PROFILES {
            assert!(p.profile.starts_with("/interaction_profiles/"));
            for side in ["left", "right"] {
                let path = hand_path(side, p.grip_input);
                assert!(path.starts_with("/user/hand/") && path.contains("/input/"), "{path}");
            }
        }
        assert_eq!(hand_path("right", GRIP_POSE), "/user/hand/right/input/grip/pose");
        // The core profiles every runtime must accept need no extension.
        for p in &PROFILES[..5] {
            assert_eq!(p.extension, None, "{}", p.profile);
        }
    }
}
