"""The event stream of the real service: held past its idle timeout, and reopened after a restart."""

from __future__ import annotations

import tempfile
import time
import unittest
from pathlib import Path

from heartbeat_scanner_client import HeartbeatScanner, Presence, PresenceStream

from tests.support import Processes, Service, install, java, write_heartbeat

TIMEOUT = 1.0
# The service closes a connection after 5 s without a byte moving (its keep-alive comment
# prevents that) and drops a stream whose writes wait 5 s: held this long, a stream has
# outlived both more than twice.
HELD_SEC = 12.0


class PresenceStreamTests(unittest.TestCase):
    def setUp(self) -> None:
        scratch = tempfile.TemporaryDirectory(prefix="pyclient-stream-")
        self.addCleanup(scratch.cleanup)
        root = Path(scratch.name)
        self.processes = Processes()
        self.addCleanup(self.processes.close)
        self.service = Service(root, root / "store" / "wrappers")
        self.addCleanup(self.service.stop)
        self.service.start()
        self.scanner = HeartbeatScanner(
            self.service.wrappers_dir, service_url=self.service.url, jar=install(root), java=java()
        )

    def next_event(self, stream: PresenceStream) -> Presence | None:
        started = time.monotonic()
        event = stream.next_event()
        self.assertLess(time.monotonic() - started, TIMEOUT + 0.25, "next_event blocked past its timeout")
        return event

    def test_the_stream_pushes_a_new_wrapper_and_outlives_the_services_timeouts(self) -> None:
        with self.scanner.stream(timeout=TIMEOUT) as stream:
            first = self.next_event(stream)
            self.assertIsNotNone(first, stream.last_error)
            self.assertEqual(first.state, "ABSENT")
            self.assertEqual(first.source, "stream")

            write_heartbeat(self.service.wrappers_dir, self.processes.live())
            written = time.monotonic()
            states = []
            seen_active_after = None
            while time.monotonic() - written < HELD_SEC:
                event = self.next_event(stream)
                if event is not None:
                    states.append(event.state)
                    if event.state == "ACTIVE" and seen_active_after is None:
                        seen_active_after = time.monotonic() - written

            self.assertEqual(states, ["ACTIVE"])
            self.assertLess(seen_active_after, 3.0)
            self.assertEqual(stream.connections, 1, stream.last_error)
            self.assertIsNone(stream.last_error)

    def test_the_stream_reopens_after_a_restart_while_check_answers_meanwhile(self) -> None:
        with self.scanner.stream(timeout=TIMEOUT) as stream:
            self.assertIsNotNone(self.next_event(stream), stream.last_error)

            self.service.stop()
            for _ in range(3):
                self.assertIsNone(self.next_event(stream))
            self.assertIsNotNone(stream.last_error)
            stopped = self.scanner.presence()
            self.assertEqual(stopped.source, "check")
            self.assertIn("nothing listens", stopped.fallback_reason)

            write_heartbeat(self.service.wrappers_dir, self.processes.live())
            self.service.start()
            deadline = time.monotonic() + 30
            event = None
            while event is None and time.monotonic() < deadline:
                event = self.next_event(stream)

            self.assertIsNotNone(event, stream.last_error)
            self.assertEqual(event.state, "ACTIVE")
            self.assertEqual(stream.connections, 2)


if __name__ == "__main__":
    unittest.main()
