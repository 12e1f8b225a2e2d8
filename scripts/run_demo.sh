#!/usr/bin/env bash
# `make run`: the Quickstart app on http://127.0.0.1:5000 and, beside it, the
# tutorial's blog (examples/flaskr, the project's demo) on http://127.0.0.1:5001.
# Ctrl-C (or SIGTERM) stops both.  The Quickstart app is the one that must come
# up: if flaskr cannot start (say its port is taken), the Quickstart keeps serving.
set -uo pipefail

build_dir=${1:-build}
host=${HOST:-127.0.0.1}
port=${PORT:-5000}
flaskr_port=${FLASKR_PORT:-$((port + 1))}

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    wait
}
trap stop INT TERM EXIT

# The first run creates examples/flaskr/instance/flaskr.sqlite with the schema.
echo " * Flaskr (the tutorial's blog) on http://$host:$flaskr_port"
"$build_dir/examples/flaskr" run --host "$host" --port "$flaskr_port" &
pids+=($!)

"$build_dir/examples/hello" run --host "$host" --port "$port" &
hello=$!
pids+=("$hello")

wait "$hello"
status=$?
stop
exit "$status"
