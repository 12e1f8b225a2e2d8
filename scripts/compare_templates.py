#!/usr/bin/env python3
"""flask::jinja against real Jinja2 on the template benchmark pages.

This machine's speed drifts by 2x within seconds, so one run of each side is
no comparison.  Rounds alternate bench_templates (C++) and
bench_templates_python.py (Jinja2, compiled template cached); each round gives
a per-page ratio of medians.  Printed per page: the fastest median of each
side, their ratio, and the median of the per-round ratios (the figure to
quote), plus the table page's engine/hand-written ratio the same way.

Usage: scripts/compare_templates.py [ROUNDS] [--dir DIR] [--build BUILD]
"""
import argparse
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(\w+): bytes match, median ([0-9.]+) us")
HAND = re.compile(r"engine/hand ([0-9.]+)x")


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    medians, hand = {}, None
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            sys.exit(f"unexpected output (bytes mismatch?): {line}")
        medians[m.group(1)] = float(m.group(2))
        if h := HAND.search(line):
            hand = float(h.group(1))
    return medians, hand


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("rounds", nargs="?", type=int, default=7)
    ap.add_argument("--dir", default=str(ROOT.parent / "shared" / "bench" / "templates"))
    ap.add_argument("--build", default=str(ROOT / "build"))
    args = ap.parse_args()
    cpp_cmd = [f"{args.build}/bench/bench_templates", args.dir, "200"]
    py_cmd = [sys.executable, str(ROOT / "scripts" / "bench_templates_python.py"), args.dir, "10"]
    cpp_runs, py_runs, hand_runs = [], [], []
    for i in range(args.rounds):
        cpp, hand = run(cpp_cmd)
        py, _ = run(py_cmd)
        cpp_runs.append(cpp)
        py_runs.append(py)
        hand_runs.append(hand)
        print(f"round {i + 1}: " + ", ".join(f"{p} {py[p] / cpp[p]:.1f}x" for p in cpp) + f"; table/hand {hand:.2f}x",
              flush=True)
    for page in cpp_runs[0]:
        best_cpp = min(r[page] for r in cpp_runs)
        best_py = min(r[page] for r in py_runs)
        ratios = [py[page] / cpp[page] for cpp, py in zip(cpp_runs, py_runs)]
        print(f"{page}: flask::jinja {best_cpp:.1f} us, Jinja2 {best_py:.1f} us (fastest medians, ratio "
              f"{best_py / best_cpp:.1f}x); median of per-round ratios {statistics.median(ratios):.1f}x")
    print(f"table vs hand-written C++: median of per-round ratios {statistics.median(hand_runs):.2f}x, "
          f"best {min(hand_runs):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
