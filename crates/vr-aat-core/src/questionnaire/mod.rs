//! Questionnaires as the patient meets them and as they are scored, in plain Rust: the
//! [`Form`] one questionnaire is answered on (choose, confirm, nothing skippable), what
//! its panel says ([`panel_text`]), and the scores its answers give by the rules of its
//! file ([`scores`]). The file format itself is [`crate::data::questionnaire`]; asking
//! at the protocol's moments is a step of the runtime's session lifecycle; `answers.csv`
//! is read back by `vr_aat_store`.

mod form;
mod panel;
mod scoring;

pub use form::{Action, Answer, CONFIRM_GAP_S, Form, Page, VAS_STEP};
pub use panel::{Controls, panel_text, scale_line};
pub use scoring::{AnswerError, check_answers, readings, scores};
