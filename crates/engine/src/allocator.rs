//! How the process allocates, set once by each face's `main` (the CLI, the desktop) before
//! any work starts.

/// Keep every thread's allocations in one glibc arena. By default each rayon worker gets
/// its own, and memory freed in one cannot serve another: a 100k-row analysis peaked about
/// 50 MiB higher for no gain in time (bench/README.md, "Third round"). Elsewhere than
/// glibc it does nothing.
pub fn one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: M_ARENA_MAX is a documented mallopt parameter and 1 a valid value; mallopt
    // may be called at any time, and faces call this before starting threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
