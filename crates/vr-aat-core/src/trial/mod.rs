//! The trial engine, as plain Rust: trial order from the protocol and a seed, the
//! per-trial state machine, sub-frame onset timing, and the record of every finished
//! trial. It consumes [`crate::pose::PoseSample`]s in display-time order and never reads
//! a clock; the runtime crate feeds it once per update, replay feeds it a recording.

mod engine;
mod onset;
mod record;
mod sequence;

pub use engine::{Calibration, DisplayChange, Engine, EngineConfig, FeedbackKind, LATE_FRAME_FACTOR};
pub use onset::{OnsetTiming, RestWindow, crossing_time};
pub use record::{Direction, Label, Outcome, TRIAL_COLUMNS, TrialRecord, check_label_column, score_trials};
pub use sequence::{BlockPlan, PlanError, Rule, SessionPlan, TrialSpec, plan_session};
