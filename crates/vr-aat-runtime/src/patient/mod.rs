//! The synthetic patient: an input source for headless runs, research and tests.
//!
//! It reads its parameters from a profile (`assets/patients/*.ron`), watches the display
//! changes the trial engine publishes, and pushes the pose samples a real patient's
//! headset would produce at the configured display rate. It knows the true movement
//! onset of every trial, so tests can compare the engine's measurements with the truth.

mod agent;
mod answers;
mod exgauss;
mod reach;

use bevy::prelude::*;

pub use agent::{Agent, PatientError, TrueTrial, inverse_min_jerk};
pub use answers::Answerer;
pub use exgauss::{BadExGaussian, ExGaussSampler};
pub use reach::{Motion, min_jerk};

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::session::PauseCauses;
use crate::session::asking::{AnswerInput, Asking};
use crate::trial::{ActiveSession, DisplayChanged};

/// The synthetic patient of the current session and how many frames it produces per
/// update (at most [`Agent::max_frames_per_update`]).
#[derive(Resource, Debug)]
pub struct SyntheticPatient {
    pub agent: Agent,
    pub frames_per_update: u32,
}

/// Adds the synthetic patient's input system to [`CoreSystems::Input`].
pub fn plugin(app: &mut App) {
    // Its answers to questionnaires (read by the questionnaire step when the app asks any).
    app.add_message::<AnswerInput>().add_systems(
        CoreUpdate,
        produce_samples
            .in_set(CoreSystems::Input)
            .run_if(resource_exists::<SyntheticPatient>),
    );
}

/// Shows the patient what the display changed, then produces this update's frames.
fn produce_samples(
    mut patient: ResMut<SyntheticPatient>,
    mut changes: MessageReader<DisplayChanged>,
    mut stream: ResMut<PoseStream>,
    (asking, causes): (Option<Res<Asking>>, Option<Res<PauseCauses>>),
    session: Option<Res<ActiveSession>>,
    mut answers: MessageWriter<AnswerInput>,
) -> Result {
    let patient = &mut *patient;
    for change in changes.read() {
        patient.agent.see(change.0.clone());
    }
    // One frame per update around questionnaires, so that answers fall on the same
    // frames whatever the batch, and from the last trial on, so that the session ends
    // on the frame its trials end (not at the end of a batch, with frames after it
    // recorded): every output is the same whatever the batch.
    let last_trial = session.is_none_or(|s| {
        let (done, total) = s.progress();
        done + 1 >= total
    });
    let frames = if last_trial || asking.as_ref().is_some_and(|a| a.busy()) {
        1
    } else {
        patient.frames_per_update
    };
    for _ in 0..frames {
        stream.push(patient.agent.next_sample())?;
    }
    if let (Some(asking), Some(t)) = (asking, stream.latest_t()) {
        let covered = causes.is_some_and(|c| c.any());
        for action in patient.agent.answer(asking.form(), t, covered) {
            answers.write(AnswerInput(action));
        }
    }
    Ok(())
}
