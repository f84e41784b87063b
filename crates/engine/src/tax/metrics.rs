//! What an economy is judged by (the AI Economist's `social_metrics` and `rewards`, the LLM
//! Economist's welfare).
//!
//! - Gini, as the AI Economist computes it: for `n < 30` the mean absolute difference
//!   `sum_ij |x_i - x_j| / (2 n sum x) * n / (n - 1)`; for `n >= 30`
//!   `1 - 2 / (n + 1) * sum_k (cumsum of sorted x)_k / sum x`. Equality is `1 - Gini`.
//! - Productivity: total pre-tax income.
//! - Equality x productivity: `(1 - Gini(c)) * mean(c)` over consumption `c` (the AI
//!   Economist's `coin_eq_times_productivity` with equality weight 1).
//! - Utilitarian welfare: mean utility.
//! - Inverse-income-weighted welfare: `sum_i w_i u_i` with `w_i = 1 / max(z_i, 1)`
//!   normalised to sum to 1 (the AI Economist's `inv_income_weighted_utility`; the LLM
//!   Economist's default "rawlsian" welfare up to that normalisation).
//!
//! Checkpoints (REFERENCES.md): on `[1, 2, 3, 4]` Gini 1/3, equality 2/3, equality x
//! productivity 1.6667; utilities `[.5, 1, 1.5, 2]` on those incomes weigh to 0.96.

use serde::{Deserialize, Serialize};

/// The social welfare a planner maximises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Welfare {
    /// Utilities weighted by inverse pre-tax income.
    #[default]
    InverseIncome,
    /// Mean utility.
    Utilitarian,
    /// Equality of consumption times its mean.
    EqualityTimesProductivity,
}

impl Welfare {
    pub const ALL: [Welfare; 3] = [
        Welfare::InverseIncome,
        Welfare::Utilitarian,
        Welfare::EqualityTimesProductivity,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Welfare::InverseIncome => "inverse-income-weighted utility",
            Welfare::Utilitarian => "mean utility",
            Welfare::EqualityTimesProductivity => "equality x productivity",
        }
    }

    /// This welfare's value in `m`.
    pub fn of(self, m: &Metrics) -> f64 {
        match self {
            Welfare::InverseIncome => m.inverse_income_welfare,
            Welfare::Utilitarian => m.mean_utility,
            Welfare::EqualityTimesProductivity => m.equality_times_productivity,
        }
    }
}

/// The headline numbers of one year of an economy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Total pre-tax income.
    pub productivity: f64,
    /// 1 - Gini of consumption (income after tax and rebate).
    pub equality: f64,
    /// 1 - Gini of pre-tax income.
    pub pretax_equality: f64,
    /// Equality of consumption times mean consumption.
    pub equality_times_productivity: f64,
    /// Mean utility.
    pub mean_utility: f64,
    /// Inverse-income-weighted utility.
    pub inverse_income_welfare: f64,
    /// Total tax collected.
    pub revenue: f64,
    /// Mean hours worked.
    pub mean_hours: f64,
}

/// Gini coefficient as the AI Economist computes it (see the module docs). `sorted` must
/// be sorted ascending for `n >= 30` (it is not read in order below that).
pub fn gini(x: &[f64], sorted: bool) -> f64 {
    let n = x.len();
    if n == 0 {
        return 0.0;
    }
    if n < 30 {
        let mut diff = 0.0;
        for a in x {
            for b in x {
                diff += (a - b).abs();
            }
        }
        let total: f64 = x.iter().sum();
        let norm = 2.0 * n as f64 * total;
        let unscaled = diff / (norm + 1e-10);
        return if n > 1 {
            unscaled / ((n as f64 - 1.0) / n as f64)
        } else {
            0.0
        };
    }
    let owned;
    let s: &[f64] = if sorted {
        x
    } else {
        let mut v = x.to_vec();
        v.sort_by(f64::total_cmp);
        owned = v;
        &owned
    };
    let mut cum = 0.0;
    let mut sum_cum = 0.0;
    for v in s {
        cum += v;
        sum_cum += cum;
    }
    1.0 - (2.0 / (n as f64 + 1.0)) * sum_cum / (cum + 1e-10)
}

/// `sum_i u_i / max(z_i, 1)` over `sum_i 1 / max(z_i, 1)`.
pub fn inverse_income_welfare(pretax: &[f64], utilities: &[f64]) -> f64 {
    let mut wsum = 0.0;
    let mut acc = 0.0;
    for (z, u) in pretax.iter().zip(utilities) {
        let w = 1.0 / z.max(1.0);
        wsum += w;
        acc += w * u;
    }
    if wsum > 0.0 {
        acc / wsum
    } else {
        0.0
    }
}

/// The Lorenz curve of `sorted` (ascending) at population shares 0, 1/k, ..., 1: the share
/// of the total held by the poorest fraction (interpolated within a worker).
pub fn lorenz(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let total: f64 = sorted.iter().sum();
    let mut cum = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    cum.push(0.0);
    for v in sorted {
        acc += v;
        cum.push(acc);
    }
    (0..=k)
        .map(|j| {
            if total <= 0.0 || n == 0 {
                return j as f64 / k as f64;
            }
            let pos = j as f64 / k as f64 * n as f64;
            let i = (pos.floor() as usize).min(n);
            let frac = pos - i as f64;
            let v = if i < n {
                cum[i] + frac * sorted[i]
            } else {
                cum[n]
            };
            v / total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_checkpoints() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let g = gini(&x, true);
        assert!((g - 1.0 / 3.0).abs() < 1e-9, "{g}");
        let eq = 1.0 - g;
        assert!((eq - 2.0 / 3.0).abs() < 1e-9);
        assert!((eq * 2.5 - 1.6667).abs() < 1e-4);
        let w = inverse_income_welfare(&x, &[0.5, 1.0, 1.5, 2.0]);
        assert!((w - 0.96).abs() < 1e-12, "{w}");
    }

    #[test]
    fn gini_large_n_formula_and_extremes() {
        let equal = vec![5.0; 100];
        assert!(gini(&equal, true).abs() < 1e-9);
        // One worker holds everything: 1 - 2/(n+1) * n * x / x = 1 - 2n/(n+1).
        let mut one = vec![0.0; 99];
        one.push(10.0);
        let g = gini(&one, true);
        assert!((g - (1.0 - 2.0 / 101.0)).abs() < 1e-9, "{g}");
        // Order does not matter when the caller says the data are unsorted.
        let mut rev = one.clone();
        rev.reverse();
        assert_eq!(gini(&rev, false), g);
    }

    #[test]
    fn lorenz_of_equal_and_unequal() {
        let l = lorenz(&[1.0, 1.0, 1.0, 1.0], 4);
        assert_eq!(l, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let l = lorenz(&[0.0, 0.0, 0.0, 4.0], 4);
        assert_eq!(l, vec![0.0, 0.0, 0.0, 0.0, 1.0]);
        let l = lorenz(&[1.0, 3.0], 4);
        assert_eq!(l, vec![0.0, 0.125, 0.25, 0.625, 1.0]);
    }
}
