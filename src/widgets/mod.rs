//! Reusable widgets.
pub mod banner;
pub mod chart;
pub mod runbar;
