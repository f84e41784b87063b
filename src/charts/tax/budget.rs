//! One worker's choice: its budget set (consumption against hours, with a kink wherever its
//! income crosses a bracket cutoff) or its utility along that budget set, with the hours it
//! chooses marked.

use crate::charts::{
    draw_fn, frame, header, msg, nice_step, polyline, Axis, DataTable, DrawFn, Entry, FrameOpts,
    Plot, Swatch, Theme, INK, MUTED,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::RGBColor;

/// A curve over hours with its kinks and the chosen point.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerCurve {
    pub title: String,
    pub note: String,
    pub y_desc: String,
    pub max_hours: f64,
    pub color: RGBColor,
    /// (hours, value) along the budget set.
    pub line: Vec<(f64, f64)>,
    /// (hours, value) where the marginal rate changes.
    pub kinks: Vec<(f64, f64)>,
    /// (hours, value) the worker chooses.
    pub chosen: (f64, f64),
    /// Values below this are left out (so that a steep fall far from the choice does not
    /// flatten the part that matters); `None` shows everything.
    pub floor: Option<f64>,
}

impl Plot for WorkerCurve {
    /// One row per hours value along the curve, with the kinks and the chosen point in
    /// columns of their own.
    fn table(&self) -> DataTable {
        DataTable::by_x(
            crate::charts::caption(&self.title, &self.note),
            "hours worked l",
            vec![
                (self.y_desc.clone(), self.line.clone()),
                ("kink (bracket cutoff)".into(), self.kinks.clone()),
                ("chosen hours".into(), vec![self.chosen]),
            ],
        )
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let mut legend = vec![Entry::line("budget set", self.color, 2.0, false)];
        if !self.kinks.is_empty() {
            legend.push(Entry {
                label: "kink (bracket cutoff)".into(),
                swatch: Swatch::Dot { color: MUTED },
            });
        }
        legend.push(Entry {
            label: "chosen hours".into(),
            swatch: Swatch::Dot { color: INK },
        });
        let rest = header(area, th, &self.title, &self.note, &legend)?;
        let floor = self.floor.unwrap_or(f64::NEG_INFINITY);
        let ys = self
            .line
            .iter()
            .map(|p| p.1)
            .filter(|v| *v >= floor)
            .chain(std::iter::once(self.chosen.1))
            .filter(|v| v.is_finite());
        let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let (lo, hi) = if lo.is_finite() && hi > lo {
            let step = nice_step((hi - lo) / 5.0);
            (
                ((lo - (hi - lo) * 0.04) / step).floor() * step,
                ((hi + (hi - lo) * 0.08) / step).ceil() * step,
            )
        } else if lo.is_finite() {
            (lo - 1.0, lo + 1.0)
        } else {
            (0.0, 1.0)
        };
        let x = Axis::linear(0.0, self.max_hours.max(1.0), 6, "hours worked l");
        let y = Axis::linear(lo, hi, 5, &self.y_desc);
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::default())?;
        let pts: Vec<(f64, f64)> = self
            .line
            .iter()
            .copied()
            .filter(|p| p.1.is_finite() && p.1 >= floor)
            .collect();
        polyline(&mut chart, th, pts, th.line(self.color, 2.0), None, 3.0)?;
        chart
            .draw_series(
                self.kinks
                    .iter()
                    .filter(|p| p.1.is_finite() && p.1 >= floor)
                    .map(|&p| Circle::new(p, th.upx(4.0), MUTED.filled())),
            )
            .map_err(msg)?;
        let (cx, cy) = self.chosen;
        if cx.is_finite() && cy.is_finite() {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(cx, lo), (cx, cy)],
                    th.stroke(4.0),
                    th.stroke(3.0),
                    th.line(INK, 1.0),
                ))
                .map_err(msg)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (cx, cy),
                    th.upx(6.0),
                    INK.filled(),
                )))
                .map_err(msg)?;
        }
        Ok(())
    }
}

/// The chart of `curve`.
pub fn worker_curve(curve: WorkerCurve) -> DrawFn {
    draw_fn(curve)
}
