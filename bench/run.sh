#!/usr/bin/env sh
# Run the engine benchmarks (crates/engine/benches/engine.rs) and print criterion's
# summary. Builds only the engine's bench target, in release mode. Extra arguments go to
# criterion, e.g. `bench/run.sh ols` to run only the OLS benchmark.
set -eu
cd "$(dirname "$0")/.."
cargo bench -p rapport-engine --bench engine -- "$@"
