//! Sampling reaction times from an ex-Gaussian distribution.

use rand::RngExt;
use rand_distr::{Distribution, Exp, Normal};

use vr_aat_core::data::ExGaussian;

/// A ready-to-sample ex-Gaussian in seconds.
#[derive(Clone, Copy, Debug)]
pub struct ExGaussSampler {
    normal: Normal<f64>,
    exp: Exp<f64>,
}

/// The parameters cannot describe a distribution (zero or negative spread).
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("ex-Gaussian with mu {mu_ms} ms, sigma {sigma_ms} ms, tau {tau_ms} ms: sigma and tau must be above 0")]
pub struct BadExGaussian {
    pub mu_ms: f64,
    pub sigma_ms: f64,
    pub tau_ms: f64,
}

impl ExGaussSampler {
    /// `shift_ms` moves the whole distribution (used for the injected bias).
    pub fn new(p: ExGaussian, shift_ms: f64) -> Result<Self, BadExGaussian> {
        let bad = || BadExGaussian {
            mu_ms: p.mu_ms,
            sigma_ms: p.sigma_ms,
            tau_ms: p.tau_ms,
        };
        if !(p.sigma_ms > 0.0 && p.tau_ms > 0.0) {
            return Err(bad());
        }
        let normal = Normal::new((p.mu_ms + shift_ms) / 1000.0, p.sigma_ms / 1000.0).map_err(|_| bad())?;
        let exp = Exp::new(1000.0 / p.tau_ms).map_err(|_| bad())?;
        Ok(Self { normal, exp })
    }

    /// One reaction time in seconds.
    pub fn sample<R: RngExt + ?Sized>(&self, rng: &mut R) -> f64 {
        self.normal.sample(rng) + self.exp.sample(rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn mean_is_mu_plus_tau() {
        let s = ExGaussSampler::new(
            ExGaussian {
                mu_ms: 500.0,
                sigma_ms: 50.0,
                tau_ms: 100.0,
            },
            20.0,
        )
        .unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let n = 100_000;
        let mean = (0..n).map(|_| s.sample(&mut rng)).sum::<f64>() / n as f64;
        // SD of the ex-Gaussian is sqrt(50^2 + 100^2) = 112 ms; SE of the mean 0.35 ms.
        assert!((mean - 0.620).abs() < 0.002, "mean {mean}");
    }
}
