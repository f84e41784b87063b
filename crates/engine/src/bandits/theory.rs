//! Theory curves drawn next to the simulations.

use crate::stats::{kl_bernoulli, kl_gaussian};

/// Lai & Robbins (1985) constant for Bernoulli arms:
/// C(mu) = sum_{a: mu_a < mu*} (mu* - mu_a) / kl(mu_a, mu*).
/// Any consistent policy has liminf E\[R_T\] / ln T >= C(mu).
pub fn lai_robbins_bernoulli(means: &[f64]) -> f64 {
    let best = means.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    means
        .iter()
        .filter(|&&m| m < best)
        .map(|&m| (best - m) / kl_bernoulli(m, best))
        .sum()
}

/// Lai & Robbins constant for Gaussian arms with known common sigma:
/// sum (mu* - mu_a) / ((mu* - mu_a)^2 / (2 sigma^2)) = sum 2 sigma^2 / Delta_a.
pub fn lai_robbins_gaussian(means: &[f64], sigma: f64) -> f64 {
    let best = means.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    means
        .iter()
        .filter(|&&m| m < best)
        .map(|&m| (best - m) / kl_gaussian(m, best, sigma))
        .sum()
}

/// Auer et al. (2002) bound on UCB1's expected pulls of an arm with gap `delta` by round `t`:
/// 8 ln t / delta^2 + 1 + pi^2 / 3.
pub fn ucb1_pull_bound(t: usize, delta: f64) -> f64 {
    8.0 * libm::log(t as f64) / (delta * delta)
        + 1.0
        + core::f64::consts::PI * core::f64::consts::PI / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_lai_robbins_constants() {
        // shared/REFERENCES.md (computed from the formula): 0.1..0.9 -> 7.52; (0.6, 0.4 x4) -> 9.87;
        // (0.9, 0.8) -> 2.25.
        let m: Vec<f64> = (1..=9).map(|i| i as f64 / 10.0).collect();
        assert!(
            (lai_robbins_bernoulli(&m) - 7.52).abs() < 0.005,
            "{}",
            lai_robbins_bernoulli(&m)
        );
        let hard = [0.6, 0.4, 0.4, 0.4, 0.4];
        assert!((lai_robbins_bernoulli(&hard) - 9.87).abs() < 0.005);
        assert!((lai_robbins_bernoulli(&[0.9, 0.8]) - 2.25).abs() < 0.005);
    }

    #[test]
    fn gaussian_constant_is_two_sigma_squared_over_gaps() {
        // Gaps 0.5 and 1 with sigma 1: 2/0.5 + 2/1 = 6.
        assert!((lai_robbins_gaussian(&[1.0, 0.5, 0.0], 1.0) - 6.0).abs() < 1e-12);
    }
}
