//! Placeholder page text for labs whose issues have not landed.
