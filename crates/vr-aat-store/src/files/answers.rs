//! `answers.csv`: one row per confirmed questionnaire answer ([`AnswerRecord`]),
//! appended and synced as each is given. Its one writer ([`answer_row`]) and its one
//! reader ([`read_answers`]).

use std::path::Path;

use vr_aat_core::records::AnswerRecord;

use crate::error::StoreError;
use crate::layout::ANSWERS_FILE;

/// The header of `answers.csv`.
pub const ANSWERS_HEADER: &str = "participant,session,questionnaire,moment,item,value,shown_s,answered_s,language\n";

/// One `answers.csv` row (with its line end).
pub fn answer_row(record: &AnswerRecord) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.serialize(record)?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The answers of the session in `dir`, in order. No `answers.csv` (a session recorded
/// before questionnaires, or one that asks none): none. A damaged file: an error
/// naming the file, the line and the field.
pub fn read_answers(dir: &Path) -> Result<Vec<AnswerRecord>, StoreError> {
    let path = dir.join(ANSWERS_FILE);
    let damaged = |line: Option<u64>, message: String| StoreError::damaged(&path, line, None, message);
    let file = match crate::safe_open::open_for_reading(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(&path)(e)),
    };
    let mut out = Vec::new();
    let mut reader = csv::Reader::from_reader(file);
    match reader.headers() {
        Ok(h) if h.iter().collect::<Vec<_>>().join(",") == ANSWERS_HEADER.trim_end() => {}
        Ok(_) => {
            return Err(damaged(
                Some(1),
                format!("unexpected header; expected {}", ANSWERS_HEADER.trim_end()),
            ));
        }
        Err(e) => return Err(damaged(Some(1), e.to_string())),
    }
    for row in reader.deserialize::<AnswerRecord>() {
        let row = row.map_err(|e| {
            let line = e.position().map(csv::Position::line);
            let message = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => match err.field() {
                    Some(field) => format!("field {} ({}): {}", field + 1, column_name(field), err.kind()),
                    None => err.kind().to_string(),
                },
                _ => e.to_string(),
            };
            damaged(line, message)
        })?;
        if !row.value.is_finite() || !row.shown_s.is_finite() || !row.answered_s.is_finite() {
            return Err(damaged(
                Some(out.len() as u64 + 2),
                "a value or time is not a finite number".into(),
            ));
        }
        out.push(row);
    }
    Ok(out)
}

fn column_name(field: u64) -> &'static str {
    ANSWERS_HEADER.trim_end().split(',').nth(field as usize).unwrap_or("?")
}
