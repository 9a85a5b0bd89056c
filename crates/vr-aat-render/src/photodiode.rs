//! Photodiode mode (`vr-aat play --photodiode`): a small patch in a corner of the view,
//! black, that turns white on the frame that shows a drink and black again on the frame
//! on which the drink's movement onset is detected. A photodiode on the patch (on the
//! monitor, or on a headset lens) sees the display's real timing; `docs/latency.md` says
//! how to measure with it. The switch times are in the recording: the trial's
//! `stimulus_onset_s` and the `movement_detected` event.

use bevy::prelude::*;

use super::DrawSystems;
use vr_aat_runtime::scene::SceneStatus;
use vr_aat_runtime::schedule::CoreUpdate;

/// Present when the photodiode patch is shown.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct PhotodiodeMode;

/// A photodiode patch: a screen-space box (flat window, mirror) or a quad in front of a
/// headset eye (`vr_aat_xr`'s headset layer).
#[derive(Component, Debug, Clone, Copy)]
pub struct PhotodiodePatch;

/// Side of the screen patch (px).
const PATCH_PX: f32 = 56.0;

/// The patch colour: white while lit.
pub fn patch_colour(lit: bool) -> Color {
    if lit { Color::WHITE } else { Color::BLACK }
}

/// Adds the screen patch and keeps every patch's colour in step with the scene.
pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_patch.run_if(resource_exists::<PhotodiodeMode>))
        .add_systems(
            CoreUpdate,
            light_patches
                .in_set(DrawSystems::Dress)
                .after(super::overlay::update_overlay)
                .run_if(resource_exists::<PhotodiodeMode>),
        );
}

fn spawn_patch(mut commands: Commands) {
    commands.spawn((
        PhotodiodePatch,
        Node {
            position_type: PositionType::Absolute,
            left: Val::Px(0.0),
            bottom: Val::Px(0.0),
            width: Val::Px(PATCH_PX),
            height: Val::Px(PATCH_PX),
            ..default()
        },
        BackgroundColor(patch_colour(false)),
        GlobalZIndex(i32::MAX),
    ));
}

fn light_patches(
    status: Res<SceneStatus>,
    mut screen: Query<&mut BackgroundColor, With<PhotodiodePatch>>,
    quads: Query<&MeshMaterial3d<StandardMaterial>, With<PhotodiodePatch>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let colour = patch_colour(status.photodiode);
    for mut bg in &mut screen {
        if bg.0 != colour {
            bg.0 = colour;
        }
    }
    for handle in &quads {
        if let Some(mut m) = materials.get_mut(&handle.0)
            && m.base_color != colour
        {
            m.base_color = colour;
        }
    }
}
