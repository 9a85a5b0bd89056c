//! The synthetic patient's answers to questionnaires: it reads each page for a while,
//! points at the scale where its answer lies (its level for that questionnaire, which
//! may change with training, plus an item-to-item spread; reversed items from the other
//! end), presses, and confirms half a second later. Its own random stream, so its
//! answers do not change its movements.

use std::collections::VecDeque;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use vr_aat_core::data::AnswerTendency;
use vr_aat_core::data::questionnaire::Term;
use vr_aat_core::questionnaire::{Action, CONFIRM_GAP_S, Form, Page};

/// The patient reads a questionnaire's instructions for half the time it takes for an
/// item (`seconds_per_item`).
const READ_INSTRUCTIONS_SHARE: f64 = 0.5;

/// A synthetic patient answering questionnaires.
#[derive(Debug, Clone)]
pub struct Answerer {
    tendency: AnswerTendency,
    /// Training sessions before this one.
    trained: u32,
    rng: ChaCha8Rng,
    /// The page it is on (moment, questionnaire, page) and its planned actions.
    on: Option<(String, String, Page)>,
    plan: VecDeque<(f64, Action)>,
    /// The form was covered (a pause): it reads the page again from when it sees it.
    covered: bool,
}

impl Answerer {
    pub fn new(tendency: AnswerTendency, trained: u32, rng: ChaCha8Rng) -> Self {
        Self {
            tendency,
            trained,
            rng,
            on: None,
            plan: VecDeque::new(),
            covered: false,
        }
    }

    /// What it does at display time `t`, with `form` on screen (asked at `moment`): it
    /// reads from the time the page was shown, so its actions fall on the same frames
    /// however often it is asked.
    /// While `covered` (the session is paused over the form) it does nothing and reads
    /// the page again once the form shows.
    pub fn act(&mut self, form: Option<(&str, &Form)>, t: f64, covered: bool) -> Vec<Action> {
        let Some((moment, form)) = form else {
            self.on = None;
            self.plan.clear();
            return Vec::new();
        };
        if covered {
            self.on = None;
            self.plan.clear();
            self.covered = true;
            return Vec::new();
        }
        let q = form.questionnaire();
        let key = (moment.to_owned(), q.id.clone(), form.page());
        if self.on.as_ref() != Some(&key) {
            self.on = Some(key);
            self.plan.clear();
            let t = if std::mem::take(&mut self.covered) {
                t
            } else {
                form.shown_s()
            };
            match form.page() {
                Page::Instructions => self.plan.push_back((
                    t + READ_INSTRUCTIONS_SHARE * self.tendency.seconds_per_item,
                    Action::Press,
                )),
                Page::Item(i) => {
                    let item = &q.items[i];
                    let reversed = q
                        .scores
                        .iter()
                        .flat_map(|s| &s.terms)
                        .any(|term| matches!(term, Term::Reversed(id) if *id == item.id));
                    let level = self.tendency.level(&q.id, self.trained);
                    let level = if reversed { 1.0 - level } else { level };
                    let spread =
                        Normal::new(0.0, self.tendency.spread.max(1e-9)).map_or(0.0, |n| n.sample(&mut self.rng));
                    let read = self.tendency.seconds_per_item * self.rng.random_range(0.6..1.4);
                    let at = t + read;
                    self.plan
                        .push_back((at, Action::Point((level + spread).clamp(0.0, 1.0))));
                    self.plan.push_back((at, Action::Press));
                    self.plan.push_back((at + CONFIRM_GAP_S + 0.2, Action::Press));
                }
                Page::Done => {}
            }
        }
        let mut due = Vec::new();
        while let Some((at, action)) = self.plan.front().copied() {
            if at > t {
                break;
            }
            due.push(action);
            self.plan.pop_front();
        }
        due
    }
}
