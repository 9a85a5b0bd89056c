//! What the patient reads, in their language, as a resource of every app: the core's
//! [`Messages`] (Project Fluent, `assets/locales/LANG/app.ftl`) for the session's
//! language, English until a live session inserts the participant's.

use bevy::prelude::*;
use vr_aat_core::locale::{Language, Messages};

/// The messages of the session's language.
#[derive(Resource, Default, Deref)]
pub struct Texts(pub Messages);

impl Texts {
    /// The messages of `language` (English, should its built-in file ever fail to load:
    /// the locale tests catch that).
    pub fn new(language: Language) -> Self {
        Self(Messages::new(language).unwrap_or_default())
    }
}
