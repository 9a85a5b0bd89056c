//! What the trial engine reports about each finished trial, and how a record is written
//! to (and read from) a row of `trials.csv`: by serde, field by field in declaration
//! order, with labels for the enums and 0/1 for the flags (docs/data-dictionary.md).

use serde::{Deserialize, Serialize};

use crate::data::{BlockKind, Category, Cue};
pub use crate::label::Label;

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
///
/// The fields are the columns of `trials.csv` after `participant`, in this order (see
/// [`TRIAL_COLUMNS`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialRecord {
    /// Session number in the course, from 1.
    pub session: u32,
    /// Block number within the session, from 1.
    pub block: u32,
    pub block_name: String,
    #[serde(with = "label")]
    pub block_kind: BlockKind,
    /// Trial number within the session, from 1.
    pub trial: u32,
    /// Trial number within the block, from 1.
    pub trial_in_block: u32,
    pub stimulus_id: String,
    #[serde(with = "label")]
    pub category: Category,
    /// AATtools' `is_target`: the drink is alcoholic (always `category == Alcohol`).
    #[serde(with = "flag")]
    pub is_target: bool,
    /// The coaster cue, under a stimulus-irrelevant instruction.
    #[serde(with = "label_or_empty")]
    pub cue: Option<Cue>,
    #[serde(with = "label")]
    pub required: Direction,
    /// AATtools' `is_pull`: the required response is a pull (always `required == Pull`).
    #[serde(with = "flag")]
    pub is_pull: bool,
    /// The direction of the first completed movement, if any.
    #[serde(with = "label_or_empty")]
    pub given: Option<Direction>,
    #[serde(with = "label")]
    pub outcome: Outcome,
    /// True for a wrong direction or no response.
    #[serde(with = "flag")]
    pub error: bool,
    /// True when a wrong first response was followed by the required one.
    #[serde(with = "flag")]
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
    #[serde(with = "flag")]
    pub tracking_lost: bool,
    /// A frame came late while the drink was shown (from the frame that showed it to the
    /// response's completion): it was displayed more than 1.5 display periods after the
    /// frame before it, so at least one frame was missed. (Format version 1 files flagged
    /// the core's own cost exceeding a period instead.)
    #[serde(with = "flag")]
    pub budget_overrun: bool,
}

/// The columns of `trials.csv`, in order: `participant`, then the fields of
/// [`TrialRecord`].
pub const TRIAL_COLUMNS: [&str; 27] = [
    "participant",
    "session",
    "block",
    "block_name",
    "block_kind",
    "trial",
    "trial_in_block",
    "stimulus_id",
    "category",
    "is_target",
    "cue",
    "required",
    "is_pull",
    "given",
    "outcome",
    "error",
    "corrected",
    "stimulus_onset_s",
    "movement_onset_s",
    "rt_ms",
    "movement_time_ms",
    "full_rt_ms",
    "correction_ms",
    "peak_speed_m_s",
    "distance_m",
    "tracking_lost",
    "budget_overrun",
];

impl TrialRecord {
    /// What in this record contradicts itself or is not a finite, non-negative number,
    /// as `(column, problem)`: a record read back from a damaged file.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        // Times, durations and distances: finite and never negative.
        let numbers = [
            ("stimulus_onset_s", Some(self.stimulus_onset_s)),
            ("movement_onset_s", self.movement_onset_s),
            ("rt_ms", self.rt_ms),
            ("movement_time_ms", self.movement_time_ms),
            ("full_rt_ms", self.full_rt_ms),
            ("correction_ms", self.correction_ms),
            ("peak_speed_m_s", Some(self.peak_speed_m_s)),
            ("distance_m", Some(self.distance_m)),
        ];
        for (column, value) in numbers {
            match value {
                Some(v) if !v.is_finite() => out.push((column, format!("`{v}` is not a finite number"))),
                Some(v) if v < 0.0 => out.push((
                    column,
                    format!("`{v}` is negative (expected a time, duration or distance of 0 or more)"),
                )),
                _ => {}
            }
        }
        if self.session == 0 || self.block == 0 || self.trial == 0 || self.trial_in_block == 0 {
            out.push(("trial", "session, block and trial numbers count from 1".to_owned()));
        }
        if self.is_target != self.category.is_target() {
            out.push((
                "is_target",
                format!(
                    "{} contradicts category `{}`",
                    u8::from(self.is_target),
                    self.category.label()
                ),
            ));
        }
        if self.is_pull != self.required.is_pull() {
            out.push((
                "is_pull",
                format!(
                    "{} contradicts required `{}`",
                    u8::from(self.is_pull),
                    self.required.label()
                ),
            ));
        }
        if self.error != (self.outcome != Outcome::Correct) {
            out.push((
                "error",
                format!(
                    "{} contradicts outcome `{}`",
                    u8::from(self.error),
                    self.outcome.label()
                ),
            ));
        }
        out
    }
}

/// The scored (assessment and sham) trials of a session, as the scores see them.
pub fn score_trials(records: &[TrialRecord]) -> Vec<crate::scoring::ScoreTrial> {
    records
        .iter()
        .filter(|r| r.block_kind.is_scored())
        .map(|r| crate::scoring::ScoreTrial {
            is_pull: r.required.is_pull(),
            is_target: r.category.is_target(),
            rt_ms: r.rt_ms,
            error: r.error,
            timed_out: r.outcome == Outcome::NoResponse,
            flagged: r.tracking_lost || r.budget_overrun,
            block: r.block,
            stimulus: crate::scoring::stimulus_key(&r.stimulus_id),
        })
        .collect()
}

/// Checks one `trials.csv` value of a labelled or 0/1 column on its own (for naming the
/// column of a row that does not read back; other columns are checked by serde).
pub fn check_label_column(column: &str, value: &str) -> Result<(), String> {
    fn one<T: Label>(value: &str) -> Result<(), String> {
        T::from_label(value)
            .map(|_| ())
            .ok_or_else(|| format!("`{value}` is not {}", T::expected()))
    }
    fn optional<T: Label>(value: &str) -> Result<(), String> {
        if value.is_empty() { Ok(()) } else { one::<T>(value) }
    }
    match column {
        "block_kind" => one::<BlockKind>(value),
        "category" => one::<Category>(value),
        "cue" => optional::<Cue>(value),
        "required" => one::<Direction>(value),
        "given" => optional::<Direction>(value),
        "outcome" => one::<Outcome>(value),
        "is_target" | "is_pull" | "error" | "corrected" | "tracking_lost" | "budget_overrun" => match value {
            "0" | "1" => Ok(()),
            other => Err(format!("`{other}` is not 0 or 1")),
        },
        _ => Ok(()),
    }
}

impl Label for Direction {
    const ALL: &'static [Self] = &[Direction::Push, Direction::Pull];
    fn label(self) -> &'static str {
        Direction::label(self)
    }
}

impl Label for Outcome {
    const ALL: &'static [Self] = &[Outcome::Correct, Outcome::WrongDirection, Outcome::NoResponse];
    fn label(self) -> &'static str {
        Outcome::label(self)
    }
}

impl Label for BlockKind {
    const ALL: &'static [Self] = &[
        BlockKind::Practice,
        BlockKind::Assessment,
        BlockKind::Training,
        BlockKind::Sham,
    ];
    fn label(self) -> &'static str {
        BlockKind::label(self)
    }
}

impl Label for Category {
    const ALL: &'static [Self] = &[Category::Alcohol, Category::Soft];
    fn label(self) -> &'static str {
        Category::label(self)
    }
}

impl Label for Cue {
    const ALL: &'static [Self] = &[Cue::BlueCoaster, Cue::OrangeCoaster];
    fn label(self) -> &'static str {
        match self {
            Cue::BlueCoaster => "blue_coaster",
            Cue::OrangeCoaster => "orange_coaster",
        }
    }
}

/// serde: an enum as its [`Label`].
mod label {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Label;

    pub fn serialize<T: Label, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.label())
    }

    pub fn deserialize<'de, T: Label, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let text = String::deserialize(d)?;
        T::from_label(&text).ok_or_else(|| D::Error::custom(format!("`{text}` is not {}", T::expected())))
    }
}

/// serde: an optional enum as its [`Label`], or an empty field for none.
mod label_or_empty {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Label;

    pub fn serialize<T: Label, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.map_or("", |v| v.label()))
    }

    pub fn deserialize<'de, T: Label, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        let text = String::deserialize(d)?;
        if text.is_empty() {
            return Ok(None);
        }
        T::from_label(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("`{text}` is not {} or empty", T::expected())))
    }
}

/// serde: a flag as 1 or 0 (as AAT tools write them).
mod flag {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(u8::from(*v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        match String::deserialize(d)?.as_str() {
            "1" => Ok(true),
            "0" => Ok(false),
            other => Err(D::Error::custom(format!("`{other}` is not 0 or 1"))),
        }
    }
}
