//! Ordinary least squares.
//! TODO(H2): implement.
