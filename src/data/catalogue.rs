//! The stimulus catalogue: every drink a patient can see, its category and how to draw it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::error::Problem;

/// Whether a drink is the target (alcohol) or the control (soft drink) category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Alcohol,
    Soft,
}

impl Category {
    /// `is_target` in AATtools' long format: 1 for alcohol, 0 for soft drinks.
    pub fn is_target(self) -> bool {
        self == Category::Alcohol
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Alcohol => "alcohol",
            Category::Soft => "soft",
        }
    }
}

/// Trained stimuli appear in training blocks; untrained ones are held back to test
/// whether the training generalises to drinks the patient never trained on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StimulusSet {
    Trained,
    Untrained,
}

/// A colour as sRGB components and alpha, each from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rgba(pub f32, pub f32, pub f32, pub f32);

/// The shape of a drinking vessel, for the procedural models the renderer builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vessel {
    LongneckBottle,
    /// A plastic (PET) water bottle with a screw cap.
    PetBottle,
    Can,
    WineGlass,
    Flute,
    Tumbler,
    PintGlass,
    Highball,
    ShotGlass,
}

/// How the renderer draws a drink.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DrinkModel {
    /// Built from a profile curve turned around the vertical axis, with the liquid as a
    /// second mesh and an optional label band.
    Procedural {
        vessel: Vessel,
        /// Overall height in metres.
        height_m: f32,
        /// Colour of the glass or can body (alpha below 1 for glass).
        body: Rgba,
        /// Colour of the liquid.
        liquid: Rgba,
        /// How full the vessel is, from 0 (empty) to 1 (brim).
        fill: f32,
        /// Colour of a label band, if the vessel has one.
        #[serde(default)]
        label: Option<Rgba>,
        /// Colour of a garnish (lemon slice, olive), if any.
        #[serde(default)]
        garnish: Option<Rgba>,
    },
    /// A glTF model shipped under `assets/`, path relative to the assets folder.
    Gltf { path: String, height_m: f32 },
}

/// One drink of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drink {
    /// Stable identifier used in protocols and trial records (lower case, dashes).
    pub id: String,
    /// Name shown to therapists (never to the patient as a cue).
    pub name: String,
    pub category: Category,
    pub set: StimulusSet,
    /// The drink of the other category this one is matched with in shape, if any.
    #[serde(default)]
    pub matched_with: Option<String>,
    pub model: DrinkModel,
}

/// The stimulus catalogue file (`assets/stimuli/*.ron`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub drinks: Vec<Drink>,
    /// Set when the catalogue was personalised from a participant's intake: the drinks it
    /// trains (`crate::intake::personalise`); not part of the file.
    #[serde(skip)]
    pub personal_set: Option<Vec<String>>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Drink> {
        self.drinks.iter().find(|d| d.id == id)
    }

    /// Checks meaning after parsing; returns every problem found.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, d) in self.drinks.iter().enumerate() {
            let at = |f: &str| format!("drinks[{i}].{f}");
            if !is_valid_id(&d.id) {
                out.push(Problem::new(
                    at("id"),
                    format!("`{}` is not a valid id", d.id),
                    "1-40 characters of a-z, 0-9 and '-'",
                ));
            }
            if !seen.insert(d.id.as_str()) {
                out.push(Problem::new(
                    at("id"),
                    format!("`{}` is used twice", d.id),
                    "a unique id",
                ));
            }
            if let Some(m) = &d.matched_with {
                match self.get(m) {
                    None => out.push(Problem::new(
                        at("matched_with"),
                        format!("unknown drink `{m}`"),
                        "the id of a drink in this catalogue",
                    )),
                    Some(other) if other.category == d.category => out.push(Problem::new(
                        at("matched_with"),
                        format!("`{m}` is of the same category"),
                        "a drink of the other category",
                    )),
                    Some(_) => {}
                }
            }
            match &d.model {
                DrinkModel::Procedural {
                    height_m,
                    body,
                    liquid,
                    fill,
                    label,
                    garnish,
                    ..
                } => {
                    if !(0.02..=0.5).contains(height_m) {
                        out.push(Problem::new(
                            at("model.height_m"),
                            format!("{height_m} m"),
                            "a height from 0.02 to 0.5 m",
                        ));
                    }
                    if !(0.0..=1.0).contains(fill) {
                        out.push(Problem::new(
                            at("model.fill"),
                            format!("{fill}"),
                            "a fill level from 0 to 1",
                        ));
                    }
                    let colours = [
                        ("body", Some(body)),
                        ("liquid", Some(liquid)),
                        ("label", label.as_ref()),
                        ("garnish", garnish.as_ref()),
                    ];
                    for (name, c) in colours {
                        if let Some(Rgba(r, g, b, a)) = c
                            && [r, g, b, a].iter().any(|v| !(0.0..=1.0).contains(*v))
                        {
                            out.push(Problem::new(
                                at(&format!("model.{name}")),
                                "a component outside 0..1",
                                "sRGB and alpha components from 0 to 1",
                            ));
                        }
                    }
                }
                DrinkModel::Gltf { path, height_m } => {
                    if path.contains("..") || path.starts_with('/') {
                        out.push(Problem::new(
                            at("model.path"),
                            format!("`{path}` leaves the assets folder"),
                            "a path inside assets/",
                        ));
                    }
                    if !(0.02..=0.5).contains(height_m) {
                        out.push(Problem::new(
                            at("model.height_m"),
                            format!("{height_m} m"),
                            "a height from 0.02 to 0.5 m",
                        ));
                    }
                }
            }
        }
        for cat in [Category::Alcohol, Category::Soft] {
            if !self.drinks.iter().any(|d| d.category == cat) {
                out.push(Problem::new(
                    "drinks",
                    format!("no {} drinks", cat.label()),
                    "at least one drink of each category",
                ));
            }
        }
        out
    }
}

/// Stimulus ids: short, lower case, safe in file names and CSV cells.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
