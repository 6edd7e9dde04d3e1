"""When the service cannot answer for this directory: the service's own check, bounded."""

from __future__ import annotations

import tempfile
import time
import unittest
from pathlib import Path

from heartbeat_scanner_client import HeartbeatClientError, HeartbeatScanner, HeartbeatStatus, HeartbeatUnavailable

from tests.support import Processes, ServiceTestCase, free_port, install, java, java_processes_mentioning, write_heartbeat


class CheckFallbackTests(ServiceTestCase):
    def setUp(self) -> None:
        self.processes = Processes()
        self.addCleanup(self.processes.close)
        self.work = Path(tempfile.mkdtemp(prefix="other-", dir=self.scratch.name))
        self.wrappers_dir = self.work / "wrappers"
        self.jar = install(Path(self.scratch.name))
        self.fresh = write_heartbeat(self.wrappers_dir, self.processes.live())
        self.stale = write_heartbeat(self.wrappers_dir, self.processes.dead(), age_sec=600)
        self.orphan = write_heartbeat(self.wrappers_dir, self.processes.dead())
        self.expected = {
            self.fresh: HeartbeatStatus.FRESH,
            self.stale: HeartbeatStatus.STALE,
            self.orphan: HeartbeatStatus.ORPHAN,
        }

    def scanner(self, service_url: str, **options: object) -> HeartbeatScanner:
        return HeartbeatScanner(self.wrappers_dir, service_url=service_url, jar=self.jar, java=java(), **options)

    def test_with_the_service_stopped_check_answers(self) -> None:
        scanner = self.scanner(f"http://127.0.0.1:{free_port()}")

        presence = scanner.presence()

        self.assertEqual(presence.source, "check")
        self.assertIn("nothing listens", presence.fallback_reason)
        self.assertEqual({entry.path: entry.status for entry in presence.entries}, self.expected)
        self.assertEqual(presence.summary(), "n=1 fresh, 1 stale, 1 orphan")
        self.assertTrue(presence.active)
        self.assertFalse(presence.idle)

    def test_with_the_service_on_another_directory_check_answers_for_this_one(self) -> None:
        scanner = self.scanner(self.service.url)

        entries = scanner.scan()

        self.assertEqual({entry.path: entry.status for entry in entries}, self.expected)
        reason = scanner.presence().fallback_reason
        self.assertIn(f"scans {self.service.wrappers_dir}", reason)

    def test_with_another_stale_threshold_check_judges_by_this_one(self) -> None:
        write_heartbeat(self.service.wrappers_dir, self.processes.live(), age_sec=100)
        scanner = HeartbeatScanner(
            self.service.wrappers_dir, 120, service_url=self.service.url, jar=self.jar, java=java()
        )

        presence = scanner.presence()

        self.assertEqual(presence.source, "check")
        self.assertIn("judges STALE after 90 s, not 120 s", presence.fallback_reason)
        self.assertEqual(presence.fresh, 1)
        self.assertEqual(self.service.get("/actuator/presence")["stale"], 1)

    def test_cleanup_through_check_deletes_stale_and_orphan_files(self) -> None:
        scanner = self.scanner(f"http://127.0.0.1:{free_port()}")

        deleted = scanner.cleanup_stale_orphans()

        self.assertEqual(deleted, 2)
        self.assertTrue(self.fresh.exists())
        self.assertFalse(self.stale.exists())
        self.assertFalse(self.orphan.exists())

    def test_without_a_jar_the_error_names_both_reasons(self) -> None:
        scanner = HeartbeatScanner(
            self.wrappers_dir, service_url=f"http://127.0.0.1:{free_port()}", jar=self.work / "missing.jar"
        )

        with self.assertRaises(HeartbeatUnavailable) as raised:
            scanner.is_active()

        self.assertIsInstance(raised.exception, OSError)
        self.assertIsInstance(raised.exception, HeartbeatClientError)
        self.assertIn("nothing listens", raised.exception.reasons[0])
        self.assertIn("missing.jar", raised.exception.reasons[1])

    def test_with_the_fallback_off_no_check_runs(self) -> None:
        scanner = self.scanner(self.service.url, fallback=False)

        started = time.monotonic()
        with self.assertRaises(HeartbeatUnavailable) as raised:
            scanner.fresh_count()

        self.assertLess(time.monotonic() - started, 0.75)
        self.assertEqual(len(raised.exception.reasons), 1)
        self.assertIn("scans", raised.exception.reasons[0])

    def test_a_check_that_overruns_is_killed_within_its_timeout(self) -> None:
        scanner = self.scanner(f"http://127.0.0.1:{free_port()}", check_timeout=0.3)

        started = time.monotonic()
        with self.assertRaises(HeartbeatUnavailable) as raised:
            scanner.scan()
        took = time.monotonic() - started

        self.assertLess(took, 1.0)
        self.assertIn("did not finish within 0.3 s; killed", raised.exception.reasons[1])
        self.assertEqual(java_processes_mentioning(str(self.wrappers_dir)), [])


if __name__ == "__main__":
    unittest.main()
