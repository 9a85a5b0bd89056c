//! Writing a simulated session's trial records as CSV, atomically (temporary file, then
//! rename), so a reader never sees half a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::trial::TrialRecord;

/// The CSV header: one row per trial. See docs/data-dictionary.md.
pub const TRIAL_COLUMNS: [&str; 27] = [
    "participant",
    "session",
    "block",
    "block_name",
    "block_kind",
    "trial",
    "trial_in_block",
    "stimulus_id",
    "category",
    "is_target",
    "cue",
    "required",
    "is_pull",
    "given",
    "outcome",
    "error",
    "corrected",
    "stimulus_onset_s",
    "movement_onset_s",
    "rt_ms",
    "movement_time_ms",
    "full_rt_ms",
    "correction_ms",
    "peak_speed_m_s",
    "distance_m",
    "tracking_lost",
    "budget_overrun",
];

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(String::new, |x| format!("{x:.decimals$}"))
}

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// One record as the CSV fields of [`TRIAL_COLUMNS`].
pub fn trial_row(participant: &str, r: &TrialRecord) -> [String; 27] {
    [
        participant.to_owned(),
        r.session.to_string(),
        r.block.to_string(),
        r.block_name.clone(),
        r.block_kind.label().to_owned(),
        r.trial.to_string(),
        r.trial_in_block.to_string(),
        r.stimulus_id.clone(),
        r.category.label().to_owned(),
        flag(r.category.is_target()).to_owned(),
        r.cue.map_or_else(String::new, |c| format!("{c:?}")),
        r.required.label().to_owned(),
        flag(r.required.is_pull()).to_owned(),
        r.given.map_or_else(String::new, |d| d.label().to_owned()),
        r.outcome.label().to_owned(),
        flag(r.error).to_owned(),
        flag(r.corrected).to_owned(),
        format!("{:.6}", r.stimulus_onset_s),
        opt(r.movement_onset_s, 6),
        opt(r.rt_ms, 3),
        opt(r.movement_time_ms, 3),
        opt(r.full_rt_ms, 3),
        opt(r.correction_ms, 3),
        format!("{:.4}", r.peak_speed_m_s),
        format!("{:.4}", r.distance_m),
        flag(r.tracking_lost).to_owned(),
        flag(r.budget_overrun).to_owned(),
    ]
}

/// Writes `records` to `path` as CSV, replacing any file there only once the new one is
/// complete on disk.
pub fn write_trials_csv(path: &Path, participant: &str, records: &[TrialRecord]) -> std::io::Result<()> {
    let mut buf = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(TRIAL_COLUMNS)?;
        for r in records {
            w.write_record(trial_row(participant, r))?;
        }
        w.flush()?;
    }
    write_atomically(path, &buf)
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp: PathBuf = {
        let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".tmp");
        path.with_file_name(name)
    };
    let mut f = fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, path)
}
