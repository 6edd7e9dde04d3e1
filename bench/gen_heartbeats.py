#!/usr/bin/env python3
"""Write N heartbeat files in the real wrapper format, for the scan benchmarks.

    gen_heartbeats.py N DIR [--seed S] [--live-pids P1,P2,...] [--sleepers K]
                            [--pids-file FILE]

Files are ``heartbeat-<pid>-<uuid>.json`` with the payload the TypeScript wrapper
writes (``JSON.stringify``, compact, ``toISOString()`` timestamps) and an mtime equal
to ``last_refresh``. The mix is one third each, shuffled:

- fresh:  last_refresh 0-30 s ago, pid of a live process. Live pids come from
          ``--live-pids`` or, if absent, from K ``sleep`` processes spawned here
          (detached, they end by themselves after an hour); their pids are printed
          and written to ``--pids-file`` so the caller can kill them. There are far
          fewer live pids than fresh files (pid_max is 32768 here), so fresh pids
          repeat; a scanner that memoised kill() per pid would gain from that.
- stale:  last_refresh 10 min (+0-60 s) ago, dead pid.
- orphan: last_refresh 0-30 s ago, dead pid.

Dead pids are ``pid_max + 1 + i`` (distinct, above /proc/sys/kernel/pid_max, so no
process can ever hold them and kill() answers ESRCH, deterministically).

Given the same seed, N and live pids, names and payloads are identical except the
timestamps, which are relative to now. Prints one JSON line describing the set.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone


def iso_js(epoch: float) -> str:
    """JavaScript Date.prototype.toISOString(): millisecond precision, 'Z'."""
    dt = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def pid_max() -> int:
    with open("/proc/sys/kernel/pid_max") as f:
        return int(f.read())


def spawn_sleepers(count: int) -> list[int]:
    pids = []
    for _ in range(count):
        proc = subprocess.Popen(
            ["sleep", "3600"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        pids.append(proc.pid)
    return pids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--live-pids", help="comma-separated pids of live processes to use for fresh files")
    ap.add_argument("--sleepers", type=int, default=8, help="sleep processes to spawn when --live-pids is absent")
    ap.add_argument("--pids-file", help="write the live pids here, one a line")
    args = ap.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    if any(name.startswith("heartbeat-") for name in os.listdir(args.dir)):
        print(f"{args.dir} already holds heartbeat files; use an empty directory", file=sys.stderr)
        return 2

    if args.live_pids:
        live = [int(p) for p in args.live_pids.split(",") if p]
        spawned = False
    else:
        live = spawn_sleepers(args.sleepers)
        spawned = True
    if args.pids_file:
        with open(args.pids_file, "w") as f:
            f.write("".join(f"{p}\n" for p in live))

    rng = random.Random(args.seed)
    kinds = ["fresh", "stale", "orphan"] * (args.n // 3 + 1)
    kinds = kinds[: args.n]
    rng.shuffle(kinds)

    dead_base = pid_max() + 1
    now = time.time()
    counts = {"fresh": 0, "stale": 0, "orphan": 0}
    for i, kind in enumerate(kinds):
        wrapper_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if kind == "fresh":
            pid = live[rng.randrange(len(live))]
            last = now - rng.uniform(0, 30)
        elif kind == "stale":
            pid = dead_base + i
            last = now - 600 - rng.uniform(0, 60)
        else:
            pid = dead_base + i
            last = now - rng.uniform(0, 30)
        started = last - rng.uniform(60, 7200)
        payload = {
            "pid": pid,
            "uuid": wrapper_uuid,
            "started_at": iso_js(started),
            "last_refresh": iso_js(last),
            "wrapper_version": "1.4.2",
            "schema_version": 1,
        }
        path = os.path.join(args.dir, f"heartbeat-{pid}-{wrapper_uuid}.json")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, json.dumps(payload, separators=(",", ":")).encode())
        finally:
            os.close(fd)
        os.utime(path, (last, last))
        counts[kind] += 1

    print(json.dumps({"n": args.n, "dir": os.path.abspath(args.dir), "seed": args.seed,
                      **counts, "live_pids": live, "spawned_sleepers": spawned}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
