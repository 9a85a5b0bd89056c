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
        /// Colour of a drinking straw standing in it, if any: a cue that tells a soft
        /// drink from the alcoholic drink matched with it in shape.
        #[serde(default)]
        straw: Option<Rgba>,
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
    /// trains (`crate::data::intake::personalise`); not part of the file.
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

#[cfg(test)]
mod recognisable {
    use super::*;

    /// How far apart two colours are (RGB, 0..sqrt(3)).
    fn distance(a: Rgba, b: Rgba) -> f32 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt()
    }

    #[test]
    fn every_matched_pair_in_one_vessel_can_be_told_apart() {
        let path = std::path::PathBuf::from(format!("{}stimuli/drinks.ron", crate::data::builtin::PREFIX));
        let catalogue = crate::data::load_catalogue(&path).unwrap();
        let mut pairs = 0;
        for d in catalogue.drinks.iter().filter(|d| d.category == Category::Alcohol) {
            let Some(partner) = d.matched_with.as_deref().and_then(|m| catalogue.get(m)) else {
                continue;
            };
            let (
                DrinkModel::Procedural {
                    vessel: va,
                    liquid: la,
                    label: ba,
                    garnish: ga,
                    straw: sa,
                    ..
                },
                DrinkModel::Procedural {
                    vessel: vb,
                    liquid: lb,
                    label: bb,
                    garnish: gb,
                    straw: sb,
                    ..
                },
            ) = (&d.model, &partner.model)
            else {
                continue;
            };
            if va != vb {
                continue;
            }
            pairs += 1;
            let cue = |a: &Option<Rgba>, b: &Option<Rgba>| match (a, b) {
                (Some(a), Some(b)) => distance(*a, *b) > 0.3,
                (None, None) => false,
                _ => true,
            };
            // (A garnish is a few millimetres on the rim: not a cue at a glance.)
            let _ = (ga, gb);
            let told_apart = distance(*la, *lb) > 0.45 || cue(ba, bb) || cue(sa, sb);
            assert!(
                told_apart,
                "{} and {} look alike: same vessel, similar liquid, no cue",
                d.id, partner.id
            );
        }
        assert!(pairs >= 6, "{pairs} pairs share a vessel");
    }
}
