//! What the trial engine reports about each finished trial.

use serde::{Deserialize, Serialize};

use crate::data::{BlockKind, Category, Cue};

/// A movement direction relative to the patient: push = away (forward), pull = toward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    Push,
    Pull,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Push => "push",
            Direction::Pull => "pull",
        }
    }

    pub fn opposite(self) -> Direction {
        match self {
            Direction::Push => Direction::Pull,
            Direction::Pull => Direction::Push,
        }
    }

    /// `is_pull` in AATtools' long format (1 = approach).
    pub fn is_pull(self) -> bool {
        self == Direction::Pull
    }
}

/// How a trial ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The first response was in the required direction.
    Correct,
    /// The first response was in the wrong direction (corrected or not).
    WrongDirection,
    /// No push or pull was completed before the time-out.
    NoResponse,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::WrongDirection => "wrong_direction",
            Outcome::NoResponse => "no_response",
        }
    }
}

/// One finished trial. Times are display times (seconds since the session started) or
/// durations in milliseconds; distances in metres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialRecord {
    /// Session number in the course, from 1.
    pub session: u32,
    /// Block number within the session, from 1.
    pub block: u32,
    pub block_name: String,
    pub block_kind: BlockKind,
    /// Trial number within the session, from 1.
    pub trial: u32,
    /// Trial number within the block, from 1.
    pub trial_in_block: u32,
    pub stimulus_id: String,
    pub category: Category,
    /// The coaster cue, under a stimulus-irrelevant instruction.
    pub cue: Option<Cue>,
    pub required: Direction,
    /// The direction of the first completed movement, if any.
    pub given: Option<Direction>,
    pub outcome: Outcome,
    /// True for a wrong direction or no response.
    pub error: bool,
    /// True when a wrong first response was followed by the required one.
    pub corrected: bool,
    /// Display time of the first frame that showed the drink (s).
    pub stimulus_onset_s: f64,
    /// When the hand first left its rest position by the onset distance (s), interpolated
    /// between samples.
    pub movement_onset_s: Option<f64>,
    /// Initiation time: stimulus onset to movement onset (ms).
    pub rt_ms: Option<f64>,
    /// Movement onset to the completion of the first response (ms).
    pub movement_time_ms: Option<f64>,
    /// Stimulus onset to the completion of the first response (ms).
    pub full_rt_ms: Option<f64>,
    /// After a wrong response: from its completion to the completion of the correction (ms).
    pub correction_ms: Option<f64>,
    /// Highest hand speed between movement onset and completion (m/s).
    pub peak_speed_m_s: f64,
    /// Hand path length between movement onset and completion (m).
    pub distance_m: f64,
    /// The dominant hand lost tracking while the drink was shown.
    pub tracking_lost: bool,
    /// A frame overran the frame budget while the drink was shown.
    pub budget_overrun: bool,
}
