#!/usr/bin/env bash
# The README's deployment, on this machine: Flaskr as three instances behind
# nginx on http://127.0.0.1:${PORT:-8080}, sessions in Redis when
# SESSION_REDIS=1, everything under deploy/ (git-ignored).  Ctrl+C stops it all.
#   scripts/deploy_local.sh            (after `make build`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-8080}"
run="$root/deploy"
flaskr="$root/build/examples/flaskr"
[[ -x "$flaskr" ]] || { echo "build/examples/flaskr is missing: run 'make build' first" >&2; exit 1; }
mkdir -p "$run"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

export FLASK_SECRET_KEY="${FLASK_SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_hex())')}"
export FLASK_DATABASE="$run/flaskr.sqlite" FLASK_PROXY_FIX=1
if [[ "${SESSION_REDIS:-0}" == 1 ]]; then
  redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no --loglevel warning &
  pids+=($!)
  export FLASK_SESSION_REDIS=127.0.0.1:6390
fi
[[ -f "$FLASK_DATABASE" ]] || "$flaskr" init-db

servers=""
for p in 8001 8002 8003; do
  "$flaskr" run --host 127.0.0.1 --port "$p" >"$run/flaskr-$p.log" 2>&1 &
  pids+=($!)
  servers+="    server 127.0.0.1:$p;"$'\n'
done
cat >"$run/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $run/nginx-error.log warn;
pid $run/nginx.pid;
events { worker_connections 1024; }
http {
  access_log $run/nginx-access.log;
  client_body_temp_path $run/body;
  proxy_temp_path $run/proxy;
  fastcgi_temp_path $run/fastcgi;
  uwsgi_temp_path $run/uwsgi;
  scgi_temp_path $run/scgi;
  upstream flaskr {
$servers    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://flaskr;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host:\$server_port;
      proxy_next_upstream error timeout non_idempotent;
    }
  }
}
CONF
nginx -c "$run/nginx.conf" -p "$run" &
pids+=($!)
echo "Flaskr on http://127.0.0.1:$port (instances on 8001-8003, logs in deploy/). Ctrl+C stops everything."
echo "Rolling restart of one instance: kill -TERM <pid>, then start it again as above."
wait
