//! vr-aat's headset layer, in two parts as `bevy_mod_xr` is apart from
//! `bevy_mod_openxr`:
//!
//! - **Backend-agnostic, in every build** (no runtime, no renderer needed, so the
//!   default CI build tests them): finding out whether an OpenXR runtime is there
//!   ([`mod@probe`]), the controller bindings as data ([`bindings`]), and the plain functions
//!   that turn runtime poses and session states into the runtime crate's pose stream and
//!   session control ([`pose`], [`lifecycle`]), haptic choices ([`haptics`]) and
//!   questionnaire controls ([`answer_controls`]).
//! - **The OpenXR backend** (this crate's feature `openxr`, the `vr-aat` package's
//!   feature `xr`): the headset plugin on `bevy_mod_openxr`, the
//!   photodiode patch in front of an eye and the headset app.
//!
//! The reach calibration itself is plain Rust in `vr_aat_core::calibration`, and the
//! lifecycle step that runs it is `vr_aat_runtime::live::calibrating`: the therapist's
//! overlay reads its status there, not here.
//!
//! **Depends on** `vr-aat-runtime` (and below), with `openxr` also on `vr-aat-render`;
//! **must never depend on** the review layer or the command line.

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod answer_controls;
pub mod bindings;
#[cfg(feature = "openxr")]
pub mod check;
#[cfg(feature = "openxr")]
mod eye_patch;
pub mod haptics;
#[cfg(feature = "openxr")]
pub mod headset;
pub mod headset_run;
pub mod lifecycle;
#[cfg(feature = "openxr")]
pub mod play;
pub mod pose;
pub mod probe;

pub use probe::{XrAvailability, probe};
