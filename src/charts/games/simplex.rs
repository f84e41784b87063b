//! A player's mixed strategy over three actions in the 2-simplex.

use super::{plural, thinned_steps};
use crate::charts::colors::{lerp, WHITE};
use crate::charts::{
    color, ellipsize, fmt_total, header, msg, placeholder, Cell, DataTable, Entry, Plot, Swatch,
    Theme, GRID, INK, MUTED,
};
use agora_engine::games::dynamics::DynamicsResults;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Where the mixed strategy `p` over three actions lies in the triangle with corners
/// A = (0, 0) (first action), B = (1, 0) (second) and C = (1/2, sqrt(3)/2) (third):
/// `(p0 A + p1 B + p2 C) / (p0 + p1 + p2)`. None unless `p` has three finite, non-negative
/// entries with a positive sum.
pub fn barycentric(p: &[f64]) -> Option<(f64, f64)> {
    if p.len() != 3 || p.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return None;
    }
    let s = p[0] + p[1] + p[2];
    if s <= 0.0 {
        return None;
    }
    let h = 3f64.sqrt() / 2.0;
    Some(((p[1] + 0.5 * p[2]) / s, h * p[2] / s))
}

/// One player's mixed strategy over three actions in the 2-simplex: the strategy played at
/// each step (thin, light) and its time average (bold), from start (hollow dot) to end (filled
/// dot), with an optional reference point (an equilibrium) as a black cross.
#[derive(Clone, Debug, PartialEq)]
pub struct Simplex {
    pub(super) actions: [String; 3],
    pub(super) player: usize,
    pub(super) steps: usize,
    /// Number of actions of the player (the chart needs 3).
    pub(super) m: usize,
    pub(super) current: Vec<(f64, f64)>,
    pub(super) average: Vec<(f64, f64)>,
    pub(super) last_average: Option<Vec<f64>>,
    pub(super) point: Option<Vec<f64>>,
    /// The kept steps (0-based) with the strategy played and the time average there (for the
    /// data table).
    pub(super) kept: Vec<(usize, Vec<f64>, Vec<f64>)>,
}

impl Simplex {
    /// The trajectory of `player` (0: row, any other value: column) in `r`, thinned to
    /// [`MAX_POINTS`] steps.
    pub fn new(r: &DynamicsResults, actions: [String; 3], player: usize) -> Self {
        let player = player.min(1);
        let tr = if player == 0 { &r.row } else { &r.col };
        let steps = tr.current.len().min(tr.average.len());
        let idx = thinned_steps(steps);
        let m = tr.average.first().map_or(3, Vec::len);
        let map = |v: &[Vec<f64>]| -> Vec<(f64, f64)> {
            idx.iter()
                .filter_map(|&t| v.get(t).and_then(|p| barycentric(p)))
                .collect()
        };
        Simplex {
            actions,
            player,
            steps,
            m,
            current: map(&tr.current),
            average: map(&tr.average),
            last_average: tr.average.get(steps.wrapping_sub(1)).cloned(),
            point: None,
            kept: idx
                .iter()
                .filter_map(|&t| Some((t, tr.current.get(t)?.clone(), tr.average.get(t)?.clone())))
                .collect(),
        }
    }

    /// A reference point (the equilibrium strategy of this player), if any.
    pub fn with_point(mut self, p: Option<Vec<f64>>) -> Self {
        self.point = p;
        self
    }
}

impl Plot for Simplex {
    /// One row per step drawn: the probability of each action played, and its time average.
    fn table(&self) -> DataTable {
        let who = if self.player == 0 { "Row" } else { "Column" };
        let title = format!("{who} player's strategy in the simplex");
        if self.m != 3 || self.kept.is_empty() {
            return DataTable::empty(title);
        }
        let names: Vec<String> = self
            .actions
            .iter()
            .enumerate()
            .map(|(a, s)| {
                if s.trim().is_empty() {
                    format!("action {}", a + 1)
                } else {
                    s.clone()
                }
            })
            .collect();
        let cols = std::iter::once("step t".to_string())
            .chain(names.iter().map(|n| format!("played: P({n})")))
            .chain(names.iter().map(|n| format!("time average: P({n})")));
        let mut t = DataTable::new(title, cols);
        for (step, cur, avg) in &self.kept {
            let mut row = vec![Cell::Num((step + 1) as f64)];
            row.extend((0..3).map(|a| Cell::opt(cur.get(a).copied())));
            row.extend((0..3).map(|a| Cell::opt(avg.get(a).copied())));
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let who = if self.player == 0 { "Row" } else { "Column" };
        let title = format!("{who} player's strategy in the simplex");
        if self.m != 3 {
            return placeholder(
                area,
                th,
                &title,
                "The simplex shows games with three actions per player.",
            );
        }
        if self.steps == 0 || self.average.is_empty() {
            return placeholder(area, th, &title, "No steps yet: press Run.");
        }
        let c = color(0);
        let mut legend = vec![
            Entry::line("played", lerp(c, WHITE, 0.55), 1.0, false),
            Entry::line("time average", c, 2.5, false),
            Entry {
                label: "start".into(),
                swatch: Swatch::Dot { color: MUTED },
            },
            Entry {
                label: "end".into(),
                swatch: Swatch::Dot { color: c },
            },
        ];
        let point = self.point.as_deref().and_then(barycentric);
        if point.is_some() {
            legend.push(Entry {
                label: "equilibrium".into(),
                swatch: Swatch::Cross { color: INK },
            });
        }
        let note = match &self.last_average {
            Some(p) if p.len() == 3 => format!(
                "{}; average after step {}: {}",
                plural(self.steps, "step"),
                fmt_total(self.steps as f64),
                (0..3)
                    .map(|a| format!("{} {:.0}%", self.actions[a], p[a] * 100.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => plural(self.steps, "step"),
        };
        let rest = header(area, th, &title, &note, &legend)?;
        let (w, h) = rest.dim_in_pixel();
        let (w, h) = (w as f64, h as f64);
        let lab = th.text(12.5, &INK);
        let (_, lab_h) = th.measure(&rest, "Mg", &lab)?;
        let lab_h = lab_h as f64;
        let max_lab = (w * 0.3) as i32;
        let names: Vec<String> = self
            .actions
            .iter()
            .enumerate()
            .map(|(a, s)| {
                let s = if s.trim().is_empty() {
                    format!("action {}", a + 1)
                } else {
                    s.clone()
                };
                ellipsize(&rest, th, &s, &lab, max_lab)
            })
            .collect::<Result<_, _>>()?;
        // The triangle: as large as fits under the top label and above the bottom labels.
        let top = lab_h + th.px(8.0) as f64;
        let bottom = lab_h + th.px(10.0) as f64;
        let hr = 3f64.sqrt() / 2.0;
        let side = ((h - top - bottom) / hr)
            .min(w - th.px(40.0) as f64)
            .max(10.0);
        let ox = (w - side) / 2.0;
        let oy = top + side * hr;
        let px = |(u, v): (f64, f64)| -> (i32, i32) {
            (
                (ox + u * side).round() as i32,
                (oy - v * side).round() as i32,
            )
        };
        let corners = [(0.0, 0.0), (1.0, 0.0), (0.5, hr)];
        // Grid: lines where one probability is 1/4, 1/2, 3/4.
        for k in 1..4 {
            let f = k as f64 / 4.0;
            for a in 0..3 {
                let mut p = [0.0; 3];
                p[a] = f;
                let (b, cc) = ((a + 1) % 3, (a + 2) % 3);
                let mut q = p;
                p[b] = 1.0 - f;
                q[cc] = 1.0 - f;
                if let (Some(s), Some(e)) = (barycentric(&p), barycentric(&q)) {
                    rest.draw(&PathElement::new(vec![px(s), px(e)], th.line(GRID, 1.0)))
                        .map_err(msg)?;
                }
            }
        }
        let mut outline: Vec<(i32, i32)> = corners.iter().map(|&p| px(p)).collect();
        outline.push(outline[0]);
        rest.draw(&PathElement::new(outline, th.line(MUTED, 1.2)))
            .map_err(msg)?;
        // Corner labels.
        let (a, b, top_c) = (px(corners[0]), px(corners[1]), px(corners[2]));
        rest.draw(&Text::new(
            names[0].clone(),
            (a.0, a.1 + th.px(6.0)),
            lab.pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(msg)?;
        rest.draw(&Text::new(
            names[1].clone(),
            (b.0, b.1 + th.px(6.0)),
            lab.pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(msg)?;
        rest.draw(&Text::new(
            names[2].clone(),
            (top_c.0, top_c.1 - th.px(6.0)),
            lab.pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))
        .map_err(msg)?;
        // Trajectories.
        let cur: Vec<(i32, i32)> = self.current.iter().map(|&p| px(p)).collect();
        if cur.len() >= 2 {
            rest.draw(&PathElement::new(cur, th.line(lerp(c, WHITE, 0.55), 1.0)))
                .map_err(msg)?;
        }
        let avg: Vec<(i32, i32)> = self.average.iter().map(|&p| px(p)).collect();
        if avg.len() >= 2 {
            rest.draw(&PathElement::new(avg.clone(), th.line(c, 2.5)))
                .map_err(msg)?;
        }
        let start = self.current.first().copied().unwrap_or(self.average[0]);
        rest.draw(&Circle::new(px(start), th.upx(4.5), MUTED.filled()))
            .map_err(msg)?;
        rest.draw(&Circle::new(avg[avg.len() - 1], th.upx(5.0), c.filled()))
            .map_err(msg)?;
        if let Some(p) = point {
            rest.draw(&Cross::new(px(p), th.upx(6.0), th.line(INK, 2.0)))
                .map_err(msg)?;
        }
        Ok(())
    }
}
