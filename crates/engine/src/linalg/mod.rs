//! Dense linear algebra for the models.
//! TODO(H2): implement.
