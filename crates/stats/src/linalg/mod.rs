//! Dense linear algebra for the models: a rank-revealing pivoted Householder QR
//! ([`PivotedQr`]) and least squares on it refined with residuals accumulated in
//! extended precision ([`refined_lstsq`]), so that fits reach NIST StRD accuracy.

/// faer's matrix types appear in this crate's API (`ols::fit` takes a `MatRef`), so callers
/// build designs with the same faer version through this re-export.
pub use faer;

mod accurate;
mod qr;
mod quadratic;

pub use accurate::{dot2, sum2, two_product, two_sum};
pub use qr::{PivotedQr, RANK_TOLERANCE, Refined, refined_lstsq};
pub use quadratic::row_quadratic_forms;
