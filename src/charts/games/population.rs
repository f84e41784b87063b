//! Shares or counts of each type over time (replicator ecology, Moran process, The Evolution of
//! Trust), as lines or stacked areas.

use super::{finite_range, name_or, thinned_steps};
use crate::charts::{
    color, ellipsize, frame, header, msg, nice_max, placeholder, Axis, Cell, DataTable, Entry,
    FrameOpts, Plot, Swatch, Theme, INK, PALETTE,
};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Grey of grouped series ("12 other types").
const OTHERS: RGBColor = RGBColor(0xa9, 0xb0, 0xb8);

/// Types drawn in colour when there are more than the palette's ten.
const SHOWN: usize = 8;

/// Of those, at most this many are kept for types that rose before they fell.
const RISERS: usize = 3;

/// Each type's share or count over time, as lines or stacked areas.
///
/// With more than ten types, eight are drawn in colour and the others grouped (thin grey lines,
/// or one grey area when stacked): the five with the largest final values (ties: the largest
/// peak), then up to three of the rest that rose the most above their start before falling
/// (in Axelrod's ecology the Alternator grows on the Cooperator and then starves: the story is
/// in that bump, not in the final shares), then the next largest final values.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    pub(super) title: String,
    pub(super) y_label: String,
    pub(super) x_label: String,
    pub(super) labels: Vec<String>,
    /// Time of each kept step (its index in the series).
    pub(super) ts: Vec<f64>,
    /// `values[k][i]`: value of type `i` at time `ts[k]` (NaN and missing values are 0).
    pub(super) values: Vec<Vec<f64>>,
    /// Last time index of the full series.
    pub(super) t_end: f64,
    pub(super) stacked: bool,
    pub(super) percent: bool,
}

impl Population {
    /// `series[t][i]` is the share or count of type `i` (named `labels[i]`) at time `t`
    /// (t = 0, 1, ...: steps, generations or rounds, described by `x_label`).
    pub fn new(
        title: impl Into<String>,
        y_label: impl Into<String>,
        labels: Vec<String>,
        series: Vec<Vec<f64>>,
        x_label: impl Into<String>,
    ) -> Self {
        let k = labels
            .len()
            .max(series.iter().map(Vec::len).max().unwrap_or(0));
        let labels: Vec<String> = (0..k).map(|i| name_or(&labels, i, "type")).collect();
        let steps = thinned_steps(series.len());
        let values = steps
            .iter()
            .map(|&t| {
                (0..k)
                    .map(|i| {
                        series[t]
                            .get(i)
                            .copied()
                            .filter(|v| v.is_finite())
                            .unwrap_or(0.0)
                    })
                    .collect()
            })
            .collect();
        Population {
            title: title.into(),
            y_label: y_label.into(),
            x_label: x_label.into(),
            labels,
            ts: steps.iter().map(|&t| t as f64).collect(),
            values,
            t_end: series.len().saturating_sub(1) as f64,
            stacked: false,
            percent: false,
        }
    }

    /// Draw stacked areas (for shares or counts that sum to a constant).
    pub fn stacked(mut self, stacked: bool) -> Self {
        self.stacked = stacked;
        self
    }

    /// Label the y axis in percent (for shares in [0, 1]).
    pub fn percent(mut self, percent: bool) -> Self {
        self.percent = percent;
        self
    }

    /// The types drawn in colour, in legend order, and whether others are grouped.
    pub(super) fn shown(&self) -> (Vec<usize>, bool) {
        let k = self.labels.len();
        if k <= PALETTE.len() {
            return ((0..k).collect(), false);
        }
        let last = self.values.last();
        let fin = |i: usize| last.map_or(0.0, |v| v[i]);
        let peak = |i: usize| self.values.iter().map(|v| v[i]).fold(0.0f64, f64::max);
        let first = self.values.first();
        let rise = |i: usize| peak(i) - first.map_or(0.0, |v| v[i]);
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| {
            fin(b)
                .total_cmp(&fin(a))
                .then(peak(b).total_cmp(&peak(a)))
                .then(a.cmp(&b))
        });
        let mut shown: Vec<usize> = order[..SHOWN - RISERS].to_vec();
        let mut risers: Vec<usize> = order[SHOWN - RISERS..]
            .iter()
            .copied()
            .filter(|&i| rise(i) > 0.0 && fin(i) < peak(i))
            .collect();
        risers.sort_by(|&a, &b| rise(b).total_cmp(&rise(a)).then(a.cmp(&b)));
        risers.truncate(RISERS);
        shown.extend(&risers);
        for &i in &order[SHOWN - RISERS..] {
            if shown.len() == SHOWN {
                break;
            }
            if !shown.contains(&i) {
                shown.push(i);
            }
        }
        (shown, true)
    }
}

impl Plot for Population {
    /// One row per step drawn, one column per type (all of them, also those the chart groups
    /// as "other types").
    fn table(&self) -> DataTable {
        if self.values.is_empty() || self.labels.is_empty() {
            return DataTable::empty(self.title.clone());
        }
        let mut t = DataTable::new(
            format!("{} ({})", self.title, self.y_label),
            std::iter::once(self.x_label.clone()).chain(self.labels.iter().cloned()),
        );
        for (&ts, v) in self.ts.iter().zip(&self.values) {
            let mut row = vec![Cell::Num(ts)];
            row.extend(v.iter().map(|&x| Cell::Num(x)));
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        if self.values.is_empty() || self.labels.is_empty() {
            return placeholder(area, th, &self.title, "Nothing to show yet.");
        }
        let (shown, grouped) = self.shown();
        let others: Vec<usize> = (0..self.labels.len())
            .filter(|i| !shown.contains(i))
            .collect();
        let colour_of = |pos: usize| {
            if grouped {
                color(pos)
            } else {
                color(shown[pos])
            }
        };
        let entry_style = th.text(12.0, &INK);
        let (w, _) = area.dim_in_pixel();
        let max_entry = (w as i32 / 4).max(th.px(60.0));
        let mut legend = Vec::new();
        for (pos, &i) in shown.iter().enumerate() {
            let label = ellipsize(area, th, &self.labels[i], &entry_style, max_entry)?;
            legend.push(if self.stacked {
                Entry {
                    label,
                    swatch: Swatch::Bar {
                        color: colour_of(pos),
                    },
                }
            } else {
                Entry::line(label, colour_of(pos), 2.0, false)
            });
        }
        if !others.is_empty() {
            let label = format!("{} other types", others.len());
            legend.push(if self.stacked {
                Entry {
                    label,
                    swatch: Swatch::Bar { color: OTHERS },
                }
            } else {
                Entry::line(label, OTHERS, 1.0, false)
            });
        }
        let note = if self.ts.len() == 1 {
            "the start only".to_string()
        } else if self.stacked {
            "stacked".to_string()
        } else {
            String::new()
        };
        let rest = header(area, th, &self.title, &note, &legend)?;
        // Bars of one step: a single time point has no extent.
        let single = self.ts.len() == 1;
        let (x_lo, x_hi) = if single {
            (self.ts[0] - 1.0, self.ts[0] + 1.0)
        } else {
            (0.0, self.t_end.max(1.0))
        };
        let totals: Vec<f64> = self.values.iter().map(|v| v.iter().sum()).collect();
        let (vlo, vhi) = if self.stacked {
            finite_range(totals.iter().copied()).unwrap_or((0.0, 1.0))
        } else {
            finite_range(self.values.iter().flatten().copied()).unwrap_or((0.0, 1.0))
        };
        let hi = if self.percent && vhi <= 1.0 + 1e-9 {
            1.0
        } else if self.stacked && vhi > 0.0 && (vhi - vlo) <= 1e-9 * vhi {
            // A constant total (a fixed population) fills the chart exactly.
            vhi
        } else {
            nice_max(vhi)
        };
        let lo = if vlo < 0.0 { -nice_max(-vlo) } else { 0.0 };
        let x = Axis::linear(x_lo, x_hi, 6, &self.x_label);
        let mut y = Axis::linear(lo, hi, 5, &self.y_label);
        if self.percent {
            y = y.percent();
        }
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::default())?;
        let clampy = |v: f64| v.clamp(lo, hi);
        if self.stacked {
            // Layers bottom to top in legend order, the grouped rest on top.
            let mut layers: Vec<(Vec<usize>, RGBColor)> = shown
                .iter()
                .enumerate()
                .map(|(pos, &i)| (vec![i], colour_of(pos)))
                .collect();
            if !others.is_empty() {
                layers.push((others.clone(), OTHERS));
            }
            let mut below = vec![0.0f64; self.ts.len()];
            for (members, c) in &layers {
                let above: Vec<f64> = below
                    .iter()
                    .zip(&self.values)
                    .map(|(b, v)| b + members.iter().map(|&i| v[i].max(0.0)).sum::<f64>())
                    .collect();
                if single {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [
                                (self.ts[0] - 0.3, clampy(below[0])),
                                (self.ts[0] + 0.3, clampy(above[0])),
                            ],
                            c.filled(),
                        )))
                        .map_err(msg)?;
                } else {
                    let mut poly: Vec<(f64, f64)> = self
                        .ts
                        .iter()
                        .zip(&above)
                        .map(|(&t, &v)| (t, clampy(v)))
                        .collect();
                    poly.extend(
                        self.ts
                            .iter()
                            .zip(&below)
                            .rev()
                            .map(|(&t, &v)| (t, clampy(v))),
                    );
                    chart
                        .draw_series(std::iter::once(Polygon::new(poly, c.mix(0.85).filled())))
                        .map_err(msg)?;
                }
                below = above;
            }
            return Ok(());
        }
        let series = |i: usize| -> Vec<(f64, f64)> {
            self.ts
                .iter()
                .zip(&self.values)
                .map(|(&t, v)| (t, clampy(v[i])))
                .collect()
        };
        let mut lines: Vec<(usize, RGBColor, f64)> =
            others.iter().map(|&i| (i, OTHERS, 1.0)).collect();
        lines.extend(
            shown
                .iter()
                .enumerate()
                .map(|(pos, &i)| (i, colour_of(pos), 2.0)),
        );
        for (i, c, width) in lines {
            let pts = series(i);
            if single {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        pts[0],
                        th.upx(width + 2.0),
                        c.filled(),
                    )))
                    .map_err(msg)?;
            } else {
                chart
                    .draw_series(LineSeries::new(pts, th.line(c, width)))
                    .map_err(msg)?;
            }
        }
        Ok(())
    }
}
