#!/usr/bin/env python3
"""Write N heartbeat files in the real wrapper format, for the scan benchmarks.

    gen_heartbeats.py N DIR [--seed S] [--mix F,S,O]
                            [--live-pids FILE | --sleepers K --pids-file FILE]

Files are ``heartbeat-<pid>-<uuid>.json`` with the payload the TypeScript wrapper
writes (``JSON.stringify``, compact, ``toISOString()`` timestamps) and an mtime equal
to ``last_refresh``. The mix is one third each by default (``--mix`` weights), shuffled:

- fresh:  last_refresh 0-30 s ago (never before its process started), pid of a live
          process, started_at = that process's start time as /proc tells it (so a
          scanner checking for pid reuse by start time sees the right wrapper).
          Live pids are read from ``--live-pids FILE`` (one a line, e.g. the thread ids
          of live_holder.py) or, if absent, are those of K ``sleep`` processes spawned
          here (detached, they end by themselves after an hour), written to
          ``--pids-file`` so the caller can kill them. Fresh files take the live pids
          in turn: all distinct while there are at least as many live pids as fresh
          files; with fewer, pids repeat and a scanner that probes each distinct pid
          once per scan gains from that.
- stale:  last_refresh 10 min (+0-60 s) ago, dead pid.
- orphan: last_refresh 0-30 s ago, dead pid.

Dead pids are ``pid_max + 1 + i`` (distinct, above /proc/sys/kernel/pid_max, so no
process can ever hold them and kill() answers ESRCH, deterministically).

Given the same seed, N and live pids, names and payloads are identical except the
timestamps, which are relative to now and to the live processes' start. Prints one JSON line describing the set.
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


def boot_time() -> float:
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime "):
                return float(line.split()[1])
    raise RuntimeError("no btime in /proc/stat")


def process_start(pid: int, btime: float, hz: int) -> float:
    """Start time as Java's ProcessHandle computes it: btime + starttime ticks / CLK_TCK."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return btime + int(fields[19]) / hz


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
    ap.add_argument("--mix", default="1,1,1", help="weights of fresh,stale,orphan (default 1,1,1)")
    ap.add_argument("--live-pids", help="file of live pids (one a line) to use for fresh files")
    ap.add_argument("--sleepers", type=int, default=8, help="sleep processes to spawn when --live-pids is absent")
    ap.add_argument("--pids-file", help="write the spawned sleepers' pids here, one a line")
    args = ap.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    if any(name.startswith("heartbeat-") for name in os.listdir(args.dir)):
        print(f"{args.dir} already holds heartbeat files; use an empty directory", file=sys.stderr)
        return 2

    if args.live_pids:
        with open(args.live_pids) as f:
            live = [int(p) for p in f.read().split()]
        spawned = False
    else:
        live = spawn_sleepers(args.sleepers)
        spawned = True
        if args.pids_file:
            with open(args.pids_file, "w") as f:
                f.write("".join(f"{p}\n" for p in live))
    btime, hz = boot_time(), os.sysconf("SC_CLK_TCK")
    live_start = {pid: process_start(pid, btime, hz) for pid in set(live)}

    rng = random.Random(args.seed)
    weights = [float(w) for w in args.mix.split(",")]
    total = sum(weights)
    kinds = []
    for kind, weight in zip(("fresh", "stale", "orphan"), weights):
        kinds += [kind] * round(args.n * weight / total)
    kinds = (kinds + ["orphan"] * args.n)[: args.n]
    rng.shuffle(kinds)

    dead_base = pid_max() + 1
    counts = {"fresh": 0, "stale": 0, "orphan": 0}
    for i, kind in enumerate(kinds):
        now = time.time()  # per file: writing 100,000 takes long enough to age the first ones
        wrapper_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if kind == "fresh":
            pid = live[counts["fresh"] % len(live)]
            last = now - rng.uniform(0, min(30.0, max(0.0, now - live_start[pid])))
            started = live_start[pid]
        elif kind == "stale":
            pid = dead_base + i
            last = now - 600 - rng.uniform(0, 60)
        else:
            pid = dead_base + i
            last = now - rng.uniform(0, 30)
        if kind != "fresh":
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
                      **counts, "live_pids": len(set(live)), "spawned_sleepers": spawned}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
