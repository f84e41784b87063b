//! Chart widget.
