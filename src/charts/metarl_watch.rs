//! "Watch the agent": before one pull of an evaluation block, what the trained agent computed
//! beside what an exact Bayesian observer believes, as grouped bars (one group per arm).
//!
//! The first bar of a group is the agent's number for the arm: its action value Q (the greedy
//! value learner plays the highest) on the left axis, or its probability of choosing the arm
//! (the actor-critic). The second is the posterior probability that the arm is the best,
//! P(best) = integral f_a prod_{b != a} F_b under Beta(1 + S, 1 + F) posteriors
//! ([`agora_engine::metarl::posterior`]), on the right axis (0 to 100 %). When the agent's
//! numbers are probabilities both share one axis. The arm chosen at this pull is shaded; once
//! the block is over the true means are drawn as black ticks on the probability axis.

use super::{
    color, draw_fn, header, msg, nice_ticks, Cell, DataTable, DrawFn, Entry, Plot, Swatch, Theme,
};
use super::{HIGHLIGHT, INK, MUTED};
use agora_engine::metarl::watch::OutputKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The agent's bars' colour (the first agent's in the results) and the posterior's.
pub const AGENT: usize = 0;
pub const POSTERIOR: usize = 2;

/// One pull's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct PullBars {
    /// Shown after the title ("pull 4 of the block").
    pub note: String,
    pub arms: usize,
    pub kind: OutputKind,
    /// The agent's values or probabilities (none before the first pull).
    pub outputs: Option<Vec<f64>>,
    /// P(arm is best) (none for Gaussian arms or more than 10 arms).
    pub prob_best: Option<Vec<f64>>,
    /// The arm the agent chose at this pull.
    pub chosen: Option<usize>,
    /// The true means, once the block is over.
    pub means: Option<Vec<f64>>,
}

/// The range and ticks of the agent's axis.
fn value_axis(kind: OutputKind, v: &[f64]) -> (f64, f64, Vec<f64>) {
    if kind == OutputKind::Probabilities {
        return (0.0, 1.0, nice_ticks(0.0, 1.0, 4));
    }
    let lo = v.iter().copied().fold(0.0f64, f64::min);
    let hi = v.iter().copied().fold(0.0f64, f64::max);
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo, lo + 1.0)
    } else {
        (lo, hi)
    };
    let step = super::nice_step((hi - lo) / 4.0);
    // Round the ends out to whole steps.
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let n = ((hi - lo) / step).round() as usize;
    (lo, hi, (0..=n).map(|i| lo + i as f64 * step).collect())
}

fn tick_label(v: f64, percent: bool, step: f64) -> String {
    if percent {
        format!("{:.0}%", v * 100.0)
    } else {
        super::fmt_tick(v, step)
    }
}

impl Plot for PullBars {
    /// One row per arm: the agent's number, P(arm is best), whether it was chosen, the true
    /// mean once known.
    fn table(&self) -> DataTable {
        let agent = if self.kind == OutputKind::Probabilities {
            "agent: P(choose arm)"
        } else {
            "agent: action value Q"
        };
        let mut cols = vec!["arm", agent];
        if self.prob_best.is_some() {
            cols.push("P(arm is best)");
        }
        cols.push("chosen");
        if self.means.is_some() {
            cols.push("true mean");
        }
        let mut t = DataTable::new(
            super::caption("The agent and the posterior", &self.note),
            cols,
        );
        let get =
            |v: &Option<Vec<f64>>, a: usize| Cell::opt(v.as_ref().and_then(|v| v.get(a)).copied());
        for a in 0..self.arms {
            let mut row = vec![Cell::Num((a + 1) as f64), get(&self.outputs, a)];
            if self.prob_best.is_some() {
                row.push(get(&self.prob_best, a));
            }
            row.push(Cell::from(if self.chosen == Some(a) { "yes" } else { "" }));
            if self.means.is_some() {
                row.push(get(&self.means, a));
            }
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let probs = self.kind == OutputKind::Probabilities;
        let agent_label = if probs {
            "agent: P(choose arm)"
        } else {
            "agent: action value Q"
        };
        let mut legend = vec![Entry {
            label: agent_label.into(),
            swatch: Swatch::Bar {
                color: color(AGENT),
            },
        }];
        if self.prob_best.is_some() {
            legend.push(Entry {
                label: "P(arm is best)".into(),
                swatch: Swatch::Bar {
                    color: color(POSTERIOR),
                },
            });
        }
        if self.means.is_some() {
            legend.push(Entry {
                label: "true mean".into(),
                swatch: Swatch::Tick { color: INK },
            });
        }
        let rest = header(area, th, "The agent and the posterior", &self.note, &legend)?;
        let (w, h) = rest.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let k = self.arms.max(1);
        let tick_style = th.text(11.5, &MUTED);
        let value_style = th.text(10.5, &INK);
        let arm_style = th.text(12.0, &INK);
        let (_, tick_h) = th.measure(&rest, "0", &tick_style)?;
        let (_, value_h) = th.measure(&rest, "0", &value_style)?;
        let outputs = self.outputs.clone().unwrap_or_default();
        let (lo, hi, ticks) = value_axis(self.kind, &outputs);
        let step = if ticks.len() >= 2 {
            ticks[1] - ticks[0]
        } else {
            hi - lo
        };
        let mut left_w = 0;
        for &t in &ticks {
            left_w = left_w.max(
                th.measure(&rest, &tick_label(t, probs, step), &tick_style)?
                    .0,
            );
        }
        let two_axes = !probs && (self.prob_best.is_some() || self.means.is_some());
        let right_w = if two_axes {
            th.measure(&rest, "100%", &tick_style)?.0 + th.px(8.0)
        } else {
            th.px(8.0)
        };
        let x0 = left_w + th.px(10.0);
        let x1 = w - right_w;
        let y0 = value_h + th.px(8.0);
        let y1 = h - tick_h - th.px(14.0);
        if x1 - x0 < th.px(40.0) || y1 - y0 < th.px(40.0) {
            return Ok(());
        }
        // Left axis (the agent's) and right axis (probabilities), 0 to 1.
        let y_of = |v: f64, lo: f64, hi: f64| -> i32 {
            y1 - (((v - lo) / (hi - lo)).clamp(0.0, 1.0) * (y1 - y0) as f64).round() as i32
        };
        let left_mid = tick_style.pos(Pos::new(HPos::Left, VPos::Center));
        let right_mid = tick_style.pos(Pos::new(HPos::Right, VPos::Center));
        for &t in &ticks {
            let y = y_of(t, lo, hi);
            rest.draw(&PathElement::new(
                vec![(x0, y), (x1, y)],
                th.line(super::GRID, 1.0),
            ))
            .map_err(msg)?;
            rest.draw(&Text::new(
                tick_label(t, probs, step),
                (x0 - th.px(5.0), y),
                right_mid.clone(),
            ))
            .map_err(msg)?;
        }
        if two_axes {
            for t in [0.0, 0.5, 1.0] {
                let y = y_of(t, 0.0, 1.0);
                rest.draw(&Text::new(
                    format!("{:.0}%", t * 100.0),
                    (x1 + th.px(5.0), y),
                    left_mid.clone(),
                ))
                .map_err(msg)?;
            }
        }
        let zero = y_of(0.0, lo, hi);
        // Groups.
        let group_w = (x1 - x0) as f64 / k as f64;
        let bars = if self.prob_best.is_some() { 2 } else { 1 };
        let bar_w = ((group_w * 0.7) / bars as f64).min(th.px(56.0) as f64) as i32;
        let value_top = value_style.pos(Pos::new(HPos::Center, VPos::Bottom));
        let value_fits = th.measure(&rest, "100%", &value_style)?.0 <= bar_w + th.px(6.0);
        for a in 0..k {
            let gx0 = x0 + (group_w * a as f64).round() as i32;
            let gx1 = x0 + (group_w * (a + 1) as f64).round() as i32;
            let mid = (gx0 + gx1) / 2;
            if self.chosen == Some(a) {
                rest.draw(&Rectangle::new(
                    [
                        (gx0 + th.px(2.0), y0 - value_h - th.px(4.0)),
                        (gx1 - th.px(2.0), y1),
                    ],
                    HIGHLIGHT.filled(),
                ))
                .map_err(msg)?;
            }
            let bx = mid - bars * bar_w / 2;
            let draw_bar = |i: i32, v: f64, y: i32, base: i32, c: RGBColor, text: String| {
                let xa = bx + i * bar_w + th.px(1.0);
                let xb = bx + (i + 1) * bar_w - th.px(1.0);
                let (ya, yb) = if y <= base { (y, base) } else { (base, y) };
                rest.draw(&Rectangle::new(
                    [(xa, ya), (xb, yb.max(ya + 1))],
                    c.filled(),
                ))
                .map_err(msg)?;
                if value_fits && v.is_finite() {
                    rest.draw(&Text::new(
                        text,
                        ((xa + xb) / 2, ya.min(base) - th.px(2.0)),
                        value_top.clone(),
                    ))
                    .map_err(msg)?;
                }
                Ok::<(), String>(())
            };
            if let Some(&v) = outputs.get(a) {
                let text = if probs {
                    format!("{:.0}%", v * 100.0)
                } else {
                    format!("{v:.2}")
                };
                draw_bar(0, v, y_of(v, lo, hi), zero, color(AGENT), text)?;
            }
            if let Some(p) = self.prob_best.as_ref().and_then(|p| p.get(a)) {
                let y = y_of(*p, 0.0, 1.0);
                draw_bar(
                    1,
                    *p,
                    y,
                    y_of(0.0, 0.0, 1.0),
                    color(POSTERIOR),
                    format!("{:.0}%", p * 100.0),
                )?;
            }
            if let Some(m) = self.means.as_ref().and_then(|m| m.get(a)) {
                let y = y_of(*m, 0.0, 1.0);
                rest.draw(&PathElement::new(
                    vec![(bx - th.px(4.0), y), (bx + bars * bar_w + th.px(4.0), y)],
                    th.line(INK, 2.5),
                ))
                .map_err(msg)?;
            }
            let label = if self.chosen == Some(a) {
                format!("Arm {} ✓", a + 1)
            } else {
                format!("Arm {}", a + 1)
            };
            let style = if self.chosen == Some(a) {
                th.bold(12.0, &INK)
            } else {
                arm_style.clone()
            };
            rest.draw(&Text::new(
                label,
                (mid, y1 + th.px(5.0)),
                style.pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(msg)?;
        }
        rest.draw(&PathElement::new(
            vec![(x0, zero), (x1, zero)],
            th.line(MUTED, 1.0),
        ))
        .map_err(msg)?;
        Ok(())
    }
}

/// The chart of one pull.
pub fn pull_bars(p: PullBars) -> DrawFn {
    draw_fn(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_has_text};

    #[test]
    fn values_and_probabilities_draw_at_phone_and_desktop_widths() {
        let p = PullBars {
            note: "pull 3".into(),
            arms: 3,
            kind: OutputKind::Values,
            outputs: Some(vec![1.5, -0.2, 2.25]),
            prob_best: Some(vec![0.2, 0.1, 0.7]),
            chosen: Some(2),
            means: Some(vec![0.3, 0.1, 0.8]),
        };
        for w in [360, 1000] {
            let svg = render_svg(&pull_bars(p.clone()), w, 300).unwrap();
            assert!(svg_has_text(&svg, "The agent and the posterior"));
            assert!(svg_has_text(&svg, "Arm 3 ✓"));
            assert!(svg_has_text(&svg, "70%"));
            assert!(svg_has_text(&svg, "2.25"));
        }
        let q = PullBars {
            kind: OutputKind::Probabilities,
            outputs: None,
            prob_best: None,
            chosen: None,
            means: None,
            ..p
        };
        let svg = render_svg(&pull_bars(q), 390, 300).unwrap();
        assert!(svg_has_text(&svg, "Arm 1"));
    }

    #[test]
    fn the_value_axis_covers_the_values_in_whole_steps() {
        let (lo, hi, ticks) = value_axis(OutputKind::Values, &[0.4, 2.3, -0.3]);
        assert!(lo <= -0.3 && hi >= 2.3, "{lo} {hi}");
        assert_eq!(ticks.first(), Some(&lo));
        assert_eq!(ticks.last(), Some(&hi));
        assert_eq!(
            value_axis(OutputKind::Probabilities, &[0.2]).1,
            1.0,
            "probabilities run to 1"
        );
    }
}
