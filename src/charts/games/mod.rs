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
//! One file per plot; what they share (names, rankings, ranges, thinning) is here, and the
//! colour scale and heat-map cells are the chart kit's ([`crate::charts::colors`],
//! [`crate::charts::heatmap`]).
//!
//! Long series are thinned with [`thin`] to at most [`MAX_POINTS`] points when the chart is
//! built, so a chart keeps little memory and redraws quickly at any run length.

mod dynamics;
mod heatmap;
mod match_scores;
mod population;
mod score_boxes;
mod simplex;
#[cfg(test)]
mod tests;

/// The viridis colour scale, now in the chart kit.
pub use crate::charts::colors::viridis;
pub use dynamics::{DynamicsPlot, DynamicsView};
pub use heatmap::PayoffHeatmap;
pub use match_scores::MatchScores;
pub use population::Population;
pub use score_boxes::ScoreBoxes;
pub use simplex::{barycentric, Simplex};

use super::{fmt_total, thin, Theme, PALETTE};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most points kept per curve (see [`thin`]).
pub const MAX_POINTS: usize = 2000;

/// Colour of cooperation (C) in move strips: the palette's bluish green.
pub const COOPERATE: RGBColor = PALETTE[2];
/// Colour of defection (D) in move strips: the palette's vermillion.
pub const DEFECT: RGBColor = PALETTE[1];

pub(super) fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        fmt_total(n as f64),
        if n == 1 { "" } else { "s" }
    )
}

/// The `i`-th entry of `names`, or "`fallback` i+1".
pub(super) fn name_or(names: &[String], i: usize, fallback: &str) -> String {
    names
        .get(i)
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| format!("{fallback} {}", i + 1))
}

/// A valid ranking of `n` players: `ranking` if it is a permutation of 0..n, else 0..n.
pub(super) fn ranking_of(ranking: &[usize], n: usize) -> Vec<usize> {
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

/// Smallest and largest finite value (None if there is none).
pub(super) fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// An axis range fitted around [lo, hi] with a 4 % margin (one unit when the range is empty).
pub(super) fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        let m = (hi - lo) * 0.04;
        (lo - m, hi + m)
    }
}

/// Indices of at most [`MAX_POINTS`] evenly spaced steps of 0..n, first and last included.
pub(super) fn thinned_steps(n: usize) -> Vec<usize> {
    let idx: Vec<usize> = (0..n).collect();
    thin(&idx, MAX_POINTS)
}

pub(super) fn centered(th: &Theme, size: f64, c: &RGBColor) -> TextStyle<'static> {
    th.text(size, c).pos(Pos::new(HPos::Center, VPos::Center))
}

/// The entries of `v` at `steps`.
pub(super) fn kept<T: Clone>(v: &[T], steps: &[usize]) -> Vec<T> {
    steps.iter().filter_map(|&t| v.get(t).cloned()).collect()
}
