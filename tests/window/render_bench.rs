//! `vr-aat bench --render` draws the bar offscreen (no window) with the plugins `play`
//! uses and reports every frame's parts; its report compares with a baseline; and `vr-aat
//! doctor --flat` opens the desktop window and counts the frames it drew. Runs on Mesa's
//! lavapipe (skipped, with a message, where it is not installed).

use std::path::Path;
use std::process::Command;

use vr_aat_render::frame_bench::RenderBenchReport;

fn have_lavapipe() -> bool {
    let there = Path::new("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json").exists();
    if !there {
        eprintln!("skipped: needs Mesa's lavapipe (apt-get install mesa-vulkan-drivers libvulkan1)");
    }
    there
}

/// A quick run: two 160x120 eyes and a 160x90 mirror, a scripted session at 30 Hz
/// (so that 120 frames reach the drinks and their feedback).
fn bench(dir: &Path, extra: &[&str]) -> std::process::Output {
    bench_frames(dir, "120", extra)
}

/// [`bench`] measuring `frames` frames.
fn bench_frames(dir: &Path, frames: &str, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args([
            "bench",
            "--render",
            "--resolution",
            "160x120",
            "--window",
            "160x90",
            "--hz",
            "30",
            "--frames",
            frames,
            "--warmup",
            "5",
        ])
        .args(extra)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .current_dir(dir)
        .output()
        .expect("run vr-aat")
}

/// The standard deviation of a PNG's grey levels (0 to 255): a uniform image is 0.
fn contrast(path: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let grey: Vec<f64> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0)
        .collect();
    let mean = grey.iter().sum::<f64>() / grey.len() as f64;
    (grey.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / grey.len() as f64).sqrt()
}

#[test]
fn the_bar_is_drawn_offscreen_timed_per_part_and_compared_with_a_baseline() {
    if !have_lavapipe() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = bench(dir.path(), &["--out", "report.ron", "--png", "eye.png"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Printed: the adapter and driver, every part, the deadlines.
    for part in [
        "adapter: ",
        "driver: ",
        "app update (CPU)",
        "extract (CPU)",
        "render (CPU)",
        "GPU",
        "serial frame",
        "frames per second",
        "72 Hz (13.9 ms)",
        "90 Hz (11.1 ms)",
        "120 Hz (8.3 ms)",
    ] {
        assert!(stdout.contains(part), "{part}: {stdout}");
    }
    // Recorded: every measured frame, the adapter, and what was on screen.
    let text = std::fs::read_to_string(dir.path().join("report.ron")).unwrap();
    let report: RenderBenchReport = ron::from_str(&text).expect("the report reads back");
    assert_eq!(report.frames.len(), 120, "one entry per measured frame");
    assert!(!report.adapter.name.is_empty() && !report.adapter.driver.is_empty());
    assert_eq!(
        (report.config.width, report.config.height, report.config.views),
        (160, 120, 2)
    );
    assert!(report.frames.iter().all(|f| f.app_update_us > 0.0 && f.render_us > 0.0));
    assert!(
        report.frames.iter().all(|f| f.frame_us >= f.cpu_us()),
        "the serial frame holds its CPU parts"
    );
    if report.adapter.gpu_timestamps {
        assert!(report.frames.iter().all(|f| f.gpu_us.is_some_and(|g| g > 0.0)));
        // Where the GPU time goes: Bevy's own passes, the main 3D pass among them.
        assert!(
            report
                .passes
                .iter()
                .any(|p| p.pass == "main_opaque_pass_3d" && p.gpu_ms > 0.0),
            "{:?}",
            report.passes
        );
        assert!(stdout.contains("GPU per pass") && stdout.contains("not in a timed pass"));
    }
    assert!(
        report.drawn.panel > 0,
        "the questionnaire and instruction panels were drawn"
    );
    assert!(report.drawn.drink > 0, "a drink was drawn");
    // The deadlines count what the frames say.
    let (pipelined, serial) = report.misses(90.0);
    assert_eq!(serial, report.frames.iter().filter(|f| f.frame_us > 1e6 / 90.0).count());
    assert!(pipelined <= serial);
    // The left eye shows the bar, not a blank target.
    assert!(
        contrast(&dir.path().join("eye.png")) > 5.0,
        "the eye's image has content"
    );

    // Compared with itself as the baseline (a few frames are enough for a median): a
    // ratio is printed.
    let again = bench_frames(dir.path(), "10", &["--baseline", "report.ron"]);
    let again_out = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{again_out}");
    assert!(again_out.contains("ratio"), "{again_out}");
    // A baseline of another resolution is refused: like with like.
    let other = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args([
            "bench",
            "--render",
            "--resolution",
            "320x240",
            "--frames",
            "1",
            "--baseline",
            "report.ron",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("compare like with like"));
    // A damaged baseline is named with its place.
    std::fs::write(dir.path().join("bad.ron"), "(config: oops").unwrap();
    let bad = bench(dir.path(), &["--baseline", "bad.ron"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("bad.ron:1:"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn the_installation_check_opens_the_desktop_window_and_counts_its_frames() {
    if !have_lavapipe() {
        return;
    }
    let have_xvfb = Command::new("sh")
        .args(["-c", "command -v xvfb-run"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_xvfb {
        eprintln!("skipped: needs xvfb-run (apt-get install xvfb)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let out = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1280x720x24",
            env!("CARGO_BIN_EXE_vr-aat"),
            "doctor",
            "--flat",
            "--window",
            "320x180",
        ])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("--out")
        .arg(dir.path().join("checks"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let window = stdout
        .lines()
        .find(|l| l.get(5..).is_some_and(|r| r.starts_with("desktop window")))
        .unwrap_or_else(|| panic!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    // lavapipe is software rendering: drawn, with a warning that says so.
    assert!(window.starts_with("WARN"), "{window}");
    assert!(
        window.contains("frames per second") && window.contains("llvmpipe"),
        "{window}"
    );
    assert!(stdout.contains("what to do: drawn by software rendering"), "{stdout}");
    // Only warnings: a desktop installation that draws is ready (exit 0).
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("RESULT: every check a patient session depends on passed"));
}

/// No adapter at all (here: a backend this platform lacks): an error that says what to
/// install, exit 1, no panic left unexplained.
#[test]
fn without_a_gpu_adapter_the_benchmark_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args([
            "bench",
            "--render",
            "--resolution",
            "64x64",
            "--frames",
            "1",
            "--out",
            "r.ron",
        ])
        .env("WGPU_BACKEND", "dx12")
        .env("RUST_BACKTRACE", "0")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("found no GPU adapter") && stderr.contains("Vulkan driver"),
        "{stderr}"
    );
    assert!(!dir.path().join("r.ron").exists(), "no report written");
    // A WGPU_BACKEND that names no backend is named as the cause.
    let out = Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(["bench", "--render", "--resolution", "64x64", "--frames", "1"])
        .env("WGPU_BACKEND", "garbage")
        .env("RUST_BACKTRACE", "0")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("WGPU_BACKEND=\"garbage\" names no graphics backend"),
        "{stderr}"
    );
}
