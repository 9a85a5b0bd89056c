//! `frames.csv`: every displayed frame (its display time, the time its poses are for, the
//! interval since the frame before, whether it came late), appended as the session runs.
//! Its one writer ([`write_frame_line`]) and its one reader ([`read_frames`]).

use std::io::{BufRead, BufReader};
use std::path::Path;

use vr_aat_core::pose::PoseSample;

use crate::error::StoreError;

/// The header of `frames.csv`.
pub const FRAMES_HEADER: &str = "t_s,pose_t_s,interval_ms,late\n";

/// Appends one frame as a `frames.csv` line: its display time (s), the time its poses
/// are for (s), the interval since the frame before (ms, empty for the first) and
/// whether it came late.
pub fn write_frame_line(out: &mut String, s: &PoseSample, interval_s: Option<f64>, late: bool) {
    use std::fmt::Write as _;
    let interval = interval_s.map_or_else(String::new, |i| (i * 1e3).to_string());
    let _ = writeln!(out, "{},{},{interval},{}", s.frame_t, s.t, u8::from(late));
}

/// Reads `frames.csv` at `path` row by row (the header, then every row checked), calling
/// `each` with every frame in order. A damaged row is an error naming the file, line and
/// column. A cut-off last row (no line end) is an error in a closed session; in a session
/// left open (`allow_cut_off`) it is the row being written when the process stopped, and
/// it ends the file.
pub fn read_frames(path: &Path, allow_cut_off: bool, mut each: impl FnMut(FrameRow)) -> Result<(), StoreError> {
    let file = crate::safe_open::open_for_reading(path).map_err(StoreError::io(path))?;
    let mut lines = BufReader::new(file);
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let read = lines.read_line(&mut line).map_err(StoreError::io(path))?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        if !line.ends_with('\n') {
            if allow_cut_off {
                return Ok(());
            }
            return Err(StoreError::damaged(
                path,
                Some(number),
                Some(1),
                "the line is cut off (no line end) in a closed session",
            ));
        }
        if number == 1 {
            if line != FRAMES_HEADER {
                return Err(StoreError::damaged(
                    path,
                    Some(1),
                    Some(1),
                    format!("expected the header `{}`", FRAMES_HEADER.trim_end()),
                ));
            }
            continue;
        }
        let row = parse_row(line.trim_end_matches(['\n', '\r']))
            .map_err(|(col, what)| StoreError::damaged(path, Some(number), Some(col), what))?;
        each(row);
    }
}

/// One row of `frames.csv`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameRow {
    /// The frame's display time (s).
    pub t_s: f64,
    /// The time its poses are for (s).
    pub pose_t_s: f64,
    /// Since the frame before (ms); `None` for the first frame.
    pub interval_ms: Option<f64>,
    /// Shown more than 1.5 display periods after the frame before.
    pub late: bool,
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
    let pose_t_s = number(fields[1], "pose_t_s")?;
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
    Ok(FrameRow {
        t_s,
        pose_t_s,
        interval_ms,
        late,
    })
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
