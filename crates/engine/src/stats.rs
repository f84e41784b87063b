//! Small numeric helpers shared by the labs (portable: `libm` only).

/// Welford's running mean and variance, updated in a fixed order so the bits do not depend
/// on how the work was chunked.
#[derive(Clone, Debug, Default)]
pub struct Running {
    pub n: u64,
    pub mean: f64,
    m2: f64,
}

impl Running {
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Sample variance (n - 1 in the denominator); 0 for fewer than two samples.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }

    /// Half-width of the normal-approximation 95 % confidence interval of the mean:
    /// 1.96 * s / sqrt(n).
    pub fn ci95(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            1.96 * f64::sqrt(self.variance() / self.n as f64)
        }
    }
}

/// Quantile of sorted data by linear interpolation between closest ranks (type 7, the default
/// of R and NumPy).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = f64::floor(h) as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Bernoulli KL divergence kl(p, q) = p ln(p/q) + (1-p) ln((1-p)/(1-q)), with 0 ln 0 = 0 and
/// q clamped into [1e-15, 1 - 1e-15].
pub fn kl_bernoulli(p: f64, q: f64) -> f64 {
    const EPS: f64 = 1e-15;
    let p = p.clamp(0.0, 1.0);
    let q = q.clamp(EPS, 1.0 - EPS);
    let mut kl = 0.0;
    if p > 0.0 {
        kl += p * libm::log(p / q);
    }
    if p < 1.0 {
        kl += (1.0 - p) * libm::log((1.0 - p) / (1.0 - q));
    }
    kl
}

/// Gaussian KL divergence with common variance: (p - q)^2 / (2 sigma^2).
pub fn kl_gaussian(p: f64, q: f64, sigma: f64) -> f64 {
    (p - q) * (p - q) / (2.0 * sigma * sigma)
}

/// Standard normal quantile (inverse CDF), Acklam's rational approximation refined by one
/// Halley step; absolute error below 1e-12 on (0, 1).
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let pl = 0.02425;
    let x = if p < pl {
        let q = f64::sqrt(-2.0 * libm::log(p));
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - pl {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = f64::sqrt(-2.0 * libm::log(1.0 - p));
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // One Halley refinement step with erfc.
    let e = 0.5 * libm::erfc(-x / core::f64::consts::SQRT_2) - p;
    let u = e * f64::sqrt(2.0 * core::f64::consts::PI) * libm::exp(x * x / 2.0);
    x - u / (1.0 + x * u / 2.0)
}

/// Regularized incomplete beta I_x(a, b) by the continued fraction of Numerical Recipes
/// (Lentz's method); used for Beta posterior quantiles.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b)
        + a * libm::log(x)
        + b * libm::log(1.0 - x);
    let front = libm::exp(ln_front);
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(x, a, b) / a
    } else {
        1.0 - front * beta_cf(1.0 - x, b, a) / b
    }
}

fn beta_cf(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// Quantile of Beta(a, b) by bisection on [`beta_cdf`] (60 halvings: exact to ~1e-18).
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if beta_cdf(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_matches_two_pass() {
        let xs = [1.0, 2.0, 4.0, 7.0];
        let mut r = Running::default();
        xs.iter().for_each(|&x| r.push(x));
        assert!((r.mean - 3.5).abs() < 1e-15);
        // two-pass: sum (x - 3.5)^2 = 6.25 + 2.25 + 0.25 + 12.25 = 21, / 3 = 7
        assert!((r.variance() - 7.0).abs() < 1e-12);
    }

    #[test]
    fn quantiles_type7() {
        let s = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&s, 0.5), 2.5);
        assert_eq!(quantile_sorted(&s, 0.25), 1.75);
    }

    #[test]
    fn kl_known_values() {
        // kl(0.5, 0.25) = 0.5 ln 2 + 0.5 ln(2/3) = 0.5 ln(4/3)
        let want = 0.5 * (4.0f64 / 3.0).ln();
        assert!((kl_bernoulli(0.5, 0.25) - want).abs() < 1e-15);
        assert_eq!(kl_bernoulli(0.3, 0.3), 0.0);
        assert!((kl_bernoulli(0.0, 0.5) - 2f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn normal_quantile_known_values() {
        // Tables: z_0.975 = 1.959963984540054, z_0.95 = 1.6448536269514722, z_0.001 = -3.090232306167813
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-12);
        assert!((normal_quantile(0.95) - 1.6448536269514722).abs() < 1e-12);
        assert!((normal_quantile(0.001) + 3.090232306167813).abs() < 1e-11);
        assert_eq!(normal_quantile(0.5), 0.0);
    }

    #[test]
    fn beta_cdf_closed_forms() {
        // Beta(1,1) is uniform; Beta(2,1) has CDF x^2; Beta(1,2) has CDF 1-(1-x)^2.
        assert!((beta_cdf(0.3, 1.0, 1.0) - 0.3).abs() < 1e-12);
        assert!((beta_cdf(0.3, 2.0, 1.0) - 0.09).abs() < 1e-12);
        assert!((beta_cdf(0.3, 1.0, 2.0) - 0.51).abs() < 1e-12);
        assert!((beta_quantile(0.09, 2.0, 1.0) - 0.3).abs() < 1e-9);
    }
}
