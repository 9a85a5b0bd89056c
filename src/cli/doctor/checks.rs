//! The installation check's checks: what each found, its verdict, what to do.

use std::path::Path;

use super::DoctorArgs;
#[cfg(feature = "render")]
use super::parts::in_child;

/// A check's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    Pass,
    /// Works, but not as well as it should (a patient session can still run).
    Warn,
    Fail,
    /// Not checked (not needed for this installation, or not possible in this build).
    Skip,
}

impl Verdict {
    pub(super) fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
            Verdict::Skip => "SKIP",
        }
    }
}

/// One line of the report.
pub(super) struct Check {
    pub(super) name: &'static str,
    pub(super) verdict: Verdict,
    /// What was found.
    pub(super) found: String,
    /// What to do about a failure or warning.
    pub(super) todo: Option<String>,
    /// A patient session depends on it: a failure makes the exit status 1.
    pub(super) critical: bool,
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

pub(super) fn versions() -> Check {
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
    use std::io::Read;
    let mut text = String::new();
    let read = std::fs::File::open("/etc/os-release").and_then(|f| f.take(64 * 1024).read_to_string(&mut text));
    let pretty = read.ok().map(|_| text).and_then(|t| {
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
pub(super) fn openxr_checks(needed: bool) -> (Vec<Check>, bool) {
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

/// The desktop window: the flat view, and the therapist's mirror of a headset session.
#[cfg(feature = "render")]
pub(super) fn window_check(args: &DoctorArgs) -> Check {
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
pub(super) fn window_check(_args: &DoctorArgs) -> Check {
    Check::new("desktop window", true, Verdict::Fail, "this vr-aat was built without rendering")
        .todo("install the build with rendering: cargo build --release --features xr (or --features render for desktop sessions only)")
}

/// The bar in the headset for `--seconds`: frames shown and missed at the runtime's
/// rate, and how often the head and both controllers were tracked.
#[cfg(feature = "xr")]
pub(super) fn headset_run(args: &DoctorArgs, runtime_ready: bool, needed: bool) -> Vec<Check> {
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
pub(super) fn headset_run(_args: &DoctorArgs, _runtime_ready: bool, needed: bool) -> Vec<Check> {
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
pub(super) fn data_folder(dir: &Path, course: &vr_aat_core::data::Protocol, participants: u32) -> Vec<Check> {
    use crate::cli::simulate::{estimated_bytes, human_bytes};
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
                Some(free) => {
                    let found = format!(
                        "{} free; the planned course ({participants} participant(s) x {} sessions of `{}`) needs about {}",
                        human_bytes(free as f64),
                        course.sessions,
                        course.id,
                        human_bytes(needed)
                    );
                    let free = free as f64;
                    if free >= 2.0 * needed {
                        Check::new("free space", true, Verdict::Pass, found)
                    } else {
                        let verdict = if free >= needed { Verdict::Warn } else { Verdict::Fail };
                        Check::new("free space", true, verdict, found).todo(
                            "free disk space (at least twice the course's need), or move the data folder to a larger disk",
                        )
                    }
                }
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
}
