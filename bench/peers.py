"""Time the peers of Rapport's engine benchmarks on this machine, for the ratios in
bench/README.md. Same sizes as crates/engine/benches/engine.rs:

* read: pandas.read_excel (openpyxl) on the 100,000-row x 28-column workbook that
  `make-samples bench/data 100000` writes (the same generator and seed as the bench);
* OLS: numpy.linalg.lstsq (LAPACK gelsd) and statsmodels OLS(...).fit() with standard
  errors, on a 1,000,000 x 30 design (ones + 29 uniform columns).

Prints medians of a few runs. Usage: python3 bench/peers.py bench/data/riverside-100000.xlsx
"""

import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

from timing import median_seconds


def main():
    workbook = sys.argv[1]
    read = median_seconds(
        lambda: pd.read_excel(workbook, sheet_name="Responses", header=3, engine="openpyxl"), 3
    )
    print(f"pandas.read_excel(openpyxl) 100k x 28: median {read:.3f} s")

    rng = np.random.default_rng(7)
    n, p = 1_000_000, 30
    x = np.empty((n, p))
    x[:, 0] = 1.0
    x[:, 1:] = rng.random((n, p - 1)) - 0.5
    y = 1.0 + x[:, 1:] @ np.arange(2, p + 1) + rng.random(n)
    lstsq = median_seconds(lambda: np.linalg.lstsq(x, y, rcond=None), 5)
    print(f"numpy.linalg.lstsq 1M x 30: median {lstsq:.3f} s")

    def statsmodels_fit():
        fit = sm.OLS(y, x).fit()
        return fit.bse

    smfit = median_seconds(statsmodels_fit, 5)
    print(f"statsmodels OLS fit + bse 1M x 30: median {smfit:.3f} s")
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            print(f"BLAS: {pool.get('internal_api')} {pool.get('architecture')} threads={pool.get('num_threads')}")
    except ImportError:
        print("BLAS: threadpoolctl not installed")


if __name__ == "__main__":
    main()
