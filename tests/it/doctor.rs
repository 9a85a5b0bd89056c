//! `vr-aat doctor`, the installation check, as a clinic runs it on a machine without a
//! headset runtime (CI): every check is reported with what to do, the dated report is
//! written, the exit status says "not ready", the data folder is left as it was, and bad
//! arguments are refused before anything runs. (With a runtime: docs/headsets.md says
//! what was run on Monado.)

use std::path::Path;
use std::process::Command;

fn doctor(dir: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .arg("doctor")
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--out")
        .arg(dir.join("checks"))
        .args(extra)
        .env_remove("XR_RUNTIME_JSON")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XR_LOADER_DEBUG", "none")
        .output()
        .expect("run vr-aat")
}

fn report(dir: &Path) -> String {
    let files: Vec<_> = std::fs::read_dir(dir.join("checks"))
        .expect("the report folder")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one report: {files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("vr-aat-check-20") && name.ends_with("Z.txt"),
        "dated: {name}"
    );
    std::fs::read_to_string(&files[0]).unwrap()
}

/// The report's line for the check `name` ("PASS name ...").
fn check_line(text: &str, name: &str) -> String {
    text.lines()
        .find(|l| l.get(5..).is_some_and(|rest| rest.starts_with(name)))
        .unwrap_or_else(|| panic!("no line for {name}:\n{text}"))
        .to_owned()
}

#[test]
fn without_a_runtime_the_check_says_not_ready_names_each_failure_and_keeps_a_dated_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let out = doctor(dir.path(), &["--participants", "20"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "not ready is a runtime failure: {stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("OpenXR runtime") && stderr.contains("run `vr-aat doctor` again"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let text = report(dir.path());
    assert!(stdout.contains(&text), "the report is what was printed");
    let line = |name: &str| check_line(&text, name);
    assert!(line("versions").starts_with("PASS") && line("versions").contains(env!("CARGO_PKG_VERSION")));
    // The loader: Debian's runtime package (CI installs it) is found under its
    // versioned name, with no development package.
    let versioned_only = Path::new("/usr/lib/x86_64-linux-gnu/libopenxr_loader.so.1").exists()
        && !Path::new("/usr/lib/x86_64-linux-gnu/libopenxr_loader.so").exists();
    if versioned_only {
        assert!(line("OpenXR loader").starts_with("PASS"), "{text}");
        assert!(line("OpenXR loader").contains("versioned name"), "{text}");
    } else {
        eprintln!(
            "(the loader's versioned-name case is not on this machine: {})",
            line("OpenXR loader")
        );
    }
    assert!(line("OpenXR runtime").starts_with("FAIL"), "{text}");
    assert!(line("headset").starts_with("FAIL"));
    assert!(line("desktop window").starts_with("FAIL"));
    assert!(line("headset run").starts_with("FAIL"));
    assert!(line("data folder").starts_with("PASS") && line("data folder").contains("synced"));
    let space = line("free space");
    assert!(space.contains("20 participant(s) x 6 sessions"), "{space}");
    assert!(text.contains("what to do: start the headset's runtime"), "{text}");
    assert!(text.contains("RESULT: NOT READY for patients"), "{text}");
    assert_eq!(
        std::fs::read_dir(dir.path().join("data")).unwrap().count(),
        0,
        "the data folder is left as it was"
    );
}

#[test]
fn a_desktop_only_installation_skips_the_headset_and_a_missing_data_folder_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = doctor(dir.path(), &["--flat"]);
    assert_eq!(out.status.code(), Some(1));
    let text = report(dir.path());
    assert!(text.contains("SKIP OpenXR"), "{text}");
    assert!(!text.contains("headset run"), "{text}");
    let data = check_line(&text, "data folder");
    assert!(data.starts_with("FAIL") && data.contains("data"), "{data}");
    assert!(text.contains("mkdir -p"), "says what to do: {text}");
    assert!(!dir.path().join("data").exists(), "the check creates no data folder");
}

#[test]
fn bad_arguments_are_refused_before_anything_runs_or_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--protocol", "no-such-protocol"],
        vec!["--seconds", "0"],
        vec!["--participants", "0"],
        vec!["--window", "10x10"],
    ] {
        let out = doctor(dir.path(), &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.path().join("checks").exists(), "{args:?}: nothing written");
    }
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["doctor", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a folder"));
    // The report never goes into the data folder, whose folders are participants'.
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["doctor", "--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--out")
        .arg(dir.path().join("data/checks"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(dir.path().join("data")).unwrap().count(), 0);
}
