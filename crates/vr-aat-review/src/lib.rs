//! vr-aat's review: what a therapist, a clinic and a researcher read about recorded
//! sessions, without Bevy.
//!
//! - [`review`]: one review of a stored session (counts, scores with their bootstrap
//!   interval, pauses, questionnaires, flags such as "desktop window" or "synthetic
//!   patient") and the change over a course; `summary`, the report and the FHIR export
//!   all show this one view, so they cannot disagree.
//! - [`report`]: the therapist's HTML report per participant and per study (templates
//!   in `assets/report/`, charts as inline SVG, texts in the reader's language).
//! - [`fhir`]: the HL7 FHIR R4 transaction Bundle of a participant's course.
//!
//! **Depends on** `vr-aat-core` and `vr-aat-store` only among vr-aat's crates; **must
//! never depend on** Bevy, rendering, XR or the command line (`cargo tree -p
//! vr-aat-review` shows no `bevy`).

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod fhir;
pub mod report;
pub mod review;
