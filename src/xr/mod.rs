//! OpenXR support that needs no rendering: finding out whether a runtime is there, the
//! controller bindings as data, and the plain functions that turn runtime poses and
//! session states into the core's input stream and session control. The headset layer
//! itself (feature `xr`) builds on these.

pub mod bindings;
pub mod calibration;
pub mod calibration_phase;
pub mod haptics;
pub mod lifecycle;
pub mod pose;
pub mod probe;

pub use probe::{XrAvailability, probe};
