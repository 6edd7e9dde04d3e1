#!/usr/bin/env python3
"""The wake benchmark's driver: writes heartbeats as the wrappers do and times the services.

    wake_bench.py latency --target NAME=PORT:DIR ... --trials N --live-pid PID --out CSV
    wake_bench.py kill    --target NAME=PORT:DIR ... --trials N --out CSV
    wake_bench.py load    --target NAME=PORT:DIR:SVC_PID ... --phase PHASE --seconds S
                          [--live-pids FILE] [--wrappers 50] [--mode spread|sync|storm|idle]
                          [--rate 5000] --out CSV

Every heartbeat is staged as ``heartbeat-<pid>-<uuid>.json.<hex>.tmp`` beside its target,
closed, and rename()d into place, as the wrappers write. Targets are visited in a new
random order each round, so that a busy spell of the shared machine hits each alike.

latency: per trial a new heartbeat of a live pid; records the time from just before the
rename() to the first ``GET /actuator/presence`` (polled back to back on one kept-alive
connection) that shows it FRESH (and how long that GET took: the resolution), and to the ``presence`` event on ``/presence/stream``
that shows it (read through ``curl -N``; a stream is reopened every 20 s), and that
event's arrival on the wall clock less the snapshot's ``scannedAt``. Then the file is
removed, and the next trial waits until presence is ABSENT again and 300-600 ms more.
Each trial is a presence transition (ABSENT to ACTIVE), the only change the stream sends.
With --resident a FRESH heartbeat stays throughout: no transition, so no stream event and
no save of the presence state, only the watch and the scan.

kill: per trial a ``sleep`` process and its heartbeat; once FRESH, SIGKILLed at a random
moment within a second; records the time until GET no longer shows it FRESH.

load: for S seconds, in each target's directory alike: ``idle`` (the wrappers refresh
every 30 s), ``spread`` or ``sync`` (N wrappers each refreshing every second, evenly
spread or all at once), or ``storm`` (rename_storm.c: RATE renames a second per directory,
each a new name, 50 kept); records each service's CPU (utime+stime from /proc/<pid>/stat) and scans
(``heartbeat.scan``'s count in /actuator/metrics) over the window.
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

HZ = os.sysconf("SC_CLK_TCK")


def iso(epoch: float) -> str:
    dt = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def boot_time() -> float:
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime "):
                return float(line.split()[1])
    raise RuntimeError("no btime")


BTIME = boot_time()


def proc_stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def process_start(pid: int) -> float:
    return BTIME + int(proc_stat(pid)[19]) / HZ


def cpu_ms(pid: int) -> float:
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) * 1000.0 / HZ


def write_heartbeat(directory: str, pid: int, wrapper_uuid: str, started: float, rename=True) -> tuple[str, str]:
    """Stages the heartbeat; renames it into place unless told not to (then the caller does)."""
    now = time.time()
    target = os.path.join(directory, f"heartbeat-{pid}-{wrapper_uuid}.json")
    staged = f"{target}.{uuid.uuid4().hex[:12]}.tmp"
    payload = {"pid": pid, "uuid": wrapper_uuid, "started_at": iso(started), "last_refresh": iso(now),
               "wrapper_version": "1.0.0", "schema_version": 1}
    with open(staged, "w") as f:
        f.write(json.dumps(payload, separators=(",", ":")))
    if rename:
        os.rename(staged, target)
    return staged, target


class Target:
    def __init__(self, spec: str):
        name, rest = spec.split("=", 1)
        parts = rest.split(":")
        self.name, self.port, self.dir = name, int(parts[0]), parts[1]
        self.pid = int(parts[2]) if len(parts) > 2 else None
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        self.stream: Stream | None = None

    def get(self, path: str) -> dict:
        for attempt in range(2):
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                return json.loads(response.read())
            except (http.client.HTTPException, OSError):
                self.conn.close()
                if attempt:
                    raise
        raise AssertionError

    def presence(self) -> dict:
        return self.get("/actuator/presence")

    def scans(self) -> float:
        body = self.get("/actuator/metrics/heartbeat.scan")
        return next(m["value"] for m in body["measurements"] if m["statistic"] == "COUNT")

    def status_of(self, wrapper_uuid: str) -> str | None:
        for entry in self.presence().get("entries", []):
            if entry.get("uuid") == wrapper_uuid:
                return entry.get("status")
        return None


class Stream:
    """The presence stream read through curl, each event timestamped as its data line arrives."""

    def __init__(self, port: int):
        self.opened = time.monotonic()
        self.events: list[tuple[int, float, dict]] = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(["curl", "-sN", f"http://127.0.0.1:{port}/presence/stream"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        name = None
        for raw in iter(self.proc.stdout.readline, b""):
            mono, wall = time.monotonic_ns(), time.time()
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:") and name == "presence":
                try:
                    data = json.loads(line[5:])
                except ValueError:
                    continue
                with self.lock:
                    self.events.append((mono, wall, data))
            elif line == "":
                name = None

    def count(self) -> int:
        with self.lock:
            return len(self.events)

    def find(self, after_ns: int, wrapper_uuid: str):
        with self.lock:
            for mono, wall, data in self.events:
                if mono >= after_ns and any(e.get("uuid") == wrapper_uuid and e.get("status") == "FRESH"
                                            for e in data.get("entries", [])):
                    return mono, wall, data
        return None

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def fresh_stream(target: Target) -> Stream:
    if target.stream is None or time.monotonic() - target.stream.opened > 20:
        if target.stream is not None:
            target.stream.close()
        target.stream = Stream(target.port)
        deadline = time.monotonic() + 5
        while target.stream.count() == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
    return target.stream


def wait_until(predicate, seconds: float, pause: float = 0.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        if pause:
            time.sleep(pause)
    return False


def latency(args) -> None:
    targets = [Target(spec) for spec in args.target]
    started = process_start(args.live_pid)
    resident_at = 0.0

    def keep_resident() -> None:
        # Refreshed as a wrapper would, well inside the stale threshold, and between
        # trials, with time for the rescan that wakes to end before the next one.
        nonlocal resident_at
        if args.resident and time.monotonic() - resident_at > 20:
            for target in targets:
                write_heartbeat(target.dir, args.live_pid, "resident", started)
                wait_until(lambda: target.status_of("resident") == "FRESH", 5, 0.01)
            resident_at = time.monotonic()
            time.sleep(1.5)

    with open(args.out, "w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["target", "trial", "fresh_get_ms", "get_ms", "fresh_sse_ms", "sse_after_scanned_at_ms",
                       "scan_ms"])
        for trial in range(args.trials):
            keep_resident()
            for target in random.sample(targets, len(targets)):
                stream = None if args.resident else fresh_stream(target)
                wrapper_uuid = f"wake-{trial}-{uuid.uuid4().hex[:8]}"
                staged, file = write_heartbeat(target.dir, args.live_pid, wrapper_uuid, started, rename=False)
                before = time.monotonic_ns()
                os.rename(staged, file)
                polls = [before]
                seen = wait_until(lambda: polls.append(time.monotonic_ns()) or
                                  target.status_of(wrapper_uuid) == "FRESH", 5)
                get_ms = (time.monotonic_ns() - before) / 1e6 if seen else ""
                rtt_ms = (time.monotonic_ns() - polls[-1]) / 1e6
                event = None
                if stream and wait_until(lambda: stream.find(before, wrapper_uuid) is not None, 2, 0.001):
                    event = stream.find(before, wrapper_uuid)
                sse_ms = after_ms = scan_ms = ""
                if event:
                    mono, wall, data = event
                    sse_ms = (mono - before) / 1e6
                    after_ms = (wall - parse_iso(data["scannedAt"])) * 1000
                    scan_ms = data.get("scanMillis", "")
                rows.writerow([target.name, trial, fmt(get_ms), fmt(rtt_ms), fmt(sse_ms), fmt(after_ms), scan_ms])
                remove(file)
                if args.resident:
                    wait_until(lambda: target.status_of(wrapper_uuid) is None, 5, 0.01)
                else:
                    wait_until(lambda: target.presence().get("state") != "ACTIVE", 5, 0.01)
                time.sleep(random.uniform(0.3, 0.6))
            out.flush()
    for target in targets:
        if target.stream:
            target.stream.close()
        if args.resident:
            resident = os.path.join(target.dir, f"heartbeat-{args.live_pid}-resident.json")
            remove(resident)


def kill(args) -> None:
    targets = [Target(spec) for spec in args.target]
    with open(args.out, "w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["target", "trial", "not_fresh_ms"])
        for trial in range(args.trials):
            for target in random.sample(targets, len(targets)):
                sleeper = subprocess.Popen(["sleep", "600"], start_new_session=True)
                wrapper_uuid = f"kill-{trial}-{uuid.uuid4().hex[:8]}"
                _, file = write_heartbeat(target.dir, sleeper.pid, wrapper_uuid, process_start(sleeper.pid))
                if not wait_until(lambda: target.status_of(wrapper_uuid) == "FRESH", 5, 0.01):
                    rows.writerow([target.name, trial, "never-fresh"])
                    sleeper.kill()
                    sleeper.wait()
                    remove(file)
                    continue
                time.sleep(random.uniform(0, 1))
                before = time.monotonic_ns()
                sleeper.send_signal(signal.SIGKILL)
                sleeper.wait()
                gone = wait_until(lambda: target.status_of(wrapper_uuid) != "FRESH", 10, 0.005)
                rows.writerow([target.name, trial, fmt((time.monotonic_ns() - before) / 1e6) if gone else ""])
                remove(file)
                time.sleep(0.3)
            out.flush()


def load(args) -> None:
    targets = [Target(spec) for spec in args.target]
    with open(args.live_pids) as f:
        pids = [int(p) for p in f.read().split()]
    count = 0 if args.mode == "storm" else args.wrappers
    wrappers = [(pids[i % len(pids)], f"{args.mode}-{i}-{uuid.uuid4().hex[:8]}") for i in range(count)]
    starts = {pid: process_start(pid) for pid in set(pids)}

    def refresh(index: int) -> None:
        pid, wrapper_uuid = wrappers[index]
        for target in random.sample(targets, len(targets)):
            write_heartbeat(target.dir, pid, wrapper_uuid, starts[pid])

    for index in range(count):
        refresh(index)
    time.sleep(args.settle)
    before = {t.name: (cpu_ms(t.pid), t.scans()) for t in targets}
    began = time.monotonic()
    writes = 0
    while (elapsed := time.monotonic() - began) < args.seconds:
        if args.mode == "idle":
            for index in range(count):
                refresh(index)
            writes += count
            time.sleep(min(30.0, max(0.0, args.seconds - (time.monotonic() - began))))
        elif args.mode == "sync":
            for index in range(count):
                refresh(index)
            writes += count
            time.sleep(max(0.0, 1.0 - (time.monotonic() - began - int(elapsed))))
        elif args.mode == "spread":
            slot = int(elapsed * count) % count
            refresh(slot)
            writes += 1
            time.sleep(max(0.0, (int(elapsed * count) + 1) / count - (time.monotonic() - began)))
        else:  # storm: Python stages too slowly for thousands a second
            storm = subprocess.run([args.storm_bin, str(args.rate), str(args.seconds), str(pids[0]),
                                    iso(starts[pids[0]]), *[t.dir for t in targets]],
                                   check=True, capture_output=True, text=True)
            writes = int(storm.stdout.strip()) * args.seconds
    seconds = time.monotonic() - began
    after = {t.name: (cpu_ms(t.pid), t.scans()) for t in targets}
    with open(args.out, "a", newline="") as out:
        rows = csv.writer(out)
        for t in targets:
            cpu = after[t.name][0] - before[t.name][0]
            scans = after[t.name][1] - before[t.name][1]
            rows.writerow([args.phase, t.name, f"{seconds:.1f}", f"{writes / seconds:.0f}", f"{cpu:.0f}",
                           f"{cpu / seconds / 10:.3f}", f"{scans:.0f}", f"{scans / seconds:.2f}"])
    for t in targets:
        for name in os.listdir(t.dir):
            if any(w in name for _, w in wrappers) or "-storm-" in name:
                remove(os.path.join(t.dir, name))


def remove(path: str) -> None:
    # The tick may have deleted it first: an ORPHAN's file goes at the next tick.
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def fmt(value) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("latency", "kill", "load"):
        p = sub.add_parser(name)
        p.add_argument("--target", action="append", required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--trials", type=int, default=200)
    sub.choices["latency"].add_argument("--live-pid", type=int, required=True)
    sub.choices["latency"].add_argument("--resident", action="store_true",
                                        help="keep a FRESH heartbeat there throughout: no transition, no stream event")
    loader = sub.choices["load"]
    loader.add_argument("--phase", required=True)
    loader.add_argument("--mode", choices=("idle", "spread", "sync", "storm"), required=True)
    loader.add_argument("--seconds", type=float, required=True)
    loader.add_argument("--settle", type=float, default=5)
    loader.add_argument("--live-pids", required=True)
    loader.add_argument("--wrappers", type=int, default=50)
    loader.add_argument("--rate", type=float, default=5000)
    loader.add_argument("--storm-bin", help="rename_storm, built")
    args = ap.parse_args()
    {"latency": latency, "kill": kill, "load": load}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
