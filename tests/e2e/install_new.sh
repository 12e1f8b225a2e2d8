#!/usr/bin/env bash
# `make install` and `flaskcpp new`, as an out-of-tree user meets them:
# install into a temp prefix, create an app with the installed command, build
# it with plain CMake (find_package(flaskcpp), static flask::flask) and with
# the installed flaskcpp, and serve its page.
#   install_new.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }
ok() { echo "ok   $*"; }

prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
[[ -x "$prefix/bin/flaskcpp" ]] || fail "flaskcpp installed in bin/"
config="$(find "$prefix" -name flaskcppConfig.cmake | head -n1)"
[[ -n "$config" ]] || fail "flaskcppConfig.cmake installed"
[[ -f "$prefix/include/flask/flask.hpp" ]] || fail "headers installed"
ok "installed: bin/flaskcpp, include/flask, ${config#$prefix/}"

cd "$work"
"$prefix/bin/flaskcpp" new blog >/dev/null
for f in blog/CMakeLists.txt blog/app.cpp blog/templates/index.html blog/static/style.css; do
  [[ -f "$f" ]] || fail "flaskcpp new created $f"
done
ok "flaskcpp new blog: CMakeLists.txt, app.cpp, templates/, static/"
if "$prefix/bin/flaskcpp" new blog >/dev/null 2>&1; then fail "flaskcpp new refuses an existing folder"; fi

cmake -S blog -B blog/build -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >"$work/cmake.log" || { cat "$work/cmake.log"; fail "plain CMake configures"; }
cmake --build blog/build >"$work/build.log" || { cat "$work/build.log"; fail "plain CMake builds"; }
blog/build/blog routes | grep -q "index" || blog/build/blog routes | grep -q " /" || fail "the app's routes command"
ok "plain CMake build (flask::flask, static)"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
blog/build/blog run --port "$port" >"$work/serve.log" 2>&1 &
server=$!
body=""
for _ in $(seq 1 100); do
  body="$(curl -fsS "http://127.0.0.1:$port/" 2>/dev/null || true)"
  [[ -n "$body" ]] && break
  sleep 0.1
done
grep -q "Hello from blog!" <<<"$body" || fail "the new app serves its template (got: $body)"
curl -fsS "http://127.0.0.1:$port/static/style.css" | grep -q "font-family" || fail "the new app serves static/"
kill "$server"; wait "$server" 2>/dev/null || true; server=""
ok "the new app serves its template and static file"

# HTTPS served directly, checked with curl.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
blog/build/blog run --port "$port" --cert "$work/cert.pem" --key "$work/key.pem" >"$work/serve-tls.log" 2>&1 &
server=$!
body=""
for _ in $(seq 1 100); do
  body="$(curl -fsS --cacert "$work/cert.pem" "https://localhost:$port/" 2>/dev/null || true)"
  [[ -n "$body" ]] && break
  sleep 0.1
done
grep -q "Hello from blog!" <<<"$body" || fail "run --cert --key serves HTTPS (got: $body)"
grep -q "Running on https://" "$work/serve-tls.log" || fail "the banner says https"
if curl -fsS --max-time 5 "http://localhost:$port/" >/dev/null 2>&1; then fail "plain HTTP on the HTTPS port"; fi
kill "$server"; wait "$server" 2>/dev/null || true; server=""
ok "run --cert --key serves HTTPS (curl verifies the certificate)"

export FLASKCPP_CACHE_DIR="$work/cache"
exe="$("$prefix/bin/flaskcpp" --app blog build 2>"$work/flaskcpp-build.log")" || { cat "$work/flaskcpp-build.log"; fail "installed flaskcpp builds the app"; }
[[ -x "$exe" ]] || fail "flaskcpp build prints the executable"
grep -q "Built blog in" "$work/flaskcpp-build.log" || fail "flaskcpp build reports its time"
"$prefix/bin/flaskcpp" --app blog routes | grep -q "static" || fail "flaskcpp passes routes through to the app"
ok "installed flaskcpp builds the app ($(grep -o 'Built blog in [0-9.]*s' "$work/flaskcpp-build.log"))"
echo "install_new: passed"
