#!/usr/bin/env bash
# Builds the template engine with clang, AddressSanitizer and UBSan
# (build-fuzz/): runs its unit tests and the Jinja2 conformance corpus
# sanitized, then fuzzes the lexer/parser for a while with libFuzzer, seeded
# with the templates of the shared Jinja conformance cases (read at run
# time, never copied).
#   scripts/fuzz_jinja.sh [SECONDS [RENDER_SECONDS]]     defaults 20 and 0
# RENDER_SECONDS > 0 also fuzzes compile + render (jinja_render_fuzz) in fork
# mode, long-running templates ignored; not in `make test`, where a search
# that finds a new bug at random would make the build flaky.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
render_seconds="${2:-0}"
shared="${FLASKCPP_SHARED:-$root/../shared}"
build="$root/build-fuzz"

cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None >/dev/null
cmake --build "$build" -j "$(nproc)"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/unit_jinja_sanitized" --gtest_brief=1 | tail -n 3
"$build/conformance_jinja_sanitized" "$shared/conformance/jinja/cases.jsonl" | tail -n 1 | tee "$build/conformance.txt"
grep -q " 0 failed" "$build/conformance.txt"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
python3 - "$shared/conformance/jinja/cases.jsonl" "$corpus" <<'PY'
import json, os, sys
cases, out = sys.argv[1], sys.argv[2]
n = 0
with open(cases) as f:
    for line in f:
        case = json.loads(line)
        for key in ("template", "source"):
            if isinstance(case.get(key), str):
                with open(os.path.join(out, f"seed{n}"), "w") as s:
                    s.write(case[key])
                n += 1
        for src in (case.get("templates") or {}).values():
            if isinstance(src, str):
                with open(os.path.join(out, f"seed{n}"), "w") as s:
                    s.write(src)
                n += 1
print(f"fuzz: {n} seed templates")
PY
# -timeout: a single input taking over 10 s is a hang; -rss_limit_mb bounds memory.
"$build/jinja_parse_fuzz" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$build/" 2>&1 | tail -n 12
echo "fuzz: no crash in ${seconds}s"
if [ "$render_seconds" -gt 0 ]; then
  "$build/jinja_render_fuzz" "$corpus" -fork=1 -ignore_timeouts=1 -ignore_ooms=1 -timeout=5 -rss_limit_mb=2048 \
    -max_total_time="$render_seconds" -artifact_prefix="$build/" 2>&1 | tail -n 3
  echo "render fuzz: no crash in ${render_seconds}s"
fi
