//! The long-format trial table AAT tools exchange (one row per trial), as vr-aat writes
//! it (`vr-aat export`) and reads it (`vr-aat score`).
//!
//! Reading needs the columns AATtools uses: `subjectid`, `blocknum`, `is_pull`,
//! `is_target`, `rt` (initiation RT, ms) and `error` (0/1; TRUE/FALSE also accepted);
//! names are matched without regard to case, other columns are ignored. With
//! `scored_only`, a `scored` column is required and only rows with 1 are used. Where the
//! table has vr-aat's `tracking_lost` and `budget_overrun` columns, a 1 in either flags
//! the trial.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::scoring::ScoreTrial;

/// A table that cannot be read as an AAT long-format table.
#[derive(Debug, thiserror::Error)]
pub enum AatCsvError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: missing column `{column}` (expected the columns subjectid, blocknum, is_pull, is_target, rt, error{extra})", path.display())]
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        extra: &'static str,
    },
    #[error("{}:{line}: column `{column}`: `{value}` is not {expected}", path.display())]
    BadValue {
        path: PathBuf,
        line: u64,
        column: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("{}:{line}: {message}", path.display())]
    Csv { path: PathBuf, line: u64, message: String },
    #[error("{}: no trials", path.display())]
    Empty { path: PathBuf },
}

/// One participant's trials, in file order, keyed by `subjectid` (sorted).
pub type BySubject = BTreeMap<String, Vec<ScoreTrial>>;

fn flag(v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "TRUE" | "true" | "True" => Some(true),
        "0" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Reads an AAT long-format CSV file.
pub fn read(path: &Path, scored_only: bool) -> Result<BySubject, AatCsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| AatCsvError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
    let headers = reader
        .headers()
        .map_err(|e| AatCsvError::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let extra = if scored_only { ", scored" } else { "" };
    let col = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or(AatCsvError::MissingColumn {
                path: path.to_path_buf(),
                column: name,
                extra,
            })
    };
    let (subject, _block, pull, target, rt, error) = (
        col("subjectid")?,
        col("blocknum")?,
        col("is_pull")?,
        col("is_target")?,
        col("rt")?,
        col("error")?,
    );
    let scored = if scored_only { Some(col("scored")?) } else { None };
    // vr-aat's own flags, where the table has them (its export does).
    let optional = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let flag_columns: Vec<(usize, &'static str)> =
        [("tracking_lost", "tracking_lost"), ("budget_overrun", "budget_overrun")]
            .into_iter()
            .filter_map(|(name, label)| optional(name).map(|i| (i, label)))
            .collect();
    let mut out = BySubject::new();
    for row in reader.records() {
        let row = row.map_err(|e| AatCsvError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let get = |i: usize| row.get(i).unwrap_or("");
        let bad = |column, value: &str, expected| AatCsvError::BadValue {
            path: path.to_path_buf(),
            line,
            column,
            value: value.to_owned(),
            expected,
        };
        let parse_flag = |i: usize, column| flag(get(i)).ok_or_else(|| bad(column, get(i), "0 or 1"));
        if let Some(i) = scored
            && !parse_flag(i, "scored")?
        {
            continue;
        }
        let rt_text = get(rt).trim();
        let rt_ms = match rt_text {
            "" | "NA" => None,
            t => Some(
                t.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad("rt", t, "a number of milliseconds or empty/NA"))?,
            ),
        };
        let error_flag = parse_flag(error, "error")?;
        let mut flagged = false;
        for (i, label) in &flag_columns {
            flagged |= parse_flag(*i, label)?;
        }
        let trial = ScoreTrial {
            is_pull: parse_flag(pull, "is_pull")?,
            is_target: parse_flag(target, "is_target")?,
            rt_ms,
            error: error_flag,
            flagged,
        };
        let id = get(subject).trim();
        if id.is_empty() {
            return Err(bad("subjectid", id, "a participant id"));
        }
        out.entry(id.to_owned()).or_default().push(trial);
    }
    if out.is_empty() {
        return Err(AatCsvError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}
