//! Questionnaires asked during a session, as steps of the one session lifecycle: before
//! the first trial, between blocks and after the last trial, as the protocol says
//! (`questionnaires` in the protocol file, docs/questionnaires.md).
//!
//! While a questionnaire is on screen the session is in [`super::SessionState::Asking`] and the
//! engine is held the way a pause holds it (so `events.csv` has its `paused`/`resumed`
//! rows and a replay holds the engine at the same times). Answers arrive as
//! [`AnswerInput`] messages from whatever the patient uses (the headset's controller,
//! the mouse, the synthetic patient), are applied to the [`Form`] on screen, and each
//! confirmed answer is sent as an [`AnswerGiven`] message, which the recording plugin
//! records at once (`answers.csv`, synced like a trial). Answers
//! are taken only while nothing else holds the session: a therapist's pause or lost
//! tracking covers the form until it clears.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use bevy::prelude::*;

use vr_aat_core::data::AskMoment;
use vr_aat_core::data::questionnaire::{Band, Questionnaire, Texts};
use vr_aat_core::locale::Language;
use vr_aat_core::questionnaire::{Action, Controls, Form, readings, scores};
use vr_aat_core::records::{AnswerRecord, EventKind};

use super::{EndRequested, PauseCauses, StepHold};
use crate::input::PoseStream;
use crate::recording::{AnswerGiven, NoteEvent};
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::trial::{ActiveSession, DisplayChange, DisplayChanged};

/// What the patient did on the questionnaire on screen.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct AnswerInput(pub Action);

/// The questionnaires of this session and the one on screen.
#[derive(Resource, Debug, Clone)]
pub struct Asking {
    /// This session's questionnaires with their moment, in the protocol's order.
    plan: Vec<(AskMoment, Arc<Questionnaire>)>,
    language: Language,
    controls: Controls,
    /// Waiting to be asked, with the moment's label for `answers.csv` and the display
    /// time of the moment.
    queue: VecDeque<(String, Arc<Questionnaire>, f64)>,
    /// Display time the last questionnaire was finished.
    finished_at: Option<f64>,
    form: Option<(String, Form)>,
    before_asked: bool,
    after_asked: bool,
    blocks_seen: u32,
    /// Every answer given in this session, in order (what `answers.csv` holds).
    answers: Vec<AnswerRecord>,
    /// Scores of finished questionnaires in a band their questionnaire marks for
    /// caution (a high SSQ total), for the therapist's overlay.
    cautions: Vec<ScoreCaution>,
}

/// A finished questionnaire's score in a band marked for caution.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreCaution {
    /// The instrument's proper name.
    pub questionnaire: String,
    /// The moment it was asked (`after_session`, ...).
    pub moment: String,
    /// The score's label in every language.
    pub score: Texts,
    pub value: f64,
    pub band: Band,
}

impl Asking {
    pub fn new(plan: Vec<(AskMoment, Questionnaire)>, language: Language, controls: Controls) -> Self {
        Self {
            plan: plan.into_iter().map(|(m, q)| (m, Arc::new(q))).collect(),
            language,
            controls,
            queue: VecDeque::new(),
            finished_at: None,
            form: None,
            before_asked: false,
            after_asked: false,
            blocks_seen: 0,
            answers: Vec::new(),
            cautions: Vec::new(),
        }
    }

    /// Scores so far in a band marked for caution, in the order they were found.
    pub fn cautions(&self) -> &[ScoreCaution] {
        &self.cautions
    }

    /// Whether a questionnaire is on screen or waiting: the engine is held.
    pub fn holds(&self) -> bool {
        self.form.is_some() || !self.queue.is_empty()
    }

    /// Whether the session, its trials finished, still has questionnaires to ask (so it
    /// does not close yet).
    pub fn wants_after(&self) -> bool {
        self.holds() || (!self.after_asked && self.plan.iter().any(|(m, _)| *m == AskMoment::AfterSession))
    }

    /// The form on screen and the moment it was asked at.
    pub fn form(&self) -> Option<(&str, &Form)> {
        self.form.as_ref().map(|(m, f)| (m.as_str(), f))
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn controls(&self) -> Controls {
        self.controls
    }

    /// Every answer given so far in this session.
    pub fn answers(&self) -> &[AnswerRecord] {
        &self.answers
    }

    /// Whether a questionnaire is on screen, waiting, or may be about to start (the
    /// session's first frames): a synthetic patient then moves one frame per update, so
    /// that its answers fall on the same frames whatever its batch.
    pub fn busy(&self) -> bool {
        self.holds() || !self.before_asked
    }

    fn enqueue(&mut self, moment: AskMoment, label: String, t: f64) {
        for (m, q) in &self.plan {
            if *m == moment {
                self.queue.push_back((label.clone(), q.clone(), t));
            }
        }
    }
}

/// Adds the questionnaire step: [`AnswerInput`] and the system that asks, in
/// [`CoreSystems::Lifecycle`] before the session applies its requests, and tells the
/// lifecycle whether it holds the engine ([`StepHold`]). A session asks only when
/// [`Asking`] is inserted (by [`super::begin_session`]).
pub fn plugin(app: &mut App) {
    app.add_message::<AnswerInput>()
        .add_message::<NoteEvent>()
        .add_message::<AnswerGiven>()
        .init_resource::<StepHold>()
        .add_systems(
            CoreUpdate,
            (ask, tell_the_lifecycle)
                .chain()
                .in_set(CoreSystems::Lifecycle)
                .before(super::apply_requests)
                .run_if(resource_exists::<Asking>.and_then(resource_exists::<ActiveSession>)),
        );
}

/// What the questionnaires need of the lifecycle after this frame's answers.
fn tell_the_lifecycle(asking: Res<Asking>, mut hold: ResMut<StepHold>) {
    let now = StepHold {
        engine: asking.holds(),
        after_trials: asking.wants_after(),
    };
    *hold = now;
}

/// Starts the questionnaires that are due, applies this frame's answers and records
/// each confirmed one.
#[allow(clippy::too_many_arguments)]
fn ask(
    mut asking: ResMut<Asking>,
    session: Res<ActiveSession>,
    stream: Res<PoseStream>,
    causes: Res<PauseCauses>,
    ended: Res<EndRequested>,
    mut display: MessageReader<DisplayChanged>,
    mut inputs: MessageReader<AnswerInput>,
    mut notes: MessageWriter<NoteEvent>,
    mut given: MessageWriter<AnswerGiven>,
) {
    let asking = &mut *asking;
    // The display time of the newest frame.
    let now = stream.latest_t().unwrap_or(0.0);
    if ended.0.is_some() {
        // Ended: nothing more is asked; a form on screen is left unanswered.
        if let Some((moment, form)) = asking.form.take() {
            notes.write(NoteEvent {
                event: EventKind::QuestionnaireAbandoned,
                detail: format!("{} ({moment})", form.questionnaire().id),
            });
        }
        asking.queue.clear();
        asking.after_asked = true;
        inputs.clear();
        display.clear();
        return;
    }
    // Each questionnaire is shown from its moment's display time: the first frame, the
    // frame that showed the block's instruction, the frame that ended the trials (or
    // when the questionnaire before it was finished).
    if !asking.before_asked {
        asking.before_asked = true;
        asking.enqueue(
            AskMoment::BeforeSession,
            AskMoment::BeforeSession.label().to_owned(),
            now,
        );
    }
    for change in display.read() {
        match &change.0 {
            DisplayChange::BlockStarted {
                t, block, again: false, ..
            } => {
                asking.blocks_seen += 1;
                if asking.blocks_seen > 1 {
                    let label = format!("{}:{block}", AskMoment::BetweenBlocks.label());
                    asking.enqueue(AskMoment::BetweenBlocks, label, *t);
                }
            }
            DisplayChange::SessionFinished { t } if !asking.after_asked => {
                asking.after_asked = true;
                asking.enqueue(AskMoment::AfterSession, AskMoment::AfterSession.label().to_owned(), *t);
            }
            _ => {}
        }
    }
    // Nothing else may hold the session while it is answered.
    let answerable = !causes.any();
    let mut pending: Vec<Action> = inputs.read().map(|i| i.0).collect();
    loop {
        if asking.form.is_none() {
            let Some((moment, q, from)) = asking.queue.pop_front() else {
                break;
            };
            notes.write(NoteEvent {
                event: EventKind::QuestionnaireStarted,
                detail: format!("{} ({moment})", q.id),
            });
            let shown = asking.finished_at.map_or(from, |f| f.max(from));
            asking.form = Some((moment, Form::new(q, shown)));
        }
        if !answerable || pending.is_empty() {
            break;
        }
        let Some((moment, form)) = asking.form.as_mut() else {
            break;
        };
        for action in pending.drain(..) {
            if let Some(a) = form.act(action, now) {
                let record = AnswerRecord {
                    participant: String::new(),
                    session: session.plan().session,
                    questionnaire: form.questionnaire().id.clone(),
                    moment: moment.clone(),
                    item: a.item,
                    value: a.value,
                    shown_s: a.shown_s,
                    answered_s: a.answered_s,
                    language: asking.language.tag().to_owned(),
                };
                given.write(AnswerGiven(record.clone()));
                asking.answers.push(record);
            }
            if form.is_done() {
                break;
            }
        }
        if form.is_done() {
            notes.write(NoteEvent {
                event: EventKind::QuestionnaireFinished,
                detail: format!("{} ({moment})", form.questionnaire().id),
            });
            let q = form.questionnaire();
            let items: BTreeMap<String, f64> = asking
                .answers
                .iter()
                .filter(|a| a.questionnaire == q.id && a.moment == *moment)
                .map(|a| (a.item.clone(), a.value))
                .collect();
            for (id, value, band) in readings(q, &scores(q, &items)) {
                if let (true, Some(score)) = (band.caution, q.scores.iter().find(|s| s.id == id)) {
                    asking.cautions.push(ScoreCaution {
                        questionnaire: q.name().to_owned(),
                        moment: moment.clone(),
                        score: score.label.clone(),
                        value,
                        band,
                    });
                }
            }
            asking.form = None;
            asking.finished_at = Some(now);
            // Inputs left over this frame do not carry into the next questionnaire.
            pending.clear();
        }
    }
}
