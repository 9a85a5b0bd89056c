//! The headless driver: runs sessions and courses with a synthetic patient through the
//! same plugins a headset session uses, as fast as the machine allows.

mod course;
mod output;
mod session;

pub use course::{CourseReport, SessionSummary, summarise};
pub use output::{TRIAL_COLUMNS, trial_row, write_atomically, write_trials_csv};
pub use session::{SessionOutput, SessionRun, SimError, build_app, run_session, step_to_end, time_limit};
