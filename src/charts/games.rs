//! Repeated-games lab charts.
//!
//! - [`PayoffHeatmap`]: the tournament's payoff matrix, mean payoff per turn of the row player
//!   against the column player, players in ranking order, coloured with the viridis scale
//!   (van der Walt & Smith, matplotlib 2015: perceptually uniform, readable in grey and by
//!   colour-blind readers), as the Axelrod library's `payoff` plot.
//! - [`ScoreBoxes`]: each player's normalised scores over the repetitions as Tukey box plots
//!   (quartiles by the type-7 rule, whiskers to the most extreme score within 1.5 IQR of the
//!   box, outliers beyond), best player on top, as Axelrod's `boxplot`.
//! - [`Population`]: shares or counts of each type over time (replicator ecology, Moran process,
//!   The Evolution of Trust), as lines or stacked areas; past ten types the eight largest are
//!   drawn in colour and the rest grouped.
//! - [`DynamicsPlot`]: learning dynamics over time: time-average or current mixed strategies of
//!   both players (with the mixed Nash equilibrium as reference lines), or their average
//!   external regret `(max_i sum_s u_{s,i} - sum_s u_s(played)) / t`.
//! - [`Simplex`]: a player's mixed strategy over three actions in the 2-simplex. A strategy
//!   `(p0, p1, p2)` is drawn at the barycentric combination `p0 A + p1 B + p2 C` of the corners
//!   A (first action, bottom left), B (second, bottom right) and C (third, top).
//! - [`MatchScores`]: cumulative scores of both players over the turns of one match, with a
//!   strip of each turn's moves under it.
//!
//! Long series are thinned with [`thin`] to at most [`MAX_POINTS`] points when the chart is
//! built, so a chart keeps little memory and redraws quickly at any run length.

use super::bandits::{box_stats, draw_box, BoxStats};
use super::{
    color, ellipsize, fmt_num, fmt_tick, fmt_total, frame, header, msg, nice_max, nice_ticks,
    placeholder, thin, Axis, Entry, FrameOpts, Plot, Swatch, Theme, GRID, GRID_LIGHT, INK, MUTED,
    PALETTE,
};
use agora_engine::games::dynamics::{DynamicsResults, Trajectory};
use agora_engine::games::experiment::MatchReport;
use agora_engine::games::{Action, GameConfig, TournamentResults};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// Most points kept per curve (see [`thin`]).
pub const MAX_POINTS: usize = 2000;

/// Colour of cooperation (C) in move strips: the palette's bluish green.
pub const COOPERATE: RGBColor = PALETTE[2];
/// Colour of defection (D) in move strips: the palette's vermillion.
pub const DEFECT: RGBColor = PALETTE[1];
/// Grey of grouped series ("12 other types").
const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
const OTHERS: RGBColor = RGBColor(0xa9, 0xb0, 0xb8);

/// Types drawn in colour when there are more than the palette's ten.
const SHOWN: usize = 8;

fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        fmt_total(n as f64),
        if n == 1 { "" } else { "s" }
    )
}

/// The `i`-th entry of `names`, or "`fallback` i+1".
fn name_or(names: &[String], i: usize, fallback: &str) -> String {
    names
        .get(i)
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| format!("{fallback} {}", i + 1))
}

/// A valid ranking of `n` players: `ranking` if it is a permutation of 0..n, else 0..n.
fn ranking_of(ranking: &[usize], n: usize) -> Vec<usize> {
    let mut seen = vec![false; n];
    let ok = ranking.len() == n
        && ranking.iter().all(|&i| {
            if i < n && !seen[i] {
                seen[i] = true;
                true
            } else {
                false
            }
        });
    if ok {
        ranking.to_vec()
    } else {
        (0..n).collect()
    }
}

/// `c0` blended towards `c1` by `t` in [0, 1].
fn lerp(c0: RGBColor, c1: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let m = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(m(c0.0, c1.0), m(c0.1, c1.1), m(c0.2, c1.2))
}

/// The viridis colour map at `t` in [0, 1] (NaN gives the low end): linear interpolation
/// between matplotlib's viridis at t = 0, 0.1, ..., 1.
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [RGBColor; 11] = [
        RGBColor(0x44, 0x01, 0x54),
        RGBColor(0x48, 0x24, 0x75),
        RGBColor(0x41, 0x44, 0x87),
        RGBColor(0x35, 0x5f, 0x8d),
        RGBColor(0x2a, 0x78, 0x8e),
        RGBColor(0x21, 0x91, 0x8c),
        RGBColor(0x22, 0xa8, 0x84),
        RGBColor(0x44, 0xbf, 0x70),
        RGBColor(0x7a, 0xd1, 0x51),
        RGBColor(0xbd, 0xdf, 0x26),
        RGBColor(0xfd, 0xe7, 0x25),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * 10.0;
    let k = (x.floor() as usize).min(9);
    lerp(STOPS[k], STOPS[k + 1], x - k as f64)
}

/// Relative luminance (ITU-R BT.709 weights on the sRGB values, without linearization: enough
/// to choose black or white text).
fn luminance(c: RGBColor) -> f64 {
    (0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64) / 255.0
}

/// Smallest and largest finite value (None if there is none).
fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// An axis range fitted around [lo, hi] with a 4 % margin (one unit when the range is empty).
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        let m = (hi - lo) * 0.04;
        (lo - m, hi + m)
    }
}

/// Indices of at most [`MAX_POINTS`] evenly spaced steps of 0..n, first and last included.
fn thinned_steps(n: usize) -> Vec<usize> {
    let idx: Vec<usize> = (0..n).collect();
    thin(&idx, MAX_POINTS)
}

fn centered(th: &Theme, size: f64, c: &RGBColor) -> TextStyle<'static> {
    th.text(size, c).pos(Pos::new(HPos::Center, VPos::Center))
}

// ---------------------------------------------------------------------------------------------
// Payoff matrix

/// The tournament's payoff matrix as a heat map: cell (row i, column j) is the mean payoff per
/// turn of player i against player j over the repetitions (the diagonal is self-play), players
/// in ranking order (best at the top and left), with a colour bar and, up to 16 players, the
/// values written in the cells.
#[derive(Clone, Debug, PartialEq)]
pub struct PayoffHeatmap {
    names: Vec<String>,
    /// In ranking order.
    matrix: Vec<Vec<f64>>,
    repetitions: usize,
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
        let (lo, hi) = finite_range(self.matrix.iter().flatten().copied()).unwrap_or((0.0, 1.0));
        let (lo, hi) = if hi - lo < 1e-12 {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        };
        let pad = th.px(10.0);
        let tick_style = th.text(11.0, &MUTED);
        let desc_style = th.text(12.5, &INK);
        let (_, desc_h) = th.measure(&rest, "Mg", &desc_style)?;
        // Colour bar on the right.
        // About one labelled tick per 45 px of bar (its height is nearly the area's).
        let bar_ticks = nice_ticks(lo, hi, (h / th.px(45.0).max(1)).clamp(2, 6) as usize);
        let bar_step = if bar_ticks.len() >= 2 {
            bar_ticks[1] - bar_ticks[0]
        } else {
            hi - lo
        };
        let mut tick_w = 0;
        for &v in &bar_ticks {
            tick_w = tick_w.max(th.measure(&rest, &fmt_tick(v, bar_step), &tick_style)?.0);
        }
        let bar_w = th.px(12.0);
        let right = bar_w + th.px(8.0) + tick_w + th.px(4.0) + pad;
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
        let xe = |j: usize| x0 + (plot_w as i64 * j as i64 / n as i64) as i32;
        let ye = |i: usize| y0 + (plot_h as i64 * i as i64 / n as i64) as i32;
        let cell_w = plot_w / n as i32;
        let cell_h = plot_h / n as i32;
        let gap = if cell_w >= th.px(12.0) && cell_h >= th.px(12.0) {
            th.px(1.0)
        } else {
            0
        };
        // Cells.
        let scale = |v: f64| (v - lo) / (hi - lo);
        for (i, row) in self.matrix.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let fill = if v.is_finite() {
                    viridis(scale(v)).filled()
                } else {
                    GRID_LIGHT.filled()
                };
                rest.draw(&Rectangle::new(
                    [(xe(j), ye(i)), (xe(j + 1) - gap, ye(i + 1) - gap)],
                    fill,
                ))
                .map_err(msg)?;
            }
        }
        // Values in the cells when they fit.
        if n <= 16 {
            let size = (cell_h as f64 / th.s * 0.62).clamp(7.0, 11.5);
            let probe = th.text(size, &INK);
            let (vw, vh) = th.measure(&rest, "−0.00", &probe)?;
            if vw + th.px(4.0) <= cell_w && vh <= cell_h + th.px(2.0) {
                for (i, row) in self.matrix.iter().enumerate() {
                    for (j, &v) in row.iter().enumerate() {
                        if !v.is_finite() {
                            continue;
                        }
                        let ink = if luminance(viridis(scale(v))) < 0.5 {
                            WHITE
                        } else {
                            INK
                        };
                        rest.draw(&Text::new(
                            fmt_num(v),
                            ((xe(j) + xe(j + 1) - gap) / 2, (ye(i) + ye(i + 1) - gap) / 2),
                            centered(th, size, &ink),
                        ))
                        .map_err(msg)?;
                    }
                }
            }
        }
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
                (x0 - th.px(6.0), (ye(i) + ye(i + 1) - gap) / 2),
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
            rest.draw(&Text::new(
                text,
                ((xe(j) + xe(j + 1) - gap) / 2, lab_y),
                x_top.clone(),
            ))
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
        let bx = w - right + th.px(8.0);
        let slices = 64;
        for k in 0..slices {
            let ya = y0 + (plot_h as i64 * k as i64 / slices as i64) as i32;
            // Slices overlap by a pixel so no seam shows between them.
            let yb = y0
                + (plot_h as i64 * (k + 1) as i64 / slices as i64) as i32
                + i32::from(k + 1 < slices);
            let t = 1.0 - (k as f64 + 0.5) / slices as f64;
            rest.draw(&Rectangle::new(
                [(bx, ya), (bx + bar_w, yb)],
                viridis(t).filled(),
            ))
            .map_err(msg)?;
        }
        rest.draw(&Rectangle::new(
            [(bx, y0), (bx + bar_w, y0 + plot_h)],
            th.line(MUTED, 1.0),
        ))
        .map_err(msg)?;
        let left_mid = tick_style.pos(Pos::new(HPos::Left, VPos::Center));
        for &v in &bar_ticks {
            let y = y0 + ((1.0 - scale(v)) * plot_h as f64).round() as i32;
            rest.draw(&PathElement::new(
                vec![(bx + bar_w, y), (bx + bar_w + th.px(3.0), y)],
                th.line(MUTED, 1.0),
            ))
            .map_err(msg)?;
            rest.draw(&Text::new(
                fmt_tick(v, bar_step),
                (bx + bar_w + th.px(5.0), y),
                left_mid.clone(),
            ))
            .map_err(msg)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Scores over repetitions

/// Box plots of each player's normalised scores (mean payoff per turn against the others) over
/// the repetitions, one horizontal box per player in ranking order, best on top.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreBoxes {
    /// (label, statistics) in ranking order; None for a player without scores.
    rows: Vec<(String, Option<BoxStats>)>,
    repetitions: usize,
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

// ---------------------------------------------------------------------------------------------
// Population over time

/// Each type's share or count over time, as lines or stacked areas.
///
/// With more than ten types, the eight with the largest final values (ties: the largest peak)
/// are drawn in colour and the others grouped: thin grey lines, or one grey area when stacked.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    title: String,
    y_label: String,
    x_label: String,
    labels: Vec<String>,
    /// Time of each kept step (its index in the series).
    ts: Vec<f64>,
    /// `values[k][i]`: value of type `i` at time `ts[k]` (NaN and missing values are 0).
    values: Vec<Vec<f64>>,
    /// Last time index of the full series.
    t_end: f64,
    stacked: bool,
    percent: bool,
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
    fn shown(&self) -> (Vec<usize>, bool) {
        let k = self.labels.len();
        if k <= PALETTE.len() {
            return ((0..k).collect(), false);
        }
        let last = self.values.last();
        let fin = |i: usize| last.map_or(0.0, |v| v[i]);
        let peak = |i: usize| self.values.iter().map(|v| v[i]).fold(0.0f64, f64::max);
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| {
            fin(b)
                .total_cmp(&fin(a))
                .then(peak(b).total_cmp(&peak(a)))
                .then(a.cmp(&b))
        });
        order.truncate(SHOWN);
        (order, true)
    }
}

impl Plot for Population {
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

// ---------------------------------------------------------------------------------------------
// Learning dynamics over time

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
    what: DynamicsView,
    row_actions: Vec<String>,
    col_actions: Vec<String>,
    /// Steps t (1-based) kept.
    ts: Vec<f64>,
    steps: usize,
    /// Per kept step: the strategy vectors (average or current) of row and column.
    row: Vec<Vec<f64>>,
    col: Vec<Vec<f64>>,
    row_regret: Vec<f64>,
    col_regret: Vec<f64>,
    equilibrium: Option<(Vec<f64>, Vec<f64>)>,
}

fn kept<T: Clone>(v: &[T], steps: &[usize]) -> Vec<T> {
    steps.iter().filter_map(|&t| v.get(t).cloned()).collect()
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
        let dash = |chart: &mut ChartContext<'_, DB, super::Xy>,
                    pts: Vec<(f64, f64)>,
                    style: ShapeStyle,
                    on: f64,
                    off: f64|
         -> Result<(), String> {
            if pts.len() == 1 {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        pts[0],
                        th.upx(3.0),
                        style.filled(),
                    )))
                    .map_err(msg)?;
            } else {
                chart
                    .draw_series(DashedLineSeries::new(
                        pts,
                        th.stroke(on),
                        th.stroke(off),
                        style,
                    ))
                    .map_err(msg)?;
            }
            Ok(())
        };
        let solid = |chart: &mut ChartContext<'_, DB, super::Xy>,
                     pts: Vec<(f64, f64)>,
                     style: ShapeStyle|
         -> Result<(), String> {
            if pts.len() == 1 {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        pts[0],
                        th.upx(3.0),
                        style.filled(),
                    )))
                    .map_err(msg)?;
            } else {
                chart
                    .draw_series(LineSeries::new(pts, style))
                    .map_err(msg)?;
            }
            Ok(())
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

// ---------------------------------------------------------------------------------------------
// The 2-simplex

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
    actions: [String; 3],
    player: usize,
    steps: usize,
    /// Number of actions of the player (the chart needs 3).
    m: usize,
    current: Vec<(f64, f64)>,
    average: Vec<(f64, f64)>,
    last_average: Option<Vec<f64>>,
    point: Option<Vec<f64>>,
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
        }
    }

    /// A reference point (the equilibrium strategy of this player), if any.
    pub fn with_point(mut self, p: Option<Vec<f64>>) -> Self {
        self.point = p;
        self
    }
}

impl Plot for Simplex {
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

// ---------------------------------------------------------------------------------------------
// One match, turn by turn

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
    players: [String; 2],
    moves: Vec<(Action, Action)>,
    /// `cum[t]`: both totals after t turns (`cum[0]` = 0): scores, or cooperations.
    cum: Vec<[f64; 2]>,
    /// `cum` holds scores (a game was given).
    scored: bool,
    up_to: usize,
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
            if pts.len() == 1 {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        pts[0],
                        th.upx(3.0),
                        c.filled(),
                    )))
                    .map_err(msg)?;
            } else if p == 1 {
                chart
                    .draw_series(DashedLineSeries::new(
                        pts,
                        th.stroke(6.0),
                        th.stroke(4.0),
                        style,
                    ))
                    .map_err(msg)?;
            } else {
                chart
                    .draw_series(LineSeries::new(pts, style))
                    .map_err(msg)?;
            }
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
        let letter_style = centered(th, 9.5, &WHITE);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{draw_fn, render_svg, svg_has_text, DrawFn};
    use agora_engine::games::dynamics::{DynamicsConfig, LearnerConfig, MatrixGame};
    use agora_engine::games::experiment::MatchExperiment;
    use agora_engine::games::tournament::TournamentRunner;
    use agora_engine::games::{StrategyConfig, TournamentConfig};

    fn tournament(n: usize, repetitions: usize) -> TournamentConfig {
        TournamentConfig {
            seed: 7,
            game: GameConfig::prisoners_dilemma(),
            players: StrategyConfig::all_defaults().into_iter().take(n).collect(),
            turns: 20,
            noise: 0.0,
            prob_end: 0.0,
            repetitions,
            transcript: Default::default(),
        }
    }

    fn svg(d: DrawFn) -> String {
        let s = render_svg(&d, 700, 320).unwrap();
        assert!(!s.contains("NaN"), "NaN in the SVG");
        s
    }

    #[test]
    fn viridis_runs_from_dark_violet_to_yellow() {
        // matplotlib's viridis: #440154 at 0, #21918c at 1/2, #fde725 at 1.
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(0.5), RGBColor(0x21, 0x91, 0x8c));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
        assert_eq!(viridis(7.0), viridis(1.0));
        // Perceptually ordered: lighter as t grows.
        let l: Vec<f64> = (0..=20)
            .map(|k| luminance(viridis(k as f64 / 20.0)))
            .collect();
        assert!(l.windows(2).all(|w| w[0] < w[1]), "{l:?}");
    }

    #[test]
    fn barycentre_is_the_centroid_and_pure_strategies_the_corners() {
        let h = 3f64.sqrt() / 2.0;
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12;
        assert!(close(barycentric(&[1.0, 0.0, 0.0]).unwrap(), (0.0, 0.0)));
        assert!(close(barycentric(&[0.0, 1.0, 0.0]).unwrap(), (1.0, 0.0)));
        assert!(close(barycentric(&[0.0, 0.0, 1.0]).unwrap(), (0.5, h)));
        // The centroid of the corners is ((0 + 1 + 1/2) / 3, (0 + 0 + h) / 3).
        let third = 1.0 / 3.0;
        assert!(close(
            barycentric(&[third, third, third]).unwrap(),
            (0.5, h / 3.0)
        ));
        // The midpoint of an edge, and unnormalized weights.
        assert!(close(
            barycentric(&[0.0, 0.5, 0.5]).unwrap(),
            (0.75, h / 2.0)
        ));
        assert!(close(barycentric(&[2.0, 2.0, 0.0]).unwrap(), (0.5, 0.0)));
        assert_eq!(barycentric(&[0.5, 0.5]), None);
        assert_eq!(barycentric(&[0.0, 0.0, 0.0]), None);
        assert_eq!(barycentric(&[f64::NAN, 0.5, 0.5]), None);
        assert_eq!(barycentric(&[-0.1, 0.6, 0.5]), None);
    }

    #[test]
    fn heatmap_and_boxes_show_the_players_in_ranking_order() {
        let r = tournament(5, 3).run().unwrap();
        let hm = PayoffHeatmap::new(&r);
        // Row k of the chart is player ranking[k]; column l is ranking[l].
        for (k, &i) in r.ranking.iter().enumerate() {
            assert_eq!(hm.names[k], r.players[i]);
            for (l, &j) in r.ranking.iter().enumerate() {
                assert_eq!(hm.matrix[k][l], r.payoff_matrix[i][j]);
            }
        }
        let s = svg(draw_fn(hm));
        assert!(svg_has_text(&s, "Payoff matrix"));
        assert!(svg_has_text(&s, "row player"));
        for name in &r.players {
            assert!(s.contains(name.as_str()), "{name}");
        }
        // Five players: every value is written in its cell.
        let v = r.payoff_matrix[r.ranking[0]][r.ranking[1]];
        assert!(svg_has_text(&s, &fmt_num(v)));

        let b = ScoreBoxes::new(&r);
        let best = r.ranking[0];
        assert_eq!(b.rows[0].0, format!("1. {}", r.players[best]));
        let st = b.rows[0].1.as_ref().unwrap();
        let mut sorted = r.normalised_scores[best].clone();
        sorted.sort_by(f64::total_cmp);
        // Three repetitions: the median is the middle score.
        assert_eq!(st.median, sorted[1]);
        let s = svg(draw_fn(b));
        assert!(svg_has_text(&s, "Scores over repetitions"));
        assert!(svg_has_text(&s, "normalised score (payoff per turn)"));
        assert!(svg_has_text(&s, "median"));
    }

    #[test]
    fn thirty_players_and_one_repetition_draw() {
        let r = tournament(30, 1).run().unwrap();
        let hm = PayoffHeatmap::new(&r);
        let tall = hm.suggested_height();
        assert!(tall > 320);
        let s = svg(draw_fn(hm.clone()));
        // Too many columns for names: ranks under the columns, "1. name" on the rows.
        assert!(svg_has_text(&s, "column player (opponent), by rank"));
        assert!(svg_has_text(&s, "30"));
        let s = render_svg(&draw_fn(hm), 700, tall).unwrap();
        assert!(s.contains(&format!("1. {}", r.ranked_names[0])));
        let s = svg(draw_fn(ScoreBoxes::new(&r)));
        assert!(svg_has_text(&s, "Scores over repetitions"));
    }

    #[test]
    fn partial_tournaments_wait_for_a_repetition() {
        let mut runner = TournamentRunner::new(&tournament(4, 2)).unwrap();
        runner.step(3);
        let r = runner.results();
        assert_eq!(r.repetitions, 0);
        let s = svg(draw_fn(PayoffHeatmap::new(&r)));
        assert!(svg_has_text(&s, "No repetition finished yet."));
        let s = svg(draw_fn(ScoreBoxes::new(&r)));
        assert!(svg_has_text(&s, "No repetition finished yet."));
    }

    fn shares(k: usize, steps: usize) -> Vec<Vec<f64>> {
        // Type i's weight grows like (1 + i/k)^t: shares that sum to 1.
        (0..steps)
            .map(|t| {
                let w: Vec<f64> = (0..k)
                    .map(|i| (1.0 + i as f64 / k as f64).powi(t as i32 / 10))
                    .collect();
                let s: f64 = w.iter().sum();
                w.iter().map(|x| x / s).collect()
            })
            .collect()
    }

    #[test]
    fn population_lines_and_stacks() {
        let labels: Vec<String> = ["Cooperator", "Defector", "Tit For Tat"]
            .map(String::from)
            .to_vec();
        let p = Population::new(
            "Ecology",
            "share",
            labels.clone(),
            shares(3, 50),
            "generation",
        )
        .percent(true);
        let s = svg(draw_fn(p.clone()));
        for l in &labels {
            assert!(svg_has_text(&s, l), "{l}");
        }
        assert!(svg_has_text(&s, "generation") && svg_has_text(&s, "100%"));
        let s = svg(draw_fn(p.stacked(true)));
        assert!(svg_has_text(&s, "stacked"));
        // A constant total (a population of 100) fills the axis exactly.
        let counts: Vec<Vec<f64>> = (0..=40)
            .map(|t| vec![t as f64 * 2.0, 100.0 - t as f64 * 2.0])
            .collect();
        let p =
            Population::new("Moran", "agents", labels[..2].to_vec(), counts, "step").stacked(true);
        let s = svg(draw_fn(p));
        assert!(svg_has_text(&s, "100") && svg_has_text(&s, "agents"));
    }

    #[test]
    fn many_types_show_the_largest_and_group_the_rest() {
        let k = 30;
        let labels: Vec<String> = (0..k).map(|i| format!("Strategy number {i}")).collect();
        let p = Population::new("Ecology", "share", labels, shares(k, 60), "generation");
        let (shown, grouped) = p.shown();
        // Weights grow with i: the largest final shares are the last eight types, largest first.
        assert!(grouped);
        assert_eq!(shown, (22..30).rev().collect::<Vec<_>>());
        let s = svg(draw_fn(p.clone()));
        assert!(svg_has_text(&s, "22 other types"));
        assert!(s.contains("Strategy number 29") || s.contains("Strategy numb"));
        let s = svg(draw_fn(p.stacked(true)));
        assert!(svg_has_text(&s, "22 other types"));
    }

    #[test]
    fn long_series_are_thinned_and_edge_cases_draw() {
        let n = 100_000;
        let series: Vec<Vec<f64>> = (0..n).map(|t| vec![t as f64, 1.0]).collect();
        let p = Population::new("Counts", "agents", vec!["A".into()], series, "step");
        assert!(p.ts.len() <= MAX_POINTS + 1);
        assert_eq!(*p.ts.last().unwrap(), (n - 1) as f64);
        // The label list was shorter than the rows: the extra type gets a name.
        assert_eq!(p.labels, vec!["A".to_string(), "type 2".to_string()]);
        svg(draw_fn(p));
        // One time point, NaN values, nothing at all.
        let one = Population::new(
            "Start",
            "share",
            vec!["A".into()],
            vec![vec![f64::NAN]],
            "t",
        );
        assert!(svg_has_text(&svg(draw_fn(one.clone())), "the start only"));
        svg(draw_fn(one.stacked(true)));
        let none = Population::new("Empty", "share", Vec::new(), Vec::new(), "t");
        assert!(svg_has_text(&svg(draw_fn(none)), "Nothing to show yet."));
    }

    /// Hedge learning from sampled play, so the strategies move even from the uniform start.
    fn dynamics(game: MatrixGame, steps: usize) -> DynamicsResults {
        dynamics_with(game, steps, LearnerConfig::Hedge { eta: 0.1 })
    }

    fn dynamics_with(game: MatrixGame, steps: usize, learner: LearnerConfig) -> DynamicsResults {
        DynamicsConfig {
            seed: 3,
            game,
            learner,
            steps,
            sampled: true,
        }
        .run()
        .unwrap()
    }

    fn rps() -> Vec<String> {
        ["Rock", "Paper", "Scissors"].map(String::from).to_vec()
    }

    #[test]
    fn dynamics_views() {
        let r = dynamics(MatrixGame::rock_paper_scissors(), 500);
        let third = 1.0 / 3.0;
        let eq = Some((vec![third; 3], vec![third; 3]));
        let p = DynamicsPlot::new(&r, rps(), rps(), DynamicsView::Average).with_equilibrium(eq);
        // Step t is drawn at x = t (1-based) with the time average after t steps.
        assert_eq!(p.ts[0], 1.0);
        assert_eq!(p.row[0], r.row.average[0]);
        let s = svg(draw_fn(p));
        assert!(svg_has_text(&s, "Time-average strategies"));
        assert!(svg_has_text(&s, "row: Rock") && svg_has_text(&s, "column: Scissors"));
        assert!(svg_has_text(&s, "mixed Nash equilibrium"));
        let p = DynamicsPlot::new(&r, rps(), rps(), DynamicsView::Current);
        assert_eq!(p.col[3], r.col.current[3]);
        assert!(svg_has_text(&svg(draw_fn(p)), "Strategies played"));
        let p = DynamicsPlot::new(&r, rps(), rps(), DynamicsView::Regret);
        assert_eq!(p.row_regret.len(), 500);
        let s = svg(draw_fn(p));
        assert!(svg_has_text(&s, "Average regret") && svg_has_text(&s, "average regret"));
        // An equilibrium of the wrong size is left out; missing action names get numbers.
        let p = DynamicsPlot::new(&r, Vec::new(), rps(), DynamicsView::Average)
            .with_equilibrium(Some((vec![0.5, 0.5], vec![0.5, 0.5])));
        let s = svg(draw_fn(p));
        assert!(svg_has_text(&s, "row: action 1"));
        assert!(!svg_has_text(&s, "mixed Nash equilibrium"));
        // One step, and no steps.
        let one = dynamics(MatrixGame::matching_pennies(), 1);
        svg(draw_fn(DynamicsPlot::new(
            &one,
            Vec::new(),
            Vec::new(),
            DynamicsView::Current,
        )));
        let empty = DynamicsResults {
            row: Trajectory {
                current: Vec::new(),
                average: Vec::new(),
                regret: Vec::new(),
            },
            col: Trajectory {
                current: Vec::new(),
                average: Vec::new(),
                regret: Vec::new(),
            },
        };
        let s = svg(draw_fn(DynamicsPlot::new(
            &empty,
            rps(),
            rps(),
            DynamicsView::Regret,
        )));
        assert!(svg_has_text(&s, "No steps yet: press Run."));
        let s = svg(draw_fn(Simplex::new(
            &empty,
            ["R", "P", "S"].map(String::from),
            0,
        )));
        assert!(svg_has_text(&s, "No steps yet: press Run."));
    }

    #[test]
    fn simplex_draws_three_action_games_only() {
        let r = dynamics(MatrixGame::rock_paper_scissors(), 3000);
        let acts = ["Rock", "Paper", "Scissors"].map(String::from);
        let sx = Simplex::new(&r, acts.clone(), 1).with_point(Some(vec![1.0 / 3.0; 3]));
        assert_eq!(sx.player, 1);
        assert!(sx.average.len() <= MAX_POINTS + 1);
        assert_eq!(sx.average[0], barycentric(&r.col.average[0]).unwrap());
        let s = svg(draw_fn(sx));
        assert!(
            s.contains("player&apos;s strategy in the simplex")
                || s.contains("player's strategy in the simplex")
        );
        for a in &acts {
            assert!(svg_has_text(&s, a));
        }
        assert!(svg_has_text(&s, "equilibrium") && svg_has_text(&s, "time average"));
        let two = dynamics(MatrixGame::matching_pennies(), 10);
        let s = svg(draw_fn(Simplex::new(&two, acts, 0)));
        assert!(svg_has_text(
            &s,
            "The simplex shows games with three actions per player."
        ));
    }

    fn a_match(turns: usize) -> (MatchReport, GameConfig) {
        let game = GameConfig::prisoners_dilemma();
        let exp = MatchExperiment {
            seed: 1,
            game: game.clone(),
            players: [
                StrategyConfig::by_kind("TitForTat").unwrap(),
                StrategyConfig::by_kind("Random").unwrap(),
            ],
            turns,
            noise: 0.0,
            prob_end: 0.0,
            transcript: Default::default(),
        };
        (exp.run().unwrap(), game)
    }

    #[test]
    fn match_scores_add_up_to_the_report() {
        let (m, game) = a_match(30);
        let full = MatchScores::new(&m, 30).with_game(&game);
        // The running sums of the game's payoffs end at the match totals.
        assert_eq!(full.totals_after(30), m.scores);
        let (p, q) = game.payoffs(m.moves[0].0, m.moves[0].1);
        assert_eq!(full.totals_after(1), [p, q]);
        assert_eq!(full.totals_after(0), [0.0, 0.0]);
        // Without the game: cooperations, ending at the report's counts.
        let coop = MatchScores::new(&m, 99);
        assert_eq!(coop.up_to, 30);
        assert_eq!(
            coop.totals_after(30),
            [m.cooperations[0] as f64, m.cooperations[1] as f64]
        );
        let s = svg(draw_fn(MatchScores::new(&m, 12).with_game(&game)));
        assert!(svg_has_text(&s, "Scores turn by turn") && svg_has_text(&s, "cumulative score"));
        assert!(svg_has_text(&s, "C (cooperate)") && svg_has_text(&s, "D (defect)"));
        assert!(s.contains("after turn 12 of 30"));
        assert!(svg_has_text(&svg(draw_fn(coop)), "cooperations so far"));
        // Long matches bin the strip; turn 0 and an empty report.
        let (long, game) = a_match(5000);
        svg(draw_fn(MatchScores::new(&long, 2500).with_game(&game)));
        svg(draw_fn(MatchScores::new(&m, 0).with_game(&game)));
        let mut empty = m.clone();
        empty.moves.clear();
        let s = svg(draw_fn(MatchScores::new(&empty, 5)));
        assert!(svg_has_text(&s, "No match played yet: press Run."));
    }

    /// Writes every chart to /tmp/agora-games-charts/*.svg to look at them
    /// (`cargo test -p agora-web --lib write_games_charts -- --ignored`).
    #[test]
    #[ignore]
    fn write_games_charts() {
        let dir = std::path::Path::new("/tmp/agora-games-charts");
        std::fs::create_dir_all(dir).unwrap();
        let out = |name: &str, d: DrawFn, h: u32| {
            std::fs::write(
                dir.join(format!("{name}.svg")),
                render_svg(&d, 700, h).unwrap(),
            )
            .unwrap();
        };
        let mut t = tournament(8, 10);
        t.noise = 0.05;
        let r8 = t.run().unwrap();
        out("heatmap8", draw_fn(PayoffHeatmap::new(&r8)), 320);
        out("boxes8", draw_fn(ScoreBoxes::new(&r8)), 320);
        let r30 = tournament(30, 5).run().unwrap();
        let hm = PayoffHeatmap::new(&r30);
        out("heatmap30", draw_fn(hm.clone()), 320);
        out("heatmap30tall", draw_fn(hm.clone()), hm.suggested_height());
        let b = ScoreBoxes::new(&r30);
        out("boxes30", draw_fn(b.clone()), 320);
        out("boxes30tall", draw_fn(b.clone()), b.suggested_height());
        let labels: Vec<String> = r8.players.clone();
        let eco = agora_engine::games::evolution::EcologyConfig::from_tournament(&r8, 200)
            .run()
            .unwrap();
        let p = Population::new("Ecology", "share", labels, eco.shares, "generation").percent(true);
        out("eco_lines", draw_fn(p.clone()), 320);
        out("eco_stacked", draw_fn(p.stacked(true)), 320);
        let labels: Vec<String> = (0..30).map(|i| format!("Strategy number {i}")).collect();
        let p = Population::new("Many types", "share", labels, shares(30, 300), "generation");
        out("many_lines", draw_fn(p.clone()), 320);
        out("many_stacked", draw_fn(p.stacked(true)), 320);
        let r = dynamics(MatrixGame::rock_paper_scissors(), 2000);
        let eq = Some((vec![1.0 / 3.0; 3], vec![1.0 / 3.0; 3]));
        for (name, v) in [
            ("dyn_average", DynamicsView::Average),
            ("dyn_current", DynamicsView::Current),
            ("dyn_regret", DynamicsView::Regret),
        ] {
            out(
                name,
                draw_fn(DynamicsPlot::new(&r, rps(), rps(), v).with_equilibrium(eq.clone())),
                320,
            );
        }
        let fp = dynamics_with(
            MatrixGame::rock_paper_scissors(),
            2000,
            LearnerConfig::FictitiousPlay,
        );
        out(
            "dyn_average_fp",
            draw_fn(
                DynamicsPlot::new(&fp, rps(), rps(), DynamicsView::Average)
                    .with_equilibrium(eq.clone()),
            ),
            320,
        );
        let acts = ["Rock", "Paper", "Scissors"].map(String::from);
        out(
            "simplex_fp",
            draw_fn(Simplex::new(&fp, acts.clone(), 0).with_point(Some(vec![1.0 / 3.0; 3]))),
            420,
        );
        let bos = dynamics(MatrixGame::battle_of_the_sexes(), 500);
        let two = vec!["Opera".to_string(), "Football".to_string()];
        out(
            "dyn_bos",
            draw_fn(
                DynamicsPlot::new(&bos, two.clone(), two, DynamicsView::Average)
                    .with_equilibrium(Some((vec![0.6, 0.4], vec![0.4, 0.6]))),
            ),
            320,
        );
        out(
            "simplex",
            draw_fn(Simplex::new(&r, acts, 0).with_point(Some(vec![1.0 / 3.0; 3]))),
            420,
        );
        let (m, game) = a_match(40);
        out(
            "match40",
            draw_fn(MatchScores::new(&m, 25).with_game(&game)),
            320,
        );
        let (m, game) = a_match(200);
        out(
            "match200",
            draw_fn(MatchScores::new(&m, 200).with_game(&game)),
            320,
        );
    }
}
