//! The Saez (2001) optimal marginal rates, computed from incomes the way the AI Economist's
//! `PeriodicBracketTax` (tax model "saez", ai-economist 1.7.1) computes them; both Saez
//! planners use it.
//!
//! `T'(z) = (1 - G(z)) / (1 - G(z) + a(z) e)`, with `G(z)` the average social weight of
//! incomes above `z`, `a(z) = z h(z) / (1 - H(z))` the local Pareto parameter and `e` the
//! elasticity of income with respect to the net-of-tax rate.
//!
//! 1. Incomes are binned: `NB = 100` bins of equal width on `[0, top]` (`top` = the start of
//!    the top bracket; edges `i * top / 100`, the last bin closed) plus an open top bin.
//! 2. Welfare weights per bin: the weight of the bin's midpoint times its count (the AI
//!    Economist's rule, with `w(z) = 1 / max(1, z)`), or the sum of the workers' own weights
//!    (the analytic planner); incomes below 0 and above `top` use their own weight.
//!    `G_i = (sum of normalised weights in bins >= i) / (share of incomes in bins >= i)`,
//!    interpolated to bin midpoints.
//! 3. `a_i = mid_i p_i / (P(z >= z_i) + 1e-9) / width_i` with the half-bin correction
//!    `P(z >= z_i) = 1 - cum_i + p_i / 2`; the top bin `a = m / (m - top)` with `m` the mean
//!    income above `top` (0 if nobody is above).
//! 4. Bin rates `(1 - G) / (1 - G + a e + 1e-9)`; empty bins interpolated linearly.
//! 5. Each bracket's rate is the income-weighted average of the bin rates over it (the tax
//!    those rates would collect across the bracket, divided by its width); the top bracket
//!    takes the top bin's rate.
//!
//! The elasticity of the data-driven planner is the OLS slope of `ln z` on `ln(1 - tau)`
//! over a buffer of (income, marginal rate) pairs, floored at 0 and smoothed
//! (`e_t = 0.02 e_hat + 0.98 e_{t-1}`); see [`estimate_elasticity`].
//!
//! A test runs every step against the AI Economist's own output
//! (`tests/data/aie-saez.json`, made by `scripts/aie-saez-fixture.py`).

/// The AI Economist's guard against division by zero.
const EPS: f64 = 1e-9;
/// Estimation bins below the top cutoff.
pub const BINS: usize = 100;

/// How incomes are weighted in `G(z)`.
#[derive(Clone, Copy, Debug)]
pub enum Weights<'a> {
    /// `1 / max(1, z)` at each bin's midpoint (the AI Economist's `inverse_income`).
    InverseIncome,
    /// Weight 1 for everyone (the AI Economist's `uniform`).
    Uniform,
    /// Each income's own weight, in the order of the incomes.
    PerIncome(&'a [f64]),
}

impl Weights<'_> {
    fn at(&self, z: f64) -> f64 {
        match self {
            Weights::Uniform => 1.0,
            _ => 1.0 / z.max(1.0),
        }
    }
}

/// The estimation bins on `[0, top]`.
#[derive(Clone, Debug)]
pub struct Bins {
    /// `BINS + 1` edges, `edges[i] = i * (top / BINS)`, `edges[BINS] = top`.
    pub edges: Vec<f64>,
    pub top: f64,
}

/// What the binning finds: per-bin welfare weights `gz`, Pareto parameters `az` (NaN for an
/// empty bin), counts, and the incomes below 0 and above the top.
#[derive(Clone, Debug)]
pub struct Binned {
    pub counts: Vec<usize>,
    pub below: usize,
    pub above: usize,
    pub gz: Vec<f64>,
    pub az: Vec<f64>,
}

impl Bins {
    /// Bins up to `top` (> 0).
    pub fn new(top: f64) -> Self {
        let step = top / BINS as f64;
        let mut edges: Vec<f64> = (0..=BINS).map(|i| i as f64 * step + 0.0).collect();
        edges[BINS] = top;
        Bins { edges, top }
    }

    fn width(&self, i: usize) -> f64 {
        self.edges[i + 1] - self.edges[i]
    }

    fn mid(&self, i: usize) -> f64 {
        0.5 * (self.edges[i] + self.edges[i + 1])
    }

    /// The bin of `z` in `[0, top]` (the last bin is closed, as numpy's histogram).
    fn bin_of(&self, z: f64) -> usize {
        if z >= self.top {
            return BINS - 1;
        }
        let step = self.top / BINS as f64;
        let mut i = ((z / step) as usize).min(BINS - 1);
        while i > 0 && z < self.edges[i] {
            i -= 1;
        }
        while i + 1 < BINS && z >= self.edges[i + 1] {
            i += 1;
        }
        i
    }

    /// Bin `incomes` and compute `G` and `a` per bin (steps 1 to 3 of the module docs).
    pub fn binned(&self, incomes: &[f64], weights: Weights<'_>) -> Binned {
        let mut counts = vec![0usize; BINS];
        let mut wsum_bins = vec![0.0; BINS];
        let (mut below, mut above) = (0usize, 0usize);
        let (mut w_below, mut w_above, mut sum_above) = (0.0, 0.0, 0.0);
        for (k, &z) in incomes.iter().enumerate() {
            if z.is_nan() {
                continue;
            }
            let own = match weights {
                Weights::PerIncome(w) => Some(w[k]),
                _ => None,
            };
            if z < 0.0 {
                below += 1;
                w_below += own.unwrap_or_else(|| weights.at(0.0));
            } else if z > self.top {
                above += 1;
                w_above += own.unwrap_or_else(|| weights.at(z));
                sum_above += z;
            } else {
                let i = self.bin_of(z);
                counts[i] += 1;
                if let Some(w) = own {
                    wsum_bins[i] += w;
                }
            }
        }
        let n = (counts.iter().sum::<usize>() + below + above) as f64;
        // Probability mass per bin (the top bin is index BINS) and its running sum.
        let mut pz: Vec<f64> = counts.iter().map(|&c| c as f64 / n).collect();
        pz.push(above as f64 / n);
        let mut cum = vec![0.0; BINS + 1];
        cum[0] = pz[0] + below as f64 / n;
        for i in 1..=BINS {
            cum[i] = (cum[i - 1] + pz[i]).clamp(0.0, 1.0);
        }
        // Welfare weight mass per bin.
        let wbin: Vec<f64> = (0..BINS)
            .map(|i| match weights {
                Weights::PerIncome(_) => wsum_bins[i],
                _ => counts[i] as f64 * weights.at(self.mid(i)),
            })
            .collect();
        let mut total: f64 = wbin.iter().sum();
        total += w_below;
        total += w_above;
        let mut dens: Vec<f64> = wbin.iter().map(|w| w / (total + EPS)).collect();
        dens.push(w_above / (total + EPS));
        // Sums from the top down.
        let mut cd = vec![0.0; BINS + 1];
        let mut cp = vec![0.0; BINS + 1];
        let (mut acc_d, mut acc_p) = (0.0, 0.0);
        for i in (0..=BINS).rev() {
            acc_d += dens[i];
            acc_p += pz[i];
            cd[i] = acc_d;
            cp[i] = acc_p;
        }
        let g: Vec<f64> = (0..=BINS).map(|i| cd[i] / (cp[i] + EPS)).collect();
        let mut gz: Vec<f64> = (0..BINS).map(|i| 0.5 * (g[i] + g[i + 1])).collect();
        gz.push(g[BINS]);
        let mut az: Vec<f64> = (0..BINS)
            .map(|i| {
                if pz[i] == 0.0 {
                    f64::NAN
                } else {
                    let p_geq = (1.0 - cum[i]) + 0.5 * pz[i];
                    let paz = self.mid(i) * pz[i] / (p_geq.clamp(0.0, 1.0) + EPS);
                    paz / self.width(i)
                }
            })
            .collect();
        az.push(if above > 0 {
            let m = sum_above / above as f64;
            m / (m - self.top + EPS)
        } else {
            0.0
        });
        Binned {
            counts,
            below,
            above,
            gz,
            az,
        }
    }

    /// Bracket rates over `cutoffs` (the first 0, the last = `top`) from bin rates
    /// (step 5).
    pub fn bracketize(&self, taus: &[f64], cutoffs: &[f64]) -> Vec<f64> {
        let b = cutoffs.len();
        let mut rates = Vec::with_capacity(b);
        let mut last_total = 0.0;
        for k in 0..b - 1 {
            let c = cutoffs[k + 1];
            let mut due = 0.0;
            for (i, tau) in taus.iter().enumerate().take(BINS) {
                let income = self.width(i).min((c - self.edges[i]).max(0.0));
                due += tau * income;
            }
            let due = f64::max(0.0, due);
            rates.push((due - last_total) / (c - cutoffs[k]));
            last_total = due;
        }
        rates.push(taus[BINS]);
        rates
    }
}

/// Bin rates `(1 - G) / (1 - G + a e + 1e-9)` (NaN for empty bins) and the same with empty
/// bins filled by linear interpolation (from 0 below the first non-empty bin).
pub fn bin_rates(binned: &Binned, e: f64) -> (Vec<f64>, Vec<f64>) {
    let raw: Vec<f64> = binned
        .gz
        .iter()
        .zip(&binned.az)
        .map(|(g, a)| (1.0 - g) / ((1.0 - g) + a * e + EPS))
        .collect();
    let mut taus = raw.clone();
    let mut last_rate = 0.0;
    let mut last_idx: isize = -1;
    for i in 0..taus.len() {
        if !taus[i].is_nan() {
            let gap = i as isize - last_idx - 1;
            if gap > 0 {
                let step = (taus[i] - last_rate) / (gap + 1) as f64;
                for k in 1..=gap {
                    taus[(last_idx + k) as usize] = k as f64 * step + last_rate;
                }
            }
            last_rate = taus[i];
            last_idx = i as isize;
        }
    }
    (raw, taus)
}

/// The Saez bracket rates for `incomes` over `cutoffs` with elasticity `e`, clipped to
/// `[0, rate_max]`. `cutoffs` needs at least two brackets.
pub fn saez_rates(
    incomes: &[f64],
    weights: Weights<'_>,
    cutoffs: &[f64],
    e: f64,
    rate_max: f64,
) -> Vec<f64> {
    let bins = Bins::new(cutoffs[cutoffs.len() - 1]);
    let binned = bins.binned(incomes, weights);
    let (_, taus) = bin_rates(&binned, e);
    bins.bracketize(&taus, cutoffs)
        .into_iter()
        .map(|r| {
            if r.is_nan() {
                0.0
            } else {
                r.clamp(0.0, rate_max)
            }
        })
        .collect()
}

/// One (income, marginal rate) observation with the logarithms the elasticity regression
/// takes of it, computed once: a buffer of observations is regressed again every period, and
/// the logarithms were most of that work.
#[derive(Clone, Copy, Debug)]
pub struct Observation {
    pub income: f64,
    pub rate: f64,
    /// `ln(max(1 - tau, 1e-9))` and `ln(max(z, 1e-9))` if the pair enters the regression
    /// (`z > 0` and `tau < 1`), NaN otherwise.
    x: f64,
    y: f64,
}

impl Observation {
    pub fn new(income: f64, rate: f64) -> Self {
        let (x, y) = if income > 0.0 && rate < 1.0 {
            (libm::log((1.0 - rate).max(EPS)), libm::log(income.max(EPS)))
        } else {
            (f64::NAN, f64::NAN)
        };
        Observation { income, rate, x, y }
    }

    /// True if the pair enters the regression: `z > 0` and `tau < 1`.
    pub fn usable(&self) -> bool {
        self.income > 0.0 && self.rate < 1.0
    }
}

/// The raw elasticity estimate from (income, marginal rate) pairs: the OLS slope of `ln z`
/// on `ln(1 - tau)` over pairs with `z > 0` and `tau < 1`, floored at 0; `None` when fewer
/// than 10 pairs qualify or the rates barely vary (standard deviation below 1e-6).
pub fn estimate_elasticity(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let observed: Vec<Observation> = pairs.map(|(z, tau)| Observation::new(z, tau)).collect();
    estimate_elasticity_of(observed.iter())
}

/// [`estimate_elasticity`] from observations whose logarithms are already taken (the same
/// sums in the same order: the same bits).
pub fn estimate_elasticity_of<'a>(
    observed: impl Iterator<Item = &'a Observation> + Clone,
) -> Option<f64> {
    let valid = observed.filter(|o| o.usable());
    let n = valid.clone().count();
    if n < 10 {
        return None;
    }
    let nf = n as f64;
    let mean_t = valid.clone().map(|o| o.rate).sum::<f64>() / nf;
    let var_t = valid
        .clone()
        .map(|o| (o.rate - mean_t) * (o.rate - mean_t))
        .sum::<f64>()
        / nf;
    if f64::sqrt(var_t) < 1e-6 {
        return None;
    }
    let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
    for o in valid {
        let (x, y) = (o.x, o.y);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    let den = nf * sxx - sx * sx;
    if den == 0.0 {
        return None;
    }
    Some(((nf * sxy - sx * sy) / den).max(0.0))
}
