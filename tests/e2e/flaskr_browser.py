#!/usr/bin/env python3
"""Flaskr as a user meets it: `flaskr init-db`, `flaskr run`, then headless
Chromium registers, logs in, creates, edits and deletes a post
(tests/e2e/browser/flaskr.mjs); screenshots land in --out.

The database goes to a temp file through FLASK_DATABASE (the app reads
FLASK_-prefixed environment variables into its config).

Usage: flaskr_browser.py --flaskr BUILD/examples/flaskr --out DIR
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import free_port, wait_until_up  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))



def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flaskr", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="flaskcpp-flaskr-")
    env = dict(os.environ, FLASK_DATABASE=os.path.join(work, "flaskr.sqlite"), FLASK_SECRET_KEY="e2e-secret")
    init = subprocess.run([args.flaskr, "init-db"], env=env, capture_output=True, text=True, timeout=60)
    print(init.stdout + init.stderr, end="")
    if init.returncode != 0 or "Initialized" not in init.stdout:
        print("FAIL flaskr init-db")
        return 1
    port = free_port()
    log = open(os.path.join(args.out, "flaskr-server.log"), "w")
    server = subprocess.Popen([args.flaskr, "run", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port)
        browser = subprocess.run(["node", os.path.join(HERE, "browser", "flaskr.mjs"), f"http://127.0.0.1:{port}",
                                  os.path.abspath(args.out)], cwd=os.path.join(HERE, "browser"),
                                 capture_output=True, text=True, timeout=180)
        print(browser.stdout + browser.stderr, end="")
        return browser.returncode
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
