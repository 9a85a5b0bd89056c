//! The record types of a session's files: what `session.ron`, `summary.ron`,
//! `core_cost.ron`, `answers.csv` and `events.csv` hold. `trials.csv` holds
//! [`crate::trial::TrialRecord`]s and `tracking.csv` [`crate::pose::PoseSample`]s.
//!
//! These are plain data with serde; the files themselves (names, headers, versions, the
//! one writer and the one reader of each) belong to `vr_aat_store`.

mod answer;
mod counts;
mod event;
mod session;
mod session_use;

pub use answer::AnswerRecord;
pub use counts::{CoreCostRecord, SessionCounts};
pub use event::EventKind;
pub use session::{CalibrationMethod, CalibrationRecord, Clock, InputSource, SessionMeta, SessionStatus, TimingRecord};
pub use session_use::{Counted, SessionUse};
