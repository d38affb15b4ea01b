//! The Rapport desktop app. Everything lives in the library so tests can build it.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    rapport_engine::allocator::configure();
    rapport_desktop::run();
}
