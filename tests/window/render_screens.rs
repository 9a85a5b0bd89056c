//! The rendered bar (run with `cargo test --features render --test window`): every key moment renders
//! to a PNG under Xvfb with Mesa's lavapipe (skipped, with a message, where those are not
//! installed), and without a display `play --flat` exits with a clear message.

use std::process::Command;

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `vr-aat screenshot` under Xvfb; `None` (with a message) where it cannot run.
fn screenshot(moment: &str, drink: &str, out: &std::path::Path, extra: &[&str]) -> Option<std::process::Output> {
    if !have("xvfb-run") || !std::path::Path::new("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json").exists() {
        eprintln!("skipped: needs xvfb-run and Mesa's lavapipe (apt-get install xvfb mesa-vulkan-drivers libvulkan1)");
        return None;
    }
    Some(
        Command::new("xvfb-run")
            .args([
                "-a",
                "-s",
                "-screen 0 1280x720x24",
                env!("CARGO_BIN_EXE_vr-aat"),
                "screenshot",
                "--moment",
                moment,
                "--drink",
                drink,
            ])
            .args(extra)
            .arg("--out")
            .arg(out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap(),
    )
}

/// The mean RGB of the square of side `side` px at the lower left corner of a PNG.
fn lower_left_mean(path: &std::path::Path, side: u32) -> [f64; 3] {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(info.bit_depth == png::BitDepth::Eight && channels >= 3, "{info:?}");
    let mut sum = [0.0; 3];
    for y in info.height - side..info.height {
        for x in 0..side {
            let at = (y as usize * info.line_size) + x as usize * channels;
            for c in 0..3 {
                sum[c] += f64::from(buf[at + c]);
            }
        }
    }
    sum.map(|v| v / f64::from(side * side))
}

/// `--photodiode` draws the patch: black while no drink is shown, white while one is
/// (before the patient's movement is detected); without it the corner shows the bar.
#[test]
fn photodiode_patch_is_white_while_a_drink_is_shown_and_black_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let shot = |moment: &str, photodiode: bool| {
        let out = dir.path().join(format!("{moment}-{photodiode}.png"));
        let extra: &[&str] = if photodiode { &["--photodiode"] } else { &[] };
        let run = screenshot(moment, "red-wine", &out, extra)?;
        assert!(
            run.status.success(),
            "{moment}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_real_png(&out, moment);
        Some(lower_left_mean(&out, 40))
    };
    let Some(lit) = shot("stimulus", true) else { return };
    assert!(
        lit.iter().all(|&c| c > 250.0),
        "white while the drink is shown: {lit:?}"
    );
    let dark = shot("instructions", true).unwrap();
    assert!(dark.iter().all(|&c| c < 5.0), "black with no drink shown: {dark:?}");
    let plain = shot("stimulus", false).unwrap();
    assert!(
        plain.iter().any(|&c| c < 250.0) && plain.iter().any(|&c| c > 5.0),
        "no patch without --photodiode: {plain:?}"
    );
}

/// A PNG with a real picture in it, not a blank frame.
fn assert_real_png(path: &std::path::Path, what: &str) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG", "{what} is a PNG");
    assert!(
        bytes.len() > 50_000,
        "{what}: a real picture, not a blank frame ({} bytes)",
        bytes.len()
    );
}

/// Every key moment renders (the stimulus and the instructions are rendered by the
/// photodiode test above, with and without the patch).
#[test]
fn key_moments_render_to_png() {
    if !have("xvfb-run") || !std::path::Path::new("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json").exists() {
        eprintln!("skipped: needs xvfb-run and Mesa's lavapipe (apt-get install xvfb mesa-vulkan-drivers libvulkan1)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (moment, drink) in [
        ("push", "beer-bottle"),
        ("pull", "orange-juice"),
        ("wrong", "cola-can"),
        ("timeout", "lager-pint"),
        ("drinks", "red-wine"),
    ] {
        let out = dir.path().join(format!("{moment}.png"));
        let status = Command::new("xvfb-run")
            .args([
                "-a",
                "-s",
                "-screen 0 1280x720x24",
                env!("CARGO_BIN_EXE_vr-aat"),
                "screenshot",
                "--moment",
                moment,
                "--drink",
                drink,
                "--out",
            ])
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{moment}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        assert_real_png(&out, moment);
    }
}

#[test]
fn flat_play_without_a_display_says_what_to_do() {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["play", "--flat", "--participant", "P001", "--data-dir"])
        .arg(data.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no display") && err.contains("xvfb-run"), "{err}");
    assert!(!err.contains("panicked"));
    assert!(!data.path().join("P001").exists(), "no session started");
}

/// With a display but no GPU adapter (no backend wgpu knows: `WGPU_BACKEND=dx12` on
/// Linux), flat play and a screenshot say what to install, before a window opens or a
/// session begins (Bevy's renderer would panic).
#[test]
fn without_a_gpu_adapter_flat_play_and_screenshot_say_what_to_install() {
    let data = tempfile::tempdir().unwrap();
    let shot = data.path().join("shot.png");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vr-aat"))
            .args(args)
            .env("DISPLAY", ":99")
            .env("WGPU_BACKEND", "dx12")
            .env("RUST_BACKTRACE", "0")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let data_dir = data.path().to_str().unwrap();
    let play = run(&["play", "--flat", "--participant", "P001", "--data-dir", data_dir]);
    let shot_arg = shot.to_str().unwrap();
    let screenshot = run(&[
        "screenshot",
        "--moment",
        "stimulus",
        "--drink",
        "red-wine",
        "--out",
        shot_arg,
    ]);
    for (what, out) in [("play --flat", play), ("screenshot", screenshot)] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains("found no GPU adapter") && err.contains("mesa-vulkan-drivers"),
            "{what}: {err}"
        );
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    assert!(!data.path().join("P001").exists(), "no session started");
    assert!(!shot.exists(), "no screenshot written");
}

#[test]
fn questionnaire_panels_render_with_their_letters() {
    if !have("xvfb-run") || !std::path::Path::new("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json").exists() {
        eprintln!("skipped: needs xvfb-run and Mesa's lavapipe (apt-get install xvfb mesa-vulkan-drivers libvulkan1)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The slider and the labelled points, each in a language with letters beyond ASCII
    // (the texts of every language are checked without a window in
    // crates/vr-aat-core/src/questionnaire/panel.rs; English and Danish render with the
    // same font and layout).
    for (language, moment) in [("pl", "questionnaire"), ("de", "symptoms")] {
        {
            let out = dir.path().join(format!("{moment}-{language}.png"));
            let run = screenshot(moment, "red-wine", &out, &["--language", language]).expect("xvfb-run runs");
            assert!(
                run.status.success(),
                "{moment} {language}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            assert_real_png(&out, &format!("{moment} {language}"));
        }
    }
}
