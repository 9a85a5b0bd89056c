//! Screen text: the instruction panel and hints the patient reads, the progress bar, and
//! the therapist's overlay with pause, resume and end keys.

use bevy::prelude::*;

use vr_aat_runtime::live::calibrating::{Calibrating, TrackingDetail, calibration_status};
use vr_aat_runtime::scene::{SceneStatus, TherapistFacts, TherapistState};
use vr_aat_runtime::session::{EndReason, PauseCause, PauseCauses, RecordingHealth, SessionControl, SessionState};
use vr_aat_runtime::timing::{CoreCost, FrameClock};
use vr_aat_runtime::trial::ActiveSession;

/// Which screen text an entity is.
#[derive(Component, Clone, Copy, PartialEq, Eq)]
pub enum ScreenText {
    /// The instruction panel's text.
    Panel,
    /// The hint after a wrong direction.
    Hint,
    /// The therapist's status line.
    Therapist,
}
#[derive(Component)]
pub struct PanelBox;
#[derive(Component)]
pub struct ProgressFill;

/// Who the overlay is about (shown to the therapist only).
#[derive(Resource, Debug, Clone, Default)]
pub struct OverlayInfo {
    pub participant: String,
    pub session: u32,
    /// The message id of the keys besides P, R and Esc that this mode offers (shown in
    /// the overlay).
    pub extra_keys: Option<&'static str>,
}

/// A font size in percent of the window's height, so that text scales with the window
/// (at 720 pixels high, 1% is 7.2 px).
fn font(percent_of_height: f32) -> TextFont {
    TextFont::from_font_size(bevy::text::FontSize::Vh(percent_of_height))
}

pub fn spawn_overlay(mut commands: Commands) {
    // Instruction panel: a large, calm box in the middle.
    commands
        .spawn((
            PanelBox,
            Node {
                position_type: PositionType::Absolute,
                left: Val::Percent(18.0),
                right: Val::Percent(18.0),
                top: Val::Percent(18.0),
                padding: UiRect::all(Val::Vh(3.9)),
                justify_content: JustifyContent::Center,
                ..default()
            },
            BackgroundColor(Color::srgba(0.08, 0.06, 0.05, 0.82)),
            Visibility::Hidden,
        ))
        .with_children(|p| {
            p.spawn((
                ScreenText::Panel,
                Text::new(""),
                font(4.7),
                TextColor(Color::srgb(1.0, 0.96, 0.88)),
                TextLayout::justify(Justify::Center),
            ));
        });
    commands.spawn((
        ScreenText::Hint,
        Text::new(""),
        font(4.2),
        TextColor(Color::srgb(1.0, 0.9, 0.6)),
        Node {
            position_type: PositionType::Absolute,
            bottom: Val::Percent(16.0),
            left: Val::Percent(30.0),
            ..default()
        },
    ));
    // Progress bar along the bottom.
    commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                bottom: Val::Px(14.0),
                left: Val::Percent(20.0),
                width: Val::Percent(60.0),
                height: Val::Px(10.0),
                ..default()
            },
            BackgroundColor(Color::srgba(1.0, 1.0, 1.0, 0.15)),
        ))
        .with_children(|p| {
            p.spawn((
                ProgressFill,
                Node {
                    width: Val::Percent(0.0),
                    height: Val::Percent(100.0),
                    ..default()
                },
                BackgroundColor(Color::srgb(0.95, 0.75, 0.35)),
            ));
        });
    // Therapist overlay, top left, small.
    commands.spawn((
        ScreenText::Therapist,
        Text::new(""),
        font(2.3),
        TextColor(Color::srgb(0.85, 0.95, 0.85)),
        Node {
            position_type: PositionType::Absolute,
            top: Val::Px(8.0),
            left: Val::Px(10.0),
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.55)),
    ));
}

/// What the therapist's line reports besides the scene.
#[derive(bevy::ecs::system::SystemParam)]
pub struct TherapistView<'w> {
    info: Option<Res<'w, OverlayInfo>>,
    session: Option<Res<'w, ActiveSession>>,
    frames: Option<Res<'w, FrameClock>>,
    cost: Option<Res<'w, CoreCost>>,
    state: Option<Res<'w, State<SessionState>>>,
    causes: Option<Res<'w, PauseCauses>>,
    recording: Option<Res<'w, RecordingHealth>>,
    calibrating: Option<Res<'w, Calibrating>>,
    tracking: Option<Res<'w, TrackingDetail>>,
    asking: Option<Res<'w, vr_aat_runtime::session::asking::Asking>>,
    messages: Res<'w, vr_aat_runtime::texts::Texts>,
}

pub fn update_overlay(
    status: Res<SceneStatus>,
    view: TherapistView,
    mut texts: Query<(&mut Text, &ScreenText)>,
    mut panel_box: Query<&mut Visibility, With<PanelBox>>,
    mut fill: Query<&mut Node, With<ProgressFill>>,
) {
    // The screen panel, and in a headset also the panel in the bar.
    for mut vis in &mut panel_box {
        *vis = if status.shown_panel().is_some() {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
    }
    let (done, total) = status.progress;
    if let Ok(mut node) = fill.single_mut() {
        node.width = Val::Percent(if total == 0 {
            0.0
        } else {
            100.0 * done as f32 / total as f32
        });
    }
    for (mut text, which) in &mut texts {
        let want = match which {
            ScreenText::Panel => status.shown_panel().unwrap_or_default().to_owned(),
            ScreenText::Hint => status.hint.clone().unwrap_or_default(),
            ScreenText::Therapist => therapist_line(&status, &view),
        };
        if text.0 != want {
            text.0 = want;
        }
    }
}

/// The therapist's overlay, in the session's language (`scene::therapist_line`): who,
/// progress, the state (and what holds or blocks it), the recorder's health, the real
/// frame rate and late frames, the core's own cost, the keys.
fn therapist_line(status: &SceneStatus, view: &TherapistView) -> String {
    let (done, total) = status.progress;
    let info = view.info.as_deref();
    let session = view.session.as_deref();
    let causes: Vec<PauseCause> = view.causes.as_deref().map_or_else(Vec::new, |c| c.iter().collect());
    let state = match view.state.as_deref().map(|s| *s.get()) {
        Some(SessionState::Calibrating) => TherapistState::Calibrating {
            step: view
                .calibrating
                .as_deref()
                .map_or(String::new(), |c| calibration_status(c, view.tracking.as_deref())),
            paused_by: causes,
        },
        Some(SessionState::Closing | SessionState::Closed) => TherapistState::Finished,
        Some(SessionState::Preparing) => TherapistState::Starting,
        Some(SessionState::Asking) => match view.asking.as_deref().and_then(|a| a.form()) {
            Some((moment, form)) => TherapistState::Asking {
                questionnaire: form.questionnaire().id.clone(),
                moment: moment.to_owned(),
                item: match form.page() {
                    vr_aat_core::questionnaire::Page::Item(i) => Some((i + 1, form.questionnaire().items.len())),
                    _ => None,
                },
            },
            None => TherapistState::Running,
        },
        _ if status.finished && causes.is_empty() => TherapistState::Finished,
        _ if !causes.is_empty() => TherapistState::Paused(causes),
        _ => TherapistState::Running,
    };
    let facts = TherapistFacts {
        who: info.map(|i| (i.participant.clone(), i.session)),
        // No session yet while calibrating.
        trial: (total > 0).then(|| ((done + 1).min(total), total)),
        accuracy: session.and_then(|s| s.accuracy()),
        last_rt_ms: session.and_then(|s| s.last_rt_ms()),
        state,
        recording: view.recording.as_deref().and_then(|r| r.0.clone()),
        frames: view
            .frames
            .as_deref()
            .map(|c| (c.rate_hz(), 1.0 / c.period_s, c.late_frames(), c.frames())),
        core_p99_us: view.cost.as_deref().map(|c| c.stats.quantile_us(0.99)),
        extra_keys: info.and_then(|i| i.extra_keys),
        cautions: view
            .asking
            .as_deref()
            .map(|a| a.cautions().to_vec())
            .unwrap_or_default(),
    };
    vr_aat_runtime::scene::therapist_line(&view.messages, &facts)
}

/// Therapist keys: P pauses, R clears the therapist's pause (the session resumes when
/// nothing else holds it), Esc ends the session (all recorded as events).
pub fn therapist_keys(keys: Res<ButtonInput<KeyCode>>, mut control: MessageWriter<SessionControl>) {
    if keys.just_pressed(KeyCode::KeyP) {
        control.write(SessionControl::Pause(PauseCause::Therapist));
    }
    if keys.just_pressed(KeyCode::KeyR) {
        control.write(SessionControl::Resume(PauseCause::Therapist));
    }
    if keys.just_pressed(KeyCode::Escape) {
        control.write(SessionControl::End(EndReason::Operator));
    }
}
