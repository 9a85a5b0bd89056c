//! The parts of the installation check that run in a vr-aat process of their own (the
//! window, the headset): a process can open only one window loop, and a runtime that
//! crashes during its run cannot take the report with it.

use super::{DoctorArgs, Failure, Part};

/// How a part's process reports its result: one line on its standard output, this
/// prefix, then the result as JSON (`{"Ok": ...}` or `{"Err": "why"}`).
pub(super) const PART_RESULT: &str = "vr-aat-doctor-part-result ";

/// Runs `part` in a new vr-aat process with the same arguments and returns what it
/// reported; `Err` says how it stopped without a result. (Only builds with a window
/// have parts to run.)
#[cfg(feature = "render")]
pub(super) fn in_child<T: serde::de::DeserializeOwned>(args: &DoctorArgs, part: &str) -> Result<T, String> {
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
pub(super) fn run_part(
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
    let patient_file =
        vr_aat_core::data::builtin::patient_arg(crate::cli::DEFAULT_PATIENT).map_err(Failure::runtime)?;
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
