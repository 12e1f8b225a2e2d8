#!/usr/bin/env python3
"""Deployment behind nginx: three flaskcpp instances of one app, nginx (Debian's)
as reverse proxy on loopback ports, started and stopped by this test.

Checks: requests are spread over the instances; ProxyFix sees the client
through X-Forwarded-*; a login made through one instance is valid on each of
the others (the signed-cookie session needs only the shared SECRET_KEY); and
restarting the instances one by one with SIGTERM while clients keep sending
requests produces no 5xx and no failed request at nginx.

Usage: deploy_nginx.py --app BUILD/tests/conformance/conformance_app --shared ../shared --out DIR
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import check, failures, free_port, wait_until_up  # noqa: E402





class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def request(url, data=None, headers=None, timeout=10):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")



class Instance:
    def __init__(self, app, port, env, log_dir):
        self.app, self.port, self.env, self.log_dir = app, port, env, log_dir
        self.proc = None

    def start(self):
        log = open(os.path.join(self.log_dir, f"instance-{self.port}.log"), "a")
        self.proc = subprocess.Popen([self.app, "run", "--host", "127.0.0.1", "--port", str(self.port)],
                                     env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return wait_until_up(self.port)

    def stop(self, timeout=20):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return False


NGINX_CONF = """
worker_processes 1;
daemon off;
error_log {work}/nginx-error.log warn;
pid {work}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream flaskcpp {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://flaskcpp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host:$server_port;
            # An instance that is restarting refuses or resets: try the next one.
            proxy_next_upstream error timeout non_idempotent;
            proxy_connect_timeout 2s;
        }}
    }}
}}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    check(os.path.exists(nginx), "nginx is installed (the bootstrap installs nginx-light)")
    if failures:
        return 1

    work = tempfile.mkdtemp(prefix="flaskcpp-deploy-")
    env = dict(os.environ, FLASKCPP_SHARED=os.path.abspath(args.shared))
    instances = [Instance(os.path.abspath(args.app), free_port(), env, args.out) for _ in range(3)]
    nginx_port = free_port()
    base = f"http://127.0.0.1:{nginx_port}"
    nginx_proc = None
    try:
        for inst in instances:
            check(inst.start(), f"instance on port {inst.port} starts")
        servers = "\n".join(f"        server 127.0.0.1:{i.port} max_fails=0;" for i in instances)
        with open(os.path.join(work, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF.format(work=work, servers=servers, port=nginx_port))
        nginx_proc = subprocess.Popen([nginx, "-c", os.path.join(work, "nginx.conf"), "-p", work],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        check(wait_until_up(nginx_port), f"nginx listens on {nginx_port}")

        # ProxyFix: the mounted /mw app trusts one proxy for X-Forwarded-For/Proto/Host.
        status, _, body = request(base + "/mw/info")
        info = json.loads(body) if status == 200 else {}
        check(info.get("remote_addr") == "127.0.0.1", f"ProxyFix: remote_addr from X-Forwarded-For ({info.get('remote_addr')})")
        check(f"127.0.0.1:{nginx_port}" in json.dumps(info), "ProxyFix: the host the client used (nginx's) is seen")

        # A login through nginx is valid on every instance.
        form = urllib.parse.urlencode({"username": "ada"}).encode()
        status, headers, _ = request(base + "/session/login", data=form,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        check(status == 302 and cookie.startswith("session="), f"login through nginx sets the session ({status})")
        for inst in instances:
            _, _, body = request(f"http://127.0.0.1:{inst.port}/session/", headers={"Cookie": cookie})
            check(body == "Logged in as ada", f"the login is valid on the instance at {inst.port}: {body!r}")

        # Rolling restart under load: no 5xx, no failed request.
        stop = threading.Event()
        results = {"ok": 0, "bad": [], "errors": []}
        lock = threading.Lock()

        def client():
            while not stop.is_set():
                try:
                    status, _, body = request(base + "/session/", headers={"Cookie": cookie}, timeout=10)
                    with lock:
                        if status == 200 and body == "Logged in as ada":
                            results["ok"] += 1
                        else:
                            results["bad"].append(status)
                except Exception as e:  # noqa: BLE001 - any failure counts
                    with lock:
                        results["errors"].append(repr(e))

        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(1)
        for inst in instances:
            stopped = inst.stop()
            check(stopped, f"instance {inst.port} drains and exits on SIGTERM")
            check(inst.start(), f"instance {inst.port} is back")
            time.sleep(0.5)
        time.sleep(1)
        stop.set()
        for t in threads:
            t.join()
        print(f"rolling restart: {results['ok']} requests answered, {len(results['bad'])} bad, "
              f"{len(results['errors'])} failed", flush=True)
        check(results["ok"] > 100, "clients kept being served during the restarts")
        check(not results["bad"], f"no 5xx or wrong answer during the restarts {results['bad'][:5]}")
        check(not results["errors"], f"no failed request during the restarts {results['errors'][:3]}")
    finally:
        if nginx_proc:
            nginx_proc.send_signal(signal.SIGQUIT)
            try:
                nginx_proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx_proc.kill()
        for inst in instances:
            if inst.proc and inst.proc.poll() is None:
                inst.stop()
        for name in ["nginx-error.log"]:
            if os.path.exists(os.path.join(work, name)):
                shutil.copy(os.path.join(work, name), args.out)
        shutil.rmtree(work, ignore_errors=True)
    print(f"deploy nginx: {'passed' if not failures else str(len(failures)) + ' checks failed'}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
