//! Without a headset runtime, `vr-aat play` (headset mode) explains what is missing and
//! what to do, with a non-zero exit and no panic. Holds on machines with or without the
//! OpenXR loader installed (CI installs Debian's loader; no runtime runs there).

use std::process::Command;

use vr_aat_xr::{XrAvailability, probe};

#[test]
fn play_without_a_runtime_fails_cleanly() {
    // Keep the loader's own diagnostics out of the test output (the subprocess's stderr
    // is captured and checked below).
    // SAFETY: this test binary has a single test; no other thread reads the environment.
    unsafe { std::env::set_var("XR_LOADER_DEBUG", "none") };
    let found = probe();
    if let XrAvailability::Ready { runtime, .. } = &found {
        eprintln!("skipped: an OpenXR runtime ({runtime}) is active on this machine");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["play", "--participant", "P001", "--data-dir"])
        .arg(data.path())
        .env_remove("XR_RUNTIME_JSON")
        .output()
        .expect("run vr-aat");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing runtime is a runtime failure, not a crash"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot start a headset session"), "{err}");
    assert!(err.contains("--flat"), "points to the desktop mode: {err}");
    match found {
        XrAvailability::NoLoader => assert!(err.contains("loader is not installed"), "{err}"),
        _ => assert!(err.contains("no OpenXR runtime is available"), "{err}"),
    }
    assert!(!err.contains("panicked"));
    assert!(
        std::fs::read_dir(data.path()).unwrap().next().is_none(),
        "nothing written to the data folder"
    );
}
