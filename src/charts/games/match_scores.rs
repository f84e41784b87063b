//! Cumulative scores of both players over the turns of one match, with a strip of each turn's
//! moves under it.

use super::{centered, finite_range, COOPERATE, DEFECT, MAX_POINTS};
use crate::charts::colors::{lerp, CELL_WHITE};
use crate::charts::{
    color, ellipsize, fmt_total, frame, header, msg, nice_max, placeholder, thin, Axis, Cell,
    DataTable, Entry, FrameOpts, Plot, Swatch, Theme, GRID_LIGHT, INK, MUTED,
};
use agora_engine::games::experiment::MatchReport;
use agora_engine::games::{Action, GameConfig};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Cumulative scores of both players over the first `up_to` turns of a match (the axes span
/// the whole match, so stepping through it does not rescale them), with a strip of coloured
/// squares for each player's move per turn under the plot: C in green, D in vermillion, turns
/// not shown yet in light grey.
///
/// A [`MatchReport`] has the moves but not the payoffs: give the stage game with
/// [`MatchScores::with_game`] to plot scores; without it the chart plots each player's
/// cumulative number of cooperations.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchScores {
    pub(super) players: [String; 2],
    pub(super) moves: Vec<(Action, Action)>,
    /// `cum[t]`: both totals after t turns (`cum[0]` = 0): scores, or cooperations.
    pub(super) cum: Vec<[f64; 2]>,
    /// `cum` holds scores (a game was given).
    pub(super) scored: bool,
    pub(super) up_to: usize,
}

impl MatchScores {
    /// The match `report`, shown up to turn `up_to` (clamped to the match's length).
    pub fn new(report: &MatchReport, up_to: usize) -> Self {
        let cum = cumulative(&report.moves, |a, b| {
            ((a == Action::C) as u8 as f64, (b == Action::C) as u8 as f64)
        });
        MatchScores {
            players: report.players.clone(),
            up_to: up_to.min(report.moves.len()),
            moves: report.moves.clone(),
            cum,
            scored: false,
        }
    }

    /// Plot the scores of `game` (the stage game the match was played in).
    pub fn with_game(mut self, game: &GameConfig) -> Self {
        self.cum = cumulative(&self.moves, |a, b| game.payoffs(a, b));
        self.scored = true;
        self
    }

    /// Both totals after `t` turns.
    pub fn totals_after(&self, t: usize) -> [f64; 2] {
        self.cum[t.min(self.cum.len() - 1)]
    }
}

/// Running sums of `f(row move, column move)`, starting at 0.
fn cumulative(
    moves: &[(Action, Action)],
    f: impl Fn(Action, Action) -> (f64, f64),
) -> Vec<[f64; 2]> {
    let mut cum = Vec::with_capacity(moves.len() + 1);
    let mut s = [0.0f64; 2];
    cum.push(s);
    for &(a, b) in moves {
        let (p, q) = f(a, b);
        s[0] += p;
        s[1] += q;
        cum.push(s);
    }
    cum
}

/// Colour of the second player in [`MatchScores`] (the first is the palette's blue): violet,
/// apart from the moves' green and vermillion.
const SECOND: usize = 8;

impl Plot for MatchScores {
    /// One row per turn played so far: both moves and both running totals.
    fn table(&self) -> DataTable {
        let (title, what) = if self.scored {
            ("Scores turn by turn", "cumulative score")
        } else {
            ("Cooperation turn by turn", "cooperations so far")
        };
        if self.moves.is_empty() {
            return DataTable::empty(title);
        }
        let [a, b] = &self.players;
        let mut t = DataTable::new(
            format!("{title} (row: {a}, column: {b}; C = cooperate, D = defect)"),
            [
                "turn".to_string(),
                format!("row move ({a})"),
                format!("column move ({b})"),
                format!("row {what}"),
                format!("column {what}"),
            ],
        );
        let letter = |m: Action| Cell::from(if m == Action::C { "C" } else { "D" });
        for (i, &(m0, m1)) in self.moves.iter().enumerate().take(self.up_to) {
            let cum = self.cum.get(i + 1).copied().unwrap_or([f64::NAN; 2]);
            t.push(vec![
                Cell::Num((i + 1) as f64),
                letter(m0),
                letter(m1),
                Cell::Num(cum[0]),
                Cell::Num(cum[1]),
            ]);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let (title, y_desc) = if self.scored {
            ("Scores turn by turn", "cumulative score")
        } else {
            ("Cooperation turn by turn", "cooperations so far")
        };
        let n = self.moves.len();
        if n == 0 {
            return placeholder(area, th, title, "No match played yet: press Run.");
        }
        let (c0, c1) = (color(0), color(SECOND));
        let entry_style = th.text(12.0, &INK);
        let (w, _) = area.dim_in_pixel();
        let max_entry = (w as i32 / 3).max(th.px(60.0));
        let legend = vec![
            Entry::line(
                ellipsize(area, th, &self.players[0], &entry_style, max_entry)?,
                c0,
                2.0,
                false,
            ),
            Entry::line(
                ellipsize(area, th, &self.players[1], &entry_style, max_entry)?,
                c1,
                2.0,
                true,
            ),
            Entry {
                label: "C (cooperate)".into(),
                swatch: Swatch::Bar { color: COOPERATE },
            },
            Entry {
                label: "D (defect)".into(),
                swatch: Swatch::Bar { color: DEFECT },
            },
        ];
        let now = self.totals_after(self.up_to);
        let note = format!(
            "after turn {} of {}: {} to {}",
            fmt_total(self.up_to as f64),
            fmt_total(n as f64),
            fmt_total(now[0]),
            fmt_total(now[1])
        );
        let rest = header(area, th, title, &note, &legend)?;
        let (_, h) = rest.dim_in_pixel();
        let strip_lab = th.text(11.0, &MUTED);
        let (_, sl_h) = th.measure(&rest, "Mg", &strip_lab)?;
        let cell_h = th.px(11.0).max(sl_h - th.px(2.0));
        let strip_h = 2 * cell_h + th.px(3.0) + th.px(8.0);
        let split = (h as i32 - strip_h).max(h as i32 / 2);
        let (top, strip) = rest.split_vertically(split);
        let (lo, hi) = finite_range(self.cum.iter().flatten().copied()).unwrap_or((0.0, 1.0));
        let hi = nice_max(hi.max(0.0));
        let lo = if lo < 0.0 { -nice_max(-lo) } else { 0.0 };
        let x = Axis::linear(0.0, n as f64, 6, "turn");
        let y = Axis::linear(lo, hi, 5, y_desc);
        let mut row_w = 0;
        for who in ["row", "column"] {
            row_w = row_w.max(th.measure(&rest, who, &strip_lab)?.0);
        }
        let mut chart = frame(
            &top,
            th,
            &x,
            &y,
            FrameOpts {
                y_label_px: row_w + th.px(10.0),
                ..FrameOpts::default()
            },
        )?;
        let idx = thin(&(0..=self.up_to).collect::<Vec<usize>>(), MAX_POINTS);
        for (p, c) in [(0usize, c0), (1, c1)] {
            let pts: Vec<(f64, f64)> = idx
                .iter()
                .map(|&t| (t as f64, self.cum[t][p].clamp(lo, hi)))
                .collect();
            let style = th.line(c, 2.0);
            let dash = (p == 1).then_some((6.0, 4.0));
            crate::charts::polyline(&mut chart, th, pts, style, dash, 3.0)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (self.up_to as f64, self.cum[self.up_to][p].clamp(lo, hi)),
                    th.upx(3.5),
                    c.filled(),
                )))
                .map_err(msg)?;
        }
        if self.up_to < n {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(self.up_to as f64, lo), (self.up_to as f64, hi)],
                    th.stroke(3.0),
                    th.stroke(3.0),
                    th.line(MUTED, 1.0),
                ))
                .map_err(msg)?;
        }
        // The move strip, aligned with the turns of the x axis.
        let (px0, _) = chart.backend_coord(&(0.0, lo));
        let (px1, _) = chart.backend_coord(&(n as f64, lo));
        let sb = strip.get_base_pixel();
        let (sx0, sx1) = (px0 - sb.0, px1 - sb.0);
        let span = (sx1 - sx0).max(1);
        // Turns per drawn cell: one cell per turn while a cell is at least 2 px wide.
        let per = (2 * n).div_ceil(span as usize).max(1);
        let cells = n.div_ceil(per);
        let y_rows = [th.px(4.0), th.px(4.0) + cell_h + th.px(3.0)];
        let right_mid = strip_lab.pos(Pos::new(HPos::Right, VPos::Center));
        for (p, who) in ["row", "column"].iter().enumerate() {
            strip
                .draw(&Text::new(
                    who.to_string(),
                    (sx0 - th.px(6.0), y_rows[p] + cell_h / 2),
                    right_mid.clone(),
                ))
                .map_err(msg)?;
        }
        let cell_px = span as f64 / cells as f64;
        let gap = if cell_px >= th.px(5.0) as f64 {
            th.px(1.0)
        } else {
            0
        };
        let letters = per == 1 && cell_px >= th.px(13.0) as f64;
        let letter_style = centered(th, 9.5, &CELL_WHITE);
        for k in 0..cells {
            let (t0, t1) = (k * per, ((k + 1) * per).min(n));
            let xa = sx0 + (span as i64 * t0 as i64 / n as i64) as i32;
            let xb = sx0 + (span as i64 * t1 as i64 / n as i64) as i32;
            for (p, &yr) in y_rows.iter().enumerate() {
                let played = t0 < self.up_to;
                let fill = if played {
                    let upto = t1.min(self.up_to);
                    let coop = self.moves[t0..upto]
                        .iter()
                        .filter(|m| (if p == 0 { m.0 } else { m.1 }) == Action::C)
                        .count();
                    lerp(DEFECT, COOPERATE, coop as f64 / (upto - t0) as f64)
                } else {
                    GRID_LIGHT
                };
                strip
                    .draw(&Rectangle::new(
                        [(xa, yr), ((xb - gap).max(xa + 1), yr + cell_h)],
                        fill.filled(),
                    ))
                    .map_err(msg)?;
                if letters && played {
                    let mv = if p == 0 {
                        self.moves[t0].0
                    } else {
                        self.moves[t0].1
                    };
                    strip
                        .draw(&Text::new(
                            if mv == Action::C { "C" } else { "D" }.to_string(),
                            ((xa + xb - gap) / 2, yr + cell_h / 2),
                            letter_style.clone(),
                        ))
                        .map_err(msg)?;
                }
            }
        }
        Ok(())
    }
}
