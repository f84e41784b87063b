//! What a worker wants: utility of consumption `c` (income after tax and rebate) and hours
//! `l`.
//!
//! - Quasi-linear power cost (the LLM Economist; the AI Economist's `coin_minus_labor_cost`):
//!   `u = c - c0 l^delta`. With a marginal net wage `w (1 - tau)` the interior optimum is
//!   `l* = (w (1 - tau) / (c0 delta))^(1 / (delta - 1))`, so income's elasticity with
//!   respect to `1 - tau` is `1 / (delta - 1)` (0.4 for delta = 3.5).
//! - Isoelastic labour supply: `u = c - l^(1 + 1/e) / (1 + 1/e)`, so `l* = (w (1 - tau))^e`
//!   and the elasticity is exactly `e` (Saez 2001).
//! - CRRA consumption with a linear labour cost (the AI Economist's
//!   `isoelastic_coin_minus_labor`): `u = (c^(1 - eta) - 1) / (1 - eta) - kappa l`, and
//!   `u = ln(max(1, c)) - kappa l` at `eta = 1`.

use crate::error::{check_positive, check_range, ConfigError};
use serde::{Deserialize, Serialize};

/// A worker's utility function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Utility {
    /// `u = c - c0 l^delta`.
    QuasiLinear { c0: f64, delta: f64 },
    /// `u = c - l^(1 + 1/e) / (1 + 1/e)`.
    Isoelastic { elasticity: f64 },
    /// `u = (c^(1 - eta) - 1) / (1 - eta) - kappa l`.
    Crra { eta: f64, labour_cost: f64 },
}

impl Default for Utility {
    fn default() -> Self {
        Utility::QuasiLinear {
            c0: 0.0005,
            delta: 3.5,
        }
    }
}

impl Utility {
    /// One example of every form, in menu order.
    pub fn examples() -> Vec<Utility> {
        vec![
            Utility::default(),
            Utility::Isoelastic { elasticity: 0.4 },
            Utility::Crra {
                eta: 0.23,
                labour_cost: 0.05,
            },
        ]
    }

    /// The `kind` tag of this form.
    pub fn kind(&self) -> &'static str {
        match self {
            Utility::QuasiLinear { .. } => "quasi_linear",
            Utility::Isoelastic { .. } => "isoelastic",
            Utility::Crra { .. } => "crra",
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        match *self {
            Utility::QuasiLinear { c0, delta } => {
                check_positive("c0", c0)?;
                check_range("delta", delta, 1.01, 20.0)
            }
            Utility::Isoelastic { elasticity } => check_range("elasticity", elasticity, 0.01, 10.0),
            Utility::Crra { eta, labour_cost } => {
                check_range("eta", eta, 0.0, 1.0)?;
                check_positive("labour_cost", labour_cost)
            }
        }
    }

    /// Utility of consuming `c` after working `l` hours.
    #[inline]
    pub fn value(&self, c: f64, l: f64) -> f64 {
        match *self {
            Utility::QuasiLinear { c0, delta } => c - c0 * libm::pow(l, delta),
            Utility::Isoelastic { elasticity } => {
                let k = 1.0 + 1.0 / elasticity;
                c - libm::pow(l, k) / k
            }
            Utility::Crra { eta, labour_cost } => consumption_utility(c, eta) - labour_cost * l,
        }
    }

    /// True if hours do not depend on income from elsewhere (the rebate): quasi-linear forms.
    pub fn no_income_effect(&self) -> bool {
        !matches!(self, Utility::Crra { .. })
    }

    /// The elasticity of income with respect to the net-of-tax rate, where it is a constant.
    pub fn elasticity(&self) -> Option<f64> {
        match *self {
            Utility::QuasiLinear { delta, .. } => Some(1.0 / (delta - 1.0)),
            Utility::Isoelastic { elasticity } => Some(elasticity),
            Utility::Crra { .. } => None,
        }
    }

    /// The hours that maximise utility on a budget segment where consumption is
    /// `c = c_start + m (l - l_start)` for `l` in `[lo, hi]` (marginal net wage `m >= 0`).
    /// Utility is concave in `l` on a segment, so the clipped first-order condition is the
    /// segment's maximum.
    pub fn segment_optimum(&self, m: f64, c_start: f64, l_start: f64, lo: f64, hi: f64) -> f64 {
        let l = match *self {
            // c0 delta l^(delta - 1) = m
            Utility::QuasiLinear { c0, delta } => {
                if m <= 0.0 {
                    0.0
                } else {
                    libm::pow(m / (c0 * delta), 1.0 / (delta - 1.0))
                }
            }
            // l^(1/e) = m
            Utility::Isoelastic { elasticity } => {
                if m <= 0.0 {
                    0.0
                } else {
                    libm::pow(m, elasticity)
                }
            }
            // c^(-eta) m = kappa  =>  c = (m / kappa)^(1 / eta); with eta = 0, u is linear in
            // l on the segment: all or nothing.
            Utility::Crra { eta, labour_cost } => {
                if m <= 0.0 {
                    lo
                } else if eta == 0.0 {
                    if m > labour_cost {
                        hi
                    } else {
                        lo
                    }
                } else {
                    let c_star = if eta == 1.0 {
                        // ln(max(1, c)): marginal utility 1/c above 1
                        (m / labour_cost).max(1.0)
                    } else {
                        libm::pow(m / labour_cost, 1.0 / eta)
                    };
                    l_start + (c_star - c_start) / m
                }
            }
        };
        if l.is_nan() {
            lo
        } else {
            l.clamp(lo, hi)
        }
    }
}

/// `(c^(1 - eta) - 1) / (1 - eta)`, `ln(max(1, c))` at `eta = 1`; consumption below 0 counts
/// as 0.
#[inline]
pub fn consumption_utility(c: f64, eta: f64) -> f64 {
    let c = c.max(0.0);
    if eta == 1.0 {
        libm::log(c.max(1.0))
    } else {
        (libm::pow(c, 1.0 - eta) - 1.0) / (1.0 - eta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llm_economist_labour_checkpoints() {
        // REFERENCES.md: s = 100, tau = 0 -> 79.94 h; tau = 0.5 -> 60.59 h.
        let u = Utility::default();
        let l0 = u.segment_optimum(100.0, 0.0, 0.0, 0.0, 1000.0);
        let l5 = u.segment_optimum(50.0, 0.0, 0.0, 0.0, 1000.0);
        assert!((l0 - 79.94).abs() < 0.005, "{l0}");
        assert!((l5 - 60.59).abs() < 0.005, "{l5}");
        assert_eq!(u.elasticity(), Some(0.4));
    }

    #[test]
    fn isoelastic_labour_is_net_wage_to_the_e() {
        let u = Utility::Isoelastic { elasticity: 0.5 };
        let l = u.segment_optimum(16.0, 0.0, 0.0, 0.0, 100.0);
        assert!((l - 4.0).abs() < 1e-12);
        // Income elasticity w.r.t. (1 - tau) is e: z = w (w (1 - tau))^e.
        let z = |tau: f64| 20.0 * u.segment_optimum(20.0 * (1.0 - tau), 0.0, 0.0, 0.0, 1e9);
        let e = (libm::log(z(0.3)) - libm::log(z(0.1))) / (libm::log(0.7) - libm::log(0.9));
        assert!((e - 0.5).abs() < 1e-12);
    }

    #[test]
    fn crra_first_order_condition() {
        let u = Utility::Crra {
            eta: 0.5,
            labour_cost: 0.1,
        };
        // c = 10 l; u = 2 (sqrt(c) - 1) - 0.1 l -> c^-0.5 * 10 = 0.1 -> c = 10^4, l = 1000.
        let l = u.segment_optimum(10.0, 0.0, 0.0, 0.0, 5000.0);
        assert!((l - 1000.0).abs() < 1e-9, "{l}");
        assert_eq!(u.segment_optimum(10.0, 0.0, 0.0, 0.0, 100.0), 100.0);
        assert!((consumption_utility(4.0, 0.5) - 2.0).abs() < 1e-15);
        assert_eq!(consumption_utility(0.5, 1.0), 0.0);
    }

    #[test]
    fn bad_parameters_name_the_field() {
        let u = Utility::QuasiLinear {
            c0: -1.0,
            delta: 3.5,
        };
        assert_eq!(u.validate().unwrap_err().field, "c0");
        let u = Utility::Crra {
            eta: 2.0,
            labour_cost: 1.0,
        };
        assert_eq!(u.validate().unwrap_err().field, "eta");
    }
}
