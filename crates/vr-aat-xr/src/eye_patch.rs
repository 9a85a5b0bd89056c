//! The photodiode patch inside the headset (feature `xr`, `vr-aat play --photodiode`):
//! a small unlit square that only the left eye sees, low and to the left of its view,
//! where a photodiode taped to the left lens can watch it. It carries
//! [`PhotodiodePatch`], so `vr_aat_render::photodiode` lights it with the screen patch.

use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;
use bevy_mod_xr::camera::XrCamera;

use vr_aat_render::photodiode::{PhotodiodeMode, PhotodiodePatch, patch_colour};

/// The render layer only the left eye's camera draws.
const LEFT_EYE_ONLY: usize = 1;
/// The patch hangs this far in front of the eye (m), this far left and down of the
/// eye's forward axis (degrees; inside every headset's field of view), this wide (m).
const DISTANCE_M: f32 = 0.3;
const OFFSET_DEG: f32 = 28.0;
const SIDE_M: f32 = 0.03;

/// Gives the left eye's camera the patch when photodiode mode is on.
pub fn plugin(app: &mut App) {
    app.add_systems(Update, attach_patch.run_if(resource_exists::<PhotodiodeMode>));
}

fn attach_patch(
    mut commands: Commands,
    cameras: Query<(Entity, &XrCamera), Added<XrCamera>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for (camera, eye) in &cameras {
        if eye.0 != 0 {
            continue;
        }
        let offset = DISTANCE_M * OFFSET_DEG.to_radians().tan();
        let patch = commands
            .spawn((
                PhotodiodePatch,
                Mesh3d(meshes.add(Rectangle::new(SIDE_M, SIDE_M))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: patch_colour(false),
                    unlit: true,
                    ..default()
                })),
                Transform::from_xyz(-offset, -offset, -DISTANCE_M),
                RenderLayers::layer(LEFT_EYE_ONLY),
            ))
            .id();
        commands
            .entity(camera)
            .insert(RenderLayers::from_layers(&[0, LEFT_EYE_ONLY]))
            .add_child(patch);
        info!("photodiode patch in front of the left eye's camera");
    }
}
