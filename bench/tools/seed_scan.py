#!/usr/bin/env python3
"""Time the Python seed: ``HeartbeatScanner(DIR).scan()`` from the reference module.

    seed_scan.py DIR [--seed-module PATH] [--warmup W] [--reps R] [--no-drop]

The module path is ``--seed-module``, else ``$SEED``, else
``../shared/reference/heartbeat_scanner.py`` relative to the repository root. Only
this benchmark reads ``shared/``; the project's build and tests never do.

Cold = the first scan in this fresh process, right after trying to drop the page,
dentry and inode caches (``sync``; ``3 > /proc/sys/vm/drop_caches``, root only;
the output says whether that worked). Warm = median of R timed scans after W
discarded ones. Times are ``time.perf_counter`` (CLOCK_MONOTONIC). Prints one
JSON line.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SEED = REPO_ROOT.parent / "shared" / "reference" / "heartbeat_scanner.py"


def load_seed(path: Path):
    spec = importlib.util.spec_from_file_location("heartbeat_scanner_seed", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def drop_caches() -> bool:
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3")
        return True
    except OSError:
        return False


def timed_scan(scanner) -> tuple[float, list]:
    t0 = time.perf_counter()
    entries = scanner.scan()
    return (time.perf_counter() - t0) * 1e3, entries


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--seed-module", default=os.environ.get("SEED", str(DEFAULT_SEED)))
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--no-drop", action="store_true")
    args = ap.parse_args()

    seed = load_seed(Path(args.seed_module))
    scanner = seed.HeartbeatScanner(Path(args.dir))

    dropped = False if args.no_drop else drop_caches()
    cold_ms, entries = timed_scan(scanner)
    for _ in range(args.warmup):
        scanner.scan()
    times = []
    for _ in range(args.reps):
        ms, entries = timed_scan(scanner)
        times.append(ms)

    counts = {s.value: 0 for s in seed.HeartbeatStatus}
    for e in entries:
        counts[e.status.value] += 1
    print(json.dumps({
        "impl": "python-seed", "files": len(entries), **counts,
        "cache_dropped": dropped, "cold_ms": round(cold_ms, 3),
        "warm_median_ms": round(statistics.median(times), 3),
        "warm_min_ms": round(min(times), 3), "warm_max_ms": round(max(times), 3),
        "warmup": args.warmup, "reps": args.reps,
        "python": sys.version.split()[0],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
