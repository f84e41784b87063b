//! Tukey box plots, shared by every lab's charts: the statistics of a sample (type-7
//! quartiles, whiskers at the most extreme observations within 1.5 IQR, outliers beyond,
//! Tukey 1977) and one horizontal box drawn into a chart.

use super::{msg, Theme};
use agora_engine::stats::quantile_sorted;
use plotters::prelude::*;

/// Tukey box-plot statistics of a sample.
#[derive(Clone, Debug, PartialEq)]
pub struct BoxStats {
    pub n: usize,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    /// Lowest observation >= q1 - 1.5 IQR.
    pub lo_whisker: f64,
    /// Highest observation <= q3 + 1.5 IQR.
    pub hi_whisker: f64,
    /// Observations beyond the whiskers, ascending.
    pub outliers: Vec<f64>,
    pub mean: f64,
}

/// Box-plot statistics of `values` (NaNs ignored); None when nothing is left.
pub fn box_stats(values: &[f64]) -> Option<BoxStats> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let q1 = quantile_sorted(&v, 0.25);
    let median = quantile_sorted(&v, 0.5);
    let q3 = quantile_sorted(&v, 0.75);
    let iqr = q3 - q1;
    let (fence_lo, fence_hi) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    let lo_whisker = v
        .iter()
        .copied()
        .find(|&x| x >= fence_lo)
        .unwrap_or(q1)
        .min(q1);
    let hi_whisker = v
        .iter()
        .rev()
        .copied()
        .find(|&x| x <= fence_hi)
        .unwrap_or(q3)
        .max(q3);
    let outliers = v
        .iter()
        .copied()
        .filter(|&x| x < fence_lo || x > fence_hi)
        .collect();
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    Some(BoxStats {
        n: v.len(),
        q1,
        median,
        q3,
        lo_whisker,
        hi_whisker,
        outliers,
        mean,
    })
}

/// The columns of a box-plot table after the row's label (see [`box_cells`]).
pub const BOX_COLUMNS: [&str; 9] = [
    "n",
    "lower whisker",
    "first quartile",
    "median",
    "third quartile",
    "upper whisker",
    "mean",
    "outliers",
    "outlier values",
];

/// Cells of one box in a table, in the order of [`BOX_COLUMNS`]: the statistics, then the
/// number of outliers and their values (at most 20 listed, "…" after them).
pub fn box_cells(s: &BoxStats) -> Vec<super::Cell> {
    use super::Cell;
    let mut listed: Vec<String> = s
        .outliers
        .iter()
        .take(20)
        .map(|&v| super::table::fmt_cell(v))
        .collect();
    if s.outliers.len() > 20 {
        listed.push("…".into());
    }
    vec![
        Cell::Num(s.n as f64),
        Cell::Num(s.lo_whisker),
        Cell::Num(s.q1),
        Cell::Num(s.median),
        Cell::Num(s.q3),
        Cell::Num(s.hi_whisker),
        Cell::Num(s.mean),
        Cell::Num(s.outliers.len() as f64),
        Cell::Text(listed.join(" ")),
    ]
}

/// Draw one horizontal box of a box plot at height `yc` (half height `h` in y units): whiskers
/// with end caps, the interquartile box (light fill, `color` outline), a bold median and the
/// outliers as rings (at most 2,000).
pub fn draw_box<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, super::Xy>,
    th: &Theme,
    s: &BoxStats,
    yc: f64,
    h: f64,
    color: RGBColor,
) -> Result<(), String> {
    let line = th.line(color, 1.5);
    chart
        .draw_series([
            PathElement::new(vec![(s.lo_whisker, yc), (s.q1, yc)], line),
            PathElement::new(vec![(s.q3, yc), (s.hi_whisker, yc)], line),
            PathElement::new(
                vec![(s.lo_whisker, yc - h * 0.6), (s.lo_whisker, yc + h * 0.6)],
                line,
            ),
            PathElement::new(
                vec![(s.hi_whisker, yc - h * 0.6), (s.hi_whisker, yc + h * 0.6)],
                line,
            ),
        ])
        .map_err(msg)?;
    chart
        .draw_series([
            Rectangle::new([(s.q1, yc - h), (s.q3, yc + h)], color.mix(0.22).filled()),
            Rectangle::new([(s.q1, yc - h), (s.q3, yc + h)], line),
        ])
        .map_err(msg)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(s.median, yc - h), (s.median, yc + h)],
            th.line(color, 3.0),
        )))
        .map_err(msg)?;
    let outs = super::thin(&s.outliers, 2000);
    chart
        .draw_series(
            outs.iter()
                .map(|&v| Circle::new((v, yc), th.upx(2.5), th.line(color, 1.0))),
        )
        .map_err(msg)?;
    Ok(())
}
