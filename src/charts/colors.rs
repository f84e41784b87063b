//! Colour scales any chart may use: the viridis map for values on a continuous scale (heat
//! maps, colour bars), blending, and the luminance test that picks black or white text on a
//! coloured background.
//!
//! Viridis (van der Walt & Smith, matplotlib 2015) is perceptually uniform, readable in grey
//! and by colour-blind readers.

use plotters::style::RGBColor;

/// White, for text on dark cells.
pub const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Text on a light data-coloured cell (a heat map's): black, which the dark scheme leaves
/// alone (see [`super::themed`]), as the cell keeps its colour.
pub const CELL_INK: RGBColor = RGBColor(0x00, 0x00, 0x00);

/// Text on a dark data-coloured cell: white one unit off [`WHITE`], the background's colour,
/// so that the dark scheme, which turns the background dark, leaves it white.
pub const CELL_WHITE: RGBColor = RGBColor(0xfe, 0xfe, 0xfe);

/// `c0` blended towards `c1` by `t` in [0, 1].
pub fn lerp(c0: RGBColor, c1: RGBColor, t: f64) -> RGBColor {
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
pub fn luminance(c: RGBColor) -> f64 {
    (0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn blending_stays_between_its_ends() {
        let a = RGBColor(0, 100, 200);
        let b = RGBColor(200, 100, 0);
        assert_eq!(lerp(a, b, 0.0), a);
        assert_eq!(lerp(a, b, 1.0), b);
        assert_eq!(lerp(a, b, 0.5), RGBColor(100, 100, 100));
        assert_eq!(lerp(a, b, f64::NAN), a);
    }
}
