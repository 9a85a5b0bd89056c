//! The per-trial state machine, as plain Rust: it consumes pose samples one at a time,
//! in display-time order, and never looks at the wall clock or at how samples were
//! batched into updates. That is what makes a one-sample-per-update headset session and
//! a hundred-samples-per-update headless run give identical records.
//!
//! Phases of a session: block break (instruction panel) -> inter-trial interval (waits
//! for the ITI to pass and the hand to rest at home) -> response (drink shown; movement
//! onset, threshold crossing, correction, time-out) -> feedback -> next trial.

use glam::Vec3;

use super::onset::{OnsetTiming, RestWindow, crossing_time, kinematics};
use super::record::{Direction, Outcome, TrialRecord};
use super::sequence::{Rule, SessionPlan};
use crate::data::{BlockKind, Category, Cue, ErrorHandling, Handedness, Protocol, ResponseMode, Thresholds, Timing};
use crate::pose::PoseSample;

/// Where this patient's hand rests and how far their arm reaches; from the reach
/// calibration on a headset, from the profile for a synthetic patient.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Shoulder to grip with the arm extended (m).
    pub arm_reach_m: f64,
    /// Home position of the dominant hand between trials (stage frame, m).
    pub hand_home: Vec3,
    /// Unit vector pointing away from the patient, horizontal (stage frame).
    pub forward: Vec3,
}

/// Everything the engine needs besides the trial plan.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub timing: Timing,
    pub thresholds: Thresholds,
    pub response_mode: ResponseMode,
    pub errors: ErrorHandling,
    pub dominant: Handedness,
    pub calibration: Calibration,
    pub onset_timing: OnsetTiming,
    /// The display's nominal frame period (s): a frame shown more than
    /// [`LATE_FRAME_FACTOR`] periods after the one before it came late.
    pub display_period_s: f64,
}

/// A frame is late when it is shown more than this many display periods after the frame
/// before it (at least one frame was missed).
pub const LATE_FRAME_FACTOR: f64 = 1.5;

impl EngineConfig {
    /// The engine's settings for `protocol`, the responding hand, the patient's
    /// calibration and the display's rate (Hz).
    pub fn from_protocol(protocol: &Protocol, dominant: Handedness, calibration: Calibration, display_hz: f64) -> Self {
        Self {
            timing: protocol.timing,
            thresholds: protocol.thresholds,
            response_mode: protocol.response_mode,
            errors: protocol.errors,
            dominant,
            calibration,
            onset_timing: OnsetTiming::Interpolated,
            display_period_s: 1.0 / display_hz,
        }
    }

    /// Whether a frame shown `interval_s` after the one before it came late.
    pub fn is_late(&self, interval_s: f64) -> bool {
        interval_s > LATE_FRAME_FACTOR * self.display_period_s
    }

    /// Forward displacement (m) that completes a push.
    pub fn push_distance_m(&self) -> f64 {
        self.thresholds.push_fraction * self.calibration.arm_reach_m
    }

    /// Backward displacement (m) that completes a pull.
    pub fn pull_distance_m(&self) -> f64 {
        self.thresholds.pull_fraction * self.calibration.arm_reach_m
    }
}

/// Feedback shown after a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackKind {
    /// Correct push: the drink recedes and shrinks.
    PushedAway,
    /// Correct pull: the drink comes closer and grows.
    PulledCloser,
    /// Wrong direction; with `correction_required` the drink stays until corrected.
    WrongDirection { correction_required: bool },
    /// No response in time: the drink fades.
    TimedOut,
}

/// A change in what the patient sees, at the display time of the frame that shows it.
/// The renderer draws these; the synthetic patient perceives them.
#[derive(Clone, Debug, PartialEq)]
pub enum DisplayChange {
    /// The instruction panel of a block: at its start, or again after a pause in its
    /// break (`again`).
    BlockStarted {
        t: f64,
        block: u32,
        name: String,
        kind: BlockKind,
        rule: Rule,
        again: bool,
    },
    /// A drink appears (the trial's stimulus onset).
    StimulusShown {
        t: f64,
        trial: u32,
        stimulus_id: String,
        category: Category,
        cue: Option<Cue>,
    },
    /// The engine detected the trial's movement onset on the frame shown at `t` (in
    /// photodiode mode the patch goes dark on it).
    MovementDetected {
        t: f64,
        trial: u32,
    },
    Feedback {
        t: f64,
        trial: u32,
        kind: FeedbackKind,
    },
    /// The drink is gone; the hand may return home.
    StimulusCleared {
        t: f64,
        trial: u32,
    },
    /// The session paused (operator or headset); `discarded` is the trial that was on
    /// screen and will be shown again.
    Paused {
        t: f64,
        discarded: Option<u32>,
    },
    Resumed {
        t: f64,
    },
    SessionFinished {
        t: f64,
    },
}

impl DisplayChange {
    pub fn t(&self) -> f64 {
        match self {
            DisplayChange::BlockStarted { t, .. }
            | DisplayChange::StimulusShown { t, .. }
            | DisplayChange::MovementDetected { t, .. }
            | DisplayChange::Feedback { t, .. }
            | DisplayChange::StimulusCleared { t, .. }
            | DisplayChange::Paused { t, .. }
            | DisplayChange::Resumed { t }
            | DisplayChange::SessionFinished { t } => *t,
        }
    }
}

/// The last tracked sample of the dominant hand during a response.
#[derive(Clone, Copy, Debug)]
struct Prev {
    t: f64,
    /// Straight-line distance from the rest position (m).
    dist: f64,
    /// Displacement along `forward` from the rest position (m).
    fwd: f64,
}

#[derive(Clone, Debug)]
struct Response {
    onset_t: f64,
    rest: Vec3,
    prev: Option<Prev>,
    movement_onset: Option<f64>,
    /// Direction and completion time of the first response.
    first: Option<(Direction, f64)>,
    /// Completion time of the correction.
    corrected_at: Option<f64>,
    deadline: f64,
    /// Tracked positions from the stimulus onset on (display time s, position), for the
    /// movement's kinematics.
    path: Vec<(f64, Vec3)>,
    /// Since when the grip has been held (grasp mode).
    grip_since: Option<f64>,
    tracking_lost: bool,
    /// A frame of this trial came late (see [`LATE_FRAME_FACTOR`]).
    late_frame: bool,
}

#[derive(Clone, Debug)]
enum Phase {
    /// Before the first sample.
    NotStarted,
    BlockBreak {
        until: f64,
    },
    Iti {
        earliest_onset: f64,
    },
    Response(Box<Response>),
    Feedback {
        until: f64,
    },
    /// Paused (see [`crate::lifecycle::PauseCause`]): nothing is shown.
    Paused {
        resume: ResumeTo,
    },
    Finished,
}

/// Where a paused session picks up again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ResumeTo {
    /// Paused before anything was shown: the session starts with the first block's
    /// instruction.
    Start,
    /// Paused in a block break, before the block's first trial finished, or in the
    /// feedback that ended a block: the block's instruction is shown (again), for a
    /// whole block break.
    BlockBreak,
    /// Paused between trials, or with a drink on screen (that trial was discarded): an
    /// inter-trial interval, then the next trial.
    Iti,
}

/// The trial engine for one session.
#[derive(Clone, Debug)]
pub struct Engine {
    config: EngineConfig,
    plan: SessionPlan,
    /// Block and trial (within block) of the current or next trial.
    block: usize,
    trial_in_block: usize,
    /// Trials finished so far in the session.
    trials_done: u32,
    phase: Phase,
    rest: RestWindow,
    display: Vec<DisplayChange>,
    ready: Vec<TrialRecord>,
    correct_so_far: u32,
    last_rt_ms: Option<f64>,
    last_t: f64,
    /// Display time of the previous frame (s).
    last_frame_t: Option<f64>,
    /// Replay under a new criterion: the recorded stimulus onsets (display times, s),
    /// in order; each drink appears at its recorded time instead of when the hand rests.
    pinned_onsets: Option<std::collections::VecDeque<f64>>,
    /// Pinned onsets shown on a later frame than recorded (the new criterion ended the
    /// trial before them later than the recording did).
    onsets_shifted: u32,
}

impl Engine {
    pub fn new(config: EngineConfig, plan: SessionPlan) -> Self {
        Self {
            rest: RestWindow::new(config.thresholds.rest_window_s),
            config,
            plan,
            block: 0,
            trial_in_block: 0,
            trials_done: 0,
            phase: Phase::NotStarted,
            display: Vec::new(),
            ready: Vec::new(),
            correct_so_far: 0,
            last_rt_ms: None,
            last_t: 0.0,
            last_frame_t: None,
            pinned_onsets: None,
            onsets_shifted: 0,
        }
    }

    /// Shows each drink at these display times (s, in order), the stimulus onsets of a
    /// recorded session, instead of when the hand comes to rest: a replay under a new
    /// movement criterion keeps what the patient saw when. A drink whose time has passed
    /// when the engine is ready for it appears on the next frame (counted, see
    /// [`Engine::onsets_shifted`]).
    pub fn pin_onsets(&mut self, onsets: Vec<f64>) {
        self.pinned_onsets = Some(onsets.into());
    }

    /// How many pinned onsets were shown later than recorded.
    pub fn onsets_shifted(&self) -> u32 {
        self.onsets_shifted
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub fn plan(&self) -> &SessionPlan {
        &self.plan
    }

    /// True once every trial has finished and its feedback has been shown.
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished)
    }

    /// Trials finished so far and in total.
    pub fn progress(&self) -> (u32, u32) {
        (self.trials_done, self.plan.trial_count() as u32)
    }

    /// Share of finished trials answered correctly on the first movement.
    pub fn accuracy(&self) -> Option<f64> {
        (self.trials_done > 0).then(|| f64::from(self.correct_so_far) / f64::from(self.trials_done))
    }

    pub fn last_rt_ms(&self) -> Option<f64> {
        self.last_rt_ms
    }

    /// Display time of the newest sample processed (s).
    pub fn now(&self) -> f64 {
        self.last_t
    }

    /// Display changes since the last call, oldest first.
    pub fn take_display_changes(&mut self) -> std::vec::Drain<'_, DisplayChange> {
        self.display.drain(..)
    }

    /// Finished trials, oldest first (each is final when its trial ends).
    pub fn take_records(&mut self) -> std::vec::Drain<'_, TrialRecord> {
        self.ready.drain(..)
    }

    /// Processes one pose sample. Samples must come in display-time order.
    pub fn process(&mut self, s: &PoseSample) {
        self.last_t = s.t;
        let late = self.last_frame_t.is_some_and(|p| self.config.is_late(s.frame_t - p));
        self.last_frame_t = Some(s.frame_t);
        let hand = *s.hand(self.config.dominant);
        loop {
            // Each arm either stays in its phase (return) or moves to another phase and
            // lets the new phase look at the same sample (continue).
            match &mut self.phase {
                Phase::NotStarted => self.start_block(s.t, false),
                Phase::Finished | Phase::Paused { .. } => return,
                Phase::BlockBreak { until } => {
                    if s.t < *until {
                        return;
                    }
                    let earliest_onset = *until;
                    self.rest.clear();
                    self.phase = Phase::Iti { earliest_onset };
                }
                Phase::Iti { earliest_onset } => {
                    if !hand.tracked {
                        self.rest.clear();
                        return;
                    }
                    self.rest.push(s.t, hand.pose.position);
                    if let Some(pinned) = &mut self.pinned_onsets {
                        if let Some(&at) = pinned.front()
                            && s.frame_t >= at
                        {
                            pinned.pop_front();
                            if s.frame_t > at {
                                self.onsets_shifted += 1;
                            }
                            self.show_stimulus(s.frame_t, late);
                        }
                        return;
                    }
                    let th = &self.config.thresholds;
                    let home = self.config.calibration.hand_home;
                    let at_home = f64::from(hand.pose.position.distance(home)) <= th.home_radius_m;
                    let still = self.rest.is_full() && self.rest.speed().is_some_and(|v| v <= th.rest_speed_m_s);
                    if s.t >= *earliest_onset && at_home && still {
                        self.show_stimulus(s.frame_t, late);
                    }
                    return;
                }
                Phase::Response(_) => {
                    self.respond(s, late);
                    return;
                }
                Phase::Feedback { until } => {
                    if s.t < *until {
                        return;
                    }
                    let trial = self.trials_done;
                    self.display.push(DisplayChange::StimulusCleared { t: s.t, trial });
                    self.next_trial(s.t);
                    return;
                }
            }
        }
    }

    fn start_block(&mut self, t: f64, again: bool) {
        let Some(block) = self.plan.blocks.get(self.block) else {
            self.phase = Phase::Finished;
            self.display.push(DisplayChange::SessionFinished { t });
            return;
        };
        self.display.push(DisplayChange::BlockStarted {
            t,
            block: self.block as u32 + 1,
            name: block.name.clone(),
            kind: block.kind,
            rule: block.rule,
            again,
        });
        self.phase = Phase::BlockBreak {
            until: t + self.config.timing.block_break_s,
        };
    }

    fn next_trial(&mut self, t: f64) {
        if self.advance() {
            self.start_block(t, false);
        } else {
            self.rest.clear();
            self.phase = Phase::Iti {
                earliest_onset: t + self.config.timing.iti_s,
            };
        }
    }

    /// Moves to the next planned trial; true when that starts a new block (or there is
    /// none left).
    fn advance(&mut self) -> bool {
        self.trial_in_block += 1;
        let block_len = self.plan.blocks.get(self.block).map_or(0, |b| b.trials.len());
        if self.trial_in_block >= block_len {
            self.block += 1;
            self.trial_in_block = 0;
            true
        } else {
            false
        }
    }

    /// Shows the next drink on the frame displayed at `t` (which came late if `late`).
    fn show_stimulus(&mut self, t: f64, late: bool) {
        let spec = &self.plan.blocks[self.block].trials[self.trial_in_block];
        self.display.push(DisplayChange::StimulusShown {
            t,
            trial: self.trials_done + 1,
            stimulus_id: spec.stimulus_id.clone(),
            category: spec.category,
            cue: spec.cue,
        });
        self.phase = Phase::Response(Box::new(Response {
            onset_t: t,
            rest: self.rest.position(),
            prev: None,
            movement_onset: None,
            first: None,
            corrected_at: None,
            deadline: t + self.config.timing.response_timeout_s,
            path: Vec::with_capacity(256),
            grip_since: None,
            tracking_lost: false,
            late_frame: late,
        }));
    }

    fn respond(&mut self, s: &PoseSample, late: bool) {
        let hand = *s.hand(self.config.dominant);
        let required = self.plan.blocks[self.block].trials[self.trial_in_block].required;
        let onset_dist = self.config.thresholds.onset_distance_m;
        let push_d = self.config.push_distance_m();
        let pull_d = self.config.pull_distance_m();
        let forward = self.config.calibration.forward;
        let interpolate = self.config.onset_timing == OnsetTiming::Interpolated;
        let mode = self.config.response_mode;
        let errors = self.config.errors;
        let Phase::Response(r) = &mut self.phase else { return };
        r.late_frame |= late;
        let mut done = false;
        r.grip_since = match (hand.grip, r.grip_since) {
            (true, since) => since.or(Some(s.t)),
            (false, _) => None,
        };
        let gripped = r.grip_since.is_some();
        if hand.tracked {
            r.path.push((s.t, hand.pose.position));
            let pos = hand.pose.position;
            let delta = pos - r.rest;
            let cur = Prev {
                t: s.t,
                dist: f64::from(delta.length()),
                fwd: f64::from(delta.dot(forward)),
            };
            // Movement onset: first time the hand is `onset_dist` from rest.
            if r.movement_onset.is_none() && cur.dist > onset_dist {
                r.movement_onset = Some(match (r.prev, interpolate) {
                    (Some(p), true) => crossing_time(p.t, p.dist, cur.t, cur.dist, onset_dist),
                    _ => cur.t,
                });
                self.display.push(DisplayChange::MovementDetected {
                    t: s.frame_t,
                    trial: self.trials_done + 1,
                });
            }
            // A completed push or pull: the forward displacement crossed a threshold.
            let crossed = if cur.fwd >= push_d {
                Some((Direction::Push, push_d))
            } else if cur.fwd <= -pull_d {
                Some((Direction::Pull, -pull_d))
            } else {
                None
            };
            if let Some((dir, level)) = crossed.filter(|(dir, _)| !mode.needs_grip(*dir == Direction::Pull) || gripped)
            {
                let crossing = match r.prev {
                    Some(p) if interpolate => crossing_time(p.t, p.fwd, cur.t, cur.fwd, level),
                    _ => cur.t,
                };
                // Where the movement needs a grasp, the response is complete when both
                // the distance is covered and the grip is closed.
                let at = r
                    .grip_since
                    .filter(|_| mode.needs_grip(dir == Direction::Pull))
                    .map_or(crossing, |g| crossing.max(g));
                match r.first {
                    None => {
                        r.first = Some((dir, at));
                        if dir == required || errors == ErrorHandling::NoCorrection {
                            done = true;
                        } else {
                            r.deadline = at + self.config.timing.response_timeout_s;
                            self.display.push(DisplayChange::Feedback {
                                t: s.t,
                                trial: self.trials_done + 1,
                                kind: FeedbackKind::WrongDirection {
                                    correction_required: true,
                                },
                            });
                        }
                    }
                    Some(_) if dir == required => {
                        r.corrected_at = Some(at);
                        done = true;
                    }
                    Some(_) => {}
                }
            }
            r.prev = Some(cur);
        } else {
            // No crossing is interpolated across untracked samples: the next tracked one
            // is taken as it is, and the trial is flagged.
            r.tracking_lost = true;
            r.prev = None;
        }
        if done || s.t >= r.deadline {
            self.finish_trial(s.t);
        }
    }

    fn finish_trial(&mut self, t: f64) {
        let Phase::Response(r) = std::mem::replace(&mut self.phase, Phase::Finished) else {
            return;
        };
        let block = &self.plan.blocks[self.block];
        let spec = &block.trials[self.trial_in_block];
        let outcome = match r.first {
            None => Outcome::NoResponse,
            Some((dir, _)) if dir == spec.required => Outcome::Correct,
            Some(_) => Outcome::WrongDirection,
        };
        let ms = |a: f64, b: f64| (b - a) * 1000.0;
        let first_at = r.first.map(|(_, at)| at);
        // Kinematics from movement onset to the first response's completion (or to the
        // trial's end without one).
        let (peak_speed, path) = r
            .movement_onset
            .map_or((0.0, 0.0), |m| kinematics(&r.path, m, first_at.unwrap_or(t)));
        let record = TrialRecord {
            session: self.plan.session,
            block: self.block as u32 + 1,
            block_name: block.name.clone(),
            block_kind: block.kind,
            trial: self.trials_done + 1,
            trial_in_block: self.trial_in_block as u32 + 1,
            stimulus_id: spec.stimulus_id.clone(),
            category: spec.category,
            is_target: spec.category.is_target(),
            cue: spec.cue,
            required: spec.required,
            is_pull: spec.required.is_pull(),
            given: r.first.map(|(d, _)| d),
            outcome,
            error: outcome != Outcome::Correct,
            corrected: r.corrected_at.is_some(),
            stimulus_onset_s: r.onset_t,
            movement_onset_s: r.movement_onset,
            rt_ms: r.movement_onset.map(|m| ms(r.onset_t, m)),
            movement_time_ms: r.movement_onset.zip(first_at).map(|(m, f)| ms(m, f)),
            full_rt_ms: first_at.map(|f| ms(r.onset_t, f)),
            correction_ms: first_at.zip(r.corrected_at).map(|(f, c)| ms(f, c)),
            peak_speed_m_s: peak_speed,
            distance_m: path,
            tracking_lost: r.tracking_lost,
            budget_overrun: r.late_frame,
        };
        let kind = match outcome {
            Outcome::NoResponse if r.first.is_none() => FeedbackKind::TimedOut,
            Outcome::Correct if spec.required == Direction::Push => FeedbackKind::PushedAway,
            Outcome::Correct => FeedbackKind::PulledCloser,
            _ if r.corrected_at.is_some() && spec.required == Direction::Push => FeedbackKind::PushedAway,
            _ if r.corrected_at.is_some() => FeedbackKind::PulledCloser,
            _ => FeedbackKind::WrongDirection {
                correction_required: false,
            },
        };
        self.trials_done += 1;
        if outcome == Outcome::Correct {
            self.correct_so_far += 1;
        }
        self.last_rt_ms = record.rt_ms.or(self.last_rt_ms);
        self.display.push(DisplayChange::Feedback {
            t,
            trial: self.trials_done,
            kind,
        });
        self.ready.push(record);
        self.phase = Phase::Feedback {
            until: t + self.config.timing.feedback_s,
        };
    }

    /// Whether the trial on screen has passed its movement onset (the hand left its rest
    /// position by the onset distance).
    pub fn movement_started(&self) -> bool {
        matches!(&self.phase, Phase::Response(r) if r.movement_onset.is_some())
    }

    /// Whether the engine is holding the session (see [`Engine::pause`]). The session's
    /// one answer to "is it paused?" is the runtime's `SessionState`; this is the
    /// engine's side of it.
    pub fn is_paused(&self) -> bool {
        matches!(self.phase, Phase::Paused { .. })
    }

    /// Pauses at display time `t`, from any phase, so that resuming gives exactly the
    /// planned trials, each once, in order:
    ///
    /// - a drink on screen is cleared and its trial discarded (not recorded): it is shown
    ///   again after resuming;
    /// - during the feedback of a finished trial, the drink is cleared and the session
    ///   moves on to the next trial (the finished one stays recorded); after the last
    ///   trial the session simply finishes;
    /// - in a block break, or before a block's first trial has finished, the block's
    ///   instruction is shown again after resuming (the patient may have taken the
    ///   headset off; in an assessment the next block reverses the mapping).
    ///
    /// Returns whether a trial was discarded.
    pub fn pause(&mut self, t: f64) -> bool {
        let mut discarded = None;
        // Before a block's first trial has finished, its instruction is shown again.
        let between = if self.trial_in_block == 0 {
            ResumeTo::BlockBreak
        } else {
            ResumeTo::Iti
        };
        let resume = match &self.phase {
            Phase::Finished | Phase::Paused { .. } => return false,
            Phase::NotStarted => ResumeTo::Start,
            Phase::BlockBreak { .. } => ResumeTo::BlockBreak,
            Phase::Iti { .. } => between,
            Phase::Response(_) => {
                discarded = Some(self.trials_done + 1);
                self.display.push(DisplayChange::StimulusCleared {
                    t,
                    trial: self.trials_done + 1,
                });
                between
            }
            Phase::Feedback { .. } => {
                self.display.push(DisplayChange::StimulusCleared {
                    t,
                    trial: self.trials_done,
                });
                if !self.advance() {
                    ResumeTo::Iti
                } else if self.block < self.plan.blocks.len() {
                    ResumeTo::BlockBreak
                } else {
                    // That was the last trial: nothing is left to pause.
                    self.phase = Phase::Finished;
                    self.display.push(DisplayChange::SessionFinished { t });
                    return false;
                }
            }
        };
        self.display.push(DisplayChange::Paused { t, discarded });
        self.phase = Phase::Paused { resume };
        self.rest.clear();
        discarded.is_some()
    }

    /// Resumes after a pause at display time `t` (see [`Engine::pause`] for where the
    /// session picks up).
    pub fn resume(&mut self, t: f64) {
        let Phase::Paused { resume } = self.phase else {
            return;
        };
        self.display.push(DisplayChange::Resumed { t });
        match resume {
            ResumeTo::Start => self.start_block(t, false),
            ResumeTo::BlockBreak => self.start_block(t, true),
            ResumeTo::Iti => {
                self.rest.clear();
                self.phase = Phase::Iti {
                    earliest_onset: t + self.config.timing.iti_s,
                };
            }
        }
    }

    /// Ends the session now (the operator stopped it): the trial in progress is dropped;
    /// the trials already finished are kept.
    pub fn end_now(&mut self, t: f64) {
        if !self.is_finished() {
            self.phase = Phase::Finished;
            self.display.push(DisplayChange::SessionFinished { t });
        }
    }
}
