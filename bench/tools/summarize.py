#!/usr/bin/env python3
"""Derive each kept benchmark's summary (and chart) from the scripts' raw output.

    summarize.py [RAW] [RESULTS]    defaults: bench/results/raw, bench/results

The scripts write raw per-run files (timelines, thread lists, smaps, logs) to
bench/results/raw/, which git ignores. This reads the runs each bench/results/<benchmark>/
keeps and writes its summary.csv (and chart), so that no number there is typed by hand.
A run missing from RAW leaves its benchmark's files as they are. Stdlib only.
"""
import csv
import glob
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "results" / "raw"
RESULTS = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE.parent / "results"


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_json(path):
    with open(path) as f:
        return json.load(f)


def write(benchmark, rows, columns=None):
    if not rows:
        print(f"{benchmark}: no raw runs found, left as it is", file=sys.stderr)
        return
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    out = RESULTS / benchmark
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(out / "summary.csv")


def existing(*paths):
    return [p for p in paths if Path(p).exists()]


def env_git(csv_path):
    """The commit run-scan-bench.sh recorded beside a run (its -env.txt)."""
    env = csv_path.with_name(csv_path.stem + "-env.txt")
    for line in env.read_text().splitlines() if env.exists() else []:
        if line.startswith("git: "):
            return line.removeprefix("git: ")
    return ""


def scan():
    runs = [("c9ae1eb", "main-c9ae1eb/scan.csv"), ("c9ae1eb shared pids", "scan-shared-pids.csv"),
            ("scanflow run1", "scan-scanflow-run1.csv"), ("scanflow run2", "scan-scanflow-run2.csv"),
            ("scanflow 1m", "scan-scanflow-1m.csv")]
    rows = [{"run": run, "git": env_git(RAW / name), **row}
            for run, name in runs if (RAW / name).exists() for row in read_csv(RAW / name)]
    write("scan", rows, ["run", "git", "impl", "n", "cold_ms", "warm_median_ms", "warm_min_ms", "warm_max_ms",
                         "fresh", "stale", "orphan", "alloc_bytes_per_scan", "gcs_during_reps", "error"])
    if (RAW / "main-c9ae1eb/scan.csv").exists():
        subprocess.run([sys.executable, str(HERE / "plot_scan.py"), str(RAW / "main-c9ae1eb/scan.csv"),
                        str(RESULTS / "scan" / "scan.svg")], check=True)


def rows():
    out = []
    for build, name in [("a6dc415", "rows-baseline-a6dc415.jsonl"), ("7bcf7e6", "rows-scanflow.jsonl"),
                        ("7bcf7e6", "rows-scanflow-1m.jsonl")]:
        for row in read_jsonl(RAW / name) if (RAW / name).exists() else []:
            row.pop("summary", None)
            out.append({"build": build, **{k: v.strip() if isinstance(v, str) else v for k, v in row.items()
                                            if not isinstance(v, (list, dict))}})
    write("rows", out)


def top_threads(result):
    threads = result.get("top_threads_ms") or {}
    return "; ".join(f"{name}={ms}" for name, ms in threads.items())


def idle():
    out = []
    for label, name in [("deploy/jvm.options at b445e61", "main-b445e61/idle-java17.json"),
                        ("tuned flags + Tomcat background delay, c9ae1eb", "idle-java17-tuned.json")]:
        if (RAW / name).exists():
            r = read_json(RAW / name)
            out.append({"label": label, "window_sec": r["window_sec"], "cpu_ms": r["cpu_ms"],
                        "cpu_pct_of_one_core": r["cpu_pct_of_one_core"], "rss_kib_last": r["rss_kib_last"],
                        "top_threads_ms": top_threads(r)})
    write("idle", out)


def memory():
    out = []
    for name in existing(RAW / "main-b445e61/mem-java17.json", RAW / "main-b445e61/mem-java17-nmt.json",
                         *sorted(glob.glob(str(RAW / "mem-java*-tuned*.json")))):
        r = read_json(name)
        label = Path(name).stem + (" (b445e61)" if "main-b445e61" in str(name) else "")
        out.append({"label": label, "window_sec": r["window_sec"], "rss_mib_last": r.get("rss_mib_last"),
                    "rss_mib_max": r.get("rss_mib_max"), "rss_kib_after_full_gc": r.get("rss_kib_after_full_gc"),
                    "java": r.get("java"), "jvm_options": os.path.basename(r.get("jvm_options", ""))})
    write("memory", out)


def start():
    out = []
    if (RAW / "main-b445e61/start.csv").exists():
        out += [{"session": "b445e61", **row} for row in read_csv(RAW / "main-b445e61/start.csv")]
    if (RAW / "start-spring-aot.jsonl").exists():
        out += [{"session": "bffd311 + Spring AOT (scratch)",
                 **{k: v for k, v in row.items() if not isinstance(v, list) and k != "cmd"}}
                for row in read_jsonl(RAW / "start-spring-aot.jsonl")]
    write("start", out, ["session", "label", "runs", "failed", "cache_dropped", "health_ms_median",
                         "health_ms_min", "health_ms_max", "spring_process_s_median", "aot_cache_warning"])


def http():
    out = []
    if (RAW / "main-b445e61/http-java17.csv").exists():
        out += [{"run": "b445e61", **row} for row in read_csv(RAW / "main-b445e61/http-java17.csv")]
    for name in sorted(glob.glob(str(RAW / "hardening-a2ddf86/http-*-r*.csv"))):
        out += [{"run": Path(name).stem, **row} for row in read_csv(name)]
    write("http", out, ["run", "path", "connections", "duration", "p50_ms", "p75_ms", "p90_ms", "p99_ms",
                        "requests_per_sec", "non_2xx", "socket_errors"])


def watch_modes():
    if (RAW / "watch-modes.csv").exists():
        write("watch-modes", read_csv(RAW / "watch-modes.csv"))


def exit_watch():
    out = []
    for name in sorted(glob.glob(str(RAW / "exit-exitwatch-*.json"))):
        r = read_json(name)
        out.append({"kind": "crash detection", "tag": Path(name).stem.removeprefix("exit-exitwatch-"),
                    "rounds": r["rounds"], "median_ms": r["median_ms"], "max_ms": r["max_ms"]})
    for name in sorted(glob.glob(str(RAW / "idle-exitwatch-*.json"))):
        r = read_json(name)
        out.append({"kind": "idle CPU, 300 s", "tag": Path(name).stem.removeprefix("idle-exitwatch-"),
                    "cpu_ms": r["cpu_ms"], "cpu_pct_of_one_core": r["cpu_pct_of_one_core"],
                    "top_threads_ms": top_threads(r)})
    write("exit-watch", out)


def stream_slots():
    out = []
    for name in sorted(glob.glob(str(RAW / "stream-slots-*.jsonl"))):
        for r in read_jsonl(name):
            out.append({"tag": Path(name).stem.removeprefix("stream-slots-"), "git": r["git"], "mode": r["mode"],
                        "rounds": r["rounds"], "first_median_ms": round(r["first_median_ms"], 1),
                        "first_max_ms": r["first_max_ms"], "all_median_ms": round(r["all_median_ms"], 1),
                        "all_max_ms": r["all_max_ms"]})
    write("stream-slots", out)


def long_form(directory, prefix=""):
    """Every <mode>-summary.csv of a run-footprint-bench.sh directory as label, metric, median, min, max."""
    out = []
    for name in sorted(glob.glob(str(directory / "*-summary.csv"))):
        mode = prefix + Path(name).stem.removesuffix("-summary")
        for row in read_csv(name):
            for key in row:
                if key.endswith("_median"):
                    metric = key.removesuffix("_median")
                    out.append({"mode": mode, "label": row["label"], "runs": row["runs"], "metric": metric,
                                "median": row[key], "min": row.get(metric + "_min", ""),
                                "max": row.get(metric + "_max", "")})
    return out


def http_runs(directory):
    out = []
    for name in sorted(glob.glob(str(directory / "http-*.csv"))):
        for row in read_csv(name):
            for metric in ("p50_ms", "p99_ms", "requests_per_sec"):
                out.append({"mode": "http", "label": Path(name).stem.removeprefix("http-") + " " + row["path"],
                            "runs": 1, "metric": metric, "median": row[metric], "min": "", "max": ""})
    return out


def footprint():
    final = RAW / "footprint-final"
    rows = long_form(final) + http_runs(final) + long_form(RAW / "footprint-final-jetty", "jetty-")
    write("footprint", rows)
    if (final / "mem-summary.csv").exists():
        subprocess.run([sys.executable, str(HERE / "plot_footprint.py"), str(final), "--baseline", "bootaotcds",
                        "--out", str(RESULTS / "footprint" / "footprint.svg")], check=True)


def footprint_steps():
    rows = []
    for directory in ("footprint-mem2", "footprint-idle", "footprint-start", "footprint-check"):
        rows += long_form(RAW / directory)
    write("footprint-steps", rows)


def check_runs(path, mode):
    """`check --json` timings of one jsonl, by jvm options file: median, min, max of ms."""
    by_opts = {}
    for row in read_jsonl(path) if path.exists() else []:
        by_opts.setdefault(row["opts"], []).append(row["ms"])
    return [{"mode": mode, "label": opts, "runs": len(ms), "metric": "ms", "median": statistics.median(ms),
             "min": min(ms), "max": max(ms)} for opts, ms in by_opts.items()]


def page():
    write("page", long_form(RAW / "page-idle"))


def jvm_flags():
    directory = RAW / "flags-explore"
    write("jvm-flags", long_form(directory) + check_runs(directory / "check-ab.jsonl", "check-500k")
          + check_runs(directory / "check-1m.jsonl", "check-1m"))


def main():
    for summarize in (scan, rows, idle, memory, start, http, watch_modes, exit_watch, footprint,
                      footprint_steps, jvm_flags, stream_slots, page):
        summarize()
    return 0


if __name__ == "__main__":
    sys.exit(main())
