//! Live sessions (flat desktop and headset): what every live mode shares: the patient's
//! body, preparing the participant's next session as its one writer, the plugins a live
//! app adds, and beginning the session once the patient's geometry is known.

pub mod calibrating;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use bevy::math::Vec3;
use bevy::prelude::*;

use vr_aat_core::data::Handedness;
use vr_aat_core::data::ProtocolSource;
use vr_aat_core::locale::Language;
use vr_aat_core::records::{CalibrationMethod, Clock, InputSource, TimingRecord};
use vr_aat_store::files::intake::catalogue_for;
use vr_aat_store::files::session::read_meta;
use vr_aat_store::layout::{parse_session_folder, parse_staging_folder, session_folder_name};
use vr_aat_store::repair::{RepairReport, repair_participant};
use vr_aat_store::{ParticipantLock, RecordError, RecorderOptions};

use crate::recording::SessionMetricsPlugin;
use crate::scene::SceneLayout;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::session::{EndReason, RecordTo, SessionControl, SessionStart, begin_session};
use crate::texts::Texts;
use crate::timing::RealTimeZero;
use crate::trial::{Calibration, EngineConfig, PlanError, SessionPlan, plan_session};
use vr_aat_core::participant::ParticipantId;

/// The patient's body for a live session (before a headset reach calibration exists, or
/// in flat mode).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Body {
    pub handedness: Handedness,
    /// Shoulder to grip, arm extended (m).
    pub arm_reach_m: f64,
    /// Eye height (m): about 1.2 seated, 1.6 standing.
    pub eye_height_m: f64,
}

impl Body {
    /// The calibration a flat session uses: the hand rests 20 cm to the dominant side,
    /// 25 cm below the eyes and 30 cm in front.
    pub fn calibration(&self) -> Calibration {
        let side = if self.handedness == Handedness::Right {
            0.2
        } else {
            -0.2
        };
        Calibration {
            arm_reach_m: self.arm_reach_m,
            hand_home: Vec3::new(side, (self.eye_height_m - 0.25) as f32, -0.3),
            forward: Vec3::NEG_Z,
        }
    }
}

/// Everything needed to start a live session.
#[derive(Clone, Debug)]
pub struct LiveSetup {
    pub protocol: ProtocolSource,
    pub participant: ParticipantId,
    pub data_dir: PathBuf,
    pub body: Body,
    pub calibration: Calibration,
    /// Display rate (Hz) late frames are judged against (a headset's runtime replaces it).
    pub display_hz: f64,
    pub source: InputSource,
    pub seed: u64,
    /// The patient's language; `None`: the language of their last session, else English.
    pub language: Option<Language>,
    /// Stream the session to the Lab Streaming Layer (`play --lsl`).
    pub lsl: Option<crate::lsl::LabStreams>,
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("participant {participant} has done all {sessions} sessions of protocol `{protocol}`")]
    CourseDone {
        participant: String,
        sessions: u32,
        protocol: String,
    },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("{0}")]
    Store(String),
}

/// The participant's next session number: one after the highest session there is (a
/// damaged one, a staging folder repair could not settle, even a stray file of that
/// name, counts: numbers are never used twice).
pub fn next_session(lock: &ParticipantLock) -> Result<u32, LiveError> {
    let folder = lock.folder();
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(1),
        Err(e) => return Err(LiveError::Store(format!("{}: cannot read: {e}", folder.display()))),
    };
    let last = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            parse_session_folder(&name).or_else(|| parse_staging_folder(&name))
        })
        .max()
        .unwrap_or(0);
    Ok(last + 1)
}

/// A live session checked and planned, not yet recording: a headset session runs its
/// reach calibration between [`prepare_live_session`] and [`begin_live_session`].
#[derive(Clone, Debug)]
pub struct PreparedSession {
    pub setup: LiveSetup,
    pub options: RecorderOptions,
    /// The participant's session number in the course.
    pub session: u32,
    /// The language the patient reads (kept with the session).
    pub language: Language,
    /// The participant's personal set of trained drinks (their intake), if any.
    pub personal_set: Option<Vec<String>>,
    plan: SessionPlan,
}

impl PreparedSession {
    /// The session's trials.
    pub fn plan(&self) -> &SessionPlan {
        &self.plan
    }
}

/// As the participant's one writer (`lock`): closes what a crash left open (reported in
/// the returned [`RepairReport`]), checks that the participant has a session left and
/// plans its trials, so that a mistake is reported before any window opens.
pub fn prepare_live_session(
    setup: &LiveSetup,
    options: RecorderOptions,
    lock: &ParticipantLock,
) -> Result<(PreparedSession, RepairReport), LiveError> {
    let repaired = repair_participant(lock);
    let session = next_session(lock)?;
    let protocol = &setup.protocol.protocol;
    if session > protocol.sessions {
        return Err(LiveError::CourseDone {
            participant: setup.participant.to_string(),
            sessions: protocol.sessions,
            protocol: protocol.id.clone(),
        });
    }
    // The participant's own drinks, if they had an intake (a damaged one stops here).
    let catalogue = catalogue_for(&lock.folder(), &setup.protocol.catalogue).map_err(LiveError::Store)?;
    let plan = plan_session(protocol, &catalogue, setup.seed, session)?;
    let language = setup.language.unwrap_or_else(|| participant_language(lock, session));
    Ok((
        PreparedSession {
            setup: setup.clone(),
            options,
            session,
            language,
            personal_set: catalogue.personal_set,
            plan,
        },
        repaired,
    ))
}

/// The language of the participant's latest readable session before `session`, or
/// English for a new participant.
pub fn participant_language(lock: &ParticipantLock, session: u32) -> Language {
    let folder = lock.folder();
    (1..session)
        .rev()
        .find_map(|n| {
            let dir = folder.join(session_folder_name(n));
            read_meta(&dir).ok()
        })
        .map_or(Language::En, |meta| meta.language)
}

/// Adds the systems every live session needs (core, lifecycle, scene, recording,
/// Ctrl-C) to `app`. They wait, idle, until [`begin_live_session`] begins the session.
pub fn add_live_plugins(app: &mut App) {
    app.add_plugins((
        crate::app::core_plugin,
        crate::session::plugin,
        crate::scene::plugin,
        SessionMetricsPlugin,
        crate::lsl::plugin,
        interrupt_plugin,
    ));
}

/// Begins the prepared session with the patient's calibration: the bar's layout for it,
/// the recorder, the engine. From the next frame the trials run. `timing` says where the
/// session's times come from.
pub fn begin_live_session(
    world: &mut World,
    prepared: &PreparedSession,
    calibration: Calibration,
    method: CalibrationMethod,
    eye_height_m: f64,
    timing: TimingRecord,
) -> Result<(), LiveError> {
    let setup = &prepared.setup;
    let config = EngineConfig::from_protocol(
        &setup.protocol.protocol,
        setup.body.handedness,
        calibration,
        setup.display_hz,
    );
    world.insert_resource(SceneLayout::new(&config, eye_height_m as f32));
    if let Some(streams) = &setup.lsl {
        world.insert_resource(streams.clone());
    }
    let start = SessionStart {
        plan: prepared.plan.clone(),
        config,
        protocol_id: setup.protocol.protocol.id.clone(),
        scoring: setup.protocol.protocol.scoring,
        calibration_method: method,
        eye_height_m,
        display_hz: setup.display_hz,
        input_source: setup.source.clone(),
        seed: setup.seed,
        language: prepared.language,
        personal_set: prepared.personal_set.clone(),
        questionnaires: setup.protocol.protocol.questionnaires_in_session(prepared.plan.session),
        timing,
        record: Some(RecordTo::new(
            &setup.data_dir,
            &setup.participant,
            &setup.protocol,
            prepared.options,
        )),
    };
    begin_session(world, start)?;
    Ok(())
}

/// A flat session: adds the live systems and begins at once with the setup's
/// calibration.
pub fn start_live_session(app: &mut App, prepared: &PreparedSession) -> Result<(), LiveError> {
    add_live_plugins(app);
    app.insert_resource(Texts::new(prepared.language));
    let setup = &prepared.setup;
    // Time 0 is now: the flat input counts its frames' start times from it.
    let zero = RealTimeZero::now();
    app.insert_resource(zero);
    let timing = TimingRecord {
        clock: Clock::FrameStart,
        display_period_s: 1.0 / setup.display_hz,
        pose_lead_s: 0.0,
        runtime_zero_ns: None,
        lsl_zero_s: Some(zero.lsl_s),
    };
    begin_live_session(
        app.world_mut(),
        prepared,
        setup.calibration,
        CalibrationMethod::Given,
        setup.body.eye_height_m,
        timing,
    )
}

/// Set by Ctrl-C (SIGINT) in the terminal that started a live session.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks the live session to end as Ctrl-C does (for tests, and the Ctrl-C handler).
pub fn request_interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Ctrl-C ends a live session cleanly (its recording closed, status "ended by Ctrl-C")
/// instead of killing the process. Installs the process's Ctrl-C handler once; live
/// apps leave out Bevy's own (`TerminalCtrlCHandlerPlugin`), which would quit without
/// closing the recording.
fn interrupt_plugin(app: &mut App) {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if !INSTALLED.swap(true, Ordering::SeqCst)
        && let Err(e) = ctrlc::set_handler(request_interrupt)
    {
        log::warn!("Ctrl-C will not end the session cleanly: {e}");
    }
    // Any order against the other requests of the frame: the lifecycle reads them all.
    app.add_systems(
        CoreUpdate,
        end_on_interrupt
            .in_set(CoreSystems::BeginFrame)
            .ambiguous_with(CoreSystems::BeginFrame),
    );
}

fn end_on_interrupt(mut control: MessageWriter<SessionControl>) {
    if INTERRUPTED.swap(false, Ordering::SeqCst) {
        control.write(SessionControl::End(EndReason::Interrupted));
    }
}
