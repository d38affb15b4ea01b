//! Reading files into a [`crate::table::Table`].
//! TODO(H1): implement.
