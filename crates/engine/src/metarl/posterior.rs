//! The pseudo-Thompson check: how often a player picks each arm, against the exact posterior
//! probability that the arm is the best one.
//!
//! With k Bernoulli arms, U(0, 1) priors and S_a successes, F_a failures, arm a's mean has
//! the posterior Beta(1 + S_a, 1 + F_a), independently across arms, and
//!
//! ```text
//! P(a is best) = integral_0^1 f_a(x) prod_{b != a} F_b(x) dx
//! ```
//!
//! (f the density, F the distribution function), computed here by the midpoint rule on
//! [`GRID`] points, the distribution functions by cumulative sums of the same densities.
//! Thompson sampling picks each arm with exactly this probability (Thompson 1933), so its
//! points lie on the diagonal; a greedy player's form a step; "Exploitation Is All You
//! Need... for Exploration" (2025) reports a greedy-objective agent without long-horizon
//! credit whose choices track it (the pseudo-Thompson effect).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Grid points of the numerical integration.
pub const GRID: usize = 400;
/// Bins of the calibration table.
pub const BINS: usize = 10;
/// Most arms the check is computed for (its cost grows with k).
pub const MAX_ARMS: usize = 10;

/// The density (normalised on the grid) and distribution function of Beta(1 + s, 1 + f) at
/// the grid's midpoints.
fn rows(s: u64, f: u64) -> (Vec<f64>, Vec<f64>) {
    let h = 1.0 / GRID as f64;
    let (al, be) = (1.0 + s as f64, 1.0 + f as f64);
    let mut pdf: Vec<f64> = (0..GRID)
        .map(|i| {
            let x = (i as f64 + 0.5) * h;
            libm::exp((al - 1.0) * libm::log(x) + (be - 1.0) * libm::log(1.0 - x))
        })
        .collect();
    let total: f64 = pdf.iter().sum();
    pdf.iter_mut().for_each(|p| *p /= total);
    // F at each midpoint: the mass below it plus half its own cell.
    let mut acc = 0.0;
    let cdf = pdf
        .iter()
        .map(|&p| {
            let c = acc + 0.5 * p;
            acc += p;
            c
        })
        .collect();
    (pdf, cdf)
}

/// Beta rows already computed, by (successes, failures).
#[derive(Clone, Debug, Default)]
pub struct Rows(BTreeMap<(u64, u64), (Vec<f64>, Vec<f64>)>);

impl Rows {
    /// P(a is best) for every arm, given successes and failures (U(0, 1) priors).
    pub fn prob_best(&mut self, successes: &[u64], failures: &[u64]) -> Vec<f64> {
        let k = successes.len();
        for a in 0..k {
            let key = (successes[a], failures[a]);
            self.0.entry(key).or_insert_with(|| rows(key.0, key.1));
        }
        let get = |a: usize| &self.0[&(successes[a], failures[a])];
        let mut out: Vec<f64> = (0..k)
            .map(|a| {
                let pdf = &get(a).0;
                (0..GRID)
                    .map(|i| {
                        let mut m = pdf[i];
                        for b in 0..k {
                            if b != a {
                                m *= get(b).1[i];
                            }
                        }
                        m
                    })
                    .sum()
            })
            .collect();
        let total: f64 = out.iter().sum();
        if total > 0.0 {
            out.iter_mut().for_each(|p| *p /= total);
        }
        out
    }
}

/// P(a is best) for every arm, given successes and failures (U(0, 1) priors).
pub fn prob_best(successes: &[u64], failures: &[u64]) -> Vec<f64> {
    Rows::default().prob_best(successes, failures)
}

/// One bin of the calibration table: the (pull, arm) pairs whose P(best) fell in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Mean P(best) of the pairs.
    pub predicted: f64,
    /// Share of them in which the arm was chosen.
    pub chosen: f64,
    /// Pairs in the bin.
    pub count: u64,
}

/// Accumulates the calibration table while a player plays.
#[derive(Clone, Debug, Default)]
pub struct Calibration {
    rows: Rows,
    sum_p: Vec<f64>,
    sum_chosen: Vec<f64>,
    count: Vec<u64>,
    /// For the correlation between P(best) and the choice.
    n: f64,
    sx: f64,
    sy: f64,
    sxx: f64,
    syy: f64,
    sxy: f64,
}

impl Calibration {
    pub fn new() -> Calibration {
        Calibration {
            sum_p: vec![0.0; BINS],
            sum_chosen: vec![0.0; BINS],
            count: vec![0; BINS],
            ..Default::default()
        }
    }

    /// Record a choice of `chosen` after `successes` and `failures`.
    pub fn observe(&mut self, successes: &[u64], failures: &[u64], chosen: usize) {
        let p = self.rows.prob_best(successes, failures);
        self.add(&p, chosen);
    }

    /// Record a choice of `chosen` when the posterior probabilities of being best were `p`.
    pub fn add(&mut self, p: &[f64], chosen: usize) {
        for (a, &pa) in p.iter().enumerate() {
            let y = if a == chosen { 1.0 } else { 0.0 };
            let bin = ((pa * BINS as f64) as usize).min(BINS - 1);
            self.sum_p[bin] += pa;
            self.sum_chosen[bin] += y;
            self.count[bin] += 1;
            self.n += 1.0;
            self.sx += pa;
            self.sy += y;
            self.sxx += pa * pa;
            self.syy += y * y;
            self.sxy += pa * y;
        }
    }

    /// The table (empty bins have count 0 and zero shares).
    pub fn bins(&self) -> Vec<CalibrationBin> {
        (0..BINS)
            .map(|b| {
                let c = self.count[b];
                CalibrationBin {
                    predicted: if c == 0 {
                        0.0
                    } else {
                        self.sum_p[b] / c as f64
                    },
                    chosen: if c == 0 {
                        0.0
                    } else {
                        self.sum_chosen[b] / c as f64
                    },
                    count: c,
                }
            })
            .collect()
    }

    /// Root mean squared gap between the share chosen and P(best) over the bins, weighted by
    /// their pairs: 0 for Thompson sampling (up to sampling noise). `None` before any choice.
    pub fn gap(&self) -> Option<f64> {
        let mut s = 0.0;
        let mut n = 0u64;
        for b in 0..BINS {
            if self.count[b] > 0 {
                let c = self.count[b] as f64;
                let d = self.sum_chosen[b] / c - self.sum_p[b] / c;
                s += c * d * d;
                n += self.count[b];
            }
        }
        (n > 0).then(|| (s / n as f64).sqrt())
    }

    /// Pearson correlation between P(best) and the choice indicator (`None` when either is
    /// constant).
    pub fn correlation(&self) -> Option<f64> {
        let n = self.n;
        let cov = self.sxy / n - (self.sx / n) * (self.sy / n);
        let vx = self.sxx / n - (self.sx / n) * (self.sx / n);
        let vy = self.syy / n - (self.sy / n) * (self.sy / n);
        (vx > 0.0 && vy > 0.0).then(|| cov / (vx * vy).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_fresh_arms_are_equally_likely_best() {
        let p = prob_best(&[0, 0], &[0, 0]);
        assert!((p[0] - 0.5).abs() < 1e-9 && (p[1] - 0.5).abs() < 1e-9);
    }

    #[test]
    fn matches_the_closed_form_for_two_arms() {
        // X ~ Beta(2, 1), Y ~ Beta(1, 2): P(X > Y) = 5/6 (see the Thompson policy's test).
        let p = prob_best(&[1, 0], &[0, 1]);
        assert!((p[0] - 5.0 / 6.0).abs() < 1e-4, "{p:?}");
        // X ~ Beta(3, 1), Y ~ U(0, 1): P(X > Y) = E[X] = 3/4.
        let p = prob_best(&[2, 0], &[0, 0]);
        assert!((p[0] - 0.75).abs() < 1e-4, "{p:?}");
    }

    #[test]
    fn three_fresh_arms_are_a_third_each_and_sum_to_one() {
        let p = prob_best(&[0, 0, 0], &[0, 0, 0]);
        for x in &p {
            assert!((x - 1.0 / 3.0).abs() < 1e-9);
        }
        let q = prob_best(&[5, 1, 0], &[2, 3, 0]);
        assert!((q.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
