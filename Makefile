# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of
# those. Builds use Ninja and ccache; build/ is the release build, build-asan/ the sanitizer one.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
JOBS ?= $(shell nproc)
DEMO_DB ?= demo.db
DEMO_LISTEN ?= 127.0.0.1:8080
CMAKE_FLAGS ?=
# Let ccache reuse objects across checkouts in other folders (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all setup build build-asan build-fuzz test test-asan demo bench fuzz soak clean format web

all: build

setup:
	@scripts/setup

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja web/dist/index.html
	cmake --build $(BUILD) -j $(JOBS)

# The web console (web/README.md), rebuilt when any of its sources changes; served from web/dist.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package-lock.json \
  web/vite.config.ts web/tsconfig.json
web/dist/index.html: $(WEB_SOURCES) | setup
	cd web && npm run build --silent

web: setup web/dist/index.html

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DONEGRID_SANITIZE=ON \
	  -DONEGRID_BENCH=OFF $(CMAKE_FLAGS)

build-asan: setup $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The parsers of outside bytes and their libFuzzer harnesses, built by clang with ASan + UBSan
# (docs/testing.md).
$(FUZZ_BUILD)/build.ninja:
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DONEGRID_FUZZ=ON $(CMAKE_FLAGS)

build-fuzz: setup $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

# Every test of the release build (the browser tests among them), then the unit and server tests
# under ASan + UBSan, then each fuzz harness for 25 s.
# No test of ours skips itself, so a skipped test (a broken fixture) fails the run too.
test: build build-asan build-fuzz
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) | tee ctest.log
	! grep -q '\*\*\*Skipped' $(BUILD)/ctest.log
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E '^(cli|web|crash)\.' | tee ctest.log
	! grep -q '\*\*\*Skipped' $(ASAN_BUILD)/ctest.log
	cd $(FUZZ_BUILD) && ctest --output-on-failure -j $(JOBS) | tee ctest.log

# Every fuzz harness for FUZZ_SECONDS (default 5 min each, JOBS at a time), with a table of
# the executions each reached.
fuzz: build-fuzz
	scripts/fuzz_all $(FUZZ_BUILD) $(FUZZ_SECONDS) $(JOBS)

demo: build
	$(BUILD)/onegrid demo --db $(DEMO_DB) --listen $(DEMO_LISTEN) \
	  $(if $(DEMO_PASSWORD),--demo-password $(DEMO_PASSWORD))

bench: build
	bench/run

# The soak: a bounded mixed load on a real server for SOAK_SECONDS (default 10 min), resident
# memory sampled every 10 s; fails on any error or on memory growing 10 % after the warm-up
# (judged in runs of 300 s or more).
SOAK_SECONDS ?= 600
soak: build
	$(BUILD)/bench/onegrid_soak $(BUILD)/onegrid $(SOAK_SECONDS)

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
