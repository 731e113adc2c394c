# The kiosk's build. `make demo` and `make test` are the two commands of the
# README; both install what they need first (scripts/install-deps).

export PATH := $(PATH):/usr/local/go/bin
SHELL := /bin/bash
GO      ?= go
BIN     := bin/certkiosk
# A Fyne + gocv + sqlite build caches well; -trimpath keeps paths out of the binary.
GOFLAGS_BUILD := -trimpath
SCREEN  := 1920x1080x24

.PHONY: all deps build demo test test-unit test-e2e fuzz bench screenshots clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) .

# Demo mode: simulated card reader, file camera, embedded API simulator.
demo: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found (DISPLAY is not set)."; \
	  echo "Run the kiosk on a desktop, or under a virtual X server:"; \
	  echo "  xvfb-run -s '-screen 0 $(SCREEN)' $(BIN) demo --windowed"; \
	  echo "and take a screenshot with: DISPLAY=:99 import -window root shot.png"; \
	  exit 1; \
	fi
	$(BIN) demo

# Every test: unit, integration over pty/loopback/SQLite/OpenCV, the Fyne
# test driver, and the real window under Xvfb.
# All test output (logs included, -v) is kept and scanned for any fixture
# person's full ID number or name: logs must never hold them (PIPL).
TESTLOG := bin/test-output.log
test: deps
	$(GO) vet ./...
	@mkdir -p bin
	set -o pipefail; $(GO) test -count=1 -v ./... 2>&1 | tee $(TESTLOG) | grep -E '^(ok|FAIL|--- FAIL|panic:|\?)' 
	$(GO) run ./kiosk/audit/logscan/cmd/scanlogs $(TESTLOG)
	$(GO) test -count=1 -race ./kiosk/...
	$(GO) test -count=1 -tags matprofile -run TestNoMatLeaks ./camera

# Each fuzz target for FUZZTIME; found inputs land in the package's
# testdata/fuzz and become regression seeds of the ordinary tests.
FUZZTIME ?= 30s
fuzz: deps
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test $$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME); \
	  done; \
	done

# One core: OpenCV's own thread pool ignores GOMAXPROCS, hence taskset.
bench: deps
	GOMAXPROCS=1 taskset -c 1 $(GO) test -run '^$$' -bench . -benchmem ./...

# Renders every screen (both languages) at 1920×1080 under Xvfb, and the idle
# and result screens of a real demo certification, into docs/screenshots.
screenshots: build
	xvfb-run -a -s "-screen 0 $(SCREEN)" $(GO) run ./app/screenshots -out docs/screenshots
	SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run TestEndToEndDemo .

clean:
	rm -rf bin
