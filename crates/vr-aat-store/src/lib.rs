//! vr-aat's store: everything vr-aat keeps on disk and reads back, without Bevy.
//!
//! - Writing a session: the [`Recorder`] hands rows to a background [`writer`] thread
//!   (crash-safe: every finished trial is synced), under the folder rules of
//!   [`layout`]: one writer per participant ([`ParticipantLock`]), atomic files and
//!   folders ([`atomic`], [`Replacement`]), and [`repair`] of what a crash left open;
//!   every file opened through [`safe_open`]: never written through a planted link,
//!   never read without a bound.
//! - [`files`]: every file format, one module each with its one writer and its one
//!   reader; every reader returns [`StoreError`], naming the file, line and column of a
//!   problem.
//! - [`scan`]: a data folder's participants and sessions as a reader sees them, one
//!   damaged session never blocking the others.
//! - [`questionnaire_results`]: a session's answers scored by their questionnaires;
//!   [`drink_sets`]: which drinks a session trained.
//! - [`long_format`] and [`export`]: the AAT long-format table (writer and reader) and
//!   the research tables of `vr-aat export`; [`output`]: where readers write.
//! - [`replay`]: a recorded session's poses run back through the trial engine.
//! - [`frame_report`]: a session's displayed frames beside the core's cost.
//!
//! Readers only read: nothing here that reads a session writes into the data folder.
//!
//! **Depends on** `vr-aat-core` only among vr-aat's crates; **must never depend on**
//! Bevy, rendering, XR or the command line (`cargo tree -p vr-aat-store` shows no
//! `bevy`), so the analysis half builds without a game engine.

// Library code must not panic on files, hardware or user input: no unwrap/expect outside tests.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod atomic;
pub mod bids;
pub mod drink_sets;
pub mod error;
pub mod export;
pub mod files;
pub mod folder_check;
pub mod frame_report;
pub mod layout;
mod lock;
pub mod long_format;
pub mod output;
pub mod questionnaire_results;
mod recorder;
pub mod repair;
mod replace;
pub mod replay;
pub mod safe_open;
pub mod scan;
pub mod writer;

pub use atomic::write_ron;
pub use error::{RecordError, StoreError};
pub use lock::{LockError, ParticipantLock, is_being_written, lock_path};
pub use recorder::{
    EventTap, FinishedRecording, Overflow, RESERVE_FILE, Recorder, RecorderHealth, RecorderOptions, STALL_S, utc_now,
};
pub use replace::Replacement;
pub use writer::{Durability, FileStorage, OpenStorage, SessionFile, SessionStorage};
