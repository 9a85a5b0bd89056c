//! `answers.csv`: one row per questionnaire answer.

use serde::{Deserialize, Serialize};

/// One answer to one questionnaire item, as `answers.csv` holds it
/// (docs/data-dictionary.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub participant: String,
    pub session: u32,
    /// The questionnaire's id (its file's `id`).
    pub questionnaire: String,
    /// When it was asked: `before_session`, `between_blocks` (with the block it came
    /// before, `between_blocks:2`) or `after_session`.
    pub moment: String,
    pub item: String,
    /// The answer on the item's scale (0-100 for a visual analogue scale).
    pub value: f64,
    /// Display time (s since the session started) the item was first shown.
    pub shown_s: f64,
    /// Display time (s) the answer was confirmed.
    pub answered_s: f64,
    /// The language the item was read in (`en`, `de`, `pl`, `da`).
    pub language: String,
}
