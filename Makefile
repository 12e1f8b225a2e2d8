# make run   - install what is missing, build, serve the Quickstart app on http://127.0.0.1:5000
# make test  - the same set-up, then every test (unit, conformance vectors, conformance app)
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
export FLASKCPP_SHARED ?= $(abspath ../shared)

.PHONY: all bootstrap configure build test run bench clean

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

run: build
	$(BUILD_DIR)/examples/hello run --host 127.0.0.1 --port 5000

bench: build
	FLASKCPP_BENCH_TOOLS=1 scripts/bootstrap.sh
	scripts/bench.sh

clean:
	rm -rf $(BUILD_DIR)
