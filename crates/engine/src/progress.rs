//! How a long analysis says how far it has got, for a face to show: the desktop turns
//! each report into a progress event, the CLI into a status line on a terminal.

/// Told what is happening and the share of it done, from 0 to 1. Called from the worker
/// threads, in no particular order between them.
pub type Progress<'a> = &'a (dyn Fn(&str, f64) + Sync);

/// Shows nothing: for runs nobody watches.
pub fn silent(_: &str, _: f64) {}
