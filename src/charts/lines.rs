//! Curves over a continuous x axis (rounds, years, income) with a legend strip above them:
//! the regret curves of the bandit lab and the tax lab's schedules, Lorenz curves and
//! yearly welfare.

use super::{
    caption, color, dashed, frame, header, msg, nice_max, nice_step, thin, Axis, DataTable, Entry,
    FrameOpts, Plot, Swatch, Theme, MUTED,
};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One curve of a [`Lines`] chart.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub color: RGBColor,
    /// Line width in CSS px.
    pub width: f64,
    pub dashed: bool,
    /// (x, y) points in data units.
    pub pts: Vec<(f64, f64)>,
    /// (x, lo, hi): a shaded band (empty for none).
    pub band: Vec<(f64, f64, f64)>,
    /// The curve as it was before the chart cut it at its top (see `fit_to_learners` in the
    /// bandit charts), for the data table; `None` when `pts` and `band` are all of it.
    pub full: Option<Box<Series>>,
}

impl Series {
    /// The curve of policy `i` in the shared palette.
    pub fn policy(i: usize, label: &str, pts: Vec<(f64, f64)>, band: Vec<(f64, f64, f64)>) -> Self {
        Series {
            label: label.to_string(),
            color: color(i),
            width: 2.0,
            dashed: dashed(i),
            pts,
            band,
            full: None,
        }
    }
}

/// The time axis of a line chart.
#[derive(Clone, Copy, Debug)]
pub struct XSpec {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    /// The axis' name ("round t").
    pub desc: &'static str,
}

impl XSpec {
    /// Rounds 1..=horizon (linear axes start at 0).
    pub fn time(horizon: usize, log: bool) -> Self {
        let h = horizon.max(2) as f64;
        XSpec {
            lo: if log { 1.0 } else { 0.0 },
            hi: h,
            log,
            desc: "round t",
        }
    }
}

/// Curves over time with a legend strip above them.
#[derive(Clone, Debug)]
pub struct Lines {
    pub title: String,
    pub note: String,
    pub x: XSpec,
    pub y_desc: String,
    pub y_percent: bool,
    /// Fixed y range; otherwise from the data (including 0 when `y_zero`).
    pub y_fixed: Option<(f64, f64)>,
    pub y_zero: bool,
    pub series: Vec<Series>,
    /// What the shaded bands are, in the legend (`None`: a 95% confidence interval of the
    /// mean).
    pub band_label: Option<String>,
}

impl Plot for Lines {
    /// One row per x (round, income...), one column per curve, and a low and a high column
    /// for each curve's band.
    fn table(&self) -> DataTable {
        let what = self.band_label.clone().unwrap_or_else(|| "95% CI".into());
        let mut curves = Vec::new();
        for s in &self.series {
            let (pts, band) = match &s.full {
                Some(f) => (&f.pts, &f.band),
                None => (&s.pts, &s.band),
            };
            curves.push((s.label.clone(), pts.clone()));
            if !band.is_empty() {
                let lo = band.iter().map(|b| (b.0, b.1)).collect();
                let hi = band.iter().map(|b| (b.0, b.2)).collect();
                curves.push((format!("{}: {what}, low", s.label), lo));
                curves.push((format!("{}: {what}, high", s.label), hi));
            }
        }
        let title = if self.title.is_empty() {
            &self.y_desc
        } else {
            &self.title
        };
        DataTable::by_x(caption(title, &self.note), self.x.desc, curves)
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let mut legend: Vec<Entry> = self
            .series
            .iter()
            .map(|s| Entry::line(s.label.clone(), s.color, s.width, s.dashed))
            .collect();
        if self.series.iter().any(|s| !s.band.is_empty()) {
            legend.push(Entry {
                label: self
                    .band_label
                    .clone()
                    .unwrap_or_else(|| "95% CI of the mean".into()),
                swatch: Swatch::Band { color: MUTED },
            });
        }
        let rest = header(area, th, &self.title, &self.note, &legend)?;
        let x = if self.x.log {
            Axis::log(self.x.lo, self.x.hi, self.x.desc)
        } else {
            Axis::linear(self.x.lo, self.x.hi, 6, self.x.desc)
        };
        let (lo, hi) = match self.y_fixed {
            Some(r) => r,
            None if !self.y_zero => data_range(&self.series),
            None => {
                let mut lo = 0.0f64;
                let mut hi = 0.0f64;
                for s in &self.series {
                    for &(_, y) in &s.pts {
                        if y.is_finite() {
                            lo = lo.min(y);
                            hi = hi.max(y);
                        }
                    }
                    for &(_, l, h) in &s.band {
                        if l.is_finite() && h.is_finite() {
                            lo = lo.min(l);
                            hi = hi.max(h);
                        }
                    }
                }
                let hi = nice_max(hi);
                let lo = if lo < 0.0 { -nice_max(-lo) } else { 0.0 };
                (lo, hi)
            }
        };
        let mut y = Axis::linear(lo, hi, 5, &self.y_desc);
        if self.y_percent {
            y = y.percent();
        }
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::default())?;
        let (w, _) = rest.dim_in_pixel();
        let max_pts = (w as usize).max(50);
        let inside = |t: f64| t >= x.lo * (1.0 - 1e-12) && t <= x.hi * (1.0 + 1e-12);
        let clampy = |v: f64| v.clamp(lo, hi);
        for s in &self.series {
            if s.band.is_empty() {
                continue;
            }
            let b: Vec<(f64, f64, f64)> = s
                .band
                .iter()
                .copied()
                .filter(|(t, l, h)| inside(*t) && l.is_finite() && h.is_finite())
                .collect();
            let b = thin(&b, max_pts);
            if b.len() < 2 {
                continue;
            }
            let mut poly: Vec<(f64, f64)> =
                b.iter().map(|&(t, _, h)| (x.t(t), clampy(h))).collect();
            poly.extend(b.iter().rev().map(|&(t, l, _)| (x.t(t), clampy(l))));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    s.color.mix(0.16).filled(),
                )))
                .map_err(msg)?;
        }
        // Thin lines first, bold ones (a highlighted player) on top.
        let mut order: Vec<usize> = (0..self.series.len()).collect();
        order.sort_by(|&a, &b| {
            self.series[a]
                .width
                .partial_cmp(&self.series[b].width)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for i in order {
            let s = &self.series[i];
            let pts: Vec<(f64, f64)> = s
                .pts
                .iter()
                .copied()
                .filter(|(t, v)| inside(*t) && v.is_finite())
                .map(|(t, v)| (x.t(t), clampy(v)))
                .collect();
            let pts = thin(&pts, max_pts * 2);
            let style = th.line(s.color, s.width);
            let dash = s.dashed.then_some((6.0, 4.0));
            super::polyline(&mut chart, th, pts, style, dash, s.width + 1.0)?;
        }
        Ok(())
    }
}

/// The y range of the data alone (not forced to include 0), widened to nice steps with a
/// little room above and below.
fn data_range(series: &[Series]) -> (f64, f64) {
    let ys = series.iter().flat_map(|s| {
        s.pts
            .iter()
            .map(|p| p.1)
            .chain(s.band.iter().flat_map(|b| [b.1, b.2]))
    });
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for y in ys.filter(|y| y.is_finite()) {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = if hi > lo {
        hi - lo
    } else {
        lo.abs().max(1.0) * 0.1
    };
    let step = nice_step(span / 5.0);
    let lo2 = ((lo - span * 0.04) / step).floor() * step;
    let hi2 = ((hi + span * 0.04) / step).ceil() * step;
    (lo2, hi2.max(lo2 + step))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{Cell, Plot};

    #[test]
    fn the_table_has_a_row_per_x_and_a_column_per_curve_and_band_end() {
        let chart = Lines {
            title: "Cumulative regret".into(),
            note: "mean of 2 runs".into(),
            x: XSpec::time(10, false),
            y_desc: "regret".into(),
            y_percent: false,
            y_fixed: None,
            y_zero: true,
            series: vec![
                Series::policy(
                    0,
                    "UCB1",
                    vec![(5.0, 1.5), (10.0, 2.25)],
                    vec![(5.0, 1.0, 2.0), (10.0, 2.0, 2.5)],
                ),
                Series::policy(1, "Greedy", vec![(5.0, -0.5), (10.0, 4.0)], Vec::new()),
            ],
            band_label: None,
        };
        let t = chart.table();
        assert_eq!(t.caption, "Cumulative regret (mean of 2 runs)");
        assert_eq!(
            t.columns,
            vec![
                "round t",
                "UCB1",
                "UCB1: 95% CI, low",
                "UCB1: 95% CI, high",
                "Greedy"
            ]
        );
        let n = Cell::Num;
        assert_eq!(
            t.rows,
            vec![
                vec![n(5.0), n(1.5), n(1.0), n(2.0), n(-0.5)],
                vec![n(10.0), n(2.25), n(2.0), n(2.5), n(4.0)],
            ]
        );
        assert_eq!(
            t.tsv().lines().nth(1),
            Some("5\t1.5\t1\t2\t-0.5"),
            "copied numbers are plain"
        );
    }
}
