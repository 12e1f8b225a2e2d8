#!/usr/bin/env python3
"""Session cookies cross between Python Flask and flaskcpp over real HTTP.

Starts the C++ conformance_app and a small Python Flask app with the same
secret key, then checks that each reads the session the other wrote (tagged
values included).  Usage: session_interop.py CONFORMANCE_APP SHARED_DIR
Ends with one line "N passed, M failed".
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time

SECRET = "flask-conformance-test-secret-key"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(port, proc=None):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise SystemExit(f"server on port {port} exited early")
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start")


def request(port, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "conformance.test"}
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read().decode()
    set_cookie = None
    for name, value in resp.getheaders():
        if name.lower() == "set-cookie" and value.startswith("session="):
            set_cookie = value.split(";", 1)[0][len("session="):]
    conn.close()
    return resp.status, body, set_cookie


def python_app():
    import datetime as dt
    import uuid

    from flask import Flask, jsonify, session
    from markupsafe import Markup

    app = Flask("interop")
    app.secret_key = SECRET
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(days=7)

    @app.route("/py/set")
    def py_set():
        session["user"] = "ann"
        session["n"] = 7
        session["tuple"] = (1, "two")
        session["bytes"] = b"\x00\xffraw"
        session["markup"] = Markup("<b>safe</b>")
        session["ident"] = uuid.UUID("12345678-1234-5678-1234-567812345678")
        session["when"] = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
        return "set"

    @app.route("/py/get")
    def py_get():
        return jsonify({k: repr(v) for k, v in session.items()})

    return app


def main():
    app_binary, shared = sys.argv[1], sys.argv[2]
    cpp_port, py_port = free_port(), free_port()
    env = dict(os.environ, FLASKCPP_CONFORMANCE_ROOT=os.path.join(shared, "conformance", "flask"))
    cpp = subprocess.Popen([app_binary, "run", "--port", str(cpp_port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", py_port, python_app())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: {detail}")

    try:
        wait_for(cpp_port, cpp)
        wait_for(py_port)

        # C++ writes, Python reads.
        _, _, cookie = request(cpp_port, "/session/set?user=bob&lang=%C3%BC")
        check("cpp-sets-cookie", cookie is not None, "no session cookie from flaskcpp")
        status, body, _ = request(py_port, "/py/get", cookie)
        got = json.loads(body) if status == 200 else {}
        check("python-reads-cpp-session", got == {"user": "'bob'", "lang": "'ü'"}, f"{status} {body}")

        _, _, tagged = request(cpp_port, "/session/tagged")
        status, body, _ = request(py_port, "/py/get", tagged)
        got = json.loads(body) if status == 200 else {}
        check("python-reads-cpp-tagged", got.get("tuple") == "(1, 'two', [3])"
              and got.get("bytes") == "b'\\x00binary\\xff'"
              and got.get("markup") == "Markup('<b>kept safe</b>')"
              and got.get("ident") == "UUID('87654321-4321-8765-4321-876543218765')"
              and got.get("when") == "datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)",
              body)

        # Python writes, C++ reads.
        _, _, cookie = request(py_port, "/py/set")
        check("python-sets-cookie", cookie is not None, "no session cookie from Flask")
        status, body, _ = request(cpp_port, "/session/tagged-read", cookie)
        got = json.loads(body) if status == 200 else {}
        expected = {
            "user": {"type": "str", "value": "ann"},
            "n": {"type": "int", "value": 7},
            "tuple": {"type": "tuple", "value": [{"type": "int", "value": 1}, {"type": "str", "value": "two"}]},
            "bytes": {"type": "bytes", "value": "00ff726177"},
            "markup": {"type": "markup", "value": "<b>safe</b>"},
            "ident": {"type": "uuid", "value": "12345678-1234-5678-1234-567812345678"},
            "when": {"type": "datetime", "value": "2024-01-02T03:04:05+00:00"},
        }
        check("cpp-reads-python-session", got == expected, f"{status} {body}")

        # A cookie signed with another key is ignored by both.
        status, body, _ = request(cpp_port, "/session/get", cookie[:-2] + "xx")
        check("cpp-ignores-tampered", status == 200 and json.loads(body)["session"] == {}, body)
    finally:
        cpp.terminate()
        cpp.wait(10)
        server.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
