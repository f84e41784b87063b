//! Tax lab charts. Every planner keeps its palette colour in every chart; the status quo is
//! grey and dashed.
//!
//! - [`rates`], [`tax_owed`], [`net_income`]: the final schedules: marginal rates tau(z), tax
//!   owed T(z) = sum_b tau_b min(width_b, max(0, z - c_b)) and consumption z - T(z) + R.
//! - [`lorenz`]: Lorenz curves of consumption, with each planner's Gini in the legend.
//! - [`hours`]: hours chosen against skill (workers sampled evenly over the skill ranks).
//! - [`trend`]: welfare (or another metric, or the distance to the oracle) year by year.
//! - `bars.rs`: the income histogram and the decile views (PolicyEngine's distributional
//!   charts); `budget.rs`: one worker's budget set and utility.

pub mod bars;
pub mod budget;

use super::lines::{Lines, Series, XSpec};
use super::{draw_fn, fmt_num, nice_max, DrawFn, MUTED};
use agora_engine::tax::metrics::Metrics;
use agora_engine::tax::{Schedule, TaxResults};

/// Points drawn along an income axis.
const INCOME_POINTS: usize = 240;

/// The planners' curves and the status quo's, grey and dashed, last.
fn with_status_quo(mut series: Vec<Series>, pts: Vec<(f64, f64)>) -> Vec<Series> {
    series.push(Series {
        label: "status quo".into(),
        color: MUTED,
        width: 1.5,
        dashed: true,
        pts,
        band: Vec::new(),
        full: None,
    });
    series
}

/// The income axis' end: a little above the status quo's 99th percentile (so the top 1 %
/// does not squash everyone else), and past the highest finite cutoff.
pub fn income_max(r: &TaxResults) -> f64 {
    let p99 = r
        .baseline
        .income_quantiles
        .get(99)
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(100_000.0);
    let top_cut = r
        .planners
        .iter()
        .flat_map(|p| p.last.schedule.cutoffs.iter().copied())
        .chain(r.baseline.schedule.cutoffs.iter().copied())
        .filter(|c| c.is_finite() && *c <= p99 * 3.0)
        .fold(0.0f64, f64::max);
    nice_max(p99.max(top_cut * 1.1))
}

fn income_x(hi: f64) -> XSpec {
    XSpec {
        lo: 0.0,
        hi,
        log: false,
        desc: "yearly income z ($)",
    }
}

/// A step line of a schedule's marginal rates over [0, hi].
fn rate_steps(s: &Schedule, hi: f64) -> Vec<(f64, f64)> {
    let mut pts = Vec::new();
    for (k, &rate) in s.rates.iter().enumerate() {
        let from = s.cutoffs.get(k).copied().unwrap_or(0.0);
        if from > hi {
            break;
        }
        pts.push((from, rate));
        let to = s.cutoffs.get(k + 1).copied().unwrap_or(hi).min(hi);
        pts.push((to, rate));
    }
    pts
}

/// `f(z)` at evenly spaced incomes over [0, hi].
fn along_income(hi: f64, f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    (0..=INCOME_POINTS)
        .map(|k| {
            let z = hi * k as f64 / INCOME_POINTS as f64;
            (z, f(z))
        })
        .collect()
}

/// Every planner's curve `f(schedule, rebate)` and the status quo's.
fn per_schedule(r: &TaxResults, f: impl Fn(&Schedule, f64) -> Vec<(f64, f64)>) -> Vec<Series> {
    let series = r
        .planners
        .iter()
        .enumerate()
        .map(|(i, p)| Series::policy(i, &p.label, f(&p.last.schedule, p.last.rebate), Vec::new()))
        .collect();
    with_status_quo(series, f(&r.baseline.schedule, r.baseline.rebate))
}

/// Marginal rate against income: each planner's final schedule.
pub fn rates(r: &TaxResults) -> DrawFn {
    let hi = income_max(r);
    let series = per_schedule(r, |s, _| rate_steps(s, hi));
    let top = series
        .iter()
        .flat_map(|s| s.pts.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    draw_fn(Lines {
        title: "Marginal tax rates".into(),
        note: "each planner's final schedule".into(),
        x: income_x(hi),
        y_desc: "marginal rate τ(z)".into(),
        y_percent: true,
        y_fixed: Some((0.0, if top > 0.5 { 1.0 } else { 0.5 })),
        y_zero: true,
        series,
        band_label: None,
    })
}

/// Tax owed T(z).
pub fn tax_owed(r: &TaxResults) -> DrawFn {
    let hi = income_max(r);
    let series = per_schedule(r, |s, _| along_income(hi, |z| s.tax(z)));
    draw_fn(Lines {
        title: "Tax owed".into(),
        note: "T(z), before the rebate".into(),
        x: income_x(hi),
        y_desc: "tax owed ($)".into(),
        y_percent: false,
        y_fixed: None,
        y_zero: true,
        series,
        band_label: None,
    })
}

/// Consumption z - T(z) + R (the rebate R of that planner's economy).
pub fn net_income(r: &TaxResults) -> DrawFn {
    let hi = income_max(r);
    let series = per_schedule(r, |s, rebate| along_income(hi, |z| z - s.tax(z) + rebate));
    draw_fn(Lines {
        title: "Net income".into(),
        note: "z − T(z) + rebate".into(),
        x: income_x(hi),
        y_desc: "net income ($)".into(),
        y_percent: false,
        y_fixed: None,
        y_zero: true,
        series,
        band_label: None,
    })
}

/// Lorenz curves of consumption, with the line of equality.
pub fn lorenz(r: &TaxResults) -> DrawFn {
    let curve = |l: &[f64]| -> Vec<(f64, f64)> {
        let k = l.len().saturating_sub(1).max(1) as f64;
        l.iter()
            .enumerate()
            .map(|(i, &v)| (i as f64 / k, v))
            .collect()
    };
    let gini = |m: &Metrics| fmt_num(1.0 - m.equality);
    let mut series: Vec<Series> = r
        .planners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Series::policy(
                i,
                &format!("{} (Gini {})", p.label, gini(&p.last.metrics)),
                curve(&p.last.lorenz),
                Vec::new(),
            )
        })
        .collect();
    series = with_status_quo(series, curve(&r.baseline.lorenz));
    if let Some(s) = series.last_mut() {
        s.label = format!("status quo (Gini {})", gini(&r.baseline.metrics));
    }
    series.push(Series {
        label: "equality".into(),
        color: super::GRID,
        width: 1.5,
        dashed: false,
        pts: vec![(0.0, 0.0), (1.0, 1.0)],
        band: Vec::new(),
        full: None,
    });
    draw_fn(Lines {
        title: "Lorenz curves of consumption".into(),
        note: "share of consumption held by the poorest share of workers".into(),
        x: XSpec {
            lo: 0.0,
            hi: 1.0,
            log: false,
            desc: "share of workers, poorest first",
        },
        y_desc: "share of consumption".into(),
        y_percent: true,
        y_fixed: Some((0.0, 1.0)),
        y_zero: true,
        series,
        band_label: None,
    })
}

/// Hours chosen against skill, under each planner's final schedule.
pub fn hours(r: &TaxResults, max_hours: f64) -> DrawFn {
    let pts = |sample: &[[f64; 3]]| -> Vec<(f64, f64)> {
        sample
            .iter()
            .filter(|w| w[0] > 0.0)
            .map(|w| (w[0], w[1]))
            .collect()
    };
    let series = r
        .planners
        .iter()
        .enumerate()
        .map(|(i, p)| Series::policy(i, &p.label, pts(&p.last.sample), Vec::new()))
        .collect();
    let series = with_status_quo(series, pts(&r.baseline.sample));
    let (lo, hi) = r
        .baseline
        .sample
        .iter()
        .map(|w| w[0])
        .filter(|s| *s > 0.0 && s.is_finite())
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), s| {
            (lo.min(s), hi.max(s))
        });
    let log = lo.is_finite() && hi > lo * 20.0;
    draw_fn(Lines {
        title: "Hours worked against skill".into(),
        note: format!(
            "{} workers evenly spread over the skill ranks",
            r.baseline.sample.len()
        ),
        x: XSpec {
            lo: if log { lo } else { 0.0 },
            hi: if hi > 0.0 { hi } else { 1.0 },
            log,
            desc: "skill: hourly wage s ($)",
        },
        y_desc: "hours l".into(),
        y_percent: false,
        y_fixed: Some((0.0, nice_max(max_hours))),
        y_zero: true,
        series,
        band_label: None,
    })
}

/// What the year-by-year chart shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Trend {
    /// The planners' objective.
    #[default]
    Welfare,
    /// The oracle's final welfare minus the planner's.
    OracleGap,
    Productivity,
    Equality,
    Revenue,
    Hours,
    MeanUtility,
    InverseIncome,
    EqualityTimesProductivity,
}

impl Trend {
    pub const ALL: [Trend; 9] = [
        Trend::Welfare,
        Trend::OracleGap,
        Trend::Productivity,
        Trend::Equality,
        Trend::Revenue,
        Trend::Hours,
        Trend::MeanUtility,
        Trend::InverseIncome,
        Trend::EqualityTimesProductivity,
    ];

    /// Menu value.
    pub fn id(self) -> &'static str {
        match self {
            Trend::Welfare => "welfare",
            Trend::OracleGap => "gap",
            Trend::Productivity => "productivity",
            Trend::Equality => "equality",
            Trend::Revenue => "revenue",
            Trend::Hours => "hours",
            Trend::MeanUtility => "utility",
            Trend::InverseIncome => "inverse-income",
            Trend::EqualityTimesProductivity => "eq-prod",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Trend::Welfare => "Welfare (the planners' objective)",
            Trend::OracleGap => "Distance to the oracle",
            Trend::Productivity => "Productivity (total pre-tax income)",
            Trend::Equality => "Equality (1 − Gini of consumption)",
            Trend::Revenue => "Revenue",
            Trend::Hours => "Mean hours",
            Trend::MeanUtility => "Mean utility (utilitarian welfare)",
            Trend::InverseIncome => "Inverse-income-weighted welfare",
            Trend::EqualityTimesProductivity => "Equality × productivity",
        }
    }

    /// The y axis' name.
    fn axis(self) -> &'static str {
        match self {
            Trend::Welfare => "welfare",
            Trend::OracleGap => "oracle's welfare − planner's",
            Trend::Productivity => "total pre-tax income ($)",
            Trend::Equality => "1 − Gini",
            Trend::Revenue => "revenue ($)",
            Trend::Hours => "mean hours",
            Trend::MeanUtility => "mean utility",
            Trend::InverseIncome => "weighted utility",
            Trend::EqualityTimesProductivity => "equality × productivity",
        }
    }

    fn of(self, m: &Metrics) -> f64 {
        match self {
            Trend::Productivity => m.productivity,
            Trend::Equality => m.equality,
            Trend::Revenue => m.revenue,
            Trend::Hours => m.mean_hours,
            Trend::MeanUtility => m.mean_utility,
            Trend::InverseIncome => m.inverse_income_welfare,
            Trend::EqualityTimesProductivity => m.equality_times_productivity,
            Trend::Welfare | Trend::OracleGap => f64::NAN,
        }
    }
}

/// The oracle's final welfare, if an oracle ran.
pub fn oracle_welfare(r: &TaxResults) -> Option<f64> {
    r.planners
        .iter()
        .find(|p| p.kind == "oracle")
        .map(|p| p.last.welfare)
}

/// A metric year by year (or proposal by proposal in plan-once mode).
pub fn trend(r: &TaxResults, what: Trend, objective: &str, plan_once: bool) -> DrawFn {
    let oracle = oracle_welfare(r);
    let what = if what == Trend::OracleGap && oracle.is_none() {
        Trend::Welfare
    } else {
        what
    };
    let series: Vec<Series> = r
        .planners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pts = p
                .history
                .iter()
                .enumerate()
                .map(|(t, s)| {
                    let y = match what {
                        Trend::Welfare => s.welfare,
                        Trend::OracleGap => oracle.unwrap_or(f64::NAN) - s.welfare,
                        w => w.of(&s.metrics),
                    };
                    (t as f64, y)
                })
                .collect();
            Series::policy(i, &p.label, pts, Vec::new())
        })
        .collect();
    let steps = r
        .planners
        .iter()
        .map(|p| p.history.len())
        .max()
        .unwrap_or(1)
        .saturating_sub(1)
        .max(1);
    let (title, y_desc) = match what {
        Trend::Welfare => ("Welfare".to_string(), objective.to_string()),
        w => (w.label().to_string(), w.axis().to_string()),
    };
    draw_fn(Lines {
        title,
        note: if plan_once {
            "0 = the status quo, then each schedule the planner tried".into()
        } else {
            "year 0 = the status quo".into()
        },
        x: XSpec {
            lo: 0.0,
            hi: steps as f64,
            log: false,
            desc: if plan_once { "proposal" } else { "tax year" },
        },
        y_desc,
        y_percent: what == Trend::Equality,
        y_fixed: None,
        y_zero: matches!(what, Trend::OracleGap | Trend::Hours),
        series,
        band_label: None,
    })
}

/// The rates one planner set, bracket by bracket, year by year (or proposal by proposal): the
/// LLM Economist's figure of the rates an in-context planner tries.
pub fn rates_over_time(r: &TaxResults, focus: usize, plan_once: bool) -> DrawFn {
    let Some(p) = r.planners.get(focus) else {
        return draw_fn(bars::Empty("Rates over the years"));
    };
    let cutoffs = &p.last.schedule.cutoffs;
    let brackets = p.history.iter().map(|s| s.rates.len()).max().unwrap_or(0);
    let series: Vec<Series> = (0..brackets)
        .map(|b| {
            let from = cutoffs.get(b).copied().unwrap_or(0.0);
            let label = match cutoffs.get(b + 1) {
                Some(to) => format!("${}–{}", short_dollars(from), short_dollars(*to)),
                None => format!("${} and up", short_dollars(from)),
            };
            // Steps: a rate holds until the year it changes.
            let mut pts: Vec<(f64, f64)> = Vec::new();
            for (t, s) in p.history.iter().enumerate() {
                let Some(&r) = s.rates.get(b) else { continue };
                if let Some(&(_, prev)) = pts.last() {
                    pts.push((t as f64, prev));
                }
                pts.push((t as f64, r));
            }
            Series::policy(b, &label, pts, Vec::new())
        })
        .collect();
    let steps = p.history.len().saturating_sub(1).max(1);
    draw_fn(Lines {
        title: format!("Rates set by {}", p.label),
        note: "one line per bracket; 0 = the status quo".into(),
        x: XSpec {
            lo: 0.0,
            hi: steps as f64,
            log: false,
            desc: if plan_once { "proposal" } else { "tax year" },
        },
        y_desc: "marginal rate".into(),
        y_percent: true,
        y_fixed: Some((0.0, 1.0)),
        y_zero: true,
        series,
        band_label: None,
    })
}

/// "11.6k", "609k", "1.2M": a bracket edge in a legend.
fn short_dollars(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if x >= 1e5 {
        format!("{:.0}k", x / 1e3)
    } else if x >= 1e3 {
        format!("{:.1}k", x / 1e3).replace(".0k", "k")
    } else {
        format!("{x:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_over_time_draw_one_line_per_bracket() {
        let mut exp = agora_engine::tax::presets::compare();
        exp.workers = 100;
        exp.mode = agora_engine::tax::Mode::TaxYears {
            years: 4,
            period: 1,
        };
        exp.planners = vec![agora_engine::tax::PlannerConfig::Search(Default::default())];
        let out = agora_engine::experiment::Experiment::Tax(exp)
            .run()
            .unwrap();
        let agora_engine::experiment::Results::Tax(r) = out.results else {
            panic!()
        };
        let d = rates_over_time(&r, 0, false);
        let svg = crate::charts::render_svg(&d, 390, 300).unwrap();
        assert!(svg.contains("Rates set by"), "title");
        assert!(svg.contains("and up"), "the top bracket in the legend");
        assert_eq!(short_dollars(11_600.0), "11.6k");
        assert_eq!(short_dollars(609_350.0), "609k");
        assert_eq!(short_dollars(90_000.0), "90k");
    }

    #[test]
    fn rate_steps_follow_the_brackets() {
        let s = Schedule::three_brackets();
        let pts = rate_steps(&s, 200_000.0);
        assert_eq!(
            pts,
            vec![
                (0.0, 0.0),
                (20_000.0, 0.0),
                (20_000.0, 0.2),
                (100_000.0, 0.2),
                (100_000.0, 0.4),
                (200_000.0, 0.4)
            ]
        );
        // Brackets past the axis are cut.
        assert_eq!(rate_steps(&s, 50_000.0).len(), 4);
    }

    #[test]
    fn income_points_cover_the_axis() {
        let pts = along_income(1000.0, |z| z / 2.0);
        assert_eq!(pts.len(), INCOME_POINTS + 1);
        assert_eq!(pts[0], (0.0, 0.0));
        assert_eq!(pts[INCOME_POINTS], (1000.0, 500.0));
    }
}
