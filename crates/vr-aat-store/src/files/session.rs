//! `session.ron`: the session's metadata and status ([`SessionMeta`]), written whole and
//! atomically by the recorder when the session begins and when it closes, and by repair.

use std::path::Path;

use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::SessionMeta;

use super::read_bytes;
use crate::atomic::write_ron;
use crate::error::RecordError;
use crate::error::StoreError;
use crate::layout::{FORMAT_VERSION, OLDEST_FORMAT_VERSION, SESSION_FILE, parse_session_folder};

/// Writes `session.ron` into `dir`, replacing the old one atomically.
pub fn write_meta(dir: &Path, meta: &SessionMeta) -> Result<(), RecordError> {
    write_ron(&dir.join(SESSION_FILE), meta)
}

/// Reads and checks `session.ron`: it must parse, belong to this folder (participant and
/// session number) and hold finite, positive numbers.
pub fn read_meta(dir: &Path) -> Result<SessionMeta, StoreError> {
    let path = dir.join(SESSION_FILE);
    let text =
        String::from_utf8(read_bytes(&path)?).map_err(|_| StoreError::damaged(&path, None, None, "not UTF-8 text"))?;
    let meta: SessionMeta = ron::from_str(&text).map_err(|e| {
        StoreError::damaged(
            &path,
            Some(e.span.start.line as u64),
            Some(e.span.start.col as u64),
            format!("not a valid session file: {}", e.code),
        )
    })?;
    let bad = |field: &str, problem: String| {
        let (line, col) = locate_field(&text, field);
        Err(StoreError::damaged(
            &path,
            line,
            col,
            format!("field `{field}`: {problem}"),
        ))
    };
    if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&meta.format_version) {
        return bad(
            "format_version",
            format!(
                "{} (expected {} to {})",
                meta.format_version, OLDEST_FORMAT_VERSION, FORMAT_VERSION
            ),
        );
    }
    let folder = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    if let Some(n) = folder(dir).as_deref().and_then(parse_session_folder)
        && n != meta.session
    {
        return bad("session", format!("{} in the folder of session {n}", meta.session));
    }
    if let Some(p) = dir.parent().and_then(folder)
        && ParticipantId::parse(&p).is_ok()
        && p != meta.participant
    {
        return bad(
            "participant",
            format!("`{}` in the folder of participant `{p}`", meta.participant),
        );
    }
    if !(meta.display_hz.is_finite() && meta.display_hz > 0.0) {
        return bad(
            "display_hz",
            format!("{} (expected a rate above 0 Hz)", meta.display_hz),
        );
    }
    if meta.trials_planned == 0 {
        return bad("trials_planned", "0 (expected at least 1 trial)".into());
    }
    let c = &meta.calibration;
    let numbers = [
        c.arm_reach_m,
        f64::from(c.hand_home_m.0),
        f64::from(c.hand_home_m.1),
        f64::from(c.hand_home_m.2),
    ];
    if numbers.iter().any(|v| !v.is_finite()) || c.eye_height_m.is_some_and(|v| !v.is_finite()) {
        return bad("calibration", "not finite numbers".into());
    }
    Ok(meta)
}

/// Where `field:` first appears in a RON text (line, column from 1), for messages about
/// values that parsed but make no sense.
fn locate_field(text: &str, field: &str) -> (Option<u64>, Option<u64>) {
    let key = format!("{field}:");
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.find(&key) {
            return (Some(i as u64 + 1), Some(c as u64 + 1));
        }
    }
    (None, None)
}
