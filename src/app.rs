//! TODO(owner fills in)
