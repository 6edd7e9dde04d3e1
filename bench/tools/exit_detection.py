#!/usr/bin/env python3
"""How long the service takes to see a lone wrapper's process die (SIGKILL, no file event).

    exit_detection.py PORT DIR [--rounds 10]

Each round: start ``sleep 600`` (the wrapper stand-in, a child of this script so that it
is reaped at once, as an MCP client reaps its wrapper), write its heartbeat into DIR as
the real writer does (``started_at`` = ``last_refresh`` = now, tmp + rename), wait until
``GET /actuator/presence`` lists it FRESH, SIGKILL it at a random moment, then poll the presence every 10 ms
until it is no longer FRESH. Nothing else touches DIR, so no directory event can wake a
rescan: only the service's own means can notice. The file is removed between rounds.
Prints one JSON line: every detection time in ms, median and max.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import time
import urllib.request
import uuid
from datetime import datetime, timezone


def iso_js(epoch: float) -> str:
    dt = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def status(port: int, pid: int) -> str | None:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/presence", timeout=10) as response:
        entries = json.load(response)["entries"]
    return next((e["status"] for e in entries if e["pid"] == pid), None)


def write_heartbeat(directory: str, pid: int) -> str:
    now = iso_js(time.time())
    writer = str(uuid.uuid4())
    path = os.path.join(directory, f"heartbeat-{pid}-{writer}.json")
    payload = {"pid": pid, "uuid": writer, "started_at": now, "last_refresh": now,
               "wrapper_version": "bench", "schema_version": 1}
    tmp = f"{path}.{uuid.uuid4()}.tmp"
    with open(tmp, "w") as f:
        f.write(json.dumps(payload, separators=(",", ":")))
    os.rename(tmp, path)
    return path


def until(condition, timeout: float, interval: float) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise TimeoutError("condition not met within %s s" % timeout)
        time.sleep(interval)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("dir")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    samples = []
    for _ in range(args.rounds):
        wrapper = subprocess.Popen(["sleep", "600"])
        path = write_heartbeat(args.dir, wrapper.pid)
        until(lambda: status(args.port, wrapper.pid) == "FRESH", 60, 0.05)
        # At a random moment, so that the kills do not all fall at one phase of a periodic check.
        time.sleep(0.5 + random.random())
        wrapper.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        wrapper.wait()
        until(lambda: status(args.port, wrapper.pid) != "FRESH", 120, 0.01)
        samples.append(round((time.monotonic() - killed) * 1000))
        if os.path.exists(path):  # the tick may have deleted it already
            os.remove(path)
        time.sleep(1.3)
    print(json.dumps({"detection_ms": samples, "median_ms": statistics.median(samples), "max_ms": max(samples),
                      "rounds": args.rounds}))


if __name__ == "__main__":
    main()
