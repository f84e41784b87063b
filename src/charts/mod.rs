//! Charts drawn with plotters, written once and drawn on two targets: an HTML canvas (the
//! page) and SVG (the "SVG" download).
//!
//! A chart is a value implementing [`Plot`]: `plot` is generic over plotters'
//! [`DrawingBackend`], so the same code draws on both targets; [`draw_fn`] wraps it into a
//! [`DrawFn`] that the [`Chart`](crate::widgets::chart::Chart) widget calls with a [`Canvas`].
//!
//! Sizes: SVG is drawn at CSS size with [`Theme::s`] = 1. The canvas is drawn at its backing
//! size (CSS size x `devicePixelRatio`) with [`Theme::s`] = `devicePixelRatio`: every font
//! size, line width, margin and marker size goes through the theme and is multiplied by `s`,
//! so text and lines are sharp on HiDPI screens and the layout is the same as the SVG's.
//!
//! Helpers shared by the charts: a colour-blind-safe palette (Okabe & Ito 2008), "nice" axis
//! ticks (steps 1, 2, 5 x 10^k, Heckbert 1990), logarithmic ticks, a title and legend strip
//! drawn above the plot (so the legend never covers the data), and axes with tick labels sized
//! by measuring their text.

pub mod bandits;
pub mod boxplot;
pub mod colors;
pub mod games;
pub mod heatmap;
pub mod lines;
pub mod metarl;
pub mod metarl_grid;
pub mod metarl_heatmap;
pub mod metarl_watch;
pub mod table;
pub mod tax;
pub mod themed;
pub mod watch;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
pub use table::{Cell, DataTable};
pub use themed::Themed;

/// A chart ready to draw on any [`Canvas`], with its data as a table.
pub type DrawFn = Rc<dyn Figure>;

/// What the [`Chart`](crate::widgets::chart::Chart) widget needs of a chart: drawing it on a
/// [`Canvas`], and its data as a table (for screen readers and copying). Every [`Plot`] is
/// one; unlike `Plot` it is object-safe, so the widget can hold any chart.
pub trait Figure {
    /// Draw the chart on `canvas`.
    fn draw(&self, canvas: &mut Canvas<'_>) -> Result<(), String>;
    /// The data the chart draws.
    fn table(&self) -> DataTable;
}

impl<P: Plot> Figure for P {
    fn draw(&self, canvas: &mut Canvas<'_>) -> Result<(), String> {
        canvas.draw(self)
    }
    fn table(&self) -> DataTable {
        Plot::table(self)
    }
}

/// Where a chart is drawn.
pub enum Canvas<'a> {
    /// An HTML canvas whose backing store is `scale` times its CSS size (`devicePixelRatio`),
    /// in the light or the dark scheme.
    Html {
        area: DrawingArea<Themed<CanvasBackend>, Shift>,
        scale: f64,
    },
    /// An SVG document drawn `scale` times larger than its displayed CSS size (finer
    /// coordinates: plotters rounds them to whole units).
    Svg {
        area: DrawingArea<Themed<SVGBackend<'a>>, Shift>,
        scale: f64,
    },
}

impl Canvas<'_> {
    /// Draw `p` on this target.
    pub fn draw<P: Plot + ?Sized>(&mut self, p: &P) -> Result<(), String> {
        match self {
            Canvas::Html { area, scale } => {
                let th = Theme {
                    bitmap_cells: true,
                    ..Theme::new(*scale)
                };
                p.plot(area, &th)?;
                area.present().map_err(|e| e.to_string())
            }
            Canvas::Svg { area, scale } => {
                p.plot(area, &Theme::svg(*scale))?;
                area.present().map_err(|e| e.to_string())
            }
        }
    }
}

/// A chart, drawn the same way on every backend.
pub trait Plot {
    /// Draw the whole chart into `area` (which it owns: it paints the background).
    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String>;

    /// The data the chart draws, as a table (an empty one when it draws a placeholder).
    fn table(&self) -> DataTable;
}

/// Wrap a chart into a [`DrawFn`].
pub fn draw_fn<P: Plot + 'static>(p: P) -> DrawFn {
    Rc::new(p)
}

/// SVG exports are drawn at this multiple of their size and shown at their size (the
/// `viewBox` keeps the drawing's units), so curves get half-pixel precision.
const SVG_SCALE: u32 = 2;

/// Render `draw` as an SVG document of `w` x `h` CSS pixels.
pub fn render_svg(draw: &DrawFn, w: u32, h: u32) -> Result<String, String> {
    if w == 0 || h == 0 {
        return Err("the chart has no size to export".into());
    }
    let (bw, bh) = (w.saturating_mul(SVG_SCALE), h.saturating_mul(SVG_SCALE));
    let mut buf = String::new();
    {
        // Exports are light (for print and slides), whatever the page's scheme.
        let area =
            Themed::new(SVGBackend::with_string(&mut buf, (bw, bh)), false).into_drawing_area();
        let mut canvas = Canvas::Svg {
            area,
            scale: SVG_SCALE as f64,
        };
        draw.draw(&mut canvas)?;
    }
    // Display size w x h; the viewBox stays in drawing units.
    Ok(buf.replacen(
        &format!("<svg width=\"{bw}\" height=\"{bh}\""),
        &format!("<svg width=\"{w}\" height=\"{h}\""),
        1,
    ))
}

/// Convert a plotters error into the message shown in the chart box.
pub(crate) fn msg<E: std::fmt::Display>(e: E) -> String {
    format!("could not draw the chart: {e}")
}

// ---------------------------------------------------------------------------------------------
// Style

/// Text colour.
pub const INK: RGBColor = RGBColor(0x1f, 0x23, 0x28);
/// Secondary text and axes.
pub const MUTED: RGBColor = RGBColor(0x5f, 0x67, 0x70);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe4, 0xe7, 0xeb);
/// Minor grid lines.
pub const GRID_LIGHT: RGBColor = RGBColor(0xf1, 0xf3, 0xf5);
/// Background.
pub const BG: RGBColor = RGBColor(0xff, 0xff, 0xff);
/// Highlight (the arm pulled last, the player's row).
pub const HIGHLIGHT: RGBColor = RGBColor(0xff, 0xf4, 0xcc);

/// Okabe & Ito (2008) colour-blind-safe palette (yellow left out: unreadable on white), then
/// three extra distinguishable colours; past that, colours repeat with dashed lines.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x00, 0x72, 0xb2), // blue
    RGBColor(0xd5, 0x5e, 0x00), // vermillion
    RGBColor(0x00, 0x9e, 0x73), // bluish green
    RGBColor(0xcc, 0x79, 0xa7), // reddish purple
    RGBColor(0xe6, 0x9f, 0x00), // orange
    RGBColor(0x56, 0xb4, 0xe9), // sky blue
    RGBColor(0x44, 0x44, 0x44), // dark grey
    RGBColor(0x8c, 0x56, 0x3c), // brown
    RGBColor(0x6a, 0x3d, 0x9a), // violet
    RGBColor(0x7f, 0x8c, 0x1f), // olive
];

/// Colour of series `i`.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// True if series `i` should be dashed (its colour is reused).
pub fn dashed(i: usize) -> bool {
    (i / PALETTE.len()) % 2 == 1
}

/// The CSS hex string of a colour (for HTML swatches next to charts).
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Font family of every chart: the page's font stack (www/style.css), without quotes so it
/// can sit inside an SVG attribute.
pub const FONT: &str =
    "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Liberation Sans, Arial, sans-serif";

/// Sizes in CSS pixels, scaled by `s` (the device pixel ratio on canvas, 1 in SVG).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub s: f64,
    /// Drawing SVG: plotters' SVG backend writes `font-size` = size / 1.24 (its fonts'
    /// em-box convention) while the canvas uses the size as is, so SVG text sizes are
    /// multiplied by 1.24 to look the same, and measurements divided back.
    pub svg: bool,
    /// Drawing on a page's canvas, where a bitmap is one call (large heat maps' cells are
    /// drawn as one; elsewhere as rectangles).
    pub bitmap_cells: bool,
}

/// plotters-svg divides font sizes by this factor.
const SVG_FONT: f64 = 1.24;

impl Theme {
    pub fn new(s: f64) -> Self {
        let s = if s.is_finite() && s > 0.0 { s } else { 1.0 };
        Theme {
            s,
            svg: false,
            bitmap_cells: false,
        }
    }
    /// The theme of SVG output drawn at `s` times its CSS size.
    pub fn svg(s: f64) -> Self {
        Theme {
            svg: true,
            ..Theme::new(s)
        }
    }
    /// A length in backend pixels.
    pub fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    /// A non-negative length in backend pixels.
    pub fn upx(&self, v: f64) -> u32 {
        (v * self.s).round().max(0.0) as u32
    }
    /// A line width in backend pixels (at least 1).
    pub fn stroke(&self, v: f64) -> u32 {
        self.upx(v).max(1)
    }
    fn font_px(&self, size: f64) -> f64 {
        size * self.s * if self.svg { SVG_FONT } else { 1.0 }
    }
    /// Regular text of `size` CSS px.
    pub fn text(&self, size: f64, color: &RGBColor) -> TextStyle<'static> {
        (FONT, self.font_px(size)).into_font().color(color)
    }
    /// Bold text of `size` CSS px.
    pub fn bold(&self, size: f64, color: &RGBColor) -> TextStyle<'static> {
        (FONT, self.font_px(size))
            .into_font()
            .style(FontStyle::Bold)
            .color(color)
    }
    /// Line style.
    pub fn line(&self, color: RGBColor, width: f64) -> ShapeStyle {
        color.stroke_width(self.stroke(width))
    }
    /// Width and height of `text` drawn in `style` on `area`, in backend pixels.
    ///
    /// In the browser the text is measured with a canvas 2D context's `measureText` in the
    /// exact font the canvas draws with (plotters' own estimate lays the text out in the page,
    /// where wide text wraps at the window's width and bold is not applied). Natively (tests)
    /// plotters' estimate is used.
    pub fn measure<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        text: &str,
        style: &TextStyle,
    ) -> Result<(i32, i32), String> {
        let k = if self.svg { SVG_FONT } else { 1.0 };
        #[cfg(target_arch = "wasm32")]
        if let Some((w, h)) = web_measure(text, style) {
            return Ok(((w / k).ceil() as i32, (h / k).ceil() as i32));
        }
        let (w, h) = area.estimate_text_size(text, style).map_err(msg)?;
        Ok(((w as f64 / k).ceil() as i32, (h as f64 / k).ceil() as i32))
    }
}

/// Width and line height (1.2 em) of `text` in `style`, measured by a canvas 2D context.
#[cfg(target_arch = "wasm32")]
fn web_measure(text: &str, style: &TextStyle) -> Option<(f64, f64)> {
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
    thread_local! {
        static CTX: RefCell<Option<web_sys::CanvasRenderingContext2d>> = const { RefCell::new(None) };
    }
    CTX.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let canvas = web_sys::window()?
                .document()?
                .create_element("canvas")
                .ok()?;
            let ctx = canvas
                .dyn_into::<web_sys::HtmlCanvasElement>()
                .ok()?
                .get_context("2d")
                .ok()??
                .dyn_into::<web_sys::CanvasRenderingContext2d>()
                .ok()?;
            *cell = Some(ctx);
        }
        let ctx = cell.as_ref()?;
        let size = style.font.get_size();
        // The same font string plotters-canvas draws with.
        ctx.set_font(&format!(
            "{} {}px {}",
            style.font.get_style().as_str(),
            size,
            style.font.get_family().as_str()
        ));
        let m = ctx.measure_text(text).ok()?;
        Some((m.width(), size * 1.2))
    })
}

// ---------------------------------------------------------------------------------------------
// Numbers and ticks

/// "Nice" tick positions covering [lo, hi]: multiples of a step 1, 2 or 5 x 10^k chosen so that
/// there are about `target` intervals (Heckbert, "Nice numbers for graph labels", 1990).
/// Returns the ticks inside [lo, hi] (a single tick if the range is empty).
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    if hi <= lo {
        return vec![lo];
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    let mut out = Vec::new();
    let mut k = first;
    while k <= last && out.len() < 1000 {
        // Round away representation noise (0.30000000000000004).
        let v = k * step;
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    out
}

/// The step 1, 2 or 5 x 10^k closest above `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 + 1e-9 {
        1.0
    } else if f <= 2.0 + 1e-9 {
        2.0
    } else if f <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// A nice upper end for an axis showing values up to `v` (with a little headroom).
pub fn nice_max(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let step = nice_step(v / 5.0);
    ((v * 1.04) / step).ceil() * step
}

/// Major and minor ticks of a log10 axis over [lo, hi] (lo > 0): powers of ten (plus 2 and 5
/// times them when the range spans fewer than two decades), and 2..9 times every power as
/// minor ticks.
pub fn log_ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let lo = lo.max(1e-300);
    let hi = hi.max(lo);
    let d0 = lo.log10().floor() as i32;
    let d1 = hi.log10().ceil() as i32;
    let few = d1 - d0 <= 2;
    let mut major = Vec::new();
    let mut minor = Vec::new();
    for d in d0..=d1 {
        let p = 10f64.powi(d);
        for m in 1..10 {
            let v = p * m as f64;
            if v < lo * (1.0 - 1e-9) || v > hi * (1.0 + 1e-9) {
                continue;
            }
            if m == 1 || (few && (m == 2 || m == 5)) {
                major.push(v);
            } else {
                minor.push(v);
            }
        }
    }
    (major, minor)
}

/// A tick label: thousands separators, "k"/"M" for large round values, and as many decimals
/// as `step` (the tick spacing) needs.
pub fn fmt_tick(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let a = v.abs();
    if a >= 1e6 && step >= 1e5 {
        return minus(format!("{}M", trim_zeros(&format!("{:.1}", v / 1e6))));
    }
    if a >= 1e4 && step >= 1e3 {
        return minus(format!("{}k", trim_zeros(&format!("{:.1}", v / 1e3))));
    }
    let decimals = if step >= 1.0 || step <= 0.0 || !step.is_finite() {
        0
    } else {
        ((-step.log10()).ceil() as usize).min(6)
    };
    if decimals == 0 {
        group_thousands(v.round() as i64)
    } else {
        minus(format!("{v:.decimals$}"))
    }
}

/// A typographic minus sign, as [`group_thousands`] writes it; "-0.0" is just "0.0".
fn minus(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| ('1'..='9').contains(&c)) => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// A value for tables and annotations: 3 significant digits, thousands separators above 1000.
pub fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        return "–".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let a = v.abs();
    if a >= 1000.0 {
        group_thousands(v.round() as i64)
    } else if a >= 100.0 {
        minus(format!("{v:.0}"))
    } else if a >= 10.0 {
        minus(format!("{v:.1}"))
    } else {
        minus(format!("{v:.2}"))
    }
}

/// A total: whole numbers as such ("37"), others like [`fmt_num`].
pub fn fmt_total(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        group_thousands(v as i64)
    } else {
        fmt_num(v)
    }
}

/// 1234567 -> "1,234,567".
pub fn group_thousands(n: i64) -> String {
    let out = agora_engine::text::thousands(n.unsigned_abs());
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Axes

/// One axis: range, ticks and description. Log axes are drawn in log10 space ([`Axis::t`]).
#[derive(Clone, Debug)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    pub ticks: Vec<f64>,
    pub minor: Vec<f64>,
    pub desc: String,
    /// Format tick labels as percentages of 1 (0.25 -> "25%").
    pub percent: bool,
    /// Ticks are 0-based arm indices, labelled 1-based ("Arm 1" is index 0).
    pub arms: bool,
}

impl Axis {
    /// A linear axis over [lo, hi] with about `target` nice ticks.
    pub fn linear(lo: f64, hi: f64, target: usize, desc: &str) -> Axis {
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
        let ticks = nice_ticks(lo, hi, target);
        let step = if ticks.len() >= 2 {
            ticks[1] - ticks[0]
        } else {
            hi - lo
        };
        let minor = nice_ticks(lo, hi, target * 2)
            .into_iter()
            .filter(|v| ticks.iter().all(|t| (t - v).abs() > step * 1e-6))
            .collect();
        Axis {
            lo,
            hi,
            log: false,
            ticks,
            minor,
            desc: desc.into(),
            percent: false,
            arms: false,
        }
    }

    /// An axis over [lo, hi] without ticks (rows labelled by hand).
    pub fn blank(lo: f64, hi: f64) -> Axis {
        Axis {
            lo,
            hi,
            log: false,
            ticks: Vec::new(),
            minor: Vec::new(),
            desc: String::new(),
            percent: false,
            arms: false,
        }
    }

    /// Arms -0.5..k-0.5 with a tick per arm (or every `step` arms), labelled 1..=k.
    pub fn arms(k: usize, step: usize, desc: &str) -> Axis {
        let step = step.max(1);
        // Arm 1, then every multiple of `step` (1-based: 5, 10, 15...).
        let ticks = (0..k)
            .filter(|a| *a == 0 || (a + 1) % step == 0)
            .map(|a| a as f64)
            .collect();
        Axis {
            lo: -0.5,
            hi: k as f64 - 0.5,
            log: false,
            ticks,
            minor: Vec::new(),
            desc: desc.into(),
            percent: false,
            arms: true,
        }
    }

    /// A log10 axis over [lo, hi] (lo > 0).
    pub fn log(lo: f64, hi: f64, desc: &str) -> Axis {
        let lo = lo.max(1e-12);
        let hi = if hi > lo { hi } else { lo * 10.0 };
        let (ticks, minor) = log_ticks(lo, hi);
        Axis {
            lo,
            hi,
            log: true,
            ticks,
            minor,
            desc: desc.into(),
            percent: false,
            arms: false,
        }
    }

    /// Same axis with tick labels as percentages.
    pub fn percent(mut self) -> Axis {
        self.percent = true;
        self
    }

    /// A data value in drawing coordinates (log10 for log axes; non-positive values are pinned
    /// to the lower end).
    pub fn t(&self, v: f64) -> f64 {
        if self.log {
            if v > 0.0 {
                v.log10()
            } else {
                self.lo.log10()
            }
        } else {
            v
        }
    }

    /// The data range in drawing coordinates.
    pub fn range(&self) -> std::ops::Range<f64> {
        self.t(self.lo)..self.t(self.hi)
    }

    /// Tick label for a value in drawing coordinates.
    pub fn label(&self, tv: f64) -> String {
        if self.arms {
            return format!("{}", tv.round() as i64 + 1);
        }
        if self.log {
            let v = 10f64.powf(tv);
            let v = if (v - v.round()).abs() < 1e-6 * v.max(1.0) {
                v.round()
            } else {
                v
            };
            return fmt_tick(v, if v >= 1.0 { v } else { v / 10.0 });
        }
        let step = if self.ticks.len() >= 2 {
            self.ticks[1] - self.ticks[0]
        } else {
            (self.hi - self.lo).abs()
        };
        if self.percent {
            let p = tv * 100.0;
            let st = step * 100.0;
            return format!("{}%", fmt_tick(p, st));
        }
        fmt_tick(tv, step)
    }

    /// The same axis with fewer labelled ticks.
    pub fn coarser(&self) -> Axis {
        let mut a = self.clone();
        if self.ticks.len() <= 2 {
            return a;
        }
        if self.log {
            // Keep every other labelled tick; the others become grid lines.
            for (i, &v) in self.ticks.iter().enumerate() {
                if i % 2 == 1 {
                    a.minor.push(v);
                }
            }
            a.ticks = self.ticks.iter().copied().step_by(2).collect();
        } else if self.arms {
            let k = (self.hi + 0.5).round() as usize;
            let step = if self.ticks.len() >= 3 {
                (self.ticks[2] - self.ticks[1]).round() as usize
            } else {
                1
            };
            let step = nice_step(step as f64 * 1.5).round().max(2.0) as usize;
            return Axis::arms(k, step, &self.desc);
        } else {
            let mut target = self.ticks.len().saturating_sub(2).max(1);
            loop {
                let t = nice_ticks(self.lo, self.hi, target);
                if t.len() < self.ticks.len() || target == 1 {
                    a.ticks = t;
                    break;
                }
                target -= 1;
            }
            let step = if a.ticks.len() >= 2 {
                a.ticks[1] - a.ticks[0]
            } else {
                self.hi - self.lo
            };
            a.minor = nice_ticks(
                self.lo,
                self.hi,
                ((self.hi - self.lo) / step * 2.0) as usize,
            )
            .into_iter()
            .filter(|v| a.ticks.iter().all(|t| (t - v).abs() > step * 1e-6))
            .collect();
        }
        a
    }

    fn coord(&self) -> Keyed {
        let r = self.range();
        Keyed {
            lo: r.start,
            hi: r.end,
            bold: self.ticks.iter().map(|&v| self.t(v)).collect(),
            light: self.minor.iter().map(|&v| self.t(v)).collect(),
        }
    }
}

/// A linear f64 coordinate with the tick positions chosen by [`Axis`] (plotters'
/// `WithKeyPoints` over floats has no label formatter).
#[derive(Clone, Debug)]
pub struct Keyed {
    lo: f64,
    hi: f64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        let len = limit.1 - limit.0;
        if span == 0.0 || len == 0 {
            return limit.0 + len / 2;
        }
        let f = (v - self.lo) / span;
        if !f.is_finite() {
            return if f > 0.0 { limit.1 } else { limit.0 };
        }
        // Keep wild values near the plot (backends take i32 coordinates).
        let f = f.clamp(-10.0, 11.0);
        if len > 0 {
            limit.0 + (len as f64 * f + 1e-3).floor() as i32
        } else {
            limit.0 + (len as f64 * f - 1e-3).ceil() as i32
        }
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.max_num_points() == 0 {
            Vec::new()
        } else if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// The coordinate system of [`frame`] charts.
pub type Xy = Cartesian2d<Keyed, Keyed>;

/// A line through `pts` on an x-y chart: a dot of `dot_px` for a single point, else dashed
/// (`dash`: the on and off lengths in CSS px) or solid.
pub fn polyline<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Xy>,
    th: &Theme,
    pts: Vec<(f64, f64)>,
    style: ShapeStyle,
    dash: Option<(f64, f64)>,
    dot_px: f64,
) -> Result<(), String> {
    if pts.len() == 1 {
        chart
            .draw_series(std::iter::once(Circle::new(
                pts[0],
                th.upx(dot_px),
                style.filled(),
            )))
            .map_err(msg)?;
    } else if let Some((on, off)) = dash {
        chart
            .draw_series(DashedLineSeries::new(
                pts,
                th.stroke(on),
                th.stroke(off),
                style,
            ))
            .map_err(msg)?;
    } else {
        chart
            .draw_series(LineSeries::new(pts, style))
            .map_err(msg)?;
    }
    Ok(())
}

/// Options of [`frame`].
#[derive(Clone, Copy, Debug)]
pub struct FrameOpts {
    /// Draw y tick labels (off for categorical rows labelled by hand).
    pub y_labels: bool,
    /// Minimum width of the y label area in backend pixels (room for hand-drawn row labels).
    pub y_label_px: i32,
    /// Draw the vertical grid lines.
    pub x_grid: bool,
    /// Draw the horizontal grid lines.
    pub y_grid: bool,
    /// Room right of the plot in backend pixels (0: the default margin).
    pub right_px: i32,
}

impl Default for FrameOpts {
    fn default() -> Self {
        FrameOpts {
            y_labels: true,
            y_label_px: 0,
            x_grid: true,
            y_grid: true,
            right_px: 0,
        }
    }
}

impl FrameOpts {
    /// Bar charts: no vertical grid lines between the bars.
    pub fn bars() -> Self {
        FrameOpts {
            x_grid: false,
            ..FrameOpts::default()
        }
    }
}

/// Axes, grid and tick labels for `x` and `y` on `area`; the label areas are sized from the
/// measured tick labels so nothing is clipped.
pub fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    th: &Theme,
    x: &Axis,
    y: &Axis,
    o: FrameOpts,
) -> Result<ChartContext<'a, DB, Xy>, String> {
    let tick = th.text(12.0, &MUTED);
    let desc = th.text(12.5, &INK);
    let (w, h) = area.dim_in_pixel();
    let (_, desc_h) = th.measure(area, "Mg", &desc)?;
    let (_, tick_h) = th.measure(area, "0", &tick)?;
    let (m_top, m_right, m_left, m_bottom) = (
        th.px(6.0),
        o.right_px.max(th.px(22.0)),
        th.px(4.0),
        th.px(4.0),
    );
    let x_area = tick_h
        + th.px(8.0)
        + if x.desc.is_empty() {
            0
        } else {
            desc_h + th.px(4.0)
        };
    // Fewer y ticks when the plot is short (a label needs about two line heights).
    let plot_h = h as i32 - x_area - m_top - m_bottom;
    let mut y = y.clone();
    while y.ticks.len() > 2 && y.ticks.len() as i32 * tick_h * 2 > plot_h {
        let c = y.coarser();
        if c.ticks.len() == y.ticks.len() {
            break;
        }
        y = c;
    }
    let mut y_w = 0;
    if o.y_labels {
        for &v in &y.ticks {
            y_w = y_w.max(th.measure(area, &y.label(y.t(v)), &tick)?.0);
        }
    }
    let y_area = (y_w
        + th.px(10.0)
        + if y.desc.is_empty() {
            0
        } else {
            desc_h + th.px(6.0)
        })
    .max(o.y_label_px);
    // Fewer x ticks when their labels would collide.
    let plot_w = w as i32 - y_area - m_left - m_right;
    let mut x = x.clone();
    loop {
        let mut widest = 0;
        for &v in &x.ticks {
            widest = widest.max(th.measure(area, &x.label(x.t(v)), &tick)?.0);
        }
        let need = x.ticks.len() as i32 * (widest + th.px(14.0));
        if x.ticks.len() <= 2 || need <= plot_w {
            break;
        }
        let c = x.coarser();
        if c.ticks.len() == x.ticks.len() {
            break;
        }
        x = c;
    }
    let (x, y) = (&x, &y);
    let mut chart = ChartBuilder::on(area)
        .margin_top(m_top)
        .margin_right(m_right)
        .margin_left(m_left)
        .margin_bottom(m_bottom)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x.coord(), y.coord())
        .map_err(msg)?;
    let xf = |v: &f64| x.label(*v);
    let yf = |v: &f64| y.label(*v);
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(th.line(GRID, 1.0))
        .light_line_style(th.line(GRID_LIGHT, 1.0))
        .axis_style(th.line(MUTED, 1.0))
        .label_style(tick)
        .axis_desc_style(desc)
        .set_all_tick_mark_size(th.px(4.0))
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .x_desc(x.desc.clone())
        .y_desc(y.desc.clone());
    if !o.x_grid {
        mesh.disable_x_mesh();
    }
    if !o.y_grid {
        mesh.disable_y_mesh();
    }
    if !o.y_labels {
        mesh.y_labels(0);
    }
    mesh.draw().map_err(msg)?;
    Ok(chart)
}

// ---------------------------------------------------------------------------------------------
// Title and legend

/// What a legend entry shows next to its label.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// A line of this colour and width (CSS px), dashed or not.
    Line {
        color: RGBColor,
        width: f64,
        dashed: bool,
    },
    /// A translucent filled box (a confidence band).
    Band { color: RGBColor },
    /// A filled dot.
    Dot { color: RGBColor },
    /// A solid square (bars).
    Bar { color: RGBColor },
    /// A cross marker (a mean).
    Cross { color: RGBColor },
    /// An upward triangle marker (an index).
    Triangle { color: RGBColor },
    /// A short vertical line (a true value).
    Tick { color: RGBColor },
}

/// One legend entry.
#[derive(Clone, Debug)]
pub struct Entry {
    pub label: String,
    pub swatch: Swatch,
}

impl Entry {
    pub fn line(label: impl Into<String>, color: RGBColor, width: f64, dashed: bool) -> Self {
        Entry {
            label: label.into(),
            swatch: Swatch::Line {
                color,
                width,
                dashed,
            },
        }
    }
}

/// Paint the background, draw `title` (bold) and `note` (muted, after the title or on its own
/// line when it does not fit), then the legend entries in as many rows as needed. Returns the
/// area left below for the plot.
pub fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    title: &str,
    note: &str,
    legend: &[Entry],
) -> Result<DrawingArea<DB, Shift>, String> {
    area.fill(&BG).map_err(msg)?;
    let (w, _) = area.dim_in_pixel();
    let w = w as i32;
    let pad = th.px(10.0);
    let mut y = th.px(8.0);
    let title_style = th.bold(14.0, &INK);
    let note_style = th.text(12.0, &MUTED);
    if !title.is_empty() {
        let (tw, th_) = th.measure(area, title, &title_style)?;
        area.draw(&Text::new(title.to_string(), (pad, y), title_style.clone()))
            .map_err(msg)?;
        if !note.is_empty() {
            let (nw, nh) = th.measure(area, note, &note_style)?;
            let gap = th.px(10.0);
            if pad + tw + gap + nw <= w - pad {
                let ny = y + (th_ - nh).max(0);
                area.draw(&Text::new(
                    note.to_string(),
                    (pad + tw + gap, ny),
                    note_style.clone(),
                ))
                .map_err(msg)?;
            } else {
                // The note goes on its own lines under the title.
                let line_h = th.px(15.0).max(nh);
                let mut ny = y + th_ + th.px(3.0);
                for line in wrap(area, th, note, &note_style, w - 2 * pad)? {
                    area.draw(&Text::new(line, (pad, ny), note_style.clone()))
                        .map_err(msg)?;
                    ny += line_h;
                }
                y = ny - th_ - th.px(2.0);
            }
        }
        y += th_ + th.px(8.0);
    }
    if !legend.is_empty() {
        let style = th.text(12.0, &INK);
        let (_, lh) = th.measure(area, "Mg", &style)?;
        let sw = th.px(22.0);
        let gap = th.px(6.0);
        let between = th.px(16.0);
        let row_h = lh + th.px(5.0);
        let mut x = pad;
        for e in legend {
            let (tw, _) = th.measure(area, &e.label, &style)?;
            let need = sw + gap + tw;
            if x > pad && x + need > w - pad {
                x = pad;
                y += row_h;
            }
            let cy = y + lh / 2;
            match e.swatch {
                Swatch::Line {
                    color,
                    width,
                    dashed,
                } => {
                    let st = th.line(color, width);
                    if dashed {
                        let d = sw / 4;
                        for k in 0..2 {
                            let x0 = x + k * 2 * d;
                            area.draw(&PathElement::new(vec![(x0, cy), (x0 + d + d / 2, cy)], st))
                                .map_err(msg)?;
                        }
                    } else {
                        area.draw(&PathElement::new(vec![(x, cy), (x + sw, cy)], st))
                            .map_err(msg)?;
                    }
                }
                Swatch::Band { color } => {
                    area.draw(&Rectangle::new(
                        [(x, cy - th.px(5.0)), (x + sw, cy + th.px(5.0))],
                        color.mix(0.22).filled(),
                    ))
                    .map_err(msg)?;
                }
                Swatch::Dot { color } => {
                    area.draw(&Circle::new((x + sw / 2, cy), th.upx(4.0), color.filled()))
                        .map_err(msg)?;
                }
                Swatch::Bar { color } => {
                    let r = th.px(5.0);
                    area.draw(&Rectangle::new(
                        [(x + sw / 2 - r, cy - r), (x + sw / 2 + r, cy + r)],
                        color.filled(),
                    ))
                    .map_err(msg)?;
                }
                Swatch::Triangle { color } => {
                    area.draw(&TriangleMarker::new(
                        (x + sw / 2, cy + th.px(1.0)),
                        th.upx(5.5),
                        color.filled(),
                    ))
                    .map_err(msg)?;
                }
                Swatch::Tick { color } => {
                    area.draw(&PathElement::new(
                        vec![(x + sw / 2, cy - th.px(6.0)), (x + sw / 2, cy + th.px(6.0))],
                        th.line(color, 2.5),
                    ))
                    .map_err(msg)?;
                }
                Swatch::Cross { color } => {
                    area.draw(&Cross::new(
                        (x + sw / 2, cy),
                        th.upx(4.0),
                        th.line(color, 1.5),
                    ))
                    .map_err(msg)?;
                }
            }
            area.draw(&Text::new(
                e.label.clone(),
                (x + sw + gap, y),
                style.clone(),
            ))
            .map_err(msg)?;
            x += need + between;
        }
        y += row_h + th.px(2.0);
    }
    let (_, h) = area.dim_in_pixel();
    let y = y.min(h as i32 - th.px(40.0)).max(0);
    Ok(area
        .clone()
        .shrink((0, y), (w as u32, (h as i32 - y).max(1) as u32)))
}

/// A data table's caption: the chart's title, then its note when it has one.
pub fn caption(title: &str, note: &str) -> String {
    if note.is_empty() {
        title.to_string()
    } else {
        format!("{title} ({note})")
    }
}

/// Break `text` into lines no wider than `width` backend pixels.
pub fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && th.measure(area, &cand, style)?.0 > width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = cand;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Ok(lines)
}

/// `text`, shortened with "…" to fit in `width` backend pixels.
pub fn ellipsize<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Result<String, String> {
    if th.measure(area, text, style)?.0 <= width {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let cand: String = chars[..n].iter().collect::<String>() + "…";
        if th.measure(area, &cand, style)?.0 <= width {
            return Ok(cand);
        }
    }
    Ok("…".into())
}

/// A chart box with only a message in it ("no runs yet").
pub fn placeholder<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    title: &str,
    text: &str,
) -> Result<(), String> {
    let rest = header(area, th, title, "", &[])?;
    let (w, h) = rest.dim_in_pixel();
    let style = th
        .text(13.0, &MUTED)
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
    rest.draw(&Text::new(
        text.to_string(),
        (w as i32 / 2, h as i32 / 2),
        style,
    ))
    .map_err(msg)
}

/// Keep at most about `max` points of a curve, always keeping the first and the last (the
/// curve is drawn as a polyline, so more points than pixels only cost time).
pub fn thin<T: Copy>(points: &[T], max: usize) -> Vec<T> {
    if points.len() <= max.max(2) {
        return points.to_vec();
    }
    let step = points.len().div_ceil(max.max(2));
    let mut out: Vec<T> = points.iter().step_by(step).copied().collect();
    if !(points.len() - 1).is_multiple_of(step) {
        out.push(points[points.len() - 1]);
    }
    out
}

/// True if the SVG document has a text element reading exactly `text` (for tests).
#[cfg(test)]
pub(crate) fn svg_has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_use_1_2_5_steps() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        // raw step 1/4 = 0.25 rounds up to 0.5
        assert_eq!(nice_ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
        let t = nice_ticks(0.0, 4137.0, 5);
        assert_eq!(t, vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0]);
        let t = nice_ticks(-0.3, 0.3, 6);
        assert_eq!(t.len(), 7);
        assert!((t[0] + 0.3).abs() < 1e-12 && t[3] == 0.0);
    }

    #[test]
    fn nice_step_rounds_up_to_1_2_5() {
        assert_eq!(nice_step(0.13), 0.2);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(1000.0), 1000.0);
    }

    #[test]
    fn log_ticks_are_decades_and_their_multiples() {
        let (major, minor) = log_ticks(1.0, 10_000.0);
        assert_eq!(major, vec![1.0, 10.0, 100.0, 1000.0, 10_000.0]);
        assert_eq!(minor.len(), 4 * 8);
        assert!(minor.contains(&2.0) && minor.contains(&9000.0));
        // Fewer than two decades: 2 and 5 times the powers become labelled ticks.
        let (major, _) = log_ticks(1.0, 50.0);
        assert_eq!(major, vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0]);
    }

    #[test]
    fn tick_labels() {
        assert_eq!(fmt_tick(4000.0, 1000.0), "4,000");
        assert_eq!(fmt_tick(20_000.0, 5000.0), "20k");
        assert_eq!(fmt_tick(2_500_000.0, 500_000.0), "2.5M");
        assert_eq!(fmt_tick(0.25, 0.05), "0.25");
        assert_eq!(fmt_tick(0.5, 0.1), "0.5");
        assert_eq!(fmt_tick(-1.0, 0.5), "−1.0");
        assert_eq!(fmt_tick(-0.0001, 0.5), "0.0");
        assert_eq!(fmt_tick(-20_000.0, 5000.0), "−20k");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(fmt_num(-1.934), "−1.93");
        assert_eq!(fmt_num(0.5), "0.50");
        assert_eq!(fmt_num(-0.001), "0.00");
        assert_eq!(fmt_num(f64::INFINITY), "∞");
        assert_eq!(group_thousands(-1200), "−1,200");
        let a = Axis::linear(0.0, 1.0, 4, "").percent();
        assert_eq!(a.label(0.5), "50%");
        let l = Axis::log(1.0, 1000.0, "");
        assert_eq!(l.label(2.0), "100");
    }

    #[test]
    fn thin_keeps_ends_and_bounds_length() {
        let v: Vec<usize> = (0..1001).collect();
        let t = thin(&v, 100);
        assert!(t.len() <= 102);
        assert_eq!(t[0], 0);
        assert_eq!(*t.last().unwrap(), 1000);
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(thin(&v[..5], 100), v[..5].to_vec());
    }

    #[test]
    fn svg_export_is_a_document_of_the_asked_size() {
        struct Hello;
        impl Plot for Hello {
            fn plot<DB: DrawingBackend>(
                &self,
                area: &DrawingArea<DB, Shift>,
                th: &Theme,
            ) -> Result<(), String> {
                placeholder(area, th, "Greeting", "hello")
            }
            fn table(&self) -> DataTable {
                DataTable::empty("Greeting")
            }
        }
        let svg = render_svg(&draw_fn(Hello), 320, 200).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.starts_with("<svg width=\"320\" height=\"200\" viewBox=\"0 0 640 400\""));
        assert!(svg_has_text(&svg, "hello") && svg_has_text(&svg, "Greeting"));
        assert!(render_svg(&draw_fn(Hello), 0, 200).is_err());
    }
}
