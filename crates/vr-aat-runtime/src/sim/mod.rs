//! The headless driver: runs sessions and courses with a synthetic patient through the
//! same plugins a headset session uses, as fast as the machine allows.

pub mod cohort;
mod course;
mod recorded;
mod session;
pub mod study;

pub use course::{CourseReport, SessionSummary, summarise};
pub use recorded::{TRUTH_FILE, run_recorded_session, write_truth};
pub use session::{
    SessionOutput, SessionRun, SimError, add_synthetic_session, build_app, run_session, step_to_end, time_limit,
};
