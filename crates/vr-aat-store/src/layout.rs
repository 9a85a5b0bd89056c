//! Where a participant's data lives under the data folder, and what a session folder
//! holds (see docs/data-dictionary.md).
//!
//! ```text
//! DATA_DIR/.PARTICIPANT.lock  held by the one process writing for PARTICIPANT
//! DATA_DIR/PARTICIPANT/intake.ron   the participant's own drinks (optional)
//! DATA_DIR/PARTICIPANT/S01/
//!   session.ron        metadata and status (InProgress -> Complete or Incomplete)
//!   trials.csv         one row per trial, appended and synced as each trial ends
//!   tracking.csv       head and both hands at the display rate, appended
//!   frames.csv         every displayed frame: display time, interval, late
//!   events.csv         blocks, pauses, tracking loss, recorder problems
//!   answers.csv        questionnaire answers, appended and synced as each is given
//!   summary.ron        counts when the session was closed
//!   core_cost.ron      the core's cost per frame (machine-dependent)
//! ```
//!
//! A session is written in `.S01.starting/` until its first trial is synced, then
//! renamed to `S01/`: a session that ends or crashes before its first trial leaves no
//! session behind (the next writer for the participant removes the leftover).

use std::path::{Path, PathBuf};

pub const SESSION_FILE: &str = "session.ron";
pub const TRIALS_FILE: &str = "trials.csv";
pub const TRACKING_FILE: &str = "tracking.csv";
pub const EVENTS_FILE: &str = "events.csv";
pub const SUMMARY_FILE: &str = "summary.ron";
pub const CORE_COST_FILE: &str = "core_cost.ron";
pub const FRAMES_FILE: &str = "frames.csv";
pub const ANSWERS_FILE: &str = "answers.csv";

/// Version of the session folder format written into `session.ron`. Version 2 added
/// `frames.csv`, `core_cost.ron` (was `frame_budget.ron`), the `timing` record, and
/// flags `budget_overrun` from the display's frame times. Version 3 added the `scoring`
/// settings to `session.ron`. Version 4 added the patient's `language`, version 5 the
/// `personal_set`. Version 6 added the `response_mode` (the grasp condition), and a
/// session with a simulated clock keeps no `frames.csv` (its frames are one display
/// period apart by definition). Version 7 added the timing record's `lsl_zero_s` (the
/// Lab Streaming Layer clock at the session's time 0). Readers read versions 1 to 7.
pub const FORMAT_VERSION: u32 = 7;

/// The oldest format version readers still read.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// The folder of session `session` of `participant` under `data_dir`.
pub fn session_dir(data_dir: &Path, participant: &str, session: u32) -> PathBuf {
    data_dir.join(participant).join(session_folder_name(session))
}

/// `S01`, `S02`, ... `S100`.
pub fn session_folder_name(session: u32) -> String {
    format!("S{session:02}")
}

/// The session number of a folder named `S01`, `S2`, ... (`None` for other names).
pub fn parse_session_folder(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('S')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// Where a session is written until its first trial is synced: `.S01.starting` beside
/// its final folder.
pub fn staging_dir(final_dir: &Path) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    final_dir.with_file_name(format!(".{name}.starting"))
}

/// The session number of a staging folder's name (`.S01.starting`).
pub fn parse_staging_folder(name: &str) -> Option<u32> {
    parse_session_folder(name.strip_prefix('.')?.strip_suffix(".starting")?)
}
