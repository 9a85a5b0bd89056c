//! A recorded session's questionnaire answers (`answers.csv`), read back, checked and
//! scored by each questionnaire's own rules. `summary`, `report`, `export` and the
//! FHIR Bundle show these results.
//!
//! The definitions come from the session's protocol (the questionnaires it names); a
//! questionnaire it does not name (the protocol file moved) is looked up among the
//! built-in ones by its id.

use std::collections::BTreeMap;
use std::path::Path;

use vr_aat_core::data::questionnaire::{Questionnaire, Texts};
use vr_aat_core::data::{builtin, load_protocol, load_questionnaire};
use vr_aat_core::questionnaire::{check_answers, scores};
use vr_aat_core::records::{AnswerRecord, SessionMeta};

use crate::error::StoreError;
use crate::files::answers::read_answers;
use crate::layout::ANSWERS_FILE;

/// One questionnaire answered at one moment of a session, scored.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionnaireResult {
    pub questionnaire: String,
    /// `before_session`, `between_blocks:N`, `after_session`.
    pub moment: String,
    /// The questionnaire's title and score labels in every language (`None` when its
    /// definition was not found).
    pub title: Option<Texts>,
    pub items_answered: usize,
    /// Items the questionnaire has (`None` when its definition was not found).
    pub items: Option<usize>,
    /// Every score in the definition's order: id, label, value (`None` where an item it
    /// needs is unanswered).
    pub scores: Vec<(String, Option<Texts>, Option<f64>)>,
    /// Display time (s) of the last answer.
    pub answered_s: f64,
    /// The answers, item id and value, in the order given (a later answer to the same
    /// item replaces an earlier one).
    pub answers: Vec<(String, f64)>,
}

impl QuestionnaireResult {
    /// Whether every item was answered.
    pub fn complete(&self) -> bool {
        self.items == Some(self.items_answered)
    }
}

/// The questionnaire definitions a session's answers are scored with, by id.
pub fn definitions(meta: &SessionMeta) -> BTreeMap<String, Questionnaire> {
    let mut out = BTreeMap::new();
    for name in builtin::names("questionnaires") {
        let path = std::path::PathBuf::from(format!("{}questionnaires/{name}.ron", builtin::PREFIX));
        if let Ok(q) = load_questionnaire(&path) {
            out.insert(q.id.clone(), q);
        }
    }
    if let Ok((protocol, ..)) = load_protocol(Path::new(&meta.protocol_file)) {
        for q in protocol.questionnaires.into_iter().filter_map(|a| a.definition) {
            out.insert(q.id.clone(), q);
        }
    }
    out
}

/// Groups the answers by questionnaire and moment (in the order they were asked) and
/// scores each group. An answer off its item's scale is an error naming it.
pub fn score_answers(
    answers: &[AnswerRecord],
    definitions: &BTreeMap<String, Questionnaire>,
) -> Result<Vec<QuestionnaireResult>, String> {
    // (questionnaire, moment) -> the answers in order, and the time of the last.
    type Group = ((String, String), Vec<(String, f64)>, f64);
    let mut groups: Vec<Group> = Vec::new();
    for a in answers {
        let key = (a.questionnaire.clone(), a.moment.clone());
        match groups.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, given, t)) => {
                given.retain(|(item, _)| *item != a.item);
                given.push((a.item.clone(), a.value));
                *t = t.max(a.answered_s);
            }
            None => groups.push((key, vec![(a.item.clone(), a.value)], a.answered_s)),
        }
    }
    groups
        .into_iter()
        .map(|((questionnaire, moment), given, answered_s)| {
            let items: BTreeMap<String, f64> = given.iter().cloned().collect();
            let def = definitions.get(&questionnaire);
            if let Some(q) = def {
                check_answers(q, &items).map_err(|e| e.to_string())?;
            }
            Ok(QuestionnaireResult {
                title: def.map(|q| q.title.clone()),
                items: def.map(|q| q.items.len()),
                scores: def.map_or_else(Vec::new, |q| {
                    scores(q, &items)
                        .into_iter()
                        .map(|(id, v)| {
                            let label = q.scores.iter().find(|s| s.id == id).map(|s| s.label.clone());
                            (id, label, v)
                        })
                        .collect()
                }),
                items_answered: items.len(),
                questionnaire,
                moment,
                answered_s,
                answers: given,
            })
        })
        .collect()
}

/// Reads and scores the answers of the session in `dir` recorded with `meta`: the
/// answers and their results. An answer that does not fit its questionnaire (an item it
/// does not have, a value off its scale) damages the file like an unreadable row.
pub fn session_results(
    dir: &Path,
    meta: &SessionMeta,
) -> Result<(Vec<AnswerRecord>, Vec<QuestionnaireResult>), StoreError> {
    let answers = read_answers(dir)?;
    if answers.is_empty() {
        return Ok((answers, Vec::new()));
    }
    let results = score_answers(&answers, &definitions(meta))
        .map_err(|message| StoreError::damaged(&dir.join(ANSWERS_FILE), None, None, message))?;
    Ok((answers, results))
}
