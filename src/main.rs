//! The `vr-aat` command: see `vr-aat --help`. The commands live in `cli/`: each parses
//! its arguments, calls vr-aat's crates (`crates/`: core, store, review, runtime, and
//! with features the render and XR layers) and prints. `clap` and `indicatif` are used
//! here and nowhere else.

mod cli;

fn main() -> std::process::ExitCode {
    quiet_on_closed_pipe();
    let code = cli::main();
    vr_aat_runtime::bench::report_peak_memory();
    code
}

/// Die quietly on a closed pipe (`vr-aat sessions | head`), as command-line tools do,
/// instead of panicking on the next print.
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Windows has no SIGPIPE.
#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}
