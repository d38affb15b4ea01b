# Rapport's two entry points: `make report` (the main job) and `make test` (every test).
# Both install what is missing first (scripts/setup.sh).

CARGO ?= cargo
OUT   ?= out
REPORT := $(OUT)/riverside-trust-report.xlsx

.PHONY: setup report test lint bench samples fixtures

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
	$(CARGO) test --workspace --locked
	$(CARGO) test --locked -p rapport-tests --test nist -- --nocapture --test-threads 1
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## Criterion benches (figures recorded in bench/README.md).
bench: setup
	bash bench/run.sh

## Regenerate the sample survey (deterministic).
samples: setup
	$(CARGO) run --release --locked -p rapport-samples --bin make-samples -- samples/
