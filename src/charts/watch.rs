//! Charts of the "watch one run" and "you play" views.
//!
//! [`beliefs`] draws one row per arm with what the selected policy believes about that arm's
//! mean reward, next to the truth:
//! - a Beta(alpha, beta) posterior as its density
//!   f(x) = x^(alpha-1) (1-x)^(beta-1) / B(alpha, beta), computed in log space with
//!   ln B(alpha, beta) = lnGamma(alpha) + lnGamma(beta) - lnGamma(alpha + beta) (`libm::lgamma`),
//! - a normal posterior N(m, sd^2) as its density,
//! - a confidence interval [lo, hi] as a bar,
//! - the estimate (dot), the index the policy maximizes (triangle: a UCB, a Thompson sample...)
//!   and the arm's true mean (black tick).
//!
//! Each density is scaled so its peak fills the row: what matters is where the mass is and
//! how wide it is (narrow = sure), not its height.
//!
//! [`regret_so_far`] draws the cumulative regret of one run for every player, optionally with
//! one player (the student) in bold.

use super::lines::{Lines, Series, XSpec};
use super::{
    color, draw_fn, fmt_num, frame, header, msg, Axis, Cell, DataTable, DrawFn, Entry, FrameOpts,
    Plot, Swatch, Theme, HIGHLIGHT, INK, MUTED,
};
use agora_engine::bandits::policy::{ArmView, Belief};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// ln of the Beta(a, b) density at x in (0, 1) (-infinity outside, NaN for bad parameters).
pub fn beta_ln_pdf(x: f64, a: f64, b: f64) -> f64 {
    if !(a > 0.0 && b > 0.0) {
        return f64::NAN;
    }
    if !(x > 0.0 && x < 1.0) {
        return f64::NEG_INFINITY;
    }
    let ln_beta = libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b);
    (a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - ln_beta
}

/// ln of the N(m, sd^2) density at x.
pub fn normal_ln_pdf(x: f64, m: f64, sd: f64) -> f64 {
    if sd.is_nan() || sd <= 0.0 {
        return f64::NAN;
    }
    let z = (x - m) / sd;
    -0.5 * z * z - libm::log(sd) - 0.5 * libm::log(2.0 * core::f64::consts::PI)
}

/// A density's shape over `xs`, scaled to a peak of 1 (computed from ln densities, so very
/// peaked posteriors neither overflow nor vanish). Points where the density is zero or
/// undefined get 0.
pub fn shape(xs: &[f64], ln_pdf: impl Fn(f64) -> f64) -> Vec<f64> {
    let lp: Vec<f64> = xs.iter().map(|&x| ln_pdf(x)).collect();
    let top = lp
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    if !top.is_finite() {
        return vec![0.0; xs.len()];
    }
    lp.iter()
        .map(|&v| {
            if v.is_finite() {
                libm::exp(v - top)
            } else {
                0.0
            }
        })
        .collect()
}

/// Everything the belief chart shows for one policy at one round.
#[derive(Clone, Debug, PartialEq)]
pub struct BeliefSnapshot {
    /// Policy label (title).
    pub policy: String,
    /// Colour index of the policy.
    pub color: usize,
    /// Round just played (0 before the first).
    pub round: usize,
    /// The policy's view of each arm.
    pub arms: Vec<ArmView>,
    /// The arms' true means (this round's), if known.
    pub means: Option<Vec<f64>>,
    /// Arm pulled in the last round.
    pub last: Option<usize>,
    /// Reward received in the last round.
    pub last_reward: Option<f64>,
    /// The x range (mean reward) to draw.
    pub range: (f64, f64),
}

/// One row per arm: belief, estimate, index and true mean.
pub fn beliefs(s: BeliefSnapshot) -> DrawFn {
    draw_fn(Beliefs(s))
}

struct Beliefs(BeliefSnapshot);

impl Plot for Beliefs {
    /// One row per arm: pulls, estimate, belief, index, choice probability, true mean.
    fn table(&self) -> DataTable {
        let s = &self.0;
        let note = match (s.last, s.last_reward) {
            (Some(a), Some(r)) => format!("round {}: pulled arm {}, reward {r}", s.round, a + 1),
            _ => "before the first round".into(),
        };
        let mut t = DataTable::new(
            format!("What {} believes ({note})", s.policy),
            [
                "arm",
                "pulls",
                "estimate",
                "belief",
                "index",
                "probability of choosing it next",
                "true mean",
            ],
        );
        for (i, a) in s.arms.iter().enumerate() {
            let belief = match a.belief {
                Some(Belief::Beta { alpha, beta }) => format!("Beta({alpha}, {beta}) posterior"),
                Some(Belief::Normal { mean, sd }) => {
                    format!("normal posterior, mean {mean}, sd {sd}")
                }
                Some(Belief::Interval { lo, hi }) => format!("interval {lo} to {hi}"),
                None => String::new(),
            };
            t.push(vec![
                Cell::Num((i + 1) as f64),
                Cell::Num(a.pulls as f64),
                Cell::Num(a.estimate),
                Cell::Text(belief),
                Cell::opt(a.index),
                Cell::opt(a.prob),
                Cell::opt(s.means.as_ref().and_then(|m| m.get(i)).copied()),
            ]);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let s = &self.0;
        let c = color(s.color);
        let k = s.arms.len().max(1);
        let mut legend = Vec::new();
        let kinds: Vec<&str> = s
            .arms
            .iter()
            .filter_map(|a| match a.belief {
                Some(Belief::Beta { .. }) | Some(Belief::Normal { .. }) => Some("posterior"),
                Some(Belief::Interval { .. }) => Some("confidence interval"),
                None => None,
            })
            .collect();
        if let Some(k) = kinds.first() {
            legend.push(Entry {
                label: (*k).to_string(),
                swatch: Swatch::Band { color: c },
            });
        }
        legend.push(Entry {
            label: "estimate".into(),
            swatch: Swatch::Dot { color: c },
        });
        // A randomized policy's index (a weight or preference) is not on the reward scale:
        // its choice is shown by the probability next to the row instead.
        let has_prob = s.arms.iter().any(|a| a.prob.is_some());
        if s.arms.iter().any(|a| a.index.is_some() && a.prob.is_none()) {
            legend.push(Entry {
                label: "index (the policy pulls the highest)".into(),
                swatch: Swatch::Triangle { color: INK },
            });
        }
        if s.means.is_some() {
            legend.push(Entry {
                label: "true mean".into(),
                swatch: Swatch::Tick { color: INK },
            });
        }
        let note = match (s.last, s.last_reward) {
            (Some(a), Some(r)) => format!(
                "round {}: pulled arm {}, reward {}",
                s.round,
                a + 1,
                super::fmt_total(r)
            ),
            _ => "before the first round".into(),
        };
        let rest = header(
            area,
            th,
            &format!("What {} believes", s.policy),
            &note,
            &legend,
        )?;
        let (lo, hi) = if s.range.1 > s.range.0 {
            s.range
        } else {
            (0.0, 1.0)
        };
        let x = Axis::linear(lo, hi, 8, "mean reward");
        let y = Axis::blank(0.0, k as f64);
        let label_style = th.text(12.0, &INK);
        let label_bold = th.bold(12.0, &INK);
        let label_w = th.measure(&rest, "Arm 100", &label_bold)?.0;
        let right_style = th.text(11.0, &MUTED);
        let right_w = th
            .measure(
                &rest,
                if has_prob {
                    "n = 10,000 · p 100%"
                } else {
                    "n = 10,000"
                },
                &right_style,
            )?
            .0;
        let mut chart = frame(
            &rest,
            th,
            &x,
            &y,
            FrameOpts {
                y_labels: false,
                y_label_px: label_w + th.px(10.0),
                x_grid: true,
                y_grid: false,
                right_px: right_w + th.px(10.0),
            },
        )?;
        let base = rest.get_base_pixel();
        let (_, row_top) = chart.backend_coord(&(lo, k as f64));
        let (_, row_bottom) = chart.backend_coord(&(lo, 0.0));
        let row_px = (row_bottom - row_top) as f64 / k as f64;
        let show_label = |i: usize| {
            row_px >= th.s * 13.0
                || i.is_multiple_of(((th.s * 13.0 / row_px).ceil() as usize).max(1))
        };
        // Highlight the arm pulled last, and separate the rows.
        if let Some(a) = s.last.filter(|&a| a < k) {
            let yc = k as f64 - a as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(lo, yc - 1.0), (hi, yc)],
                    HIGHLIGHT.filled(),
                )))
                .map_err(msg)?;
        }
        chart
            .draw_series((1..k).map(|i| {
                PathElement::new(
                    vec![(lo, i as f64), (hi, i as f64)],
                    th.line(super::GRID_LIGHT, 1.0),
                )
            }))
            .map_err(msg)?;
        let n_grid = 240;
        let xs: Vec<f64> = (0..=n_grid)
            .map(|i| lo + (hi - lo) * i as f64 / n_grid as f64)
            .collect();
        let inside = |v: f64| v.is_finite() && v >= lo && v <= hi;
        for (i, view) in s.arms.iter().enumerate() {
            let y0 = (k - 1 - i) as f64;
            let ridge = 0.8;
            match view.belief {
                Some(Belief::Beta { alpha, beta }) => {
                    let mode = if alpha > 1.0 && beta > 1.0 {
                        Some((alpha - 1.0) / (alpha + beta - 2.0))
                    } else {
                        None
                    };
                    let pts = grid_with(&xs, mode, |x| x > 0.0 && x < 1.0);
                    let sh = shape(&pts, |x| beta_ln_pdf(x, alpha, beta));
                    draw_ridge(&mut chart, th, &pts, &sh, y0, ridge, c)?;
                }
                Some(Belief::Normal { mean, sd }) => {
                    let pts = grid_with(&xs, Some(mean), |_| true);
                    let sh = shape(&pts, |x| normal_ln_pdf(x, mean, sd));
                    draw_ridge(&mut chart, th, &pts, &sh, y0, ridge, c)?;
                }
                Some(Belief::Interval { lo: a, hi: b }) if a.is_finite() || b.is_finite() => {
                    let a = if a.is_finite() { a.clamp(lo, hi) } else { lo };
                    let b = if b.is_finite() { b.clamp(lo, hi) } else { hi };
                    let (y1, y2) = (y0 + 0.3, y0 + 0.7);
                    chart
                        .draw_series([
                            Rectangle::new([(a, y1), (b, y2)], c.mix(0.22).filled()),
                            Rectangle::new([(a, y1), (b, y2)], th.line(c, 1.5)),
                        ])
                        .map_err(msg)?;
                }
                _ => {}
            }
            if let Some(m) = s.means.as_ref().and_then(|m| m.get(i)).copied() {
                if inside(m) {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(m, y0 + 0.08), (m, y0 + 0.92)],
                            th.line(INK, 2.5),
                        )))
                        .map_err(msg)?;
                }
            }
            // Markers sit on the ridge's base line, or mid-row for intervals and plain rows.
            let on_ridge = matches!(
                view.belief,
                Some(Belief::Beta { .. }) | Some(Belief::Normal { .. })
            );
            let ym = if on_ridge { y0 + 0.17 } else { y0 + 0.5 };
            if let Some(ix) = view.index.filter(|_| view.prob.is_none()) {
                if inside(ix) {
                    chart
                        .draw_series(std::iter::once(TriangleMarker::new(
                            (ix, ym),
                            th.upx(6.0),
                            INK.filled(),
                        )))
                        .map_err(msg)?;
                } else if !ix.is_nan() {
                    // Off the chart (e.g. +infinity for an arm never pulled): say so at the edge.
                    let at_hi = ix > hi;
                    let (px, py) = chart.backend_coord(&(if at_hi { hi } else { lo }, ym));
                    let text = if ix.is_infinite() {
                        if at_hi { "∞ ▶" } else { "◀ −∞" }.to_string()
                    } else if at_hi {
                        format!("{} ▶", fmt_num(ix))
                    } else {
                        format!("◀ {}", fmt_num(ix))
                    };
                    let (anchor, dx) = if at_hi {
                        (HPos::Right, -th.px(3.0))
                    } else {
                        (HPos::Left, th.px(3.0))
                    };
                    rest.draw(&Text::new(
                        text,
                        (px - base.0 + dx, py - base.1),
                        th.bold(11.0, &INK).pos(Pos::new(anchor, VPos::Center)),
                    ))
                    .map_err(msg)?;
                }
            }
            if inside(view.estimate) {
                chart
                    .draw_series([
                        Circle::new((view.estimate, ym), th.upx(5.5), BG_WHITE.filled()),
                        Circle::new((view.estimate, ym), th.upx(4.0), c.filled()),
                    ])
                    .map_err(msg)?;
            }
            if show_label(i) {
                let is_last = s.last == Some(i);
                let (px, py) = chart.backend_coord(&(lo, y0 + 0.5));
                rest.draw(&Text::new(
                    format!("Arm {}", i + 1),
                    (px - base.0 - th.px(8.0), py - base.1),
                    if is_last {
                        label_bold.clone()
                    } else {
                        label_style.clone()
                    }
                    .pos(Pos::new(HPos::Right, VPos::Center)),
                ))
                .map_err(msg)?;
                let (qx, _) = chart.backend_coord(&(hi, y0 + 0.5));
                rest.draw(&Text::new(
                    match view.prob {
                        Some(p) => format!(
                            "n = {} · p {}",
                            super::group_thousands(view.pulls as i64),
                            fmt_percent(p)
                        ),
                        None => format!("n = {}", super::group_thousands(view.pulls as i64)),
                    },
                    (qx - base.0 + th.px(8.0), py - base.1),
                    right_style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(msg)?;
            }
        }
        Ok(())
    }
}

/// A probability as a percentage: "73%", "0.4%", "<0.1%".
pub fn fmt_percent(p: f64) -> String {
    let v = p * 100.0;
    if !v.is_finite() {
        String::new()
    } else if v > 0.0 && v < 0.1 {
        "<0.1%".into()
    } else if v < 10.0 && v.fract() != 0.0 {
        format!("{v:.1}%")
    } else {
        format!("{v:.0}%")
    }
}

const BG_WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// The grid `xs` restricted by `keep`, with `extra` (a density's mode) inserted in order.
fn grid_with(xs: &[f64], extra: Option<f64>, keep: impl Fn(f64) -> bool) -> Vec<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|&x| keep(x)).collect();
    if let Some(m) = extra.filter(|m| m.is_finite() && keep(*m)) {
        if let (Some(&a), Some(&b)) = (xs.first(), xs.last()) {
            if m > a && m < b {
                let at = v.partition_point(|&x| x < m);
                v.insert(at, m);
            }
        }
    }
    v
}

fn draw_ridge<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, super::Xy>,
    th: &Theme,
    xs: &[f64],
    shape: &[f64],
    y0: f64,
    height: f64,
    c: RGBColor,
) -> Result<(), String> {
    if xs.len() < 2 {
        return Ok(());
    }
    let base = y0 + 0.06;
    let top: Vec<(f64, f64)> = xs
        .iter()
        .zip(shape)
        .map(|(&x, &h)| (x, base + height * h))
        .collect();
    let mut poly = top.clone();
    poly.push((xs[xs.len() - 1], base));
    poly.push((xs[0], base));
    chart
        .draw_series(std::iter::once(Polygon::new(poly, c.mix(0.25).filled())))
        .map_err(msg)?;
    chart
        .draw_series(std::iter::once(PathElement::new(top, th.line(c, 1.5))))
        .map_err(msg)?;
    Ok(())
}

/// One player's cumulative regret in a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunCurve {
    pub label: String,
    /// Colour index (ignored for the highlighted player, drawn in black).
    pub color: usize,
    /// (round t, cumulative regret after round t), starting at (0, 0).
    pub points: Vec<(f64, f64)>,
    /// Draw bold and black (the student).
    pub highlight: bool,
}

/// Cumulative regret so far of every player in one run, over rounds 0..=`rounds`.
pub fn regret_so_far(title: &str, note: &str, curves: Vec<RunCurve>, rounds: usize) -> DrawFn {
    let series = curves
        .into_iter()
        .map(|c| {
            let pts = c.points;
            if c.highlight {
                Series {
                    label: c.label,
                    color: INK,
                    width: 3.5,
                    dashed: false,
                    pts,
                    band: Vec::new(),
                    full: None,
                }
            } else {
                Series::policy(c.color, &c.label, pts, Vec::new())
            }
        })
        .collect();
    draw_fn(Lines {
        title: title.to_string(),
        note: note.to_string(),
        x: XSpec {
            lo: 0.0,
            hi: rounds.max(1) as f64,
            log: false,
            desc: "round t",
        },
        y_desc: "cumulative regret".into(),
        y_percent: false,
        y_fixed: None,
        y_zero: true,
        series,
        band_label: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trapezoid rule on a fine grid.
    fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> f64 {
        let h = (b - a) / n as f64;
        let mut s = 0.5 * (f(a) + f(b));
        for i in 1..n {
            s += f(a + h * i as f64);
        }
        s * h
    }

    #[test]
    fn beta_density_closed_forms() {
        // Beta(1,1) = 1, Beta(2,1) = 2x, Beta(2,2) = 6x(1-x), Beta(3,2) = 12 x^2 (1-x).
        for &x in &[0.1, 0.37, 0.5, 0.9] {
            assert!((beta_ln_pdf(x, 1.0, 1.0)).abs() < 1e-12);
            assert!((beta_ln_pdf(x, 2.0, 1.0).exp() - 2.0 * x).abs() < 1e-12);
            assert!((beta_ln_pdf(x, 2.0, 2.0).exp() - 6.0 * x * (1.0 - x)).abs() < 1e-12);
            assert!((beta_ln_pdf(x, 3.0, 2.0).exp() - 12.0 * x * x * (1.0 - x)).abs() < 1e-11);
        }
        assert_eq!(beta_ln_pdf(0.0, 2.0, 2.0), f64::NEG_INFINITY);
        assert!(beta_ln_pdf(0.5, 0.0, 2.0).is_nan());
    }

    #[test]
    fn beta_density_integrates_to_one_even_when_peaked() {
        // A posterior after 900 successes and 300 failures: peak height ~ 28, no overflow.
        let (a, b) = (901.0, 301.0);
        let total = integrate(|x| beta_ln_pdf(x, a, b).exp(), 1e-9, 1.0 - 1e-9, 200_000);
        assert!((total - 1.0).abs() < 1e-6, "{total}");
        let total = integrate(|x| beta_ln_pdf(x, 3.0, 7.0).exp(), 0.0, 1.0, 20_000);
        assert!((total - 1.0).abs() < 1e-6, "{total}");
    }

    #[test]
    fn normal_density_matches_formula() {
        // phi(0) = 1 / sqrt(2 pi) = 0.3989422804014327; N(1, 2^2) at 3 = phi(1) / 2.
        assert!((normal_ln_pdf(0.0, 0.0, 1.0).exp() - 0.398_942_280_401_432_7).abs() < 1e-15);
        let want = (-0.5f64).exp() / (2.0 * (2.0 * std::f64::consts::PI).sqrt());
        assert!((normal_ln_pdf(3.0, 1.0, 2.0).exp() - want).abs() < 1e-15);
        assert!(normal_ln_pdf(0.0, 0.0, 0.0).is_nan());
    }

    #[test]
    fn shape_peaks_at_one_at_the_mode() {
        let xs: Vec<f64> = (1..100).map(|i| i as f64 / 100.0).collect();
        // Beta(4, 2): mode (a-1)/(a+b-2) = 3/4.
        let sh = shape(&xs, |x| beta_ln_pdf(x, 4.0, 2.0));
        let (imax, &m) = sh
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.partial_cmp(b.1).unwrap())
            .unwrap();
        assert_eq!(m, 1.0);
        assert!((xs[imax] - 0.75).abs() < 1e-12);
        // Very peaked: still a peak of 1, and tails that underflow to 0 rather than NaN.
        let sh = shape(&xs, |x| beta_ln_pdf(x, 90_001.0, 10_001.0));
        assert!(sh.iter().all(|v| v.is_finite()));
        assert!((sh.iter().copied().fold(0.0, f64::max) - 1.0).abs() < 1e-12);
        assert!(shape(&xs, |_| f64::NEG_INFINITY).iter().all(|&v| v == 0.0));
    }

    #[test]
    fn percentages() {
        assert_eq!(fmt_percent(0.73), "73%");
        assert_eq!(fmt_percent(0.004), "0.4%");
        assert_eq!(fmt_percent(0.0001), "<0.1%");
        assert_eq!(fmt_percent(0.0), "0%");
        assert_eq!(fmt_percent(1.0), "100%");
    }

    #[test]
    fn grid_includes_the_mode() {
        let xs = [0.0, 0.25, 0.5, 0.75, 1.0];
        assert_eq!(
            grid_with(&xs, Some(0.3), |x| x > 0.0 && x < 1.0),
            vec![0.25, 0.3, 0.5, 0.75]
        );
    }
}
