//! `vr-aat doctor`: the installation check a clinic runs on its own PC and headset before
//! a patient trains on it (installation and operational qualification): each check with
//! what it found and, where it failed, what to do; a dated report file for the clinic's
//! records; exit status 1 if a check a patient session depends on failed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use vr_aat_core::data::load_protocol;

use super::{DEFAULT_PROTOCOL, Failure};

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

/// How a part's process reports its result: one line on its standard output, this
/// prefix, then the result as JSON (`{"Ok": ...}` or `{"Err": "why"}`).
const PART_RESULT: &str = "vr-aat-doctor-part-result ";

fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (1.0..=600.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}`: expected seconds from 1 to 600")),
    }
}

/// A check's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Pass,
    /// Works, but not as well as it should (a patient session can still run).
    Warn,
    Fail,
    /// Not checked (not needed for this installation, or not possible in this build).
    Skip,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
            Verdict::Skip => "SKIP",
        }
    }
}

/// One line of the report.
struct Check {
    name: &'static str,
    verdict: Verdict,
    /// What was found.
    found: String,
    /// What to do about a failure or warning.
    todo: Option<String>,
    /// A patient session depends on it: a failure makes the exit status 1.
    critical: bool,
}

impl Check {
    fn new(name: &'static str, critical: bool, verdict: Verdict, found: impl Into<String>) -> Self {
        Self {
            name,
            verdict,
            found: found.into(),
            todo: None,
            critical,
        }
    }

    fn todo(mut self, what: impl Into<String>) -> Self {
        self.todo = Some(what.into());
        self
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

fn versions() -> Check {
    let mut features = Vec::new();
    if cfg!(feature = "render") {
        features.push("render");
    }
    if cfg!(feature = "xr") {
        features.push("xr");
    }
    let features = if features.is_empty() {
        "none (headless: no window, no headset)".to_owned()
    } else {
        features.join(", ")
    };
    Check::new(
        "versions",
        false,
        Verdict::Pass,
        format!(
            "vr-aat {} (features: {features}); Bevy 0.19, bevy_mod_openxr 0.6; data format {}; {}",
            env!("CARGO_PKG_VERSION"),
            vr_aat_store::layout::FORMAT_VERSION,
            operating_system()
        ),
    )
}

/// The operating system in words (Linux: /etc/os-release's PRETTY_NAME).
fn operating_system() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release").ok().and_then(|t| {
        t.lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|v| v.trim_matches('"').to_owned())
    });
    match pretty {
        Some(p) => format!("{p} ({})", std::env::consts::ARCH),
        None => format!("{} ({})", std::env::consts::OS, std::env::consts::ARCH),
    }
}

/// The loader, the runtime and the headset, as the OpenXR loader reports them; and
/// whether a runtime answered.
fn openxr_checks(needed: bool) -> (Vec<Check>, bool) {
    use vr_aat_xr::probe::{XrAvailability, probe, probe_headset};
    if !needed {
        return (
            vec![Check::new(
                "OpenXR",
                false,
                Verdict::Skip,
                "--flat: desktop sessions only",
            )],
            false,
        );
    }
    let found = probe();
    let loader = match &found {
        XrAvailability::NoLoader => Check::new("OpenXR loader", true, Verdict::Fail, "not installed")
            .todo("install it: Debian/Ubuntu: apt-get install libopenxr-loader1 (the development package is not needed); Windows: it is built into vr-aat"),
        XrAvailability::Ready { loader, .. } | XrAvailability::NoRuntime { loader, .. } => {
            Check::new("OpenXR loader", true, Verdict::Pass, loader.describe())
        }
    };
    let runtime = match &found {
        XrAvailability::NoLoader => Check::new("OpenXR runtime", true, Verdict::Fail, "not checked: no loader"),
        XrAvailability::NoRuntime { error, .. } => Check::new("OpenXR runtime", true, Verdict::Fail, format!("none answered ({error})"))
            .todo("start the headset's runtime (SteamVR, Meta Quest Link, WiVRn or Monado) with the headset connected; with Monado, set XR_RUNTIME_JSON to its manifest"),
        XrAvailability::Ready { runtime, version, .. } => {
            Check::new("OpenXR runtime", true, Verdict::Pass, format!("{runtime} {version}"))
        }
    };
    let ready = matches!(found, XrAvailability::Ready { .. });
    let headset = match (&found, ready.then(probe_headset)) {
        (XrAvailability::Ready { .. }, Some(Ok(h))) => {
            let tracking = match (h.orientation_tracking, h.position_tracking) {
                (true, true) => "orientation and position tracking",
                (true, false) => "orientation tracking only",
                _ => "no tracking reported",
            };
            let check = Check::new(
                "headset",
                true,
                if h.orientation_tracking && h.position_tracking {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                },
                format!("{} (vendor id {:#06x}); {tracking}", h.name, h.vendor_id),
            );
            if check.verdict == Verdict::Fail {
                check.todo("vr-aat needs a headset tracked in position (6 degrees of freedom): the push and pull are movements of the arm")
            } else {
                check
            }
        }
        (XrAvailability::Ready { .. }, Some(Err(e))) => Check::new("headset", true, Verdict::Fail, e).todo(
            "connect the headset and switch it on (for Quest: start Link or Air Link first), then run the check again",
        ),
        _ => Check::new("headset", true, Verdict::Fail, "not checked: no runtime"),
    };
    (vec![loader, runtime, headset], ready)
}

/// Runs `part` in a new vr-aat process with the same arguments and returns what it
/// reported; `Err` says how it stopped without a result. (Only builds with a window
/// have parts to run.)
#[cfg(feature = "render")]
fn in_child<T: serde::de::DeserializeOwned>(args: &DoctorArgs, part: &str) -> Result<T, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find vr-aat to start the {part} check: {e}"))?;
    let output = std::process::Command::new(exe)
        .args(["doctor", "--part", part, "--window"])
        .arg(format!("{}x{}", args.window.0, args.window.1))
        .arg("--seconds")
        .arg(args.seconds.to_string())
        .arg("--protocol")
        .arg(&args.protocol)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start the {part} check: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if let Some(line) = stdout.lines().find_map(|l| l.strip_prefix(PART_RESULT)) {
        let result: Result<T, String> =
            serde_json::from_str(line).map_err(|e| format!("the {part} check's result is unreadable: {e}"))?;
        return result;
    }
    let said = stdout.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").to_owned();
    Err(format!(
        "the {part} check stopped ({}) before it reported{}; its messages are above",
        output.status,
        if said.is_empty() {
            String::new()
        } else {
            format!(": {said}")
        }
    ))
}

/// One part, in this process: its result (or why it could not run) as one line of JSON.
fn run_part(
    part: Part,
    args: &DoctorArgs,
    course: &vr_aat_core::data::Protocol,
    catalogue: &vr_aat_core::data::Catalogue,
) -> Result<String, Failure> {
    match part {
        Part::Window => window_part(args, course, catalogue),
        Part::Headset => headset_part(args, course, catalogue),
    }
}

#[cfg(feature = "render")]
fn window_part(
    args: &DoctorArgs,
    course: &vr_aat_core::data::Protocol,
    catalogue: &vr_aat_core::data::Catalogue,
) -> Result<String, Failure> {
    let patient_file = vr_aat_core::data::builtin::patient_arg(super::DEFAULT_PATIENT).map_err(Failure::runtime)?;
    let patient = vr_aat_core::data::load_patient(&patient_file).map_err(Failure::runtime)?;
    let run = vr_aat_render::window_check::run_window_check(args.window, 3.0, course, catalogue, &patient)
        .map_err(|e| e.to_string());
    serde_json::to_string(&run).map_err(Failure::runtime)
}

#[cfg(not(feature = "render"))]
fn window_part(
    _args: &DoctorArgs,
    _course: &vr_aat_core::data::Protocol,
    _catalogue: &vr_aat_core::data::Catalogue,
) -> Result<String, Failure> {
    Err(Failure::bad_input("this vr-aat was built without rendering"))
}

/// The desktop window: the flat view, and the therapist's mirror of a headset session.
#[cfg(feature = "render")]
fn window_check(args: &DoctorArgs) -> Check {
    let w: vr_aat_render::window_check::WindowRun = match in_child(args, "window") {
        Ok(w) => w,
        Err(e) => {
            return Check::new("desktop window", true, Verdict::Fail, e).todo(
                "run the check in the clinic's desktop session (with a display), with the GPU's Vulkan driver installed",
            );
        }
    };
    let found = format!(
        "{}x{} window: {:.1} frames per second over {:.1} s, drawn by {}",
        args.window.0,
        args.window.1,
        w.fps(),
        w.seconds,
        w.adapter
    );
    if w.frames == 0 {
        Check::new("desktop window", true, Verdict::Fail, found)
            .todo("the window opened but drew nothing: update the GPU driver (Vulkan)")
    } else if w.software {
        Check::new("desktop window", true, Verdict::Warn, found).todo(
            "drawn by software rendering, not a GPU: install the GPU's Vulkan driver (a headset cannot be served this way)",
        )
    } else if args.flat && w.fps() < 30.0 {
        Check::new("desktop window", true, Verdict::Warn, found)
            .todo("fewer than 30 frames per second: use a smaller --window, or a faster GPU")
    } else {
        Check::new("desktop window", true, Verdict::Pass, found)
    }
}

#[cfg(not(feature = "render"))]
fn window_check(_args: &DoctorArgs) -> Check {
    Check::new("desktop window", true, Verdict::Fail, "this vr-aat was built without rendering")
        .todo("install the build with rendering: cargo build --release --features xr (or --features render for desktop sessions only)")
}

/// The bar in the headset for `--seconds`: frames shown and missed at the runtime's
/// rate, and how often the head and both controllers were tracked.
#[cfg(feature = "xr")]
fn headset_run(args: &DoctorArgs, runtime_ready: bool, needed: bool) -> Vec<Check> {
    if !needed {
        return vec![];
    }
    if !runtime_ready {
        return vec![Check::new(
            "headset run",
            true,
            Verdict::Fail,
            "not run: no OpenXR runtime",
        )];
    }
    println!(
        "running the bar in the headset for {:.0} s: put the headset on (or face it towards you) and hold both controllers in front of it ...",
        args.seconds
    );
    match in_child::<vr_aat_xr::headset_run::HeadsetRun>(args, "headset") {
        Ok(run) => headset_verdicts(&run, args.seconds),
        Err(e) => vec![Check::new("headset run", true, Verdict::Fail, e).todo(
            "check that the runtime offers Vulkan (XR_KHR_vulkan_enable2) and that the headset is connected and awake",
        )],
    }
}

#[cfg(feature = "xr")]
fn headset_part(
    args: &DoctorArgs,
    course: &vr_aat_core::data::Protocol,
    catalogue: &vr_aat_core::data::Catalogue,
) -> Result<String, Failure> {
    let run =
        vr_aat_xr::check::run_headset_check(args.seconds, args.window, course, catalogue).map_err(|e| e.to_string());
    serde_json::to_string(&run).map_err(Failure::runtime)
}

#[cfg(not(feature = "xr"))]
fn headset_part(
    _args: &DoctorArgs,
    _course: &vr_aat_core::data::Protocol,
    _catalogue: &vr_aat_core::data::Catalogue,
) -> Result<String, Failure> {
    Err(Failure::bad_input("this vr-aat was built without the `xr` feature"))
}

/// The share of frames a patient session can miss before the installation is judged
/// not to keep time: one in a hundred.
const MISSED_LIMIT: f64 = 0.01;
/// The share of frames in which the head and each controller must be tracked.
const TRACKED_LIMIT: f64 = 0.95;

#[cfg_attr(not(feature = "xr"), allow(dead_code))]
fn headset_verdicts(r: &vr_aat_xr::headset_run::HeadsetRun, wanted_s: f64) -> Vec<Check> {
    let mut out = Vec::new();
    out.push(match r.display_hz {
        Some(hz) => Check::new(
            "display rate",
            true,
            Verdict::Pass,
            format!("{hz:.1} Hz, as the runtime ({}) predicts frames, on {}", r.runtime, r.system),
        ),
        None => Check::new("display rate", true, Verdict::Fail, "the runtime gave no frame")
            .todo("wake the headset (put it on) and check that the runtime shows its home environment, then run the check again"),
    });
    let found = format!(
        "{} frames shown over {:.1} s of display time, {} missed ({:.2}% of those due){}",
        r.frames,
        r.seconds,
        r.missed,
        100.0 * r.missed_share(),
        if r.focused {
            ""
        } else {
            "; the app never had the headset's focus"
        }
    );
    out.push(if r.frames == 0 || r.seconds < 0.9 * wanted_s {
        Check::new("headset run", true, Verdict::Fail, found)
            .todo("the runtime stopped or never showed the app: keep the headset on and awake during the check")
    } else if r.missed_share() > MISSED_LIMIT {
        Check::new("headset run", true, Verdict::Fail, found).todo(
            "more than 1 in 100 frames missed: close other programs, connect the headset by cable, check that vr-aat runs on the dedicated GPU, or lower the headset's refresh rate; `vr-aat bench --render` shows what a frame costs",
        )
    } else {
        Check::new("headset run", true, Verdict::Pass, found)
    });
    let share = |n: u64| if r.frames == 0 { 0.0 } else { n as f64 / r.frames as f64 };
    let (head, left, right) = (
        share(r.head_tracked),
        share(r.hands_tracked[0]),
        share(r.hands_tracked[1]),
    );
    let found = format!(
        "tracked in {:.0}% of frames: head {:.0}%, left controller {:.0}%, right controller {:.0}%",
        100.0 * head.min(left).min(right),
        100.0 * head,
        100.0 * left,
        100.0 * right
    );
    out.push(if head.min(left).min(right) >= TRACKED_LIMIT {
        Check::new("tracking", true, Verdict::Pass, found)
    } else {
        Check::new("tracking", true, Verdict::Fail, found).todo(
            "switch both controllers on, pair them with the headset, and hold them in its view during the check (for inside-out tracking: a lit room)",
        )
    });
    out
}

#[cfg(not(feature = "xr"))]
fn headset_run(_args: &DoctorArgs, _runtime_ready: bool, needed: bool) -> Vec<Check> {
    if !needed {
        return vec![];
    }
    vec![
        Check::new("headset run", true, Verdict::Fail, "this vr-aat was built without the `xr` feature")
            .todo("install the headset build: cargo build --release --features xr; or check a desktop-only installation with --flat"),
    ]
}

/// The data folder: synced writes, and free space for the planned course (every
/// participant's whole course, with the pose stream at 90 Hz).
fn data_folder(dir: &Path, course: &vr_aat_core::data::Protocol, participants: u32) -> Vec<Check> {
    use super::simulate::{estimated_bytes, human_bytes};
    match vr_aat_store::folder_check::check_data_folder(dir) {
        Ok(f) => {
            let write = Check::new(
                "data folder",
                true,
                if f.synced_write_ms > 100.0 {
                    Verdict::Warn
                } else {
                    Verdict::Pass
                },
                format!(
                    "{}: a file written and synced to disk in {:.1} ms",
                    dir.display(),
                    f.synced_write_ms
                ),
            );
            let write = if write.verdict == Verdict::Warn {
                write.todo("syncing to disk is slow (over 100 ms): use a local disk, not a network or USB drive, for the data folder")
            } else {
                write
            };
            let needed = estimated_bytes(course, 90.0, true) * f64::from(course.sessions) * f64::from(participants);
            let space = match f.free_bytes {
                Some(free) if free as f64 >= 2.0 * needed => Check::new(
                    "free space",
                    true,
                    Verdict::Pass,
                    format!(
                        "{} free; the planned course ({participants} participant(s) x {} sessions of `{}`) needs about {}",
                        human_bytes(free as f64),
                        course.sessions,
                        course.id,
                        human_bytes(needed)
                    ),
                ),
                Some(free) => Check::new(
                    "free space",
                    true,
                    if free as f64 >= needed {
                        Verdict::Warn
                    } else {
                        Verdict::Fail
                    },
                    format!(
                        "{} free; the planned course ({participants} participant(s) x {} sessions of `{}`) needs about {}",
                        human_bytes(free as f64),
                        course.sessions,
                        course.id,
                        human_bytes(needed)
                    ),
                )
                .todo("free disk space (at least twice the course's need), or move the data folder to a larger disk"),
                None => Check::new("free space", false, Verdict::Skip, "this platform does not say"),
            };
            vec![write, space]
        }
        Err(e) => vec![
            Check::new("data folder", true, Verdict::Fail, e).todo(format!(
                "create the folder and give the therapist's account write access (mkdir -p {}), or name another with --data-dir",
                dir.display()
            )),
        ],
    }
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
    use vr_aat_xr::headset_run::HeadsetRun;

    fn run(frames: u64, missed: u64, tracked: [u64; 3]) -> HeadsetRun {
        HeadsetRun {
            runtime: "Monado".into(),
            system: "Remote HMD".into(),
            display_hz: Some(90.0),
            seconds: 30.0,
            frames,
            missed,
            focused: true,
            head_tracked: tracked[0],
            hands_tracked: [tracked[1], tracked[2]],
        }
    }

    fn verdict(checks: &[Check], name: &str) -> Verdict {
        checks.iter().find(|c| c.name == name).map(|c| c.verdict).unwrap()
    }

    #[test]
    fn a_headset_run_passes_only_with_few_missed_frames_and_everything_tracked() {
        let good = headset_verdicts(&run(2700, 20, [2700, 2700, 2600]), 30.0);
        assert_eq!(verdict(&good, "display rate"), Verdict::Pass);
        assert_eq!(verdict(&good, "headset run"), Verdict::Pass);
        assert_eq!(verdict(&good, "tracking"), Verdict::Pass);
        // More than 1 in 100 frames missed.
        let late = headset_verdicts(&run(2650, 50, [2650; 3]), 30.0);
        assert_eq!(verdict(&late, "headset run"), Verdict::Fail);
        // The right controller switched off.
        let off = headset_verdicts(&run(2700, 0, [2700, 2700, 0]), 30.0);
        assert_eq!(verdict(&off, "tracking"), Verdict::Fail);
        assert!(off.iter().all(|c| c.critical));
        // The runtime stopped early: too little display time.
        let short = HeadsetRun {
            seconds: 5.0,
            ..run(450, 0, [450; 3])
        };
        assert_eq!(verdict(&headset_verdicts(&short, 30.0), "headset run"), Verdict::Fail);
        // No frame at all.
        let none = HeadsetRun {
            display_hz: None,
            ..run(0, 0, [0; 3])
        };
        let none = headset_verdicts(&none, 30.0);
        assert_eq!(verdict(&none, "display rate"), Verdict::Fail);
        assert!(
            none.iter()
                .filter(|c| c.verdict == Verdict::Fail)
                .all(|c| c.todo.is_some())
        );
    }

    #[test]
    fn seconds_are_bounded() {
        assert_eq!(seconds("30"), Ok(30.0));
        for bad in ["0", "601", "x", "-5"] {
            assert!(seconds(bad).unwrap_err().contains("1 to 600"), "{bad}");
        }
    }
}
