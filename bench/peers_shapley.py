"""Time a numpy subset enumeration of the Shapley/LMG decomposition of R², the peer of
the `shapley/*` criterion benchmarks (crates/engine/benches/engine.rs): 1,000 rows,
predictors sharing a common factor, outcome on all of them (numpy's generator; the bench
draws with ChaCha8, so the numbers differ but not the problem).

For each subset S the peer solves the normal equations of the correlation matrix,
R²(S) = r_Sᵀ R_SS⁻¹ r_S (numpy.linalg.solve), then weights the marginal contributions
by |S|!(m − |S| − 1)!/m!, as relaimpo's "lmg". Prints the median of 3 runs for 13
players and one run for 20 (about a million subsets).

Usage: python3 bench/peers_shapley.py
"""

import itertools
from math import factorial

import numpy as np

from timing import median_seconds


def data(p, rows=1000, seed=17):
    rng = np.random.default_rng(seed)
    common = rng.random(rows) - 0.5
    x = common[:, None] + rng.random((rows, p)) - 0.5
    y = x @ (0.1 * np.arange(1, p + 1)) + rng.random(rows)
    return y, x


def shapley(y, x):
    m = x.shape[1]
    corr = np.corrcoef(np.column_stack([y, x]), rowvar=False)
    r = corr[0, 1:]
    rxx = corr[1:, 1:]
    r2 = {}
    for size in range(m + 1):
        for s in itertools.combinations(range(m), size):
            if size == 0:
                r2[s] = 0.0
            else:
                idx = list(s)
                r2[s] = float(r[idx] @ np.linalg.solve(rxx[np.ix_(idx, idx)], r[idx]))
    values = np.zeros(m)
    for s, v in r2.items():
        k = len(s)
        for j in range(m):
            if j not in s:
                with_j = tuple(sorted(s + (j,)))
                values[j] += factorial(k) * factorial(m - k - 1) / factorial(m) * (r2[with_j] - v)
    return values

def main():
    y, x = data(13)
    print(f"numpy enumeration 13 players x 1000 rows: median {median_seconds(lambda: shapley(y, x), 3):.3f} s")
    y, x = data(20)
    print(f"numpy enumeration 20 players x 1000 rows: {median_seconds(lambda: shapley(y, x), 1):.1f} s")


if __name__ == "__main__":
    main()
