"""Servers that do not answer, or answer badly: every call ends by its timeout, none guesses."""

from __future__ import annotations

import json
import socket
import threading
import time
import unittest
from collections.abc import Callable
from pathlib import Path

from heartbeat_scanner_client import (
    DEFAULT_CONNECT_TIMEOUT_SEC,
    DEFAULT_READ_TIMEOUT_SEC,
    HeartbeatScanner,
    HeartbeatUnavailable,
)

Handler = Callable[[socket.socket, bytes], None]


class FakeServer:
    """A loopback server whose every connection is handled by ``handler`` after the request head."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self.listener.settimeout(0.05)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        head = b""
        try:
            conn.settimeout(5)
            while b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            self.handler(conn, head)
        except OSError:
            pass

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        for conn in self.connections:
            conn.close()
        self.thread.join(5)


def never_answers(stop: threading.Event) -> Handler:
    def handler(conn: socket.socket, head: bytes) -> None:
        stop.wait(30)

    return handler


def answers(status: str, headers: list[str], body: bytes, close: bool = True) -> Handler:
    def handler(conn: socket.socket, head: bytes) -> None:
        conn.sendall((f"HTTP/1.1 {status}\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + body)
        if close:
            conn.close()

    return handler


INFO = json.dumps({"heartbeat": {"wrappersDir": "/nowhere/wrappers", "staleThresholdSec": 90}}).encode()

SNAPSHOT = {
    "active": True,
    "idle": False,
    "state": "ACTIVE",
    "since": "2026-11-26T06:41:51.164195981Z",
    "idleSeconds": 0,
    "fresh": 1,
    "stale": 0,
    "orphan": 0,
    "skipped": 0,
    "scannedAt": "2026-11-26T06:41:51Z",
    "scanMillis": 3,
    "lastFreshAt": "2026-11-26T06:41:51.164Z",
    "cleanup": None,
    "entries": [
        {
            "pid": 1008,
            "uuid": "6f1d",
            "status": "FRESH",
            "lastRefresh": "2026-11-26T06:41:41.448Z",
            "file": "heartbeat-1008-6f1d.json",
        }
    ],
    "omitted": 0,
    "error": None,
}


def json_answer(body: bytes) -> Handler:
    return answers("200 OK", ["Content-Type: application/json", f"Content-Length: {len(body)}"], body)


def routed(presence: Handler) -> Handler:
    """Answers /actuator/info for /nowhere/wrappers, and everything else with ``presence``."""

    def handler(conn: socket.socket, head: bytes) -> None:
        if head.startswith(b"GET /actuator/info "):
            json_answer(INFO)(conn, head)
        else:
            presence(conn, head)

    return handler


class BoundedCallTests(unittest.TestCase):
    def serve(self, handler: Handler) -> FakeServer:
        server = FakeServer(handler)
        self.addCleanup(server.close)
        return server

    def scanner(self, server: FakeServer, **options: object) -> HeartbeatScanner:
        return HeartbeatScanner(Path("/nowhere/wrappers"), service_url=server.url, fallback=False, **options)

    def refused(self, scanner: HeartbeatScanner) -> tuple[str, float]:
        started = time.monotonic()
        with self.assertRaises(HeartbeatUnavailable) as raised:
            scanner.presence()
        return raised.exception.reasons[0], time.monotonic() - started

    def test_the_default_timeouts_add_up_to_well_under_a_second(self) -> None:
        self.assertLess(DEFAULT_CONNECT_TIMEOUT_SEC + DEFAULT_READ_TIMEOUT_SEC, 1.0)

    def test_a_server_that_accepts_and_never_answers_is_given_up_on_at_the_read_timeout(self) -> None:
        stop = threading.Event()
        self.addCleanup(stop.set)
        server = self.serve(never_answers(stop))

        reason, took = self.refused(self.scanner(server))

        self.assertIn("timed out", reason)
        self.assertGreaterEqual(took, DEFAULT_READ_TIMEOUT_SEC)
        self.assertLess(took, DEFAULT_CONNECT_TIMEOUT_SEC + DEFAULT_READ_TIMEOUT_SEC + 0.2)

    def test_a_server_that_trickles_its_answer_is_cut_off_at_the_same_deadline(self) -> None:
        stop = threading.Event()
        self.addCleanup(stop.set)

        def trickle(conn: socket.socket, head: bytes) -> None:
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not stop.wait(0.05):
                conn.sendall(b"X")

        server = self.serve(trickle)

        reason, took = self.refused(self.scanner(server, read_timeout=0.3))

        self.assertIn("timed out", reason)
        self.assertLess(took, DEFAULT_CONNECT_TIMEOUT_SEC + 0.3 + 0.2)

    def test_a_half_sent_answer_is_an_error(self) -> None:
        body = json.dumps(SNAPSHOT).encode()
        half = answers("200 OK", ["Content-Type: application/json", f"Content-Length: {len(body)}"], body[:40])
        server = self.serve(routed(half))

        reason, _ = self.refused(self.scanner(server))

        self.assertIn("cut short", reason)

    def test_a_chunked_answer_missing_its_last_chunk_is_an_error(self) -> None:
        body = json.dumps(SNAPSHOT).encode()
        chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n"
        server = self.serve(routed(answers("200 OK", ["Content-Type: application/json", "Transfer-Encoding: chunked"], chunked)))

        reason, _ = self.refused(self.scanner(server))

        self.assertIn("cut short", reason)

    def test_a_complete_chunked_answer_sent_in_pieces_is_read(self) -> None:
        body = json.dumps(SNAPSHOT).encode()

        def pieces(conn: socket.socket, head: bytes) -> None:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            for start in range(0, len(body), 100):
                part = body[start : start + 100]
                conn.sendall(f"{len(part):x}\r\n".encode())
                time.sleep(0.01)
                conn.sendall(part + b"\r\n")
            conn.sendall(b"0\r\n\r\n")
            conn.close()

        server = self.serve(routed(pieces))

        presence = self.scanner(server).presence()

        self.assertEqual((presence.state, presence.fresh, presence.entries[0].pid), ("ACTIVE", 1, 1008))
        self.assertEqual(presence.entries[0].path, Path("/nowhere/wrappers/heartbeat-1008-6f1d.json"))
        self.assertEqual(presence.since.microsecond, 164195)

    def test_malformed_json_is_an_error(self) -> None:
        server = self.serve(routed(json_answer(b'{"active": tru')))

        reason, _ = self.refused(self.scanner(server))

        self.assertIn("malformed JSON", reason)

    def test_a_snapshot_that_contradicts_itself_is_an_error(self) -> None:
        contradiction = dict(SNAPSHOT, state="ABSENT")
        server = self.serve(routed(json_answer(json.dumps(contradiction).encode())))

        reason, _ = self.refused(self.scanner(server))

        self.assertIn("contradict state ABSENT", reason)

    def test_entries_that_do_not_add_up_to_the_counts_are_an_error(self) -> None:
        truncated = dict(SNAPSHOT, fresh=2)
        server = self.serve(routed(json_answer(json.dumps(truncated).encode())))

        reason, _ = self.refused(self.scanner(server))

        self.assertIn("do not add up", reason)

    def test_an_entry_naming_a_path_outside_the_directory_is_an_error(self) -> None:
        escaping = dict(SNAPSHOT, entries=[dict(SNAPSHOT["entries"][0], file="../heartbeat-1-x.json")])
        server = self.serve(routed(json_answer(json.dumps(escaping).encode())))

        reason, _ = self.refused(self.scanner(server))

        self.assertIn("not a name in the directory", reason)

    def test_a_busy_service_answering_503_is_not_waited_for(self) -> None:
        busy = answers("503 Service Unavailable", ["Retry-After: 5", "Content-Length: 0"], b"")
        server = self.serve(routed(busy))

        reason, took = self.refused(self.scanner(server))

        self.assertIn("answered 503 (Retry-After: 5)", reason)
        self.assertLess(took, 0.5)

    def test_the_request_is_what_the_service_accepts_from_a_local_client(self) -> None:
        heads: list[bytes] = []

        def record(conn: socket.socket, head: bytes) -> None:
            heads.append(head)
            routed(json_answer(json.dumps(SNAPSHOT).encode()))(conn, head)

        server = self.serve(record)

        self.scanner(server).presence()

        info, post = heads[0].decode(), heads[1].decode()
        self.assertTrue(info.startswith("GET /actuator/info HTTP/1.1\r\n"))
        self.assertTrue(post.startswith("POST /actuator/presence HTTP/1.1\r\n"))
        self.assertIn(f"\r\nHost: 127.0.0.1:{server.port}\r\n", post)
        self.assertIn("\r\nContent-Type: application/json\r\n", post)
        self.assertNotIn("origin:", post.lower())

    def test_cleanup_posts_cleanup_true_and_returns_what_was_deleted(self) -> None:
        heads: list[bytes] = []
        cleaned = dict(SNAPSHOT, cleanup={"at": "2026-11-26T06:41:52Z", "deleted": 3, "leftovers": 1})

        def record(conn: socket.socket, head: bytes) -> None:
            heads.append(head)
            routed(json_answer(json.dumps(cleaned).encode()))(conn, head)

        server = self.serve(record)

        self.assertEqual(self.scanner(server).cleanup_stale_orphans(), 3)
        self.assertTrue(heads[1].endswith(b'\r\n\r\n{"cleanup": true}'))

    def test_a_stream_from_a_server_that_never_answers_gives_none_by_its_timeout(self) -> None:
        stop = threading.Event()
        self.addCleanup(stop.set)
        server = self.serve(never_answers(stop))

        with self.scanner(server).stream(timeout=0.3) as stream:
            for _ in range(3):
                started = time.monotonic()
                self.assertIsNone(stream.next_event())
                self.assertLess(time.monotonic() - started, 0.3 + 0.1)
            self.assertIn("timed out", stream.last_error)

    def test_a_stream_of_a_service_that_stalls_is_reopened(self) -> None:
        stop = threading.Event()
        self.addCleanup(stop.set)
        snapshot = json.dumps(SNAPSHOT).encode()

        def one_event_then_silence(conn: socket.socket, head: bytes) -> None:
            if head.startswith(b"GET /actuator/info "):
                json_answer(INFO)(conn, head)
                return
            event = b"event:presence\ndata:" + snapshot + b"\n\n"
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + f"{len(event):x}\r\n".encode()
                + event
                + b"\r\n"
            )
            stop.wait(30)

        server = self.serve(one_event_then_silence)

        events, errors = [], []
        with self.scanner(server).stream(timeout=0.5, stall_timeout=1.0) as stream:
            self.assertEqual(stream.next_event().state, "ACTIVE")
            for _ in range(6):
                events.append(stream.next_event())
                errors.append(stream.last_error)

        # Later calls may end on a reconnect cut short by their own timeout, so the stall
        # is looked for among every error seen, not only the last.
        self.assertTrue(any("nothing heard for 1 s" in (error or "") for error in errors), errors)
        self.assertGreaterEqual(stream.connections, 2)
        self.assertTrue(any(event is not None and event.state == "ACTIVE" for event in events))


if __name__ == "__main__":
    unittest.main()
