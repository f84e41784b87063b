//! Where workers' skills (hourly wages) come from.
//!
//! - GB2 income fitted to the 2023 American Community Survey (the LLM Economist,
//!   `llm_economist/utils/common.py`): `income = mu (G1 / G2)^(1 / sigma)` with
//!   `G1 ~ Gamma(nu)`, `G2 ~ Gamma(tau)`; `mu = 72402.78`, `sigma = 2.07211`,
//!   `nu = 0.486519`, `tau = 1.14104`; skill = income / 40 (as the LLM Economist divides).
//! - The AI Economist's rule (`SimpleLabor`): Pareto(4) samples `x = 1 + Lomax(4)`, skill
//!   `min(m, (m - 1) x)` with `m = 3`; each worker's skill is the mean of its rank's sample
//!   over a batch of draws (1,000 in the AI Economist; here at most 1,000 and at most
//!   1,000,000 draws in all, so 100,000 workers average 10). Skills are in coin per hour;
//!   one coin is $1,000 (the AI Economist's `usd_scaling`).
//! - Lognormal incomes (median and log-sd), uniform skills, or a table the user gives:
//!   income percentiles (interpolated linearly) or one income per worker.
//!
//! Skills are returned sorted, lowest first: worker `i` is the `i`-th least skilled.

use crate::error::{check_positive, check_range, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most workers an economy may have.
pub const MAX_WORKERS: usize = 100_000;
/// Fewest workers.
pub const MIN_WORKERS: usize = 10;

/// How skills are drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Skills {
    /// GB2 incomes (ACS 2023 fit by default), skill = income / hours.
    Gb2 {
        mu: f64,
        sigma: f64,
        nu: f64,
        tau: f64,
        /// Hours that turn an income into a skill (the LLM Economist's 40).
        hours: f64,
    },
    /// The AI Economist's clipped Pareto rule, in dollars per hour.
    AiEconomist {
        /// Pareto shape (4).
        shape: f64,
        /// Highest skill multiplier m (3).
        max_multiplier: f64,
        /// Dollars per coin (1,000).
        dollars_per_coin: f64,
    },
    /// Lognormal incomes with this median and log-standard deviation; skill = income / hours.
    Lognormal { median: f64, sigma: f64, hours: f64 },
    /// Skills uniform between `low` and `high` dollars per hour.
    Uniform { low: f64, high: f64 },
    /// Income percentiles `[p, income]` (p from 0 to 100, increasing), interpolated
    /// linearly; skill = income / hours.
    Percentiles { points: Vec<[f64; 2]>, hours: f64 },
    /// One income per worker (the number of workers is the table's length); skill =
    /// income / hours.
    Incomes { incomes: Vec<f64>, hours: f64 },
}

impl Default for Skills {
    fn default() -> Self {
        Skills::gb2_acs_2023()
    }
}

impl Skills {
    /// The LLM Economist's GB2 fit to ACS 2023 incomes.
    pub fn gb2_acs_2023() -> Self {
        Skills::Gb2 {
            mu: 72_402.781_779_176_18,
            sigma: 2.072_107_074_615_474_6,
            nu: 0.486_518_719_593_869_55,
            tau: 1.141_039_854_822_032_9,
            hours: 40.0,
        }
    }

    /// The AI Economist's Pareto rule with its defaults.
    pub fn ai_economist() -> Self {
        Skills::AiEconomist {
            shape: 4.0,
            max_multiplier: 3.0,
            dollars_per_coin: 1_000.0,
        }
    }

    /// One example of every kind, in menu order (the form's starting point for a kind).
    pub fn examples() -> Vec<Skills> {
        vec![
            Skills::gb2_acs_2023(),
            Skills::ai_economist(),
            Skills::Lognormal {
                median: 50_000.0,
                sigma: 0.8,
                hours: 40.0,
            },
            Skills::Uniform {
                low: 250.0,
                high: 2_500.0,
            },
            // Rounded US individual income percentiles (ACS-like), for illustration.
            Skills::Percentiles {
                points: vec![
                    [0.0, 0.0],
                    [10.0, 8_000.0],
                    [25.0, 22_000.0],
                    [50.0, 45_000.0],
                    [75.0, 85_000.0],
                    [90.0, 140_000.0],
                    [99.0, 450_000.0],
                    [100.0, 2_000_000.0],
                ],
                hours: 40.0,
            },
            Skills::Incomes {
                incomes: (1..=10).map(|k| k as f64 * 10_000.0).collect(),
                hours: 40.0,
            },
        ]
    }

    /// The `kind` tag of this source.
    pub fn kind(&self) -> &'static str {
        match self {
            Skills::Gb2 { .. } => "gb2",
            Skills::AiEconomist { .. } => "ai_economist",
            Skills::Lognormal { .. } => "lognormal",
            Skills::Uniform { .. } => "uniform",
            Skills::Percentiles { .. } => "percentiles",
            Skills::Incomes { .. } => "incomes",
        }
    }

    /// Workers the economy has: `n`, or the table's length.
    pub fn workers(&self, n: usize) -> usize {
        match self {
            Skills::Incomes { incomes, .. } => incomes.len(),
            _ => n,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            Skills::Gb2 {
                mu,
                sigma,
                nu,
                tau,
                hours,
            } => {
                check_positive("mu", *mu)?;
                check_range("sigma", *sigma, 0.05, 50.0)?;
                check_range("nu", *nu, 0.01, 100.0)?;
                check_range("tau", *tau, 0.01, 100.0)?;
                check_range("hours", *hours, 1.0, 10_000.0)
            }
            Skills::AiEconomist {
                shape,
                max_multiplier,
                dollars_per_coin,
            } => {
                check_range("shape", *shape, 0.1, 100.0)?;
                check_range("max_multiplier", *max_multiplier, 1.01, 1000.0)?;
                check_positive("dollars_per_coin", *dollars_per_coin)
            }
            Skills::Lognormal {
                median,
                sigma,
                hours,
            } => {
                check_positive("median", *median)?;
                check_range("sigma", *sigma, 0.0, 5.0)?;
                check_range("hours", *hours, 1.0, 10_000.0)
            }
            Skills::Uniform { low, high } => {
                check_range("low", *low, 0.0, 1e7)?;
                check_range("high", *high, 0.0, 1e7)?;
                if high < low {
                    return Err(ConfigError::new("high", "must be at least low"));
                }
                Ok(())
            }
            Skills::Percentiles { points, hours } => {
                check_range("hours", *hours, 1.0, 10_000.0)?;
                if points.len() < 2 {
                    return Err(ConfigError::new(
                        "points",
                        "give at least two [percentile, income] points",
                    ));
                }
                for (i, [p, z]) in points.iter().enumerate() {
                    check_range(&format!("points[{i}][0]"), *p, 0.0, 100.0)?;
                    check_range(&format!("points[{i}][1]"), *z, 0.0, 1e10)?;
                    if i > 0 && (*p <= points[i - 1][0] || *z < points[i - 1][1]) {
                        return Err(ConfigError::new(
                            format!("points[{i}]"),
                            "percentiles must increase and incomes must not fall",
                        ));
                    }
                }
                if points[0][0] != 0.0 || points[points.len() - 1][0] != 100.0 {
                    return Err(ConfigError::new(
                        "points",
                        "the table must start at percentile 0 and end at percentile 100",
                    ));
                }
                Ok(())
            }
            Skills::Incomes { incomes, hours } => {
                check_range("hours", *hours, 1.0, 10_000.0)?;
                if incomes.len() < MIN_WORKERS || incomes.len() > MAX_WORKERS {
                    return Err(ConfigError::new(
                        "incomes",
                        format!(
                            "give {MIN_WORKERS} to {MAX_WORKERS} incomes, one per worker (got {})",
                            incomes.len()
                        ),
                    ));
                }
                for (i, z) in incomes.iter().enumerate() {
                    check_range(&format!("incomes[{i}]"), *z, 0.0, 1e10)?;
                }
                Ok(())
            }
        }
    }

    /// Draw `n` skills (dollars per hour), sorted lowest first. Call [`Skills::validate`]
    /// first.
    pub fn draw(&self, n: usize, rng: &mut Rng) -> Vec<f64> {
        let mut s: Vec<f64> = match self {
            Skills::Gb2 {
                mu,
                sigma,
                nu,
                tau,
                hours,
            } => (0..n)
                .map(|_| {
                    let g1 = rng.gamma(*nu);
                    let g2 = rng.gamma(*tau);
                    mu * libm::pow(g1 / g2, 1.0 / sigma) / hours
                })
                .collect(),
            Skills::AiEconomist {
                shape,
                max_multiplier,
                dollars_per_coin,
            } => {
                let batch = (1_000_000 / n.max(1)).clamp(1, 1_000);
                let m = *max_multiplier;
                let mut sum = vec![0.0; n];
                let mut row = vec![0.0; n];
                for _ in 0..batch {
                    for x in row.iter_mut() {
                        // numpy's pareto(a) is Lomax: U^(-1/a) - 1; the AI Economist adds 1.
                        let lomax = libm::pow(rng.uniform_open(), -1.0 / shape) - 1.0;
                        *x = m.min((m - 1.0) * (lomax + 1.0));
                    }
                    row.sort_by(f64::total_cmp);
                    for (acc, x) in sum.iter_mut().zip(&row) {
                        *acc += x;
                    }
                }
                sum.iter()
                    .map(|x| x / batch as f64 * dollars_per_coin)
                    .collect()
            }
            Skills::Lognormal {
                median,
                sigma,
                hours,
            } => (0..n)
                .map(|_| median * libm::exp(sigma * rng.normal()) / hours)
                .collect(),
            Skills::Uniform { low, high } => {
                (0..n).map(|_| low + (high - low) * rng.uniform()).collect()
            }
            Skills::Percentiles { points, hours } => (0..n)
                .map(|_| interpolate(points, 100.0 * rng.uniform()) / hours)
                .collect(),
            Skills::Incomes { incomes, hours } => incomes.iter().map(|z| z / hours).collect(),
        };
        s.sort_by(f64::total_cmp);
        s
    }
}

/// The income at percentile `p` of a table of `[percentile, income]` points.
fn interpolate(points: &[[f64; 2]], p: f64) -> f64 {
    for w in points.windows(2) {
        let ([p0, z0], [p1, z1]) = (w[0], w[1]);
        if p <= p1 {
            return z0 + (z1 - z0) * (p - p0) / (p1 - p0);
        }
    }
    points[points.len() - 1][1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;
    use crate::stats::quantile_sorted;

    #[test]
    fn gb2_reproduces_the_acs_quantiles() {
        // REFERENCES.md (computed from the GB2 quantile function): P10 6,851; median
        // 38,102; P90 124,509; mean 59,249. 200,000 draws: quantiles within ~1.5 %.
        let mut rng = Rng::stream(1, &[Key::Str("test")]);
        let s = Skills::gb2_acs_2023().draw(200_000, &mut rng);
        let z: Vec<f64> = s.iter().map(|x| x * 40.0).collect();
        for (q, want) in [(0.1, 6_851.0), (0.5, 38_102.0), (0.9, 124_509.0)] {
            let got = quantile_sorted(&z, q);
            assert!((got / want - 1.0).abs() < 0.02, "q{q}: {got} vs {want}");
        }
        assert!(s.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn ai_economist_skills_lie_between_m_minus_1_and_m() {
        let mut rng = Rng::stream(2, &[Key::Str("test")]);
        let s = Skills::ai_economist().draw(100, &mut rng);
        assert!(s.iter().all(|&x| (2_000.0..=3_000.0).contains(&x)));
        // The top ranks are clipped at m most of the time; the lowest is near (m - 1) * 1.
        assert!(s[99] > 2_900.0 && s[0] < 2_050.0, "{} {}", s[0], s[99]);
    }

    #[test]
    fn tables_give_their_incomes() {
        let mut rng = Rng::stream(3, &[Key::Str("test")]);
        let t = Skills::Incomes {
            incomes: (1..=10).rev().map(|i| i as f64 * 1_000.0).collect(),
            hours: 40.0,
        };
        assert_eq!(t.workers(5), 10);
        let s = t.draw(10, &mut rng);
        assert_eq!(s[0], 25.0);
        assert_eq!(s[9], 250.0);
        let p = Skills::Percentiles {
            points: vec![[0.0, 0.0], [50.0, 40_000.0], [100.0, 200_000.0]],
            hours: 40.0,
        };
        p.validate().unwrap();
        assert_eq!(interpolate(&[[0.0, 0.0], [50.0, 40_000.0]], 25.0), 20_000.0);
        let s = p.draw(10_000, &mut rng);
        assert!((quantile_sorted(&s, 0.5) * 40.0 / 40_000.0 - 1.0).abs() < 0.05);
    }

    #[test]
    fn bad_tables_name_the_field() {
        let p = Skills::Percentiles {
            points: vec![[0.0, 10.0], [50.0, 5.0], [100.0, 20.0]],
            hours: 40.0,
        };
        assert_eq!(p.validate().unwrap_err().field, "points[1]");
        let t = Skills::Incomes {
            incomes: vec![1.0; 3],
            hours: 40.0,
        };
        assert_eq!(t.validate().unwrap_err().field, "incomes");
    }
}
