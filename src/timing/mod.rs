//! Frame timing: the frame budget derived from the display rate, and the statistics of
//! how long the core's systems take each frame.

mod frame_budget;

pub use frame_budget::{FrameBudget, FrameCostStats, FrameOverrun, OverrunPolicy, plugin};
