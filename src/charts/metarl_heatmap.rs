//! The ablation grid of the meta-RL lab as a heat map: when the trained agents differ in two
//! of the three knobs of "Exploitation Is All You Need... for Exploration" (2025), the mean
//! block length n they were trained on, their memory, and gamma_episode (credit across
//! episodes), cell (row, column) is the mean evaluation reward per pull of that agent over its
//! finished seeds, written in the cell, coloured with viridis (the shared parts of
//! [`crate::charts::heatmap`]). Cells whose agent has no finished run yet are grey.

use super::colors::{luminance, CELL_INK, CELL_WHITE};
use super::heatmap::{CellGrid, ColourBar, ColourScale};
use super::metarl::Summary;
use super::{draw_fn, ellipsize, header, msg, DrawFn};
use super::{Cell, DataTable, Plot, Theme, GRID_LIGHT, INK};
use agora_engine::metarl::agent::Memory;
use agora_engine::metarl::{AgentSpec, MetarlExperiment};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// One of the three knobs: how to read it off an agent, order it and name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// The mean block length the agent trained on.
    BlockMean,
    Memory,
    GammaEpisode,
}

impl Knob {
    const ALL: [Knob; 3] = [Knob::BlockMean, Knob::Memory, Knob::GammaEpisode];

    /// The agent's setting: a sort key and its label.
    fn value(self, exp: &MetarlExperiment, a: &AgentSpec) -> (f64, String) {
        match self {
            Knob::BlockMean => {
                let n = a.train_block_mean.unwrap_or(exp.task.block_mean);
                (n, format!("n = {n}"))
            }
            Knob::Memory => {
                let key = match a.train.memory {
                    Memory::Episode => 0.0,
                    Memory::Window { steps } => steps as f64,
                    Memory::Full => 1e9,
                };
                (key, a.train.memory.label())
            }
            Knob::GammaEpisode => {
                let g = a.train.gamma_episode;
                (g, format!("γ_ep = {g}"))
            }
        }
    }

    /// The axis description.
    pub fn desc(self) -> &'static str {
        match self {
            Knob::BlockMean => "mean block length n in training",
            Knob::Memory => "memory",
            Knob::GammaEpisode => "credit across episodes (γ_episode)",
        }
    }
}

/// The grid: rows are one knob's values, columns the other's.
#[derive(Clone, Debug, PartialEq)]
pub struct AblationGrid {
    pub rows: Knob,
    pub cols: Knob,
    pub row_labels: Vec<String>,
    pub col_labels: Vec<String>,
    /// Mean reward per pull over the finished seeds (NaN: no finished run yet).
    pub cells: Vec<Vec<f64>>,
    /// Seeds finished per cell.
    pub seeds: Vec<Vec<usize>>,
}

/// Distinct values of `knob` over the agents, in its order.
fn levels(exp: &MetarlExperiment, knob: Knob) -> Vec<(f64, String)> {
    let mut v: Vec<(f64, String)> = exp.agents.iter().map(|a| knob.value(exp, a)).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v.dedup_by(|a, b| a.1 == b.1);
    v
}

impl AblationGrid {
    /// The grid of `exp`'s agents, if they differ in exactly two knobs and each pair of values
    /// belongs to one agent; `None` otherwise (nothing to draw as a grid).
    pub fn new(s: &Summary, exp: &MetarlExperiment) -> Option<AblationGrid> {
        let varying: Vec<Knob> = Knob::ALL
            .into_iter()
            .filter(|&k| levels(exp, k).len() > 1)
            .collect();
        let [cols, rows] = varying[..] else {
            return None;
        };
        let (rl, cl) = (levels(exp, rows), levels(exp, cols));
        let mut owner = vec![vec![None; cl.len()]; rl.len()];
        for (i, a) in exp.agents.iter().enumerate() {
            let r = rl.iter().position(|v| v.1 == rows.value(exp, a).1)?;
            let c = cl.iter().position(|v| v.1 == cols.value(exp, a).1)?;
            if owner[r][c].replace(i).is_some() {
                return None;
            }
        }
        let find = |i: usize| s.agents.iter().find(|p| p.agent == Some(i));
        let cells = owner
            .iter()
            .map(|row| {
                row.iter()
                    .map(|o| o.and_then(find).map_or(f64::NAN, |p| p.reward.mean))
                    .collect()
            })
            .collect();
        let seeds = owner
            .iter()
            .map(|row| {
                row.iter()
                    .map(|o| o.and_then(find).map_or(0, |p| p.seeds))
                    .collect()
            })
            .collect();
        Some(AblationGrid {
            rows,
            cols,
            row_labels: rl.into_iter().map(|v| v.1).collect(),
            col_labels: cl.into_iter().map(|v| v.1).collect(),
            cells,
            seeds,
        })
    }

    /// A chart height (CSS px) with readable rows.
    pub fn suggested_height(&self) -> u32 {
        (150 + 56 * self.row_labels.len() as u32).clamp(300, 640)
    }
}

impl Plot for AblationGrid {
    /// The grid as the chart shows it: one row per level of the row knob, one column per
    /// level of the column knob, the mean reward in the cells.
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            format!(
                "Ablation grid (mean reward per pull on the evaluation tasks; rows: {}, columns: {})",
                self.rows.desc(),
                self.cols.desc()
            ),
            std::iter::once(self.rows.desc().to_string()).chain(self.col_labels.iter().cloned()),
        );
        for (label, cells) in self.row_labels.iter().zip(&self.cells) {
            let mut row = vec![Cell::from(label.as_str())];
            row.extend(cells.iter().map(|&v| Cell::Num(v)));
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let seeds = self.seeds.iter().flatten().copied().max().unwrap_or(0);
        let note = format!(
            "mean reward per pull on the evaluation tasks{}",
            if seeds > 1 { ", mean over seeds" } else { "" }
        );
        let rest = header(area, th, "Ablation grid", &note, &[])?;
        let (w, h) = rest.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let (nr, nc) = (self.row_labels.len(), self.col_labels.len());
        let scale = ColourScale::of(self.cells.iter().flatten().copied());
        let pad = th.px(8.0);
        let desc_style = th.text(12.5, &INK);
        let (_, desc_h) = th.measure(&rest, "Mg", &desc_style)?;
        let lab_style = th.text(12.0, &INK);
        let (_, lab_h) = th.measure(&rest, "Mg", &lab_style)?;
        // Row labels get at most a third of the width; longer ones wrap onto two lines.
        let max_label = w / 3;
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut label_w = 0;
        for l in &self.row_labels {
            let one = th.measure(&rest, l, &lab_style)?.0;
            let split = if one > max_label { two_lines(l) } else { None };
            let parts = match split {
                Some((a, b)) => vec![a, b],
                None => vec![l.clone()],
            };
            for p in &parts {
                label_w = label_w.max(th.measure(&rest, p, &lab_style)?.0);
            }
            lines.push(parts);
        }
        let label_w = label_w.min(max_label);
        let left = pad + desc_h + th.px(6.0);
        let x0 = left + label_w + th.px(8.0);
        let top = th.px(6.0);
        let bottom = lab_h + th.px(6.0) + desc_h + th.px(8.0);
        let plot_h = (h - top - bottom).max(nr as i32);
        let bar = ColourBar::new(&rest, th, scale, plot_h)?;
        let right = bar.width(th) + pad;
        let plot_w = (w - x0 - right).max(nc as i32);
        let grid = CellGrid::new(th, (x0, top), (plot_w, plot_h), nr, nc);
        // The values: as large as the cells allow (10 to 16 px), smaller on narrow cells.
        let mut value_size = (grid.cell_h() as f64 / th.s * 0.3).clamp(10.0, 16.0);
        while value_size > 8.0
            && th.measure(&rest, "0.000", &th.bold(value_size, &INK))?.0
                > grid.cell_w() - th.px(6.0)
        {
            value_size -= 0.5;
        }
        for (i, row) in self.cells.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let fill = if v.is_finite() {
                    scale.colour(v).filled()
                } else {
                    GRID_LIGHT.filled()
                };
                rest.draw(&Rectangle::new(
                    [
                        (grid.xe(j), grid.ye(i)),
                        (grid.xe(j + 1) - grid.gap, grid.ye(i + 1) - grid.gap),
                    ],
                    fill,
                ))
                .map_err(msg)?;
                let (text, ink) = if v.is_finite() {
                    let ink = if luminance(scale.colour(v)) < 0.5 {
                        CELL_WHITE
                    } else {
                        CELL_INK
                    };
                    (format!("{v:.3}"), ink)
                } else {
                    ("not yet".to_string(), INK)
                };
                rest.draw(&Text::new(
                    text,
                    (grid.mid_x(j), grid.mid_y(i)),
                    th.bold(value_size, &ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(msg)?;
            }
        }
        let right_mid = lab_style.pos(Pos::new(HPos::Right, VPos::Center));
        for (i, parts) in lines.iter().enumerate() {
            let n = parts.len() as i32;
            for (j, l) in parts.iter().enumerate() {
                let l = ellipsize(&rest, th, l, &lab_style, label_w)?;
                let y = grid.mid_y(i) + (2 * j as i32 - (n - 1)) * lab_h / 2;
                rest.draw(&Text::new(l, (x0 - th.px(6.0), y), right_mid.clone()))
                    .map_err(msg)?;
            }
        }
        let lab_y = top + plot_h + th.px(4.0);
        let top_mid = lab_style.pos(Pos::new(HPos::Center, VPos::Top));
        for (j, l) in self.col_labels.iter().enumerate() {
            let l = ellipsize(&rest, th, l, &lab_style, grid.cell_w() - th.px(4.0))?;
            rest.draw(&Text::new(l, (grid.mid_x(j), lab_y), top_mid.clone()))
                .map_err(msg)?;
        }
        rest.draw(&Text::new(
            self.cols.desc().to_string(),
            (x0 + plot_w / 2, lab_y + lab_h + th.px(4.0)),
            desc_style.pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(msg)?;
        rest.draw(&Text::new(
            self.rows.desc().to_string(),
            (pad + desc_h / 2, top + plot_h / 2),
            desc_style
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(msg)?;
        bar.draw(&rest, th, x0 + plot_w + pad, top, plot_h)?;
        Ok(())
    }
}

/// `text` cut at the space nearest its middle (`None` without a space).
fn two_lines(text: &str) -> Option<(String, String)> {
    let mid = text.chars().count() / 2;
    let cut = text
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .min_by_key(|(i, _)| text[..*i].chars().count().abs_diff(mid))?
        .0;
    Some((text[..cut].to_string(), text[cut + 1..].to_string()))
}

/// The heat map of `grid`.
pub fn ablation_heatmap(grid: AblationGrid) -> DrawFn {
    draw_fn(grid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_has_text};
    use agora_engine::metarl::presets;
    use agora_engine::metarl::MetarlResults;

    #[test]
    fn the_sweep_is_a_memory_by_n_grid_and_the_ablation_is_not() {
        let exp = presets::sweep();
        let s = Summary::new(&MetarlResults::default(), Some(&exp));
        let g = AblationGrid::new(&s, &exp).expect("a grid");
        assert_eq!((g.rows, g.cols), (Knob::Memory, Knob::BlockMean));
        assert_eq!(g.col_labels, ["n = 1", "n = 3", "n = 10"]);
        assert_eq!(
            g.row_labels,
            ["reset every episode", "last 3 pulls", "full memory"]
        );
        // Nothing has run: every cell waits.
        assert!(g.cells.iter().flatten().all(|v| v.is_nan()));
        let svg = render_svg(&ablation_heatmap(g), 390, 320).unwrap();
        assert!(svg_has_text(&svg, "Ablation grid"));
        assert!(svg_has_text(&svg, "not yet"));
        // The ablation preset changes all three knobs: no grid.
        let abl = presets::ablation();
        assert!(
            AblationGrid::new(&Summary::new(&MetarlResults::default(), Some(&abl)), &abl).is_none()
        );
        // One agent: no grid.
        let one = presets::blocks();
        assert!(
            AblationGrid::new(&Summary::new(&MetarlResults::default(), Some(&one)), &one).is_none()
        );
    }

    #[test]
    fn long_labels_wrap_at_the_middle_space() {
        assert_eq!(
            two_lines("reset every episode"),
            Some(("reset every".into(), "episode".into()))
        );
        assert_eq!(two_lines("full"), None);
    }

    #[test]
    fn cells_hold_each_agents_mean_over_its_seeds() {
        use agora_engine::lab::LabRunner;
        use agora_engine::metarl::MetarlRunner;
        let mut exp = presets::sweep();
        // Two cells only: memory x gamma_episode, two seeds each, a few updates.
        exp.agents.truncate(1);
        let mut b = exp.agents[0].clone();
        b.train.memory = Memory::Full;
        b.train.gamma_episode = 0.0;
        exp.agents.push(b);
        exp.seeds = 2;
        exp.updates = 4;
        exp.eval.blocks = 6;
        exp.eval.every = 4;
        exp.baselines.clear();
        let mut runner = MetarlRunner::new(&exp).unwrap();
        for u in 0..runner.total() {
            let o = runner.compute(u).unwrap();
            runner.commit(o);
        }
        let r = runner.results();
        let s = Summary::new(&r, Some(&exp));
        let g = AblationGrid::new(&s, &exp).unwrap();
        assert_eq!((g.rows, g.cols), (Knob::GammaEpisode, Knob::Memory));
        // Row γ_ep = 0 holds the second agent (full memory), row 0.9 the first (episode).
        let mean = |agent: usize| {
            let v: Vec<f64> = r
                .runs
                .iter()
                .filter(|x| x.agent == agent)
                .map(|x| x.eval.reward_per_pull)
                .collect();
            (v[0] + v[1]) / 2.0
        };
        assert_eq!(g.cells[0][1], mean(1));
        assert_eq!(g.cells[1][0], mean(0));
        assert!(g.cells[0][0].is_nan() && g.cells[1][1].is_nan());
        assert_eq!(g.seeds[0][1], 2);
    }
}
