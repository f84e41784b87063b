//! KL-UCB for rewards in [0, 1] (Garivier & Cappé 2011; Lattimore & Szepesvari 2020, ch. 10).
//!
//! Pull each arm once, then pull the arm with the largest
//! U_a(t) = max{ q in [mu_hat_a, 1] : n_a kl(mu_hat_a, q) <= ln t + c ln ln t },
//! with the Bernoulli divergence kl(p, q) = p ln(p/q) + (1-p) ln((1-p)/(1-q)). Garivier &
//! Cappé prove their regret bound with c = 3 and recommend c = 0 in practice; the default here
//! is c = 0 (the ln ln t term counts only once ln t > 1). SMPyBandits' klUCB writes the same
//! index as kl(mu_hat, q) <= c ln t / n with c = 1: the default here is that index too.
//! Empirical means outside [0, 1] (non-Bernoulli rewards) are clamped into [0, 1].
//!
//! Computing U (a root of kl(p, q) = d, d = level / n): Halley's method in y = -ln(1 - q),
//! where f(y) = kl(p, 1 - e^-y) - d is convex and increasing with slope (q - p) / q, and grows
//! only linearly as q -> 1, so the iteration is well behaved all the way to q = 1. It starts
//! above the root, at the smaller of two upper bounds: f(y) >= (1 - p) y - H(p) - d (H the
//! entropy), and the refined Pinsker bound kl(p, q) >= (q - p)^2 / (2m), m the largest
//! x(1 - x) on [p, q]; it stops after a step below 1e-8 (1 + y) (cubic convergence: the error
//! is then around 1e-15), about 2 iterations on average.
//!
//! Speed: KL-UCB's indices all hover near the best mean, so each round needs the exact argmax
//! without solving K equations. Every arm keeps its last exact index q_c (computed at d_c). The
//! index grows with d and is a concave function of d (the inverse of a convex increasing
//! function), so while the arm is not pulled q_c is a lower bound and the tangent
//! q_c + (d - d_c) q_c (1 - q_c) / (q_c - p) an upper bound; an arm without a cached value uses
//! the curvature bounds of [`index_bounds`]. Only arms whose
//! upper bound reaches the best lower bound (minus a margin of 1e-9, far above the solver's
//! error) are solved, so the chosen arm and the random tie-breaking (among the arms reaching
//! the maximum, [`Rng::argmax`](crate::rng::Rng::argmax)) are exactly those of solving every index;
//! `tests::pruned_runs_equal_full_runs` checks this on whole runs.

use super::About;
use crate::bandits::policy::{ArmView, Belief, Context, Counts, Policy, Setup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "KL-UCB",
    what: "An optimistic index like UCB1, but the confidence bound comes from the Kullback-Leibler divergence of Bernoulli distributions: tighter near 0 and 1, so it stops exploring clearly bad arms sooner.",
    guarantee: "Asymptotically optimal for Bernoulli arms: the regret matches the Lai-Robbins lower bound sum_a Delta_a / kl(mu_a, mu*) ln T.",
    source: "Garivier & Cappé (2011), COLT; Lattimore & Szepesvari (2020), Bandit Algorithms, ch. 10.",
};

/// KL-UCB parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct KlUcbParams {
    /// Weight c of the ln ln t term in the exploration level ln t + c ln ln t (0 to 100; the
    /// analysis of Garivier & Cappé uses 3).
    pub c: f64,
}

impl KlUcbParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        check_range("c", self.c, 0.0, 100.0)
    }
    pub fn label(&self) -> String {
        if *self == Self::default() {
            "KL-UCB".into()
        } else {
            format!("KL-UCB (c={})", self.c)
        }
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(KlUcb::new(setup.arms, self.c))
    }
}

/// The exploration level ln t + c ln ln t (the second term only when ln t > 1).
pub fn exploration_level(t: usize, c: f64) -> f64 {
    let ln_t = libm::log(t.max(1) as f64);
    if c > 0.0 && ln_t > 1.0 {
        ln_t + c * libm::log(ln_t)
    } else {
        ln_t
    }
}

/// Upper bound on the root of kl(p, q) = d from kl(p, q) >= (q - p)^2 / (2m), with m the
/// largest x(1 - x) on [p, p + sqrt(d/2)] (Pinsker's interval). May exceed 1.
#[inline]
pub fn refined_pinsker(p: f64, d: f64) -> f64 {
    let qp = p + f64::sqrt(0.5 * d);
    p + f64::sqrt(2.0 * d * max_variance(p, qp))
}

/// The largest x(1 - x) for x in [lo, hi].
#[inline]
fn max_variance(lo: f64, hi: f64) -> f64 {
    if hi <= 0.5 {
        hi * (1.0 - hi)
    } else if lo >= 0.5 {
        lo * (1.0 - lo)
    } else {
        0.25
    }
}

/// Lower and upper bounds on the root of kl(p, q) = d without solving it. Since
/// kl(p, q) = integral_p^q (q - x) / (x (1 - x)) dx, (q - p)^2 / (2 M) <= kl(p, q) <=
/// (q - p)^2 / (2 m) with M and m the largest and smallest x(1 - x) on [p, q]. Start from
/// Pinsker's interval [p, p + sqrt(d/2)] (M <= 1/4), bound M and m on it, then once more on the
/// narrower interval (x(1 - x) is concave, so its minimum is at an end).
pub fn index_bounds(p: f64, d: f64) -> (f64, f64) {
    let mut hi = (p + f64::sqrt(0.5 * d)).min(1.0);
    let mut lo = p;
    for _ in 0..2 {
        let big = max_variance(p, hi);
        let small = (p * (1.0 - p)).min(hi * (1.0 - hi));
        hi = (p + f64::sqrt(2.0 * d * big)).min(1.0);
        lo = lo.max((p + f64::sqrt(2.0 * d * small)).min(hi));
    }
    (lo, hi)
}

/// The quantities of p that [`kl_upper`] needs: the entropy H(p) = -p ln p - (1-p) ln(1-p)
/// and y_p = -ln(1 - p).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanTerms {
    p: f64,
    entropy: f64,
    y_min: f64,
}

impl MeanTerms {
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        let entropy = if p > 0.0 { -p * libm::log(p) } else { 0.0 } - (1.0 - p) * libm::log1p(-p);
        MeanTerms {
            p,
            entropy,
            y_min: -libm::log1p(-p),
        }
    }
}

/// max{ q in [p, 1] : kl(p, q) <= d } for p in [0, 1] and d >= 0, with error below 1e-12.
pub fn kl_upper(p: f64, d: f64) -> f64 {
    kl_upper_terms(&MeanTerms::new(p), d)
}

/// [`kl_upper`] with the terms of p computed once (the same bits).
pub fn kl_upper_terms(m: &MeanTerms, d: f64) -> f64 {
    let (p, h) = (m.p, m.entropy);
    if d.is_nan() || d <= 0.0 || p >= 1.0 {
        return p;
    }
    // kl(p, q) = -H - p ln q - (1-p) ln(1-q); with y = -ln(1-q): f(y) = kl - d.
    let q_up = refined_pinsker(p, d);
    let y_linear = (d + h) / (1.0 - p);
    let mut y = if q_up < 1.0 {
        y_linear.min(-libm::log1p(-q_up))
    } else {
        y_linear
    };
    for _ in 0..100 {
        let e = libm::exp(-y);
        let q = 1.0 - e;
        let ln_q = if p > 0.0 { p * libm::log1p(-e) } else { 0.0 };
        let f = -h - ln_q + (1.0 - p) * y - d;
        // f'(y) = (q - p) / q and f''(y) = p (1 - q) / q^2: Halley's step, or Newton's if the
        // Halley denominator is not positive.
        let slope = (q - p) / q;
        if slope.is_nan() || slope <= 0.0 {
            break;
        }
        let curvature = p * e / (q * q);
        let denom = 2.0 * slope * slope - f * curvature;
        let step = if denom > 0.0 {
            2.0 * f * slope / denom
        } else {
            f / slope
        };
        y = (y - step).max(m.y_min);
        if step.abs() <= 1e-8 * (1.0 + y) {
            break;
        }
    }
    (-libm::expm1(-y)).clamp(p, 1.0)
}

/// min{ q in [0, p] : kl(p, q) <= d }, by the symmetry kl(p, q) = kl(1-p, 1-q).
pub fn kl_lower(p: f64, d: f64) -> f64 {
    1.0 - kl_upper(1.0 - p.clamp(0.0, 1.0), d)
}

/// The KL-UCB index of an arm with empirical mean `mean` from `n` pulls at exploration level
/// `level` (+infinity when n = 0).
pub fn kl_ucb_index(mean: f64, n: u64, level: f64) -> f64 {
    if n == 0 {
        return f64::INFINITY;
    }
    kl_upper(mean, level / n as f64)
}

/// Far above the solver's error, far below any gap that matters.
const MARGIN: f64 = 1e-9;

pub struct KlUcb {
    counts: Counts,
    c: f64,
    t: usize,
    index: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// The last exact index of each arm, the d = level / n it was computed at and the slope
    /// dq/dd = q (1 - q) / (q - p) there (NaN: none since the arm was last pulled).
    cache_q: Vec<f64>,
    cache_d: Vec<f64>,
    cache_slope: Vec<f64>,
    /// The terms of each arm's mean (None: the arm was pulled since they were computed).
    terms: Vec<Option<MeanTerms>>,
}

impl KlUcb {
    fn new(arms: usize, c: f64) -> Self {
        KlUcb {
            counts: Counts::new(arms),
            c,
            t: 0,
            index: vec![f64::INFINITY; arms],
            lower: vec![0.0; arms],
            upper: vec![0.0; arms],
            cache_q: vec![f64::NAN; arms],
            cache_d: vec![f64::NAN; arms],
            cache_slope: vec![f64::NAN; arms],
            terms: vec![None; arms],
        }
    }

    fn exact(&mut self, a: usize, d: f64) -> f64 {
        let p = self.counts.mean(a);
        let terms = *self.terms[a].get_or_insert_with(|| MeanTerms::new(p));
        let q = kl_upper_terms(&terms, d);
        self.cache_q[a] = q;
        self.cache_d[a] = d;
        self.cache_slope[a] = q * (1.0 - q) / (q - p.clamp(0.0, 1.0));
        q
    }

    /// Fill `self.index` so that its argmax, ties included, is that of the exact indices at
    /// exploration level `level`. With `prune`, arms that cannot win get -infinity instead.
    fn fill_index(&mut self, level: f64, prune: bool) {
        let k = self.counts.arms();
        if self.counts.n.contains(&0) {
            // Unplayed arms (+infinity) win; only they can tie.
            for a in 0..k {
                self.index[a] = if self.counts.n[a] == 0 {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                };
            }
            return;
        }
        if !prune {
            for a in 0..k {
                self.index[a] = kl_ucb_index(self.counts.mean(a), self.counts.n[a], level);
            }
            return;
        }
        let mut leader = 0;
        for a in 0..k {
            let d = level / self.counts.n[a] as f64;
            let (qc, dc, slope) = (self.cache_q[a], self.cache_d[a], self.cache_slope[a]);
            if dc <= d && slope.is_finite() {
                self.lower[a] = qc;
                self.upper[a] = qc + (d - dc) * slope;
            } else {
                let p = self.counts.mean(a).clamp(0.0, 1.0);
                (self.lower[a], self.upper[a]) = index_bounds(p, d);
            }
            if self.lower[a] > self.lower[leader] {
                leader = a;
            }
        }
        let mut bar = self.lower[leader] - MARGIN;
        let rivals = (0..k)
            .filter(|&a| a != leader && self.upper[a] >= bar)
            .count();
        if rivals == 0 {
            // The leader's lower bound beats every other arm's upper bound.
            self.index.iter_mut().for_each(|x| *x = f64::NEG_INFINITY);
            self.index[leader] = self.lower[leader];
            return;
        }
        let q = self.exact(leader, level / self.counts.n[leader] as f64);
        self.index[leader] = q;
        bar = bar.max(q - MARGIN);
        for a in 0..k {
            if a == leader {
                continue;
            }
            if self.upper[a] >= bar {
                let q = self.exact(a, level / self.counts.n[a] as f64);
                self.index[a] = q;
                bar = bar.max(q - MARGIN);
            } else {
                self.index[a] = f64::NEG_INFINITY;
            }
        }
    }
}

impl Policy for KlUcb {
    fn choose(&mut self, t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        self.t = t;
        self.fill_index(exploration_level(t, self.c), true);
        rng.argmax(&self.index)
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
        self.cache_q[arm] = f64::NAN;
        self.cache_d[arm] = f64::NAN;
        self.cache_slope[arm] = f64::NAN;
        self.terms[arm] = None;
    }
    fn arms(&self) -> Vec<ArmView> {
        let level = exploration_level(self.t + 1, self.c);
        let mut v = self
            .counts
            .views(|a| Some(kl_ucb_index(self.counts.mean(a), self.counts.n[a], level)));
        for (a, view) in v.iter_mut().enumerate() {
            let n = self.counts.n[a];
            if n > 0 {
                let p = view.estimate.clamp(0.0, 1.0);
                view.belief = Some(Belief::Interval {
                    lo: kl_lower(p, level / n as f64),
                    hi: view.index.unwrap_or(p),
                });
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bernoulli kl written out directly (independent of the code above).
    fn kl(p: f64, q: f64) -> f64 {
        let a = if p == 0.0 { 0.0 } else { p * (p / q).ln() };
        let b = if p == 1.0 {
            0.0
        } else {
            (1.0 - p) * ((1.0 - p) / (1.0 - q)).ln()
        };
        a + b
    }

    #[test]
    fn index_solves_the_kl_equation() {
        for &(mean, n, t) in &[
            (0.5, 10u64, 100usize),
            (0.1, 3, 50),
            (0.9, 200, 10_000),
            (0.37, 1, 7),
            (0.999, 5000, 100_000),
            (0.02, 40, 1000),
        ] {
            let level = (t as f64).ln();
            let q = kl_ucb_index(mean, n, level);
            assert!(q > mean && q < 1.0, "q {q}");
            // n kl(mean, q) = ln t at the root, to about 1e-9 (the step tolerance is 1e-12
            // and the slope of n kl is at most n / (q (1 - q)) there).
            let lhs = n as f64 * kl(mean, q);
            assert!(
                (lhs - level).abs() < 1e-8 * level.max(1.0),
                "{mean} {n} {t}: {lhs} vs {level}"
            );
            // It is the largest such q: a little further the constraint fails.
            assert!(n as f64 * kl(mean, q + 1e-6) > level);
            // Pinsker's bound is above it.
            assert!(q <= mean + (level / n as f64 / 2.0).sqrt());
        }
    }

    #[test]
    fn closed_forms_at_the_edges() {
        // p = 0: kl(0, q) = -ln(1 - q), so q = 1 - exp(-d).
        for d in [1e-6f64, 0.7, 30.0] {
            let want = 1.0 - (-d).exp();
            assert!((kl_upper(0.0, d) - want).abs() < 1e-12, "{d}");
        }
        // p = 1: the index is 1; level 0 (t = 1): the index is the mean.
        assert_eq!(kl_ucb_index(1.0, 3, 2.0), 1.0);
        assert_eq!(kl_ucb_index(0.4, 3, 0.0), 0.4);
        // Means outside [0, 1] are clamped.
        assert_eq!(kl_ucb_index(1.7, 3, 2.0), 1.0);
        assert_eq!(kl_ucb_index(-0.5, 3, 0.0), 0.0);
        // The lower bound mirrors the upper one: kl(p, lo) = d with lo < p.
        let lo = kl_lower(0.6, 0.05);
        assert!(lo < 0.6 && (kl(0.6, lo) - 0.05).abs() < 1e-10);
        // The ln ln t term: c = 3 at t = 100 adds 3 ln ln 100.
        let want = 100f64.ln() + 3.0 * 100f64.ln().ln();
        assert!((exploration_level(100, 3.0) - want).abs() < 1e-12);
        assert_eq!(exploration_level(2, 3.0), 2f64.ln());
    }

    #[test]
    fn agrees_with_bisection_on_extreme_states() {
        // Bisection on the directly written kl over [p, 1]: 200 halvings.
        let bisect = |p: f64, d: f64| {
            let (mut lo, mut hi) = (p, 1.0);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if kl(p, mid) > d {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            lo
        };
        for p in [0.0, 1e-6, 0.001, 0.1, 0.5, 0.9, 0.999, 0.999999] {
            for n in [1u64, 7, 300, 100_000, 10_000_000] {
                for t in [2usize, 50, 10_000, 10_000_000] {
                    let d = (t as f64).ln() / n as f64;
                    let (got, want) = (kl_upper(p, d), bisect(p, d));
                    assert!(
                        (got - want).abs() < 1e-10,
                        "p {p} n {n} t {t}: {got} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn bounds_enclose_the_index() {
        // The bounds enclose the index, over a grid of states.
        for p in [0.0, 0.01, 0.2, 0.5, 0.77, 0.95, 0.999] {
            for d in [1e-7, 1e-4, 0.01, 0.3, 2.0, 20.0] {
                let q = kl_upper(p, d);
                let (lo, hi) = index_bounds(p, d);
                assert!(lo <= q + 1e-12 && q <= hi + 1e-12, "{p} {d}: {lo} {q} {hi}");
                assert!(q <= refined_pinsker(p, d) + 1e-12, "{p} {d}");
                assert!(q <= p + (d / 2.0).sqrt() + 1e-12, "Pinsker {p} {d}");
            }
        }
    }

    /// Run KL-UCB with and without pruning on the same rewards and random draws.
    fn run_pair(means: &[f64], horizon: usize, c: f64, seed: u64) {
        let k = means.len();
        let mut full = KlUcb::new(k, c);
        let mut pruned = KlUcb::new(k, c);
        let mut r_full = Rng::stream(seed, &["policy".into()]);
        let mut r_pruned = Rng::stream(seed, &["policy".into()]);
        let mut env = Rng::stream(seed, &["env".into()]);
        for t in 1..=horizon {
            let level = exploration_level(t, c);
            full.fill_index(level, false);
            let a = r_full.argmax(&full.index);
            let b = pruned.choose(t, Context::NONE, &mut r_pruned);
            assert_eq!(a, b, "round {t}");
            let x = if env.uniform() < means[a] { 1.0 } else { 0.0 };
            full.counts.add(a, x);
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
        run_pair(
            &[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
            5_000,
            0.0,
            1,
        );
        run_pair(&[0.5, 0.5, 0.5, 0.45], 3_000, 3.0, 2);
        // Equal arms that never pay: exact ties all along.
        run_pair(&[0.0, 0.0, 0.0], 500, 0.0, 3);
        run_pair(&[0.99, 0.98, 0.2], 3_000, 0.0, 4);
    }
}
