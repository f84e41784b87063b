//! Charts drawn with plotters (canvas and SVG share the code).
pub mod bandits;
