"""Wall-clock timing shared by the peer scripts (bench/peers*.py): run as
`python3 bench/peers_x.py`, which puts this folder on the import path."""

import statistics
import time


def median_seconds(fn, runs):
    """Median wall-clock seconds of `runs` calls of `fn`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
