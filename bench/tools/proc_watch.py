#!/usr/bin/env python3
"""Watch one process's CPU and memory from /proc, and say which threads spent the CPU.

    proc_watch.py PID --duration S [--interval I] --out PREFIX

Reads /proc/PID/stat (utime+stime, clock ticks), /proc/PID/status (VmRSS, VmHWM),
/proc/PID/smaps_rollup (private memory: Private_Dirty, Private_Clean, Anonymous) and,
per thread, /proc/PID/task/TID/{stat,comm,schedstat} (schedstat's first field is
on-CPU time in ns, finer than the 10 ms ticks). Writes PREFIX-timeline.csv (one row per
interval) and PREFIX-threads.csv (CPU per thread over the window, threads that exited
during the window included as far as they were seen), and prints a JSON summary line.
The window starts at the first sample; it stops by itself after S seconds or when the
process exits.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def ticks(stat: str) -> int:
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def status_kib(pid: int) -> dict[str, int]:
    out = {}
    for line in (read(f"/proc/{pid}/status") or "").splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
            out[key] = int(value.split()[0])
    return out


def smaps_kib(pid: int) -> dict[str, int]:
    """Private_Dirty is what the process alone has written (heap, metaspace, code, stacks,
    malloc); Anonymous is its anonymous memory, private or not (a JVM shares none). Both do not
    depend on other processes mapping the same files, unlike Private_Clean, which is file pages
    no other process maps (the JDK's libraries are Shared_Clean while another JVM runs)."""
    out = {}
    for line in (read(f"/proc/{pid}/smaps_rollup") or "").splitlines()[1:]:
        key, _, value = line.partition(":")
        if key in ("Rss", "Pss", "Private_Dirty", "Private_Clean", "Shared_Clean", "Anonymous"):
            out[key] = int(value.split()[0])
    return out


def threads(pid: int) -> dict[int, tuple[str, int, int]]:
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        base = f"/proc/{pid}/task/{tid}"
        stat, comm, sched = read(f"{base}/stat"), read(f"{base}/comm"), read(f"{base}/schedstat")
        if stat and comm and sched:
            out[int(tid)] = (comm.strip(), ticks(stat), int(sched.split()[0]))
    return out


def family(name: str) -> str:
    """Thread name without its instance number: http-nio-8479-exec-7 -> http-nio-*-exec-*."""
    return re.sub(r"\d+", "*", name)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pid", type=int)
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--interval", type=float, default=10)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    pid = args.pid

    stat0 = read(f"/proc/{pid}/stat")
    if stat0 is None:
        print(f"no process {pid}", file=sys.stderr)
        return 1
    t0, cpu0 = time.monotonic(), ticks(stat0)
    first = threads(pid)
    last_seen = dict(first)
    rows = []
    end = t0 + args.duration
    exited = False
    while True:
        now = time.monotonic()
        stat = read(f"/proc/{pid}/stat")
        if stat is None:
            exited = True
            break
        mem = status_kib(pid)
        smaps = smaps_kib(pid)
        last_seen.update(threads(pid))
        rows.append({"t_sec": round(now - t0, 2), "cpu_ms": (ticks(stat) - cpu0) * 1000 // HZ,
                     "rss_kib": mem.get("VmRSS"), "hwm_kib": mem.get("VmHWM"),
                     "anon_kib": mem.get("RssAnon"), "file_kib": mem.get("RssFile"),
                     "private_dirty_kib": smaps.get("Private_Dirty"), "private_clean_kib": smaps.get("Private_Clean"),
                     "anonymous_kib": smaps.get("Anonymous"), "threads": mem.get("Threads")})
        if now >= end:
            break
        time.sleep(min(args.interval, max(0.0, end - time.monotonic())))
    wall = rows[-1]["t_sec"] if rows else 0.0

    with open(f"{args.out}-timeline.csv", "w", newline="") as f:
        w = csv.DictWriter(f, list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

    per_thread = []
    for tid, (name, tk, ns) in last_seen.items():
        _, tk0, ns0 = first.get(tid, (name, 0, 0))
        per_thread.append({"tid": tid, "name": name, "cpu_ms_ticks": (tk - tk0) * 1000 // HZ,
                           "cpu_ms_sched": round((ns - ns0) / 1e6, 3), "new_in_window": tid not in first})
    per_thread.sort(key=lambda r: -r["cpu_ms_sched"])
    with open(f"{args.out}-threads.csv", "w", newline="") as f:
        w = csv.DictWriter(f, list(per_thread[0].keys()))
        w.writeheader()
        w.writerows(per_thread)

    families: dict[str, float] = {}
    for r in per_thread:
        families[family(r["name"])] = families.get(family(r["name"]), 0) + r["cpu_ms_sched"]
    cpu_ms = rows[-1]["cpu_ms"]
    print(json.dumps({
        "pid": pid, "window_sec": wall, "exited": exited, "cpu_ms": cpu_ms,
        "cpu_pct_of_one_core": round(100 * cpu_ms / 1000 / wall, 4) if wall else None,
        "cpu_ms_sched_threads": round(sum(r["cpu_ms_sched"] for r in per_thread), 3),
        "rss_kib_first": rows[0]["rss_kib"], "rss_kib_last": rows[-1]["rss_kib"],
        "rss_kib_max": max(r["rss_kib"] or 0 for r in rows), "hwm_kib": rows[-1]["hwm_kib"],
        "threads_last": rows[-1]["threads"],
        "private_dirty_kib_last": rows[-1]["private_dirty_kib"], "private_clean_kib_last": rows[-1]["private_clean_kib"],
        "anonymous_kib_last": rows[-1]["anonymous_kib"],
        "top_threads_ms": {f'{r["name"]} ({r["tid"]})': r["cpu_ms_sched"] for r in per_thread[:8]
                           if r["cpu_ms_sched"] > 0},
        "by_family_ms": dict(sorted(((k, round(v, 3)) for k, v in families.items() if v > 0),
                                    key=lambda kv: -kv[1])),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
