//! Exact samplers of continuous distributions on top of [`Rng`]: the ziggurat normal and the
//! one Gamma/Beta algorithm (Marsaglia & Tsang) that every lab uses.
//!
//! Thompson sampling draws one Beta variate per arm per round, which makes the Beta sampler the
//! hot loop of a bandit experiment. [`Rng::normal`] uses Marsaglia's polar method (a logarithm,
//! a square root and about 2.5 uniforms per normal, half of them thrown away); here the normal
//! comes from the ziggurat method instead: one 64-bit draw and a table look-up about 99 % of
//! the time. The Gamma and Beta samplers built on it are the same exact algorithms as
//! [`Rng::gamma`] and [`Rng::beta`] (Marsaglia & Tsang 2000; Beta = G1 / (G1 + G2)).
//!
//! Ziggurat (Marsaglia & Tsang 2000, "The ziggurat method for generating random variables",
//! J. Stat. Software 5(8)), N = 256 layers of equal area v under f(x) = exp(-x^2 / 2):
//! x_1 = r = 3.6541528853610088, v = r f(r) + integral_r^inf f, x_0 = v / f(r),
//! x_{i+1} = f^-1(f(x_i) + v / x_i), x_256 = 0. A draw picks layer i and a signed uniform
//! s in [-1, 1); x = s x_i is accepted at once if |x| < x_{i+1}; otherwise layer 0 samples the
//! tail beyond r (Marsaglia 1964: a = -ln(U1) / r, b = -ln(U2), accept if 2b >= a^2, return
//! r + a) and the other layers test the wedge f(x_i) + U (f(x_{i+1}) - f(x_i)) < f(x).
//! The layer index and the uniform come from disjoint bits of the draw (Doornik 2005), and the
//! tables are computed once, with `libm`, so the bits are the same natively and in WebAssembly.
//!
//! [`Rng::normal`] (the polar method) stays as the environments' normal: changing it would
//! change the reward draws, and with them every recorded digest. [`Rng::gamma`] and
//! [`Rng::beta`] run the same Marsaglia & Tsang code as [`Rng::gamma_fast`] and
//! [`Rng::beta_fast`], fed by the polar normal.

use crate::rng::Rng;
use std::sync::OnceLock;

const LAYERS: usize = 256;
/// Right edge of the base layer for 256 layers (Marsaglia & Tsang 2000).
const R: f64 = 3.654_152_885_361_009;

#[inline]
fn density(x: f64) -> f64 {
    libm::exp(-0.5 * x * x)
}

/// Ziggurat tables for the standard normal.
#[derive(Clone, Debug)]
struct Ziggurat {
    /// Layer edges x_0 .. x_256 (decreasing; x_256 = 0).
    x: Vec<f64>,
    /// f(x_i).
    f: Vec<f64>,
}

impl Ziggurat {
    fn new() -> Self {
        let fr = density(R);
        let v = R * fr
            + f64::sqrt(core::f64::consts::PI / 2.0) * libm::erfc(R / core::f64::consts::SQRT_2);
        let mut x = vec![0.0; LAYERS + 1];
        x[0] = v / fr;
        x[1] = R;
        for i in 1..LAYERS - 1 {
            let y = density(x[i]) + v / x[i];
            x[i + 1] = if y < 1.0 {
                f64::sqrt(-2.0 * libm::log(y))
            } else {
                0.0
            };
        }
        x[LAYERS] = 0.0;
        let f = x.iter().map(|&xi| density(xi)).collect();
        Ziggurat { x, f }
    }

    /// The tables, built on first use.
    fn get() -> &'static Ziggurat {
        static TABLES: OnceLock<Ziggurat> = OnceLock::new();
        TABLES.get_or_init(Ziggurat::new)
    }
}

impl Rng {
    /// A standard normal N(0, 1) variate by the ziggurat method (fast; the policies' normal).
    pub fn normal_fast(&mut self) -> f64 {
        let z = Ziggurat::get();
        loop {
            let bits = self.next_u64();
            let i = (bits & 0xff) as usize;
            let s = 2.0 * ((bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)) - 1.0;
            let x = s * z.x[i];
            if x.abs() < z.x[i + 1] {
                return x;
            }
            if i == 0 {
                // The tail beyond R.
                loop {
                    let a = -libm::log(self.uniform_open()) / R;
                    let b = -libm::log(self.uniform_open());
                    if 2.0 * b >= a * a {
                        return if s < 0.0 { -(R + a) } else { R + a };
                    }
                }
            }
            let y = z.f[i] + self.uniform() * (z.f[i + 1] - z.f[i]);
            if y < density(x) {
                return x;
            }
        }
    }

    /// A Gamma variate for a prepared shape, normals from the ziggurat (saves a square root and
    /// a division per draw when the same shape is sampled many times, as in Thompson sampling).
    pub fn gamma_fast(&mut self, shape: &Shape) -> f64 {
        self.marsaglia_tsang(shape, Rng::normal_fast)
    }

    /// A Beta variate for prepared shapes, normals from the ziggurat.
    pub fn beta_fast(&mut self, a: &Shape, b: &Shape) -> f64 {
        self.beta_from_gammas(a, b, Rng::normal_fast)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000) with standard normals from `normal`;
    /// shape < 1 uses the boost Gamma(a) = Gamma(a + 1) U^(1/a).
    pub(crate) fn marsaglia_tsang(&mut self, shape: &Shape, normal: fn(&mut Rng) -> f64) -> f64 {
        if shape.shape < 1.0 {
            let g = self.marsaglia_tsang(&Shape::new(shape.shape + 1.0), normal);
            return g * libm::pow(self.uniform_open(), 1.0 / shape.shape);
        }
        let (d, c) = (shape.d, shape.c);
        loop {
            let x = normal(self);
            let w = c * x;
            let v = 1.0 + w;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform_open();
            let x2 = x * x;
            // Squeeze: accept without logarithms when u is below a lower bound of the
            // acceptance ratio (see `Shape`).
            let k = if w >= -0.5 { shape.squeeze } else { 0.0331 };
            if u < 1.0 - k * x2 * x2 {
                return d * v;
            }
            if libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v)) {
                return d * v;
            }
        }
    }

    /// Beta(a, b) as G1 / (G1 + G2), G1 ~ Gamma(a), G2 ~ Gamma(b).
    pub(crate) fn beta_from_gammas(
        &mut self,
        a: &Shape,
        b: &Shape,
        normal: fn(&mut Rng) -> f64,
    ) -> f64 {
        let x = self.marsaglia_tsang(a, normal);
        let y = self.marsaglia_tsang(b, normal);
        if x + y == 0.0 {
            // Both underflowed (tiny shapes): the mass sits at the ends in proportion a : b.
            return if self.uniform() * (a.shape + b.shape) < a.shape {
                1.0
            } else {
                0.0
            };
        }
        x / (x + y)
    }
}

/// A Gamma shape with Marsaglia & Tsang's constants d = shape - 1/3 and c = 1 / sqrt(9 d)
/// computed once, and a shape-dependent squeeze.
///
/// Marsaglia & Tsang accept a proposal x (with v = (1 + c x)^3) when
/// ln u < g(x) = x^2/2 + d (1 - v + ln v), and avoid the logarithms with the squeeze
/// u < 1 - 0.0331 x^4, valid for every shape. Writing w = c x, g = psi(w) / c^2 with
/// psi(w) = (1 - (1+w)^3 + 3 ln(1+w)) / 9 + w^2 / 2 = -w^4/12 + w^5/15 - ... and
/// psi(w) >= -w^4 / 7 for w >= -1/2 (the ratio psi(w)/w^4 is smallest at w = -1/2, where it is
/// -0.1412; `tests::shape_squeeze_is_a_lower_bound` checks a fine grid). Since e^g >= 1 + g,
/// u < 1 - (c^2 / 7) x^4 implies acceptance. That squeeze is tighter than 0.0331 x^4 for every
/// shape >= 1 and tends to certainty as the shape grows (for a Beta posterior after hundreds of
/// pulls it almost never falls through to the logarithms). Outside w >= -1/2 the original
/// squeeze is used. Either way the accepted values are exactly those of the original test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub shape: f64,
    d: f64,
    c: f64,
    /// c^2 / 7.
    squeeze: f64,
}

impl Shape {
    pub fn new(shape: f64) -> Self {
        let d = shape - 1.0 / 3.0;
        let c = if d > 0.0 {
            1.0 / f64::sqrt(9.0 * d)
        } else {
            0.0
        };
        Shape {
            shape,
            d,
            c,
            squeeze: c * c / 7.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard normal CDF from erfc (independent of the sampler).
    fn phi(x: f64) -> f64 {
        0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
    }

    #[test]
    fn tables_close_the_ziggurat() {
        let s = Ziggurat::new();
        // Layers shrink towards the top and the last computed edge lies close to 0: with the
        // published r the recursion ends at the mode (Marsaglia & Tsang 2000).
        assert!(s.x.windows(2).all(|w| w[0] > w[1]));
        assert!(s.x[LAYERS - 1] < 0.3, "{}", s.x[LAYERS - 1]);
        // Every layer has the same area v: check the top one, x_255 (1 - f(x_255)).
        let v = s.x[1] * s.f[1] + (std::f64::consts::PI / 2.0).sqrt() * libm::erfc(R / 2f64.sqrt());
        let top = s.x[LAYERS - 1] * (1.0 - s.f[LAYERS - 1]);
        assert!((top - v).abs() < 1e-9 * v.max(1.0), "top {top} v {v}");
    }

    #[test]
    fn normal_matches_the_normal_cdf_and_moments() {
        let mut rng = Rng::stream(21, &[]);
        let n = 400_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal_fast()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        let kurt = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n as f64 / (var * var);
        // Standard errors: mean 1/sqrt(n) = 0.0016, variance sqrt(2/n) = 0.0022, kurtosis
        // sqrt(24/n) = 0.008; tolerances are about 4 standard errors.
        assert!(mean.abs() < 0.007, "mean {mean}");
        assert!((var - 1.0).abs() < 0.009, "variance {var}");
        assert!((kurt - 3.0).abs() < 0.035, "kurtosis {kurt}");
        // Empirical CDF at points in the body, at the layer-0 edge and in the tail: the
        // binomial standard error is sqrt(p(1-p)/n) <= 0.0008; allow 5 of them.
        for &z in &[-3.9, -R, -2.0, -1.0, -0.3, 0.0, 0.5, 1.5, 2.5, R, 4.0] {
            let emp = xs.iter().filter(|&&x| x <= z).count() as f64 / n as f64;
            let sd = (phi(z) * (1.0 - phi(z)) / n as f64).sqrt();
            assert!(
                (emp - phi(z)).abs() < 5.0 * sd + 1e-6,
                "P(X <= {z}): {emp} vs {}",
                phi(z)
            );
        }
    }

    #[test]
    fn shape_squeeze_is_a_lower_bound() {
        // psi(w) = (1 - (1+w)^3 + 3 ln(1+w)) / 9 + w^2 / 2 = sum_{k>=4} (-1)^(k+1) w^k / (3k)
        // (expand ln(1+w)). Check psi(w) / w^4 >= -1/7 for w >= -1/2: by the series where
        // |w| <= 1/2 (the closed form cancels catastrophically near 0), directly beyond.
        let ratio = |w: f64| {
            if w.abs() <= 0.5 {
                (4..200)
                    .map(|k| {
                        let sign = if k % 2 == 0 { -1.0 } else { 1.0 };
                        sign * w.powi(k - 4) / (3.0 * k as f64)
                    })
                    .sum::<f64>()
            } else {
                ((1.0 - (1.0 + w).powi(3) + 3.0 * w.ln_1p()) / 9.0 + w * w / 2.0) / w.powi(4)
            }
        };
        // The two forms agree where both are accurate.
        for w in [-0.5, -0.3, 0.3, 0.5] {
            let direct =
                ((1.0 - (1.0f64 + w).powi(3) + 3.0 * w.ln_1p()) / 9.0 + w * w / 2.0) / w.powi(4);
            assert!((ratio(w) - direct).abs() < 1e-9, "{w}");
        }
        let mut w: f64 = -0.5;
        while w < 1e4 {
            assert!(ratio(w) >= -1.0 / 7.0, "w = {w}: {}", ratio(w));
            w += if w.abs() < 2.0 { 1e-4 } else { w.abs() * 1e-3 };
        }
        // The bound is nearly tight at w = -1/2 (ratio -0.1412), so 1/7 cannot be much improved.
        assert!(ratio(-0.5) < -0.14);
    }

    #[test]
    fn gamma_matches_closed_form_cdfs() {
        // Gamma(1) is Exp(1): P(X <= x) = 1 - e^-x; Gamma(2): 1 - e^-x (1 + x); Gamma(3):
        // 1 - e^-x (1 + x + x^2/2). Binomial standard error at most 0.0011 with 200,000 draws;
        // allow 5 of them.
        let mut rng = Rng::stream(23, &[]);
        let n = 200_000;
        for a in [1.0, 2.0, 3.0] {
            let xs: Vec<f64> = (0..n).map(|_| rng.gamma_fast(&Shape::new(a))).collect();
            for x in [0.1f64, 0.5, 1.0, 2.0, 4.0, 8.0] {
                let tail = match a as u32 {
                    1 => 1.0,
                    2 => 1.0 + x,
                    _ => 1.0 + x + x * x / 2.0,
                };
                let want = 1.0 - (-x).exp() * tail;
                let emp = xs.iter().filter(|&&g| g <= x).count() as f64 / n as f64;
                assert!(
                    (emp - want).abs() < 0.0056,
                    "Gamma({a}) at {x}: {emp} vs {want}"
                );
            }
        }
    }

    #[test]
    fn gamma_and_beta_have_the_right_moments() {
        // E[Gamma(a)] = Var[Gamma(a)] = a; E[Beta(a,b)] = a/(a+b),
        // Var = ab / ((a+b)^2 (a+b+1)).
        let mut rng = Rng::stream(22, &[]);
        let n = 200_000;
        for a in [0.4, 1.0, 3.5, 120.0] {
            let xs: Vec<f64> = (0..n).map(|_| rng.gamma_fast(&Shape::new(a))).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
            // Standard error of the mean sqrt(a/n); of the variance about a sqrt(2/n) (more
            // for small shapes, whose kurtosis is larger).
            assert!(
                (m - a).abs() < 5.0 * (a / n as f64).sqrt(),
                "gamma({a}) mean {m}"
            );
            assert!((v - a).abs() < 0.05 * a, "gamma({a}) variance {v}");
        }
        for (a, b) in [(1.0, 1.0), (2.0, 5.0), (30.0, 4.0)] {
            let xs: Vec<f64> = (0..n)
                .map(|_| rng.beta_fast(&Shape::new(a), &Shape::new(b)))
                .collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
            let want_v = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            assert!(
                (m - a / (a + b)).abs() < 5.0 * (want_v / n as f64).sqrt(),
                "beta mean {m}"
            );
            assert!(
                (v - want_v).abs() < 0.02 * want_v,
                "beta({a},{b}) variance {v}"
            );
            assert!(xs.iter().all(|&x| (0.0..=1.0).contains(&x)));
        }
    }
}
