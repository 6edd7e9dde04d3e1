"""How long each path of the client takes, beside a baseline run in the same session.

    python3 clients/python/measure.py [--runs N]

Starts the built jar (target/heartbeat-scanner.jar, or $HEARTBEAT_SCANNER_TEST_JAR) on a
scratch directory with three heartbeats and reports, in milliseconds, the median, 95th
percentile and maximum of:

- service: ``presence()`` answered by the service (GET /actuator/info, then POST
  /actuator/presence, both validated); baseline: a bare urllib POST of the same scan;
- check: ``presence()`` with nothing listening, answered by ``check --json``; baseline:
  the same ``java -jar ... check --json`` run directly;
- refused: nothing listens, fallback off (the error the daemon would catch);
- timeout: a server that accepts and never answers, fallback off;
- stream: from writing a heartbeat to its ACTIVE event on an open stream.

Prints the table on stdout; nothing is asserted.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from heartbeat_scanner_client import HeartbeatScanner, HeartbeatUnavailable  # noqa: E402

from tests.support import Processes, Service, clear, free_port, install, java, write_heartbeat  # noqa: E402


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name:<34} {len(times):>4} {statistics.median(times):>9.1f} {p95:>9.1f} {max(times):>9.1f}"


def expect_unavailable(scanner: HeartbeatScanner) -> Callable[[], None]:
    def action() -> None:
        try:
            scanner.presence()
        except HeartbeatUnavailable:
            return
        raise AssertionError("an answer where none was expected")

    return action


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="runs of the fast paths (the check paths run a tenth)")
    runs = parser.parse_args().runs
    slow_runs = max(3, runs // 10)
    with tempfile.TemporaryDirectory(prefix="pyclient-measure-") as scratch:
        root = Path(scratch)
        processes = Processes()
        service = Service(root, root / "store" / "wrappers")
        try:
            service.start()
            wrappers = service.wrappers_dir
            write_heartbeat(wrappers, processes.live())
            write_heartbeat(wrappers, processes.live(), age_sec=600)
            write_heartbeat(wrappers, processes.dead())
            jar = install(root)
            rows = []

            scanner = HeartbeatScanner(wrappers, service_url=service.url, fallback=False)
            scanner.presence()

            def bare_post() -> None:
                request = urllib.request.Request(
                    service.url + "/actuator/presence",
                    data=b"{}",
                    headers={"Content-Type": "application/json"},
                    method="POST",
                )
                with urllib.request.urlopen(request, timeout=5) as answer:
                    answer.read()

            rows.append(row("service: presence()", timed(scanner.presence, runs)))
            rows.append(row("  baseline: bare urllib POST", timed(bare_post, runs)))

            nobody = f"http://127.0.0.1:{free_port()}"
            fallback = HeartbeatScanner(wrappers, service_url=nobody, jar=jar, java=java())
            check = [
                java(), f"@{jar.parent / 'jvm.options'}", "-jar", str(jar), "check", "--json",
                f"--iai.heartbeat.wrappers-dir={wrappers}",
            ]
            rows.append(row("check: presence(), nothing listens", timed(fallback.presence, slow_runs)))
            rows.append(
                row(
                    "  baseline: java -jar ... check",
                    timed(lambda: subprocess.run(check, cwd=jar.parent, capture_output=True, check=True), slow_runs),
                )
            )

            refused = HeartbeatScanner(wrappers, service_url=nobody, fallback=False)
            rows.append(row("refused: nothing listens, no check", timed(expect_unavailable(refused), runs)))

            stop = threading.Event()
            silent = socket.create_server(("127.0.0.1", 0))
            held: list[socket.socket] = []

            def accept_and_hold() -> None:
                silent.settimeout(0.05)
                while not stop.is_set():
                    try:
                        held.append(silent.accept()[0])
                    except TimeoutError:
                        continue
                    except OSError:
                        return

            acceptor = threading.Thread(target=accept_and_hold, daemon=True)
            acceptor.start()
            hanging = HeartbeatScanner(
                wrappers, service_url=f"http://127.0.0.1:{silent.getsockname()[1]}", fallback=False
            )
            rows.append(row("timeout: accepts, never answers", timed(expect_unavailable(hanging), slow_runs)))
            stop.set()
            acceptor.join()
            silent.close()
            for conn in held:
                conn.close()

            pushed = []
            with scanner.stream(timeout=1.0) as stream:
                for _ in range(slow_runs):
                    clear(wrappers)
                    while (event := stream.next_event()) is None or event.state == "ACTIVE":
                        pass
                    started = time.perf_counter()
                    write_heartbeat(wrappers, processes.live())
                    while (event := stream.next_event()) is None or event.state != "ACTIVE":
                        pass
                    pushed.append((time.perf_counter() - started) * 1000)
            rows.append(row("stream: heartbeat written -> ACTIVE", pushed))
        finally:
            service.stop()
            processes.close()
    print(f"{'path':<34} {'runs':>4} {'median':>9} {'p95':>9} {'max':>9}  (ms)")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
