//! The widget kit every lab page shares: run bar, banners, charts, settings fields, the
//! serde-driven parameter editor, CSV exports, share link and digest boxes, step controls.
pub mod banner;
pub mod chart;
pub mod config;
pub mod csv;
pub mod fields;
pub mod format;
pub mod params;
pub mod runbar;
pub mod share;
pub mod stepper;
