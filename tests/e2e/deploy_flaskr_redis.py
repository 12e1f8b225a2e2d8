#!/usr/bin/env python3
"""Flaskr deployed as three instances behind nginx with server-side sessions
in Redis (redis-server and nginx started here on loopback ports).

A user registers and logs in through nginx; each instance, asked directly,
sees the login (the session is in Redis, the cookie holds only a signed id);
an instance restarted with SIGTERM still sees it; logging out through one
instance ends the session on all.

Usage: deploy_flaskr_redis.py --flaskr BUILD/examples/flaskr --out DIR
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deploy_nginx import NGINX_CONF, Instance, request  # noqa: E402
from e2e_support import check, failures, free_port, wait_until_up  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flaskr", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="flaskcpp-flaskr-redis-")
    redis_port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--loglevel", "warning"], stdout=subprocess.DEVNULL)
    env = dict(os.environ, FLASK_DATABASE=os.path.join(work, "flaskr.sqlite"), FLASK_SECRET_KEY="deploy-secret",
               FLASK_PROXY_FIX="1", FLASK_SESSION_REDIS=f"127.0.0.1:{redis_port}")
    nginx_proc = None
    instances = [Instance(os.path.abspath(args.flaskr), free_port(), env, args.out) for _ in range(3)]
    try:
        check(wait_until_up(redis_port), "redis-server is up")
        init = subprocess.run([args.flaskr, "init-db"], env=env, capture_output=True, text=True, timeout=60)
        check("Initialized" in init.stdout, "flaskr init-db")
        for inst in instances:
            check(inst.start(), f"flaskr instance on {inst.port} starts")
        nginx_port = free_port()
        servers = "\n".join(f"        server 127.0.0.1:{i.port} max_fails=0;" for i in instances)
        with open(os.path.join(work, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF.format(work=work, servers=servers, port=nginx_port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx_proc = subprocess.Popen([nginx, "-c", os.path.join(work, "nginx.conf"), "-p", work],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        check(wait_until_up(nginx_port), "nginx is up")
        base = f"http://127.0.0.1:{nginx_port}"
        form_type = {"Content-Type": "application/x-www-form-urlencoded"}
        creds = urllib.parse.urlencode({"username": "carol", "password": "s3cret"}).encode()
        status, headers, _ = request(base + "/auth/register", data=creds, headers=form_type)
        check(status == 302 and headers.get("Location", "").endswith("/auth/login"), f"register through nginx ({status})")
        status, headers, _ = request(base + "/auth/login", data=creds, headers=form_type)
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        check(status == 302 and cookie.startswith("session="), f"login through nginx ({status})")
        check("user_id" not in cookie and len(cookie) < 120, "the cookie holds a signed id, not the session data")

        def logged_in(port):
            _, _, body = request(f"http://127.0.0.1:{port}/", headers={"Cookie": cookie})
            return "carol" in body and "Log Out" in body

        for inst in instances:
            check(logged_in(inst.port), f"instance {inst.port} sees the login from Redis")
        inst = instances[1]
        check(inst.stop(), f"instance {inst.port} stops on SIGTERM")
        check(inst.start(), f"instance {inst.port} restarts")
        check(logged_in(inst.port), "the restarted instance still sees the login")
        request(f"http://127.0.0.1:{instances[2].port}/auth/logout", headers={"Cookie": cookie})
        check(not logged_in(instances[0].port), "logging out on one instance ends the session on the others")
    finally:
        if nginx_proc:
            nginx_proc.send_signal(signal.SIGQUIT)
            nginx_proc.wait(timeout=10)
        for inst in instances:
            if inst.proc and inst.proc.poll() is None:
                inst.stop()
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"deploy flaskr redis: {'passed' if not failures else str(len(failures)) + ' checks failed'}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
