"""Time statsmodels' logistic and ordinal fits on this machine, for the ratios in
bench/README.md. Same sizes and data-generating model as the `logit/fit_100k_x_30` and
`ordinal/fit_100k_x_30` criterion benchmarks (crates/engine/benches/engine.rs), drawn with
numpy's generator (the bench draws with ChaCha8, so the numbers differ but not the
problem: 100,000 rows, 29 uniform predictors, coefficients 0.1, 0.2, ...):

* logistic: statsmodels Logit(y, X).fit(method="newton") with a constant column, and
  the standard errors (bse);
* ordinal: statsmodels OrderedModel(y, X, distr="logit").fit(method="bfgs") on 30
  predictors and a 4-level outcome, and its bse (the Hessian). statsmodels' own
  method="newton" takes numerical Hessians and ran about 4x slower than bfgs here
  (298 s), so it is not timed by default.

Prints medians of 3 runs. Usage: python3 bench/peers_models.py
"""

import warnings

import numpy as np
import statsmodels.api as sm
from statsmodels.miscmodels.ordinal_model import OrderedModel

from timing import median_seconds


def main():
    rng = np.random.default_rng(7)
    n = 100_000
    slopes = 0.1 * np.arange(1, 30)
    x = rng.random((n, 29)) - 0.5
    eta = -0.2 + x @ slopes
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    design = np.column_stack([np.ones(n), x])

    def logit():
        fit = sm.Logit(y, design).fit(method="newton", disp=0, tol=1e-10)
        return fit.bse

    print(f"statsmodels Logit newton + bse 100k x 30: median {median_seconds(logit, 3):.3f} s")

    xo = rng.random((n, 30)) - 0.5
    latent = xo @ (0.1 * np.arange(1, 31)) + rng.logistic(size=n)
    yo = np.digitize(latent, [-1.0, 0.0, 1.0])

    def ordinal(method):
        def run():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = OrderedModel(yo, xo, distr="logit").fit(method=method, disp=0, maxiter=200)
            return fit.bse

        return run

    for method in ["bfgs"]:
        t = median_seconds(ordinal(method), 3)
        print(f"statsmodels OrderedModel {method} + bse 100k x 30: median {t:.3f} s")


if __name__ == "__main__":
    main()
