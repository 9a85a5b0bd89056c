//! `vr-aat doctor`: the installation check a clinic runs on its own PC and headset before
//! a patient trains on it (installation and operational qualification): each check with
//! what it found and, where it failed, what to do; a dated report file for the clinic's
//! records; exit status 1 if a check a patient session depends on failed.
//!
//! `checks` holds the checks and their verdicts; `parts` runs the window and the headset
//! each in a process of its own.

mod checks;
mod parts;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use vr_aat_core::data::load_protocol;

use super::{DEFAULT_PROTOCOL, Failure};
use checks::{Check, Verdict, data_folder, headset_run, openxr_checks, versions, window_check};
use parts::{PART_RESULT, run_part};

/// Check this installation before a patient trains on it: the OpenXR loader and runtime,
/// the headset and both controllers, the display rate, a run of the bar in the headset
/// (frames shown and missed), the data folder (synced writes, free space for the planned
/// course), the desktop window, and the versions of everything.
///
/// Each check prints PASS, WARN, FAIL or SKIP, what it found and, for a failure, what to
/// do. The report is also written, dated, to --out for the clinic's records. Exit
/// status: 0 when every check a patient session depends on passed; 1 when one failed
/// (the report says which); 2 for bad arguments (nothing run, nothing written).
///
/// The headset run needs the `xr` build and the runtime started with the headset
/// connected; put the headset on (or on a table facing you) and hold both controllers
/// in its view for the run. With --flat the installation is checked for desktop
/// sessions only: the headset checks are skipped.
#[derive(Args, Debug)]
pub struct DoctorArgs {
    /// The data folder sessions will be recorded in (default: $VR_AAT_DATA_DIR, else
    /// ./data). It must exist; the check writes and removes one file there.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The protocol of the planned course: a built-in name or a protocol file (its
    /// sessions and trials size the free space needed).
    #[arg(long, default_value = DEFAULT_PROTOCOL, value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// Participants planned on this installation (the free space needed is for all of
    /// their courses).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub participants: u32,
    /// Seconds of the headset run (display time).
    #[arg(long, default_value_t = 30.0, value_parser = seconds)]
    pub seconds: f64,
    /// Check for desktop (flat) sessions only: skip the OpenXR and headset checks.
    #[arg(long)]
    pub flat: bool,
    /// Size of the desktop window in pixels (the flat view, or the therapist's mirror of
    /// a headset session), as `play --window`.
    #[arg(long, value_parser = super::values::window_size, default_value = "1280x720")]
    pub window: (u32, u32),
    /// Folder for the dated report file (created if needed).
    #[arg(long, default_value = "installation-checks")]
    pub out: PathBuf,
    /// Internal: run one part in this process and print its result (the check runs the
    /// window and the headset each in a process of its own: a process can open only one
    /// window loop, and a runtime that crashes then cannot take the report with it).
    #[arg(long, hide = true, value_enum)]
    pub part: Option<Part>,
}

/// The parts of the check that run in a process of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    Window,
    Headset,
}

fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (1.0..=600.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}`: expected seconds from 1 to 600")),
    }
}

pub fn run(args: DoctorArgs) -> Result<(), Failure> {
    // Every argument checked before anything runs or is written.
    let (course, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    if let Some(part) = args.part {
        let result = run_part(part, &args, &course, &catalogue)?;
        println!("{PART_RESULT}{result}");
        return Ok(());
    }
    let data_dir = super::data_dir(args.data_dir.clone());
    // A folder, outside the data folder (whose folders are participants').
    vr_aat_store::output::check_out_folder(&args.out, &data_dir)?;
    let headset_needed = !args.flat;
    let started = std::time::SystemTime::now();
    let mut checks = vec![versions()];
    let (xr, runtime_ready) = openxr_checks(headset_needed);
    checks.extend(xr);
    checks.push(window_check(&args));
    checks.extend(headset_run(&args, headset_needed && runtime_ready, headset_needed));
    checks.extend(data_folder(&data_dir, &course, args.participants));

    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| c.critical && c.verdict == Verdict::Fail)
        .map(|c| c.name)
        .collect();
    let report = render_report(&args, &data_dir, started, &checks, &failed);
    print!("{report}");
    let written = write_report(&args.out, started, &report);
    match &written {
        Ok(path) => println!("report: {}", path.display()),
        Err(e) => eprintln!("error: the report could not be written: {e}"),
    }
    if !failed.is_empty() {
        return Err(Failure::runtime(format!(
            "{} check(s) a patient session depends on failed: {}. Do what the report says and run `vr-aat doctor` again before a patient trains on this installation",
            failed.len(),
            failed.join(", ")
        )));
    }
    written.map(|_| ()).map_err(Failure::runtime)
}

fn render_report(
    args: &DoctorArgs,
    data_dir: &Path,
    started: std::time::SystemTime,
    checks: &[Check],
    failed: &[&str],
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "vr-aat installation check, {} (UTC)",
        humantime::format_rfc3339_seconds(started)
    );
    let _ = writeln!(
        s,
        "installation: {}; data folder {}; planned: {} participant(s), protocol {}",
        if args.flat {
            "desktop sessions only (--flat)"
        } else {
            "headset sessions"
        },
        data_dir.display(),
        args.participants,
        args.protocol.display()
    );
    for c in checks {
        let _ = writeln!(s, "{} {:<15} {}", c.verdict.label(), c.name, c.found);
        if let Some(todo) = &c.todo {
            let _ = writeln!(s, "     {:<15} what to do: {todo}", "");
        }
    }
    if failed.is_empty() {
        let _ = writeln!(
            s,
            "RESULT: every check a patient session depends on passed{}",
            if checks.iter().any(|c| c.verdict == Verdict::Warn) {
                " (see the warnings above)"
            } else {
                ""
            }
        );
    } else {
        let _ = writeln!(s, "RESULT: NOT READY for patients: {} failed", failed.join(", "));
    }
    s
}

/// Writes the report to `out/vr-aat-check-<date>T<time>Z.txt`, never over an earlier one.
fn write_report(out: &Path, started: std::time::SystemTime, report: &str) -> Result<PathBuf, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let stamp = humantime::format_rfc3339_seconds(started).to_string().replace(':', "-");
    let mut path = out.join(format!("vr-aat-check-{stamp}.txt"));
    let mut n = 1;
    while std::fs::symlink_metadata(&path).is_ok() {
        n += 1;
        path = out.join(format!("vr-aat-check-{stamp}-{n}.txt"));
    }
    vr_aat_store::atomic::write_atomically(&path, report.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_bounded() {
        assert_eq!(seconds("30"), Ok(30.0));
        for bad in ["0", "601", "x", "-5"] {
            assert!(seconds(bad).unwrap_err().contains("1 to 600"), "{bad}");
        }
    }
}
