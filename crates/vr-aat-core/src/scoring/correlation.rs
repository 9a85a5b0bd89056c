//! Correlation tools as AATtools (0.0.3) defines them: the Spearman-Brown correction
//! mirrored for negative correlations, the Olkin-Pratt average of correlations, the
//! p-value of a correlation, and the Flanagan-Rulon and Raju split-half coefficients.

use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::gamma::ln_gamma;

use super::stats::{mean, sd};

/// Spearman-Brown for a test twice as long, applied to |r| and given r's sign
/// (AATtools' `SpearmanBrown(r, fix.negative = "mirror")`), so it stays within -1..1.
pub fn spearman_brown(r: f64) -> f64 {
    r.signum() * 2.0 * r.abs() / (1.0 + r.abs())
}

/// R's `lim(x, -.9999, .9999)`, applied by AATtools before and after correcting each
/// iteration's correlation.
pub fn limit(r: f64) -> f64 {
    r.clamp(-0.9999, 0.9999)
}

/// The Olkin-Pratt (1958) average of correlations `r[i]` from samples of `n[i]`
/// (AATtools' `cormean(r, n)`: type "OP5", unweighted). `None` when a sample is below
/// 5 (AATtools stops there) or a correlation is missing.
pub fn cormean(r: &[f64], n: &[usize]) -> Option<f64> {
    if r.len() != n.len() || r.is_empty() || r.iter().any(|x| x.is_nan()) {
        return None;
    }
    if r.len() == 1 {
        return Some(r[0]);
    }
    if n.iter().any(|&k| k < 5) {
        return None;
    }
    let factorial = [1.0, 2.0, 6.0, 24.0, 120.0];
    let chain1: Vec<f64> = (1..=5).map(|k| 2.0 * ln_gamma(0.5 + k as f64)).collect();
    let chain2 = 2.0 * ln_gamma(0.5);
    let mut sum = 0.0;
    for (&ri, &ni) in r.iter().zip(n) {
        let h = ni as f64 / 2.0 - 1.0;
        let mut s = 1.0;
        for k in 1..=5 {
            let g = ((chain1[k - 1] + ln_gamma(h)) - (chain2 + ln_gamma(h + k as f64))).exp();
            s += g * (1.0 - ri * ri).powi(k as i32) / factorial[k - 1];
        }
        sum += ri * s;
    }
    Some(sum / r.len() as f64)
}

/// Two-sided p-value of correlation `r` from `n` pairs (AATtools' `r2p`: Student's t
/// with n - 2 degrees of freedom; `n` may be an average, so not whole).
pub fn r_to_p(r: f64, n: f64) -> Option<f64> {
    if n.is_nan() || n <= 2.0 || r.is_nan() {
        return None;
    }
    let t = (r * (n - 2.0).sqrt() / (1.0 - r * r).sqrt()).abs();
    if t.is_infinite() {
        return Some(0.0);
    }
    let dist = StudentsT::new(0.0, 1.0, n - 2.0).ok()?;
    Some(2.0 * (1.0 - dist.cdf(t)))
}

/// Sample variance (n - 1).
fn var(x: &[f64]) -> Option<f64> {
    sd(x).map(|s| s * s)
}

/// Sample covariance (n - 1).
fn cov(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(x)?, mean(y)?);
    (x.len() >= 2).then(|| x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum::<f64>() / (x.len() - 1) as f64)
}

/// Flanagan-Rulon coefficient, mirrored for negative values (AATtools'
/// `FlanaganRulonMirror`): 1 - var(x - y) / var(x + y), divided by max(1, 1 - fr).
pub fn flanagan_rulon(x: &[f64], y: &[f64]) -> Option<f64> {
    let d: Vec<f64> = x.iter().zip(y).map(|(a, b)| a - b).collect();
    let s: Vec<f64> = x.iter().zip(y).map(|(a, b)| a + b).collect();
    let fr = 1.0 - var(&d)? / var(&s)?;
    Some(fr / f64::max(1.0, 1.0 - fr))
}

/// Raju's coefficient for halves of unequal size, mirrored (AATtools' `RajuMirror`):
/// cov / (p (1 - p) (var x + var y + 2 |cov|)), with `p` the first half's share of trials.
pub fn raju(x: &[f64], y: &[f64], p: f64) -> Option<f64> {
    let c = cov(x, y)?;
    let sum = var(x)? + var(y)? + 2.0 * c.abs();
    Some(c / (p * (1.0 - p) * sum))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values as R 4.2.2 prints them (print(x, digits = 10)) with AATtools 0.0.3 loaded.
    #[test]
    fn corrections_follow_aattools() {
        // SpearmanBrown(-.466, fix.negative = "mirror") = -0.6357435
        assert!((spearman_brown(-0.466) - -0.635_743_5).abs() < 1e-7);
        assert!((spearman_brown(0.5) - 2.0 / 3.0).abs() < 1e-12);
        // cormean(c(0, .3, .5), c(30, 30, 60)) = 0.2695278502
        let m = cormean(&[0.0, 0.3, 0.5], &[30, 30, 60]).unwrap();
        assert!((m - 0.269_527_850_2).abs() < 1e-9, "{m}");
        // r2p(.5, 30) = 0.004899933667
        assert!((r_to_p(0.5, 30.0).unwrap() - 0.004_899_933_667).abs() < 1e-11);
    }
}
