//! Each player's normalised scores over the repetitions as Tukey box plots (the Axelrod
//! library's `boxplot`).

use super::{finite_range, name_or, padded, plural, ranking_of};
use crate::charts::bandits::{box_stats, draw_box, BoxStats};
use crate::charts::{
    color, ellipsize, frame, header, msg, placeholder, Axis, Cell, DataTable, Entry, FrameOpts,
    Plot, Swatch, Theme, INK,
};
use agora_engine::games::TournamentResults;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Box plots of each player's normalised scores (mean payoff per turn against the others) over
/// the repetitions, one horizontal box per player in ranking order, best on top.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreBoxes {
    /// (label, statistics) in ranking order; None for a player without scores.
    pub(super) rows: Vec<(String, Option<BoxStats>)>,
    pub(super) repetitions: usize,
}

impl ScoreBoxes {
    /// Summarize the scores of `r` (medians, quartiles, whiskers, outliers).
    pub fn new(r: &TournamentResults) -> Self {
        let n = r.players.len();
        let rows = ranking_of(&r.ranking, n)
            .into_iter()
            .enumerate()
            .map(|(k, i)| {
                let scores = r.normalised_scores.get(i).map_or(&[][..], |v| &v[..]);
                (
                    format!("{}. {}", k + 1, name_or(&r.players, i, "player")),
                    box_stats(scores),
                )
            })
            .collect();
        ScoreBoxes {
            rows,
            repetitions: r.repetitions,
        }
    }

    /// A chart height (CSS px) that gives every player a readable row.
    pub fn suggested_height(&self) -> u32 {
        (120 + 18 * self.rows.len() as u32).clamp(320, 900)
    }
}

impl Plot for ScoreBoxes {
    /// One row per player in ranking order with its box's statistics (empty cells for a
    /// player without scores).
    fn table(&self) -> DataTable {
        let title = "Scores over repetitions";
        if self.repetitions == 0 || self.rows.is_empty() {
            return DataTable::empty(title);
        }
        let mut t = DataTable::new(
            format!(
                "{title} (mean payoff per turn against the others in each of {}; best median first)",
                plural(self.repetitions, "repetition")
            ),
            std::iter::once("player").chain(crate::charts::boxplot::BOX_COLUMNS),
        );
        for (label, stats) in &self.rows {
            let mut row = vec![Cell::from(label.as_str())];
            if let Some(s) = stats {
                row.extend(crate::charts::boxplot::box_cells(s));
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
        let title = "Scores over repetitions";
        let stats = self.rows.iter().filter_map(|r| r.1.as_ref());
        let range = finite_range(stats.flat_map(|s| {
            [s.lo_whisker, s.hi_whisker]
                .into_iter()
                .chain(s.outliers.iter().copied())
        }));
        let (Some((lo, hi)), true) = (range, self.repetitions > 0) else {
            return placeholder(area, th, title, "No repetition finished yet.");
        };
        let c = color(0);
        let legend = [
            Entry {
                label: "middle 50%".into(),
                swatch: Swatch::Band { color: c },
            },
            Entry::line("median", c, 3.0, false),
            Entry::line("whiskers: 1.5 IQR", c, 1.5, false),
            Entry {
                label: "outlier".into(),
                swatch: Swatch::Dot { color: c },
            },
        ];
        let note = format!(
            "mean payoff per turn against the others in each of {}; best median first",
            plural(self.repetitions, "repetition")
        );
        let rest = header(area, th, title, &note, &legend)?;
        let (lo, hi) = padded(lo, hi);
        let n = self.rows.len().max(1);
        let x = Axis::linear(lo, hi, 6, "normalised score (payoff per turn)");
        let y = Axis::blank(0.0, n as f64);
        let (w, h) = rest.dim_in_pixel();
        let row_css = (h as f64 - th.px(48.0) as f64) / n as f64 / th.s;
        let size = (row_css * 0.75).clamp(8.0, 12.5);
        let label_style = th.text(size, &INK);
        let (_, lab_h) = th.measure(&rest, "Mg", &label_style)?;
        let mut label_w = 0;
        for r in &self.rows {
            label_w = label_w.max(th.measure(&rest, &r.0, &label_style)?.0);
        }
        let label_w = label_w.min(w as i32 / 3);
        let mut chart = frame(
            &rest,
            th,
            &x,
            &y,
            FrameOpts {
                y_labels: false,
                y_label_px: label_w + th.px(12.0),
                x_grid: true,
                y_grid: false,
                right_px: 0,
            },
        )?;
        let (_, y_top) = chart.backend_coord(&(lo, n as f64));
        let (_, y_bot) = chart.backend_coord(&(lo, 0.0));
        let row_px = ((y_bot - y_top) as f64 / n as f64).max(1.0);
        let every = (lab_h as f64 * 0.9 / row_px).ceil().max(1.0) as usize;
        let base = rest.get_base_pixel();
        let right_mid = label_style.pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (label, s)) in self.rows.iter().enumerate() {
            let yc = n as f64 - i as f64 - 0.5;
            if i % every == 0 {
                let (px, py) = chart.backend_coord(&(lo, yc));
                let label = ellipsize(&rest, th, label, &label_style, label_w)?;
                rest.draw(&Text::new(
                    label,
                    (px - base.0 - th.px(8.0), py - base.1),
                    right_mid.clone(),
                ))
                .map_err(msg)?;
            }
            let Some(s) = s else { continue };
            draw_box(&mut chart, th, s, yc, 0.32, c)?;
        }
        Ok(())
    }
}
