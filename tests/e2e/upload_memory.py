#!/usr/bin/env python3
"""Uploads a big multipart file part to a real flaskcpp server and checks that
the server's memory stays flat (request.files spools file parts to disk).

    python3 tests/e2e/upload_memory.py BUILD/tests/unit/unit_multipart [--mib 1024] [--limit-mib 64]

Starts the test binary's UploadServer.DISABLED_Serve (an app with
MAX_CONTENT_LENGTH unset and a /upload route), streams the body generated on
the fly (never held in memory here either), samples the server's VmRSS while
it uploads, and prints the growth.  Exit status 1 when the peak RSS grew by
the limit or more, or the upload failed.  Standard library only; slow (not
registered with ctest).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

BOUNDARY = "----flaskcppUploadMemory7MA4YWxkTrZu0gW"


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", help="the unit_multipart test binary")
    parser.add_argument("--mib", type=int, default=1024, help="file part size in MiB (default 1024 = 1 GiB)")
    parser.add_argument("--limit-mib", type=int, default=64, help="allowed RSS growth in MiB")
    args = parser.parse_args()

    port = free_port()
    env = dict(os.environ, FLASKCPP_UPLOAD_PORT=str(port))
    server = subprocess.Popen(
        [args.binary, "--gtest_also_run_disabled_tests", "--gtest_filter=UploadServer.DISABLED_Serve"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if server.poll() is not None:
                    print("server exited early", file=sys.stderr)
                    return 1
                time.sleep(0.05)
        time.sleep(0.2)
        baseline = rss_kib(server.pid)

        head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nbig one\r\n"
                f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        size = args.mib * 1024 * 1024
        chunk = (bytes(range(256)) * 1024)[:1024 * 1024]  # 1 MiB, with CR/LF bytes in it
        total = len(head) + size + len(tail)

        peak = baseline
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                try:
                    peak = max(peak, rss_kib(server.pid))
                except OSError:
                    return
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.monotonic()
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall((f"POST /upload HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                      f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                      f"Content-Length: {total}\r\n\r\n").encode())
        sock.sendall(head)
        sent = 0
        while sent < size:
            piece = chunk[:min(len(chunk), size - sent)]
            sock.sendall(piece)
            sent += len(piece)
        sock.sendall(tail)
        response = b""
        while True:
            data = sock.recv(65536)
            if not data:
                break
            response += data
        sock.close()
        elapsed = time.monotonic() - started
        done.set()
        sampler.join()
        peak = max(peak, rss_kib(server.pid))
        hwm = rss_kib(server.pid, "VmHWM")

        status_line = response.split(b"\r\n", 1)[0].decode(errors="replace")
        body = response.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in response else b""
        print(f"status: {status_line}")
        print(f"response: {body.decode(errors='replace').strip()}")
        grew_mib = (peak - baseline) / 1024
        print(f"uploaded {size / 2**20:.0f} MiB file part in {elapsed:.1f} s ({size / 2**20 / elapsed:.0f} MiB/s)")
        print(f"server RSS: baseline {baseline / 1024:.1f} MiB, peak sampled {peak / 1024:.1f} MiB, "
              f"VmHWM {hwm / 1024:.1f} MiB -> grew by {grew_mib:.1f} MiB (limit {args.limit_mib} MiB)")
        ok = status_line.startswith("HTTP/1.1 200")
        try:
            info = json.loads(body)
            ok = ok and info.get("size") == size and info.get("on_disk") is True
        except ValueError:
            ok = False
        ok = ok and (max(peak, hwm) - baseline) / 1024 < args.limit_mib
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
