//! Drinks, the hand and the camera as meshes: visuals attached to the scene's entities.

use std::collections::HashMap;

use bevy::prelude::*;

use super::vessel::{band, is_open, lathe, liquid_floor, liquid_profile, outer_profile, radius_at};
use vr_aat_core::data::{Catalogue, Cue, DrinkModel, Rgba, Vessel};
use vr_aat_runtime::scene::{Drink, PatientHand, SceneLayout};

/// The stimulus catalogue, for drawing drinks.
#[derive(Resource, Debug, Clone)]
pub struct DrinkCatalogue(pub Catalogue);

/// Meshes built once per drink id.
#[derive(Resource, Default)]
pub struct MeshCache(HashMap<String, Vec<(Part, Handle<Mesh>)>>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Body,
    Liquid,
    Label,
    Garnish,
    Foam,
    Straw,
}

/// The materials of one shown drink and their own alpha, for fading it out.
#[derive(Component, Default)]
pub struct DrinkMaterials(Vec<(Handle<StandardMaterial>, f32)>);

/// The hand's material, for the contact highlight.
#[derive(Component)]
pub struct HandMaterial(Handle<StandardMaterial>);

fn colour(c: Rgba) -> Color {
    Color::srgba(c.0, c.1, c.2, c.3)
}

fn material(c: Rgba, rough: f32) -> StandardMaterial {
    StandardMaterial {
        base_color: colour(c),
        perceptual_roughness: rough,
        alpha_mode: if c.3 < 0.999 {
            AlphaMode::Blend
        } else {
            AlphaMode::Opaque
        },
        ..default()
    }
}

fn is_foam(c: Rgba) -> bool {
    c.0 > 0.85 && c.1 > 0.85 && c.2 > 0.8
}

/// A straw's length (m): from the bottom of the drink to 40% of the drink's depth above
/// the rim.
fn straw_length(vessel: Vessel, height_m: f32) -> f32 {
    (height_m - liquid_floor(vessel, height_m)) * 1.4
}

fn build_meshes(model: &DrinkModel, meshes: &mut Assets<Mesh>) -> Vec<(Part, Handle<Mesh>)> {
    let DrinkModel::Procedural {
        vessel,
        height_m: h,
        fill,
        label,
        garnish,
        straw,
        ..
    } = model
    else {
        return Vec::new();
    };
    let (v, h) = (*vessel, *h);
    let mut out = vec![(Part::Body, meshes.add(lathe(&outer_profile(v, h), 40)))];
    if *fill > 0.0 {
        out.push((Part::Liquid, meshes.add(lathe(&liquid_profile(v, h, *fill), 40))));
    }
    if label.is_some() {
        let (y0, y1) = if v == Vessel::Can {
            (0.12 * h, 0.85 * h)
        } else {
            (0.22 * h, 0.48 * h)
        };
        out.push((Part::Label, meshes.add(band(v, h, y0, y1, 0.0012))));
    }
    if let Some(g) = garnish {
        let outer = outer_profile(v, h);
        if is_foam(*g) && is_open(v) {
            let floor = liquid_floor(v, h);
            let top = floor + (h - floor) * fill;
            let r = radius_at(&outer, top) - 0.003;
            out.push((
                Part::Foam,
                meshes.add(lathe(
                    &vec![(0.0, top), (r, top), (r, top + 0.012), (0.0, top + 0.014)],
                    32,
                )),
            ));
        } else {
            out.push((Part::Garnish, meshes.add(Sphere::new(0.012).mesh().uv(12, 8))));
        }
    }
    if straw.is_some() {
        // From the bottom of the drink to well above the rim (placed in `dress_drinks`).
        out.push((Part::Straw, meshes.add(Cylinder::new(0.0035, straw_length(v, h)))));
    }
    out
}

/// Gives each newly shown drink its meshes, materials and coaster.
pub fn dress_drinks(
    mut commands: Commands,
    drinks: Query<(Entity, &Drink), Added<Drink>>,
    catalogue: Res<DrinkCatalogue>,
    mut cache: ResMut<MeshCache>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    assets: Res<AssetServer>,
) {
    for (entity, drink) in &drinks {
        let Some(def) = catalogue.0.get(&drink.stimulus_id) else {
            continue;
        };
        let mut mats = DrinkMaterials::default();
        let mut children = Vec::new();
        match &def.model {
            DrinkModel::Procedural {
                vessel,
                height_m,
                body,
                liquid,
                label,
                garnish,
                fill,
                straw,
            } => {
                let parts = cache
                    .0
                    .entry(drink.stimulus_id.clone())
                    .or_insert_with(|| build_meshes(&def.model, &mut meshes))
                    .clone();
                for (part, mesh) in parts {
                    let (c, rough) = match part {
                        Part::Body => (*body, if *vessel == Vessel::Can { 0.35 } else { 0.08 }),
                        Part::Liquid => (*liquid, 0.15),
                        Part::Label => (label.unwrap_or(*body), 0.6),
                        Part::Garnish | Part::Foam => (garnish.unwrap_or(*liquid), 0.7),
                        Part::Straw => (straw.unwrap_or(*liquid), 0.5),
                    };
                    let handle = materials.add(material(c, rough));
                    mats.0.push((handle.clone(), c.3));
                    let mut tf = Transform::default();
                    if part == Part::Garnish {
                        let outer = outer_profile(*vessel, *height_m);
                        let y = if is_open(*vessel) {
                            liquid_floor(*vessel, *height_m) + (height_m - liquid_floor(*vessel, *height_m)) * fill
                        } else {
                            *height_m
                        };
                        tf = Transform::from_xyz(radius_at(&outer, y) * 0.8, y, 0.0)
                            .with_scale(Vec3::new(1.0, 0.5, 1.0));
                    }
                    if part == Part::Straw {
                        // Standing on the bottom of the drink, leaning toward the
                        // patient's left, its top well above the rim.
                        let floor = liquid_floor(*vessel, *height_m);
                        let length = straw_length(*vessel, *height_m);
                        let lean = 0.2_f32;
                        let centre =
                            Vec3::new(0.0, floor, 0.0) + Quat::from_rotation_z(lean) * Vec3::Y * (length / 2.0);
                        tf = Transform::from_translation(centre).with_rotation(Quat::from_rotation_z(lean));
                    }
                    children.push(commands.spawn((Mesh3d(mesh), MeshMaterial3d(handle), tf)).id());
                }
            }
            DrinkModel::Gltf { path, .. } => {
                children.push(
                    commands
                        .spawn((
                            WorldAssetRoot(assets.load(GltfAssetLabel::Scene(0).from_asset(path.clone()))),
                            Transform::default(),
                        ))
                        .id(),
                );
            }
        }
        if let Some(cue) = drink.cue {
            let c = match cue {
                Cue::BlueCoaster => Rgba(0.1, 0.35, 0.9, 1.0),
                Cue::OrangeCoaster => Rgba(1.0, 0.5, 0.05, 1.0),
            };
            let handle = materials.add(material(c, 0.8));
            mats.0.push((handle.clone(), 1.0));
            let coaster = meshes.add(Cylinder::new(0.055, 0.004));
            children.push(
                commands
                    .spawn((
                        Mesh3d(coaster),
                        MeshMaterial3d(handle),
                        Transform::from_xyz(0.0, -0.001, 0.0),
                    ))
                    .id(),
            );
        }
        commands
            .entity(entity)
            .insert((mats, Visibility::default()))
            .add_children(&children);
    }
}

/// Fades drinks whose opacity dropped (time-out feedback).
pub fn fade_drinks(
    drinks: Query<(&Drink, &DrinkMaterials), Changed<Drink>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for (drink, mats) in &drinks {
        if drink.opacity >= 1.0 {
            continue;
        }
        for (handle, alpha) in &mats.0 {
            if let Some(mut m) = materials.get_mut(handle) {
                m.base_color.set_alpha(alpha * drink.opacity);
                m.alpha_mode = AlphaMode::Blend;
            }
        }
    }
}

/// A simple controller model for the hand.
pub fn dress_hand(
    mut commands: Commands,
    hands: Query<Entity, Added<PatientHand>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for e in &hands {
        let handle = materials.add(StandardMaterial {
            base_color: Color::srgb(0.85, 0.88, 0.92),
            perceptual_roughness: 0.4,
            ..default()
        });
        // The controller is drawn below, to the outside of and toward the patient from the
        // grip point, so it touches the drink instead of hiding it.
        let grip = commands
            .spawn((
                Mesh3d(meshes.add(Capsule3d::new(0.017, 0.07))),
                MeshMaterial3d(handle.clone()),
                Transform::from_xyz(0.05, -0.06, 0.11).with_rotation(Quat::from_rotation_x(-0.6)),
            ))
            .id();
        let ring = commands
            .spawn((
                Mesh3d(meshes.add(Torus::new(0.02, 0.032))),
                MeshMaterial3d(handle.clone()),
                Transform::from_xyz(0.045, -0.025, 0.085).with_rotation(Quat::from_rotation_x(0.4)),
            ))
            .id();
        commands
            .entity(e)
            .insert((HandMaterial(handle), Visibility::default()))
            .add_children(&[grip, ring]);
    }
}

/// Highlights the hand when it touches the drink; shows the grasp by closing it a little.
pub fn highlight_hand(
    hands: Query<(&PatientHand, &HandMaterial, &mut Transform), Changed<PatientHand>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for (hand, mat, mut tf) in hands {
        if let Some(mut m) = materials.get_mut(&mat.0) {
            m.emissive = if hand.contact {
                LinearRgba::rgb(0.2, 0.6, 0.25)
            } else {
                LinearRgba::BLACK
            };
        }
        tf.scale = if hand.grip {
            Vec3::new(0.85, 0.85, 1.0)
        } else {
            Vec3::ONE
        };
    }
}

/// The flat-mode camera: at the patient's eyes, looking at the drink on the counter.
#[derive(Component)]
pub struct EyeCamera;

///
/// On a desktop screen the view is wider than the eye's own and starts a little behind
/// the head, so the hand, the drink and the bar are all in view.
/// Spawned for the first layout, moved for a later one.
pub fn place_eye_camera(
    mut commands: Commands,
    layout: Res<SceneLayout>,
    mut camera: Query<&mut Transform, With<EyeCamera>>,
) {
    let from = layout.eye - layout.forward * 0.15 + Vec3::Y * 0.05;
    let target = layout.drink_home + layout.forward * 0.45 + Vec3::Y * 0.1;
    let placed = Transform::from_translation(from).looking_at(target, Vec3::Y);
    if let Ok(mut tf) = camera.single_mut() {
        *tf = placed;
        return;
    }
    commands.spawn((flat_camera(), placed));
}

/// The flat-mode camera's parts (the window's; the render benchmark's flat view):
/// wider than the eye's own field of view, 4x MSAA.
pub(crate) fn flat_camera() -> impl Bundle {
    (
        Camera3d::default(),
        Projection::Perspective(PerspectiveProjection {
            fov: 62f32.to_radians(),
            ..default()
        }),
        EyeCamera,
        Msaa::Sample4,
    )
}
