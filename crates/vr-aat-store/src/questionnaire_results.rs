//! A recorded session's questionnaire answers (`answers.csv`), read back, checked and
//! scored by each questionnaire's own rules. `summary`, `report`, `export` and the
//! FHIR Bundle show these results.
//!
//! The definitions come from the session's protocol (the questionnaires it names); a
//! questionnaire it does not name (the protocol file moved) is looked up among the
//! built-in ones by its id.

use std::collections::BTreeMap;
use std::path::Path;

use vr_aat_core::data::questionnaire::{Band, Questionnaire, Texts, Validation};
use vr_aat_core::data::{builtin, load_protocol, load_questionnaire};
use vr_aat_core::locale::Language;
use vr_aat_core::questionnaire::{check_answers, readings, scores};
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
    /// The instrument's proper name (`None` when its definition was not found).
    pub name: Option<String>,
    /// How validated the texts the participant read were (`None` when its definition
    /// was not found).
    pub validation: Option<Validation>,
    /// Scores that fall in a band of their published reading: score id, the band.
    pub readings: Vec<(String, Band)>,
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
    // (questionnaire, moment) -> the answers in order, the time of the last, and the
    // language the first was read in.
    type Group = ((String, String), Vec<(String, f64)>, f64, String);
    let mut groups: Vec<Group> = Vec::new();
    for a in answers {
        let key = (a.questionnaire.clone(), a.moment.clone());
        match groups.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, given, t, _)) => {
                given.retain(|(item, _)| *item != a.item);
                given.push((a.item.clone(), a.value));
                *t = t.max(a.answered_s);
            }
            None => groups.push((key, vec![(a.item.clone(), a.value)], a.answered_s, a.language.clone())),
        }
    }
    groups
        .into_iter()
        .map(|((questionnaire, moment), given, answered_s, language)| {
            let items: BTreeMap<String, f64> = given.iter().cloned().collect();
            let def = definitions.get(&questionnaire);
            if let Some(q) = def {
                check_answers(q, &items).map_err(|e| e.to_string())?;
            }
            let scored: Vec<(String, Option<f64>)> = def.map_or_else(Vec::new, |q| scores(q, &items));
            let score_def = |id: &str| def.and_then(|q| q.scores.iter().find(|s| s.id == id));
            let readings = def.map_or_else(Vec::new, |q| {
                readings(q, &scored)
                    .into_iter()
                    .map(|(id, _, band)| (id, band))
                    .collect()
            });
            // A language the file does not name reads as English (answers are checked
            // against the questionnaire, not the language).
            let language = Language::parse(&language).unwrap_or(Language::En);
            Ok(QuestionnaireResult {
                title: def.map(|q| q.title.clone()),
                name: def.map(|q| q.name().to_owned()),
                validation: def.map(|q| q.validation(language)),
                readings,
                items: def.map(|q| q.items.len()),
                scores: scored
                    .into_iter()
                    .map(|(id, v)| (id.clone(), score_def(&id).map(|s| s.label.clone()), v))
                    .collect(),
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
