"""The client against the real service: the same answers as GET /actuator/presence."""

from __future__ import annotations

import unittest

from heartbeat_scanner_client import (
    DEFAULT_STALE_THRESHOLD_SEC,
    IDLE_WINDOW_SEC,
    HeartbeatEntry,
    HeartbeatScanner,
    HeartbeatStatus,
)

from tests.support import Processes, ServiceTestCase, clear, iso, write_heartbeat


class ServiceAnswersTests(ServiceTestCase):
    def setUp(self) -> None:
        self.processes = Processes()
        self.addCleanup(self.processes.close)
        self.wrappers_dir = self.service.wrappers_dir
        self.wrappers_dir.mkdir(parents=True, exist_ok=True)
        clear(self.wrappers_dir)
        # No check fallback: an answer that does not come from the service fails the test.
        self.scanner = HeartbeatScanner(self.wrappers_dir, service_url=self.service.url, fallback=False)

    def test_the_seeds_names_keep_their_values(self) -> None:
        self.assertEqual(DEFAULT_STALE_THRESHOLD_SEC, 90)
        self.assertEqual(IDLE_WINDOW_SEC, 1800)
        self.assertEqual([status.value for status in HeartbeatStatus], ["fresh", "stale", "orphan"])
        self.assertEqual(list(HeartbeatEntry.__dataclass_fields__), ["path", "pid", "uuid", "last_refresh", "status"])

    def test_scan_gives_the_services_judgement_of_live_and_dead_writers(self) -> None:
        fresh = write_heartbeat(self.wrappers_dir, self.processes.live())
        stale_live = write_heartbeat(self.wrappers_dir, self.processes.live(), age_sec=600)
        stale_dead = write_heartbeat(self.wrappers_dir, self.processes.dead(), age_sec=600)
        orphan = write_heartbeat(self.wrappers_dir, self.processes.dead())

        entries = self.scanner.scan()

        by_file = {entry.path: entry.status for entry in entries}
        self.assertEqual(
            by_file,
            {
                fresh: HeartbeatStatus.FRESH,
                stale_live: HeartbeatStatus.STALE,
                stale_dead: HeartbeatStatus.STALE,
                orphan: HeartbeatStatus.ORPHAN,
            },
        )
        served = self.service.get("/actuator/presence")
        self.assertEqual(
            sorted((e.path.name, e.pid, e.uuid, e.status.name, iso(e.last_refresh)) for e in entries),
            sorted((e["file"], e["pid"], e["uuid"], e["status"], _micros(e["lastRefresh"])) for e in served["entries"]),
        )
        for entry in entries:
            self.assertEqual(entry.last_refresh.utcoffset().total_seconds(), 0)

    def test_counts_and_presence_are_the_services(self) -> None:
        write_heartbeat(self.wrappers_dir, self.processes.live())
        write_heartbeat(self.wrappers_dir, self.processes.live(), age_sec=600)
        write_heartbeat(self.wrappers_dir, self.processes.dead())

        presence = self.scanner.presence()
        served = self.service.get("/actuator/presence")

        self.assertEqual(presence.source, "service")
        self.assertIsNone(presence.fallback_reason)
        self.assertEqual(
            (presence.state, presence.active, presence.idle, presence.fresh, presence.stale, presence.orphan),
            (served["state"], served["active"], served["idle"], served["fresh"], served["stale"], served["orphan"]),
        )
        self.assertEqual(presence.summary(), "n=1 fresh, 1 stale, 1 orphan")
        self.assertTrue(self.scanner.is_active())
        self.assertFalse(self.scanner.heartbeat_idle_30min())

    def test_a_heartbeat_written_just_before_the_call_is_in_the_answer(self) -> None:
        self.assertEqual(self.scanner.fresh_count(), 0)
        self.assertFalse(self.scanner.is_active())

        write_heartbeat(self.wrappers_dir, self.processes.live())

        self.assertEqual(self.scanner.fresh_count(), 1)
        self.assertTrue(self.scanner.is_active())

    def test_idle_is_the_services_window_not_this_moment(self) -> None:
        # No heartbeat now, but the service has not watched a whole window: not idle,
        # where the seed said idle as soon as none was FRESH.
        self.assertEqual(self.scanner.fresh_count(), 0)
        self.assertFalse(self.scanner.heartbeat_idle_30min())
        self.assertEqual(self.service.get("/actuator/presence")["idle"], False)

    def test_cleanup_deletes_what_the_service_deletes(self) -> None:
        fresh = write_heartbeat(self.wrappers_dir, self.processes.live())
        stale = write_heartbeat(self.wrappers_dir, self.processes.dead(), age_sec=600)
        orphan = write_heartbeat(self.wrappers_dir, self.processes.dead())

        deleted = self.scanner.cleanup_stale_orphans()

        self.assertEqual(deleted, 2)
        self.assertTrue(fresh.exists())
        self.assertFalse(stale.exists())
        self.assertFalse(orphan.exists())
        served = self.service.get("/actuator/presence")
        self.assertEqual(served["cleanup"]["deleted"], 2)
        self.assertEqual(self.scanner.cleanup_stale_orphans(), 0)

    def test_doctor_row_from_scan_as_the_doctor_builds_it(self) -> None:
        for _ in range(3):
            write_heartbeat(self.wrappers_dir, self.processes.live())
        write_heartbeat(self.wrappers_dir, self.processes.live(), age_sec=600)

        entries = self.scanner.scan()

        fresh = sum(1 for e in entries if e.status is HeartbeatStatus.FRESH)
        stale = sum(1 for e in entries if e.status is HeartbeatStatus.STALE)
        orphan = sum(1 for e in entries if e.status is HeartbeatStatus.ORPHAN)
        self.assertEqual(f"n={fresh} fresh, {stale} stale, {orphan} orphan", "n=3 fresh, 1 stale, 0 orphan")


def _micros(instant: str) -> str:
    """A service time (up to nanoseconds) as the client keeps it (microseconds)."""
    date, _, rest = instant.rstrip("Z").partition(".")
    return f"{date}.{rest[:6].ljust(6, '0')}Z"


if __name__ == "__main__":
    unittest.main()
