//! Run bar.
