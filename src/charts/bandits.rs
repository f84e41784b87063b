//! Bandit lab charts: cumulative regret over time (with 95 % bands and the Lai-Robbins
//! curve), best-arm rate, the distribution of final regret (Tukey box plots) and pulls per arm.
//!
//! - Regret: mean cumulative pseudo-regret R_t = sum_{s<=t} (mu*_s - mu_{a_s}) over the runs
//!   (or realized regret sum (mu*_s - X_s)), with the band mean +- 1.96 s / sqrt(R). The
//!   Lai & Robbins (1985) curve C ln t is asymptotic: finite-t regret may sit below it (the
//!   results caption says so with the run's numbers).
//! - Final regret: box = quartiles (type-7 quantiles, as R and NumPy), whiskers = the most
//!   extreme runs within 1.5 IQR of the box, points beyond = outliers (Tukey 1977), + = mean.

use super::lines::{Lines, Series, XSpec};
use super::{
    color, draw_fn, ellipsize, fmt_num, frame, header, msg, nice_max, nice_step, placeholder, Axis,
    Cell, DataTable, DrawFn, Entry, FrameOpts, Plot, Swatch, Theme, INK, MUTED,
};
use agora_engine::bandits::BanditResults;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::rc::Rc;

/// Options of the regret chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegretOpts {
    /// Logarithmic time axis.
    pub log_x: bool,
    /// Realized regret (sum of mu* - X_t) instead of pseudo-regret.
    pub realized: bool,
    /// Shade the 95 % confidence band of the mean (pseudo-regret only).
    pub show_band: bool,
    /// Draw the Lai-Robbins curve C ln t when the environment defines it.
    pub lai_robbins: bool,
}

/// Mean cumulative regret of every policy over time.
pub fn regret(r: Rc<BanditResults>, o: RegretOpts) -> DrawFn {
    let runs = r.repetitions;
    if runs == 0 || r.policies.is_empty() {
        return draw_fn(Empty {
            title: "Cumulative regret",
        });
    }
    let ts: Vec<f64> = r.checkpoints.iter().map(|&t| t as f64).collect();
    let band = o.show_band && !o.realized && runs >= 2;
    let mut series: Vec<Series> = r
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let ys = if o.realized {
                &p.realized_regret_mean
            } else {
                &p.regret_mean
            };
            let pts = ts.iter().copied().zip(ys.iter().copied()).collect();
            let band = if band {
                ts.iter()
                    .zip(p.regret_mean.iter().zip(&p.regret_ci95))
                    .map(|(&t, (&m, &c))| (t, m - c, m + c))
                    .collect()
            } else {
                Vec::new()
            };
            Series::policy(i, &p.label, pts, band)
        })
        .collect();
    let y_fixed = fit_to_learners(&mut series);
    if o.lai_robbins {
        if let Some(c) = r.lai_robbins.filter(|c| c.is_finite() && *c > 0.0) {
            let pts = ts.iter().map(|&t| (t, c * t.ln())).collect();
            series.push(Series {
                label: "C ln t (Lai-Robbins, t → ∞)".into(),
                color: INK,
                width: 1.5,
                dashed: true,
                pts,
                band: Vec::new(),
                full: None,
            });
        }
    }
    let what = if o.realized {
        "realized"
    } else {
        "pseudo-regret"
    };
    let note = format!(
        "{what}, mean of {} run{}{}",
        runs,
        if runs == 1 { "" } else { "s" },
        if band { ", shaded: 95% CI" } else { "" }
    );
    draw_fn(Lines {
        title: "Cumulative regret".into(),
        note,
        x: XSpec::time(r.horizon, o.log_x),
        y_desc: "cumulative regret".into(),
        y_percent: false,
        y_fixed,
        y_zero: true,
        series,
        band_label: None,
    })
}

/// When one curve dwarfs all the others (uniform play's linear regret, typically), fit the y axis
/// to the others so their differences stay visible, cut that curve where it leaves the chart and
/// give its final value in the legend.
///
/// Returns the y range to use when it cut a curve.
fn fit_to_learners(series: &mut [Series]) -> Option<(f64, f64)> {
    if series.len() < 3 {
        return None;
    }
    let peak = |s: &Series| {
        s.pts
            .iter()
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max)
    };
    let mut peaks: Vec<(usize, f64)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, peak(s)))
        .collect();
    peaks.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (top, top_peak) = peaks[0];
    let second = peaks[1].1;
    if second <= 0.0 || top_peak < 3.0 * second {
        return None;
    }
    // The others' highest point, bands included, with some headroom, rounded up to a nice value.
    let others_hi = series
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != top)
        .flat_map(|(_, s)| s.pts.iter().map(|p| p.1).chain(s.band.iter().map(|b| b.2)))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let cap = nice_max(others_hi * 1.15);
    let lo = series
        .iter()
        .flat_map(|s| s.pts.iter().map(|p| p.1).chain(s.band.iter().map(|b| b.1)))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min);
    let lo = if lo < 0.0 { -nice_max(-lo) } else { 0.0 };
    let s = &mut series[top];
    let last = s.pts.last().map_or(top_peak, |p| p.1);
    let mut cut = Vec::with_capacity(s.pts.len());
    for (i, &(t, y)) in s.pts.iter().enumerate() {
        if y <= cap {
            cut.push((t, y));
            continue;
        }
        if let Some(&(t0, y0)) = i.checked_sub(1).and_then(|j| s.pts.get(j)) {
            // Where the segment from the previous point crosses the top of the chart.
            let f = (cap - y0) / (y - y0);
            cut.push((t0 + f * (t - t0), cap));
        }
        break;
    }
    s.full = Some(Box::new(s.clone()));
    let end = cut.last().map_or(f64::NEG_INFINITY, |p| p.0);
    s.band.retain(|b| b.0 <= end);
    for b in s.band.iter_mut() {
        b.2 = b.2.min(cap);
    }
    s.pts = cut;
    s.label = format!(
        "{} (off the chart: {} at T)",
        s.label,
        super::group_thousands(last.round() as i64)
    );
    Some((lo, cap))
}

/// Share of rounds 1..t spent on the best arm, per policy.
pub fn best_arm(r: Rc<BanditResults>) -> DrawFn {
    let runs = r.repetitions;
    if runs == 0 || r.policies.is_empty() {
        return draw_fn(Empty {
            title: "Best-arm rate",
        });
    }
    let ts: Vec<f64> = r.checkpoints.iter().map(|&t| t as f64).collect();
    let series = r
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pts = ts
                .iter()
                .copied()
                .zip(p.best_arm_fraction.iter().copied())
                .collect();
            Series::policy(i, &p.label, pts, Vec::new())
        })
        .collect();
    draw_fn(Lines {
        title: "Best-arm rate".into(),
        note: format!(
            "share of rounds 1..t on the best arm, mean of {runs} run{}",
            if runs == 1 { "" } else { "s" }
        ),
        x: XSpec::time(r.horizon, false),
        y_desc: "rounds on the best arm".into(),
        y_percent: true,
        y_fixed: Some((0.0, 1.0)),
        y_zero: true,
        series,
        band_label: None,
    })
}

/// Distribution of the final regret over the runs: one box plot per policy.
pub fn final_regret(r: Rc<BanditResults>) -> DrawFn {
    if r.repetitions == 0 || r.policies.is_empty() {
        return draw_fn(Empty {
            title: "Final regret",
        });
    }
    let rows = r
        .policies
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            box_stats(&p.final_regret).map(|b| BoxRow {
                label: p.label.clone(),
                color: color(i),
                stats: b,
            })
        })
        .collect();
    draw_fn(BoxPlot {
        title: "Final regret".into(),
        note: format!(
            "regret at T = {} over {} run{}",
            super::group_thousands(r.horizon as i64),
            r.repetitions,
            if r.repetitions == 1 { "" } else { "s" }
        ),
        x_desc: "regret at the horizon".into(),
        rows,
    })
}

/// Mean pulls of each arm per policy (grouped bars), with the arm means written above the
/// groups when they are known.
pub fn pulls(r: Rc<BanditResults>, means: Option<Vec<f64>>) -> DrawFn {
    if r.repetitions == 0 || r.policies.is_empty() || r.arms == 0 {
        return draw_fn(Empty {
            title: "Pulls per arm",
        });
    }
    draw_fn(Pulls { r, means })
}

// ---------------------------------------------------------------------------------------------
// Box plots

// The box itself is drawn by the shared chart kit; re-exported here for the charts that import
// it from this module.
pub use super::boxplot::{box_stats, draw_box, BoxStats};

struct BoxRow {
    label: String,
    color: RGBColor,
    stats: BoxStats,
}

struct BoxPlot {
    title: String,
    note: String,
    x_desc: String,
    rows: Vec<BoxRow>,
}

impl Plot for BoxPlot {
    /// One row per policy with its box's statistics.
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            super::caption(&self.title, &self.note),
            std::iter::once("policy").chain(super::boxplot::BOX_COLUMNS),
        );
        for r in &self.rows {
            let mut row = vec![Cell::from(r.label.as_str())];
            row.extend(super::boxplot::box_cells(&r.stats));
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let legend = [
            Entry {
                label: "middle 50%, median".into(),
                swatch: Swatch::Band { color: MUTED },
            },
            Entry::line("whiskers 1.5 IQR", MUTED, 1.0, false),
            Entry {
                label: "outlier".into(),
                swatch: Swatch::Dot { color: MUTED },
            },
            Entry {
                label: "mean".into(),
                swatch: Swatch::Cross { color: INK },
            },
        ];
        let rest = header(area, th, &self.title, &self.note, &legend)?;
        let n = self.rows.len().max(1);
        let mut lo = 0.0f64;
        let mut hi = 0.0f64;
        for r in &self.rows {
            let s = &r.stats;
            lo = lo
                .min(s.lo_whisker)
                .min(s.outliers.first().copied().unwrap_or(0.0));
            hi = hi
                .max(s.hi_whisker)
                .max(s.outliers.last().copied().unwrap_or(0.0));
        }
        let hi = nice_max(hi);
        let lo = if lo < 0.0 { -nice_max(-lo) } else { 0.0 };
        let x = Axis::linear(lo, hi, 6, &self.x_desc);
        let y = Axis::blank(0.0, n as f64);
        let label_style = th.text(12.5, &INK);
        let mut label_w = 0;
        for r in &self.rows {
            label_w = label_w.max(th.measure(&rest, &r.label, &label_style)?.0);
        }
        let (w, _) = rest.dim_in_pixel();
        let label_w = label_w.min(w as i32 / 3);
        let chart = frame(
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
        let base = rest.get_base_pixel();
        let right_mid = label_style.pos(Pos::new(HPos::Right, VPos::Center));
        let mut chart = chart;
        for (i, r) in self.rows.iter().enumerate() {
            let yc = n as f64 - i as f64 - 0.5;
            let s = &r.stats;
            let h = 0.28;
            let c = r.color;
            // Row label, right-aligned against the axis.
            let (px, py) = chart.backend_coord(&(lo, yc));
            let label = ellipsize(&rest, th, &r.label, &label_style, label_w)?;
            rest.draw(&Text::new(
                label,
                (px - base.0 - th.px(8.0), py - base.1),
                right_mid.clone(),
            ))
            .map_err(msg)?;
            draw_box(&mut chart, th, s, yc, h, c)?;
            chart
                .draw_series(std::iter::once(Cross::new(
                    (s.mean, yc),
                    th.upx(4.0),
                    th.line(INK, 1.5),
                )))
                .map_err(msg)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Pulls per arm

struct Pulls {
    r: Rc<BanditResults>,
    means: Option<Vec<f64>>,
}

impl Plot for Pulls {
    /// One row per arm: its mean reward when known, then each policy's mean pulls.
    fn table(&self) -> DataTable {
        let r = &self.r;
        let mut cols = vec!["arm".to_string()];
        if self.means.is_some() {
            cols.push("arm's mean reward μ".into());
        }
        cols.extend(
            r.policies
                .iter()
                .map(|p| format!("{}: mean pulls", p.label)),
        );
        let mut t = DataTable::new(
            format!(
                "Pulls per arm (mean over {} run{} of {} rounds)",
                r.repetitions,
                if r.repetitions == 1 { "" } else { "s" },
                r.horizon
            ),
            cols,
        );
        for a in 0..r.arms {
            let mut row = vec![Cell::Num((a + 1) as f64)];
            if let Some(m) = &self.means {
                row.push(Cell::opt(m.get(a).copied()));
            }
            row.extend(
                r.policies
                    .iter()
                    .map(|p| Cell::opt(p.pulls_mean.get(a).copied())),
            );
            t.push(row);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let r = &self.r;
        let k = r.arms;
        let np = r.policies.len();
        let legend: Vec<Entry> = r
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| Entry {
                label: p.label.clone(),
                swatch: Swatch::Bar { color: color(i) },
            })
            .collect();
        let note = format!(
            "mean over {} run{} of {} rounds{}",
            r.repetitions,
            if r.repetitions == 1 { "" } else { "s" },
            super::group_thousands(r.horizon as i64),
            if self.means.is_some() {
                ", μ = arm's mean reward"
            } else {
                ""
            }
        );
        let rest = header(area, th, "Pulls per arm", &note, &legend)?;
        let top = r
            .policies
            .iter()
            .flat_map(|p| p.pulls_mean.iter().copied())
            .fold(0.0f64, f64::max);
        let headroom = if self.means.is_some() { 1.14 } else { 1.0 };
        let y = Axis::linear(0.0, nice_max(top * headroom), 5, "mean pulls per run");
        let step = if k <= 20 {
            1
        } else {
            nice_step(k as f64 / 12.0) as usize
        };
        let x = Axis::arms(k, step, "arm");
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::bars())?;
        let group = 0.8;
        let bw = group / np.max(1) as f64;
        for (pi, p) in r.policies.iter().enumerate() {
            let c = color(pi);
            chart
                .draw_series(p.pulls_mean.iter().enumerate().map(|(a, &v)| {
                    let x0 = a as f64 - group / 2.0 + pi as f64 * bw;
                    Rectangle::new([(x0, 0.0), (x0 + bw * 0.92, v.max(0.0))], c.filled())
                }))
                .map_err(msg)?;
        }
        if let Some(means) = &self.means {
            let style = th
                .text(11.0, &MUTED)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            let bold = th
                .bold(11.0, &INK)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            let best = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let (x0, _) = chart.backend_coord(&(0.0, 0.0));
            let (x1, _) = chart.backend_coord(&(1.0, 0.0));
            let group_px = (x1 - x0).abs();
            let sample = format!("μ={}", fmt_num(0.55));
            let fits = th.measure(&rest, &sample, &style)?.0 + th.px(4.0) <= group_px;
            let base = rest.get_base_pixel();
            for (a, &m) in means.iter().enumerate().take(k) {
                let is_best = m == best;
                if !fits && !is_best {
                    continue;
                }
                let tallest = r
                    .policies
                    .iter()
                    .filter_map(|p| p.pulls_mean.get(a).copied())
                    .fold(0.0f64, f64::max);
                let (px, py) = chart.backend_coord(&(a as f64, tallest));
                let text = if fits {
                    format!("μ={}", fmt_num(m))
                } else {
                    format!("best μ={}", fmt_num(m))
                };
                rest.draw(&Text::new(
                    text,
                    (px - base.0, py - base.1 - th.px(3.0)),
                    if is_best { bold.clone() } else { style.clone() },
                ))
                .map_err(msg)?;
            }
        }
        Ok(())
    }
}

/// A chart with nothing to show yet.
struct Empty {
    title: &'static str,
}

impl Plot for Empty {
    fn table(&self) -> DataTable {
        DataTable::empty(self.title)
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        placeholder(area, th, self.title, "No runs yet: press Run.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_has_text};
    use agora_engine::bandits::{presets, BanditRunner};

    #[test]
    fn the_box_plot_table_lists_each_boxs_statistics() {
        // Type-7 quartiles of 1, 2, 3, 4, 100: 2, 3 and 4; the fences are 2 - 3 = -1 and
        // 4 + 3 = 7, so 100 is an outlier and the whiskers end at 1 and 4; the mean is 22.
        let chart = BoxPlot {
            title: "Final regret".into(),
            note: "regret at T = 100 over 5 runs".into(),
            x_desc: "regret at the horizon".into(),
            rows: vec![BoxRow {
                label: "UCB1".into(),
                color: color(0),
                stats: box_stats(&[3.0, 1.0, 100.0, 2.0, 4.0]).unwrap(),
            }],
        };
        let t = chart.table();
        assert_eq!(t.caption, "Final regret (regret at T = 100 over 5 runs)");
        assert_eq!(
            t.columns,
            vec![
                "policy",
                "n",
                "lower whisker",
                "first quartile",
                "median",
                "third quartile",
                "upper whisker",
                "mean",
                "outliers",
                "outlier values"
            ]
        );
        let n = Cell::Num;
        assert_eq!(
            t.rows,
            vec![vec![
                Cell::Text("UCB1".into()),
                n(5.0),
                n(1.0),
                n(2.0),
                n(3.0),
                n(4.0),
                n(4.0),
                n(22.0),
                n(1.0),
                Cell::Text("100".into()),
            ]]
        );
        assert!(Empty {
            title: "Final regret"
        }
        .table()
        .is_empty());
    }

    #[test]
    fn a_curve_that_dwarfs_the_others_is_cut_at_the_top_and_labelled() {
        let line = |i: usize, slope: f64| {
            let pts = (0..=10).map(|t| (t as f64, slope * t as f64)).collect();
            Series::policy(i, &format!("p{i}"), pts, Vec::new())
        };
        // Peaks 800, 100 and 50: the axis fits 100 * 1.15 = 115, rounded up to a nice value,
        // and the steep line stops where it crosses the top.
        let mut s = vec![line(0, 80.0), line(1, 10.0), line(2, 5.0)];
        let (lo, cap) = fit_to_learners(&mut s).unwrap();
        assert_eq!(lo, 0.0);
        assert!((115.0..=200.0).contains(&cap), "{cap}");
        assert_eq!(s[0].pts.last().unwrap().1, cap);
        assert!(s[0].pts.iter().all(|p| p.1 <= cap));
        // 80 t = cap at t = cap / 80: the cut point lies on the line.
        let (t, y) = *s[0].pts.last().unwrap();
        assert!((80.0 * t - y).abs() < 1e-9);
        assert!(
            s[0].label.contains("off the chart: 800 at T"),
            "{}",
            s[0].label
        );
        assert_eq!(s[1].pts.len(), 11);
        // The data table still has the whole curve, up to 800 at t = 10, and no row for the
        // point where the chart cuts it.
        let chart = Lines {
            title: "Cumulative regret".into(),
            note: String::new(),
            x: XSpec::time(10, false),
            y_desc: "cumulative regret".into(),
            y_percent: false,
            y_fixed: Some((lo, cap)),
            y_zero: true,
            series: s.clone(),
            band_label: None,
        };
        let t = chart.table();
        assert_eq!(t.rows.len(), 11);
        assert_eq!(t.rows[10][1], Cell::Num(800.0));
        // Comparable curves are left alone.
        let mut s = vec![line(0, 20.0), line(1, 10.0), line(2, 5.0)];
        assert_eq!(fit_to_learners(&mut s), None);
        assert_eq!(s[0].pts.len(), 11);
        assert_eq!(s[0].label, "p0");
    }

    #[test]
    fn box_stats_follow_tukey() {
        // 1..=9 and one far value 100: type-7 quartiles of 10 values are at ranks 3.25 and
        // 7.75 (1-based), i.e. 3.25 and 7.75; IQR 4.5, fences -3.5 and 14.5.
        let mut v: Vec<f64> = (1..=9).map(f64::from).collect();
        v.push(100.0);
        let b = box_stats(&v).unwrap();
        assert_eq!(b.n, 10);
        assert!((b.q1 - 3.25).abs() < 1e-12);
        assert!((b.median - 5.5).abs() < 1e-12);
        assert!((b.q3 - 7.75).abs() < 1e-12);
        assert_eq!(b.lo_whisker, 1.0);
        assert_eq!(b.hi_whisker, 9.0);
        assert_eq!(b.outliers, vec![100.0]);
        assert!((b.mean - 14.5).abs() < 1e-12);
    }

    #[test]
    fn box_stats_of_constant_and_empty_samples() {
        let b = box_stats(&[2.0, 2.0, 2.0]).unwrap();
        assert_eq!((b.q1, b.median, b.q3), (2.0, 2.0, 2.0));
        assert_eq!((b.lo_whisker, b.hi_whisker), (2.0, 2.0));
        assert!(b.outliers.is_empty());
        assert!(box_stats(&[]).is_none());
        assert!(box_stats(&[f64::NAN]).is_none());
    }

    fn small_results() -> Rc<BanditResults> {
        let mut cfg = presets::classic();
        cfg.horizon = 200;
        cfg.repetitions = 12;
        Rc::new(BanditRunner::new(&cfg).unwrap().run_to_end())
    }

    #[test]
    fn every_chart_has_a_table_of_what_it_draws() {
        let r = small_results();
        let k = r.policies.len();
        let opts = RegretOpts {
            log_x: false,
            realized: false,
            show_band: true,
            lai_robbins: false,
        };
        // Regret: a row per checkpoint; round, then each policy's mean and band ends.
        let t = regret(r.clone(), opts).table();
        assert!(t.caption.starts_with("Cumulative regret"), "{}", t.caption);
        assert_eq!(t.rows.len(), r.checkpoints.len());
        assert_eq!(t.columns.len(), 1 + 3 * k);
        // Best-arm rate: a column per policy.
        let t = best_arm(r.clone()).table();
        assert_eq!(
            (t.rows.len(), t.columns.len()),
            (r.checkpoints.len(), 1 + k)
        );
        // Final regret: a row per policy, its n is the number of repetitions.
        let t = final_regret(r.clone()).table();
        assert_eq!(t.rows.len(), k);
        assert!(t.rows.iter().all(|row| row[1] == Cell::Num(12.0)));
        // Pulls: a row per arm (numbered from 1), the known means, then each policy's pulls.
        let t = pulls(r.clone(), Some(vec![0.5; 9])).table();
        assert_eq!((t.rows.len(), t.columns.len()), (9, 2 + k));
        assert_eq!(t.rows[8][0], Cell::Num(9.0));
        // No runs yet: an empty table with the chart's title.
        let mut none = (*r).clone();
        none.repetitions = 0;
        let t = regret(Rc::new(none), opts).table();
        assert!(t.is_empty() && t.caption == "Cumulative regret");
    }

    #[test]
    fn every_chart_renders_with_its_labels() {
        let r = small_results();
        let opts = RegretOpts {
            log_x: true,
            realized: false,
            show_band: true,
            lai_robbins: true,
        };
        let svg = render_svg(&regret(r.clone(), opts), 700, 380).unwrap();
        assert!(svg_has_text(&svg, "round t") && svg_has_text(&svg, "cumulative regret"));
        assert!(svg_has_text(&svg, "C ln t (Lai-Robbins, t → ∞)"));
        for p in &r.policies {
            assert!(svg_has_text(&svg, &p.label), "{}", p.label);
        }
        let svg = render_svg(&best_arm(r.clone()), 700, 380).unwrap();
        assert!(svg_has_text(&svg, "100%"));
        let svg = render_svg(&final_regret(r.clone()), 700, 380).unwrap();
        assert!(svg_has_text(&svg, "Final regret"));
        let means = (1..=9).map(|i| i as f64 / 10.0).collect();
        let svg = render_svg(&pulls(r.clone(), Some(means)), 700, 380).unwrap();
        assert!(svg.contains("μ=0.90"));
    }

    #[test]
    fn empty_results_say_so() {
        let mut cfg = presets::classic();
        cfg.horizon = 10;
        let r = Rc::new(BanditRunner::new(&cfg).unwrap().results());
        let svg = render_svg(&regret(r, RegretOpts::default()), 400, 300).unwrap();
        assert!(svg.contains("No runs yet"));
    }
}
