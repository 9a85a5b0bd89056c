//! vr-aat's integration tests that need the `vr-aat` binary or the whole app: one test
//! binary (so the suite links once), one module per capability. Crate-level tests live
//! beside their crates (`crates/*/tests/`, and unit tests in `crates/*/src/`); the
//! rendered window's tests are `tests/window/` (feature `render`).

mod common;

mod aattools_parity;
mod asking;
mod bad_input;
mod bids_export;
mod data_validation;
mod doctor;
mod fhir_export;
mod frame_timing;
mod headset_start;
mod intake;
mod kill_recovery;
mod lab_streaming;
mod layers;
mod links;
mod one_writer;
mod output_digest;
mod questionnaires;
mod rapidsplithalf_parity;
mod readers;
mod recorder_health;
mod recording;
mod repair;
mod replay;
mod report;
mod scoring_fixtures;
mod session_scoring;
mod simulate_cli;
mod study_planning;
mod synthetic_patient;
mod traceability;
mod xr_probe;
