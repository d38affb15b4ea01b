//! The design matrix for one model.
