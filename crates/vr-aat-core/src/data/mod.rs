//! Content as data: protocols, the stimulus catalogue, synthetic-patient profiles and
//! questionnaires are
//! RON files under `assets/`, loaded through serde and then validated for meaning.
//!
//! Every load returns a [`DataError`] that names the file, the line and column where
//! known, the field and what was expected.

pub mod builtin;
mod catalogue;
mod cohort;
mod error;
pub mod intake;
mod load;
mod locate;
mod patient_profile;
mod protocol;
pub mod questionnaire;
mod source;

pub use catalogue::{Catalogue, Category, Drink, DrinkModel, Rgba, StimulusSet, Vessel};
pub use cohort::{Cohort, Spread};
pub use error::{DataError, Place};
pub use load::{
    DataFile, check_file, load_catalogue, load_cohort, load_patient, load_protocol, load_questionnaire, read_text,
};
pub use patient_profile::{
    AnswerLevel, AnswerTendency, Body, ExGaussian, Handedness, Imperfections, Kinematics, NormalMs, PatientProfile,
    RtByCondition,
};
pub use protocol::{
    Ask, AskMoment, Block, BlockKind, BlockSessions, BlockStimuli, Cue, ErrorHandling, Instruction, Protocol,
    Randomisation, ResponseMode, Thresholds, Timing,
};
pub use source::{ProtocolSource, sha256_hex};
