//! The headset session (feature `xr`), through bevy_mod_openxr: controller actions with
//! suggested bindings for the common interaction profiles, grip poses located at the
//! frame's predicted display time and fed to the input stream, and OpenXR session states
//! turned into pause, resume and end.
//!
//! NOT YET TESTED against a runtime (no headset or Monado in the development machine's
//! checks): it compiles in CI; docs/headsets.md says what is known. The pure parts
//! (bindings, pose mapping, lifecycle) are unit-tested in `crate::xr`.

use bevy::prelude::*;
use bevy_mod_openxr::action_binding::{OxrSendActionBindings, OxrSuggestActionBinding};
use bevy_mod_openxr::action_set_attaching::OxrAttachActionSet;
use bevy_mod_openxr::action_set_syncing::{OxrActionSetSyncSet, OxrSyncActionSet};
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::poll_events::{OxrEventHandlerExt, OxrEventIn};
use bevy_mod_openxr::resources::{OxrFrameState, OxrInstance};
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrSessionCreated, session_available};
use bevy_mod_xr::spaces::XrSpaceLocationFlags;

use crate::input::{HandSample, Pose, PoseSample, PoseStream};
use crate::schedule::CoreSystems;
use crate::trial::SessionControl;
use crate::xr::bindings::{GRIP_POSE, PROFILES, hand_path};
use crate::xr::lifecycle::{XrState, control_for};
use crate::xr::pose::{ReferenceSpace, StageMapping, display_time_s};

/// The controller actions.
#[derive(Resource)]
struct Actions {
    set: openxr::ActionSet,
    pose: [openxr::Action<openxr::Posef>; 2],
    grip: [openxr::Action<f32>; 2],
}

/// Which controller an entity follows (0 = left, 1 = right).
#[derive(Component)]
struct Controller(usize);

/// The head (the runtime's view space).
#[derive(Component)]
struct HeadSpace;

/// First predicted display time (ns), the zero of the session's display times.
#[derive(Resource, Default)]
struct Clock {
    start_ns: Option<i64>,
    last_t: f64,
    state: Option<XrState>,
    /// STAGE space to the stage frame, recentred on the head's first tracked pose so
    /// that the patient sits at the origin facing the counter.
    mapping: Option<StageMapping>,
}

/// Adds the headset input source and session-state handling.
pub fn plugin(app: &mut App) {
    app.init_resource::<Clock>()
        .add_systems(Startup, create_actions.run_if(session_available))
        .add_systems(OxrSendActionBindings, suggest_bindings)
        .add_systems(XrSessionCreated, (attach_actions, spawn_spaces))
        .add_systems(
            PreUpdate,
            sync_actions.before(OxrActionSetSyncSet).run_if(openxr_session_running),
        )
        .add_systems(
            Update,
            headset_input.in_set(CoreSystems::Input).run_if(openxr_session_running),
        )
        .add_oxr_event_handler(session_state);
}

fn create_actions(instance: Res<OxrInstance>, mut commands: Commands) -> Result {
    let set = instance.create_action_set("vr_aat", "vr-aat", 0)?;
    let pose = [
        set.create_action("left_grip_pose", "Left grip pose", &[])?,
        set.create_action("right_grip_pose", "Right grip pose", &[])?,
    ];
    let grip = [
        set.create_action("left_grip", "Left grip", &[])?,
        set.create_action("right_grip", "Right grip", &[])?,
    ];
    commands.insert_resource(Actions { set, pose, grip });
    Ok(())
}

fn suggest_bindings(actions: Res<Actions>, mut bindings: MessageWriter<OxrSuggestActionBinding>) {
    for profile in PROFILES {
        for (i, side) in ["left", "right"].into_iter().enumerate() {
            bindings.write(OxrSuggestActionBinding {
                action: actions.pose[i].as_raw(),
                interaction_profile: profile.profile.into(),
                bindings: vec![hand_path(side, GRIP_POSE).into()],
            });
            bindings.write(OxrSuggestActionBinding {
                action: actions.grip[i].as_raw(),
                interaction_profile: profile.profile.into(),
                bindings: vec![hand_path(side, profile.grip_input).into()],
            });
        }
    }
}

fn attach_actions(actions: Res<Actions>, mut attach: MessageWriter<OxrAttachActionSet>) {
    attach.write(OxrAttachActionSet(actions.set.clone()));
}

fn sync_actions(actions: Res<Actions>, mut sync: MessageWriter<OxrSyncActionSet>) {
    sync.write(OxrSyncActionSet(actions.set.clone()));
}

fn spawn_spaces(actions: Res<Actions>, session: Res<OxrSession>, mut commands: Commands) -> Result {
    for (i, action) in actions.pose.iter().enumerate() {
        let space = session.create_action_space(action, openxr::Path::NULL, Isometry3d::IDENTITY)?;
        commands.spawn((Controller(i), space, Transform::default()));
    }
    let view = session.create_reference_space(openxr::ReferenceSpaceType::VIEW, Isometry3d::IDENTITY)?;
    commands.spawn((HeadSpace, view.0, Transform::default()));
    Ok(())
}

/// One pose sample per frame, at the frame's predicted display time, from the STAGE
/// space into the stage frame (recentred on the head's first tracked pose).
fn headset_input(
    frame: Res<OxrFrameState>,
    session: Res<OxrSession>,
    actions: Res<Actions>,
    mut clock: ResMut<Clock>,
    controllers: Query<(&Controller, &Transform, &XrSpaceLocationFlags)>,
    head: Query<(&Transform, &XrSpaceLocationFlags), With<HeadSpace>>,
    mut stream: ResMut<PoseStream>,
) -> Result {
    let now_ns = frame.predicted_display_time.as_nanos();
    let start = *clock.start_ns.get_or_insert(now_ns);
    let t = display_time_s(now_ns, start) + 1e-6;
    if t <= clock.last_t {
        return Ok(());
    }
    clock.last_t = t;
    let head_now = head.single().ok();
    if clock.mapping.is_none()
        && let Some((tf, flags)) = head_now
        && flags.position_tracked
    {
        let mut m = StageMapping::new(ReferenceSpace::Floor);
        m.recenter(tf.translation, tf.rotation);
        clock.mapping = Some(m);
    }
    let mapping = clock
        .mapping
        .unwrap_or_else(|| StageMapping::new(ReferenceSpace::Floor));
    let mut hands = [HandSample {
        pose: Pose::IDENTITY,
        tracked: false,
        grip: false,
    }; 2];
    for (c, tf, flags) in &controllers {
        let grip = actions.grip[c.0]
            .state(&session, openxr::Path::NULL)
            .map_or(0.0, |s| s.current_state);
        hands[c.0] = HandSample {
            pose: mapping.to_stage(tf.translation, tf.rotation),
            tracked: flags.position_tracked,
            grip: grip > 0.5,
        };
    }
    let (head_pose, head_tracked) = head_now.map_or((Pose::IDENTITY, false), |(tf, f)| {
        (mapping.to_stage(tf.translation, tf.rotation), f.position_tracked)
    });
    stream.push(PoseSample {
        t,
        head: head_pose,
        head_tracked,
        left: hands[0],
        right: hands[1],
    })?;
    Ok(())
}

/// OpenXR session states to pause, resume and end (see `crate::xr::lifecycle`).
fn session_state(event: OxrEventIn, mut clock: ResMut<Clock>, mut control: MessageWriter<SessionControl>) {
    if let openxr::Event::SessionStateChanged(change) = *event {
        let to = match change.state() {
            openxr::SessionState::IDLE => XrState::Idle,
            openxr::SessionState::READY => XrState::Ready,
            openxr::SessionState::SYNCHRONIZED => XrState::Synchronized,
            openxr::SessionState::VISIBLE => XrState::Visible,
            openxr::SessionState::FOCUSED => XrState::Focused,
            openxr::SessionState::STOPPING => XrState::Stopping,
            openxr::SessionState::LOSS_PENDING => XrState::LossPending,
            _ => XrState::Exiting,
        };
        if let Some(from) = clock.state
            && let Some(c) = control_for(from, to)
        {
            control.write(c);
        }
        clock.state = Some(to);
    }
}
