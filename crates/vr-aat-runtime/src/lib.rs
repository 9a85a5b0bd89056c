//! vr-aat's runtime: the session as it runs, in Bevy's ECS, headless. Every way of
//! playing (a simulated patient, the desktop window, a headset) runs these plugins; the
//! rendered layers (`vr-aat-render`, `vr-aat-xr`) only add input sources and drawing.
//!
//! - [`schedule`]: vr-aat's own schedule, [`schedule::CoreUpdate`], and its one chain of
//!   system sets (input before the engine, the lifecycle between them, recording and
//!   presentation after).
//! - [`input`]: the pose stream every source pushes into; [`trial`]: the trial engine
//!   as a system; [`timing`]: the frame clock and the core's own cost per frame.
//! - [`session`]: the one session lifecycle (states, pause causes, begin, close) with
//!   the questionnaires as one of its steps ([`session::asking`]).
//! - [`recording`]: the session-metrics plugin, handing every trial, sample, event and
//!   answer to the store's recorder; [`lsl`]: the same session streamed live to a
//!   lab's Lab Streaming Layer network (markers and poses on the LSL clock).
//! - [`scene`]: the patient's world as state (drink, hand, panels), which the render
//!   layer draws; [`texts`]: what the patient reads, in their language.
//! - Input sources: [`patient`] (the synthetic patient) and [`flat_input`] (mouse and
//!   keys).
//! - Use cases: [`sim`] (simulated sessions, courses, cohorts and studies, faster than
//!   real time), [`live`] (a live session's preparation as the participant's one
//!   writer, its plugins, and the headset's reach calibration step) and [`mod@bench`] (the
//!   measurements of `vr-aat bench`).
//! - [`app`]: the core plugins every app starts from.
//!
//! **Depends on** `vr-aat-core` and `vr-aat-store` and on Bevy without rendering,
//! windowing or audio; **must never depend on** `vr-aat-review`, the render or XR
//! layers or the command line.

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod bench;
pub mod flat_input;
pub mod input;
pub mod live;
pub mod lsl;
pub mod patient;
pub mod recording;
pub mod scene;
pub mod schedule;
pub mod session;
pub mod sim;
pub mod texts;
pub mod timing;
pub mod trial;
