//! The shipped data files (protocols, synthetic patients, cohorts, the drink
//! catalogue), built into the binary so that `vr-aat simulate` runs from any folder.
//!
//! A built-in file is named by a path under `built-in:` that mirrors `assets/`
//! (`built-in:protocols/assessment.ron`); a file it names relatively (a protocol's
//! catalogue, a cohort's base patient) is looked up among the built-in files the same
//! way it would be under `assets/`. On the command line a bare name (no `/`, no `.ron`)
//! selects a built-in file; anything else is a path on disk.

use std::path::{Component, Path, PathBuf};

/// The prefix of a built-in file's path.
pub const PREFIX: &str = "built-in:";

/// Every built-in file: its path under `assets/` and its text.
const FILES: &[(&str, &str)] = &[
    (
        "protocols/assessment.ron",
        include_str!("../../../../assets/protocols/assessment.ron"),
    ),
    (
        "protocols/practice.ron",
        include_str!("../../../../assets/protocols/practice.ron"),
    ),
    (
        "protocols/sham-training.ron",
        include_str!("../../../../assets/protocols/sham-training.ron"),
    ),
    (
        "protocols/training-90.ron",
        include_str!("../../../../assets/protocols/training-90.ron"),
    ),
    (
        "protocols/training-course.ron",
        include_str!("../../../../assets/protocols/training-course.ron"),
    ),
    (
        "patients/biased-50ms.ron",
        include_str!("../../../../assets/patients/biased-50ms.ron"),
    ),
    (
        "patients/left-handed-slow.ron",
        include_str!("../../../../assets/patients/left-handed-slow.ron"),
    ),
    (
        "patients/realistic.ron",
        include_str!("../../../../assets/patients/realistic.ron"),
    ),
    (
        "patients/unbiased.ron",
        include_str!("../../../../assets/patients/unbiased.ron"),
    ),
    (
        "cohorts/equal-bias.ron",
        include_str!("../../../../assets/cohorts/equal-bias.ron"),
    ),
    (
        "cohorts/study-arm.ron",
        include_str!("../../../../assets/cohorts/study-arm.ron"),
    ),
    (
        "stimuli/drinks.ron",
        include_str!("../../../../assets/stimuli/drinks.ron"),
    ),
    (
        "questionnaires/auq.ron",
        include_str!("../../../../assets/questionnaires/auq.ron"),
    ),
    (
        "questionnaires/craving-vas.ron",
        include_str!("../../../../assets/questionnaires/craving-vas.ron"),
    ),
    (
        "questionnaires/ssq.ron",
        include_str!("../../../../assets/questionnaires/ssq.ron"),
    ),
];

/// The text of a built-in file, when `path` names one (`built-in:` followed by a path
/// under `assets/`, `..` allowed).
pub fn text(path: &Path) -> Option<&'static str> {
    let rest = path.to_str()?.strip_prefix(PREFIX)?;
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(rest).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    let wanted = parts.join("/");
    FILES.iter().find(|(p, _)| *p == wanted).map(|(_, t)| *t)
}

/// The built-in names in `folder` (`protocols`, `patients`, `cohorts`).
pub fn names(folder: &str) -> Vec<&'static str> {
    FILES
        .iter()
        .filter_map(|(p, _)| p.strip_prefix(folder)?.strip_prefix('/')?.strip_suffix(".ron"))
        .collect()
}

/// A command-line value: a bare name selects the built-in file of that name in
/// `folder`; anything else is a path.
fn resolve(value: &str, folder: &str) -> Result<PathBuf, String> {
    if value.contains(['/', '\\']) || value.ends_with(".ron") {
        return Ok(PathBuf::from(value));
    }
    let path = PathBuf::from(format!("{PREFIX}{folder}/{value}.ron"));
    if text(&path).is_some() {
        Ok(path)
    } else {
        Err(format!(
            "`{value}` is not a built-in {folder} name (built in: {}); give a path to a .ron file instead",
            names(folder).join(", ")
        ))
    }
}

/// `--protocol` (for clap).
pub fn protocol_arg(value: &str) -> Result<PathBuf, String> {
    resolve(value, "protocols")
}

/// `--patient` (for clap).
pub fn patient_arg(value: &str) -> Result<PathBuf, String> {
    resolve(value, "patients")
}

/// `--cohort` (for clap).
pub fn cohort_arg(value: &str) -> Result<PathBuf, String> {
    resolve(value, "cohorts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_is_built_in() {
        for folder in ["protocols", "patients", "cohorts", "stimuli"] {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").join(folder);
            for entry in std::fs::read_dir(&dir).expect("assets folder") {
                let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
                let path = PathBuf::from(format!("{PREFIX}{folder}/{name}"));
                assert!(text(&path).is_some(), "{folder}/{name} is not in builtin::FILES");
            }
        }
    }

    #[test]
    fn names_and_relative_paths_resolve() {
        assert_eq!(
            protocol_arg("assessment").unwrap(),
            PathBuf::from("built-in:protocols/assessment.ron")
        );
        assert_eq!(protocol_arg("my.ron").unwrap(), PathBuf::from("my.ron"));
        assert!(protocol_arg("nope").unwrap_err().contains("training-course"));
        let catalogue = Path::new("built-in:protocols").join("../stimuli/drinks.ron");
        assert!(text(&catalogue).is_some());
        assert!(text(Path::new("built-in:../../etc/passwd")).is_none());
    }
}
