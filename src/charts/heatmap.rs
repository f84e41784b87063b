//! The parts of a heat map any chart may use: a colour scale over a matrix's finite values,
//! the grid of cells (coloured with viridis, missing values in light grey, values written in
//! the cells when they fit, in black or white by the cell's luminance) and a colour bar with
//! ticks. The chart around them (title, labels, axis descriptions) is the caller's: see
//! [`crate::charts::games::PayoffHeatmap`].

use super::colors::{luminance, viridis, CELL_INK, CELL_WHITE};
use super::{fmt_num, fmt_tick, msg, nice_ticks, Theme, GRID_LIGHT, INK, MUTED};
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// A linear map of `[lo, hi]` onto viridis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColourScale {
    pub lo: f64,
    pub hi: f64,
}

impl ColourScale {
    /// The range of the finite values (0 to 1 when there is none; one unit wide when they are
    /// all equal).
    pub fn of(values: impl Iterator<Item = f64>) -> Self {
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold(None, |acc: Option<(f64, f64)>, v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })
            .unwrap_or((0.0, 1.0));
        if hi - lo < 1e-12 {
            ColourScale {
                lo: lo - 0.5,
                hi: hi + 0.5,
            }
        } else {
            ColourScale { lo, hi }
        }
    }

    /// Where `v` falls, 0 at `lo` and 1 at `hi`.
    pub fn t(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }

    /// The colour of `v`.
    pub fn colour(&self, v: f64) -> RGBColor {
        viridis(self.t(v))
    }
}

/// A `rows` x `cols` grid of cells in the pixel box at (`x0`, `y0`) of size `w` x `h`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellGrid {
    pub x0: i32,
    pub y0: i32,
    pub w: i32,
    pub h: i32,
    pub rows: usize,
    pub cols: usize,
    /// Pixels left blank between cells (0 when cells are small).
    pub gap: i32,
}

impl CellGrid {
    /// The grid, with a one-pixel gap between cells when they are at least 12 px both ways.
    pub fn new(
        th: &Theme,
        (x0, y0): (i32, i32),
        (w, h): (i32, i32),
        rows: usize,
        cols: usize,
    ) -> Self {
        let mut g = CellGrid {
            x0,
            y0,
            w,
            h,
            rows: rows.max(1),
            cols: cols.max(1),
            gap: 0,
        };
        if g.cell_w() >= th.px(12.0) && g.cell_h() >= th.px(12.0) {
            g.gap = th.px(1.0);
        }
        g
    }

    /// Left edge of column `j` (`j == cols`: the right edge of the grid).
    pub fn xe(&self, j: usize) -> i32 {
        self.x0 + (self.w as i64 * j as i64 / self.cols as i64) as i32
    }

    /// Top edge of row `i` (`i == rows`: the bottom of the grid).
    pub fn ye(&self, i: usize) -> i32 {
        self.y0 + (self.h as i64 * i as i64 / self.rows as i64) as i32
    }

    pub fn cell_w(&self) -> i32 {
        self.w / self.cols as i32
    }

    pub fn cell_h(&self) -> i32 {
        self.h / self.rows as i32
    }

    /// Centre of the column `j`'s cells (gap excluded).
    pub fn mid_x(&self, j: usize) -> i32 {
        (self.xe(j) + self.xe(j + 1) - self.gap) / 2
    }

    /// Centre of the row `i`'s cells (gap excluded).
    pub fn mid_y(&self, i: usize) -> i32 {
        (self.ye(i) + self.ye(i + 1) - self.gap) / 2
    }
}

/// Paint the cells of `matrix` (rows of values) on `grid`; with `values`, also write each
/// finite value in its cell when the text fits.
pub fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    grid: &CellGrid,
    matrix: &[Vec<f64>],
    scale: &ColourScale,
    values: bool,
) -> Result<(), String> {
    if th.bitmap_cells && grid.gap == 0 {
        // Small cells (a large matrix): one bitmap instead of a rectangle per cell, which on a
        // canvas costs two calls into the browser each (10,000 for a 100-player tournament).
        draw_cells_bitmap(area, grid, matrix, scale)?;
    } else {
        draw_cells_rects(area, grid, matrix, scale)?;
    }
    if !values {
        return Ok(());
    }
    write_values(area, th, grid, matrix, scale)
}

/// The colour of a cell: viridis, light grey when missing.
fn cell_colour(scale: &ColourScale, v: f64) -> RGBColor {
    if v.is_finite() {
        scale.colour(v)
    } else {
        GRID_LIGHT
    }
}

/// The cells as one RGB bitmap over the grid (cells touch: no gaps).
fn draw_cells_bitmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &CellGrid,
    matrix: &[Vec<f64>],
    scale: &ColourScale,
) -> Result<(), String> {
    let (w, h) = (grid.w.max(0) as usize, grid.h.max(0) as usize);
    if w == 0 || h == 0 {
        return Ok(());
    }
    // Which column each pixel column falls in (the same edges as the rectangles).
    let mut col_of = vec![0usize; w];
    for j in 0..grid.cols {
        let (a, b) = (
            (grid.xe(j) - grid.x0) as usize,
            (grid.xe(j + 1) - grid.x0) as usize,
        );
        col_of[a.min(w)..b.min(w)].fill(j);
    }
    let mut buf = vec![0u8; w * h * 3];
    for i in 0..grid.rows {
        let (a, b) = (
            (grid.ye(i) - grid.y0) as usize,
            (grid.ye(i + 1) - grid.y0) as usize,
        );
        let (a, b) = (a.min(h), b.min(h));
        if a >= b {
            continue;
        }
        let row = matrix.get(i);
        let colours: Vec<RGBColor> = (0..grid.cols)
            .map(|j| {
                cell_colour(
                    scale,
                    row.and_then(|r| r.get(j)).copied().unwrap_or(f64::NAN),
                )
            })
            .collect();
        let first = &mut buf[a * w * 3..(a + 1) * w * 3];
        for (x, px) in first.chunks_exact_mut(3).enumerate() {
            let c = colours[col_of[x]];
            px.copy_from_slice(&[c.0, c.1, c.2]);
        }
        let (done, rest) = buf.split_at_mut((a + 1) * w * 3);
        let line = &done[a * w * 3..];
        for y in 0..b - a - 1 {
            rest[y * w * 3..(y + 1) * w * 3].copy_from_slice(line);
        }
    }
    area.draw(&Bitmap {
        pos: (grid.x0, grid.y0),
        size: (w as u32, h as u32),
        rgb: buf,
    })
    .map_err(msg)
}

/// The cells as rectangles (with the grid's gaps between them).
fn draw_cells_rects<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &CellGrid,
    matrix: &[Vec<f64>],
    scale: &ColourScale,
) -> Result<(), String> {
    for (i, row) in matrix.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            area.draw(&Rectangle::new(
                [
                    (grid.xe(j), grid.ye(i)),
                    (grid.xe(j + 1) - grid.gap, grid.ye(i + 1) - grid.gap),
                ],
                cell_colour(scale, v).filled(),
            ))
            .map_err(msg)?;
        }
    }
    Ok(())
}

/// An RGB bitmap (3 bytes a pixel, row after row) drawn at `pos` (backend pixels).
struct Bitmap {
    pos: (i32, i32),
    size: (u32, u32),
    rgb: Vec<u8>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Bitmap {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.pos)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Bitmap {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.blit_bitmap(at, self.size, &self.rgb),
            None => Ok(()),
        }
    }
}

/// Write each finite value in its cell, when the text fits.
fn write_values<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    th: &Theme,
    grid: &CellGrid,
    matrix: &[Vec<f64>],
    scale: &ColourScale,
) -> Result<(), String> {
    let (cell_w, cell_h) = (grid.cell_w(), grid.cell_h());
    let size = (cell_h as f64 / th.s * 0.62).clamp(7.0, 11.5);
    let probe = th.text(size, &INK);
    let (vw, vh) = th.measure(area, "−0.00", &probe)?;
    if vw + th.px(4.0) > cell_w || vh > cell_h + th.px(2.0) {
        return Ok(());
    }
    for (i, row) in matrix.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let ink = if luminance(scale.colour(v)) < 0.5 {
                CELL_WHITE
            } else {
                CELL_INK
            };
            area.draw(&Text::new(
                fmt_num(v),
                (grid.mid_x(j), grid.mid_y(i)),
                th.text(size, &ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(msg)?;
        }
    }
    Ok(())
}

/// A vertical colour bar (high values at the top) with its tick labels on the right.
pub struct ColourBar {
    scale: ColourScale,
    ticks: Vec<f64>,
    step: f64,
    tick_w: i32,
}

impl ColourBar {
    /// A bar for `scale` about `h` pixels high: about one labelled tick per 45 CSS px.
    pub fn new<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
        scale: ColourScale,
        h: i32,
    ) -> Result<Self, String> {
        let ticks = nice_ticks(
            scale.lo,
            scale.hi,
            (h / th.px(45.0).max(1)).clamp(2, 6) as usize,
        );
        let step = if ticks.len() >= 2 {
            ticks[1] - ticks[0]
        } else {
            scale.hi - scale.lo
        };
        let style = th.text(11.0, &MUTED);
        let mut tick_w = 0;
        for &v in &ticks {
            tick_w = tick_w.max(th.measure(area, &fmt_tick(v, step), &style)?.0);
        }
        Ok(ColourBar {
            scale,
            ticks,
            step,
            tick_w,
        })
    }

    fn bar_w(th: &Theme) -> i32 {
        th.px(12.0)
    }

    /// Width of the bar and its labels, with an 8 px gap before it and 4 px after.
    pub fn width(&self, th: &Theme) -> i32 {
        Self::bar_w(th) + th.px(8.0) + self.tick_w + th.px(4.0)
    }

    /// Draw the bar with its left edge at `x`, from `y0` down `h` pixels.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
        x: i32,
        y0: i32,
        h: i32,
    ) -> Result<(), String> {
        let bar_w = Self::bar_w(th);
        let slices = 64;
        for k in 0..slices {
            let ya = y0 + (h as i64 * k as i64 / slices as i64) as i32;
            // Slices overlap by a pixel so no seam shows between them.
            let yb =
                y0 + (h as i64 * (k + 1) as i64 / slices as i64) as i32 + i32::from(k + 1 < slices);
            let t = 1.0 - (k as f64 + 0.5) / slices as f64;
            area.draw(&Rectangle::new(
                [(x, ya), (x + bar_w, yb)],
                viridis(t).filled(),
            ))
            .map_err(msg)?;
        }
        area.draw(&Rectangle::new(
            [(x, y0), (x + bar_w, y0 + h)],
            th.line(MUTED, 1.0),
        ))
        .map_err(msg)?;
        let left_mid = th
            .text(11.0, &MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for &v in &self.ticks {
            let y = y0 + ((1.0 - self.scale.t(v)) * h as f64).round() as i32;
            area.draw(&PathElement::new(
                vec![(x + bar_w, y), (x + bar_w + th.px(3.0), y)],
                th.line(MUTED, 1.0),
            ))
            .map_err(msg)?;
            area.draw(&Text::new(
                fmt_tick(v, self.step),
                (x + bar_w + th.px(5.0), y),
                left_mid.clone(),
            ))
            .map_err(msg)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_spans_the_finite_values() {
        let s = ColourScale::of([1.0, f64::NAN, 3.0, f64::INFINITY].into_iter());
        assert_eq!((s.lo, s.hi), (1.0, 3.0));
        assert_eq!(s.t(2.0), 0.5);
        assert_eq!(s.colour(3.0), viridis(1.0));
        let flat = ColourScale::of([2.0, 2.0].into_iter());
        assert_eq!((flat.lo, flat.hi), (1.5, 2.5));
        let none = ColourScale::of(std::iter::empty());
        assert_eq!((none.lo, none.hi), (0.0, 1.0));
    }

    #[test]
    fn cells_tile_the_grid_and_small_cells_have_no_gap() {
        let th = Theme::svg(1.0);
        let g = CellGrid::new(&th, (10, 20), (100, 50), 5, 4);
        assert_eq!((g.xe(0), g.xe(4)), (10, 110));
        assert_eq!((g.ye(0), g.ye(5)), (20, 70));
        assert_eq!(g.gap, 0, "10 px rows are too thin for a gap");
        let big = CellGrid::new(&th, (0, 0), (100, 100), 4, 4);
        assert_eq!(big.gap, 1);
    }

    /// A filled rectangle: corners and colour.
    type Rect = ((i32, i32), (i32, i32), (u8, u8, u8));
    /// A bitmap: position, size and RGB bytes.
    type Blit = ((i32, i32), (u32, u32), Vec<u8>);

    /// What a heat map drew: filled rectangles and bitmaps.
    #[derive(Default)]
    struct Log {
        rects: Vec<Rect>,
        blits: Vec<Blit>,
    }

    /// A backend that records into a [`Log`].
    #[derive(Default)]
    struct Recorder(std::rc::Rc<std::cell::RefCell<Log>>);

    impl DrawingBackend for Recorder {
        type ErrorType = std::fmt::Error;
        fn get_size(&self) -> (u32, u32) {
            (200, 200)
        }
        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            Ok(())
        }
        fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            Ok(())
        }
        fn draw_pixel(
            &mut self,
            _: BackendCoord,
            _: plotters_backend::BackendColor,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            Ok(())
        }
        fn draw_rect<S: plotters_backend::BackendStyle>(
            &mut self,
            ul: BackendCoord,
            br: BackendCoord,
            style: &S,
            _: bool,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.borrow_mut().rects.push((ul, br, style.color().rgb));
            Ok(())
        }
        fn blit_bitmap(
            &mut self,
            pos: BackendCoord,
            size: (u32, u32),
            src: &[u8],
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.0.borrow_mut().blits.push((pos, size, src.to_vec()));
            Ok(())
        }
    }

    /// The bitmap of a large matrix paints every pixel of every cell in the colour the
    /// rectangle of that cell would have (uneven cell widths and a missing value included).
    #[test]
    fn the_bitmap_paints_the_same_cells_as_the_rectangles() {
        let matrix: Vec<Vec<f64>> = (0..7)
            .map(|i| {
                (0..9)
                    .map(|j| {
                        if i == 3 && j == 4 {
                            f64::NAN
                        } else {
                            (i * 9 + j) as f64
                        }
                    })
                    .collect()
            })
            .collect();
        let scale = ColourScale::of(matrix.iter().flatten().copied());
        let draw = |bitmap: bool| {
            let th = Theme {
                bitmap_cells: bitmap,
                ..Theme::new(1.0)
            };
            let grid = CellGrid::new(&th, (13, 17), (100, 71), 7, 9);
            assert_eq!(grid.gap, 0);
            let rec = Recorder::default();
            let log = rec.0.clone();
            draw_cells(&rec.into_drawing_area(), &th, &grid, &matrix, &scale, false).unwrap();
            (grid, log.take())
        };
        let (_, rects) = draw(false);
        let (grid, b) = draw(true);
        let rects = rects.rects;
        assert!(b.rects.is_empty());
        let [(pos, (w, h), rgb)] = &b.blits[..] else {
            panic!("one bitmap, got {}", b.blits.len())
        };
        assert_eq!(
            (*pos, *w as i32, *h as i32),
            ((grid.x0, grid.y0), grid.w, grid.h)
        );
        assert_eq!(rects.len(), 63);
        let mut covered = 0;
        for ((x0, y0), (x1, y1), c) in rects {
            for y in y0..y1 {
                for x in x0..x1 {
                    let k = (((y - grid.y0) * grid.w + (x - grid.x0)) * 3) as usize;
                    assert_eq!((rgb[k], rgb[k + 1], rgb[k + 2]), c, "pixel ({x}, {y})");
                    covered += 1;
                }
            }
        }
        assert_eq!(covered, grid.w * grid.h, "the cells tile the bitmap");
    }
}
