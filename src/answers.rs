//! A recorded session's questionnaire answers (`answers.csv`), read back, checked and
//! scored by each questionnaire's own rules. `summary`, `report`, `export` and the
//! FHIR Bundle show these results.
//!
//! The definitions come from the session's protocol (the questionnaires it names); a
//! questionnaire it does not name (the protocol file moved) is looked up among the
//! built-in ones by its id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::data::questionnaire::{Questionnaire, Texts};
use crate::data::{builtin, load_protocol, load_questionnaire};
use crate::metrics::{ANSWERS_FILE, ANSWERS_HEADER, AnswerRecord, SessionMeta};
use crate::scoring::questionnaire::{check_answers, scores};

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

/// `answers.csv` could not be read or holds an answer that does not fit.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}: {}{message}", path.display(), line.map_or_else(String::new, |l| format!("line {l}: ")))]
pub struct AnswersDamaged {
    pub path: PathBuf,
    pub line: Option<u64>,
    pub message: String,
}

/// The answers of the session in `dir`, in order. No `answers.csv` (a session recorded
/// before questionnaires, or one that asks none): none. A damaged file: an error
/// naming the file, the line and the field.
pub fn read_answers(dir: &Path) -> Result<Vec<AnswerRecord>, AnswersDamaged> {
    let path = dir.join(ANSWERS_FILE);
    let damaged = |line: Option<u64>, message: String| AnswersDamaged {
        path: path.clone(),
        line,
        message,
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(damaged(None, e.to_string())),
    };
    let mut out = Vec::new();
    let mut reader = csv::Reader::from_reader(file);
    match reader.headers() {
        Ok(h) if h.iter().collect::<Vec<_>>().join(",") == ANSWERS_HEADER.trim_end() => {}
        Ok(_) => {
            return Err(damaged(
                Some(1),
                format!("unexpected header; expected {}", ANSWERS_HEADER.trim_end()),
            ));
        }
        Err(e) => return Err(damaged(Some(1), e.to_string())),
    }
    for row in reader.deserialize::<AnswerRecord>() {
        let row = row.map_err(|e| {
            let line = e.position().map(csv::Position::line);
            let message = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => match err.field() {
                    Some(field) => format!("field {} ({}): {}", field + 1, column_name(field), err.kind()),
                    None => err.kind().to_string(),
                },
                _ => e.to_string(),
            };
            damaged(line, message)
        })?;
        if !row.value.is_finite() || !row.shown_s.is_finite() || !row.answered_s.is_finite() {
            return Err(damaged(
                Some(out.len() as u64 + 2),
                "a value or time is not a finite number".into(),
            ));
        }
        out.push(row);
    }
    Ok(out)
}

fn column_name(field: u64) -> &'static str {
    ANSWERS_HEADER.trim_end().split(',').nth(field as usize).unwrap_or("?")
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

/// Reads and scores the answers of the session in `dir` recorded with `meta`.
pub fn session_results(dir: &Path, meta: &SessionMeta) -> Result<Vec<QuestionnaireResult>, AnswersDamaged> {
    let answers = read_answers(dir)?;
    if answers.is_empty() {
        return Ok(Vec::new());
    }
    score_answers(&answers, &definitions(meta)).map_err(|message| AnswersDamaged {
        path: dir.join(ANSWERS_FILE),
        line: None,
        message,
    })
}
