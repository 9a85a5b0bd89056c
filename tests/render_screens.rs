//! The rendered bar (run with `cargo test --features render`): every key moment renders
//! to a PNG under Xvfb with Mesa's lavapipe (skipped, with a message, where those are not
//! installed), and without a display `play --flat` exits with a clear message.
#![cfg(feature = "render")]

use std::process::Command;

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn key_moments_render_to_png() {
    if !have("xvfb-run") || !std::path::Path::new("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json").exists() {
        eprintln!("skipped: needs xvfb-run and Mesa's lavapipe (apt-get install xvfb mesa-vulkan-drivers libvulkan1)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (moment, drink) in [
        ("instructions", "whisky"),
        ("stimulus", "red-wine"),
        ("push", "beer-bottle"),
        ("pull", "orange-juice"),
        ("wrong", "cola-can"),
        ("timeout", "lager-pint"),
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
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(&bytes[1..4], b"PNG", "{moment} is a PNG");
        assert!(
            bytes.len() > 50_000,
            "{moment}: a real picture, not a blank frame ({} bytes)",
            bytes.len()
        );
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
