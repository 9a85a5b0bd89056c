//! `tracking.csv`: the head and both hands at every displayed frame (stage frame, metres,
//! display time in seconds), appended as the session runs. Its one writer
//! ([`write_tracking_line`]) and its one reader ([`TrackingReader`]).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use glam::{Quat, Vec3};
use vr_aat_core::pose::{HandSample, Pose, PoseSample};

use crate::error::StoreError;

/// The header of `tracking.csv`.
pub const TRACKING_HEADER: &str = "t_s,head_x,head_y,head_z,head_qx,head_qy,head_qz,head_qw,head_tracked,\
left_x,left_y,left_z,left_qx,left_qy,left_qz,left_qw,left_tracked,left_grip,\
right_x,right_y,right_z,right_qx,right_qy,right_qz,right_qw,right_tracked,right_grip\n";

/// Appends one sample as a `tracking.csv` line.
pub fn write_tracking_line(out: &mut String, s: &PoseSample) {
    use std::fmt::Write as _;
    let b = |v: bool| if v { 1 } else { 0 };
    let pose = |out: &mut String, p: &Pose| {
        let (q, v) = (p.orientation, p.position);
        let _ = write!(out, ",{},{},{},{},{},{},{}", v.x, v.y, v.z, q.x, q.y, q.z, q.w);
    };
    let _ = write!(out, "{}", s.t);
    pose(out, &s.head);
    let _ = write!(out, ",{}", b(s.head_tracked));
    pose(out, &s.left.pose);
    let _ = write!(out, ",{},{}", b(s.left.tracked), b(s.left.grip));
    pose(out, &s.right.pose);
    let _ = writeln!(out, ",{},{}", b(s.right.tracked), b(s.right.grip));
}

/// The sample one checked row holds (every number is written in its shortest exact
/// form, so the sample is the same to the last bit). Its `frame_t` is `t`; a headset
/// session's frame times are in `frames.csv`.
fn parse_checked(line: &str, t: f64) -> PoseSample {
    let f: Vec<&str> = line.split(',').collect();
    // The row was checked: every field parses.
    let num = |i: usize| f.get(i).and_then(|v| v.parse::<f32>().ok()).unwrap_or(0.0);
    let pose = |at: usize| Pose {
        position: Vec3::new(num(at), num(at + 1), num(at + 2)),
        orientation: Quat::from_xyzw(num(at + 3), num(at + 4), num(at + 5), num(at + 6)),
    };
    let flag = |i: usize| f.get(i) == Some(&"1");
    PoseSample {
        t,
        frame_t: t,
        head: pose(1),
        head_tracked: flag(8),
        left: HandSample {
            pose: pose(9),
            tracked: flag(16),
            grip: flag(17),
        },
        right: HandSample {
            pose: pose(18),
            tracked: flag(25),
            grip: flag(26),
        },
    }
}

/// One checked row of a `tracking.csv`.
#[derive(Clone, Copy, Debug)]
pub struct TrackingRow<'a> {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// The row as written, without its line end.
    pub text: &'a str,
    /// Its time (s).
    pub t: f64,
}

impl TrackingRow<'_> {
    /// The pose sample the row holds.
    pub fn sample(&self) -> PoseSample {
        parse_checked(self.text, self.t)
    }
}

/// Reads a `tracking.csv` row by row without holding it in memory: the header, then
/// every row checked ([`check_tracking_line`]: 27 fields, finite numbers, 0/1 flags,
/// rows in time order). A damaged row is an error naming the file, line and column.
///
/// A cut-off last row (no line end) is an error in a closed session; in a session left
/// open (`allow_cut_off`) it is the row being written when the process stopped, and it
/// ends the file.
pub struct TrackingReader {
    path: PathBuf,
    reader: BufReader<File>,
    allow_cut_off: bool,
    line: String,
    number: u64,
    previous: Option<f64>,
}

impl TrackingReader {
    /// Opens `path` and checks its header.
    pub fn open(path: &Path, allow_cut_off: bool) -> Result<Self, StoreError> {
        let file = crate::safe_open::open_for_reading(path).map_err(StoreError::io(path))?;
        let mut reader = Self {
            path: path.to_path_buf(),
            reader: BufReader::new(file),
            allow_cut_off,
            line: String::new(),
            number: 0,
            previous: None,
        };
        let header_ok = reader.read_line()? && reader.line.trim_end_matches('\n') == TRACKING_HEADER.trim_end();
        if !header_ok {
            return Err(StoreError::damaged(
                path,
                Some(1),
                Some(1),
                "unexpected header; expected the columns of tracking.csv (docs/data-dictionary.md)",
            ));
        }
        Ok(reader)
    }

    /// Reads the next whole line into `self.line`; false at the end (or at a cut-off row
    /// where one is allowed).
    fn read_line(&mut self) -> Result<bool, StoreError> {
        self.line.clear();
        if self
            .reader
            .read_line(&mut self.line)
            .map_err(StoreError::io(&self.path))?
            == 0
        {
            return Ok(false);
        }
        self.number += 1;
        if !self.line.ends_with('\n') {
            if self.allow_cut_off {
                return Ok(false);
            }
            return Err(StoreError::damaged(
                &self.path,
                Some(self.number),
                None,
                "the last row is cut off (the file was truncated)",
            ));
        }
        Ok(true)
    }

    /// The next row, checked; `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<TrackingRow<'_>>, StoreError> {
        if !self.read_line()? {
            return Ok(None);
        }
        let text = self.line.trim_end_matches('\n');
        match check_tracking_line(text, self.previous) {
            Ok(t) => {
                self.previous = Some(t);
                Ok(Some(TrackingRow {
                    line: self.number,
                    text: self.line.trim_end_matches('\n'),
                    t,
                }))
            }
            Err((field, message)) => {
                let col = text.split(',').take(field).map(|f| f.len() as u64 + 1).sum::<u64>() + 1;
                Err(StoreError::damaged(
                    &self.path,
                    Some(self.number),
                    Some(col),
                    format!("field {}: {message}", field + 1),
                ))
            }
        }
    }
}

/// Fields in a `tracking.csv` row.
pub const TRACKING_FIELDS: usize = 27;

/// Checks one `tracking.csv` row (without its line end): 27 fields, finite numbers,
/// 0/1 flags, and a display time after `previous_t`. Returns its time, or the
/// 0-based field index and what is wrong.
pub fn check_tracking_line(line: &str, previous_t: Option<f64>) -> Result<f64, (usize, String)> {
    const FLAGS: [usize; 5] = [8, 16, 17, 25, 26];
    let count = line.split(',').count();
    if count != TRACKING_FIELDS {
        return Err((0, format!("{count} fields, expected {TRACKING_FIELDS}")));
    }
    let mut t = 0.0;
    for (i, f) in line.split(',').enumerate() {
        if FLAGS.contains(&i) {
            if f != "0" && f != "1" {
                return Err((i, format!("`{f}` is not 0 or 1")));
            }
            continue;
        }
        match f.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                if i == 0 {
                    t = v;
                }
            }
            _ => return Err((i, format!("`{f}` is not a finite number"))),
        }
    }
    if let Some(p) = previous_t
        && t <= p
    {
        return Err((0, format!("time {t} s does not follow {p} s: rows are in time order")));
    }
    Ok(t)
}
