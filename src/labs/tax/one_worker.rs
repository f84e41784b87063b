//! "One worker": a worker picked by its skill percentile, facing the final schedule of the
//! planner in focus. Its budget set c(l) = s l − T(s l) + R has a kink wherever its income
//! s l crosses a bracket cutoff; on each segment the net wage s (1 − τ) is constant, and the
//! worker's exact best response (the engine's [`Budget`]) is the best of each segment's
//! best hours. The panel draws the budget set and the utility along it, lists the segments
//! and says in words why the chosen hours win.

use crate::charts::tax::budget::WorkerCurve;
use crate::charts::{color, fmt_num, group_thousands};
use agora_engine::tax::labour::{Budget, Segment};
use agora_engine::tax::schedule::FastSchedule;
use agora_engine::tax::{Schedule, Utility};

/// Samples of the utility curve.
const UTILITY_POINTS: usize = 300;

/// One worker's situation and choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub percentile: usize,
    pub skill: f64,
    pub rebate: f64,
    pub segments: Vec<Segment>,
    /// The exact best response.
    pub hours: f64,
    pub income: f64,
    pub tax: f64,
    pub consumption: f64,
    pub budget: WorkerCurve,
    pub utility: WorkerCurve,
}

/// The choice of the worker at skill percentile `percentile` (skills at percentiles 0..100 in
/// `skill_quantiles`) under `schedule` with `rebate`.
pub fn choice(
    skill_quantiles: &[f64],
    percentile: usize,
    schedule: &Schedule,
    rebate: f64,
    utility: &Utility,
    max_hours: f64,
    palette_index: usize,
) -> Option<Choice> {
    let skill = *skill_quantiles.get(percentile.min(skill_quantiles.len().checked_sub(1)?))?;
    if !(skill.is_finite() && max_hours.is_finite() && max_hours > 0.0) {
        return None;
    }
    let b = Budget {
        schedule: FastSchedule::new(schedule),
        rebate,
        utility,
        max_hours,
    };
    let segments = b.segments(skill);
    let hours = b.best_response(skill);
    let (consumption, tax) = b.consumption(skill, hours);
    let kinks: Vec<f64> = segments
        .iter()
        .skip(1)
        .map(|s| s.from)
        .filter(|l| *l > 0.0 && *l < max_hours)
        .collect();
    let c = |l: f64| b.consumption(skill, l).0;
    let u = |l: f64| b.utility_at(skill, l);
    let mut line_hours: Vec<f64> = vec![0.0];
    line_hours.extend(kinks.iter().copied());
    line_hours.push(max_hours);
    let col = color(palette_index);
    let who = format!("skill ${}/h (percentile {percentile})", fmt_num(skill));
    let budget = WorkerCurve {
        title: "Budget set".into(),
        note: format!("{who}: consumption after tax and rebate"),
        y_desc: "consumption c ($)".into(),
        max_hours,
        color: col,
        line: line_hours.iter().map(|&l| (l, c(l))).collect(),
        kinks: kinks.iter().map(|&l| (l, c(l))).collect(),
        chosen: (hours, consumption),
        floor: None,
    };
    let mut samples: Vec<f64> = (0..=UTILITY_POINTS)
        .map(|k| max_hours * k as f64 / UTILITY_POINTS as f64)
        .chain(kinks.iter().copied())
        .chain(std::iter::once(hours))
        .collect();
    samples.sort_by(f64::total_cmp);
    // Show the curve down to 2.5 times the gain from working at all below the best point.
    let best_u = u(hours);
    let gain = best_u - u(0.0);
    let spread = if gain > 1e-9 * best_u.abs().max(1.0) {
        gain
    } else {
        best_u.abs() * 0.1 + 1.0
    };
    let utility_curve = WorkerCurve {
        title: "Utility along the budget set".into(),
        note: format!("{who}: the chosen hours are the highest point"),
        y_desc: "utility u(c, l)".into(),
        max_hours,
        color: col,
        line: samples.iter().map(|&l| (l, u(l))).collect(),
        kinks: kinks.iter().map(|&l| (l, u(l))).collect(),
        chosen: (hours, best_u),
        floor: Some(best_u - 2.5 * spread),
    };
    Some(Choice {
        percentile,
        skill,
        rebate,
        segments,
        hours,
        income: skill * hours,
        tax,
        consumption,
        budget,
        utility: utility_curve,
    })
}

/// "$12,345".
pub fn usd(v: f64) -> String {
    if v.is_finite() && v.abs() < 1e15 {
        format!("${}", group_thousands(v.round() as i64))
    } else {
        "–".into()
    }
}

/// Why the worker works these hours, in words.
pub fn explain(c: &Choice, max_hours: f64) -> String {
    let tol = 1e-9 * max_hours.max(1.0);
    let seg = c
        .segments
        .iter()
        .find(|s| c.hours >= s.from - tol && c.hours <= s.to + tol);
    let Some(seg) = seg else {
        return String::new();
    };
    let net = c.skill * (1.0 - seg.rate);
    let at_kink = c
        .segments
        .iter()
        .skip(1)
        .any(|s| (s.from - c.hours).abs() <= tol && s.from > 0.0);
    let rate = format!("{:.1} %", seg.rate * 100.0);
    if c.hours <= tol {
        format!(
            "It does not work: even the first hour, paid {} after the {rate} rate, is worth less to it than the hour's effort.",
            usd(net)
        )
    } else if (c.hours - max_hours).abs() <= tol {
        format!(
            "It works the most hours allowed ({}): at a net wage of {} an hour after the {rate} rate, another hour would still be worth its effort.",
            fmt_num(max_hours),
            usd(net)
        )
    } else if at_kink {
        format!(
            "It stops exactly at a kink, where its income reaches a bracket cutoff ({}): below it each hour pays more than it costs in effort, above it the higher rate makes the next hour pay less than it costs. Many workers bunch at kinks like this.",
            usd(c.income)
        )
    } else {
        format!(
            "It stops where the last hour's pay after the {rate} marginal rate, {} (its wage {} times 1 − τ), just equals what that hour costs it in effort. Every segment's best point was checked; this one gives the highest utility.",
            usd(net),
            usd(c.skill)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Isoelastic utility has the closed form l = (s (1 − τ))^e inside a bracket (REFERENCES.md).
    #[test]
    fn an_interior_choice_is_the_first_order_condition() {
        let q: Vec<f64> = (0..=100).map(|k| 100.0 + k as f64).collect();
        let s = Schedule::flat(0.2);
        let u = Utility::Isoelastic { elasticity: 0.5 };
        let c = choice(&q, 50, &s, 0.0, &u, 100.0, 0).unwrap();
        assert_eq!(c.skill, 150.0);
        let expected = (150.0f64 * 0.8).powf(0.5);
        assert!(
            (c.hours - expected).abs() < 1e-9,
            "{} vs {expected}",
            c.hours
        );
        assert!(explain(&c, 100.0).contains("marginal rate"));
        assert!(c.budget.kinks.is_empty());
    }

    /// A worker whose interior optimum lies above a cutoff under the low rate and below it
    /// under the high rate bunches at the kink.
    #[test]
    fn a_worker_can_bunch_at_a_kink() {
        // s = 100, e = 1: l = 100 (1 − τ). Cutoff at z = 7,000 (l = 70): under 0 % it wants
        // 100 hours (above), under 50 % it wants 50 hours (below): it stops at 70.
        let q = vec![100.0; 101];
        let s = Schedule::new(vec![0.0, 7_000.0], vec![0.0, 0.5]);
        let u = Utility::Isoelastic { elasticity: 1.0 };
        let c = choice(&q, 10, &s, 0.0, &u, 200.0, 0).unwrap();
        assert!((c.hours - 70.0).abs() < 1e-9, "{}", c.hours);
        assert_eq!(c.budget.kinks.len(), 1);
        assert!(explain(&c, 200.0).contains("kink"));
    }
}
