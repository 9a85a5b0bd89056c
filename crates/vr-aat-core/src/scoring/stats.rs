//! Descriptive statistics with R's definitions.

/// R's `median()`: the mean of the two middle values for an even count. Reorders
/// `values` (selection, not a full sort). `None` for no values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (_, upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        return Some(upper);
    }
    // The largest value below the upper middle is the lower middle.
    let lower = values[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(0.5 * (lower + upper))
}

/// Arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// R's `sd()`: sample standard deviation with n - 1; `None` below two values.
pub fn sd(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values)?;
    let ss: f64 = values.iter().map(|x| (x - m) * (x - m)).sum();
    Some((ss / (values.len() - 1) as f64).sqrt())
}

/// R's `mad()`: 1.4826 x the median absolute deviation from the median.
pub fn mad(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    let m = median(&mut v)?;
    for x in &mut v {
        *x = (*x - m).abs();
    }
    Some(1.4826 * median(&mut v)?)
}

/// R's `quantile(x, p)` with the default type 7. Sorts `values`.
pub fn quantile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let h = (values.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(values[lo] + (h - lo as f64) * (values[hi] - values[lo]))
}

/// Pearson correlation (R's `cor()`); `None` when either side has no spread.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values as R prints them.
    #[test]
    fn median_follows_r() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5)); // median(c(4,1,3,2))
        assert_eq!(median(&mut [5.0, 5.0, 1.0, 9.0]), Some(5.0)); // ties
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn sd_mad_quantile_follow_r() {
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        // sd(c(1,2,3,4,10)) = 3.535534
        assert!((sd(&x).unwrap() - 3.535_534).abs() < 1e-6);
        // mad(c(1,2,3,4,10)) = 1.4826 * median(|x - 3|) = 1.4826 * 1 = 1.4826
        assert!((mad(&x).unwrap() - 1.4826).abs() < 1e-12);
        // quantile(c(1,2,3,4,10), 0.9) = 4 + 0.6 * 6 = 7.6
        assert!((quantile(&mut x.to_vec(), 0.9).unwrap() - 7.6).abs() < 1e-12);
        assert_eq!(sd(&[1.0]), None);
    }

    #[test]
    fn pearson_is_one_for_a_line() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0], &[2.0, 3.0]), None);
    }
}
