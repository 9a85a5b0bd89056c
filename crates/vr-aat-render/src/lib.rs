//! The rendered bar (feature `render`): meshes, lights, camera and screen text for the
//! scene's entities, the flat desktop window, and screenshots of chosen moments.
//!
//! Everything here only draws: the game logic lives in [`vr_aat_runtime::scene`], the trial
//! engine and the input sources, which run the same without this module.
//!
//! **Depends on** `vr-aat-core` and `vr-aat-runtime` among vr-aat's crates and on Bevy's
//! renderer; **must never depend on** the store's writers directly (recording goes
//! through the runtime's plugin), the review layer, XR (`vr-aat-xr` depends on this crate,
//! not the other way round) or the command line.

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod bar;
mod drinks;
pub mod frame_bench;
pub mod overlay;
pub mod photodiode;
pub mod play;
pub mod vessel;
pub mod window_check;
pub mod world_panel;

use bevy::prelude::*;

pub use drinks::{DrinkCatalogue, EyeCamera};
pub use overlay::OverlayInfo;

use vr_aat_runtime::scene::SceneLayout;
use vr_aat_runtime::schedule::{CoreSystems, CoreUpdate};

/// The drawing systems, in [`CoreSystems::Draw`] after the rest of the core chain: first
/// the bar and cameras are laid out for a new [`SceneLayout`], then the entities are
/// dressed for this frame.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum DrawSystems {
    /// Systems that rebuild or move things for a new layout (they touch different
    /// entities, so their mutual order does not matter).
    Layout,
    Dress,
}

/// DejaVu Sans (assets/fonts, Bitstream Vera licence): the text of every language the
/// app speaks (ä ö ü ß æ ø å ą ć ę ł ń ó ś ź ż), which Bevy's built-in font subset lacks.
const TEXT_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Makes DejaVu Sans the font of every text that names no other (Bevy's default handle).
fn use_text_font(app: &mut App) {
    if let Some(mut fonts) = app.world_mut().get_resource_mut::<Assets<Font>>() {
        let _ = fonts.insert(AssetId::default(), Font::from_bytes(TEXT_FONT.to_vec()));
    }
}

/// Draws the scene: the bar, drinks, hand, screen text. Needs [`DrinkCatalogue`]; the bar
/// is built (and rebuilt) for the current [`SceneLayout`].
pub fn bar_plugin(app: &mut App) {
    use_text_font(app);
    app.init_resource::<drinks::MeshCache>()
        .configure_sets(
            CoreUpdate,
            (DrawSystems::Layout, DrawSystems::Dress)
                .chain()
                .in_set(CoreSystems::Draw),
        )
        .add_systems(Startup, overlay::spawn_overlay)
        .add_systems(
            CoreUpdate,
            bar::spawn_bar
                .in_set(DrawSystems::Layout)
                .ambiguous_with(DrawSystems::Layout)
                .run_if(resource_exists_and_changed::<SceneLayout>),
        )
        .add_systems(
            CoreUpdate,
            (
                drinks::dress_drinks,
                drinks::dress_hand,
                drinks::fade_drinks,
                drinks::highlight_hand,
                overlay::update_overlay,
            )
                .chain()
                .in_set(DrawSystems::Dress),
        );
}

/// The flat-mode camera and the therapist's keys.
pub fn flat_plugin(app: &mut App) {
    app.add_systems(
        CoreUpdate,
        drinks::place_eye_camera
            .in_set(DrawSystems::Layout)
            .ambiguous_with(DrawSystems::Layout)
            .run_if(resource_exists_and_changed::<SceneLayout>),
    )
    .add_message::<vr_aat_runtime::session::SessionControl>()
    .add_systems(CoreUpdate, overlay::therapist_keys.in_set(CoreSystems::BeginFrame));
}
