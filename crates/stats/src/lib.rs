//! Rapport's numerics: vectors and matrices in, estimates out. Nothing here knows of
//! files, specs or survey wording, so every routine can be checked against R,
//! statsmodels and the NIST StRD on plain arrays.
//!
//! * [`linalg`]: column-pivoted Householder QR with extended-precision refinement.
//! * [`ols`]: least squares (weighted or not) to NIST StRD accuracy.
//! * [`logit`] and [`ordinal`]: binary and proportional-odds logistic models.
//! * [`variance`]: classical, HC0–HC3, cluster-robust and design-based covariances, over
//!   the design arithmetic of [`survey`].
//! * [`inference`]: t/z/F/χ² tests and intervals from estimates and their covariance.
//! * [`importance`]: Shapley (LMG) decompositions of R² and relative weights.
//! * [`reliability`]: composite scores and Cronbach's alpha with item statistics.

pub mod importance;
pub mod inference;
pub mod linalg;
pub mod logit;
pub mod ols;
pub mod ordinal;
pub mod reliability;
pub mod survey;
pub mod variance;
