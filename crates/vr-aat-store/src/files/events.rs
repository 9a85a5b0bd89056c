//! `events.csv`: what happened in a session and when (display time in seconds), one
//! [`EventKind`] per row with a free-text detail. Its one writer ([`event_row`]) and its
//! one reader ([`read_events`]).

use std::path::Path;

use vr_aat_core::records::EventKind;

use crate::error::StoreError;
use crate::layout::EVENTS_FILE;

/// The header of `events.csv`.
pub const EVENTS_HEADER: &str = "t_s,event,detail\n";

/// One `events.csv` row (with its line end).
pub fn event_row(t: f64, event: EventKind, detail: &str) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.serialize((t, event.as_str(), detail))?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// One row of `events.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// Display time (s since the session started).
    pub t_s: f64,
    pub event: EventKind,
    pub detail: String,
}

/// The events of the session in `dir`, in order; `None` when it has no `events.csv`
/// (sessions of the first format version may not). Every row is checked: three fields,
/// a finite time, an event vocabulary vr-aat writes. A damaged row is an error naming
/// the file, line and column. A cut-off last row (no line end) is an error in a closed
/// session; in a session left open (`allow_cut_off`) it is the row being written when the
/// process stopped, and it is left out.
pub fn read_events(dir: &Path, allow_cut_off: bool) -> Result<Option<Vec<EventRow>>, StoreError> {
    let path = dir.join(EVENTS_FILE);
    let bytes = match crate::safe_open::read_bounded(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(&path)(e)),
    };
    let (bytes, _) = super::complete_rows(&path, bytes, allow_cut_off)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut row = csv::StringRecord::new();
    let header_ok = reader
        .read_record(&mut row)
        .map_err(|e| StoreError::damaged(&path, Some(1), None, e.to_string()))?
        && row.iter().eq(EVENTS_HEADER.trim_end().split(','));
    if !header_ok {
        return Err(StoreError::damaged(
            &path,
            Some(1),
            Some(1),
            format!("unexpected header; expected {}", EVENTS_HEADER.trim_end()),
        ));
    }
    let mut out = Vec::new();
    loop {
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line());
                return Err(StoreError::damaged(&path, line, None, format!("not a CSV row: {e}")));
            }
        }
        let line = row.position().map(|p| p.line());
        let col = |i: usize| super::field_column(row.as_byte_record(), i);
        if row.len() != 3 {
            return Err(StoreError::damaged(
                &path,
                line,
                Some(1),
                format!("{} fields, expected 3 (t_s,event,detail)", row.len()),
            ));
        }
        let (t, name, detail) = (&row[0], &row[1], &row[2]);
        let Some(t_s) = t.parse::<f64>().ok().filter(|v| v.is_finite()) else {
            return Err(StoreError::damaged(
                &path,
                line,
                col(0),
                format!("column `t_s`: `{t}` is not a finite number"),
            ));
        };
        let Some(event) = EventKind::parse(name) else {
            return Err(StoreError::damaged(
                &path,
                line,
                col(1),
                format!("column `event`: `{name}` is not an event vr-aat writes (docs/data-dictionary.md)"),
            ));
        };
        out.push(EventRow {
            t_s,
            event,
            detail: detail.to_owned(),
        });
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_and_damage_is_located() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut text = EVENTS_HEADER.as_bytes().to_vec();
        text.extend(event_row(0.0, EventKind::SessionStarted, "session 1 of protocol p").expect("row"));
        text.extend(event_row(1.5, EventKind::PauseCause, "therapist, \"quoted\"").expect("row"));
        std::fs::write(dir.path().join(EVENTS_FILE), &text).expect("write");
        let rows = read_events(dir.path(), false).expect("reads").expect("present");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].event, EventKind::PauseCause);
        assert_eq!(rows[1].detail, "therapist, \"quoted\"");

        std::fs::write(dir.path().join(EVENTS_FILE), format!("{EVENTS_HEADER}0.5,no_such,x\n")).expect("write");
        let e = read_events(dir.path(), false).expect_err("unknown event");
        assert!(e.to_string().contains("events.csv:2:5: column `event`"), "{e}");

        std::fs::write(
            dir.path().join(EVENTS_FILE),
            format!("{EVENTS_HEADER}0.5,paused,x\n1.0,res"),
        )
        .expect("write");
        assert!(read_events(dir.path(), false).is_err(), "cut off in a closed session");
        assert_eq!(
            read_events(dir.path(), true)
                .expect("open session")
                .expect("present")
                .len(),
            1
        );

        std::fs::remove_file(dir.path().join(EVENTS_FILE)).expect("remove");
        assert_eq!(read_events(dir.path(), false).expect("absent"), None);
    }
}
