//! `vr-aat export --bids OUT`: a study as a BIDS dataset (Brain Imaging Data Structure
//! 1.9, with its motion extension, Motion-BIDS: Jeung et al. 2024), the form in which
//! labs share and publish such data, and which `bids-validator`, pybids and MNE-BIDS
//! read. Per participant and session:
//!
//! - `beh/..._task-aat_beh.tsv`: the trials (the columns of `trials_long.csv` after
//!   `subjectid` and `session`, which the file's name carries), described
//!   by the dataset's `task-aat_beh.json`; `beh/..._task-aat_events.tsv`: what happened
//!   when (every `events.csv` row, each drink's onset with its condition, each response),
//!   described by `task-aat_events.json`;
//! - `motion/..._task-aat_tracksys-SOURCE_motion.tsv` with `_channels.tsv` and
//!   `_motion.json`: the pose stream (`tracking.csv`), a latency channel (the sample's
//!   session time) then head and hands;
//! - `..._scans.tsv` (each file and when the session began); `sub-L_sessions.tsv` (what
//!   each session counts as, its status, protocol and LSL zero).
//!
//! `participants.tsv` (each participant's label and pseudonym), `phenotype/` (one table
//! per questionnaire, a row per participant: its items and scores per session and
//! moment), and
//! `sourcedata/vr-aat/` (the session folders as vr-aat recorded them, but for
//! `tracking.csv`, whose values are the motion files'). Only pseudonyms: a BIDS label is
//! the pseudonym's letters and digits.
//!
//! The dataset is built in a folder beside `OUT` and moved into place when complete; an
//! earlier vr-aat BIDS export there is replaced whole, anything else is refused. Only
//! reads the data folder; a session that does not read cleanly is left out and named.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use vr_aat_core::records::{SessionMeta, SessionUse};

use crate::error::StoreError;
use crate::files::events::read_events;
use crate::files::tracking::TrackingReader;
use crate::layout::TRACKING_FILE;
use crate::long_format::{EXPORT_COLUMN_MEANINGS, EXPORT_COLUMNS, ExportRow, SessionColumns, clock_word, source_word};
use crate::output::OutputError;
use crate::questionnaire_results::session_results;
use crate::scan::{StoredSession, read_session, session_dirs};

/// The BIDS version the dataset follows.
pub const BIDS_VERSION: &str = "1.9.0";
/// The task label of every file.
pub const TASK: &str = "aat";
/// Written into `dataset_description.json`'s `GeneratedBy`; an existing dataset with it
/// is one vr-aat may replace.
pub const GENERATOR: &str = "vr-aat";

/// The leading columns of `trials_long.csv` a beh file leaves out: `subjectid` and
/// `session`, which its name carries (and which pybids would read as the entities).
const BEH_SKIPPED: usize = 2;

/// What a BIDS export wrote and what it left out.
#[derive(Debug, Default)]
pub struct BidsExported {
    pub participants: usize,
    pub sessions: usize,
    pub trials: usize,
    pub samples: usize,
    pub files: usize,
    pub bytes: u64,
    /// Sessions left out, each with its problem.
    pub damaged: Vec<StoreError>,
}

/// The BIDS label of a participant: the pseudonym's letters and digits (BIDS labels are
/// alphanumeric).
pub fn participant_label(pseudonym: &str) -> String {
    pseudonym.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The participants' labels, refused when two pseudonyms give the same one or one gives
/// none.
pub fn labels(participants: &[String]) -> Result<Vec<String>, String> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for p in participants {
        let label = participant_label(p);
        if label.is_empty() {
            return Err(format!(
                "participant `{p}` has no letters or digits for a BIDS label (sub-<label>)"
            ));
        }
        if let Some(other) = seen.insert(label.clone(), p) {
            return Err(format!(
                "participants `{other}` and `{p}` both become sub-{label} (BIDS labels keep only letters and digits); export them separately"
            ));
        }
        out.push(label);
    }
    Ok(out)
}

/// Writes the BIDS dataset of `participants` (already checked to be pseudonyms in
/// `data_dir`) into `out`.
pub fn export_bids(
    data_dir: &Path,
    participants: &[String],
    out: &Path,
    authors: &[String],
) -> Result<BidsExported, OutputError> {
    let refused = |why: String| OutputError::Refused {
        path: out.to_path_buf(),
        why,
    };
    let labels = labels(participants).map_err(refused)?;
    if let Some(why) = why_not_replaceable(out) {
        return Err(refused(why));
    }
    let building = sibling(out, "partial");
    remove_leftover(&building)?;
    std::fs::create_dir_all(&building).map_err(|e| write_error(&building, e))?;
    let mut w = Dataset {
        authors: authors.to_vec(),
        root: building.clone(),
        done: BidsExported::default(),
        phenotype: BTreeMap::new(),
        labels: Vec::new(),
    };
    match w.write(data_dir, participants, &labels) {
        Ok(()) => {}
        Err(e) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(e);
        }
    }
    let done = w.done;
    // Swap in: the old dataset aside, the new one in place, the old one removed.
    let old = sibling(out, "old");
    remove_leftover(&old)?;
    if std::fs::symlink_metadata(out).is_ok() {
        std::fs::rename(out, &old).map_err(|e| write_error(out, e))?;
    }
    std::fs::rename(&building, out).map_err(|e| write_error(out, e))?;
    let _ = std::fs::remove_dir_all(&old);
    crate::atomic::sync_parent(out).map_err(|e| write_error(out, e))?;
    Ok(done)
}

/// Why `out` cannot take the dataset: it holds something other than an earlier vr-aat
/// BIDS export (or is a link).
fn why_not_replaceable(out: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(out).ok()?;
    if !meta.is_dir() {
        return Some(
            "this is not a folder (a link or a file); expected a new or empty folder, or an earlier vr-aat BIDS export"
                .into(),
        );
    }
    // An empty folder takes the dataset.
    let _first = std::fs::read_dir(out).ok()?.next()?;
    let ours = crate::safe_open::read_bounded(&out.join("dataset_description.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .is_some_and(|d| {
            d["GeneratedBy"]
                .as_array()
                .is_some_and(|g| g.iter().any(|x| x["Name"] == GENERATOR))
        });
    (!ours).then(|| {
        "the folder holds files that are not a vr-aat BIDS export; give a new or empty folder (an earlier vr-aat BIDS export there is replaced whole)".into()
    })
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "bids".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{what}"))
}

/// Removes what an interrupted export left under `path` (a link is removed, never
/// followed).
fn remove_leftover(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).map_err(|e| write_error(path, e)),
        Ok(_) => std::fs::remove_file(path).map_err(|e| write_error(path, e)),
        Err(_) => Ok(()),
    }
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> OutputError {
    OutputError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A value for a TSV cell: BIDS writes `n/a` where there is none, and no tabs or line
/// ends inside a cell.
fn cell(s: &str) -> String {
    if s.is_empty() {
        "n/a".into()
    } else {
        s.replace(['\t', '\n', '\r'], " ")
    }
}

fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".into(), |v| v.to_string())
}

/// One questionnaire's phenotype table, one row per participant (BIDS phenotype files
/// are per participant): a column per session, moment and item or score.
#[derive(Default)]
struct Phenotype {
    name: Option<String>,
    /// Column -> its description; columns ordered by session, moment, items before
    /// scores.
    columns: BTreeMap<PhenotypeColumn, String>,
    /// Participant label -> column -> value.
    rows: BTreeMap<String, BTreeMap<PhenotypeColumn, String>>,
}

/// A phenotype column: session, moment, 0 for an item or 1 for a score, its id.
type PhenotypeColumn = (u32, String, u8, String);

fn phenotype_column_name((session, moment, kind, id): &PhenotypeColumn) -> String {
    let moment: String = moment.chars().filter(|c| *c != ':').collect();
    let what = if *kind == 0 { "item" } else { "score" };
    format!("ses{session:02}_{moment}_{what}_{id}")
}

/// The dataset being built.
struct Dataset {
    /// `dataset_description.json`'s `Authors` (none: the validator warns).
    authors: Vec<String>,
    root: PathBuf,
    done: BidsExported,
    phenotype: BTreeMap<String, Phenotype>,
    /// The participants written (each phenotype table has a row for every one).
    labels: Vec<String>,
}

impl Dataset {
    fn file(&mut self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        }
        let mut f = File::create_new(&path).map_err(|e| write_error(&path, e))?;
        f.write_all(bytes).map_err(|e| write_error(&path, e))?;
        self.done.files += 1;
        self.done.bytes += bytes.len() as u64;
        Ok(())
    }

    fn json(&mut self, rel: &str, value: &Value) -> Result<(), OutputError> {
        let mut text = serde_json::to_string_pretty(value).map_err(|e| write_error(Path::new(rel), e))?;
        text.push('\n');
        self.file(rel, text.as_bytes())
    }

    fn tsv(&mut self, rel: &str, header: &[&str], rows: &[Vec<String>]) -> Result<(), OutputError> {
        let mut text = header.join("\t");
        text.push('\n');
        for row in rows {
            text.push_str(&row.join("\t"));
            text.push('\n');
        }
        self.file(rel, text.as_bytes())
    }

    fn write(&mut self, data_dir: &Path, participants: &[String], labels: &[String]) -> Result<(), OutputError> {
        let mut participant_rows = Vec::new();
        for (p, label) in participants.iter().zip(labels) {
            let dirs = match session_dirs(data_dir, p) {
                Ok(d) => d,
                Err(e) => {
                    self.done.damaged.push(e);
                    continue;
                }
            };
            let mut sessions = Vec::new();
            for (_, dir) in dirs {
                match read_session(&dir) {
                    Ok(s) => match self.session(&s, label)? {
                        Ok(()) => sessions.push(s.meta),
                        Err(e) => self.done.damaged.push(e),
                    },
                    Err(e) => self.done.damaged.push(e),
                }
            }
            if sessions.is_empty() {
                continue;
            }
            self.sessions_table(label, &sessions)?;
            self.json(&format!("sub-{label}/sub-{label}_sessions.json"), &sessions_json())?;
            let kinds: BTreeSet<&str> = sessions
                .iter()
                .map(|m| SessionUse::of(&m.input_source, &m.status).id())
                .collect();
            participant_rows.push(vec![
                format!("sub-{label}"),
                cell(p),
                sessions.len().to_string(),
                kinds.into_iter().collect::<Vec<_>>().join(","),
            ]);
            self.done.participants += 1;
            self.labels.push(label.clone());
        }
        self.tsv(
            "participants.tsv",
            &["participant_id", "pseudonym", "n_sessions", "counts_as"],
            &participant_rows,
        )?;
        self.json("participants.json", &participants_json())?;
        self.write_phenotype()?;
        self.json("dataset_description.json", &dataset_description(&self.authors))?;
        self.json(&format!("task-{TASK}_beh.json"), &beh_json())?;
        self.json(&format!("task-{TASK}_events.json"), &events_json())?;
        self.file("README.md", readme().as_bytes())?;
        let ignore = "sourcedata/\n";
        self.file(".bidsignore", ignore.as_bytes())?;
        Ok(())
    }

    /// One session's files; `Ok(Err(..))` when the session's own files are damaged
    /// (what was written for it is removed).
    fn session(&mut self, s: &StoredSession, label: &str) -> Result<Result<(), StoreError>, OutputError> {
        let ses = format!("{:02}", s.meta.session);
        let rel_dir = format!("sub-{label}/ses-{ses}");
        let stem = format!("sub-{label}_ses-{ses}_task-{TASK}");
        let (files_before, bytes_before) = (self.done.files, self.done.bytes);
        let undo = |ds: &mut Self| {
            let _ = std::fs::remove_dir_all(ds.root.join(&rel_dir));
            ds.done.files = files_before;
            ds.done.bytes = bytes_before;
        };
        let events = match read_events(&s.dir, s.meta.status == vr_aat_core::records::SessionStatus::InProgress) {
            Ok(e) => e.unwrap_or_default(),
            Err(e) => return Ok(Err(e)),
        };
        let (_, results) = match session_results(&s.dir, &s.meta) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let mut scans = Vec::new();
        // Trials.
        let beh = format!("beh/{stem}_beh.tsv");
        let mut rows = Vec::new();
        let trained = crate::drink_sets::trained_drinks(&s.meta);
        let columns = SessionColumns::of(&s.meta, s.state.label(), trained.as_ref());
        let mut csv_rows = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        for r in &s.records {
            csv_rows
                .serialize(ExportRow::new(columns, r))
                .map_err(|e| write_error(Path::new(&beh), e))?;
        }
        let bytes = csv_rows.into_inner().map_err(|e| write_error(Path::new(&beh), e))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        for record in reader.records() {
            let record = record.map_err(|e| write_error(Path::new(&beh), e))?;
            rows.push(record.iter().skip(BEH_SKIPPED).map(cell).collect());
        }
        self.tsv(&format!("{rel_dir}/{beh}"), &EXPORT_COLUMNS[BEH_SKIPPED..], &rows)?;
        scans.push(beh);
        // Events: every events.csv row, each drink's onset, each response.
        let mut ev: Vec<(f64, Vec<String>)> = Vec::new();
        for row in &events {
            ev.push((
                row.t_s,
                vec![
                    row.t_s.to_string(),
                    "0".into(),
                    row.event.as_str().into(),
                    "n/a".into(),
                    "n/a".into(),
                    cell(&row.detail),
                ],
            ));
        }
        for r in &s.records {
            let condition = format!("{}_{}", r.category.label(), r.required.label());
            let shown = r
                .full_rt_ms
                .map_or_else(|| "n/a".into(), |ms| (ms / 1000.0).to_string());
            ev.push((
                r.stimulus_onset_s,
                vec![
                    r.stimulus_onset_s.to_string(),
                    shown,
                    "stimulus_onset".into(),
                    r.trial.to_string(),
                    condition,
                    cell(&r.stimulus_id),
                ],
            ));
            if let (Some(given), Some(ms)) = (r.given, r.full_rt_ms) {
                let t = r.stimulus_onset_s + ms / 1000.0;
                ev.push((
                    t,
                    vec![
                        t.to_string(),
                        "0".into(),
                        "response".into(),
                        r.trial.to_string(),
                        format!("{}_{}", r.category.label(), r.required.label()),
                        format!("{} ({})", given.label(), r.outcome.label()),
                    ],
                ));
            }
        }
        ev.sort_by(|a, b| a.0.total_cmp(&b.0));
        let ev: Vec<Vec<String>> = ev.into_iter().map(|(_, r)| r).collect();
        let events_file = format!("beh/{stem}_events.tsv");
        self.tsv(
            &format!("{rel_dir}/{events_file}"),
            &["onset", "duration", "trial_type", "trial", "condition", "value"],
            &ev,
        )?;
        // The pose stream.
        if s.dir.join(TRACKING_FILE).exists() {
            match self.motion(s, &rel_dir, &stem)? {
                Ok(name) => scans.push(name),
                Err(e) => {
                    undo(self);
                    return Ok(Err(e));
                }
            }
        }
        // Questionnaires.
        for q in &results {
            let table = self.phenotype.entry(q.questionnaire.clone()).or_default();
            table.name = table.name.take().or_else(|| q.name.clone());
            let session = s.meta.session;
            let mut put = |kind: u8, id: &str, value: String, description: String| {
                let column = (session, q.moment.clone(), kind, id.to_owned());
                table.columns.entry(column.clone()).or_insert(description);
                table.rows.entry(label.to_owned()).or_default().insert(column, value);
            };
            let when = format!("session {session}, {}", q.moment);
            for (item, value) in &q.answers {
                put(
                    0,
                    item,
                    value.to_string(),
                    format!(
                        "The answer to item `{item}` of `{}` ({when}), on the item's scale (0-100 on a visual analogue scale); n/a when not asked or not answered.",
                        q.questionnaire
                    ),
                );
            }
            for (score, _, value) in &q.scores {
                put(
                    1,
                    score,
                    number(*value),
                    format!(
                        "Score `{score}` of `{}` ({when}) as vr-aat computes it (docs/questionnaires.md); n/a when an item it needs was not answered.",
                        q.questionnaire
                    ),
                );
            }
        }
        // Scans and the session as vr-aat recorded it.
        let acq = acq_time(&s.meta.started_utc);
        let scan_rows: Vec<Vec<String>> = scans.iter().map(|f| vec![f.clone(), acq.clone()]).collect();
        self.tsv(
            &format!("{rel_dir}/sub-{label}_ses-{ses}_scans.tsv"),
            &["filename", "acq_time"],
            &scan_rows,
        )?;
        self.sourcedata(s, label, &ses)?;
        self.done.sessions += 1;
        self.done.trials += s.records.len();
        Ok(Ok(()))
    }

    /// The session's tracking.csv as Motion-BIDS: the motion file, its channels and its
    /// sidecar; the motion file's name (relative to the session folder).
    fn motion(
        &mut self,
        s: &StoredSession,
        rel_dir: &str,
        stem: &str,
    ) -> Result<Result<String, StoreError>, OutputError> {
        let tracksys = source_word(&s.meta.input_source);
        let name = format!("motion/{stem}_tracksys-{tracksys}_motion.tsv");
        let path = self.root.join(rel_dir).join(&name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        }
        let mut reader = match TrackingReader::open(
            &s.dir.join(TRACKING_FILE),
            s.meta.status == vr_aat_core::records::SessionStatus::InProgress,
        ) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let file = File::create_new(&path).map_err(|e| write_error(&path, e))?;
        let mut out = BufWriter::new(file);
        let (mut n, mut bytes, mut first, mut last) = (0u64, 0u64, None, 0.0);
        loop {
            match reader.next_row() {
                Ok(Some(row)) => {
                    // The row as written, tab-separated: its time is the latency channel.
                    let line = row.text.replace(',', "\t");
                    writeln!(out, "{line}").map_err(|e| write_error(&path, e))?;
                    bytes += line.len() as u64 + 1;
                    first.get_or_insert(row.t);
                    last = row.t;
                    n += 1;
                }
                Ok(None) => break,
                Err(e) => return Ok(Err(e)),
            }
        }
        out.flush().map_err(|e| write_error(&path, e))?;
        self.done.files += 1;
        self.done.bytes += bytes;
        self.done.samples += n as usize;
        let channels: Vec<Vec<String>> = motion_channels().into_iter().map(Vec::from).collect();
        self.tsv(
            &format!("{rel_dir}/motion/{stem}_tracksys-{tracksys}_channels.tsv"),
            &["name", "component", "type", "tracked_point", "units", "reference_frame"],
            &channels,
        )?;
        self.json(
            &format!("{rel_dir}/motion/{stem}_tracksys-{tracksys}_channels.json"),
            &channels_json(),
        )?;
        let duration = first.map_or(0.0, |f| last - f);
        let effective = if duration > 0.0 {
            json!((n.saturating_sub(1)) as f64 / duration)
        } else {
            json!("n/a")
        };
        let sidecar = json!({
            "TaskName": TASK,
            "TaskDescription": "Approach-avoidance task in a virtual bar: push alcoholic drinks away, pull soft drinks closer (or as the block's instruction says).",
            "SamplingFrequency": s.meta.display_hz,
            "SamplingFrequencyEffective": effective,
            "RecordingDuration": duration,
            "RecordingType": "continuous",
            "TrackingSystemName": tracking_system(&s.meta),
            "Manufacturer": "n/a",
            "SoftwareVersions": format!("vr-aat {}", s.meta.app_version),
            "MotionChannelCount": 27,
            "POSChannelCount": 9,
            "ORNTChannelCount": 12,
            "LATENCYChannelCount": 1,
            "MISCChannelCount": 5,
            "TrackedPointsCount": 3,
            "MissingValues": "Untracked samples keep the device's last pose; the *_tracked channels are 0 then.",
        });
        self.json(
            &format!("{rel_dir}/motion/{stem}_tracksys-{tracksys}_motion.json"),
            &sidecar,
        )?;
        Ok(Ok(name))
    }

    fn sessions_table(&mut self, label: &str, sessions: &[SessionMeta]) -> Result<(), OutputError> {
        let rows: Vec<Vec<String>> = sessions
            .iter()
            .map(|m| {
                vec![
                    format!("ses-{:02}", m.session),
                    acq_time(&m.started_utc),
                    SessionUse::of(&m.input_source, &m.status).id().into(),
                    cell(m.status.label()),
                    cell(&m.protocol_id),
                    source_word(&m.input_source).into(),
                    cell(clock_word(m)),
                    number(m.timing.and_then(|t| t.lsl_zero_s)),
                ]
            })
            .collect();
        self.tsv(
            &format!("sub-{label}/sub-{label}_sessions.tsv"),
            &[
                "session_id",
                "acq_time",
                "counts_as",
                "status",
                "protocol",
                "input_source",
                "clock",
                "lsl_zero_s",
            ],
            &rows,
        )
    }

    /// The session folder as vr-aat recorded it, but for tracking.csv (in motion/).
    fn sourcedata(&mut self, s: &StoredSession, label: &str, ses: &str) -> Result<(), OutputError> {
        let Ok(entries) = std::fs::read_dir(&s.dir) else {
            return Ok(());
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| {
                let e = e.ok()?;
                // Regular files only: a link is never followed.
                e.file_type()
                    .ok()?
                    .is_file()
                    .then(|| e.file_name().into_string().ok())?
            })
            .filter(|n| n != TRACKING_FILE && !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let bytes =
                crate::safe_open::read_bounded(&s.dir.join(&name)).map_err(|e| write_error(&s.dir.join(&name), e))?;
            self.file(&format!("sourcedata/vr-aat/sub-{label}/ses-{ses}/{name}"), &bytes)?;
        }
        Ok(())
    }

    fn write_phenotype(&mut self) -> Result<(), OutputError> {
        let tables = std::mem::take(&mut self.phenotype);
        for (id, table) in tables {
            let file = participant_label(&id).to_lowercase();
            let mut header = vec!["participant_id".to_owned()];
            header.extend(table.columns.keys().map(phenotype_column_name));
            let rows: Vec<Vec<String>> = self
                .labels
                .iter()
                .map(|label| {
                    let values = table.rows.get(label);
                    let mut row = vec![format!("sub-{label}")];
                    row.extend(
                        table
                            .columns
                            .keys()
                            .map(|c| values.and_then(|v| v.get(c)).cloned().unwrap_or_else(|| "n/a".into())),
                    );
                    row
                })
                .collect();
            let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
            self.tsv(&format!("phenotype/{file}.tsv"), &header_refs, &rows)?;
            let mut sidecar = serde_json::Map::new();
            sidecar.insert(
                "MeasurementToolMetadata".into(),
                json!({"Description": format!("{} (vr-aat questionnaire `{id}`), asked in the sessions: one column per session, moment (before_session, between_blocksN before block N, after_session) and item or score", table.name.as_deref().unwrap_or(&id))}),
            );
            sidecar.insert(
                "participant_id".into(),
                json!({"Description": "The participant (participants.tsv)."}),
            );
            for (column, description) in &table.columns {
                sidecar.insert(phenotype_column_name(column), json!({ "Description": description }));
            }
            self.json(&format!("phenotype/{file}.json"), &Value::Object(sidecar))?;
        }
        Ok(())
    }
}

/// `acq_time` as BIDS writes it (`YYYY-MM-DDThh:mm:ss`, UTC) from an RFC 3339 time.
fn acq_time(rfc3339: &str) -> String {
    let t = rfc3339.get(..19).unwrap_or("");
    let ok = t.len() == 19 && t.as_bytes()[10] == b'T';
    if ok { t.to_owned() } else { "n/a".into() }
}

fn tracking_system(meta: &SessionMeta) -> &'static str {
    match meta.input_source {
        vr_aat_core::records::InputSource::Xr => "OpenXR headset and controllers",
        vr_aat_core::records::InputSource::Flat => "desktop mouse (flat mode, no tracking)",
        vr_aat_core::records::InputSource::Synthetic { .. } => "synthetic patient (simulation)",
    }
}

/// The motion channels: name, component, type, tracked point, units, reference frame;
/// the columns of `tracking.csv`, its time first.
fn motion_channels() -> Vec<[String; 6]> {
    let owned = |c: [&str; 6]| c.map(str::to_owned);
    let mut out = vec![owned(["t_s", "n/a", "LATENCY", "n/a", "s", "n/a"])];
    for (point, prefix) in [("Head", "head"), ("LeftHand", "left"), ("RightHand", "right")] {
        let channels: &[(&str, &str, &str, &str)] = &[
            ("x", "x", "POS", "m"),
            ("y", "y", "POS", "m"),
            ("z", "z", "POS", "m"),
            ("qx", "quat_x", "ORNT", "n/a"),
            ("qy", "quat_y", "ORNT", "n/a"),
            ("qz", "quat_z", "ORNT", "n/a"),
            ("qw", "quat_w", "ORNT", "n/a"),
            ("tracked", "n/a", "MISC", "n/a"),
            ("grip", "n/a", "MISC", "n/a"),
        ];
        for (suffix, component, kind, unit) in channels {
            // The head has no grip.
            if prefix == "head" && *suffix == "grip" {
                continue;
            }
            let frame = if *kind == "MISC" { "n/a" } else { "stage" };
            out.push([
                format!("{prefix}_{suffix}"),
                (*component).into(),
                (*kind).into(),
                point.into(),
                (*unit).into(),
                frame.into(),
            ]);
        }
    }
    out
}

/// The motion channels' reference frame: the session's stage (x right, y up, z toward
/// the patient, metres; orientations as unit quaternions).
fn channels_json() -> Value {
    json!({
        "reference_frame": {
            "Description": "The frame positions and orientations are given in.",
            "Levels": {
                "stage": {
                    "Description": "The session's stage frame: origin on the floor below the patient's seat (a headset: the recentred stage), x to the patient's right, y up, z backward (the patient faces -z); orientations are unit quaternions (x, y, z, w) in this frame.",
                    "SpatialAxes": "RSP",
                    "RotationRule": "right-hand",
                }
            }
        },
        "tracked_point": {"Description": "Head: between the eyes; LeftHand, RightHand: the controllers' grip poses."},
    })
}

fn sessions_json() -> Value {
    json!({
        "session_id": {"Description": "The session (ses-NN: its number in the course)."},
        "acq_time": {"Description": "When the session began (UTC)."},
        "counts_as": {"Description": "What the session counts as: therapy (a person in a headset, run to its end), ended-early, demo (flat mode), synthetic (a simulated patient)."},
        "status": {"Description": "How the recording closed: complete, or incomplete with the reason, or in progress (interrupted)."},
        "protocol": {"Description": "The protocol's id."},
        "input_source": {"Description": "synthetic, flat or xr."},
        "clock": {"Description": "Where the session's times come from: simulated, frame_start (flat mode) or predicted_display (headset)."},
        "lsl_zero_s": {"Description": "The Lab Streaming Layer clock at the session's time 0: add it to a session time for the time stamp in an XDF file (n/a for sessions not run in real time).", "Units": "s"},
    })
}

fn dataset_description(authors: &[String]) -> Value {
    let mut d = json!({
        "Name": "vr-aat approach-avoidance training sessions",
        "BIDSVersion": BIDS_VERSION,
        "DatasetType": "raw",
        "GeneratedBy": [{
            "Name": GENERATOR,
            "Version": env!("CARGO_PKG_VERSION"),
            "Description": "vr-aat export --bids: the sessions of a vr-aat data folder (docs/lab.md)",
        }],
        "HowToAcknowledge": "Cite the study the sessions belong to.",
    });
    if !authors.is_empty() {
        d["Authors"] = json!(authors);
    }
    d
}

fn participants_json() -> Value {
    json!({
        "participant_id": {"Description": "The participant's BIDS label: the pseudonym's letters and digits."},
        "pseudonym": {"Description": "The participant's pseudonym in the vr-aat data folder (never a name)."},
        "n_sessions": {"Description": "Sessions of the participant in this dataset."},
        "counts_as": {"Description": "What the participant's sessions count as (comma-separated): therapy (a person in a headset, run to its end), ended-early, demo (flat mode), synthetic (a simulated patient)."},
    })
}

fn beh_json() -> Value {
    let mut map = serde_json::Map::new();
    map.insert("TaskName".into(), json!(TASK));
    for &(name, description, units) in &EXPORT_COLUMN_MEANINGS[BEH_SKIPPED..] {
        let mut c = serde_json::Map::new();
        c.insert("Description".into(), json!(description));
        if let Some(u) = units {
            c.insert("Units".into(), json!(u));
        }
        map.insert(name.into(), Value::Object(c));
    }
    Value::Object(map)
}

fn events_json() -> Value {
    json!({
        "onset": {"Description": "Session time of the event (s since the session started; the display time of its frame). Add the session's lsl_zero_s (sub-*_sessions.tsv) for the Lab Streaming Layer time.", "Units": "s"},
        "duration": {"Description": "For a stimulus onset: until the first completed response (n/a without one); 0 for the others.", "Units": "s"},
        "trial_type": {"Description": "What happened: stimulus_onset, response, or an events.csv event (session_started, block_started, movement_detected, paused, resumed, questionnaire_started, session_finished, session_ended, ...; docs/data-dictionary.md)."},
        "trial": {"Description": "Trial number within the session (n/a for session events)."},
        "condition": {"Description": "The drink's category and the required direction: alcohol_push, alcohol_pull, soft_push, soft_pull."},
        "value": {"Description": "For a stimulus onset the drink id; for a response the direction given and the outcome; for an events.csv event its detail."},
    })
}

fn readme() -> String {
    format!(
        "# vr-aat sessions\n\nWritten by `vr-aat export --bids` (vr-aat {}). Approach-avoidance training for alcohol use disorder in a virtual bar: per participant and session the trials (`beh/`), what happened when (`beh/*_events.tsv`), the head and hand poses (`motion/`, Motion-BIDS), the questionnaires (`phenotype/`), and the session folders as vr-aat recorded them (`sourcedata/vr-aat/`). `counts_as` (participants.tsv, sub-*_sessions.tsv, the beh files) tells therapy sessions from demonstrations and simulations. See vr-aat's docs/lab.md and docs/data-dictionary.md.\n",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_letters_and_digits_and_refuse_collisions() {
        assert_eq!(participant_label("sim-biased_50ms-s1"), "simbiased50mss1");
        assert!(labels(&["p-01".into(), "p01".into()]).unwrap_err().contains("sub-p01"));
        assert!(labels(&["--".into()]).is_err());
        assert_eq!(labels(&["a".into(), "b-1".into()]).unwrap(), ["a", "b1"]);
    }

    #[test]
    fn motion_channels_are_the_tracking_columns() {
        let names: Vec<String> = motion_channels().into_iter().map(|[name, ..]| name).collect();
        assert_eq!(names.join(","), crate::files::tracking::TRACKING_HEADER.trim_end());
    }

    #[test]
    fn acq_time_is_bids_shaped() {
        assert_eq!(acq_time("2023-11-14T22:13:20Z"), "2023-11-14T22:13:20");
        assert_eq!(acq_time("garbage"), "n/a");
    }
}
