//! Bar charts of one planner against the status quo: the income histogram, and the two
//! distributional charts PolicyEngine draws for a reform, by skill decile: the mean change in
//! consumption, and the shares of workers who gain or lose.

use crate::charts::{
    color, draw_fn, frame, header, msg, nice_max, placeholder, Axis, Cell, DataTable, DrawFn,
    Entry, FrameOpts, Plot, Swatch, Theme, INK, MUTED,
};
use crate::widgets::format::dollars;
use agora_engine::tax::run::{DecileChange, PlannerResult};
use agora_engine::tax::TaxResults;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Bins of the income histogram.
const BINS: usize = 30;

/// The share of workers with income at most `x`, read from quantiles at 0, 1/k, ..., 1
/// (linear between them; a run of equal quantiles is a point mass).
pub fn cdf(quantiles: &[f64], x: f64) -> f64 {
    let k = quantiles.len().saturating_sub(1);
    if k == 0 {
        return 0.0;
    }
    if x < quantiles[0] {
        return 0.0;
    }
    // The last quantile at or below x.
    let j = quantiles.partition_point(|q| *q <= x);
    if j > k {
        return 1.0;
    }
    let (a, b) = (quantiles[j - 1], quantiles[j]);
    let frac = if b > a { (x - a) / (b - a) } else { 0.0 };
    ((j - 1) as f64 + frac) / k as f64
}

/// Shares of workers in `bins` equal bins over [0, hi] (the last bin also holds everyone
/// above `hi`).
pub fn histogram(quantiles: &[f64], hi: f64, bins: usize) -> Vec<f64> {
    let w = hi / bins as f64;
    (0..bins)
        .map(|b| {
            let lo = if b == 0 {
                f64::NEG_INFINITY
            } else {
                b as f64 * w
            };
            let top = if b + 1 == bins {
                1.0
            } else {
                cdf(quantiles, (b + 1) as f64 * w)
            };
            let bottom = if b == 0 { 0.0 } else { cdf(quantiles, lo) };
            (top - bottom).max(0.0)
        })
        .collect()
}

struct Histogram {
    label: String,
    index: usize,
    planner: Vec<f64>,
    status_quo: Vec<f64>,
    hi: f64,
}

impl Plot for Histogram {
    /// One row per bin: its income range and the planner's and status quo's shares.
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            "Income distribution (share of workers by pre-tax income; the last bin holds everyone above it)",
            [
                "income from ($)".to_string(),
                "income to ($)".to_string(),
                format!("{}: share of workers", self.label),
                "status quo: share of workers".to_string(),
            ],
        );
        let w = self.hi / self.planner.len().max(1) as f64;
        for (b, &v) in self.planner.iter().enumerate() {
            t.push(vec![
                Cell::Num(b as f64 * w),
                Cell::Num((b + 1) as f64 * w),
                Cell::Num(v),
                Cell::opt(self.status_quo.get(b).copied()),
            ]);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let c = color(self.index);
        let legend = [
            Entry {
                label: self.label.clone(),
                swatch: Swatch::Bar { color: c },
            },
            Entry::line("status quo", MUTED, 1.5, false),
        ];
        let rest = header(
            area,
            th,
            "Income distribution",
            "pre-tax incomes; the last bar holds everyone above the axis",
            &legend,
        )?;
        let top = self
            .planner
            .iter()
            .chain(&self.status_quo)
            .copied()
            .fold(0.0f64, f64::max);
        let x = Axis::linear(0.0, self.hi, 6, "yearly income z ($)");
        let y = Axis::linear(0.0, nice_max(top), 5, "share of workers").percent();
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::bars())?;
        let w = self.hi / self.planner.len().max(1) as f64;
        chart
            .draw_series(self.planner.iter().enumerate().map(|(b, &v)| {
                let x0 = b as f64 * w;
                Rectangle::new(
                    [(x0 + w * 0.04, 0.0), (x0 + w * 0.96, v)],
                    c.mix(0.75).filled(),
                )
            }))
            .map_err(msg)?;
        // The status quo as an outline: a step line over the bins.
        let mut pts = Vec::new();
        for (b, &v) in self.status_quo.iter().enumerate() {
            pts.push((b as f64 * w, v));
            pts.push(((b + 1) as f64 * w, v));
        }
        chart
            .draw_series(LineSeries::new(pts, th.line(MUTED, 1.5)))
            .map_err(msg)?;
        Ok(())
    }
}

/// The income histogram of planner `i` over the status quo's.
pub fn income_histogram(r: &TaxResults, i: usize, hi: f64) -> DrawFn {
    let Some(p) = r.planners.get(i) else {
        return draw_fn(Empty("Income distribution"));
    };
    draw_fn(Histogram {
        label: p.label.clone(),
        index: i,
        planner: histogram(&p.last.income_quantiles, hi, BINS),
        status_quo: histogram(&r.baseline.income_quantiles, hi, BINS),
        hi,
    })
}

pub(super) struct Empty(pub(super) &'static str);

impl Plot for Empty {
    fn table(&self) -> DataTable {
        DataTable::empty(self.0)
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        placeholder(area, th, self.0, "no planner to show")
    }
}

/// Gains in green, losses in vermillion (the palette's).
const GAIN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
const LOSS: RGBColor = RGBColor(0xd5, 0x5e, 0x00);

struct DecileBars {
    label: String,
    changes: Vec<DecileChange>,
}

impl Plot for DecileBars {
    /// One row per skill decile: the mean change in consumption, in dollars and relative.
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            format!(
                "Change in consumption ({} against the status quo, by skill decile)",
                self.label
            ),
            [
                "skill decile (1 = lowest)",
                "mean change in consumption ($)",
                "relative change",
            ],
        );
        for (d, c) in self.changes.iter().enumerate() {
            t.push(vec![
                Cell::Num((d + 1) as f64),
                Cell::Num(c.change),
                Cell::Num(c.relative),
            ]);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let note = format!("{} against the status quo, by skill decile", self.label);
        let rest = header(area, th, "Change in consumption", &note, &[])?;
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for d in &self.changes {
            if d.relative.is_finite() {
                lo = lo.min(d.relative);
                hi = hi.max(d.relative);
            }
        }
        let (lo, hi) = (
            if lo < 0.0 { -nice_max(-lo * 1.15) } else { 0.0 },
            if hi > 0.0 { nice_max(hi * 1.15) } else { 0.0 },
        );
        let (lo, hi) = if hi - lo < 1e-9 {
            (-0.01, 0.01)
        } else {
            (lo, hi)
        };
        let x = Axis::arms(self.changes.len(), 1, "skill decile (1 = lowest)");
        let y = Axis::linear(lo, hi, 5, "mean change in consumption").percent();
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::bars())?;
        chart
            .draw_series(self.changes.iter().enumerate().map(|(d, c)| {
                let v = if c.relative.is_finite() {
                    c.relative
                } else {
                    0.0
                };
                let col = if v >= 0.0 { GAIN } else { LOSS };
                let x0 = d as f64 - 0.36;
                Rectangle::new([(x0, 0.0), (x0 + 0.72, v)], col.filled())
            }))
            .map_err(msg)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-0.5, 0.0), (self.changes.len() as f64 - 0.5, 0.0)],
                th.line(INK, 1.0),
            )))
            .map_err(msg)?;
        // The dollar change over each bar, when the bars are wide enough to carry it.
        let (x0, _) = chart.backend_coord(&(0.0, 0.0));
        let (x1, _) = chart.backend_coord(&(1.0, 0.0));
        let style = th.text(10.5, &MUTED);
        let sample = "+$12,345";
        if th.measure(&rest, sample, &style)?.0 + th.px(2.0) <= (x1 - x0).abs() {
            let base = rest.get_base_pixel();
            for (d, c) in self.changes.iter().enumerate() {
                let v = if c.relative.is_finite() {
                    c.relative
                } else {
                    0.0
                };
                let (px, py) = chart.backend_coord(&(d as f64, v));
                let (vp, dy) = if v >= 0.0 {
                    (VPos::Bottom, -th.px(3.0))
                } else {
                    (VPos::Top, th.px(3.0))
                };
                rest.draw(&Text::new(
                    signed_dollars(c.change),
                    (px - base.0, py - base.1 + dy),
                    style.clone().pos(Pos::new(HPos::Center, vp)),
                ))
                .map_err(msg)?;
            }
        }
        Ok(())
    }
}

/// "+$1,234", "−$350": a change in dollars.
fn signed_dollars(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", dollars(v))
    } else {
        dollars(v)
    }
}

/// The mean change in consumption by skill decile, relative, with the dollars over the bars.
pub fn decile_change(p: Option<&PlannerResult>) -> DrawFn {
    match p {
        Some(p) if !p.changes.is_empty() => draw_fn(DecileBars {
            label: p.label.clone(),
            changes: p.changes.clone(),
        }),
        _ => draw_fn(Empty("Change in consumption")),
    }
}

/// The five groups of the winners-and-losers chart, from most gain to most loss.
const GROUPS: [(&str, RGBColor); 5] = [
    ("gain more than 5 %", RGBColor(0x00, 0x7a, 0x59)),
    ("gain less than 5 %", RGBColor(0x7f, 0xcc, 0xb5)),
    ("no change", RGBColor(0xd9, 0xdd, 0xe2)),
    ("lose less than 5 %", RGBColor(0xf0, 0xb0, 0x80)),
    ("lose more than 5 %", RGBColor(0xb8, 0x4a, 0x00)),
];

fn shares(c: &DecileChange) -> [f64; 5] {
    [
        c.gain_more,
        c.gain_less,
        c.no_change,
        c.lose_less,
        c.lose_more,
    ]
}

struct WinnersLosers {
    label: String,
    changes: Vec<DecileChange>,
}

impl Plot for WinnersLosers {
    /// One row per skill decile: the shares of its workers in each group.
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            format!(
                "Winners and losers ({}: shares of each decile's workers)",
                self.label
            ),
            std::iter::once("skill decile (1 = lowest)").chain(GROUPS.iter().map(|g| g.0)),
        );
        for (d, c) in self.changes.iter().enumerate() {
            let mut row = vec![Cell::Num((d + 1) as f64)];
            row.extend(shares(c).iter().map(|&v| Cell::Num(v)));
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let legend: Vec<Entry> = GROUPS
            .iter()
            .map(|(l, c)| Entry {
                label: (*l).to_string(),
                swatch: Swatch::Bar { color: *c },
            })
            .collect();
        let note = format!("{}: who gains and who loses consumption", self.label);
        let rest = header(area, th, "Winners and losers", &note, &legend)?;
        let x = Axis::arms(self.changes.len(), 1, "skill decile (1 = lowest)");
        let y = Axis::linear(0.0, 1.0, 4, "share of the decile's workers").percent();
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::bars())?;
        for (d, c) in self.changes.iter().enumerate() {
            let mut bottom = 0.0;
            let x0 = d as f64 - 0.38;
            for (g, share) in shares(c).iter().enumerate() {
                let top = (bottom + share.max(0.0)).min(1.0);
                if top > bottom {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x0, bottom), (x0 + 0.76, top)],
                            GROUPS[g].1.filled(),
                        )))
                        .map_err(msg)?;
                }
                bottom = top;
            }
        }
        Ok(())
    }
}

/// Shares of each skill decile that gain or lose (more or less than 5 %) against the status
/// quo.
pub fn winners_losers(p: Option<&PlannerResult>) -> DrawFn {
    match p {
        Some(p) if !p.changes.is_empty() => draw_fn(WinnersLosers {
            label: p.label.clone(),
            changes: p.changes.clone(),
        }),
        _ => draw_fn(Empty("Winners and losers")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_reads_quantiles_and_point_masses() {
        // Uniform on [0, 100]: quantiles 0, 1, ..., 100.
        let q: Vec<f64> = (0..=100).map(|k| k as f64).collect();
        assert!((cdf(&q, 25.0) - 0.25).abs() < 1e-12);
        assert!((cdf(&q, 25.5) - 0.255).abs() < 1e-12);
        assert_eq!(cdf(&q, -1.0), 0.0);
        assert_eq!(cdf(&q, 1000.0), 1.0);
        // A fifth of the workers earn nothing: F(0) = 0.2.
        let q: Vec<f64> = (0..=100).map(|k| (k as f64 - 20.0).max(0.0)).collect();
        assert!((cdf(&q, 0.0) - 0.2).abs() < 1e-12);
        let h = histogram(&q, 80.0, 8);
        assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((h[0] - 0.3).abs() < 1e-12, "{h:?}");
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(signed_dollars(1234.0), "+$1,234");
        assert_eq!(signed_dollars(-350.0), "−$350");
        assert_eq!(signed_dollars(0.0), "$0");
    }
}
