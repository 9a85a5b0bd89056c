//! `vr-aat export`: research formats for R, pandas and AAT tools, streamed session by
//! session (memory stays flat whatever the size of the study).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::output::{OutFile, check_out_folder};
use super::{Failure, chosen_participants, data_dir, reader_result};
use vr_aat::metrics::store::{StoreError, StoredSession, read_participant, read_session, session_dirs};
use vr_aat::metrics::{
    ANSWERS_FILE, ANSWERS_HEADER, AnswerRecord, Clock, InputSource, SessionMeta, SessionStatus, TRACKING_FILE,
    TRACKING_HEADER, check_tracking_line,
};
use vr_aat::trial::{Label, TrialRecord};

/// Write long-format tables of the recorded sessions to a folder.
///
/// OUT/trials_long.csv: one row per trial, starting with the columns AAT tools exchange
/// (subjectid, session, blocknum, trialnum, stimid, is_pull, is_target, error, rt,
/// fullrt, scored = 1 for assessment and sham blocks) followed by the rest of
/// trials.csv's columns, the session's input_source (synthetic, flat, xr) and clock
/// (flat sessions are stamped at frame start, before the screen shows the frame: keep
/// them apart from headset sessions when pooling RTs; docs/design.md, "Timing"), its
/// session_status (complete, incomplete, interrupted), display_hz, and flagged (1:
/// tracking lost or a late frame; scores leave such trials out by default).
/// `vr-aat score --scored-only --group-by session` scores it per session.
/// OUT/tracking_long.csv: every pose sample with participant and session columns in
/// front (unless --no-tracking). OUT/answers_long.csv: every questionnaire answer (the
/// sessions' answers.csv with session_status); OUT/questionnaire_scores.csv: one row per
/// questionnaire score (participant, session, questionnaire, moment, score, value, items
/// answered, items, session_status). All load as-is in R (read.csv) and pandas
/// (read_csv); see docs/data-dictionary.md.
///
/// With --fhir: instead of the tables, OUT/PARTICIPANT.fhir.json per participant, an
/// HL7 FHIR R4 transaction Bundle (the pseudonym as the Patient's only identifier, one
/// Procedure per session, Observations for the bias with its 95% interval, the D-score,
/// the error rate and the median RTs, a QuestionnaireResponse per questionnaire answered
/// with an Observation of its scores, the vr-aat Device). POST it to a FHIR server's
/// base URL to load it; see docs/fhir.md for every field.
///
/// Only reads the data folder. Every value is checked on the way: a damaged session is
/// named (file, line, column) and left out of the tables (in a FHIR Bundle it is a
/// Procedure with status `unknown` naming the damage; a damaged answers.csv leaves out
/// only that session's answers), the others are exported, and the exit status is 2. Files are replaced atomically when complete.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Folder to write into (created if missing; the two tables there are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// Participants to export (default: all).
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Skip the continuous tracking data.
    #[arg(long)]
    pub no_tracking: bool,
    /// Write HL7 FHIR R4 transaction Bundles (one per participant) instead of the tables.
    #[arg(long, conflicts_with = "no_tracking")]
    pub fhir: bool,
    /// With --fhir: bootstrap resamples for the bias's 95% interval.
    #[arg(long, default_value_t = 2000, value_parser = super::at_least_one, requires = "fhir")]
    pub iterations: usize,
    /// With --fhir: seed for the resampling.
    #[arg(long, default_value_t = 1, requires = "fhir")]
    pub seed: u64,
}

/// One row of `trials_long.csv`: the AAT columns, then the rest of trials.csv's.
#[derive(Serialize)]
struct ExportRow<'a> {
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
    display_hz: f64,
    /// Tracking lost or a late frame: left out of scores by default.
    flagged: u8,
}

/// What every row of one session repeats.
#[derive(Clone, Copy)]
struct SessionColumns<'a> {
    participant: &'a str,
    /// `synthetic`, `flat`, `xr`, `replay`.
    input_source: &'static str,
    clock: &'static str,
    /// `complete`, `incomplete`, `interrupted`, `recording`.
    status: &'static str,
    display_hz: f64,
}

/// The session's input source as one word: `synthetic`, `flat`, `xr`, `replay`.
fn source_word(source: &InputSource) -> &'static str {
    match source {
        InputSource::Synthetic { .. } => "synthetic",
        InputSource::Flat => "flat",
        InputSource::Xr => "xr",
        InputSource::Replay { .. } => "replay",
    }
}

/// Where the session's times come from: `simulated`, `frame_start` (flat: frame start,
/// before the frame reached the screen), `predicted_display` (headset); empty for
/// format 1 sessions, which did not record it.
fn clock_word(meta: &SessionMeta) -> &'static str {
    match meta.timing.map(|t| t.clock) {
        Some(Clock::Simulated) => "simulated",
        Some(Clock::FrameStart) => "frame_start",
        Some(Clock::PredictedDisplay) => "predicted_display",
        None => "",
    }
}

impl<'a> ExportRow<'a> {
    fn new(session: SessionColumns<'a>, r: &'a TrialRecord) -> Self {
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
            display_hz: session.display_hz,
            flagged: u8::from(r.tracking_lost || r.budget_overrun),
        }
    }
}

/// Checks a session's tracking.csv from end to end (without keeping it in memory); a
/// cut-off last row of a session left open is allowed.
fn check_tracking(s: &StoredSession) -> Result<bool, StoreError> {
    let path = s.dir.join(TRACKING_FILE);
    if !path.exists() {
        return Ok(false);
    }
    let open = s.meta.status == SessionStatus::InProgress;
    each_tracking_line(&path, open, |_, _| Ok(()))?;
    Ok(true)
}

/// Calls `f(line_number, row)` for every checked row of a tracking.csv.
fn each_tracking_line(
    path: &Path,
    allow_cut_off: bool,
    mut f: impl FnMut(u64, &str) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let damaged = |line: u64, col: Option<u64>, message: String| StoreError::Damaged {
        path: path.to_path_buf(),
        line: Some(line),
        col,
        message,
    };
    let mut reader = BufReader::new(File::open(path).map_err(io)?);
    let mut line = String::new();
    let mut n = 0u64;
    let mut previous = None;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(io)? == 0 {
            break;
        }
        n += 1;
        let Some(row) = line.strip_suffix('\n') else {
            if allow_cut_off {
                break; // the row being written when the process stopped
            }
            return Err(damaged(
                n,
                None,
                "the last row is cut off (the file was truncated)".into(),
            ));
        };
        if n == 1 {
            if row != TRACKING_HEADER.trim_end() {
                return Err(damaged(
                    1,
                    Some(1),
                    "unexpected header; expected the columns of tracking.csv (docs/data-dictionary.md)".into(),
                ));
            }
            continue;
        }
        match check_tracking_line(row, previous) {
            Ok(t) => previous = Some(t),
            Err((field, message)) => {
                let col = row.split(',').take(field).map(|f| f.len() as u64 + 1).sum::<u64>() + 1;
                return Err(damaged(n, Some(col), format!("field {}: {message}", field + 1)));
            }
        }
        f(n, row).map_err(io)?;
    }
    Ok(())
}

/// A session's questionnaire answers and their scores; a damaged `answers.csv` damages
/// the session (it is left out of every table, as a damaged trials.csv is).
fn answer_results(
    s: &StoredSession,
) -> Result<(Vec<AnswerRecord>, Vec<vr_aat::answers::QuestionnaireResult>), StoreError> {
    let damaged = |e: vr_aat::answers::AnswersDamaged| StoreError::Damaged {
        path: e.path,
        line: e.line,
        col: None,
        message: e.message,
    };
    let answers = vr_aat::answers::read_answers(&s.dir).map_err(damaged)?;
    let results =
        vr_aat::answers::score_answers(&answers, &vr_aat::answers::definitions(&s.meta)).map_err(|message| {
            StoreError::Damaged {
                path: s.dir.join(ANSWERS_FILE),
                line: None,
                col: None,
                message,
            }
        })?;
    Ok((answers, results))
}

pub fn run(args: ExportArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir.clone());
    let people: Vec<String> = chosen_participants(&root, &args.participants)?
        .iter()
        .map(ToString::to_string)
        .collect();
    if people.is_empty() {
        return Err(Failure::bad_input(format!(
            "{}: no participants to export",
            root.display()
        )));
    }
    check_out_folder(&args.out, &root)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", args.out.display())))?;
    if args.fhir {
        return export_fhir(&root, &people, &args);
    }
    let mut trials = OutFile::create(&args.out, "trials_long.csv")?;
    let mut tracking = if args.no_tracking {
        None
    } else {
        Some(OutFile::create(&args.out, "tracking_long.csv")?)
    };
    let mut answers = OutFile::create(&args.out, "answers_long.csv")?;
    let mut scores = OutFile::create(&args.out, "questionnaire_scores.csv")?;
    let result = export(
        &root,
        &people,
        &mut trials,
        tracking.as_mut(),
        (&mut answers, &mut scores),
    );
    let counts = match result {
        Ok(c) => c,
        Err(e) => {
            trials.discard();
            if let Some(t) = tracking {
                t.discard();
            }
            answers.discard();
            scores.discard();
            return Err(e);
        }
    };
    let path = trials.finish()?;
    println!(
        "wrote {} ({} trials, {} sessions, {} participants)",
        path.display(),
        counts.trials,
        counts.sessions,
        people.len()
    );
    if let Some(t) = tracking {
        let path = t.finish()?;
        println!("wrote {} ({} pose samples)", path.display(), counts.samples);
    }
    let path = answers.finish()?;
    println!("wrote {} ({} questionnaire answers)", path.display(), counts.answers);
    let path = scores.finish()?;
    println!("wrote {} ({} questionnaire scores)", path.display(), counts.scores);
    for e in &counts.damaged {
        let what = if e.to_string().contains(ANSWERS_FILE) {
            "this session's questionnaire answers were left out of the export"
        } else {
            "this session was left out of the export"
        };
        eprintln!("error: {e} ({what})");
    }
    reader_result(counts.damaged.len())
}

/// One FHIR transaction Bundle per participant.
fn export_fhir(root: &Path, people: &[String], args: &ExportArgs) -> Result<(), Failure> {
    let mut damaged = 0;
    for p in people {
        let scan = read_participant(root, p).map_err(Failure::runtime)?;
        let bundle = vr_aat::fhir::bundle(p, &scan, args.iterations, args.seed);
        let resources = bundle.entry.len();
        let bundle = vr_aat::fhir::as_resource(bundle);
        let mut file = OutFile::create(&args.out, &format!("{p}.fhir.json"))?;
        let written = serde_json::to_writer_pretty(&mut file.out, &bundle)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(file.out));
        if let Err(e) = written {
            let f = file.fail(e);
            file.discard();
            return Err(f);
        }
        let path = file.finish()?;
        println!(
            "wrote {} ({} sessions, {} resources)",
            path.display(),
            scan.found.len() + scan.damaged.len(),
            resources
        );
        for e in &scan.damaged {
            eprintln!("error: {e} (in the Bundle as a Procedure with status `unknown`)");
        }
        damaged += scan.damaged.len();
    }
    reader_result(damaged)
}

#[derive(Default)]
struct Counts {
    trials: usize,
    sessions: usize,
    samples: usize,
    answers: usize,
    scores: usize,
    damaged: Vec<StoreError>,
}

/// The columns of `questionnaire_scores.csv`.
pub const SCORE_COLUMNS: [&str; 9] = [
    "participant",
    "session",
    "questionnaire",
    "moment",
    "score",
    "value",
    "items_answered",
    "items",
    "session_status",
];

/// Streams every session that checks out into the tables.
fn export(
    root: &Path,
    people: &[String],
    trials: &mut OutFile,
    mut tracking: Option<&mut OutFile>,
    (answers, scores): (&mut OutFile, &mut OutFile),
) -> Result<Counts, Failure> {
    let mut counts = Counts::default();
    writeln!(trials.out, "{}", EXPORT_COLUMNS.join(",")).map_err(|e| trials.fail(e))?;
    write!(answers.out, "{}", ANSWERS_HEADER.trim_end()).map_err(|e| answers.fail(e))?;
    writeln!(answers.out, ",session_status").map_err(|e| answers.fail(e))?;
    writeln!(scores.out, "{}", SCORE_COLUMNS.join(",")).map_err(|e| scores.fail(e))?;
    if let Some(t) = tracking.as_deref_mut() {
        write!(t.out, "participant,session,{TRACKING_HEADER}").map_err(|e| t.fail(e))?;
    }
    for p in people {
        let dirs = match session_dirs(root, p) {
            Ok(d) => d,
            Err(e) => {
                counts.damaged.push(e);
                continue;
            }
        };
        for (_, dir) in dirs {
            let checked = read_session(&dir).and_then(|s| {
                let with_tracking = tracking.is_some() && check_tracking(&s)?;
                Ok((s, with_tracking))
            });
            let (s, with_tracking) = match checked {
                Ok(v) => v,
                Err(e) => {
                    counts.damaged.push(e);
                    continue;
                }
            };
            let mut rows = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut trials.out);
            let session = SessionColumns {
                participant: s.meta.participant.as_str(),
                input_source: source_word(&s.meta.input_source),
                clock: clock_word(&s.meta),
                status: s.state.label(),
                display_hz: s.meta.display_hz,
            };
            for r in &s.records {
                rows.serialize(ExportRow::new(session, r))
                    .map_err(|e| Failure::runtime(format!("trials_long.csv: cannot write: {e}")))?;
            }
            rows.flush()
                .map_err(|e| Failure::runtime(format!("trials_long.csv: cannot write: {e}")))?;
            drop(rows);
            counts.trials += s.records.len();
            if let (Some(t), true) = (tracking.as_deref_mut(), with_tracking) {
                let (who, n) = (s.meta.participant.clone(), s.meta.session);
                let open = s.meta.status == SessionStatus::InProgress;
                let out = &mut t.out;
                let mut samples = 0;
                let streamed = each_tracking_line(&s.dir.join(TRACKING_FILE), open, |_, row| {
                    samples += 1;
                    writeln!(out, "{who},{n},{row}")
                });
                streamed.map_err(|e| t.fail(e))?;
                counts.samples += samples;
            }
            // A damaged answers.csv is named and leaves out the session's answers only.
            let (answered, results) = match answer_results(&s) {
                Ok(r) => r,
                Err(e) => {
                    counts.damaged.push(e);
                    Default::default()
                }
            };
            let status = s.state.label();
            let mut rows = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut answers.out);
            for a in &answered {
                rows.serialize((a, status))
                    .map_err(|e| Failure::runtime(format!("answers_long.csv: cannot write: {e}")))?;
            }
            drop(rows);
            let mut rows = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut scores.out);
            for q in &results {
                for (score, _, value) in &q.scores {
                    let value = value.map_or_else(String::new, |v| v.to_string());
                    rows.serialize((
                        &s.meta.participant,
                        s.meta.session,
                        &q.questionnaire,
                        &q.moment,
                        score,
                        value,
                        q.items_answered,
                        q.items,
                        status,
                    ))
                    .map_err(|e| Failure::runtime(format!("questionnaire_scores.csv: cannot write: {e}")))?;
                    counts.scores += 1;
                }
            }
            drop(rows);
            counts.answers += answered.len();
            counts.sessions += 1;
        }
    }
    Ok(counts)
}

/// The columns of `trials_long.csv` (the fields of [`ExportRow`]).
pub const EXPORT_COLUMNS: [&str; 33] = [
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
    "display_hz",
    "flagged",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_columns_are_the_row_fields() {
        let record: TrialRecord = {
            let text = "P1,1,1,b,assessment,1,1,x,soft,0,,pull,1,,no_response,1,0,1.5,,,,,,0,0,0,0\n";
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let (_, rec): (vr_aat::metrics::ParticipantColumn, TrialRecord) = r.deserialize().next().unwrap().unwrap();
            rec
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        let session = SessionColumns {
            participant: "P1",
            input_source: "flat",
            clock: "frame_start",
            status: "incomplete",
            display_hz: 60.0,
        };
        w.serialize(ExportRow::new(session, &record)).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), EXPORT_COLUMNS.join(","));
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .ends_with(",0,0,flat,frame_start,incomplete,60.0,0"),
            "{text}"
        );
    }
}
