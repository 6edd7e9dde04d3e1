#!/usr/bin/env python3
"""Play the wrappers' part: refresh every heartbeat in DIR as a live wrapper does.

    refresh_heartbeats.py DIR [--interval 30] [--duration 600]

Every INTERVAL seconds, for each ``heartbeat-*.json`` in DIR: read it, set
``last_refresh`` to now (``toISOString()`` form), write ``<name>.<uuid>.tmp`` and
``rename()`` it over the original, as the TypeScript writer does. Files that vanish or
do not parse are left alone. Stops by itself after DURATION seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import time
import uuid
from datetime import datetime, timezone


def iso_js(epoch: float) -> str:
    dt = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def refresh(directory: str) -> int:
    done = 0
    for name in os.listdir(directory):
        if not (name.startswith("heartbeat-") and name.endswith(".json")):
            continue
        path = os.path.join(directory, name)
        try:
            with open(path) as f:
                payload = json.load(f)
        except (OSError, ValueError):
            continue
        payload["last_refresh"] = iso_js(time.time())
        tmp = f"{path}.{uuid.uuid4()}.tmp"
        with open(tmp, "w") as f:
            f.write(json.dumps(payload, separators=(",", ":")))
        os.rename(tmp, path)
        done += 1
    return done


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--interval", type=float, default=30)
    ap.add_argument("--duration", type=float, default=600)
    args = ap.parse_args()
    end = time.monotonic() + args.duration
    while time.monotonic() < end:
        refresh(args.dir)
        time.sleep(max(0.0, min(args.interval, end - time.monotonic())))


if __name__ == "__main__":
    main()
