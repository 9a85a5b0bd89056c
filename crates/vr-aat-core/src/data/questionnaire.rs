//! Questionnaire definition files (`assets/questionnaires/*.ron`): items with their
//! scale, texts in every language of the app, and scoring rules. See
//! docs/questionnaires.md.
//!
//! ```text
//! Questionnaire(
//!     id: "craving-vas",
//!     name: "Craving VAS (vr-aat's own single item)",
//!     title: Texts(en: "...", de: "...", pl: "...", da: "..."),
//!     wording: Own,
//!     instructions: Texts(...),
//!     items: [ Item(id: "urge", text: Texts(...), scale: Vas(low: Texts(...), high: Texts(...))) ],
//!     scores: [ Score(id: "craving", label: Texts(...), terms: [Item("urge")], combine: Sum) ],
//! )
//! ```

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::error::Problem;
use crate::locale::Language;

/// A text in every language of the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub en: String,
    pub de: String,
    pub pl: String,
    pub da: String,
}

impl Texts {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::De => &self.de,
            Language::Pl => &self.pl,
            Language::Da => &self.da,
        }
    }

    fn problems(&self, path: &str, out: &mut Vec<Problem>) {
        for language in Language::ALL {
            if self.get(language).trim().is_empty() {
                out.push(Problem::new(
                    format!("{path}.{}", language.tag()),
                    "the text is empty",
                    "the text in this language",
                ));
            }
        }
    }
}

/// Where an instrument's wording comes from (docs/questionnaires.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Wording {
    /// Written for vr-aat.
    Own,
    /// The published wording of a validated instrument (English), with its source;
    /// translations are vr-aat's unless `translations` names a validated one.
    Published { source: String, translations: String },
    /// Not the validated wording (which may not be shipped): a clinic drops in its
    /// licensed texts. `note` says where to get them.
    Placeholder { source: String, note: String },
}

/// How an item is answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Scale {
    /// A visual analogue scale from 0 to 100 between two labelled ends.
    Vas { low: Texts, high: Texts },
    /// Whole numbers from `min` to `max`, each with a label (in order).
    Points { min: i32, max: i32, labels: Vec<Texts> },
}

impl Scale {
    /// The lowest and highest answer.
    pub fn range(&self) -> (f64, f64) {
        match self {
            Scale::Vas { .. } => (0.0, 100.0),
            Scale::Points { min, max, .. } => (f64::from(*min), f64::from(*max)),
        }
    }

    /// Whether `value` is an answer this scale allows (whole numbers for points).
    pub fn allows(&self, value: f64) -> bool {
        let (lo, hi) = self.range();
        value.is_finite()
            && value >= lo
            && value <= hi
            && match self {
                Scale::Vas { .. } => true,
                Scale::Points { .. } => value.fract() == 0.0,
            }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: Texts,
    pub scale: Scale,
}

/// A part of a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Term {
    /// An item's answer.
    Item(String),
    /// An item's answer reversed on its scale: `min + max - answer`.
    Reversed(String),
    /// Another score's raw value (before its multiplier), defined above this one.
    Score(String),
}

/// How the terms are combined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Combine {
    #[default]
    Sum,
    Mean,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub id: String,
    pub label: Texts,
    pub terms: Vec<Term>,
    #[serde(default)]
    pub combine: Combine,
    /// The combined value is multiplied by this (1 by default), e.g. the SSQ's weights.
    #[serde(default = "one")]
    pub multiplier: f64,
    /// The published reading of the score, lowest band first (none by default): a value
    /// falls in the last band whose `from` it reaches.
    #[serde(default)]
    pub bands: Vec<Band>,
}

/// One band of a score's published reading, e.g. the SSQ total's "of concern" from 15.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lowest value in the band (inclusive); the band ends where the next begins.
    pub from: f64,
    pub label: Texts,
    /// A value in this band is a signal the therapist must see (the report's "Read with
    /// care", the overlay after the session).
    #[serde(default)]
    pub caution: bool,
}

impl Score {
    /// The band `value` falls in, if the score has a reading and the value reaches its
    /// first band.
    pub fn band(&self, value: f64) -> Option<&Band> {
        self.bands.iter().rev().find(|b| value >= b.from)
    }
}

/// How far an instrument's texts, in the language they were read in, can be trusted to
/// measure what its publication validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validation {
    /// The published wording of a validated instrument, in its published language.
    Validated,
    /// A validated instrument in vr-aat's own translation, not validated itself.
    Adapted,
    /// vr-aat's own wording: not a validated instrument.
    NotValidated,
    /// Stand-in texts, not the instrument's wording: do not report as the instrument.
    Placeholder,
}

impl Validation {
    /// The value in CSV columns and FHIR notes.
    pub fn id(self) -> &'static str {
        match self {
            Validation::Validated => "validated",
            Validation::Adapted => "adapted",
            Validation::NotValidated => "not-validated",
            Validation::Placeholder => "placeholder",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Validation::Validated => "validated (published wording)",
            Validation::Adapted => "adapted (vr-aat's translation, not validated)",
            Validation::NotValidated => "not validated (vr-aat's own wording)",
            Validation::Placeholder => "placeholder items (not the validated wording)",
        }
    }
}

fn one() -> f64 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Stable identifier written into every answer.
    pub id: String,
    /// The instrument's proper name, as a methods section names it ("Simulator Sickness
    /// Questionnaire (SSQ)"); `title` is what the patient reads. Files without it use
    /// the English title.
    #[serde(default)]
    pub name: String,
    pub title: Texts,
    pub wording: Wording,
    /// Shown before the first item.
    pub instructions: Texts,
    pub items: Vec<Item>,
    pub scores: Vec<Score>,
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && s.as_bytes()[0].is_ascii_lowercase()
}

impl Questionnaire {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The instrument's proper name (the English title when the file has none).
    pub fn name(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.title.en
        } else {
            &self.name
        }
    }

    /// How validated the texts read in `language` are. A published instrument counts
    /// as validated in English, its published language; vr-aat's translations are
    /// adaptations (docs/questionnaires.md).
    pub fn validation(&self, language: Language) -> Validation {
        match &self.wording {
            Wording::Own => Validation::NotValidated,
            Wording::Placeholder { .. } => Validation::Placeholder,
            Wording::Published { .. } if language == Language::En => Validation::Validated,
            Wording::Published { .. } => Validation::Adapted,
        }
    }

    /// Everything wrong with the definition, each at its field.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let id_expected = "lower-case letters, digits and `-`, starting with a letter, at most 40 characters";
        if !is_id(&self.id) {
            out.push(Problem::new(
                "id",
                format!("`{}` is not a valid id", self.id),
                id_expected,
            ));
        }
        self.title.problems("title", &mut out);
        self.instructions.problems("instructions", &mut out);
        match &self.wording {
            Wording::Own => {}
            Wording::Published { source, .. } | Wording::Placeholder { source, .. } if source.trim().is_empty() => {
                out.push(Problem::new(
                    "wording",
                    "no source",
                    "the publication the instrument comes from",
                ));
            }
            _ => {}
        }
        if self.items.is_empty() {
            out.push(Problem::new("items", "there are no items", "at least one item"));
        }
        let mut ids = BTreeSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let path = format!("items[{i}]");
            if !is_id(&item.id) {
                out.push(Problem::new(
                    format!("{path}.id"),
                    format!("`{}` is not a valid id", item.id),
                    id_expected,
                ));
            } else if !ids.insert(item.id.clone()) {
                out.push(Problem::new(
                    format!("{path}.id"),
                    format!("`{}` is used twice", item.id),
                    "each item id once",
                ));
            }
            item.text.problems(&format!("{path}.text"), &mut out);
            match &item.scale {
                Scale::Vas { low, high } => {
                    low.problems(&format!("{path}.scale.low"), &mut out);
                    high.problems(&format!("{path}.scale.high"), &mut out);
                }
                Scale::Points { min, max, labels } => {
                    if min >= max || max - min > 20 {
                        out.push(Problem::new(
                            format!("{path}.scale.max"),
                            format!("{min} to {max}"),
                            "a maximum above the minimum, at most 20 points apart",
                        ));
                    } else if labels.len() != (max - min + 1) as usize {
                        out.push(Problem::new(
                            format!("{path}.scale.labels"),
                            format!("{} labels for {} points", labels.len(), max - min + 1),
                            "one label per point, lowest first",
                        ));
                    }
                    for (j, l) in labels.iter().enumerate() {
                        l.problems(&format!("{path}.scale.labels[{j}]"), &mut out);
                    }
                }
            }
        }
        let mut scores = BTreeSet::new();
        for (i, score) in self.scores.iter().enumerate() {
            let path = format!("scores[{i}]");
            if !is_id(&score.id) {
                out.push(Problem::new(
                    format!("{path}.id"),
                    format!("`{}` is not a valid id", score.id),
                    id_expected,
                ));
            }
            score.label.problems(&format!("{path}.label"), &mut out);
            if score.terms.is_empty() {
                out.push(Problem::new(
                    format!("{path}.terms"),
                    "no terms",
                    "at least one item or score",
                ));
            }
            if !score.multiplier.is_finite() || score.multiplier == 0.0 {
                out.push(Problem::new(
                    format!("{path}.multiplier"),
                    format!("{}", score.multiplier),
                    "a finite number other than 0",
                ));
            }
            for (j, band) in score.bands.iter().enumerate() {
                band.label.problems(&format!("{path}.bands[{j}].label"), &mut out);
                let rises = j == 0 || score.bands[j - 1].from < band.from;
                if !band.from.is_finite() || !rises {
                    out.push(Problem::new(
                        format!("{path}.bands[{j}].from"),
                        format!("{}", band.from),
                        "a finite number above the previous band's `from`",
                    ));
                }
            }
            for (j, term) in score.terms.iter().enumerate() {
                let ok = match term {
                    Term::Item(id) | Term::Reversed(id) => ids.contains(id),
                    Term::Score(id) => scores.contains(id),
                };
                if !ok {
                    out.push(Problem::new(
                        format!("{path}.terms[{j}]"),
                        format!("{term:?} is not defined"),
                        "an item of this questionnaire, or a score defined above this one",
                    ));
                }
            }
            if !scores.insert(score.id.clone()) {
                out.push(Problem::new(
                    format!("{path}.id"),
                    format!("`{}` is used twice", score.id),
                    "each score id once",
                ));
            }
        }
        out
    }
}
