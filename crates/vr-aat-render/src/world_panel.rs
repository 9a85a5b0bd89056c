//! The instruction panel inside the bar, for the headset (and the render benchmark's
//! two views): a headset shows no screen text, so the panel and the hint are drawn by a
//! UI camera into a texture, and the texture hangs on a board above the counter, in
//! front of the patient.
//!
//! The texts carry the same [`ScreenText`] and [`PanelBox`] markers as the desktop
//! window's, so `overlay::update_overlay` fills both.

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;

use crate::DrawSystems;
use crate::overlay::{PanelBox, ScreenText};
use vr_aat_runtime::scene::{PANEL_BOARD_M, SceneLayout};
use vr_aat_runtime::schedule::CoreUpdate;

/// Texture size (pixels) for the board ([`PANEL_BOARD_M`]): 1250 px per metre, sharp at
/// arm's length.
const TEXTURE_PX: (u32, u32) = (1100, 600);

/// The board showing the panel texture.
#[derive(Component)]
struct PanelBoard;

/// Adds the in-world panel.
pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_panel).add_systems(
        CoreUpdate,
        place_board
            .in_set(DrawSystems::Layout)
            .ambiguous_with(DrawSystems::Layout)
            .run_if(resource_exists_and_changed::<SceneLayout>),
    );
}

fn spawn_panel(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let image = images.add(Image::new_target_texture(
        TEXTURE_PX.0,
        TEXTURE_PX.1,
        TextureFormat::Rgba8UnormSrgb,
        None,
    ));
    let camera = commands
        .spawn((
            Camera2d,
            Camera {
                order: -1,
                clear_color: ClearColorConfig::Custom(Color::NONE),
                ..default()
            },
            RenderTarget::Image(image.clone().into()),
        ))
        .id();
    commands
        .spawn((
            UiTargetCamera(camera),
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::Center,
                ..default()
            },
        ))
        .with_children(|root| {
            root.spawn((
                PanelBox,
                Node {
                    padding: UiRect::all(Val::Px(40.0)),
                    justify_content: JustifyContent::Center,
                    ..default()
                },
                BackgroundColor(Color::srgba(0.08, 0.06, 0.05, 0.88)),
                Visibility::Hidden,
            ))
            .with_children(|p| {
                p.spawn((
                    ScreenText::Panel,
                    Text::new(""),
                    TextFont::from_font_size(bevy::text::FontSize::Px(44.0)),
                    TextColor(Color::srgb(1.0, 0.96, 0.88)),
                    TextLayout::justify(Justify::Center),
                ));
            });
            root.spawn((
                ScreenText::Hint,
                Text::new(""),
                TextFont::from_font_size(bevy::text::FontSize::Px(44.0)),
                TextColor(Color::srgb(1.0, 0.9, 0.6)),
                TextLayout::justify(Justify::Center),
                Node {
                    margin: UiRect::top(Val::Px(20.0)),
                    ..default()
                },
            ));
        });
    commands.spawn((
        PanelBoard,
        Mesh3d(meshes.add(Rectangle::new(PANEL_BOARD_M.0, PANEL_BOARD_M.1))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(image),
            unlit: true,
            alpha_mode: AlphaMode::Blend,
            ..default()
        })),
        Transform::default(),
    ));
}

fn place_board(layout: Res<SceneLayout>, mut board: Query<&mut Transform, With<PanelBoard>>) {
    for mut tf in &mut board {
        *tf = layout.panel_transform();
    }
}
