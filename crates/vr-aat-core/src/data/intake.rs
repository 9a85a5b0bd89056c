//! A participant's own drinks (`DATA_DIR/PARTICIPANT/intake.ron`): the alcoholic drinks
//! they usually drink and the soft drinks they like, picked at the intake (`vr-aat
//! intake`). Their sessions then train with a personal set and keep the other drinks
//! untrained, so an assessment can test whether training generalises to untrained drinks
//! (Wiers et al. 2011).
//!
//! The personal set is every matched pair (the catalogue's `matched_with`: drinks of the
//! two categories matched in vessel shape) with a picked drink: both drinks of such a pair
//! are trained, so alcohol and soft drinks stay matched in shape; every other drink is
//! untrained. Each session records its personal set in `session.ron`
//! (`personal_set`), so a replay plans the same trials.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::data::{Catalogue, Category, StimulusSet};

/// What the participant picked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// Alcoholic drinks they usually drink (catalogue ids).
    pub alcohol: Vec<String>,
    /// Soft drinks they like (catalogue ids).
    pub soft: Vec<String>,
    /// When the intake was recorded (UTC).
    pub recorded_utc: String,
    /// How: `desktop` (`vr-aat intake`) or `simulated` (`simulate --alcohol/--soft`).
    pub source: String,
}

/// A pick that does not fit the catalogue, or a personal set that leaves nothing to test.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IntakeError {
    #[error("`{0}` is not a drink of the catalogue (its drinks: {1})")]
    Unknown(String, String),
    #[error("`{id}` is a {is} drink, listed as {listed}")]
    WrongCategory {
        id: String,
        is: &'static str,
        listed: &'static str,
    },
    #[error("no drink picked: name at least one alcoholic drink the patient usually drinks or soft drink they like")]
    Empty,
    #[error(
        "every matched pair would be trained ({0}), so no drink is left untrained to test whether training generalises: pick fewer"
    )]
    NothingUntrained(String),
}

impl Intake {
    /// Checks the picks against the catalogue: known drinks, in the right category, at
    /// least one, and at least one drink left untrained.
    pub fn check(&self, catalogue: &Catalogue) -> Result<(), IntakeError> {
        let ids = || {
            catalogue
                .drinks
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (list, want, listed) in [
            (&self.alcohol, Category::Alcohol, "alcohol"),
            (&self.soft, Category::Soft, "soft"),
        ] {
            for id in list {
                let d = catalogue
                    .get(id)
                    .ok_or_else(|| IntakeError::Unknown(id.clone(), ids()))?;
                if d.category != want {
                    return Err(IntakeError::WrongCategory {
                        id: id.clone(),
                        is: d.category.label(),
                        listed,
                    });
                }
            }
        }
        if self.alcohol.is_empty() && self.soft.is_empty() {
            return Err(IntakeError::Empty);
        }
        let set = personal_set(self, catalogue);
        if set.len() == catalogue.drinks.len() {
            return Err(IntakeError::NothingUntrained(set.join(", ")));
        }
        Ok(())
    }
}

/// The drinks trained for this intake: the picked drinks and their matched partners, in
/// catalogue order.
pub fn personal_set(intake: &Intake, catalogue: &Catalogue) -> Vec<String> {
    let picked: BTreeSet<&str> = intake.alcohol.iter().chain(&intake.soft).map(String::as_str).collect();
    catalogue
        .drinks
        .iter()
        .filter(|d| {
            picked.contains(d.id.as_str())
                || d.matched_with.as_deref().is_some_and(|m| picked.contains(m))
                || catalogue
                    .drinks
                    .iter()
                    .any(|o| picked.contains(o.id.as_str()) && o.matched_with.as_deref() == Some(d.id.as_str()))
        })
        .map(|d| d.id.clone())
        .collect()
}

/// The catalogue with `set` trained and every other drink untrained (a participant's
/// personal set), remembering the set for the session's metadata.
pub fn personalise(catalogue: &Catalogue, set: &[String]) -> Catalogue {
    let mut out = catalogue.clone();
    for d in &mut out.drinks {
        d.set = if set.contains(&d.id) {
            StimulusSet::Trained
        } else {
            StimulusSet::Untrained
        };
    }
    out.personal_set = Some(set.to_vec());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let path = std::path::PathBuf::from(format!("{}stimuli/drinks.ron", crate::data::builtin::PREFIX));
        crate::data::load_catalogue(&path).unwrap()
    }

    fn intake(alcohol: &[&str], soft: &[&str]) -> Intake {
        Intake {
            alcohol: alcohol.iter().map(|s| (*s).to_owned()).collect(),
            soft: soft.iter().map(|s| (*s).to_owned()).collect(),
            recorded_utc: String::new(),
            source: "desktop".into(),
        }
    }

    #[test]
    fn picked_drinks_train_with_their_matched_partners() {
        let c = catalogue();
        let i = intake(&["beer-bottle", "whisky"], &["orange-juice"]);
        assert_eq!(i.check(&c), Ok(()));
        assert_eq!(
            personal_set(&i, &c),
            [
                "beer-bottle",
                "red-wine",
                "whisky",
                "cola-bottle",
                "orange-juice",
                "iced-tea"
            ]
        );
        let p = personalise(&c, &personal_set(&i, &c));
        let trained: Vec<&str> = p
            .drinks
            .iter()
            .filter(|d| d.set == StimulusSet::Trained)
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(trained.len(), 6);
        assert_eq!(p.get("white-wine").unwrap().set, StimulusSet::Untrained);
        assert_eq!(
            p.get("gin-tonic").unwrap().set,
            StimulusSet::Untrained,
            "not picked: untrained"
        );
    }

    #[test]
    fn picks_that_do_not_fit_are_refused() {
        let c = catalogue();
        assert!(matches!(
            intake(&["mead"], &[]).check(&c),
            Err(IntakeError::Unknown(..))
        ));
        assert!(matches!(
            intake(&["cola-can"], &[]).check(&c),
            Err(IntakeError::WrongCategory { .. })
        ));
        assert_eq!(intake(&[], &[]).check(&c), Err(IntakeError::Empty));
        let all: Vec<&str> = c
            .drinks
            .iter()
            .filter(|d| d.category == Category::Alcohol)
            .map(|d| d.id.as_str())
            .collect();
        assert!(matches!(
            intake(&all, &[]).check(&c),
            Err(IntakeError::NothingUntrained(_))
        ));
    }
}
