//! How the process allocates, set once by each face's `main` (the CLI, the desktop) before
//! any work starts.

/// Tunes glibc's allocator for how Rapport uses memory; elsewhere than glibc it does
/// nothing.
///
/// - One arena for every thread. By default each rayon worker gets its own, and memory
///   freed in one cannot serve another: a 100k-row analysis peaked about 50 MiB higher for
///   no gain in time (bench/README.md, "Third round").
/// - Blocks under 4 MiB come from the heap, and up to 32 MiB of free heap is kept. The
///   bootstrap of a logistic or ordinal key-driver analysis allocates and frees a
///   design-sized matrix (a few hundred KiB) per Newton step on each thread; under glibc's
///   adaptive thresholds these kept being mapped, trimmed and faulted back in, a third of
///   a second of system time in three seconds (bench/README.md, "Fourth round"). Column
///   vectors of million-row files are still mapped and returned whole.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: M_ARENA_MAX, M_MMAP_THRESHOLD and M_TRIM_THRESHOLD are documented mallopt
    // parameters and these values are valid for them; mallopt may be called at any time,
    // and faces call this before starting threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20);
    }
}
