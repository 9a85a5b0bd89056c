//! The input stream: every live source of movement (the synthetic patient, the desktop
//! mouse, OpenXR controllers) pushes the same thing, timestamped pose samples of the
//! head and both hands (`vr_aat_core::pose`, re-exported here), into one
//! [`PoseStream`] that the trial engine drains every update. (A replay feeds the engine
//! directly from the recording, without an app: `vr_aat_store::replay`.)

use std::collections::VecDeque;

use bevy::prelude::*;

pub use vr_aat_core::pose::{HandSample, Pose, PoseSample};

/// The samples produced since the trial engine last ran, oldest first.
///
/// Sources push with [`PoseStream::push`], in time order; the engine drains the whole
/// buffer every update, so one update may carry one sample (a headset frame) or many (a
/// fast headless run). The buffer keeps its capacity, so steady use does not allocate.
#[derive(Resource, Debug, Default)]
pub struct PoseStream {
    pending: VecDeque<PoseSample>,
    /// The samples the engine took this update, for recorders that run after it.
    taken: Vec<PoseSample>,
    /// Display time of the newest sample ever pushed.
    latest_t: Option<f64>,
    /// Samples pushed since the stream was created.
    pushed_total: u64,
}

/// A source pushed a sample older than one it pushed before.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("pose sample at {t} s arrived after a sample at {latest} s: samples must be in time order")]
pub struct OutOfOrder {
    pub t: f64,
    pub latest: f64,
}

impl PoseStream {
    /// Appends a sample; samples must arrive in strictly increasing display time.
    pub fn push(&mut self, sample: PoseSample) -> Result<(), OutOfOrder> {
        if let Some(latest) = self.latest_t
            && sample.t <= latest
        {
            return Err(OutOfOrder { t: sample.t, latest });
        }
        self.latest_t = Some(sample.t);
        self.pushed_total += 1;
        self.pending.push_back(sample);
        Ok(())
    }

    /// Takes every pending sample, oldest first, and keeps them as this update's batch
    /// (see [`PoseStream::taken`]) until the next call.
    pub fn take_batch(&mut self) -> &[PoseSample] {
        self.taken.clear();
        self.taken.extend(self.pending.drain(..));
        &self.taken
    }

    /// The samples taken by the latest [`PoseStream::take_batch`], oldest first.
    pub fn taken(&self) -> &[PoseSample] {
        &self.taken
    }

    /// Number of samples waiting for the engine.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Samples pushed since the stream was created (frames, for the core-cost stopwatch).
    pub fn pushed_total(&self) -> u64 {
        self.pushed_total
    }

    /// Display time of the newest sample pushed so far.
    pub fn latest_t(&self) -> Option<f64> {
        self.latest_t
    }
}

/// Adds the pose stream. Input sources add their systems to
/// [`crate::schedule::CoreSystems::Input`].
pub fn plugin(app: &mut App) {
    app.init_resource::<PoseStream>();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64) -> PoseSample {
        let hand = HandSample {
            pose: Pose::IDENTITY,
            tracked: true,
            grip: false,
        };
        PoseSample {
            t,
            frame_t: t,
            head: Pose::IDENTITY,
            head_tracked: true,
            left: hand,
            right: hand,
        }
    }

    #[test]
    fn rejects_samples_out_of_time_order() {
        let mut s = PoseStream::default();
        assert!(s.push(sample(0.1)).is_ok());
        assert_eq!(s.push(sample(0.1)), Err(OutOfOrder { t: 0.1, latest: 0.1 }));
        assert!(s.push(sample(0.2)).is_ok());
        assert_eq!(s.take_batch().len(), 2);
        assert!(s.is_empty());
        assert_eq!(s.taken().len(), 2);
        assert!(s.take_batch().is_empty());
    }
}
