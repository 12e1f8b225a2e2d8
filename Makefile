# make run   - install what is missing, build, serve the Quickstart app on http://127.0.0.1:5000
#              and the tutorial's blog (examples/flaskr, the demo) on http://127.0.0.1:5001
# make run-flaskr - the same set-up, serving only flaskr, on port 5000
# make test  - the same set-up, then every test (unit, conformance vectors, conformance app)
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
export FLASKCPP_SHARED ?= $(abspath ../shared)

.PHONY: all bootstrap configure build test run run-flaskr bench fuzz install clean

all: build

bootstrap:
	@scripts/bootstrap.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: bootstrap $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 1
	scripts/fuzz_jinja.sh $(FUZZ_SECONDS)

# The template engine's lexer/parser under libFuzzer (clang), briefly.
FUZZ_SECONDS ?= 20
fuzz: bootstrap
	scripts/fuzz_jinja.sh $(FUZZ_SECONDS)

# Headers, libraries, the CMake package (find_package(flaskcpp)) and the
# flaskcpp command under PREFIX.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

run: build
	scripts/run_demo.sh $(BUILD_DIR)

# The first run creates examples/flaskr/instance/flaskr.sqlite with the schema.
run-flaskr: build
	$(BUILD_DIR)/examples/flaskr run --host 127.0.0.1 --port 5000

bench: build
	FLASKCPP_BENCH_TOOLS=1 scripts/bootstrap.sh
	scripts/bench.sh

clean:
	rm -rf $(BUILD_DIR)
