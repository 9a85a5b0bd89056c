//! vr-aat's core: everything about approach-avoidance training that is plain data and
//! plain functions, with no game engine, no rendering, no XR and no file layout.
//!
//! - [`data`]: protocols, the drink catalogue, synthetic-patient profiles, cohorts and
//!   questionnaire definitions as RON files, loaded and validated with errors that name
//!   the file, line, column and field; the shipped files built in ([`data::builtin`]);
//!   a participant's own drinks ([`data::intake`]).
//! - [`trial`]: the trial engine: trial order from the protocol and a seed, the
//!   per-trial state machine, sub-frame movement-onset timing, the trial record.
//! - [`pose`]: the pose samples every input source produces.
//! - [`calibration`]: the headset's reach calibration, a state machine on pose samples.
//! - [`questionnaire`]: a questionnaire's form (choose, confirm), its panel text and its
//!   scores.
//! - [`scoring`]: AAT scores as AATtools computes them (R semantics), bootstrap
//!   intervals, split-half reliability.
//! - [`records`]: the record types of a session's files and the event vocabulary.
//! - [`lifecycle`]: why a session is held or ended early (the words written to files).
//! - [`locale`]: the app's languages (Project Fluent messages, built in).
//! - [`participant`]: pseudonymous participant ids, safe as folder names.
//! - [`rng`]: every seeded random-number stream of the project.
//! - [`label`]: enums written to files as fixed labels.
//!
//! **Must never depend on** Bevy, rendering, XR, the command line (`clap`) or the other
//! vr-aat crates: a researcher can depend on this crate alone to read protocols and
//! score AAT data from Rust (`cargo tree -p vr-aat-core` shows no `bevy`; the root
//! package's `tests/it/layers.rs` checks it). It does no file I/O beyond reading the
//! data files it is asked to load.

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod calibration;
pub mod data;
pub mod label;
pub mod lifecycle;
pub mod locale;
pub mod participant;
pub mod pose;
pub mod questionnaire;
pub mod records;
pub mod rng;
pub mod scoring;
pub mod trial;
