#!/usr/bin/env python3
"""Summarises run-wake-bench.sh's raw files (floor.txt, fresh.csv, kill.csv, load.csv) as CSV.

    wake_summary.py DIR

Latency rows: metric, target, n, p50, p99, max in milliseconds (nearest-rank percentiles;
``missed`` counts trials that never saw it). Load rows: CPU and scans per window, CPU also
scaled to 5 minutes.
"""
from __future__ import annotations

import csv
import math
import os
import sys


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def row(metric: str, target: str, values: list[str]) -> list[str]:
    numbers = [float(v) for v in values if v not in ("", "never-fresh")]
    missed = len(values) - len(numbers)
    if not numbers:
        return [metric, target, "0", "", "", "", str(missed), "", "", ""]
    return [metric, target, str(len(numbers)), f"{percentile(numbers, 50):.2f}", f"{percentile(numbers, 99):.2f}",
            f"{max(numbers):.2f}", str(missed), "", "", ""]


def main() -> None:
    directory = sys.argv[1]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["metric", "target", "n", "p50_ms", "p99_ms", "max_ms", "missed", "cpu_ms_per_5min",
                  "cpu_pct_of_one_core", "scans_per_s"])
    with open(os.path.join(directory, "floor.txt")) as f:
        floor = [str(float(line) / 1000) for line in f if line.strip()]
    out.writerow(row("floor: rename to inotify event", "C", floor))
    fresh = list(csv.DictReader(open(os.path.join(directory, "fresh.csv"))))
    resident = list(csv.DictReader(open(os.path.join(directory, "resident.csv"))))
    kills = list(csv.DictReader(open(os.path.join(directory, "kill.csv"))))
    for target in ("before", "after"):
        mine = [r for r in fresh if r["target"] == target]
        out.writerow(row("rename to FRESH in GET /actuator/presence", target, [r["fresh_get_ms"] for r in mine]))
        out.writerow(row("the GET that saw it FRESH (round trip)", target, [r["get_ms"] for r in mine]))
        out.writerow(row("rename to presence event on /presence/stream", target, [r["fresh_sse_ms"] for r in mine]))
        out.writerow(row("presence event after FRESH in GET (same trial; may be < 0)", target,
                         [f'{float(r["fresh_sse_ms"]) - float(r["fresh_get_ms"]):.2f}' for r in mine
                          if r["fresh_sse_ms"] and r["fresh_get_ms"]]))
        out.writerow(row("presence event after the snapshot's scannedAt", target,
                         [r["sse_after_scanned_at_ms"] for r in mine]))
        out.writerow(row("scan (scanMillis)", target, [r["scan_ms"] for r in mine]))
        out.writerow(row("rename to FRESH in GET, beside a FRESH one (no transition)", target,
                         [r["fresh_get_ms"] for r in resident if r["target"] == target]))
        out.writerow(row("SIGKILL to not FRESH in GET", target, [r["not_fresh_ms"] for r in kills
                                                                  if r["target"] == target]))
    for r in csv.DictReader(open(os.path.join(directory, "load.csv"))):
        seconds, cpu = float(r["seconds"]), float(r["cpu_ms"])
        out.writerow([f'{r["phase"]} ({r["writes_per_s"]} writes/s, {seconds:.0f} s)', r["target"], "", "", "", "", "",
                      f"{cpu / seconds * 300:.0f}", r["cpu_pct_of_one_core"], r["scans_per_s"]])


if __name__ == "__main__":
    main()
