//! vr-aat as a user sees it, in a real window (feature `render`): flat mode played with
//! key presses under Xvfb, and every screenshot moment rendered with Mesa's lavapipe.
//! Run with `cargo test --features render --test window`; skipped, with a message,
//! where Xvfb, lavapipe or xdotool are not installed.

#[path = "../../crates/vr-aat-runtime/tests/runtime/common.rs"]
mod common;

mod flat_window;
mod render_bench;
mod render_screens;
