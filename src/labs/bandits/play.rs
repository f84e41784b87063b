//! You play.
