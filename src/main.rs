//! The `vr-aat` command: see `vr-aat --help`.

fn main() -> std::process::ExitCode {
    vr_aat::cli::main()
}
