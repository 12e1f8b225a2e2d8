#!/usr/bin/env bash
# Compares bench_app with nginx serving a fixed string, as ../shared/bench/README.md
# describes: each server pinned to core 1, wrk on core 0, interleaved runs.
# Usage: scripts/bench.sh [extra bench.py options]   (needs wrk and nginx: make bench installs them)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${FLASKCPP_SHARED:-$root/../shared}
app=$root/build/bench/bench_app
work=$(mktemp -d)
trap 'kill $app_pid $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
app_port=$(free_port)
nginx_port=$(free_port)

taskset -c 1 "$app" run --host 127.0.0.1 --port "$app_port" >"$work/app.log" 2>&1 &
app_pid=$!

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$nginx_port;
    location /plaintext { default_type text/plain; return 200 "Hello, World!"; }
  }
}
CONF
taskset -c 1 nginx -c "$work/nginx.conf" &
nginx_pid=$!
sleep 1
nginx_worker=$(pgrep -P "$nginx_pid" | head -1 || echo "$nginx_pid")

python3 "$shared/bench/bench.py" check "http://127.0.0.1:$app_port"
python3 "$shared/bench/bench.py" compare "flaskcpp=http://127.0.0.1:$app_port" "nginx=http://127.0.0.1:$nginx_port" \
  --wrk-cpu 0 --alternate --pid "flaskcpp=$app_pid" --pid "nginx=$nginx_pid,$nginx_worker" \
  --skip nginx=json,user,fortunes --wait-idle 15 --retry-noisy 25 "$@"
