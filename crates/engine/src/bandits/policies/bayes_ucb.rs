//! Bayes-UCB for rewards in [0, 1] (Kaufmann, Cappé & Garivier 2012).
//!
//! Keep a Beta(S_a + 1, F_a + 1) posterior per arm (uniform prior) and pull the arm whose
//! posterior quantile of level 1 - 1/(t (ln T)^c) is largest, T the horizon. Kaufmann et al.
//! prove asymptotic optimality for c >= 5 and use c = 0 in their experiments; the default here
//! is c = 0, i.e. the quantile of level 1 - 1/t ((ln T)^c is taken as max(1, ln T)^c so that
//! very short games stay defined). Rewards in [0, 1] that are not 0/1 count as fractional
//! successes: S += r, F += 1 - r (identical to the Bernoulli update for 0/1 rewards; rewards
//! outside [0, 1] are clamped).
//!
//! Computing the quantile: safeguarded Newton's method on the regularized incomplete beta
//! function ([`stats::beta_cdf`](crate::stats::beta_cdf)) with the Beta density as slope,
//! started at the normal approximation mean + z sd and kept inside the bracket [0, hi], hi a
//! sub-Gaussian tail bound: Beta(a, b) is 1/(4(a+b+1))-sub-Gaussian (Marchal & Arbel 2017), so
//! its quantile of level 1 - delta is at most a/(a+b) + sqrt(ln(1/delta) / (2 (a+b+1))).
//!
//! Speed: as in [`super::kl_ucb`], only arms that can still win are solved. With
//! u = ln(1/delta), the quantile Q(u) grows with u and is concave in u for a, b >= 1 (its slope
//! 1/hazard(Q) falls because a log-concave density has an increasing hazard rate), so an arm's
//! last exact value is a lower bound and the tangent there an upper bound. A pull keeps half of
//! that: Beta(a+1, b) lies stochastically above Beta(a, b) and Beta(a, b+1) below, so after a
//! success the old value stays a lower bound, and after a failure the old tangent stays an upper
//! bound. Ties are broken at random among the maxima ([`Rng::argmax`](crate::rng::Rng::argmax)), so the
//! choices are exactly those of solving every index.

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::stats::{beta_cdf, normal_quantile};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Bayes-UCB",
    what: "Keeps a Beta posterior per arm like Thompson sampling, but instead of sampling it pulls the arm with the highest optimistic quantile (level 1 - 1/t) of its posterior.",
    guarantee: "Asymptotically optimal for Bernoulli arms (with c >= 5 in the analysis): regret matches the Lai-Robbins bound.",
    source: "Kaufmann, Cappé & Garivier (2012), AISTATS.",
};

/// Bayes-UCB parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BayesUcbParams {
    /// Exponent c of the quantile level 1 - 1/(t (ln T)^c), 0 to 10.
    pub c: f64,
}

impl BayesUcbParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("c", self.c, 0.0, 10.0)
    }
    pub fn label(&self) -> String {
        if *self == Self::default() {
            "Bayes-UCB".into()
        } else {
            format!("Bayes-UCB (c={})", self.c)
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(BayesUcb::new(setup.arms, setup.horizon, self.c))
    }
}

/// ln(1/delta) for delta = 1 / (t max(1, ln T)^c).
pub fn log_inverse_delta(t: usize, horizon: usize, c: f64) -> f64 {
    let ln_horizon = libm::log(horizon.max(1) as f64).max(1.0);
    libm::log(t.max(1) as f64) + c * libm::log(ln_horizon)
}

/// Sub-Gaussian bound on the quantile of level 1 - delta of Beta(a, b), u = ln(1/delta):
/// min(1, a/(a+b) + sqrt(u / (2 (a+b+1)))).
#[inline]
pub fn quantile_bound(a: f64, b: f64, u: f64) -> f64 {
    (a / (a + b) + f64::sqrt(u / (2.0 * (a + b + 1.0)))).min(1.0)
}

fn ln_beta_fn(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

fn density(x: f64, a: f64, b: f64, ln_beta: f64) -> f64 {
    libm::exp((a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - ln_beta)
}

/// The quantile of level 1 - exp(-u) of Beta(a, b) (u = ln(1/delta) >= 0), error below 1e-12.
pub fn upper_quantile(a: f64, b: f64, u: f64) -> f64 {
    const TOL: f64 = 1e-12;
    if u.is_nan() || u <= 0.0 {
        return 0.0;
    }
    let level = -libm::expm1(-u);
    let hi0 = quantile_bound(a, b, u);
    let ln_beta = ln_beta_fn(a, b);
    let (mut lo, mut hi) = (0.0f64, hi0);
    let mean = a / (a + b);
    let sd = f64::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
    let mut x = mean + normal_quantile(level) * sd;
    if !(x > 0.0 && x < hi0) {
        x = 0.5 * hi0;
    }
    for _ in 0..200 {
        let f = beta_cdf(x, a, b) - level;
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        if hi - lo <= TOL {
            break;
        }
        let mut next = x - f / density(x, a, b, ln_beta);
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        let step = (next - x).abs();
        x = next;
        if step <= TOL {
            break;
        }
    }
    x.clamp(0.0, hi0)
}

/// Far above the solver's error, far below any gap that matters.
const MARGIN: f64 = 1e-9;

pub struct BayesUcb {
    /// Posterior parameters S + 1 and F + 1.
    alpha: Vec<f64>,
    beta: Vec<f64>,
    pulls: Vec<u64>,
    horizon: usize,
    c: f64,
    t: usize,
    index: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// A lower bound of each arm's index valid for u >= low_u: low_q (NaN: none).
    low_q: Vec<f64>,
    low_u: Vec<f64>,
    /// An upper bound valid for u >= up_u: up_q + (u - up_u) up_slope (NaN: none).
    up_q: Vec<f64>,
    up_u: Vec<f64>,
    up_slope: Vec<f64>,
}

impl BayesUcb {
    fn new(arms: usize, horizon: usize, c: f64) -> Self {
        BayesUcb {
            alpha: vec![1.0; arms],
            beta: vec![1.0; arms],
            pulls: vec![0; arms],
            horizon,
            c,
            t: 0,
            index: vec![0.0; arms],
            lower: vec![0.0; arms],
            upper: vec![0.0; arms],
            low_q: vec![f64::NAN; arms],
            low_u: vec![f64::NAN; arms],
            up_q: vec![f64::NAN; arms],
            up_u: vec![f64::NAN; arms],
            up_slope: vec![f64::NAN; arms],
        }
    }

    fn exact(&mut self, arm: usize, u: f64) -> f64 {
        let (a, b) = (self.alpha[arm], self.beta[arm]);
        let q = upper_quantile(a, b, u);
        self.low_q[arm] = q;
        self.low_u[arm] = u;
        self.up_q[arm] = q;
        self.up_u[arm] = u;
        // dQ/du = exp(-u) / density(Q).
        self.up_slope[arm] = libm::exp(-u) / density(q, a, b, ln_beta_fn(a, b));
        q
    }

    /// Fill `self.index` so that its maxima are those of the exact indices at u = ln(1/delta);
    /// with `prune`, arms that cannot win get -infinity.
    fn fill_index(&mut self, u: f64, prune: bool) {
        let k = self.alpha.len();
        if !prune {
            for a in 0..k {
                self.index[a] = upper_quantile(self.alpha[a], self.beta[a], u);
            }
            return;
        }
        let mut leader = 0;
        for a in 0..k {
            self.lower[a] = if self.low_u[a] <= u {
                self.low_q[a]
            } else {
                0.0
            };
            let mut up = quantile_bound(self.alpha[a], self.beta[a], u);
            if self.up_u[a] <= u && self.up_slope[a].is_finite() {
                up = up.min(self.up_q[a] + (u - self.up_u[a]) * self.up_slope[a]);
            }
            self.upper[a] = up;
            if self.lower[a] > self.lower[leader] {
                leader = a;
            }
        }
        let mut bar = self.lower[leader] - MARGIN;
        if (0..k).all(|a| a == leader || self.upper[a] < bar) {
            self.index.iter_mut().for_each(|x| *x = f64::NEG_INFINITY);
            self.index[leader] = self.lower[leader];
            return;
        }
        let q = self.exact(leader, u);
        self.index[leader] = q;
        bar = bar.max(q - MARGIN);
        for a in 0..k {
            if a == leader {
                continue;
            }
            if self.upper[a] >= bar {
                let q = self.exact(a, u);
                self.index[a] = q;
                bar = bar.max(q - MARGIN);
            } else {
                self.index[a] = f64::NEG_INFINITY;
            }
        }
    }
}

impl Policy for BayesUcb {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        self.fill_index(log_inverse_delta(t, self.horizon, self.c), true);
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        let r = reward.clamp(0.0, 1.0);
        self.alpha[arm] += r;
        self.beta[arm] += 1.0 - r;
        self.pulls[arm] += 1;
        // A success moves the posterior up (old value: still a lower bound), a failure down
        // (old tangent: still an upper bound); a fractional reward keeps neither.
        if r != 1.0 {
            self.low_q[arm] = f64::NAN;
            self.low_u[arm] = f64::NAN;
        }
        if r != 0.0 {
            self.up_q[arm] = f64::NAN;
            self.up_u[arm] = f64::NAN;
            self.up_slope[arm] = f64::NAN;
        }
    }
    fn arms(&self) -> Vec<ArmView> {
        let u = log_inverse_delta(self.t + 1, self.horizon, self.c);
        (0..self.alpha.len())
            .map(|a| {
                let (al, be) = (self.alpha[a], self.beta[a]);
                ArmView {
                    pulls: self.pulls[a],
                    estimate: al / (al + be),
                    index: Some(upper_quantile(al, be, u)),
                    belief: Some(Belief::Beta {
                        alpha: al,
                        beta: be,
                    }),
                    prob: None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::beta_quantile;

    /// u = ln(1/delta) for the level p = 1 - delta.
    fn u_of(p: f64) -> f64 {
        -(1.0 - p).ln()
    }

    #[test]
    fn quantiles_match_closed_forms_and_bisection() {
        // Beta(a, 1) has CDF x^a, so its quantile is p^(1/a); Beta(1, b): 1 - (1-p)^(1/b).
        for &(a, p) in &[(1.0, 0.9), (3.0, 0.99), (17.0, 0.999), (250.0, 0.9999)] {
            let q = upper_quantile(a, 1.0, u_of(p));
            assert!(
                (q - p.powf(1.0 / a)).abs() < 1e-10,
                "Beta({a},1) at {p}: {q}"
            );
            let q = upper_quantile(1.0, a, u_of(p));
            assert!((q - (1.0 - (1.0 - p).powf(1.0 / a))).abs() < 1e-10);
        }
        // General shapes against the bisection of stats::beta_quantile, and the sub-Gaussian
        // bound holds.
        for &(a, b, p) in &[
            (5.0, 9.0, 0.95),
            (40.5, 12.5, 0.999),
            (300.0, 2000.0, 0.99999),
            (9000.0, 1000.0, 0.9999),
        ] {
            let want = beta_quantile(p, a, b);
            assert!(quantile_bound(a, b, u_of(p)) >= want);
            let q = upper_quantile(a, b, u_of(p));
            assert!(
                (q - want).abs() < 1e-9,
                "Beta({a},{b}) at {p}: {q} vs {want}"
            );
        }
    }

    #[test]
    fn index_uses_level_one_minus_one_over_t() {
        // c = 0: level 1 - 1/t. One arm with 3 successes and no failure: Beta(4, 1), whose
        // quantile is (1 - 1/t)^(1/4).
        let setup = Setup {
            arms: 2,
            horizon: 1000,
            dim: 0,
        };
        let mut p = BayesUcbParams::default().build(&setup);
        for t in 1..=3 {
            p.observe(t, 0, 1.0, Context::NONE);
        }
        let mut rng = Rng::stream(1, &[]);
        assert_eq!(p.choose(3, Context::NONE, &mut rng), 0);
        // The view is for the next round t = 4.
        let q = p.arms()[0].index.unwrap();
        assert!((q - 0.75f64.powf(0.25)).abs() < 1e-10, "{q}");
        // With c = 5 the level is 1 - 1/(t (ln T)^5).
        let lid = log_inverse_delta(4, 1000, 5.0);
        assert!((lid - (4.0 * 1000f64.ln().powi(5)).ln()).abs() < 1e-12);
        // Fractional rewards count as fractional successes.
        p.observe(4, 1, 0.25, Context::NONE);
        assert_eq!(
            p.arms()[1].belief,
            Some(Belief::Beta {
                alpha: 1.25,
                beta: 1.75
            })
        );
    }

    /// Run Bayes-UCB with and without pruning on the same rewards and random draws.
    fn run_pair(means: &[f64], horizon: usize, c: f64, seed: u64) {
        let k = means.len();
        let mut full = BayesUcb::new(k, horizon, c);
        let mut pruned = BayesUcb::new(k, horizon, c);
        let mut r_full = Rng::stream(seed, &["policy".into()]);
        let mut r_pruned = Rng::stream(seed, &["policy".into()]);
        let mut env = Rng::stream(seed, &["env".into()]);
        for t in 1..=horizon {
            full.fill_index(log_inverse_delta(t, horizon, c), false);
            let a = r_full.argmax(&full.index);
            let b = pruned.choose(t, Context::NONE, &mut r_pruned);
            assert_eq!(a, b, "round {t}");
            let x = if env.uniform() < means[a] { 1.0 } else { 0.0 };
            full.observe(t, a, x, Context::NONE);
            pruned.observe(t, b, x, Context::NONE);
        }
        assert_eq!(
            r_full.next_u64(),
            r_pruned.next_u64(),
            "same randomness used"
        );
    }

    #[test]
    fn pruned_runs_equal_full_runs() {
        run_pair(&[0.1, 0.3, 0.5, 0.7, 0.9], 2_000, 0.0, 1);
        run_pair(&[0.5, 0.5, 0.45], 1_000, 5.0, 2);
        run_pair(&[0.0, 0.0, 0.0], 300, 0.0, 3);
    }
}
