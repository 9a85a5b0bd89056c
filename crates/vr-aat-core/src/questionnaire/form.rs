//! One questionnaire on screen: its instructions, then one item at a time, each answered
//! by choosing a value and confirming it. Plain Rust, driven by [`Action`]s at display
//! times; the same for the headset, the mouse and the synthetic patient.
//!
//! An item cannot be skipped: pressing without a choice only asks for one, and a choice
//! is recorded only when it is pressed a second time ("confirm"), at least
//! [`CONFIRM_GAP_S`] after the first press, so one double click cannot answer.

use std::sync::Arc;

use crate::data::questionnaire::{Questionnaire, Scale};

/// The least time (s) between choosing with a press and confirming with the next one.
pub const CONFIRM_GAP_S: f64 = 0.3;

/// Steps of a visual analogue scale per [`Action::Step`] (its range is 0-100).
pub const VAS_STEP: f64 = 5.0;

/// What the patient does on the form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Points at the scale: 0 = its low end, 1 = its high end.
    Point(f64),
    /// Moves the choice by whole steps (thumbstick, arrow keys): -1 toward the low end.
    Step(i32),
    /// Presses the trigger, the mouse button or Enter: begins, chooses, confirms.
    Press,
}

/// A confirmed answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub item: String,
    pub value: f64,
    /// Display time (s) the item was first shown.
    pub shown_s: f64,
    /// Display time (s) of the confirming press.
    pub answered_s: f64,
}

/// Where the form is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The questionnaire's instructions; a press begins.
    Instructions,
    /// Item `n` (from 0).
    Item(usize),
    /// Every item answered.
    Done,
}

/// One questionnaire being answered.
#[derive(Clone, Debug)]
pub struct Form {
    questionnaire: Arc<Questionnaire>,
    page: Page,
    /// The value chosen on this item (not yet confirmed).
    choice: Option<f64>,
    /// Display time of the press that asked for confirmation.
    confirm_since: Option<f64>,
    /// A press came without a choice: the form says to choose first.
    nudged: bool,
    shown_s: f64,
}

impl Form {
    /// The form at its instructions, shown at display time `t`.
    pub fn new(questionnaire: Arc<Questionnaire>, t: f64) -> Self {
        Self {
            questionnaire,
            page: Page::Instructions,
            choice: None,
            confirm_since: None,
            nudged: false,
            shown_s: t,
        }
    }

    pub fn questionnaire(&self) -> &Questionnaire {
        &self.questionnaire
    }

    pub fn page(&self) -> Page {
        self.page
    }

    pub fn is_done(&self) -> bool {
        self.page == Page::Done
    }

    /// Display time (s) the page on screen was first shown.
    pub fn shown_s(&self) -> f64 {
        self.shown_s
    }

    /// The value chosen on the item on screen, before it is confirmed.
    pub fn choice(&self) -> Option<f64> {
        self.choice
    }

    /// Whether the next press confirms the choice.
    pub fn confirming(&self) -> bool {
        self.confirm_since.is_some()
    }

    /// Whether the last press came without a choice.
    pub fn nudged(&self) -> bool {
        self.nudged
    }

    /// The item on screen.
    pub fn item(&self) -> Option<&crate::data::questionnaire::Item> {
        match self.page {
            Page::Item(i) => self.questionnaire.items.get(i),
            _ => None,
        }
    }

    /// Applies an action at display time `t`; returns the answer it confirmed, if any.
    pub fn act(&mut self, action: Action, t: f64) -> Option<Answer> {
        match self.page {
            Page::Done => None,
            Page::Instructions => {
                if action == Action::Press {
                    self.show_item(0, t);
                }
                None
            }
            Page::Item(i) => {
                let scale = &self.questionnaire.items[i].scale;
                match action {
                    Action::Point(f) if f.is_finite() => {
                        let (lo, hi) = scale.range();
                        self.choose(lo + f.clamp(0.0, 1.0) * (hi - lo));
                        None
                    }
                    Action::Point(_) => None,
                    Action::Step(d) => {
                        let (lo, hi) = scale.range();
                        let step = match scale {
                            Scale::Vas { .. } => VAS_STEP,
                            Scale::Points { .. } => 1.0,
                        };
                        let value = match self.choice {
                            Some(v) => v + step * f64::from(d),
                            None => (lo + hi) / 2.0,
                        };
                        self.choose(value);
                        None
                    }
                    Action::Press => self.press(i, t),
                }
            }
        }
    }

    fn choose(&mut self, value: f64) {
        let (lo, hi) = self.item().map_or((0.0, 0.0), |item| item.scale.range());
        // Whole numbers on every scale (a VAS in whole points of 100).
        let value = value.round().clamp(lo, hi);
        if self.choice != Some(value) {
            self.confirm_since = None;
        }
        self.choice = Some(value);
        self.nudged = false;
    }

    fn press(&mut self, i: usize, t: f64) -> Option<Answer> {
        let Some(value) = self.choice else {
            self.nudged = true;
            return None;
        };
        match self.confirm_since {
            None => {
                self.confirm_since = Some(t);
                None
            }
            Some(since) if t - since < CONFIRM_GAP_S => None,
            Some(_) => {
                let answer = Answer {
                    item: self.questionnaire.items[i].id.clone(),
                    value,
                    shown_s: self.shown_s,
                    answered_s: t,
                };
                if i + 1 < self.questionnaire.items.len() {
                    self.show_item(i + 1, t);
                } else {
                    self.page = Page::Done;
                }
                Some(answer)
            }
        }
    }

    fn show_item(&mut self, i: usize, t: f64) {
        self.page = Page::Item(i);
        self.choice = None;
        self.confirm_since = None;
        self.nudged = false;
        self.shown_s = t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::builtin;
    use crate::data::load_questionnaire;

    fn ssq() -> Arc<Questionnaire> {
        let path = std::path::PathBuf::from(format!("{}questionnaires/ssq.ron", builtin::PREFIX));
        Arc::new(load_questionnaire(&path).unwrap())
    }

    #[test]
    fn every_item_needs_a_choice_and_a_confirmation() {
        let q = ssq();
        let mut f = Form::new(q.clone(), 0.0);
        assert_eq!(f.act(Action::Point(0.5), 0.1), None, "nothing to point at yet");
        assert_eq!(f.act(Action::Press, 1.0), None);
        assert_eq!(f.page(), Page::Item(0));
        // A press without a choice asks for one.
        assert_eq!(f.act(Action::Press, 1.5), None);
        assert!(f.nudged());
        // Point: 0.4 of 0..3 rounds to 1.
        f.act(Action::Point(0.4), 2.0);
        assert_eq!(f.choice(), Some(1.0));
        assert_eq!(f.act(Action::Press, 2.1), None);
        assert!(f.confirming());
        // A double click does not confirm.
        assert_eq!(f.act(Action::Press, 2.2), None);
        // Changing the choice asks for confirmation again.
        f.act(Action::Step(1), 2.3);
        assert_eq!(f.choice(), Some(2.0));
        assert!(!f.confirming());
        f.act(Action::Press, 2.4);
        let a = f.act(Action::Press, 2.8).unwrap();
        assert_eq!(
            a,
            Answer {
                item: q.items[0].id.clone(),
                value: 2.0,
                shown_s: 1.0,
                answered_s: 2.8
            }
        );
        assert_eq!(f.page(), Page::Item(1));
        assert_eq!(f.choice(), None, "the next item starts without a choice");
        // Steps stay on the scale.
        f.act(Action::Step(-1), 3.0);
        f.act(Action::Step(-5), 3.1);
        assert_eq!(f.choice(), Some(0.0));
        f.act(Action::Step(9), 3.2);
        assert_eq!(f.choice(), Some(3.0));
    }

    #[test]
    fn the_last_confirmation_finishes_the_form() {
        let q = ssq();
        let mut f = Form::new(q.clone(), 0.0);
        f.act(Action::Press, 0.0);
        let mut answers = Vec::new();
        let mut t = 1.0;
        while !f.is_done() {
            f.act(Action::Point(0.0), t);
            f.act(Action::Press, t + 0.1);
            answers.extend(f.act(Action::Press, t + 0.5));
            t += 1.0;
        }
        assert_eq!(answers.len(), q.items.len());
        assert!(answers.iter().all(|a| a.value == 0.0));
        assert_eq!(f.act(Action::Press, t), None);
    }
}
