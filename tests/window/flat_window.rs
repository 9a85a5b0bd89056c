//! Flat mode as a user starts it (run with `cargo test --features render --test window`): `vr-aat play
//! --flat` in a real window on a virtual X display (Xvfb, drawn by Mesa's lavapipe),
//! driven by real key presses (xdotool). It starts, pauses and resumes with P and R
//! (the trial on screen shown again, every planned trial recorded once), refuses a
//! second writer for the same participant while it runs, and ends cleanly on Esc.
//! Skipped, with a message, where Xvfb, lavapipe or xdotool are not installed (`.ci/run`
//! installs them when it can).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use vr_aat_core::records::SessionStatus;
use vr_aat_store::scan::read_session;

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A virtual X display, stopped when dropped.
struct Display {
    name: String,
    server: Child,
}

impl Display {
    fn start() -> Option<Self> {
        for n in 90..120 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                continue;
            }
            let name = format!(":{n}");
            let server = Command::new("Xvfb")
                .args([&name, "-screen", "0", "1280x720x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok()?;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                    return Some(Self { name, server });
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        None
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// A short protocol: 4 practice trials with short timings (the patient never moves, so
/// every trial times out after 1 s).
fn tiny_protocol(dir: &Path) -> PathBuf {
    let path = dir.join("tiny.ron");
    let catalogue = crate::common::asset("stimuli/drinks.ron");
    std::fs::write(
        &path,
        format!(
            r#"Protocol(
    id: "tiny",
    title: "Tiny",
    catalogue: "{}",
    sessions: 3,
    timing: Timing(iti_s: 0.3, response_timeout_s: 1.0, feedback_s: 0.3, block_break_s: 1.0),
    blocks: [Block(name: "practice", kind: Practice, trials: 4, alcohol_push_share: 1.0)],
)"#,
            catalogue.display()
        ),
    )
    .unwrap();
    path
}

fn play(display: &Display, data: &Path, protocol: &Path, participant: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vr-aat"));
    c.args([
        "play",
        "--flat",
        "--participant",
        participant,
        "--window",
        "480x270",
        "--protocol",
    ])
    .arg(protocol)
    .arg("--data-dir")
    .arg(data)
    .env("DISPLAY", &display.name)
    .env_remove("WAYLAND_DISPLAY");
    c
}

/// Presses `key` in the flat window (waits for the window to appear).
fn press(display: &Display, key: &str) {
    let find = Command::new("xdotool")
        .args(["search", "--sync", "--name", "vr-aat: flat mode"])
        .env("DISPLAY", &display.name)
        .output()
        .expect("xdotool search");
    let window = String::from_utf8_lossy(&find.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(!window.is_empty(), "the flat window appeared");
    for args in [vec!["windowfocus", &window], vec!["key", key]] {
        let _ = Command::new("xdotool")
            .args(&args)
            .env("DISPLAY", &display.name)
            .output();
    }
}

fn finish(child: Child) -> Output {
    child.wait_with_output().expect("wait for vr-aat")
}

fn events(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("events.csv")).unwrap()
}

#[test]
fn flat_mode_runs_pauses_refuses_a_second_writer_and_ends_on_esc() {
    let lavapipe = Path::new("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json").exists();
    if !(have("Xvfb") && have("xdotool") && lavapipe) {
        eprintln!(
            "skipped: needs Xvfb, xdotool and Mesa's lavapipe (apt-get install xvfb xdotool mesa-vulkan-drivers libvulkan1)"
        );
        return;
    }
    let display = Display::start().expect("Xvfb starts");
    let tmp = tempfile::tempdir().unwrap();
    let (data, protocol) = (tmp.path().join("data"), tiny_protocol(tmp.path()));

    // A session paused and resumed by the therapist's keys, mid-session.
    let first = play(&display, &data, &protocol, "W1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start play --flat");
    std::thread::sleep(Duration::from_secs(4));
    press(&display, "p");
    // While it runs, a second writer for W1 is refused and changes nothing.
    let second = play(&display, &data, &protocol, "W1").output().expect("second play");
    assert_eq!(
        second.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(String::from_utf8_lossy(&second.stderr).contains("another vr-aat process"));
    std::thread::sleep(Duration::from_secs(2));
    press(&display, "r");
    let out = finish(first);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let s = read_session(&data.join("W1/S01")).expect("recorded");
    assert_eq!(s.meta.status, SessionStatus::Complete);
    let trials: Vec<u32> = s.records.iter().map(|r| r.trial).collect();
    assert_eq!(trials, vec![1, 2, 3, 4], "every planned trial, once, in order");
    let ev = events(&s.dir);
    for e in [
        ",paused,",
        ",pause_cause,therapist",
        ",resumed,",
        ",pause_cause_cleared,therapist",
    ] {
        assert!(ev.contains(e), "{e} in events.csv:\n{ev}");
    }

    // Esc ends the next session cleanly, with the reason in its status.
    let second = play(&display, &data, &protocol, "W1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start play --flat");
    std::thread::sleep(Duration::from_secs(5));
    press(&display, "Escape");
    let out = finish(second);
    let dir = data.join("W1/S02");
    if dir.exists() {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let s = read_session(&dir).expect("recorded");
        let reason = s.meta.status.reason().unwrap_or_default().to_owned();
        assert!(reason.starts_with("ended by the operator after"), "{reason}");
    } else {
        // Esc came before the first trial ended: nothing recorded, the number kept.
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was recorded"));
    }
}
