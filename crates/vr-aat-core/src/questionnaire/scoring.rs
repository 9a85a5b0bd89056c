//! Questionnaire scores from answers, by the rules in the questionnaire's file: sums and
//! means of items, reversed items, scores built from other scores, multipliers (the
//! SSQ's weights). See docs/questionnaires.md.

use std::collections::BTreeMap;

use crate::data::questionnaire::{Band, Combine, Questionnaire, Term};

/// An answer that does not fit the questionnaire.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AnswerError {
    #[error("questionnaire `{questionnaire}` has no item `{item}`")]
    UnknownItem { questionnaire: String, item: String },
    #[error("item `{item}` of `{questionnaire}`: {value} is not on its scale ({min} to {max}{whole})")]
    OffScale {
        questionnaire: String,
        item: String,
        value: f64,
        min: f64,
        max: f64,
        whole: &'static str,
    },
}

/// Checks every answer (item id -> value) against the questionnaire.
pub fn check_answers(q: &Questionnaire, answers: &BTreeMap<String, f64>) -> Result<(), AnswerError> {
    for (item, value) in answers {
        let Some(def) = q.item(item) else {
            return Err(AnswerError::UnknownItem {
                questionnaire: q.id.clone(),
                item: item.clone(),
            });
        };
        if !def.scale.allows(*value) {
            let (min, max) = def.scale.range();
            return Err(AnswerError::OffScale {
                questionnaire: q.id.clone(),
                item: item.clone(),
                value: *value,
                min,
                max,
                whole: match def.scale {
                    crate::data::questionnaire::Scale::Points { .. } => ", whole numbers",
                    crate::data::questionnaire::Scale::Vas { .. } => "",
                },
            });
        }
    }
    Ok(())
}

/// Every score of the questionnaire in its order: `None` where an item it needs was not
/// answered. The answers must have passed [`check_answers`].
pub fn scores(q: &Questionnaire, answers: &BTreeMap<String, f64>) -> Vec<(String, Option<f64>)> {
    let mut raw: BTreeMap<&str, Option<f64>> = BTreeMap::new();
    let mut out = Vec::new();
    for score in &q.scores {
        let values: Option<Vec<f64>> = score
            .terms
            .iter()
            .map(|t| match t {
                Term::Item(id) => answers.get(id).copied(),
                Term::Reversed(id) => {
                    let (lo, hi) = q.item(id)?.scale.range();
                    answers.get(id).map(|v| lo + hi - v)
                }
                Term::Score(id) => raw.get(id.as_str()).copied().flatten(),
            })
            .collect();
        let combined = values.map(|v| match score.combine {
            Combine::Sum => v.iter().sum::<f64>(),
            Combine::Mean => v.iter().sum::<f64>() / v.len() as f64,
        });
        raw.insert(&score.id, combined);
        out.push((score.id.clone(), combined.map(|c| c * score.multiplier)));
    }
    out
}

/// The scores of `scored` (from [`scores`]) that fall in a band of their published
/// reading: score id, value, the band. Scores without a reading or a value are left out.
pub fn readings(q: &Questionnaire, scored: &[(String, Option<f64>)]) -> Vec<(String, f64, Band)> {
    scored
        .iter()
        .filter_map(|(id, value)| {
            let value = (*value)?;
            let band = q.scores.iter().find(|s| s.id == *id)?.band(value)?;
            Some((id.clone(), value, band.clone()))
        })
        .collect()
}
