//! Reusable widgets.
pub mod banner;
pub mod chart;
pub mod runbar;
pub mod share;
