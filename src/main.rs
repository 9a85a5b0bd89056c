//! The `vr-aat` command: see `vr-aat --help`.

fn main() -> std::process::ExitCode {
    // Die quietly on a closed pipe (`vr-aat sessions | head`), as command-line tools do,
    // instead of panicking on the next print.
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    vr_aat::cli::main()
}
