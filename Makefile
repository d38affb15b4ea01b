# Rapport's two entry points: `make report` (the main job) and `make test` (every test).
# Both install what is missing first (scripts/setup.sh).

CARGO ?= cargo
OUT   ?= out
REPORT := $(OUT)/riverside-trust-report.xlsx

.PHONY: setup report test bench samples fixtures

setup:
	@bash scripts/setup.sh

## The main job: build the CLI and write the formatted Excel report for the sample survey.
report: setup
	$(CARGO) build --release --locked -p rapport-cli
	@mkdir -p $(OUT)
	./target/release/rapport run samples/riverside-trust.json --report $(REPORT)
	@echo "Report written to $(abspath $(REPORT))"

## Every test, then the formatting and lint gates CI also enforces.
test: setup
	$(CARGO) test --workspace --locked --no-fail-fast
	$(CARGO) test --locked -p rapport-tests --test nist -- --nocapture --test-threads 1
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## Criterion benches (figures recorded in bench/README.md).
bench: setup
	bash bench/run.sh

## Regenerate the sample survey (deterministic: identical bytes).
samples: setup
	$(CARGO) run --release --locked -p rapport-samples --bin make-samples -- samples/

## Regenerate the reference fixtures with the independent tools (needs Python 3 and pip).
fixtures:
	python3 -m pip install -q -r tests/fixtures/requirements.txt
	python3 tests/fixtures/make_statsmodels_fixtures.py
	python3 tests/fixtures/reliability_fixture.py
