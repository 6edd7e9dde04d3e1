#!/usr/bin/env python3
"""Time a service start: from launching the command to /actuator/health answering 200.

    start_time.py --label L [--runs 5] [--warmup 1] [--drop] [--cwd DIR] -- JAVA ARGS...

Each run picks a free loopback port and a fresh empty wrappers dir and store, appends
``--server.port=P --iai.heartbeat.wrappers-dir=D`` to the command, starts it, polls
``GET http://127.0.0.1:P/actuator/health`` every 5 ms, then stops it (SIGTERM, then
SIGKILL after 15 s). Also reads Spring Boot's own "Started ... in X seconds (process
running for Y)" log line. --warmup runs are discarded (page cache warm); --drop drops the
page cache before every run (cold start; root only). --until-exit times a one-shot command
(``check``) from launch to its exit instead, and records its exit code. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

STARTED = re.compile(r"Started \S+ in ([\d.]+) seconds \(process running for ([\d.]+)\)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/actuator/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def drop_caches() -> bool:
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3")
        return True
    except OSError:
        return False


def one_run(cmd: list[str], cwd: str | None, timeout: float, until_exit: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="hb-start.") as tmp:
        port = free_port()
        log_path = os.path.join(tmp, "service.log")
        env = dict(os.environ, IAI_MCP_STORE=os.path.join(tmp, "store"))
        full = cmd + [f"--server.port={port}", f"--iai.heartbeat.wrappers-dir={os.path.join(tmp, 'wrappers')}"]
        with open(log_path, "w") as log:
            t0 = time.monotonic()
            proc = subprocess.Popen(full, cwd=cwd or tmp, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            ms = None
            exit_code = None
            try:
                while until_exit and time.monotonic() - t0 < timeout:
                    if proc.poll() is not None:
                        ms = (time.monotonic() - t0) * 1000
                        exit_code = proc.returncode
                        break
                    time.sleep(0.002)
                while not until_exit and time.monotonic() - t0 < timeout:
                    if healthy(port):
                        ms = (time.monotonic() - t0) * 1000
                        break
                    if proc.poll() is not None:
                        break
                    time.sleep(0.005)
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        text = open(log_path, errors="replace").read()
        m = STARTED.search(text)
        if ms is None:
            sys.stderr.write(text[-3000:])
        return {"health_ms": ms, "exit_code": exit_code, "spring_started_s": float(m.group(1)) if m else None,
                "spring_process_s": float(m.group(2)) if m else None,
                # what Java 25 prints when the cache is missing or stale (it then starts without it)
                "aot_cache_warning": bool(re.search(r"\[(?:error|warning)\s*\]\[(?:aot|cds)\]", text))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--drop", action="store_true")
    ap.add_argument("--cwd")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--until-exit", action="store_true")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd

    for _ in range(args.warmup):
        one_run(cmd, args.cwd, args.timeout, args.until_exit)
    runs = []
    dropped = False
    for _ in range(args.runs):
        if args.drop:
            dropped = drop_caches()
        runs.append(one_run(cmd, args.cwd, args.timeout, args.until_exit))
    ok = [r["health_ms"] for r in runs if r["health_ms"] is not None]
    spring = [r["spring_process_s"] for r in runs if r["spring_process_s"] is not None]
    print(json.dumps({
        "label": args.label, "runs": len(runs), "failed": len(runs) - len(ok), "cache_dropped": dropped,
        "health_ms_median": round(statistics.median(ok), 1) if ok else None,
        "health_ms_min": round(min(ok), 1) if ok else None, "health_ms_max": round(max(ok), 1) if ok else None,
        "spring_process_s_median": statistics.median(spring) if spring else None,
        "aot_cache_warning": any(r["aot_cache_warning"] for r in runs),
        "health_ms_all": [round(x, 1) for x in ok], "exit_codes": sorted({r["exit_code"] for r in runs} - {None}), "cmd": " ".join(cmd), "git": os.environ.get("GIT_REV"),
    }))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
