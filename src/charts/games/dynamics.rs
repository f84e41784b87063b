//! Learning dynamics over time: both players' mixed strategies (time-average or current,
//! with the mixed Nash equilibrium as reference lines) or their average external regret.

use super::{finite_range, kept, name_or, thinned_steps};
use crate::charts::table::fmt_cell;
use crate::charts::{
    caption, color, frame, header, msg, nice_max, placeholder, Axis, Cell, DataTable, Entry,
    FrameOpts, Plot, Theme, MUTED,
};
use agora_engine::games::dynamics::{DynamicsResults, Trajectory};
use plotters::coord::Shift;
use plotters::prelude::*;

/// What a [`DynamicsPlot`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DynamicsView {
    /// Time-average probability of each action, (1/t) sum_{s<=t} x_s.
    Average,
    /// The mixed strategy played at each step.
    Current,
    /// Average external regret of each player.
    Regret,
}

/// Self-play learning dynamics over time: both players' strategies (row solid, column dashed,
/// one colour per action) or their average regrets.
#[derive(Clone, Debug, PartialEq)]
pub struct DynamicsPlot {
    pub(super) what: DynamicsView,
    pub(super) row_actions: Vec<String>,
    pub(super) col_actions: Vec<String>,
    /// Steps t (1-based) kept.
    pub(super) ts: Vec<f64>,
    pub(super) steps: usize,
    /// Per kept step: the strategy vectors (average or current) of row and column.
    pub(super) row: Vec<Vec<f64>>,
    pub(super) col: Vec<Vec<f64>>,
    pub(super) row_regret: Vec<f64>,
    pub(super) col_regret: Vec<f64>,
    pub(super) equilibrium: Option<(Vec<f64>, Vec<f64>)>,
}

impl DynamicsPlot {
    /// Keep what `what` shows of `r` (thinned to [`MAX_POINTS`] steps). `row_actions` and
    /// `col_actions` name the actions (missing names read "action k").
    pub fn new(
        r: &DynamicsResults,
        row_actions: Vec<String>,
        col_actions: Vec<String>,
        what: DynamicsView,
    ) -> Self {
        let steps = r
            .row
            .regret
            .len()
            .min(r.col.regret.len())
            .min(r.row.average.len())
            .min(r.col.average.len())
            .min(r.row.current.len())
            .min(r.col.current.len());
        let idx = thinned_steps(steps);
        let pick = |tr: &Trajectory| match what {
            DynamicsView::Current => kept(&tr.current, &idx),
            _ => kept(&tr.average, &idx),
        };
        let (row, col, row_regret, col_regret) = if what == DynamicsView::Regret {
            (
                Vec::new(),
                Vec::new(),
                kept(&r.row.regret, &idx),
                kept(&r.col.regret, &idx),
            )
        } else {
            (pick(&r.row), pick(&r.col), Vec::new(), Vec::new())
        };
        DynamicsPlot {
            what,
            row_actions,
            col_actions,
            ts: idx.iter().map(|&t| (t + 1) as f64).collect(),
            steps,
            row,
            col,
            row_regret,
            col_regret,
            equilibrium: None,
        }
    }

    /// The mixed Nash equilibrium (row's and column's probabilities), drawn as thin horizontal
    /// lines in the strategy views.
    pub fn with_equilibrium(mut self, eq: Option<(Vec<f64>, Vec<f64>)>) -> Self {
        self.equilibrium = eq;
        self
    }
}

impl Plot for DynamicsPlot {
    /// One row per step drawn: each player's probability of each action (or both players'
    /// average regret); the equilibrium, when drawn, in the caption.
    fn table(&self) -> DataTable {
        let title = match self.what {
            DynamicsView::Average => "Time-average strategies",
            DynamicsView::Current => "Strategies played",
            DynamicsView::Regret => "Average regret",
        };
        if self.steps == 0 {
            return DataTable::empty(title);
        }
        if self.what == DynamicsView::Regret {
            let mut t = DataTable::new(
                caption(title, "(best fixed action's payoff − payoff earned) / t"),
                ["step t", "row player", "column player"],
            );
            for (i, &ts) in self.ts.iter().enumerate() {
                t.push(vec![
                    Cell::Num(ts),
                    Cell::opt(self.row_regret.get(i).copied()),
                    Cell::opt(self.col_regret.get(i).copied()),
                ]);
            }
            return t;
        }
        let m_row = self.row.first().map_or(0, Vec::len);
        let m_col = self.col.first().map_or(0, Vec::len);
        let mut note = match self.what {
            DynamicsView::Average => "probability of each action averaged over steps 1..t",
            _ => "probability of each action at step t",
        }
        .to_string();
        if let Some((r, c)) = &self.equilibrium {
            let list = |v: &[f64]| {
                v.iter()
                    .map(|p| fmt_cell(*p))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            note.push_str(&format!(
                "; mixed Nash equilibrium: row ({}), column ({})",
                list(r),
                list(c)
            ));
        }
        let cols = std::iter::once("step t".to_string())
            .chain((0..m_row).map(|a| format!("row: {}", name_or(&self.row_actions, a, "action"))))
            .chain(
                (0..m_col).map(|a| format!("column: {}", name_or(&self.col_actions, a, "action"))),
            );
        let mut t = DataTable::new(caption(title, &note), cols);
        for (i, &ts) in self.ts.iter().enumerate() {
            let mut row = vec![Cell::Num(ts)];
            let at = |v: &[Vec<f64>], a: usize| Cell::opt(v.get(i).and_then(|p| p.get(a)).copied());
            row.extend((0..m_row).map(|a| at(&self.row, a)));
            row.extend((0..m_col).map(|a| at(&self.col, a)));
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let title = match self.what {
            DynamicsView::Average => "Time-average strategies",
            DynamicsView::Current => "Strategies played",
            DynamicsView::Regret => "Average regret",
        };
        if self.steps == 0 {
            return placeholder(area, th, title, "No steps yet: press Run.");
        }
        let x = Axis::linear(0.0, self.steps.max(2) as f64, 6, "step t");
        let dash = |chart: &mut ChartContext<'_, DB, crate::charts::Xy>,
                    pts: Vec<(f64, f64)>,
                    style: ShapeStyle,
                    on: f64,
                    off: f64| {
            crate::charts::polyline(chart, th, pts, style, Some((on, off)), 3.0)
        };
        let solid = |chart: &mut ChartContext<'_, DB, crate::charts::Xy>,
                     pts: Vec<(f64, f64)>,
                     style: ShapeStyle| {
            crate::charts::polyline(chart, th, pts, style, None, 3.0)
        };
        if self.what == DynamicsView::Regret {
            let legend = [
                Entry::line("row player", color(0), 2.0, false),
                Entry::line("column player", color(1), 2.0, true),
            ];
            let note = "(best fixed action's payoff − payoff earned) / t; at or below 0: no regret";
            let rest = header(area, th, title, note, &legend)?;
            let (lo, hi) = finite_range(self.row_regret.iter().chain(&self.col_regret).copied())
                .unwrap_or((0.0, 1.0));
            let hi = nice_max(hi.max(0.0));
            let lo = if lo < 0.0 { -nice_max(-lo) } else { 0.0 };
            let y = Axis::linear(lo, hi, 5, "average regret");
            let mut chart = frame(&rest, th, &x, &y, FrameOpts::default())?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, 0.0), (x.hi, 0.0)],
                    th.line(MUTED, 1.0),
                )))
                .map_err(msg)?;
            let pts = |v: &[f64]| -> Vec<(f64, f64)> {
                self.ts
                    .iter()
                    .zip(v)
                    .filter(|(_, y)| y.is_finite())
                    .map(|(&t, &y)| (t, y.clamp(lo, hi)))
                    .collect()
            };
            solid(&mut chart, pts(&self.row_regret), th.line(color(0), 2.0))?;
            dash(
                &mut chart,
                pts(&self.col_regret),
                th.line(color(1), 2.0),
                6.0,
                4.0,
            )?;
            return Ok(());
        }
        let m_row = self.row.first().map_or(0, Vec::len);
        let m_col = self.col.first().map_or(0, Vec::len);
        let mut legend = Vec::new();
        for a in 0..m_row {
            legend.push(Entry::line(
                format!("row: {}", name_or(&self.row_actions, a, "action")),
                color(a),
                2.0,
                false,
            ));
        }
        for a in 0..m_col {
            legend.push(Entry::line(
                format!("column: {}", name_or(&self.col_actions, a, "action")),
                color(a),
                2.0,
                true,
            ));
        }
        let eq = self
            .equilibrium
            .as_ref()
            .filter(|(r, c)| r.len() == m_row && c.len() == m_col);
        if eq.is_some() {
            legend.push(Entry::line("mixed Nash equilibrium", MUTED, 1.0, true));
        }
        let note = match self.what {
            DynamicsView::Average => "probability of each action averaged over steps 1..t",
            _ => "probability of each action at step t",
        };
        let rest = header(area, th, title, note, &legend)?;
        let y = Axis::linear(0.0, 1.0, 5, "probability").percent();
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::default())?;
        if let Some((er, ec)) = eq {
            for (a, &p) in er.iter().chain(ec.iter()).enumerate() {
                let a = if a < m_row { a } else { a - m_row };
                if p.is_finite() {
                    let p = p.clamp(0.0, 1.0);
                    dash(
                        &mut chart,
                        vec![(0.0, p), (x.hi, p)],
                        th.line(color(a), 1.0),
                        2.0,
                        3.0,
                    )?;
                }
            }
        }
        let pts = |v: &[Vec<f64>], a: usize| -> Vec<(f64, f64)> {
            self.ts
                .iter()
                .zip(v)
                .filter_map(|(&t, p)| p.get(a).map(|&y| (t, y)))
                .filter(|(_, y)| y.is_finite())
                .map(|(t, y)| (t, y.clamp(0.0, 1.0)))
                .collect()
        };
        for a in 0..m_row {
            solid(&mut chart, pts(&self.row, a), th.line(color(a), 2.0))?;
        }
        for a in 0..m_col {
            dash(
                &mut chart,
                pts(&self.col, a),
                th.line(color(a), 2.0),
                6.0,
                4.0,
            )?;
        }
        Ok(())
    }
}
