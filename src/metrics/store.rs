//! Reading recorded sessions back. Readers only read: nothing here writes, so every
//! command built on it works on a read-only copy of a data folder.
//!
//! Every value is checked as it is read: a damaged file is named with the line and
//! column of the problem and what was expected, and only that session is affected
//! ([`scan`] reports it and goes on with the others).

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::TRIAL_COLUMNS;
use super::files::{ParticipantColumn, SESSION_FILE, SessionMeta, SessionStatus, TRIALS_FILE, parse_session_folder};
use super::lock::is_being_written;
use crate::participant::ParticipantId;
use crate::trial::{TrialRecord, check_label_column};

/// A data folder or session file that cannot be read as expected.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot read: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// A file whose content is not what vr-aat writes: `FILE:LINE:COL: problem`.
    #[error("{}{}: {message}", path.display(), place(*line, *col))]
    Damaged {
        path: PathBuf,
        line: Option<u64>,
        col: Option<u64>,
        message: String,
    },
}

fn place(line: Option<u64>, col: Option<u64>) -> String {
    match (line, col) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl StoreError {
    pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |e| StoreError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }

    fn damaged(path: &Path, line: Option<u64>, col: Option<u64>, message: impl Into<String>) -> Self {
        StoreError::Damaged {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }

    /// The file the problem is in.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. } | StoreError::Damaged { path, .. } => path,
        }
    }
}

/// A session as a reader sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredStatus {
    Complete,
    /// Closed early; the reason.
    Incomplete(String),
    /// Left open by a process that is gone (a crash, a kill): its completed trials are
    /// there; the next writer for the participant (or `vr-aat repair`) closes it.
    Interrupted,
    /// Being recorded right now by another process.
    Recording,
}

impl StoredStatus {
    pub fn label(&self) -> &'static str {
        match self {
            StoredStatus::Complete => "complete",
            StoredStatus::Incomplete(_) => "incomplete",
            StoredStatus::Interrupted => "interrupted",
            StoredStatus::Recording => "recording",
        }
    }
}

/// One recorded session.
#[derive(Clone, Debug)]
pub struct StoredSession {
    pub dir: PathBuf,
    pub meta: SessionMeta,
    pub records: Vec<TrialRecord>,
    pub state: StoredStatus,
}

/// Participant folders under `data_dir`, sorted. Folders whose names are not pseudonyms
/// (hidden working folders among them) are not participants.
pub fn participants(data_dir: &Path) -> Result<Vec<String>, StoreError> {
    if !data_dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(data_dir).map_err(StoreError::io(data_dir))? {
        let entry = entry.map_err(StoreError::io(data_dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && ParticipantId::parse(&name).is_ok() {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

/// The session folders (`S01`, `S02`, ...) of a participant, by session number.
pub fn session_dirs(data_dir: &Path, participant: &str) -> Result<Vec<(u32, PathBuf)>, StoreError> {
    let folder = data_dir.join(participant);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(&folder).map_err(StoreError::io(&folder))? {
        let entry = entry.map_err(StoreError::io(&folder))?;
        if let Some(n) = parse_session_folder(&entry.file_name().to_string_lossy())
            && entry.path().is_dir()
        {
            out.push((n, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(StoreError::io(path))?;
    Ok(bytes)
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
    if !(super::OLDEST_FORMAT_VERSION..=super::FORMAT_VERSION).contains(&meta.format_version) {
        return bad(
            "format_version",
            format!(
                "{} (expected {} to {})",
                meta.format_version,
                super::OLDEST_FORMAT_VERSION,
                super::FORMAT_VERSION
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
    let mut bytes = read_bytes(&path)?;
    let mut cut_off_line = None;
    if !bytes.is_empty() && bytes.last() != Some(&b'\n') {
        let line = bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1;
        if !allow_cut_off {
            return Err(StoreError::damaged(
                &path,
                Some(line),
                None,
                "the last row is cut off (the file was truncated)",
            ));
        }
        let keep = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        bytes.truncate(keep);
        cut_off_line = Some(line);
    }
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
        let at = |i: usize| row.range(i).map(|r| r.start as u64 + 1);
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

/// Reads a whole session: metadata, trials, and whether it is closed, interrupted or
/// being recorded.
pub fn read_session(dir: &Path) -> Result<StoredSession, StoreError> {
    let meta = read_meta(dir)?;
    let open = meta.status == SessionStatus::InProgress;
    let trials = read_trials(dir, &meta, open)?;
    let state = match &meta.status {
        SessionStatus::Complete => StoredStatus::Complete,
        SessionStatus::Incomplete { reason } => StoredStatus::Incomplete(reason.clone()),
        SessionStatus::InProgress => {
            let data_dir = dir.parent().and_then(Path::parent).unwrap_or(Path::new("."));
            if is_being_written(data_dir, &meta.participant) {
                StoredStatus::Recording
            } else {
                StoredStatus::Interrupted
            }
        }
    };
    Ok(StoredSession {
        dir: dir.to_path_buf(),
        meta,
        records: trials.records,
        state,
    })
}

/// What a reader found in a data folder: the sessions that read cleanly, and the
/// problems (each naming its file and place) of those that did not.
#[derive(Debug, Default)]
pub struct Scan<T> {
    pub found: Vec<T>,
    pub damaged: Vec<StoreError>,
}

impl<T> Scan<T> {
    /// Prints every problem to stderr, as `error: FILE:LINE:COL: ...; skipped`.
    pub fn report_damage(&self) {
        for e in &self.damaged {
            eprintln!("error: {e} (this session was skipped)");
        }
    }
}

/// The session folders of the participants (all of them when `only` is empty), one at a
/// time, each read with `read` (sessions that fail are reported in the scan and left
/// out). Streams: only one session is in memory at a time unless `read` keeps it.
pub fn scan<T>(
    data_dir: &Path,
    only: &[String],
    mut read: impl FnMut(&Path) -> Result<T, StoreError>,
) -> Result<Scan<T>, StoreError> {
    let people = if only.is_empty() {
        participants(data_dir)?
    } else {
        only.to_vec()
    };
    let mut out = Scan {
        found: Vec::new(),
        damaged: Vec::new(),
    };
    for p in people {
        match session_dirs(data_dir, &p) {
            Ok(dirs) => {
                for (_, dir) in dirs {
                    match read(&dir) {
                        Ok(v) => out.found.push(v),
                        Err(e) => out.damaged.push(e),
                    }
                }
            }
            Err(e) => out.damaged.push(e),
        }
    }
    Ok(out)
}

/// Every session of a participant that reads cleanly, in order, and the problems of the
/// others.
pub fn read_participant(data_dir: &Path, participant: &str) -> Result<Scan<StoredSession>, StoreError> {
    scan(data_dir, &[participant.to_owned()], read_session)
}
