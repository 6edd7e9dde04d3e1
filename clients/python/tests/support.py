"""What the tests share: the built jar started as a service, heartbeats, processes.

The jar is ``target/heartbeat-scanner.jar`` unless ``HEARTBEAT_SCANNER_TEST_JAR`` names
another; Java is ``HEARTBEAT_SCANNER_TEST_JAVA``, else ``$JAVA_HOME/bin/java``, else ``java``
on PATH. Without a jar the tests that need one are skipped, and fail when ``CI=true``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request
import uuid as uuids
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[3]
JVM_OPTIONS = PROJECT_DIR / "deploy" / "jvm.options"
START_TIMEOUT_SEC = 120.0


def built_jar() -> Path:
    """The jar under test; skips (or fails under CI) when it was not built."""
    jar = Path(os.environ.get("HEARTBEAT_SCANNER_TEST_JAR", PROJECT_DIR / "target" / "heartbeat-scanner.jar"))
    if not jar.is_file():
        reason = f"{jar} not built: run ./mvnw package -DskipTests first, or ./mvnw verify"
        if os.environ.get("CI") == "true":
            raise AssertionError(reason)
        raise unittest.SkipTest(reason)
    return jar


def java() -> str:
    """The java that runs the service and the check."""
    if os.environ.get("HEARTBEAT_SCANNER_TEST_JAVA"):
        return os.environ["HEARTBEAT_SCANNER_TEST_JAVA"]
    if os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").is_file():
        return str(Path(os.environ["JAVA_HOME"], "bin", "java"))
    found = shutil.which("java")
    if found is None:
        raise unittest.SkipTest("no java to run the service with")
    return found


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def install(root: Path) -> Path:
    """The jar laid out as the install scripts lay it out (jar and jvm.options side by side)."""
    install_dir = root / "install"
    install_dir.mkdir(parents=True, exist_ok=True)
    jar = install_dir / "heartbeat-scanner.jar"
    if not jar.exists():
        jar.symlink_to(built_jar())
        shutil.copy(JVM_OPTIONS, install_dir / "jvm.options")
    return jar


class Service:
    """The built jar run as the service on a scratch directory and a free port."""

    def __init__(self, root: Path, wrappers_dir: Path, port: int | None = None) -> None:
        self.root = root
        self.wrappers_dir = wrappers_dir
        self.port = port if port is not None else free_port()
        self.jar = install(root)
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        """Starts it and waits until it has scanned once."""
        store = self.root / "store"
        store.mkdir(exist_ok=True)
        env = dict(os.environ, IAI_MCP_STORE=str(store))
        self.starts += 1
        log = self.root / f"service-{self.starts}.log"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    java(),
                    f"@{self.jar.parent / 'jvm.options'}",
                    "-jar",
                    str(self.jar),
                    f"--server.port={self.port}",
                    f"--iai.heartbeat.wrappers-dir={self.wrappers_dir}",
                    # Only the client's explicit cleanup deletes, so what a test wrote
                    # stays until it asks.
                    "--iai.heartbeat.cleanup-enabled=false",
                ],
                cwd=self.jar.parent,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT_SEC
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the service exited {self.process.returncode}:\n{log.read_text()}")
            try:
                if self.get("/actuator/presence")["state"] != "UNKNOWN":
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the service did not answer within {START_TIMEOUT_SEC} s:\n{log.read_text()}")

    def stop(self) -> None:
        """Stops it (SIGTERM, as a service manager does) and waits for it to end."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def get(self, path: str) -> Any:
        """A GET with urllib, independent of the client under test."""
        with urllib.request.urlopen(self.url + path, timeout=5) as answer:
            return json.loads(answer.read())


class ServiceTestCase(unittest.TestCase):
    """Tests sharing one service, started once for the class on a scratch directory."""

    service: Service
    scratch: tempfile.TemporaryDirectory[str]

    @classmethod
    def setUpClass(cls) -> None:
        cls.scratch = tempfile.TemporaryDirectory(prefix=f"pyclient-{cls.__name__}-")
        root = Path(cls.scratch.name)
        cls.service = Service(root, root / "store" / "wrappers")
        try:
            cls.service.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.stop()
        cls.scratch.cleanup()


class Processes:
    """Live and dead pids for heartbeats; kills what it started."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def live(self) -> int:
        process = subprocess.Popen(["sleep", "600"])
        self.started.append(process)
        return process.pid

    def dead(self) -> int:
        process = subprocess.Popen(["true"])
        process.wait()
        return process.pid

    def close(self) -> None:
        for process in self.started:
            process.kill()
            process.wait()


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_heartbeat(wrappers_dir: Path, pid: int, age_sec: float = 0.0) -> Path:
    """A heartbeat written as a wrapper writes it: staged beside, then renamed into place."""
    wrappers_dir.mkdir(parents=True, exist_ok=True)
    uuid = str(uuids.uuid4())
    refreshed = datetime.now(timezone.utc) - timedelta(seconds=age_sec)
    payload = {
        "pid": pid,
        "uuid": uuid,
        "started_at": iso(refreshed),
        "last_refresh": iso(refreshed),
        "wrapper_version": "1.0.0",
        "schema_version": 1,
    }
    target = wrappers_dir / f"heartbeat-{pid}-{uuid}.json"
    with tempfile.NamedTemporaryFile("w", dir=wrappers_dir.parent, delete=False, suffix=".staged") as staged:
        json.dump(payload, staged)
    os.utime(staged.name, (refreshed.timestamp(), refreshed.timestamp()))
    os.replace(staged.name, target)
    return target


def clear(wrappers_dir: Path) -> None:
    """Removes every heartbeat a test left."""
    for file in wrappers_dir.glob("heartbeat-*.json"):
        file.unlink()


def java_processes_mentioning(text: str) -> list[int]:
    """Pids of running processes whose command line contains ``text`` (Linux /proc)."""
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if text.encode() in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids
