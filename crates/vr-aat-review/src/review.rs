//! A participant's course as a therapist reviews it: per session the counts, the scores
//! with their bootstrap interval, what the session counts as ([`SessionUse`]) and what
//! to be wary of (flags); then the change from the first to the last scorable session
//! that counts (therapy data unless asked otherwise, [`Counted`]). `summary`, `report` and `export --fhir` all
//! show this one view, so they cannot disagree.

use std::path::Path;

use vr_aat_core::records::{CalibrationMethod, Counted, EventKind, InputSource, SessionStatus, SessionUse};
use vr_aat_core::scoring::{
    BootstrapInterval, Exclusions, ScoreKind, ScoringConfig, Usable, Verdict, bootstrap, bootstrap_change, prepare,
    score, usable,
};
use vr_aat_core::trial::score_trials;
use vr_aat_store::StoreError;
use vr_aat_store::files::events::read_events;
use vr_aat_store::questionnaire_results::{QuestionnaireResult, session_results};
use vr_aat_store::scan::{StoredSession, StoredStatus};

/// How the intervals are computed.
#[derive(Clone, Copy, Debug)]
pub struct ReviewOptions {
    /// The score the intervals are for.
    pub kind: ScoreKind,
    /// Bootstrap resamples per interval.
    pub iterations: usize,
    pub seed: u64,
    /// Which sessions headline figures use (therapy data only unless asked).
    pub counted: Counted,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        Self {
            kind: ScoreKind::MedianDiff,
            iterations: 2000,
            seed: 1,
            counted: Counted::TherapyOnly,
        }
    }
}

/// Something a reader of a session's numbers should know.
#[derive(Clone, Debug, PartialEq)]
pub enum Flag {
    /// The session could not be scored; why (naming the cell or the rate).
    NotScored(String),
    /// The session did not run to its end (`incomplete`, `interrupted`).
    Status(StoredStatus),
    /// Played in a desktop window, not in a headset.
    Flat,
    /// A synthetic patient, not a person.
    Synthetic,
    /// Trials during which the responding hand lost tracking.
    TrackingLost(usize),
    /// Trials during which a frame was shown late.
    LateFrames(usize),
    /// The bias's interval excludes zero.
    BiasDiffersFromZero,
}

impl Flag {
    /// The flag in English, as `summary` prints it.
    pub fn english(&self) -> String {
        match self {
            Flag::NotScored(reason) => reason.clone(),
            Flag::Status(s) => s.label().to_owned(),
            Flag::Flat => "flat mode (a desktop window, not a headset)".to_owned(),
            Flag::Synthetic => "synthetic patient".to_owned(),
            Flag::TrackingLost(n) => format!("tracking lost in {n} trials"),
            Flag::LateFrames(n) => format!("late frames in {n} trials"),
            Flag::BiasDiffersFromZero => "bias differs from 0".to_owned(),
        }
    }
}

/// A pause in a session: when, and what held it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pause {
    /// Display time of the pause (s from the session's start).
    pub t_s: f64,
    /// The causes that held the session then (`therapist`, `tracking lost`, ...).
    pub causes: Vec<String>,
}

/// One session, reviewed.
#[derive(Clone, Debug)]
pub struct SessionReview {
    pub session: u32,
    pub state: StoredStatus,
    /// Why it ended early, as recorded (incomplete sessions).
    pub status_reason: Option<String>,
    pub protocol_id: String,
    pub started_utc: String,
    pub ended_utc: Option<String>,
    pub input: InputSource,
    /// What the session counts as (therapy data or not, and why).
    pub session_use: SessionUse,
    pub display_hz: f64,
    pub app_version: String,
    /// Trials recorded / planned.
    pub trials: usize,
    pub trials_planned: u32,
    /// RTs that entered the scores.
    pub valid: usize,
    pub excluded: Exclusions,
    pub error_count: usize,
    pub error_rate: f64,
    pub timeouts: usize,
    /// Median RT (ms) per cell: push alcohol, pull alcohol, push soft, pull soft.
    pub medians: [Option<f64>; 4],
    /// Whether the session was scored ([`Verdict::Scored`]).
    pub scored: bool,
    /// The chosen score (ms, or a D-score) when scored.
    pub score: Option<f64>,
    /// The median-based bias (ms) when scored.
    pub bias_ms: Option<f64>,
    /// The same bias over the trials with drinks the session trained, and over those
    /// with drinks it left untrained (generalisation), each when that subset can be
    /// scored and the drink sets are known.
    pub bias_trained_ms: Option<f64>,
    pub bias_untrained_ms: Option<f64>,
    pub d_score: Option<f64>,
    /// 95% bootstrap interval of the chosen score.
    pub ci: Option<BootstrapInterval>,
    pub tracking_lost_trials: usize,
    pub late_frame_trials: usize,
    pub arm_reach_m: f64,
    pub calibration_method: CalibrationMethod,
    /// Pauses from `events.csv`; `Err` names the file and line when it could not be read.
    pub pauses: Result<Vec<Pause>, StoreError>,
    /// Display time of the session's last event (s from its start), from `events.csv`.
    pub last_event_s: Option<f64>,
    /// Questionnaires answered in the session, scored (`answers.csv`); `Err` names the
    /// file and line when it could not be read.
    pub questionnaires: Result<Vec<QuestionnaireResult>, StoreError>,
    pub flags: Vec<Flag>,
    kept: Vec<Usable>,
    config: ScoringConfig,
}

impl SessionReview {
    /// Session length (s): the display time of its last event, else the recorded
    /// wall-clock start and end (a simulated session's wall-clock time is much shorter
    /// than the session it simulates).
    pub fn duration_s(&self) -> Option<f64> {
        if let Some(t) = self.last_event_s {
            return Some(t);
        }
        let start = humantime::parse_rfc3339_weak(self.started_utc.trim_end_matches('Z')).ok()?;
        let end = humantime::parse_rfc3339_weak(self.ended_utc.as_deref()?.trim_end_matches('Z')).ok()?;
        end.duration_since(start).ok().map(|d| d.as_secs_f64())
    }

    /// The trials that entered scoring (stage 1), for group statistics.
    pub fn usable(&self) -> &[Usable] {
        &self.kept
    }

    /// The scoring settings the session was scored with.
    pub fn config(&self) -> &ScoringConfig {
        &self.config
    }

    /// The flags in English, joined.
    pub fn flags_english(&self) -> String {
        self.flags.iter().map(Flag::english).collect::<Vec<_>>().join("; ")
    }
}

/// How the bias moved from the first to the last scorable session that counts.
#[derive(Clone, Debug)]
pub struct CourseChange {
    pub from: u32,
    pub to: u32,
    /// Scored sessions left out because they do not count (not therapy data), with
    /// what they are.
    pub left_out: Vec<(u32, SessionUse)>,
    /// Last minus first (the chosen score).
    pub change: Option<f64>,
    pub ci: Option<BootstrapInterval>,
}

/// What a change means in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeReading {
    /// The interval excludes zero and lies below it: the approach bias toward alcohol fell.
    Decreased,
    /// The interval excludes zero and lies above it.
    Increased,
    /// The interval includes zero: not reliably different from zero.
    NoReliableChange,
    /// No interval could be computed.
    CannotTell,
}

impl CourseChange {
    pub fn reading(&self) -> ChangeReading {
        match self.ci {
            Some(c) if c.excludes_zero() && c.upper < 0.0 => ChangeReading::Decreased,
            Some(c) if c.excludes_zero() => ChangeReading::Increased,
            Some(_) => ChangeReading::NoReliableChange,
            None => ChangeReading::CannotTell,
        }
    }
}

/// Reviews one recorded session with its own stored scoring settings.
pub fn review_session(s: &StoredSession, options: &ReviewOptions) -> SessionReview {
    let config = s.meta.scoring();
    let trials = score_trials(&s.records);
    let prepared = prepare(&trials, &config);
    let (kept, _) = usable(&trials, &config);
    let scores = score(&prepared.cells);
    let scored = prepared.verdict == Verdict::Scored;
    let ci = if scored {
        bootstrap(&kept, &config, options.kind, options.iterations, 0.95, options.seed)
    } else {
        None
    };
    let mut flags = Vec::new();
    if let Some(reason) = &prepared.reason {
        flags.push(Flag::NotScored(reason.clone()));
    }
    if s.state != StoredStatus::Complete {
        flags.push(Flag::Status(s.state.clone()));
    }
    match &s.meta.input_source {
        InputSource::Flat => flags.push(Flag::Flat),
        InputSource::Synthetic { .. } => flags.push(Flag::Synthetic),
        InputSource::Xr => {}
    }
    let trained = vr_aat_store::drink_sets::trained_drinks(&s.meta);
    let bias_of = |trained_drinks: bool| {
        let set = trained.as_ref()?;
        let subset: Vec<_> = s
            .records
            .iter()
            .filter(|r| set.contains(&r.stimulus_id) == trained_drinks)
            .cloned()
            .collect();
        let p = prepare(&score_trials(&subset), &config);
        if p.verdict == Verdict::Scored {
            score(&p.cells).median_diff
        } else {
            None
        }
    };
    let tracking_lost_trials = s.records.iter().filter(|r| r.tracking_lost).count();
    if tracking_lost_trials > 0 {
        flags.push(Flag::TrackingLost(tracking_lost_trials));
    }
    let late_frame_trials = s.records.iter().filter(|r| r.budget_overrun).count();
    let events = event_summary(&s.dir, s.meta.status == SessionStatus::InProgress);
    if late_frame_trials > 0 {
        flags.push(Flag::LateFrames(late_frame_trials));
    }
    if ci.is_some_and(|c| c.excludes_zero()) {
        flags.push(Flag::BiasDiffersFromZero);
    }
    SessionReview {
        session: s.meta.session,
        state: s.state.clone(),
        status_reason: s.meta.status.reason().map(str::to_owned),
        protocol_id: s.meta.protocol_id.clone(),
        started_utc: s.meta.started_utc.clone(),
        ended_utc: s.meta.ended_utc.clone(),
        input: s.meta.input_source.clone(),
        session_use: SessionUse::of(&s.meta.input_source, &s.meta.status),
        display_hz: s.meta.display_hz,
        app_version: s.meta.app_version.clone(),
        trials: s.records.len(),
        trials_planned: s.meta.trials_planned,
        valid: prepared.cells.pooled().len(),
        excluded: prepared.excluded,
        error_count: prepared.error_count,
        error_rate: prepared.error_rate,
        timeouts: prepared.timeouts,
        medians: scores.medians,
        scored,
        score: scores.get(options.kind).filter(|_| scored),
        bias_ms: scores.median_diff.filter(|_| scored),
        bias_trained_ms: bias_of(true),
        bias_untrained_ms: bias_of(false),
        d_score: scores.d_score.filter(|_| scored),
        ci,
        tracking_lost_trials,
        late_frame_trials,
        arm_reach_m: s.meta.calibration.arm_reach_m,
        calibration_method: s.meta.calibration.method,
        pauses: events.as_ref().map(|e| e.pauses.clone()).map_err(Clone::clone),
        last_event_s: events.as_ref().ok().and_then(|e| e.last_t_s),
        questionnaires: session_results(&s.dir, &s.meta).map(|(_, results)| results),
        flags,
        kept,
        config,
    }
}

/// Whether a reviewed session enters headline figures under `counted`.
pub fn counts(review: &SessionReview, counted: Counted) -> bool {
    counted.counts(review.session_use)
}

/// The sessions that do not count under `counted` (number and what they are), in order.
pub fn not_counted(reviews: &[SessionReview], counted: Counted) -> Vec<(u32, SessionUse)> {
    reviews
        .iter()
        .filter(|r| !counts(r, counted))
        .map(|r| (r.session, r.session_use))
        .collect()
}

/// The change from the first to the last scored session that counts under
/// `options.counted`, when there are two.
pub fn course_change(reviews: &[SessionReview], options: &ReviewOptions) -> Option<CourseChange> {
    let mut scored = reviews.iter().filter(|r| r.scored && counts(r, options.counted));
    let first = scored.next()?;
    let last = scored.next_back()?;
    let change = last.score.zip(first.score).map(|(y, x)| y - x);
    let ci = bootstrap_change(
        &first.kept,
        &last.kept,
        &last.config,
        options.kind,
        options.iterations,
        0.95,
        options.seed,
    );
    Some(CourseChange {
        from: first.session,
        to: last.session,
        left_out: reviews
            .iter()
            .filter(|r| r.scored && !counts(r, options.counted))
            .map(|r| (r.session, r.session_use))
            .collect(),
        change,
        ci,
    })
}

/// What the report takes from a session's `events.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventSummary {
    pub pauses: Vec<Pause>,
    /// Display time of the last event (s).
    pub last_t_s: Option<f64>,
}

/// The pauses of a session from its `events.csv` (each `paused` event with the
/// `pause_cause` events that were holding the session then) and the time of its last
/// event. A missing file (older sessions) gives nothing; a damaged one an error naming
/// file, line and column. `open`: the session was left open (a cut-off last row is left
/// out).
pub fn event_summary(dir: &Path, open: bool) -> Result<EventSummary, StoreError> {
    let Some(events) = read_events(dir, open)? else {
        return Ok(EventSummary::default());
    };
    let mut holding: Vec<String> = Vec::new();
    let mut out = EventSummary::default();
    // The pause in progress: a cause noted after its `paused` row (the engine's row is
    // written first in the frame) still belongs to it.
    let mut open_pause: Option<usize> = None;
    let mut held_by_questionnaire = Vec::new();
    for row in events {
        out.last_t_s = Some(out.last_t_s.map_or(row.t_s, |t: f64| t.max(row.t_s)));
        match row.event {
            EventKind::PauseCause => {
                if let Some(p) = open_pause.and_then(|i| out.pauses.get_mut(i))
                    && !p.causes.contains(&row.detail)
                {
                    p.causes.push(row.detail.clone());
                }
                holding.push(row.detail);
            }
            EventKind::PauseCauseCleared => holding.retain(|c| *c != row.detail),
            EventKind::Paused => {
                open_pause = Some(out.pauses.len());
                held_by_questionnaire.push(false);
                out.pauses.push(Pause {
                    t_s: row.t_s,
                    causes: holding.clone(),
                });
            }
            EventKind::Resumed => open_pause = None,
            EventKind::QuestionnaireStarted => {
                if let Some(i) = open_pause {
                    held_by_questionnaire[i] = true;
                }
            }
            _ => {}
        }
    }
    // A hold for a questionnaire alone is not a pause.
    let mut i = 0;
    out.pauses.retain(|p| {
        let questionnaire_only = held_by_questionnaire[i] && p.causes.is_empty();
        i += 1;
        !questionnaire_only
    });
    Ok(out)
}
