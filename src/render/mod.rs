//! The rendered bar (feature `render`): meshes, lights, camera and screen text for the
//! scene's entities, the flat desktop window, and screenshots of chosen moments.
//!
//! Everything here only draws: the game logic lives in [`crate::scene`], the trial
//! engine and the input sources, which run the same without this module.

mod bar;
mod drinks;
#[cfg(feature = "xr")]
pub mod headset;
mod overlay;
pub mod play;
pub mod vessel;

use bevy::prelude::*;

pub use drinks::{DrinkCatalogue, EyeCamera};
pub use overlay::OverlayInfo;

use crate::schedule::CoreSystems;

/// Draws the scene: the bar, drinks, hand, screen text. Needs [`DrinkCatalogue`] and a
/// [`crate::scene::SceneLayout`].
pub fn bar_plugin(app: &mut App) {
    app.init_resource::<drinks::MeshCache>()
        .add_systems(Startup, (bar::spawn_bar, overlay::spawn_overlay))
        .add_systems(
            Update,
            (
                drinks::dress_drinks,
                drinks::dress_hand,
                drinks::fade_drinks,
                drinks::highlight_hand,
                overlay::update_overlay,
            )
                .chain()
                .after(CoreSystems::EndFrame),
        );
}

/// The flat-mode camera and the therapist's keys.
pub fn flat_plugin(app: &mut App) {
    app.add_systems(Startup, drinks::spawn_eye_camera)
        .add_systems(Update, overlay::therapist_keys.in_set(CoreSystems::BeginFrame));
}
