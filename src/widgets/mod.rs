//! Reusable widgets.
pub mod chart;
pub mod runbar;
