//! Helpers shared by several test targets.
// Each test target compiles this module separately and uses a different part of it.
#![allow(dead_code)]

pub mod nist;
pub mod reference;
