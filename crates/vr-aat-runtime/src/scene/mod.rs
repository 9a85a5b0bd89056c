//! The patient's world as state, without rendering: where the drink is, how it moves in
//! feedback, where the hand is, what the panels say. The render layer (feature
//! `render`) draws these entities; tests run them headless.
//!
//! Positions are in the stage frame (metres, y up, -z forward), animated by the display
//! time of the newest pose sample, so a scene is a deterministic function of the session.

mod layout;
mod therapist;

use bevy::math::{Quat, Vec3};
use bevy::prelude::*;

use vr_aat_core::locale::Messages;

use crate::texts::Texts;

pub use layout::{PANEL_BOARD_M, PANEL_SCALE_SHARE, SceneLayout, pose_looking_at};
pub use therapist::{TherapistFacts, TherapistState, cause_text, therapist_line};

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::session::{PauseCause, PauseCauses};
use crate::trial::{ActiveSession, DisplayChange, DisplayChanged, FeedbackKind, Rule};
use vr_aat_core::data::{Category, Cue, ResponseMode};

/// How the drink on screen behaves now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DrinkState {
    /// Shown and touched: it moves along the push-pull axis with the hand.
    Held,
    /// Feedback after the response, started at display time `since` from `from`.
    Leaving { kind: FeedbackKind, since: f64, from: Vec3 },
    /// Stands where it was put (the drinks lineup of `screenshot --moment drinks`).
    Still,
}

/// The drink of the trial on screen.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Drink {
    pub trial: u32,
    pub stimulus_id: String,
    pub category: Category,
    pub cue: Option<Cue>,
    /// Display time of its first frame (the stimulus onset).
    pub shown_at: f64,
    pub state: DrinkState,
    /// 1 = fully visible, 0 = gone (the time-out fade).
    pub opacity: f32,
}

/// A moment of a session, for `vr-aat screenshot` (rendered by the `render` feature).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// The instruction panel before a block.
    Instructions,
    /// A drink on the counter, just shown.
    Stimulus,
    /// Mid-push feedback: the drink recedes and shrinks.
    Push,
    /// Mid-pull feedback: the drink comes closer and grows.
    Pull,
    /// A wrong direction: the gentle hint.
    Wrong,
    /// No response: the drink fades.
    Timeout,
    /// The craving questionnaire's slider (a visual analogue scale) with a choice made.
    Questionnaire,
    /// A Simulator Sickness Questionnaire item: a labelled 0-3 scale with a choice made.
    Symptoms,
    /// Every drink of the catalogue on the counter, each alcoholic drink beside the soft
    /// drink matched with it (a contact sheet).
    Drinks,
}

impl Moment {
    /// Every moment, in the order `--help` lists them.
    pub const ALL: [Moment; 9] = [
        Moment::Instructions,
        Moment::Stimulus,
        Moment::Push,
        Moment::Pull,
        Moment::Wrong,
        Moment::Timeout,
        Moment::Questionnaire,
        Moment::Symptoms,
        Moment::Drinks,
    ];

    /// The moment's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Moment::Instructions => "instructions",
            Moment::Stimulus => "stimulus",
            Moment::Push => "push",
            Moment::Pull => "pull",
            Moment::Wrong => "wrong",
            Moment::Timeout => "timeout",
            Moment::Questionnaire => "questionnaire",
            Moment::Symptoms => "symptoms",
            Moment::Drinks => "drinks",
        }
    }

    /// What the screenshot shows.
    pub fn about(self) -> &'static str {
        match self {
            Moment::Instructions => "The instruction panel before a block",
            Moment::Stimulus => "A drink on the counter, just shown",
            Moment::Push => "Mid-push feedback: the drink recedes and shrinks",
            Moment::Pull => "Mid-pull feedback: the drink comes closer and grows",
            Moment::Wrong => "A wrong direction: the gentle hint",
            Moment::Timeout => "No response: the drink fades",
            Moment::Questionnaire => "The craving questionnaire's slider (a visual analogue scale) with a choice made",
            Moment::Symptoms => "A Simulator Sickness Questionnaire item: a labelled 0-3 scale with a choice made",
            Moment::Drinks => {
                "Every drink of the catalogue on the counter, each alcoholic drink beside the soft drink matched with it (a contact sheet)"
            }
        }
    }
}

/// The patient's hand (or controller), following the dominant hand's pose.
#[derive(Component, Debug, Clone, Copy, PartialEq, Default)]
pub struct PatientHand {
    pub tracked: bool,
    pub grip: bool,
    /// Touching the drink (for the highlight).
    pub contact: bool,
}

/// The head, for cameras that follow it.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct PatientHead;

/// What the panels and progress indicator show.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct SceneStatus {
    /// Large text in the instruction panel, if it is up.
    pub panel: Option<String>,
    /// The questionnaire on screen, shown in the panel over its other text (see
    /// [`SceneStatus::shown_panel`]).
    pub question: Option<String>,
    /// A short, non-punishing hint (wrong direction).
    pub hint: Option<String>,
    /// Trials finished and in total.
    pub progress: (u32, u32),
    pub paused: bool,
    pub finished: bool,
    /// The photodiode patch is lit: from the frame that shows a drink to the frame on
    /// which its movement onset was detected (or the trial ended).
    pub photodiode: bool,
    /// Display time of the newest frame (s).
    pub now: f64,
}

impl SceneStatus {
    /// What the panel shows: the questionnaire while one is answered, else its text.
    pub fn shown_panel(&self) -> Option<&str> {
        self.question.as_deref().or(self.panel.as_deref())
    }
}

/// Seconds the feedback animations last if the protocol does not say (they end when the
/// engine clears the drink).
const FEEDBACK_S: f64 = 0.5;

/// Adds the scene state and its systems in [`CoreSystems::Present`]. Needs a
/// [`SceneLayout`] resource; spawns the hand and head.
pub fn plugin(app: &mut App) {
    app.init_resource::<SceneStatus>()
        .init_resource::<Texts>()
        .add_systems(Startup, spawn_patient)
        .add_systems(
            CoreUpdate,
            (react_to_display, show_questionnaire, follow_patient, animate_drinks)
                .chain()
                .in_set(CoreSystems::Present)
                .run_if(resource_exists::<SceneLayout>),
        );
}

fn spawn_patient(mut commands: Commands) {
    commands.spawn((Name::new("hand"), PatientHand::default(), Transform::default()));
    commands.spawn((Name::new("head"), PatientHead, Transform::default()));
}

fn react_to_display(
    mut commands: Commands,
    mut changes: MessageReader<DisplayChanged>,
    layout: Res<SceneLayout>,
    mut status: ResMut<SceneStatus>,
    mut drinks: Query<(Entity, &mut Drink, &Transform)>,
    session: Option<Res<ActiveSession>>,
    // Why it is paused, and the patient's language.
    (causes, messages): (Option<Res<PauseCauses>>, Res<Texts>),
) {
    let m = &*messages;
    for change in changes.read() {
        // The photodiode patch follows the stimulus: lit when a drink appears, dark when
        // the movement is detected or the drink goes.
        match &change.0 {
            DisplayChange::StimulusShown { .. } => status.photodiode = true,
            DisplayChange::MovementDetected { .. }
            | DisplayChange::Feedback { .. }
            | DisplayChange::StimulusCleared { .. }
            | DisplayChange::Paused { .. } => status.photodiode = false,
            _ => {}
        }
        match &change.0 {
            DisplayChange::MovementDetected { .. } => {}
            DisplayChange::BlockStarted { name, rule, .. } => {
                status.panel = Some(format!("{}\n\n{}", block_title(m, name), rule_text(m, *rule)));
                status.hint = None;
            }
            DisplayChange::StimulusShown {
                t,
                trial,
                stimulus_id,
                category,
                cue,
            } => {
                status.panel = None;
                status.hint = None;
                commands.spawn((
                    Name::new(format!("drink {stimulus_id}")),
                    Drink {
                        trial: *trial,
                        stimulus_id: stimulus_id.clone(),
                        category: *category,
                        cue: *cue,
                        shown_at: *t,
                        state: DrinkState::Held,
                        opacity: 1.0,
                    },
                    Transform::from_translation(layout.drink_home),
                ));
            }
            DisplayChange::Feedback { t, kind, .. } => {
                if let FeedbackKind::WrongDirection { correction_required } = kind {
                    status.hint = Some(m.text(if *correction_required {
                        "feedback-try-again"
                    } else {
                        "feedback-other-direction"
                    }));
                }
                if !matches!(
                    kind,
                    FeedbackKind::WrongDirection {
                        correction_required: true
                    }
                ) {
                    for (_, mut d, tf) in &mut drinks {
                        d.state = DrinkState::Leaving {
                            kind: *kind,
                            since: *t,
                            from: tf.translation,
                        };
                    }
                }
            }
            DisplayChange::StimulusCleared { .. } => {
                status.hint = None;
                for (e, ..) in &drinks {
                    commands.entity(e).despawn();
                }
            }
            DisplayChange::Paused { .. } => {
                status.paused = true;
                status.hint = None;
            }
            DisplayChange::Resumed { .. } => {
                status.paused = false;
                status.panel = None;
            }
            DisplayChange::SessionFinished { .. } => {
                status.finished = true;
                status.paused = false;
                let all_done = session.as_ref().is_some_and(|s| {
                    let (done, total) = s.progress();
                    done == total
                });
                let (title, text) = if all_done {
                    ("session-complete-title", "session-complete")
                } else {
                    ("session-ended-title", "session-ended")
                };
                status.panel = Some(format!("{}\n\n{}", m.text(title), m.text(text)));
            }
        }
    }
    if status.paused {
        let text = paused_text(m, causes.as_deref());
        if status.panel.as_deref() != Some(text.as_str()) {
            status.panel = Some(text);
        }
    }
    if let Some(s) = session {
        status.progress = s.progress();
    }
}

/// The questionnaire on screen in the panel, while nothing else holds the session (a
/// pause shows why it is paused instead).
fn show_questionnaire(
    asking: Option<Res<crate::session::asking::Asking>>,
    causes: Option<Res<PauseCauses>>,
    messages: Res<Texts>,
    mut status: ResMut<SceneStatus>,
) {
    let held = causes.is_some_and(|c| c.any());
    let want = asking
        .as_deref()
        .and_then(|a| Some((a.form()?.1, a.controls())))
        .filter(|_| !held)
        .map(|(form, controls)| vr_aat_core::questionnaire::panel_text(&messages, form, controls));
    if status.question != want {
        status.question = want;
    }
}

/// What the patient reads while the session is paused, by its causes.
pub fn paused_text(m: &Messages, causes: Option<&PauseCauses>) -> String {
    let has = |c| causes.is_some_and(|causes| causes.contains(c));
    let why = if has(PauseCause::TrackingLost) {
        format!("{}\n{}", m.text("paused-tracking"), m.text("paused-tracking-hint"))
    } else if has(PauseCause::RecordingProblem) {
        m.text("paused-wait")
    } else if has(PauseCause::Therapist) || !has(PauseCause::HeadsetNotFocused) {
        m.text("paused-therapist")
    } else {
        m.text("paused-headset")
    };
    format!("{}\n\n{why}", m.text("paused-title"))
}

fn block_title(m: &Messages, name: &str) -> String {
    m.text(if name.starts_with("practice") {
        "block-practice"
    } else {
        "block-next"
    })
}

/// The instruction as the patient reads it.
pub fn rule_text(m: &Messages, rule: Rule) -> String {
    m.text(match rule {
        Rule::PushAlcohol => "rule-push-alcohol",
        Rule::PullAlcohol => "rule-pull-alcohol",
        Rule::ByCue => "rule-by-cue",
    })
}

fn follow_patient(
    stream: Res<PoseStream>,
    session: Option<Res<ActiveSession>>,
    mut status: ResMut<SceneStatus>,
    mut hand: Query<(&mut Transform, &mut PatientHand), Without<PatientHead>>,
    mut head: Query<&mut Transform, (With<PatientHead>, Without<PatientHand>)>,
) {
    let Some(last) = stream.taken().last() else { return };
    status.now = last.t;
    let dominant = session.map_or(vr_aat_core::data::Handedness::Right, |s| s.config().dominant);
    let h = last.hand(dominant);
    for (mut tf, mut ph) in &mut hand {
        tf.translation = h.pose.position;
        tf.rotation = h.pose.orientation;
        ph.tracked = h.tracked;
        ph.grip = h.grip;
    }
    for mut tf in &mut head {
        tf.translation = last.head.position;
        tf.rotation = last.head.orientation;
    }
}

fn animate_drinks(
    layout: Res<SceneLayout>,
    status: Res<SceneStatus>,
    session: Option<Res<ActiveSession>>,
    mut drinks: Query<(&mut Drink, &mut Transform), Without<PatientHand>>,
    mut hand: Query<(&Transform, &mut PatientHand)>,
) {
    let Ok((hand_tf, mut hand)) = hand.single_mut() else {
        return;
    };
    let mode = session
        .as_ref()
        .map_or(ResponseMode::TouchAndMove, |s| s.config().response_mode);
    let feedback_s = session
        .as_ref()
        .map_or(FEEDBACK_S, |s| s.config().timing.feedback_s.max(0.05));
    hand.contact = false;
    for (mut drink, mut tf) in &mut drinks {
        match drink.state {
            DrinkState::Still => {}
            DrinkState::Held => {
                // Touch-and-move: the drink rides along the push-pull axis with the hand
                // (where the movement needs a grasp, only while the grip is held).
                let offset = (hand_tf.translation - layout.hand_home).dot(layout.forward);
                let moves = !mode.needs_grip(offset < 0.0) || hand.grip;
                let along = if moves {
                    offset.clamp(-layout.pull_distance * 1.2, layout.push_distance * 1.2)
                } else {
                    0.0
                };
                tf.translation = layout.drink_home + layout.forward * along;
                tf.scale = Vec3::ONE;
                hand.contact = hand.tracked && hand_tf.translation.distance(tf.translation) < layout.touch_radius;
            }
            DrinkState::Leaving { kind, since, from } => {
                let p = (((status.now - since) / feedback_s).clamp(0.0, 1.0)) as f32;
                let ease = p * p * (3.0 - 2.0 * p);
                match kind {
                    // The classic AAT zoom: away and smaller, or closer and larger.
                    FeedbackKind::PushedAway => {
                        tf.translation = from + layout.forward * (0.8 * ease);
                        tf.scale = Vec3::splat(1.0 - 0.7 * ease);
                    }
                    FeedbackKind::PulledCloser => {
                        let toward = (layout.eye - from) * Vec3::new(0.0, 0.3, 1.0);
                        tf.translation = from + toward * (0.5 * ease);
                        tf.scale = Vec3::splat(1.0 + 0.6 * ease);
                    }
                    // No response, or an uncorrected wrong direction: the drink fades.
                    FeedbackKind::TimedOut | FeedbackKind::WrongDirection { .. } => {
                        drink.opacity = 1.0 - ease;
                    }
                }
                tf.rotation = Quat::IDENTITY;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_titles() {
        let m = Messages::default();
        assert_eq!(block_title(&m, "practice"), "Practice");
        assert_eq!(block_title(&m, "training-1"), "Next block");
    }

    #[test]
    fn the_patient_reads_their_language() {
        let en = Messages::default();
        let de = Messages::new(vr_aat_core::locale::Language::De).unwrap();
        // English as it always read.
        assert_eq!(rule_text(&en, Rule::PushAlcohol), Rule::PushAlcohol.text());
        assert_eq!(
            paused_text(&en, None),
            "Paused\n\nThe session continues when your therapist resumes it."
        );
        let mut causes = PauseCauses::default();
        causes.insert(PauseCause::TrackingLost);
        assert_eq!(
            paused_text(&de, Some(&causes)),
            "Pause\n\nDas Headset kann Ihre Hand oder Ihren Kopf gerade nicht sehen.\nHalten Sie den Controller vor sich."
        );
        assert!(rule_text(&de, Rule::PullAlcohol).starts_with("Ziehen Sie alkoholische"));
        for lang in vr_aat_core::locale::Language::ALL {
            let m = Messages::new(lang).unwrap();
            for rule in [Rule::PushAlcohol, Rule::PullAlcohol, Rule::ByCue] {
                assert!(!rule_text(&m, rule).starts_with('['), "{lang:?} {rule:?}");
            }
        }
    }
}
