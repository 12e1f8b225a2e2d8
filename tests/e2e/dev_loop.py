#!/usr/bin/env python3
"""The development loop as a new user meets it.

Copies examples/hello to a temp folder, runs `flaskcpp --app hello run --debug`
on a free port, fetches the page, edits hello.cpp and sees the new text after
the restart, breaks the build and sees the compiler error while the old app
keeps serving, changes a template without a restart, makes a view throw and
checks the debugger page (here over HTTP, and in headless Chromium through
tests/e2e/browser/debug_page.mjs, which saves screenshots into --out).

Usage: dev_loop.py --flaskcpp PATH --example DIR --out DIR [--no-browser]
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import check, failures, free_port  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))




def fetch(url, headers=None, timeout=10):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


class Output:
    """Collects the server's output lines in a thread."""

    def __init__(self, stream, log_path):
        self.lines = []
        self.lock = threading.Lock()
        self.log = open(log_path, "w")
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.log.write(line + "\n")
            self.log.flush()
            with self.lock:
                self.lines.append(line)

    def wait_for(self, pattern, start=0, timeout=90):
        deadline = time.time() + timeout
        rx = re.compile(pattern)
        while time.time() < deadline:
            with self.lock:
                for i in range(start, len(self.lines)):
                    m = rx.search(self.lines[i])
                    if m:
                        return i, m
            time.sleep(0.05)
        return None, None

    def count(self):
        with self.lock:
            return len(self.lines)

    def text(self, start=0):
        with self.lock:
            return "\n".join(self.lines[start:])


def wait_for_body(url, needle, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            status, body = fetch(url, timeout=5)
            if needle in body:
                return status, body
        except OSError:
            pass
        time.sleep(0.1)
    return None, None


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, f"{old!r} not in {path}"
    # A fresh mtime even within the same second as the last write.
    with open(path, "w") as f:
        f.write(text.replace(old, new))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flaskcpp", required=True)
    ap.add_argument("--example", required=True, help="examples/hello")
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    args.flaskcpp = os.path.abspath(args.flaskcpp)
    args.example = os.path.abspath(args.example)
    os.makedirs(args.out, exist_ok=True)

    work = tempfile.mkdtemp(prefix="flaskcpp-devloop-")
    shutil.copy(os.path.join(args.example, "hello.cpp"), os.path.join(work, "hello.cpp"))
    source = os.path.join(work, "hello.cpp")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, FLASKCPP_CACHE_DIR=os.path.join(work, ".cache"), PYTHONUNBUFFERED="1")
    env.pop("FLASK_APP", None)
    proc = subprocess.Popen([args.flaskcpp, "--app", "hello", "run", "--debug", "--port", str(port)], cwd=work,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    out = Output(proc.stdout, os.path.join(args.out, "server.log"))
    try:
        t0 = time.time()
        _, m = out.wait_for(r"Built hello\.cpp in ([\d.]+)s", timeout=240)
        check(m is not None, "first build finished")
        first_build = float(m.group(1)) if m else None
        _, pin_match = out.wait_for(r"\* Debugger PIN: (\d{3}-\d{3}-\d{3})")
        check(pin_match is not None, "prints * Debugger PIN: nnn-nnn-nnn")
        pin = pin_match.group(1) if pin_match else ""
        for line in ["* Debug mode: on", "* Restarting with", "* Debugger is active!", "* Serving Flask app 'hello'"]:
            check(out.wait_for(re.escape(line), timeout=5)[0] is not None, f"prints {line!r}")
        status, body = wait_for_body(base + "/", "Hello, World!")
        check(status == 200, f"GET / serves the Quickstart page ({time.time() - t0:.1f}s after start)")

        # 1. Edit the view: rebuild, restart, new text.
        mark = out.count()
        t1 = time.time()
        edit(source, "Hello, World!", "Hello, Reloaded!")
        check(out.wait_for(r"Detected change in '.*hello\.cpp', reloading", mark)[0] is not None,
              "detects the change in hello.cpp")
        _, m = out.wait_for(r"Built hello\.cpp in ([\d.]+)s", mark)
        rebuild = float(m.group(1)) if m else None
        status, body = wait_for_body(base + "/", "Hello, Reloaded!")
        check(status == 200, f"the edited text is served after the restart ({time.time() - t1:.1f}s after the edit)")

        # 2. A broken build: compiler errors shown, the previous app keeps serving.
        mark = out.count()
        edit(source, 'return "<p>Hello, Reloaded!</p>";', 'return "<p>Hello, Reloaded!</p>"')
        i, _ = out.wait_for(r"Build of hello\.cpp failed", mark)
        check(i is not None, "a compile error is reported")
        check(out.wait_for(r"hello\.cpp:\d+:\d+: error", mark)[0] is not None, "the compiler's message names hello.cpp:line")
        check(out.wait_for(r"waiting for a change", mark)[0] is not None, "waits for the next change")
        status, body = fetch(base + "/")
        check(status == 200 and "Hello, Reloaded!" in body, "the previous build keeps serving while the source is broken")

        # 3. Templates and a throwing view.
        os.makedirs(os.path.join(work, "templates"), exist_ok=True)
        with open(os.path.join(work, "templates", "page.html"), "w") as f:
            f.write("<p>Template version one</p>\n")
        mark = out.count()
        edit(source, 'return "<p>Hello, Reloaded!</p>"', 'return "<p>Hello, Reloaded!</p>";')
        edit(source, "    return app.main(argc, argv);",
             '    app.route("/page")([] { return flask::render_template("page.html"); });\n'
             '    app.route("/boom")([] {\n'
             '        std::string who = flask::request.args().get("x", "nobody");\n'
             '        throw std::runtime_error("boom from the view, x=" + who);\n'
             '        return std::string("unreachable");\n'
             '    });\n'
             "    return app.main(argc, argv);")
        status, body = wait_for_body(base + "/page", "Template version one")
        check(status == 200, "the fixed and extended app serves /page")
        restarts = len(re.findall(r"Restarting with", out.text()))
        with open(os.path.join(work, "templates", "page.html"), "w") as f:
            f.write("<p>Template version two</p>\n")
        status, body = wait_for_body(base + "/page", "Template version two", timeout=10)
        time.sleep(0.5)
        check(status == 200 and len(re.findall(r"Restarting with", out.text())) == restarts,
              "a template change is served without a restart")

        status, body = fetch(base + "/boom?x=42")
        check(status == 500, f"a throwing view gives 500 (got {status})")
        check("std::runtime_error" in body and "boom from the view, x=42" in body, "the page names the exception")
        check("hello.cpp" in body and "throw std::runtime_error" in body, "the page shows the app's source at the throw")
        check("GET" in body and "/boom?x=42" in body, "the page shows the request")
        check(out.wait_for(r"Traceback \(most recent call last\)", mark)[0] is not None, "the trace goes to the log too")
        with open(os.path.join(args.out, "debug-page.html"), "w") as f:
            f.write(body)
        status, body = fetch(base + "/boom", headers={"Host": "attacker.example"})
        check(status == 500 and "std::runtime_error" not in body and "Internal Server Error" in body,
              "a request naming another host gets the plain 500 page")
        status, body = fetch(base + "/?__debugger__=yes&cmd=request.path&tb=1&s=wrong")
        check(status == 403, f"console commands need the page's secret (got {status})")

        if not args.no_browser:
            browser = subprocess.run(["node", os.path.join(HERE, "browser", "debug_page.mjs"), base + "/boom?x=42", pin,
                                      os.path.abspath(args.out)], cwd=os.path.join(HERE, "browser"),
                                     capture_output=True, text=True, timeout=180)
            print(browser.stdout + browser.stderr, end="")
            check(browser.returncode == 0, "headless Chromium: debugger page, PIN and console")
            for shot in ["debug-page.png", "debug-console.png"]:
                check(os.path.exists(os.path.join(args.out, shot)), f"screenshot {shot} saved")

        print(f"figures: first build {first_build}s, rebuild after editing the view {rebuild}s")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            check(False, "flaskcpp stops on Ctrl+C")
        shutil.rmtree(work, ignore_errors=True)
    total_failed = len(failures)
    print(f"dev loop: {'passed' if total_failed == 0 else str(total_failed) + ' checks failed'}")
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
