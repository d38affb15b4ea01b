# Rapport's entry points: `make run` (the main job: the desktop app on the sample survey;
# headless machines get `make report`) and `make test` (every test). Each installs what is
# missing first (scripts/setup.sh).

CARGO ?= cargo
OUT   ?= out
REPORT := $(OUT)/riverside-trust-report.xlsx
UI_SOURCES := $(shell find ui/src ui/index.html ui/package.json ui/vite.config.ts ui/tsconfig.json -type f 2>/dev/null)

.PHONY: setup ui run report test bench samples fixtures

setup:
	@bash scripts/setup.sh

## The front end, built into ui/dist (embedded in the desktop binary at compile time).
ui/dist/index.html: $(UI_SOURCES) ui/package-lock.json
	cd ui && npm run build

ui: setup ui/dist/index.html

## The main job: open the desktop app with the Riverside sample loaded.
run: ui
	$(CARGO) build --locked -p rapport-desktop
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display here, so the desktop app cannot open: run 'make report' for the headless report on the sample."; \
	else \
	  RAPPORT_OPEN=sample:riverside ./target/debug/rapport-desktop; \
	fi

## Headless main job: build the CLI and write the formatted Excel report for the sample survey.
report: setup
	$(CARGO) build --release --locked -p rapport-cli
	@mkdir -p $(OUT)
	./target/release/rapport run samples/riverside-trust.json --report $(REPORT)
	@echo "Report written to $(abspath $(REPORT))"

## Every test: engine, report, CLI, desktop commands on Tauri's mock runtime, generated
## TypeScript bindings, front-end type checks and unit tests, the NIST table, the app
## end to end in a real WebKit window under Xvfb; then the formatting and lint gates.
test: ui
	$(CARGO) test --workspace --locked --no-fail-fast
	$(CARGO) test --workspace --locked --test nist -- --nocapture --test-threads 1
	cd ui && npm run check && npm test
	$(CARGO) build --workspace --locked
	bash tests/e2e/run.sh
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## Criterion benches (figures recorded in bench/README.md).
bench: setup
	bash bench/run.sh

## Regenerate the sample survey (deterministic: identical bytes).
samples: setup
	$(CARGO) run --release --locked -p rapport-samples --bin make-samples -- samples/

## Regenerate the reference fixtures with the independent tools (needs Python 3, pip and
## R with the survey, MASS, sandwich and jsonlite packages: `apt-get install r-base-core
## r-cran-survey r-cran-mass r-cran-sandwich r-cran-jsonlite`; see tests/fixtures/README.md).
fixtures:
	python3 -m pip install -q -r tests/fixtures/requirements.txt
	python3 tests/fixtures/make_statsmodels_fixtures.py
	python3 tests/fixtures/reliability_fixture.py
	Rscript tests/fixtures/survey_ols/make_fixture.R
	Rscript tests/fixtures/logit/make_logit_fixture.R
	python3 tests/fixtures/logit/make_logit_statsmodels.py
	Rscript tests/fixtures/ordinal/make_ordinal_fixture.R
	python3 tests/fixtures/ordinal/make_statsmodels_ordinal.py
	Rscript tests/fixtures/descriptives/make_descriptives_fixture.R
	Rscript tests/fixtures/rake/make_rake_fixture.R
	Rscript tests/fixtures/raked_design/make_fixture.R
	python3 tests/fixtures/messy/make_messy_workbooks.py
	Rscript tests/fixtures/importance/make_relweights_fixture.R
	Rscript tests/fixtures/importance/make_logistic_rw_fixture.R
	python3 tests/fixtures/importance/make_lmg_fixture.py
	Rscript tests/fixtures/importance/make_sample_drivers_fixture.R
