//! Reading data files from disk: RON parsing with positions, then validation.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::catalogue::Catalogue;
use super::cohort::Cohort;
use super::error::{DataError, Place, Problem};
use super::locate::locate;
use super::patient_profile::PatientProfile;
use super::protocol::Protocol;
use super::questionnaire::Questionnaire;

/// The kinds of data file `vr-aat check` understands, told apart by the struct name the
/// file starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFile {
    Protocol,
    Catalogue,
    PatientProfile,
    Cohort,
    Questionnaire,
}

impl DataFile {
    pub fn label(self) -> &'static str {
        match self {
            DataFile::Protocol => "protocol",
            DataFile::Catalogue => "stimulus catalogue",
            DataFile::PatientProfile => "synthetic-patient profile",
            DataFile::Cohort => "synthetic cohort",
            DataFile::Questionnaire => "questionnaire",
        }
    }
}

/// A data file's text: a built-in file ([`super::builtin`]) or one on disk.
pub fn read_text(path: &Path) -> Result<String, DataError> {
    if let Some(text) = super::builtin::text(path) {
        return Ok(text.to_owned());
    }
    std::fs::read_to_string(path).map_err(|source| DataError::Io {
        file: path.to_path_buf(),
        source,
    })
}

fn parse<T: DeserializeOwned>(path: &Path, src: &str) -> Result<T, DataError> {
    ron::from_str(src).map_err(|e| DataError::Syntax {
        file: path.to_path_buf(),
        place: Place {
            line: e.span.start.line,
            col: e.span.start.col,
        },
        message: e.code.to_string(),
    })
}

/// Turns validator problems into one error with places looked up in the source.
fn reject(path: &Path, src: &str, problems: Vec<Problem>) -> Result<(), DataError> {
    let mut errors: Vec<DataError> = problems
        .into_iter()
        .map(|p| DataError::Invalid {
            file: path.to_path_buf(),
            place: locate(src, &p.path),
            field: p.path,
            problem: p.problem,
            expected: p.expected,
        })
        .collect();
    match errors.len() {
        0 => Ok(()),
        1 => Err(errors.remove(0)),
        _ => Err(DataError::Several(errors)),
    }
}

/// Loads and validates a stimulus catalogue.
pub fn load_catalogue(path: &Path) -> Result<Catalogue, DataError> {
    let src = read_text(path)?;
    let catalogue: Catalogue = parse(path, &src)?;
    reject(path, &src, catalogue.problems())?;
    Ok(catalogue)
}

/// Loads and validates a protocol together with the catalogue it names.
///
/// Returns the protocol, its catalogue and the catalogue's resolved path.
pub fn load_protocol(path: &Path) -> Result<(Protocol, Catalogue, PathBuf), DataError> {
    let src = read_text(path)?;
    let mut protocol: Protocol = parse(path, &src)?;
    let catalogue_path = path.parent().unwrap_or(Path::new(".")).join(&protocol.catalogue);
    let catalogue = load_catalogue(&catalogue_path).map_err(|e| match e {
        DataError::Io { source, .. } => DataError::Invalid {
            file: path.to_path_buf(),
            place: locate(&src, "catalogue"),
            field: "catalogue".into(),
            problem: format!("cannot read `{}`: {source}", catalogue_path.display()),
            expected: "a path to a catalogue file, relative to this protocol".into(),
        },
        other => other,
    })?;
    reject(path, &src, protocol.problems(&catalogue))?;
    let loaded = questionnaires_of(path, &src, &protocol)?;
    for (ask, q) in protocol.questionnaires.iter_mut().zip(loaded) {
        ask.definition = Some(q);
    }
    Ok((protocol, catalogue, catalogue_path))
}

/// The questionnaires a protocol (loaded from `path`) asks, in the order of its
/// `questionnaires` list, each loaded and validated.
fn questionnaires_of(path: &Path, src: &str, protocol: &Protocol) -> Result<Vec<Questionnaire>, DataError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    protocol
        .questionnaires
        .iter()
        .enumerate()
        .map(|(i, ask)| {
            let file = dir.join(&ask.questionnaire);
            load_questionnaire(&file).map_err(|e| match e {
                DataError::Io { source, .. } => {
                    let field = format!("questionnaires[{i}].questionnaire");
                    DataError::Invalid {
                        file: path.to_path_buf(),
                        place: locate(src, &field),
                        field,
                        problem: format!("cannot read `{}`: {source}", file.display()),
                        expected: "a path to a questionnaire file, relative to this protocol".into(),
                    }
                }
                other => other,
            })
        })
        .collect()
}

/// Loads and validates a synthetic-patient profile.
pub fn load_patient(path: &Path) -> Result<PatientProfile, DataError> {
    let src = read_text(path)?;
    let profile: PatientProfile = parse(path, &src)?;
    reject(path, &src, profile.problems())?;
    Ok(profile)
}

/// Loads and validates a questionnaire file.
pub fn load_questionnaire(path: &Path) -> Result<Questionnaire, DataError> {
    let src = read_text(path)?;
    let q: Questionnaire = parse(path, &src)?;
    reject(path, &src, q.problems())?;
    Ok(q)
}

/// Loads and validates a cohort file together with its base patient.
pub fn load_cohort(path: &Path) -> Result<(Cohort, PatientProfile), DataError> {
    let src = read_text(path)?;
    let cohort: Cohort = parse(path, &src)?;
    reject(path, &src, cohort.problems())?;
    let base_path = path.parent().unwrap_or(Path::new(".")).join(&cohort.base_patient);
    let base = load_patient(&base_path).map_err(|e| match e {
        DataError::Io { source, .. } => DataError::Invalid {
            file: path.to_path_buf(),
            place: locate(&src, "base_patient"),
            field: "base_patient".into(),
            problem: format!("cannot read `{}`: {source}", base_path.display()),
            expected: "a path to a patient profile, relative to this cohort file".into(),
        },
        other => other,
    })?;
    Ok((cohort, base))
}

/// What kind of data file `src` holds, from the struct name it starts with.
fn kind_of(src: &str) -> Option<DataFile> {
    let mut rest = src.trim_start();
    while let Some(stripped) = rest.strip_prefix("//") {
        rest = stripped.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    match name.as_str() {
        "Protocol" => Some(DataFile::Protocol),
        "Catalogue" => Some(DataFile::Catalogue),
        "PatientProfile" => Some(DataFile::PatientProfile),
        "Cohort" => Some(DataFile::Cohort),
        "Questionnaire" => Some(DataFile::Questionnaire),
        _ => None,
    }
}

/// Validates one file of any kind; returns its kind when it is fine.
pub fn check_file(path: &Path) -> Result<DataFile, DataError> {
    let src = read_text(path)?;
    let kind = kind_of(&src).ok_or_else(|| DataError::Syntax {
        file: path.to_path_buf(),
        place: Place { line: 1, col: 1 },
        message:
            "cannot tell what this file is: expected it to start with `Protocol(`, `Catalogue(`, `PatientProfile(`, `Cohort(` or `Questionnaire(`"
                .into(),
    })?;
    match kind {
        DataFile::Protocol => load_protocol(path).map(|_| kind),
        DataFile::Catalogue => load_catalogue(path).map(|_| kind),
        DataFile::PatientProfile => load_patient(path).map(|_| kind),
        DataFile::Cohort => load_cohort(path).map(|_| kind),
        DataFile::Questionnaire => load_questionnaire(path).map(|_| kind),
    }
}
