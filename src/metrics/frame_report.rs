//! A session's frames read back: `frames.csv` (every displayed frame, from the frame
//! clock) and `core_cost.ron` (the core's own cost), summarised side by side for
//! `vr-aat bench --session`. Like every reader it only reads, and names damage by file,
//! line and column.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::files::{CORE_COST_FILE, CoreCostRecord, FRAMES_FILE, FRAMES_HEADER, SessionStatus, TimingRecord};
use super::store::{StoreError, read_meta};

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
    let file = File::open(&path).map_err(StoreError::io(&path))?;
    let mut lines = BufReader::new(file);
    let mut line = String::new();
    let mut intervals = Vec::new();
    let (mut frames, mut late, mut first, mut last) = (0u64, 0u64, None, 0.0);
    let mut number = 0u64;
    loop {
        line.clear();
        let read = lines.read_line(&mut line).map_err(StoreError::io(&path))?;
        if read == 0 {
            break;
        }
        number += 1;
        if !line.ends_with('\n') {
            if open {
                break;
            }
            return Err(damaged(
                &path,
                number,
                1,
                "the line is cut off (no line end) in a closed session",
            ));
        }
        if number == 1 {
            if line != FRAMES_HEADER {
                return Err(damaged(
                    &path,
                    1,
                    1,
                    format!("expected the header `{}`", FRAMES_HEADER.trim_end()),
                ));
            }
            continue;
        }
        let row =
            parse_row(line.trim_end_matches(['\n', '\r'])).map_err(|(col, what)| damaged(&path, number, col, what))?;
        frames += 1;
        late += u64::from(row.late);
        first.get_or_insert(row.t_s);
        last = row.t_s;
        if let Some(i) = row.interval_ms {
            intervals.push(i);
        }
    }
    intervals.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        if intervals.is_empty() {
            f64::NAN
        } else {
            intervals[((intervals.len() - 1) as f64 * q).round() as usize]
        }
    };
    let cost_path = dir.join(CORE_COST_FILE);
    let core_cost = match std::fs::read_to_string(&cost_path) {
        Ok(text) => Some(ron::from_str::<CoreCostRecord>(&text).map_err(|e| {
            damaged(
                &cost_path,
                e.span.start.line as u64,
                e.span.start.col as u64,
                format!("not a valid core cost file: {}", e.code),
            )
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(StoreError::io(&cost_path)(e)),
    };
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

struct FrameRow {
    t_s: f64,
    interval_ms: Option<f64>,
    late: bool,
}

/// One `frames.csv` row; on a problem, its column (from 1) and what was expected.
fn parse_row(line: &str) -> Result<FrameRow, (u64, String)> {
    let mut fields = Vec::with_capacity(4);
    let mut col = 1u64;
    for f in line.split(',') {
        fields.push((col, f));
        col += f.len() as u64 + 1;
    }
    if fields.len() != 4 {
        return Err((
            1,
            format!(
                "expected 4 fields (t_s,pose_t_s,interval_ms,late), found {}",
                fields.len()
            ),
        ));
    }
    let number = |(col, f): (u64, &str), name: &str| -> Result<f64, (u64, String)> {
        f.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| (col, format!("`{name}`: expected a number, found `{f}`")))
    };
    let t_s = number(fields[0], "t_s")?;
    number(fields[1], "pose_t_s")?;
    let interval_ms = match fields[2].1 {
        "" => None,
        _ => Some(number(fields[2], "interval_ms")?)
            .filter(|i| *i >= 0.0)
            .map(Some)
            .ok_or_else(|| {
                (
                    fields[2].0,
                    format!("`interval_ms`: expected a non-negative number, found `{}`", fields[2].1),
                )
            })?,
    };
    let late = match fields[3].1 {
        "0" => false,
        "1" => true,
        other => return Err((fields[3].0, format!("`late`: expected 0 or 1, found `{other}`"))),
    };
    Ok(FrameRow { t_s, interval_ms, late })
}

fn damaged(path: &Path, line: u64, col: u64, message: impl Into<String>) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        line: Some(line),
        col: Some(col),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_row;

    #[test]
    fn rows_parse_and_bad_fields_are_located() {
        let r = parse_row("1.5,1.511,11.1,0").expect("valid");
        assert_eq!((r.t_s, r.interval_ms, r.late), (1.5, Some(11.1), false));
        let first = parse_row("0,0.011,,0").expect("first frame has no interval");
        assert_eq!(first.interval_ms, None);
        assert_eq!(parse_row("1.5,1.5,11.1,2").err().map(|e| e.0), Some(14));
        assert_eq!(parse_row("1.5,x,11.1,0").err().map(|e| e.0), Some(5));
        assert_eq!(parse_row("1.5,1.5,-3,0").err().map(|e| e.0), Some(9));
        assert_eq!(parse_row("1.5,1.5,0").err().map(|e| e.0), Some(1));
    }
}
