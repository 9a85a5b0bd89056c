//! The long-format trial table AAT tools exchange (one row per trial): its writer, the
//! rows of `trials_long.csv` that `vr-aat export` writes ([`ExportRow`], columns
//! [`EXPORT_COLUMNS`]), and its reader ([`read`]), which `vr-aat score` uses for that
//! table and for any lab's.
//!
//! Reading needs a participant, a pull (1) / push (0), a target (1) / control (0), an RT
//! (ms; empty or `NA` when there was none) and an error (1) or correct (1) column. Their
//! names default to AATtools' usual ones (`subjectid`, `is_pull`, `is_target`, `rt`,
//! `error`) and can be given ([`Columns`]); names are matched without regard to case,
//! other columns are ignored. 0/1 columns accept `0`, `1`, `0.0`, `1.0`, `TRUE`,
//! `FALSE`; a row whose pull, target or error value is empty or `NA` is left out (and
//! counted), as AATtools drops rows with a missing critical value. Optional: a block column (default `blocknum`, for error replacement by
//! block mean), grouping columns (each group is scored on its own: task, session ...),
//! and vr-aat's own `outcome` (`no_response` = time-out), `tracking_lost` and
//! `budget_overrun` columns where the table has them (vr-aat's export does).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use vr_aat_core::records::{Clock, InputSource, SessionMeta};
use vr_aat_core::scoring::{ScoreTrial, stimulus_key};
use vr_aat_core::trial::{Label, TrialRecord};

/// One row of `trials_long.csv`: the AAT columns, then the rest of trials.csv's.
#[derive(Serialize)]
pub struct ExportRow<'a> {
    subjectid: &'a str,
    session: u32,
    blocknum: u32,
    trialnum: u32,
    stimid: &'a str,
    is_pull: u8,
    is_target: u8,
    error: u8,
    rt: Option<f64>,
    fullrt: Option<f64>,
    scored: u8,
    block_name: &'a str,
    block_kind: &'static str,
    trial_in_block: u32,
    category: &'static str,
    /// 1 when the session trained this drink, 0 when it stayed untrained, empty when
    /// that is not known ([`crate::drink_sets`]).
    trained: Option<u8>,
    cue: &'static str,
    required: &'static str,
    given: &'static str,
    outcome: &'static str,
    corrected: u8,
    stimulus_onset_s: f64,
    movement_onset_s: Option<f64>,
    movement_time_ms: Option<f64>,
    correction_ms: Option<f64>,
    peak_speed_m_s: f64,
    distance_m: f64,
    tracking_lost: u8,
    budget_overrun: u8,
    input_source: &'static str,
    clock: &'static str,
    session_status: &'static str,
    counts_as: &'static str,
    display_hz: f64,
    /// Tracking lost or a late frame: left out of scores by default.
    flagged: u8,
}

/// What every row of one session repeats.
#[derive(Clone, Copy)]
pub struct SessionColumns<'a> {
    pub participant: &'a str,
    /// `synthetic`, `flat`, `xr`.
    pub input_source: &'static str,
    pub clock: &'static str,
    /// `complete`, `incomplete`, `interrupted`, `recording`.
    pub status: &'static str,
    /// What the session counts as ([`vr_aat_core::records::SessionUse::id`]): `therapy`,
    /// `ended-early`, `demo`, `synthetic`.
    pub counts_as: &'static str,
    /// The drinks the session trained, when known ([`crate::drink_sets`]).
    pub trained: Option<&'a std::collections::BTreeSet<String>>,
    pub display_hz: f64,
}

impl<'a> SessionColumns<'a> {
    /// The columns of the session `meta` describes, whose stored state reads `status`
    /// and which trained the drinks `trained` (when known).
    pub fn of(
        meta: &'a SessionMeta,
        status: &'static str,
        trained: Option<&'a std::collections::BTreeSet<String>>,
    ) -> Self {
        Self {
            participant: meta.participant.as_str(),
            input_source: source_word(&meta.input_source),
            clock: clock_word(meta),
            status,
            counts_as: vr_aat_core::records::SessionUse::of(&meta.input_source, &meta.status).id(),
            trained,
            display_hz: meta.display_hz,
        }
    }
}

/// The session's input source as one word: `synthetic`, `flat`, `xr`.
pub fn source_word(source: &InputSource) -> &'static str {
    match source {
        InputSource::Synthetic { .. } => "synthetic",
        InputSource::Flat => "flat",
        InputSource::Xr => "xr",
    }
}

/// Where the session's times come from: `simulated`, `frame_start` (flat: frame start,
/// before the frame reached the screen), `predicted_display` (headset); empty for
/// format 1 sessions, which did not record it.
pub fn clock_word(meta: &SessionMeta) -> &'static str {
    match meta.timing.map(|t| t.clock) {
        Some(Clock::Simulated) => "simulated",
        Some(Clock::FrameStart) => "frame_start",
        Some(Clock::PredictedDisplay) => "predicted_display",
        None => "",
    }
}

impl<'a> ExportRow<'a> {
    pub fn new(session: SessionColumns<'a>, r: &'a TrialRecord) -> Self {
        Self {
            subjectid: session.participant,
            session: r.session,
            blocknum: r.block,
            trialnum: r.trial,
            stimid: &r.stimulus_id,
            is_pull: u8::from(r.is_pull),
            is_target: u8::from(r.is_target),
            error: u8::from(r.error),
            rt: r.rt_ms,
            fullrt: r.full_rt_ms,
            scored: u8::from(r.block_kind.is_scored()),
            block_name: &r.block_name,
            block_kind: r.block_kind.label(),
            trial_in_block: r.trial_in_block,
            category: r.category.label(),
            trained: session.trained.map(|t| u8::from(t.contains(&r.stimulus_id))),
            cue: r.cue.map_or("", Label::label),
            required: r.required.label(),
            given: r.given.map_or("", |d| d.label()),
            outcome: r.outcome.label(),
            corrected: u8::from(r.corrected),
            stimulus_onset_s: r.stimulus_onset_s,
            movement_onset_s: r.movement_onset_s,
            movement_time_ms: r.movement_time_ms,
            correction_ms: r.correction_ms,
            peak_speed_m_s: r.peak_speed_m_s,
            distance_m: r.distance_m,
            tracking_lost: u8::from(r.tracking_lost),
            budget_overrun: u8::from(r.budget_overrun),
            input_source: session.input_source,
            clock: session.clock,
            session_status: session.status,
            counts_as: session.counts_as,
            display_hz: session.display_hz,
            flagged: u8::from(r.tracking_lost || r.budget_overrun),
        }
    }
}

/// The columns of `trials_long.csv` (the fields of [`ExportRow`]).
pub const EXPORT_COLUMNS: [&str; 35] = [
    "subjectid",
    "session",
    "blocknum",
    "trialnum",
    "stimid",
    "is_pull",
    "is_target",
    "error",
    "rt",
    "fullrt",
    "scored",
    "block_name",
    "block_kind",
    "trial_in_block",
    "category",
    "trained",
    "cue",
    "required",
    "given",
    "outcome",
    "corrected",
    "stimulus_onset_s",
    "movement_onset_s",
    "movement_time_ms",
    "correction_ms",
    "peak_speed_m_s",
    "distance_m",
    "tracking_lost",
    "budget_overrun",
    "input_source",
    "clock",
    "session_status",
    "counts_as",
    "display_hz",
    "flagged",
];

/// What each column of `trials_long.csv` means, in [`EXPORT_COLUMNS`]' order: its
/// name, its meaning, its unit (the BIDS export's `task-aat_beh.json`;
/// docs/data-dictionary.md says the same at length).
pub const EXPORT_COLUMN_MEANINGS: [(&str, &str, Option<&str>); 35] = [
    (
        "subjectid",
        "The participant's pseudonym (AATtools' name for the column).",
        None,
    ),
    ("session", "Session number in the course, from 1.", None),
    ("blocknum", "Block number within the session, from 1.", None),
    ("trialnum", "Trial number within the session, from 1.", None),
    ("stimid", "The drink shown (its catalogue id).", None),
    (
        "is_pull",
        "1 when the required response is a pull (approach), 0 for a push.",
        None,
    ),
    ("is_target", "1 for an alcoholic drink, 0 for a soft drink.", None),
    (
        "error",
        "1 unless the first completed response was in the required direction.",
        None,
    ),
    ("rt", "Initiation time: stimulus onset to movement onset.", Some("ms")),
    (
        "fullrt",
        "Stimulus onset to the completion of the first response.",
        Some("ms"),
    ),
    (
        "scored",
        "1 for trials of assessment and sham blocks (they enter the bias score).",
        None,
    ),
    ("block_name", "The block's name in the protocol.", None),
    ("block_kind", "practice, assessment, training or sham.", None),
    ("trial_in_block", "Trial number within the block, from 1.", None),
    ("category", "alcohol or soft.", None),
    (
        "trained",
        "1 when the session trained this drink, 0 when it stayed untrained, n/a when not known.",
        None,
    ),
    (
        "cue",
        "The coaster under a stimulus-irrelevant instruction: blue_coaster (push) or orange_coaster (pull); n/a otherwise.",
        None,
    ),
    (
        "required",
        "The direction the instruction asked for: push or pull.",
        None,
    ),
    (
        "given",
        "The direction of the first completed movement (n/a without one).",
        None,
    ),
    ("outcome", "correct, wrong_direction or no_response.", None),
    (
        "corrected",
        "1 when a wrong first response was followed by the required one.",
        None,
    ),
    (
        "stimulus_onset_s",
        "Display time of the first frame that showed the drink, since the session started.",
        Some("s"),
    ),
    (
        "movement_onset_s",
        "When the responding hand first left its rest position by the onset distance (interpolated), since the session started.",
        Some("s"),
    ),
    (
        "movement_time_ms",
        "Movement onset to the completion of the first response.",
        Some("ms"),
    ),
    (
        "correction_ms",
        "After a wrong response: its completion to the completion of the correction.",
        Some("ms"),
    ),
    (
        "peak_speed_m_s",
        "Highest hand speed between movement onset and completion.",
        Some("m/s"),
    ),
    (
        "distance_m",
        "Hand path length between movement onset and completion.",
        Some("m"),
    ),
    (
        "tracking_lost",
        "1 when the responding hand lost tracking while the drink was shown.",
        None,
    ),
    (
        "budget_overrun",
        "1 when a frame came late while the drink was shown.",
        None,
    ),
    (
        "input_source",
        "synthetic (a simulated patient), flat (desktop window) or xr (headset).",
        None,
    ),
    (
        "clock",
        "Where the times come from: simulated, frame_start (flat mode) or predicted_display (headset).",
        None,
    ),
    (
        "session_status",
        "complete, incomplete, interrupted or recording.",
        None,
    ),
    (
        "counts_as",
        "What the session counts as: therapy, ended-early, demo or synthetic.",
        None,
    ),
    ("display_hz", "The display rate the session ran at.", Some("Hz")),
    (
        "flagged",
        "1 when tracking_lost or budget_overrun: left out of scores by default.",
        None,
    ),
];

/// The column names to read.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    pub subject: String,
    pub pull: String,
    pub target: String,
    pub rt: String,
    /// 1 = error. Exactly one of `error` and `correct` is used.
    pub error: Option<String>,
    /// 1 = correct (the error is its opposite).
    pub correct: Option<String>,
    /// Used when present (error replacement needs it).
    pub block: String,
    /// Score each combination of these columns' values apart.
    pub group_by: Vec<String>,
    /// Use only rows whose `scored` column is 1 (vr-aat's export).
    pub scored_only: bool,
    /// The stimulus column, which stratified split-half reliability splits by
    /// (AATtools' and rapidsplithalf's `stratvars`). `None`: `stimid` where the table has
    /// one (vr-aat's export does), else none.
    pub stimulus: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            subject: "subjectid".into(),
            pull: "is_pull".into(),
            target: "is_target".into(),
            rt: "rt".into(),
            error: None,
            correct: None,
            block: "blocknum".into(),
            group_by: Vec::new(),
            scored_only: false,
            stimulus: None,
        }
    }
}

/// A table that cannot be read as an AAT long-format table.
#[derive(Debug, thiserror::Error)]
pub enum AatCsvError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:1: missing column(s) {}; the header has: {}{hint}", path.display(), missing.join(", "), found.join(", "))]
    MissingColumns {
        path: PathBuf,
        missing: Vec<String>,
        found: Vec<String>,
        hint: String,
    },
    #[error("{}:{line}: column `{column}`: `{value}` is not {expected}", path.display())]
    BadValue {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        expected: &'static str,
    },
    #[error("{}:{line}: {message}", path.display())]
    Csv { path: PathBuf, line: u64, message: String },
    #[error("{}: no trials", path.display())]
    Empty { path: PathBuf },
    #[error("give either an error column or a correct column, not both")]
    BothErrorAndCorrect,
}

/// One participant's trials, in file order, keyed by participant (sorted as text).
pub type BySubject = BTreeMap<String, Vec<ScoreTrial>>;

/// Participants by group: the grouping columns' values (empty without grouping).
pub type ByGroup = BTreeMap<Vec<String>, BySubject>;

/// Columns that usually separate analyses (a task, a session, a condition): when one
/// has several values and is not a grouping column, its rows are pooled, and `score`
/// says so.
const USUAL_GROUPS: [&str; 6] = ["task", "session", "condition", "group", "time", "wave"];

/// What was read.
#[derive(Debug)]
pub struct Table {
    pub groups: ByGroup,
    /// Usual grouping columns (see above) of which at least one participant's rows carry
    /// more than one value, so those values were pooled into one score: (column, number
    /// of values in the file). A column with one value per participant (a between-subjects
    /// group) pools nothing and is not listed.
    pub pooled: Vec<(String, usize)>,
    /// Rows left out because the pull, target or error value was empty or `NA`.
    pub incomplete_rows: usize,
}

/// A 0/1 value: 0, 1, 0.0, 1.0, TRUE, FALSE (any case).
fn flag(v: &str) -> Option<bool> {
    let v = v.trim();
    if v.eq_ignore_ascii_case("true") {
        return Some(true);
    }
    if v.eq_ignore_ascii_case("false") {
        return Some(false);
    }
    match v.parse::<f64>() {
        Ok(1.0) => Some(true),
        Ok(0.0) => Some(false),
        _ => None,
    }
}

/// A hint for a header that is one column: another delimiter was probably used.
fn delimiter_hint(headers: &csv::StringRecord, delimiter: u8) -> String {
    if headers.len() != 1 {
        return String::new();
    }
    let h = &headers[0];
    [b';', b'\t', b',', b'|']
        .into_iter()
        .filter(|d| *d != delimiter)
        .find(|d| h.contains(*d as char))
        .map(|d| {
            let shown = if d == b'\t' {
                "tab".to_owned()
            } else {
                format!("`{}`", d as char)
            };
            let arg = if d == b'\t' {
                "tab".to_owned()
            } else {
                (d as char).to_string()
            };
            format!(
                " (the header is one column: the file seems to use {shown} between columns; try --delimiter '{arg}')"
            )
        })
        .unwrap_or_default()
}

/// Reads an AAT long-format CSV file separated by `delimiter`.
pub fn read(path: &Path, columns: &Columns, delimiter: u8) -> Result<Table, AatCsvError> {
    if columns.error.is_some() && columns.correct.is_some() {
        return Err(AatCsvError::BothErrorAndCorrect);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .delimiter(delimiter)
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
    let find = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name.trim()));
    let (outcome_name, outcome_col) = match (&columns.error, &columns.correct) {
        (_, Some(c)) => (c.clone(), find(c)),
        (Some(e), None) => (e.clone(), find(e)),
        (None, None) => ("error".to_owned(), find("error")),
    };
    let is_correct_column = columns.correct.is_some();
    let mut missing = Vec::new();
    let mut need = |name: &str| {
        let i = find(name);
        if i.is_none() {
            missing.push(format!("`{name}`"));
        }
        i
    };
    let subject = need(&columns.subject);
    let pull = need(&columns.pull);
    let target = need(&columns.target);
    let rt = need(&columns.rt);
    let scored = if columns.scored_only { need("scored") } else { None };
    let groups: Vec<Option<usize>> = columns.group_by.iter().map(|g| need(g)).collect();
    let stimulus = match &columns.stimulus {
        Some(c) => need(c),
        None => find("stimid"),
    };
    if outcome_col.is_none() {
        missing.push(format!("`{outcome_name}`"));
    }
    let (Some(subject), Some(pull), Some(target), Some(rt), Some(outcome_col), true) =
        (subject, pull, target, rt, outcome_col, missing.is_empty())
    else {
        return Err(AatCsvError::MissingColumns {
            path: path.to_path_buf(),
            hint: delimiter_hint(&headers, delimiter),
            missing,
            found: headers.iter().map(|h| format!("`{h}`")).collect(),
        });
    };
    let groups: Vec<usize> = groups.into_iter().flatten().collect();
    let block = find(&columns.block);
    // vr-aat's own columns, where the table has them (its export does).
    let outcome = find("outcome");
    let flag_columns: Vec<usize> = ["tracking_lost", "budget_overrun"]
        .into_iter()
        .filter_map(find)
        .collect();
    let watched: Vec<usize> = USUAL_GROUPS
        .into_iter()
        .filter_map(find)
        .filter(|i| !groups.contains(i))
        .collect();
    // Per watched column: each participant's first value, and how many values the
    // participants who had more than one value had (a column is pooled only when one
    // participant's rows carry several of its values).
    let mut first_value: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); watched.len()];
    let mut values: Vec<std::collections::BTreeSet<String>> = vec![Default::default(); watched.len()];
    let mut mixed = vec![false; watched.len()];
    let mut out = ByGroup::new();
    let mut incomplete_rows = 0;
    for row in reader.records() {
        let row = row.map_err(|e| AatCsvError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let get = |i: usize| row.get(i).unwrap_or("");
        let bad = |i: usize, expected| AatCsvError::BadValue {
            path: path.to_path_buf(),
            line,
            column: headers.get(i).unwrap_or("").to_owned(),
            value: get(i).to_owned(),
            expected,
        };
        let parse_flag = |i: usize| flag(get(i)).ok_or_else(|| bad(i, "0 or 1 (also 0.0, 1.0, TRUE, FALSE)"));
        if let Some(i) = scored
            && !parse_flag(i)?
        {
            continue;
        }
        let rt_ms = match get(rt).trim() {
            "" | "NA" | "NaN" => None,
            t => Some(
                t.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(rt, "a number of milliseconds, or empty or NA"))?,
            ),
        };
        // A missing pull, target or error value: AATtools drops such rows before
        // anything else (aat_preparedata), so they are left out and counted.
        if [pull, target, outcome_col]
            .iter()
            .any(|&i| matches!(get(i).trim(), "" | "NA"))
        {
            incomplete_rows += 1;
            continue;
        }
        let outcome_flag = parse_flag(outcome_col)?;
        let mut flagged = false;
        for i in &flag_columns {
            flagged |= parse_flag(*i)?;
        }
        let block_number = match block {
            Some(i) => match get(i).trim() {
                "" | "NA" => 0,
                t => t
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && v.fract() == 0.0 && *v >= 0.0 && *v <= f64::from(u32::MAX))
                    .ok_or_else(|| bad(i, "a whole block number"))? as u32,
            },
            None => 0,
        };
        let trial = ScoreTrial {
            is_pull: parse_flag(pull)?,
            is_target: parse_flag(target)?,
            rt_ms,
            error: outcome_flag != is_correct_column,
            timed_out: outcome.is_some_and(|i| get(i).trim() == "no_response"),
            flagged,
            block: block_number,
            stimulus: stimulus.map_or(0, |i| stimulus_key(get(i).trim())),
        };
        let id = get(subject).trim();
        if id.is_empty() {
            return Err(bad(subject, "a participant id"));
        }
        for (k, &i) in watched.iter().enumerate() {
            let value = get(i).trim();
            match first_value[k].get(id) {
                Some(first) if first != value => mixed[k] = true,
                Some(_) => {}
                None => {
                    first_value[k].insert(id.to_owned(), value.to_owned());
                }
            }
            if values[k].len() <= 64 {
                values[k].insert(value.to_owned());
            }
        }
        let key: Vec<String> = groups.iter().map(|&i| get(i).trim().to_owned()).collect();
        out.entry(key)
            .or_default()
            .entry(id.to_owned())
            .or_default()
            .push(trial);
    }
    if out.is_empty() {
        return Err(AatCsvError::Empty {
            path: path.to_path_buf(),
        });
    }
    let pooled = watched
        .iter()
        .zip(&values)
        .zip(&mixed)
        .filter(|(_, mixed)| **mixed)
        .map(|((&i, s), _)| (headers.get(i).unwrap_or("").to_owned(), s.len()))
        .collect();
    Ok(Table {
        groups: out,
        pooled,
        incomplete_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_column_has_its_meaning_in_order() {
        let named: Vec<&str> = EXPORT_COLUMN_MEANINGS.iter().map(|m| m.0).collect();
        assert_eq!(named, EXPORT_COLUMNS);
        assert!(EXPORT_COLUMN_MEANINGS.iter().all(|m| m.1.ends_with('.')));
    }

    #[test]
    fn the_export_columns_are_the_row_fields() {
        let record: TrialRecord = {
            let text = "P1,1,1,b,assessment,1,1,x,soft,0,,pull,1,,no_response,1,0,1.5,,,,,,0,0,0,0\n";
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let (_, rec): (crate::files::trials::ParticipantColumn, TrialRecord) =
                r.deserialize().next().unwrap().unwrap();
            rec
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        let session = SessionColumns {
            participant: "P1",
            input_source: "flat",
            clock: "frame_start",
            status: "incomplete",
            counts_as: "demo",
            trained: None,
            display_hz: 60.0,
        };
        w.serialize(ExportRow::new(session, &record)).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), EXPORT_COLUMNS.join(","));
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .ends_with(",0,0,flat,frame_start,incomplete,demo,60.0,0"),
            "{text}"
        );
    }

    #[test]
    fn a_column_is_pooled_only_where_one_participant_has_several_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        // `group` is between subjects (one value each); `session` is within p1.
        let mut text = "subjectid,group,session,stimid,is_pull,is_target,rt,error\n".to_owned();
        for (id, group, session) in [("p1", "a", "1"), ("p1", "a", "2"), ("p2", "b", "1")] {
            text.push_str(&format!("{id},{group},{session},beer,1,1,500,0\n"));
        }
        std::fs::write(&path, text).unwrap();
        let table = read(&path, &Columns::default(), b',').unwrap();
        assert_eq!(table.pooled, vec![("session".to_owned(), 2)]);
        // The stimulus column is read by default (stratified splits use it).
        let trials = &table.groups[&Vec::<String>::new()]["p1"];
        assert_eq!(trials[0].stimulus, stimulus_key("beer"));
        assert_ne!(trials[0].stimulus, 0);
    }

    #[test]
    fn flags_accept_what_r_and_spreadsheets_write() {
        for (text, want) in [
            ("1", true),
            ("1.0", true),
            ("TRUE", true),
            ("true", true),
            ("0", false),
            ("0.0", false),
            ("FALSE", false),
        ] {
            assert_eq!(flag(text), Some(want), "{text}");
        }
        assert_eq!(flag("2"), None);
        assert_eq!(flag("yes"), None);
    }
}
