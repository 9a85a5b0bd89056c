//! Helpers of the integration tests: the session helpers the runtime's tests use too
//! (shared, not copied), and running the `vr-aat` binary.
#![allow(dead_code)]

#[path = "../../crates/vr-aat-runtime/tests/runtime/common.rs"]
mod sessions;

pub use sessions::*;

/// Runs the `vr-aat` binary with `args` and `--data-dir data` (timestamps fixed by
/// `SOURCE_DATE_EPOCH`).
pub fn vr_aat(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vr-aat"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run vr-aat")
}

/// Every entry under `dir` (folders too), with the bytes of the files: equal snapshots
/// mean a byte-identical folder.
pub fn snapshot(dir: &std::path::Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).expect("under dir").display().to_string();
            if p.is_dir() {
                out.push((rel, None));
                stack.push(p);
            } else {
                out.push((rel, Some(std::fs::read(&p).expect("read"))));
            }
        }
    }
    out.sort();
    out
}

/// Rewrites a text file through `f` (to damage it on purpose).
pub fn edit(path: &std::path::Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, f(text)).expect("write");
}

/// Simulates `participants` participants of the shipped study-arm cohort (`arm-p01`,
/// ...) on a shipped protocol into `data`, with `extra` arguments; panics if it fails.
pub fn simulate_cohort(data: &std::path::Path, participants: u32, protocol: &str, extra: &[&str]) {
    let (cohort, protocol) = (
        asset("cohorts/study-arm.ron").display().to_string(),
        asset(&format!("protocols/{protocol}.ron")).display().to_string(),
    );
    let n = participants.to_string();
    let mut args = vec![
        "simulate",
        "--cohort",
        &cohort,
        "--participants",
        &n,
        "--protocol",
        &protocol,
    ];
    args.extend_from_slice(extra);
    let out = vr_aat(data, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Simulates the shipped patient's assessment session into `data` (participant
/// `sim-biased-50ms-s1`, with tracking); panics if it fails.
pub fn simulate_assessment(data: &std::path::Path) {
    let out = vr_aat(data, &["simulate", "--protocol", "assessment"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Rewrites a recorded session's `session.ron` as if it had been played in a desktop
/// window.
pub fn mark_flat(session_ron: &std::path::Path) {
    edit(session_ron, |t| {
        let start = t.find("input_source:").expect("input_source");
        let end = start + t[start..].find("),").expect("end of input_source") + 2;
        format!("{}input_source: Flat,{}", &t[..start], &t[end..])
    });
}

/// Rewrites a recorded session's `session.ron` as played in a headset (by a person): a
/// simulated course made to look like therapy data, for checking what counts.
pub fn mark_headset(session_ron: &std::path::Path) {
    edit(session_ron, |t| {
        let start = t.find("input_source:").expect("input_source");
        let end = start + t[start..].find("),").expect("end of input_source") + 2;
        format!("{}input_source: Xr,{}", &t[..start], &t[end..])
    });
}

/// Rewrites a recorded session's `session.ron` as ended early for `reason`.
pub fn mark_incomplete(session_ron: &std::path::Path, reason: &str) {
    edit(session_ron, |t| {
        t.replace("status: Complete", &format!("status: Incomplete(reason: \"{reason}\")"))
    });
}
