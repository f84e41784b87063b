//! The meta-RL gridworld's visit maps: where a player stood in the first episode of a block
//! and in a later one (the engine's `GridStats::visits_first` and `visits_later`, shares of
//! the cells stood on that sum to 1), side by side on one colour scale, drawn with the shared
//! heat-map parts of [`crate::charts::heatmap`]. The start cell is outlined. A player that
//! learns within the block spreads out in the first episode (searching) and concentrates in
//! the later one (going straight to the goal it found).

use super::heatmap::{draw_cells, CellGrid, ColourBar, ColourScale};
use super::{draw_fn, header, msg, placeholder, Cell, DataTable, DrawFn, Plot, Theme, INK};
use agora_engine::metarl::eval::EvalStats;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A player's gridworld numbers (averaged over an agent's seeds).
#[derive(Clone, Debug, PartialEq)]
pub struct GridView {
    /// Cells per side.
    pub size: usize,
    /// Mean moves per episode, and its standard error (over blocks for one evaluation, over
    /// seeds for several).
    pub steps: (f64, f64),
    pub first: Vec<f64>,
    pub later: Vec<f64>,
    /// Which episode `later` maps (1-based), and how many blocks reached it (summed over
    /// seeds).
    pub later_episode: usize,
    pub later_blocks: u64,
    pub first_blocks: u64,
}

impl GridView {
    /// The mean of the evaluations' gridworld numbers (`None` if they are not a gridworld's).
    pub fn of(evals: &[&EvalStats]) -> Option<GridView> {
        let grids: Vec<_> = evals.iter().filter_map(|e| e.grid.as_ref()).collect();
        let first = grids.first()?;
        let n = grids.len() as f64;
        let mean = |f: fn(&agora_engine::metarl::eval_grid::GridStats) -> &Vec<f64>| {
            (0..f(first).len())
                .map(|c| {
                    grids
                        .iter()
                        .map(|g| f(g).get(c).copied().unwrap_or(0.0))
                        .sum::<f64>()
                        / n
                })
                .collect::<Vec<f64>>()
        };
        let steps: Vec<f64> = grids.iter().map(|g| g.steps_per_episode).collect();
        let m = steps.iter().sum::<f64>() / n;
        let se = if grids.len() > 1 {
            (steps.iter().map(|s| (s - m) * (s - m)).sum::<f64>() / (n - 1.0) / n).sqrt()
        } else {
            first.se_steps_per_episode
        };
        Some(GridView {
            size: first.size,
            steps: (m, se),
            first: mean(|g| &g.visits_first),
            later: mean(|g| &g.visits_later),
            later_episode: first.later_episode,
            later_blocks: grids.iter().map(|g| g.visits_later_blocks).sum(),
            first_blocks: grids.iter().map(|g| g.visits_first_blocks).sum(),
        })
    }
}

/// Two visit maps of one player.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitMaps {
    pub label: String,
    pub grid: GridView,
}

/// The rows of a map (row 0 at the top).
fn rows(v: &[f64], size: usize) -> Vec<Vec<f64>> {
    (0..size)
        .map(|r| {
            (0..size)
                .map(|c| v.get(r * size + c).copied().unwrap_or(0.0))
                .collect()
        })
        .collect()
}

impl Plot for VisitMaps {
    /// One row per cell (row and column from 1 at the top left): its share of the time in
    /// the first episode and in the later one.
    fn table(&self) -> DataTable {
        let g = &self.grid;
        if g.size == 0 || g.first_blocks == 0 {
            return DataTable::empty("Where it goes");
        }
        let mut t = DataTable::new(
            format!("Where it goes ({}: share of time on each cell)", self.label),
            [
                "row".to_string(),
                "column".to_string(),
                "first episode".to_string(),
                format!("episode {}", g.later_episode),
            ],
        );
        for r in 0..g.size {
            for c in 0..g.size {
                let i = r * g.size + c;
                t.push(vec![
                    Cell::Num((r + 1) as f64),
                    Cell::Num((c + 1) as f64),
                    Cell::opt(g.first.get(i).copied()),
                    Cell::opt(g.later.get(i).copied()),
                ]);
            }
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let title = "Where it goes";
        let g = &self.grid;
        if g.size == 0 || g.first_blocks == 0 {
            return placeholder(area, th, title, "no gridworld results yet");
        }
        let note = format!(
            "{}: share of time on each cell, first episode of a block and episode {}",
            self.label, g.later_episode
        );
        let rest = header(area, th, title, &note, &[])?;
        let (w, h) = rest.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let scale = ColourScale::of(g.first.iter().chain(&g.later).copied());
        let pad = th.px(10.0);
        let label_style = th.text(12.5, &INK);
        let (_, label_h) = th.measure(&rest, "Mg", &label_style)?;
        let bar = ColourBar::new(&rest, th, scale, (h - label_h - 2 * pad).max(20))?;
        let side = ((w - bar.width(th) - 3 * pad) / 2)
            .min(h - label_h - 2 * pad)
            .max(10);
        let top = pad + label_h;
        let later_label = if g.later_blocks == 0 {
            format!("episode {}: no block lasted that long", g.later_episode)
        } else {
            format!("episode {} ({} blocks)", g.later_episode, g.later_blocks)
        };
        let maps = [
            (
                &g.first,
                format!("first episode ({} blocks)", g.first_blocks),
            ),
            (&g.later, later_label),
        ];
        let start = g.size / 2;
        for (k, (v, label)) in maps.iter().enumerate() {
            let x0 = pad + k as i32 * (side + pad);
            rest.draw(&Text::new(
                label.clone(),
                (x0 + side / 2, pad),
                label_style.clone().pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(msg)?;
            let cells = CellGrid::new(th, (x0, top), (side, side), g.size, g.size);
            draw_cells(&rest, th, &cells, &rows(v, g.size), &scale, true)?;
            rest.draw(&Rectangle::new(
                [
                    (cells.xe(start), cells.ye(start)),
                    (
                        cells.xe(start + 1) - cells.gap,
                        cells.ye(start + 1) - cells.gap,
                    ),
                ],
                th.line(INK, 2.0),
            ))
            .map_err(msg)?;
        }
        bar.draw(&rest, th, pad + 2 * (side + pad), top, side)
    }
}

/// The visit maps of the player `label` with gridworld numbers `grid`.
pub fn visit_maps(label: &str, grid: &GridView) -> DrawFn {
    draw_fn(VisitMaps {
        label: label.to_string(),
        grid: grid.clone(),
    })
}
