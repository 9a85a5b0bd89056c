//! The bar: floor, back wall, counter at the patient's hand height, shelves with bottles
//! for context, and warm, simple lighting that holds a headset's frame rate (no shadows
//! from the fill lights, no post-processing).

use bevy::prelude::*;

use super::vessel::{lathe, outer_profile};
use vr_aat_core::data::Vessel;
use vr_aat_runtime::scene::SceneLayout;

fn mat(materials: &mut Assets<StandardMaterial>, r: f32, g: f32, b: f32, rough: f32) -> Handle<StandardMaterial> {
    materials.add(StandardMaterial {
        base_color: Color::srgb(r, g, b),
        perceptual_roughness: rough,
        ..default()
    })
}

/// Every entity of the bar, so that a new layout can replace it.
#[derive(Component)]
pub struct BarPart;

/// Spawns the static bar around `layout`, replacing the bar of an earlier layout (a
/// headset session lays out a provisional bar, then the calibrated one).
pub fn spawn_bar(
    mut commands: Commands,
    layout: Res<SceneLayout>,
    old: Query<Entity, With<BarPart>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for e in &old {
        commands.entity(e).despawn();
    }
    let top = layout.counter_top;
    let front_z = layout.drink_home.z + 0.25; // the counter's near edge, in front of the patient
    let back_z = front_z - 0.75;
    let wood = mat(&mut materials, 0.36, 0.2, 0.1, 0.55);
    let dark_wood = mat(&mut materials, 0.2, 0.11, 0.06, 0.7);
    let wall = mat(&mut materials, 0.45, 0.3, 0.22, 0.9);
    let floor = mat(&mut materials, 0.18, 0.14, 0.12, 0.8);
    // Floor and walls.
    commands.spawn((
        BarPart,
        Mesh3d(meshes.add(Plane3d::default().mesh().size(8.0, 8.0))),
        MeshMaterial3d(floor),
        Transform::default(),
    ));
    commands.spawn((
        BarPart,
        Mesh3d(meshes.add(Cuboid::new(8.0, 3.2, 0.1))),
        MeshMaterial3d(wall.clone()),
        Transform::from_xyz(0.0, 1.6, back_z - 0.9),
    ));
    // Counter: top slab and front panel.
    commands.spawn((
        BarPart,
        Mesh3d(meshes.add(Cuboid::new(3.0, 0.05, 0.75))),
        MeshMaterial3d(wood.clone()),
        Transform::from_xyz(0.0, top - 0.025, (front_z + back_z) / 2.0),
    ));
    commands.spawn((
        BarPart,
        Mesh3d(meshes.add(Cuboid::new(3.0, top - 0.05, 0.05))),
        MeshMaterial3d(dark_wood.clone()),
        Transform::from_xyz(0.0, (top - 0.05) / 2.0, front_z - 0.05),
    ));
    // Back bar: three shelves with bottles.
    let glass_colours = [
        (0.35, 0.18, 0.05),
        (0.1, 0.35, 0.15),
        (0.75, 0.85, 0.8),
        (0.5, 0.1, 0.1),
        (0.85, 0.7, 0.3),
        (0.2, 0.3, 0.6),
    ];
    let bottle = meshes.add(lathe(&outer_profile(Vessel::LongneckBottle, 0.3), 16));
    let bottle_mats: Vec<_> = glass_colours
        .iter()
        .map(|(r, g, b)| mat(&mut materials, *r, *g, *b, 0.2))
        .collect();
    for (i, y) in [1.0f32, 1.4, 1.8].into_iter().enumerate() {
        commands.spawn((
            BarPart,
            Mesh3d(meshes.add(Cuboid::new(2.4, 0.03, 0.25))),
            MeshMaterial3d(dark_wood.clone()),
            Transform::from_xyz(0.0, y, back_z - 0.75),
        ));
        for k in 0..14 {
            let x = -1.1 + k as f32 * 0.17;
            let m = bottle_mats[(k * 7 + i * 3) % bottle_mats.len()].clone();
            let scale = 0.8 + 0.08 * ((k + i) % 4) as f32;
            commands.spawn((
                BarPart,
                Mesh3d(bottle.clone()),
                MeshMaterial3d(m),
                Transform::from_xyz(x, y + 0.015, back_z - 0.75).with_scale(Vec3::new(1.0, scale, 1.0)),
            ));
        }
    }
    // Lights: warm key light over the counter, two warm fills, a little ambient.
    commands.spawn((
        BarPart,
        PointLight {
            color: Color::srgb(1.0, 0.85, 0.65),
            intensity: 120_000.0,
            range: 8.0,
            shadow_maps_enabled: true,
            ..default()
        },
        Transform::from_xyz(0.3, top + 1.3, layout.drink_home.z - 0.2),
    ));
    for x in [-1.6f32, 1.6] {
        commands.spawn((
            BarPart,
            PointLight {
                color: Color::srgb(1.0, 0.7, 0.45),
                intensity: 60_000.0,
                range: 8.0,
                ..default()
            },
            Transform::from_xyz(x, 2.4, back_z - 0.3),
        ));
    }
    commands.insert_resource(GlobalAmbientLight {
        color: Color::srgb(1.0, 0.9, 0.8),
        brightness: 250.0,
        ..default()
    });
}
