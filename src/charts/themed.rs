//! Dark charts without touching the charts: [`Themed`] is a plotters [`DrawingBackend`] that
//! wraps another one and, in the dark scheme, swaps the style colours for dark-scheme ones as
//! they are drawn ([`dark`]): the background becomes the dark panel, ink becomes light, grid
//! lines dim, and the palette colours that are too dark to read on a dark background are
//! lightened (same hue). Every other colour passes through unchanged: the viridis cells of
//! heat maps, and the text written on them ([`CELL_INK`](super::colors::CELL_INK),
//! [`CELL_WHITE`](super::colors::CELL_WHITE)), which is chosen for its cell's colour and must
//! not follow the page.
//!
//! The charts keep drawing with the light style constants ([`INK`](super::INK),
//! [`BG`](super::BG), [`PALETTE`](super::PALETTE)...), so one drawing code serves both schemes
//! and both targets; exports are drawn light (for print and slides).

use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::Pos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

/// The dark-scheme colour of a light-scheme style colour; other colours unchanged.
///
/// The dark background is the page's dark panel colour (www/style.css, `--panel`).
pub fn dark(rgb: (u8, u8, u8)) -> (u8, u8, u8) {
    match rgb {
        // INK, MUTED, GRID, GRID_LIGHT, BG, HIGHLIGHT.
        (0x1f, 0x23, 0x28) => (0xe6, 0xe9, 0xed),
        (0x5f, 0x67, 0x70) => (0xa2, 0xab, 0xb5),
        (0xe4, 0xe7, 0xeb) => (0x3a, 0x41, 0x4a),
        (0xf1, 0xf3, 0xf5) => (0x2a, 0x30, 0x37),
        (0xff, 0xff, 0xff) => (0x1b, 0x1f, 0x24),
        (0xff, 0xf4, 0xcc) => (0x4d, 0x43, 0x1c),
        // Palette colours too dark on the dark background, lightened in their hue: dark
        // grey, brown, violet. (The blue keeps a 3:1 contrast on it, and lightened it would
        // look like the sky blue next to it.)
        (0x44, 0x44, 0x44) => (0xbd, 0xbd, 0xbd),
        (0x8c, 0x56, 0x3c) => (0xc9, 0x8f, 0x6f),
        (0x6a, 0x3d, 0x9a) => (0xad, 0x8a, 0xdb),
        other => other,
    }
}

/// A drawing backend that draws on `inner` in the light or the dark colour scheme.
pub struct Themed<DB> {
    inner: DB,
    dark: bool,
    /// The 2D context of the canvas `inner` draws on, when it is one: bitmaps (the cells of a
    /// large heat map) then go to the canvas in one `putImageData` instead of a call per pixel.
    canvas: Option<web_sys::CanvasRenderingContext2d>,
}

impl<DB> Themed<DB> {
    /// Draw on `inner`, in the dark scheme if `dark`.
    pub fn new(inner: DB, dark: bool) -> Self {
        Themed {
            inner,
            dark,
            canvas: None,
        }
    }

    /// The same, with the 2D context of the canvas `inner` draws on (for [`Themed::blit_bitmap`]).
    pub fn with_canvas(mut self, context: Option<web_sys::CanvasRenderingContext2d>) -> Self {
        self.canvas = context;
        self
    }

    fn map(&self, c: BackendColor) -> BackendColor {
        if self.dark {
            BackendColor {
                alpha: c.alpha,
                rgb: dark(c.rgb),
            }
        } else {
            c
        }
    }

    fn style<S: BackendStyle>(&self, s: &S) -> Mapped {
        Mapped {
            color: self.map(s.color()),
            width: s.stroke_width(),
        }
    }
}

/// A shape style with its colour mapped.
struct Mapped {
    color: BackendColor,
    width: u32,
}

impl BackendStyle for Mapped {
    fn color(&self) -> BackendColor {
        self.color
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

/// A text style with its colour mapped (everything else is the wrapped style's).
struct MappedText<'a, T> {
    inner: &'a T,
    color: BackendColor,
    dark: bool,
}

impl<T: BackendTextStyle> BackendTextStyle for MappedText<'_, T> {
    type FontError = T::FontError;

    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.inner.size()
    }
    fn transform(&self) -> FontTransform {
        self.inner.transform()
    }
    fn style(&self) -> FontStyle {
        self.inner.style()
    }
    fn anchor(&self) -> Pos {
        self.inner.anchor()
    }
    fn family(&self) -> FontFamily<'_> {
        self.inner.family()
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.inner.layout_box(text)
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        mut draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        let dark = self.dark;
        self.inner.draw(text, pos, |x, y, c| {
            let c = if dark {
                BackendColor {
                    alpha: c.alpha,
                    rgb: self::dark(c.rgb),
                }
            } else {
                c
            };
            draw(x, y, c)
        })
    }
}

impl<DB: DrawingBackend> DrawingBackend for Themed<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let c = self.map(color);
        self.inner.draw_pixel(point, c)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let s = self.style(style);
        self.inner.draw_line(from, to, &s)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let s = self.style(style);
        self.inner.draw_rect(upper_left, bottom_right, &s, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let s = self.style(style);
        self.inner.draw_path(path, &s)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let s = self.style(style);
        self.inner.draw_circle(center, radius, &s, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let s = self.style(style);
        self.inner.fill_polygon(vert, &s)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let s = MappedText {
            inner: style,
            color: self.map(style.color()),
            dark: self.dark,
        };
        self.inner.draw_text(text, &s, pos)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.inner.estimate_text_size(text, style)
    }

    /// An RGB bitmap (`size.0 x size.1` pixels, 3 bytes each, row after row), colours as they
    /// are (data colours). On a canvas: one `putImageData`.
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if let Some(ctx) = &self.canvas {
            let pixels = size.0 as usize * size.1 as usize;
            if size.0 > 0 && size.1 > 0 && src.len() >= pixels * 3 {
                let mut rgba = Vec::with_capacity(pixels * 4);
                for px in src[..pixels * 3].chunks_exact(3) {
                    rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
                }
                let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
                    wasm_bindgen::Clamped(&rgba),
                    size.0,
                    size.1,
                );
                if let Ok(image) = image {
                    if ctx
                        .put_image_data(&image, f64::from(pos.0), f64::from(pos.1))
                        .is_ok()
                    {
                        return Ok(());
                    }
                }
            }
        }
        self.inner.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::colors::{viridis, CELL_INK, CELL_WHITE};
    use crate::charts::{BG, GRID, GRID_LIGHT, HIGHLIGHT, INK, MUTED, PALETTE};
    use plotters::style::RGBColor;

    fn rgb(c: RGBColor) -> (u8, u8, u8) {
        (c.0, c.1, c.2)
    }

    #[test]
    fn style_colours_turn_dark_and_data_colours_do_not() {
        // The light background becomes the dark panel, ink light, grid lines dim.
        assert_eq!(dark(rgb(BG)), (0x1b, 0x1f, 0x24));
        assert_eq!(dark(rgb(INK)), (0xe6, 0xe9, 0xed));
        for c in [MUTED, GRID, GRID_LIGHT, HIGHLIGHT] {
            assert_ne!(dark(rgb(c)), rgb(c), "{c:?} changes");
        }
        // Dark grey, brown and violet are lightened; the other palette colours read well on
        // dark and stay.
        for (i, c) in PALETTE.iter().enumerate() {
            let changed = dark(rgb(*c)) != rgb(*c);
            assert_eq!(changed, [6, 7, 8].contains(&i), "palette colour {i}");
        }
        assert_eq!(dark((0x44, 0x44, 0x44)), (0xbd, 0xbd, 0xbd));
        // Heat-map cells and the text written on them are left alone.
        for k in 0..=20 {
            let v = rgb(viridis(k as f64 / 20.0));
            assert_eq!(dark(v), v);
        }
        assert_eq!(dark(rgb(CELL_INK)), rgb(CELL_INK));
        assert_eq!(dark(rgb(CELL_WHITE)), rgb(CELL_WHITE));
    }

    #[test]
    fn the_light_scheme_draws_colours_as_given() {
        let t = Themed::new((), false);
        let c = BackendColor {
            alpha: 0.5,
            rgb: (0xff, 0xff, 0xff),
        };
        assert_eq!(t.map(c).rgb, (0xff, 0xff, 0xff));
        let t = Themed::new((), true);
        let m = t.map(c);
        assert_eq!((m.rgb, m.alpha), ((0x1b, 0x1f, 0x24), 0.5));
    }
}
