//! Embedding a lab in a course page: which controls the link hides or locks
//! ([`options`]), the postMessage API a host page drives the lab with ([`api`]), and the
//! Embed dialog that writes such links and the iframe snippet ([`dialog`]).
pub mod api;
pub mod dialog;
pub mod options;

pub use options::{Control, EmbedOptions, Shown};
