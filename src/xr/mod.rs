//! OpenXR: the headset session (feature `xr`: the `headset` plugin, the in-world panel and the
//! headset app) and the parts it is built from that need no runtime, which build and
//! are tested in every build: finding out whether a runtime is there, the controller
//! bindings as data, the reach calibration, and the plain functions that turn runtime
//! poses and session states into the core's input stream and session control.

pub mod answer_controls;
pub mod bindings;
pub mod calibration;
pub mod calibration_phase;
#[cfg(feature = "xr")]
mod eye_patch;
pub mod haptics;
#[cfg(feature = "xr")]
pub mod headset;
pub mod lifecycle;
#[cfg(feature = "xr")]
pub mod play;
pub mod pose;
pub mod probe;
#[cfg(feature = "xr")]
mod world_panel;

pub use probe::{XrAvailability, probe};
