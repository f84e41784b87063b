//! The tournament's payoff matrix as a heat map (the Axelrod library's `payoff` plot), drawn
//! with the shared heat-map parts of [`crate::charts::heatmap`].

use super::{name_or, plural, ranking_of};
use crate::charts::heatmap::{draw_cells, CellGrid, ColourBar, ColourScale};
use crate::charts::{ellipsize, header, msg, placeholder, Cell, DataTable, Plot, Theme, INK};
use agora_engine::games::TournamentResults;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// The tournament's payoff matrix as a heat map: cell (row i, column j) is the mean payoff per
/// turn of player i against player j over the repetitions (the diagonal is self-play), players
/// in ranking order (best at the top and left), with a colour bar and, up to 16 players, the
/// values written in the cells.
#[derive(Clone, Debug, PartialEq)]
pub struct PayoffHeatmap {
    pub(super) names: Vec<String>,
    /// In ranking order.
    pub(super) matrix: Vec<Vec<f64>>,
    pub(super) repetitions: usize,
}

impl PayoffHeatmap {
    /// Copy the matrix of `r` in ranking order.
    pub fn new(r: &TournamentResults) -> Self {
        let n = r.players.len();
        let order = ranking_of(&r.ranking, n);
        let matrix = order
            .iter()
            .map(|&i| {
                order
                    .iter()
                    .map(|&j| {
                        r.payoff_matrix
                            .get(i)
                            .and_then(|row| row.get(j))
                            .copied()
                            .unwrap_or(f64::NAN)
                    })
                    .collect()
            })
            .collect();
        PayoffHeatmap {
            names: order
                .iter()
                .map(|&i| name_or(&r.players, i, "player"))
                .collect(),
            matrix,
            repetitions: r.repetitions,
        }
    }

    /// A chart height (CSS px) that gives every player a readable row.
    pub fn suggested_height(&self) -> u32 {
        (110 + 17 * self.names.len() as u32).clamp(320, 900)
    }
}

impl Plot for PayoffHeatmap {
    /// The matrix as drawn: one row per row player, one column per column player, best
    /// first, the mean payoff per turn in the cells.
    fn table(&self) -> DataTable {
        let title = "Payoff matrix";
        if self.repetitions == 0 || self.names.is_empty() {
            return DataTable::empty(title);
        }
        let numbered = |i: usize, s: &String| format!("{}. {s}", i + 1);
        let mut t = DataTable::new(
            format!(
                "{title} (mean payoff per turn of the row player against the column player, {}; best first)",
                plural(self.repetitions, "repetition")
            ),
            std::iter::once("row player \\ column player".to_string())
                .chain(self.names.iter().enumerate().map(|(i, s)| numbered(i, s))),
        );
        for (i, (name, cells)) in self.names.iter().zip(&self.matrix).enumerate() {
            let mut row = vec![Cell::Text(numbered(i, name))];
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
        let title = "Payoff matrix";
        let n = self.names.len();
        if self.repetitions == 0 || n == 0 {
            return placeholder(area, th, title, "No repetition finished yet.");
        }
        let note = format!(
            "mean payoff per turn of the row player against the column player, {}; best first",
            plural(self.repetitions, "repetition")
        );
        let rest = header(area, th, title, &note, &[])?;
        let (w, h) = rest.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let scale = ColourScale::of(self.matrix.iter().flatten().copied());
        let pad = th.px(10.0);
        let desc_style = th.text(12.5, &INK);
        let (_, desc_h) = th.measure(&rest, "Mg", &desc_style)?;
        // Colour bar on the right (its height is nearly the area's).
        let bar = ColourBar::new(&rest, th, scale, h)?;
        let right = bar.width(th) + pad;
        // Rows: the label font shrinks with the rows (8 to 12 px).
        let top = th.px(6.0);
        let lab_size_x = 11.5;
        let x_lab_h = th.measure(&rest, "Mg", &th.text(lab_size_x, &INK))?.1;
        let bottom = x_lab_h + th.px(6.0) + desc_h + th.px(6.0);
        let plot_h = (h - top - bottom).max(n as i32);
        let row_css = plot_h as f64 / n as f64 / th.s;
        let y_size = (row_css * 0.8).clamp(8.0, 12.0);
        let y_style = th.text(y_size, &INK);
        let (_, y_lab_h) = th.measure(&rest, "Mg", &y_style)?;
        let left0 = pad + desc_h + th.px(4.0);
        let max_label = w / 4;
        // x labels: the names when they fit the columns, else ranks (and ranks before the
        // row names).
        let widest = |labels: &[String]| -> Result<i32, String> {
            let mut m = 0;
            for l in labels {
                m = m.max(th.measure(&rest, l, &y_style)?.0);
            }
            Ok(m.min(max_label))
        };
        let numbered: Vec<String> = self
            .names
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect();
        let named_w = widest(&self.names)?;
        let plot_w_named = w - left0 - named_w - th.px(6.0) - right;
        let cell_named = plot_w_named / n as i32;
        let x_style = th.text(lab_size_x, &INK);
        let mut names_fit = true;
        for s in &self.names {
            let short = ellipsize(&rest, th, s, &x_style, cell_named - th.px(6.0))?;
            let kept = short.trim_end_matches('…').chars().count();
            if kept < s.chars().count().min(7) {
                names_fit = false;
                break;
            }
        }
        let y_labels = if names_fit { &self.names } else { &numbered };
        let label_w = if names_fit {
            named_w
        } else {
            widest(&numbered)?
        };
        let x0 = left0 + label_w + th.px(6.0);
        let plot_w = (w - x0 - right).max(n as i32);
        let y0 = top;
        let grid = CellGrid::new(th, (x0, y0), (plot_w, plot_h), n, n);
        let cell_w = grid.cell_w();
        let cell_h = grid.cell_h();
        // Cells, with their values when they fit.
        draw_cells(&rest, th, &grid, &self.matrix, &scale, n <= 16)?;
        // Row labels, every k-th when the rows are thinner than the text.
        let every = ((y_lab_h as f64 * 0.9) / (cell_h.max(1) as f64))
            .ceil()
            .max(1.0) as usize;
        let right_mid = y_style.pos(Pos::new(HPos::Right, VPos::Center));
        for (i, l) in y_labels.iter().enumerate() {
            if i % every != 0 {
                continue;
            }
            let l = ellipsize(&rest, th, l, &y_style, label_w)?;
            rest.draw(&Text::new(
                l,
                (x0 - th.px(6.0), grid.mid_y(i)),
                right_mid.clone(),
            ))
            .map_err(msg)?;
        }
        // Column labels.
        // Ranks shrink with the columns (8 to 11.5 px), then every k-th is written.
        let x_style = if names_fit {
            x_style
        } else {
            th.text((cell_w as f64 / th.s * 0.5).clamp(8.0, lab_size_x), &INK)
        };
        let x_top = x_style.pos(Pos::new(HPos::Center, VPos::Top));
        let lab_y = y0 + plot_h + th.px(4.0);
        let mut col_every = 1usize;
        if !names_fit {
            let (nw, _) = th.measure(&rest, &format!("{n}"), &x_style)?;
            col_every = ((nw + th.px(5.0)) as f64 / cell_w.max(1) as f64)
                .ceil()
                .max(1.0) as usize;
        }
        for j in 0..n {
            if j % col_every != 0 {
                continue;
            }
            let text = if names_fit {
                ellipsize(&rest, th, &self.names[j], &x_style, cell_w - th.px(6.0))?
            } else {
                format!("{}", j + 1)
            };
            rest.draw(&Text::new(text, (grid.mid_x(j), lab_y), x_top.clone()))
                .map_err(msg)?;
        }
        // Axis descriptions.
        rest.draw(&Text::new(
            if names_fit {
                "column player (opponent)".to_string()
            } else {
                "column player (opponent), by rank".to_string()
            },
            (x0 + plot_w / 2, lab_y + x_lab_h + th.px(4.0)),
            desc_style.pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(msg)?;
        rest.draw(&Text::new(
            "row player".to_string(),
            (pad + desc_h / 2, y0 + plot_h / 2),
            desc_style
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(msg)?;
        // Colour bar: high values at the top.
        bar.draw(&rest, th, w - right + th.px(8.0), y0, plot_h)?;
        Ok(())
    }
}
