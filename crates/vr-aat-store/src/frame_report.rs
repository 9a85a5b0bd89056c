//! A session's frames read back: `frames.csv` (every displayed frame, from the frame
//! clock) and `core_cost.ron` (the core's own cost), summarised side by side for
//! `vr-aat bench --session`. Like every reader it only reads, and names damage by file,
//! line and column.

use std::path::Path;

use vr_aat_core::records::{CoreCostRecord, SessionStatus, TimingRecord};

use crate::error::StoreError;
use crate::files::core_cost::read_core_cost;
use crate::files::frames::read_frames;
use crate::files::session::read_meta;
use crate::layout::FRAMES_FILE;

/// The display's frames of one session, and the core's cost while it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameReport {
    /// How the session's times were taken (absent in format 1 sessions).
    pub timing: Option<TimingRecord>,
    /// Frames in `frames.csv`.
    pub frames: u64,
    /// Frames shown more than 1.5 display periods after the one before.
    pub late: u64,
    /// Display time from the first frame to the last (s).
    pub span_s: f64,
    /// Interval between consecutive frames (ms): median, 99th percentile, largest.
    pub interval_median_ms: f64,
    pub interval_p99_ms: f64,
    pub interval_max_ms: f64,
    /// The core's own cost per frame (`core_cost.ron`; absent while a session is open).
    pub core_cost: Option<CoreCostRecord>,
}

impl FrameReport {
    /// Frames shown per second of display time.
    pub fn rate_hz(&self) -> Option<f64> {
        (self.frames > 1 && self.span_s > 0.0).then(|| (self.frames - 1) as f64 / self.span_s)
    }
}

/// Reads a session folder's `frames.csv` and `core_cost.ron`. A cut-off last line of a
/// session left open (a kill during its write) is left out.
pub fn read_frame_report(dir: &Path) -> Result<FrameReport, StoreError> {
    let meta = read_meta(dir)?;
    let open = meta.status == SessionStatus::InProgress;
    let path = dir.join(FRAMES_FILE);
    if !crate::recorder::records_frames(&meta) && !path.exists() {
        return Err(StoreError::Io {
            path: path.clone(),
            message: "a simulated session keeps no frame log: its frames are exactly one display period apart by definition (session.ron, `timing`)".to_owned(),
        });
    }
    let mut intervals = Vec::new();
    let (mut frames, mut late, mut first, mut last) = (0u64, 0u64, None, 0.0);
    read_frames(&path, open, |row| {
        frames += 1;
        late += u64::from(row.late);
        first.get_or_insert(row.t_s);
        last = row.t_s;
        if let Some(i) = row.interval_ms {
            intervals.push(i);
        }
    })?;
    intervals.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        if intervals.is_empty() {
            f64::NAN
        } else {
            intervals[((intervals.len() - 1) as f64 * q).round() as usize]
        }
    };
    let core_cost = read_core_cost(dir)?;
    Ok(FrameReport {
        timing: meta.timing,
        frames,
        late,
        span_s: first.map_or(0.0, |f| last - f),
        interval_median_ms: quantile(0.5),
        interval_p99_ms: quantile(0.99),
        interval_max_ms: intervals.last().copied().unwrap_or(f64::NAN),
        core_cost,
    })
}
