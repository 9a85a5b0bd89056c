//! vr-aat: approach-avoidance training (AAT) for alcohol use disorder in a virtual bar.
//!
//! The library holds the headless core that every way of playing shares:
//!
//! - [`data`]: protocols, the stimulus catalogue and synthetic patients as RON files,
//!   loaded and validated with errors that name the file, place and field.
//! - [`input`]: the input stream of timestamped pose samples (head and both hands).
//! - [`trial`]: the trial engine (trial order, the per-trial state machine, sub-frame
//!   movement-onset timing) as Bevy plugins without rendering.
//! - [`timing`]: the frame clock (frames shown, late frames) and the core's own cost.
//! - [`patient`]: the synthetic patient, an input source for headless runs and tests.
//! - [`metrics`]: the session-metrics plugin: crash-safe recording of every session.
//! - [`scoring`]: pure functions that turn trial records into AAT scores.
//! - [`aatcsv`]: the long-format trial table AAT tools exchange.
//! - [`review`]: a participant's sessions reviewed (scores, intervals, flags, change), as
//!   `summary`, `report` and the FHIR export show them.
//! - [`report`]: the therapist's HTML report (templates, charts).
//! - [`fhir`]: the HL7 FHIR R4 transaction Bundle of a participant's course.
//! - [`locale`]: the app's languages (Project Fluent messages).
//! - [`replay`]: a recorded session's pose stream run back through the engine.
//! - [`session`]: the one session lifecycle (states, pause causes, closing) every mode
//!   shares.
//! - [`live`]: what live sessions (flat, headset) share: the participant's next session,
//!   the live plugins.
//! - `render` (feature `render`): the rendered bar, flat desktop mode, screenshots.
//! - [`sim`]: the headless driver that runs whole sessions and courses faster than real
//!   time.
//! - [`app`]: the core plugin composition.
//! - [`scene`]: the patient's world as state (drink, hand, panels), drawn by the render layer.
//! - [`xr`]: OpenXR runtime probe, controller bindings, pose and session-state mapping.
//! - [`schedule`]: the core's own schedule and the one chained system-set enum in it.
//! - [`rng`]: the seeded random-number streams.
//!
//! The `vr-aat` command line lives in the binary (`src/main.rs`, `src/cli/`).
//!
//! `docs/design.md` explains how these fit together.

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod aatcsv;
pub mod answers;
pub mod app;
pub mod asking;
pub mod data;
pub mod fhir;
pub mod input;
pub mod intake;
pub mod live;
pub mod locale;
pub mod metrics;
pub mod participant;
pub mod patient;
#[cfg(feature = "render")]
pub mod render;
pub mod replay;
pub mod report;
pub mod review;
pub mod rng;
pub mod scene;
pub mod schedule;
pub mod scoring;
pub mod session;
pub mod sim;
pub mod timing;
pub mod trial;
pub mod xr;
