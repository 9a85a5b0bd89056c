//! `trials.csv`: one row per finished trial, `participant` then the fields of
//! [`TrialRecord`] ([`TRIAL_COLUMNS`]), appended and synced as each trial ends.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use vr_aat_core::records::SessionMeta;
use vr_aat_core::trial::{TRIAL_COLUMNS, TrialRecord, check_label_column};

use super::read_bytes;
use crate::error::StoreError;
use crate::layout::TRIALS_FILE;

/// The `participant` column in front of a trial record's columns in `trials.csv`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipantColumn {
    pub participant: String,
}

/// One `trials.csv` row (with its line end) for `record` of `participant`.
pub fn trial_row(participant: &str, record: &TrialRecord) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.serialize((
        ParticipantColumn {
            participant: participant.to_owned(),
        },
        record,
    ))?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The header line of `trials.csv`.
pub fn trials_header() -> String {
    format!("{}\n", TRIAL_COLUMNS.join(","))
}

/// Trials read from a `trials.csv`, and whether its last row was cut off.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrialsRead {
    pub records: Vec<TrialRecord>,
    /// Line of a cut-off last row (a kill during its write) that was left out.
    pub cut_off_line: Option<u64>,
}

/// Reads and checks `trials.csv` for the session `meta` describes: the header, every
/// value (finite numbers, the documented labels, 0/1 flags), rows that agree with
/// themselves and with `session.ron`, and each trial once, in order.
///
/// A cut-off last row (no line end) is an error in a closed session; in a session
/// left open (`allow_cut_off`) it is the trial being written when the process stopped,
/// and it is left out.
pub fn read_trials(dir: &Path, meta: &SessionMeta, allow_cut_off: bool) -> Result<TrialsRead, StoreError> {
    let path = dir.join(TRIALS_FILE);
    let (bytes, cut_off_line) = super::complete_rows(&path, read_bytes(&path)?, allow_cut_off)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut row = csv::ByteRecord::new();
    if bytes.is_empty() {
        return Err(StoreError::damaged(
            &path,
            Some(1),
            Some(1),
            format!("the file is empty; expected the header {}", TRIAL_COLUMNS.join(",")),
        ));
    }
    let header_ok = reader
        .read_byte_record(&mut row)
        .map_err(|e| StoreError::damaged(&path, Some(1), None, e.to_string()))?
        && row.iter().eq(TRIAL_COLUMNS.iter().map(|c| c.as_bytes()));
    if !header_ok {
        return Err(StoreError::damaged(
            &path,
            Some(1),
            Some(1),
            format!("unexpected header; expected the columns {}", TRIAL_COLUMNS.join(",")),
        ));
    }
    let mut records: Vec<TrialRecord> = Vec::new();
    let mut seen: HashMap<u32, u64> = HashMap::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line());
                return Err(StoreError::damaged(&path, line, None, format!("not a CSV row: {e}")));
            }
        }
        let line = row.position().map_or(0, |p| p.line());
        let at = |i: usize| super::field_column(&row, i);
        let bad = |i: usize, message: String| {
            let column = TRIAL_COLUMNS.get(i).copied().unwrap_or("?");
            StoreError::damaged(&path, Some(line), at(i), format!("column `{column}`: {message}"))
        };
        if row.len() != TRIAL_COLUMNS.len() {
            return Err(StoreError::damaged(
                &path,
                Some(line),
                Some(1),
                format!("{} fields, expected {}", row.len(), TRIAL_COLUMNS.len()),
            ));
        }
        let (who, record): (ParticipantColumn, TrialRecord) = row.deserialize(None).map_err(|e| {
            let (field, message) = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => (err.field(), err.kind().to_string()),
                other => (None, format!("{other:?}")),
            };
            if let Some(i) = field {
                return bad(i as usize, message);
            }
            // Errors of the labelled and 0/1 columns carry no place: find the column.
            let text = |i: usize| String::from_utf8_lossy(row.get(i).unwrap_or_default()).into_owned();
            TRIAL_COLUMNS
                .iter()
                .enumerate()
                .find_map(|(i, c)| check_label_column(c, &text(i)).err().map(|m| bad(i, m)))
                .unwrap_or_else(|| StoreError::damaged(&path, Some(line), None, message))
        })?;
        let column = |name: &str| TRIAL_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        if let Some((name, problem)) = record.problems().into_iter().next() {
            return Err(bad(column(name), problem));
        }
        if who.participant != meta.participant {
            return Err(bad(
                0,
                format!(
                    "`{}` in a session of participant `{}`",
                    who.participant, meta.participant
                ),
            ));
        }
        if record.session != meta.session {
            return Err(bad(
                column("session"),
                format!("{} in session {}", record.session, meta.session),
            ));
        }
        if record.trial > meta.trials_planned {
            return Err(bad(
                column("trial"),
                format!("trial {} of a session of {} trials", record.trial, meta.trials_planned),
            ));
        }
        if let Some(first) = seen.insert(record.trial, line) {
            return Err(bad(
                column("trial"),
                format!("trial {} appears twice (first on line {first})", record.trial),
            ));
        }
        if let Some(prev) = records.last()
            && record.trial < prev.trial
        {
            return Err(bad(
                column("trial"),
                format!(
                    "trial {} after trial {}: rows are in trial order",
                    record.trial, prev.trial
                ),
            ));
        }
        records.push(record);
    }
    Ok(TrialsRead { records, cut_off_line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_rows_have_the_documented_columns_and_read_back() {
        let record = TrialRecord {
            session: 1,
            block: 1,
            block_name: "b".into(),
            block_kind: vr_aat_core::data::BlockKind::Assessment,
            trial: 1,
            trial_in_block: 1,
            stimulus_id: "x".into(),
            category: vr_aat_core::data::Category::Soft,
            is_target: false,
            cue: None,
            required: vr_aat_core::trial::Direction::Pull,
            is_pull: true,
            given: None,
            outcome: vr_aat_core::trial::Outcome::NoResponse,
            error: true,
            corrected: false,
            stimulus_onset_s: 1.0,
            movement_onset_s: None,
            rt_ms: None,
            movement_time_ms: None,
            full_rt_ms: None,
            correction_ms: None,
            peak_speed_m_s: 0.0,
            distance_m: 0.0,
            tracking_lost: false,
            budget_overrun: false,
        };
        // The header from serde's field names is the documented one.
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize((
            ParticipantColumn {
                participant: "P1".into(),
            },
            &record,
        ))
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(format!("{}\n", text.lines().next().unwrap()), trials_header());
        let row = trial_row("P1", &record).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            String::from_utf8(row.clone()).unwrap().trim_end()
        );
        assert!(
            String::from_utf8(row.clone())
                .unwrap()
                .contains(",soft,0,,pull,1,,no_response,1,0,")
        );
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(row.as_slice());
        let (who, back): (ParticipantColumn, TrialRecord) = r.deserialize().next().unwrap().unwrap();
        assert_eq!((who.participant.as_str(), back), ("P1", record));
    }
}
