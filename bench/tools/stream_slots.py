#!/usr/bin/env python3
"""How soon the event stream's slots come free after their readers close.

    stream_slots.py PORT [--rounds 20] [--modes close,rst,half-close]

Each round: 16 readers open ``/presence/stream`` (every slot) and read up to the first
event, a 17th is refused (503); all 16 leave the same way at once, then a newcomer asks
every 5 ms until one is admitted (200), and then 15 more, which must all be admitted too.
Times are from the moment the last reader left, in ms: to the first newcomer's status line,
and to the 16th's. Ways to leave:
  close       a plain close after reading what had arrived: a FIN (or a reset, if a
              keep-alive came in between)
  rst         SO_LINGER 0, then close: the reset a close sends when something arrived
              unread, or a killed process leaves
  half-close  shutdown(SHUT_WR), the socket kept open and nothing more read: a FIN from
              a client that never reads again (before the watch, it kept its slot until
              its socket buffers filled with keep-alives, days)
Prints one JSON line per mode: every time, median and max of each.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import struct
import time

SLOTS = 16
REQUEST = b"GET /presence/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
PATIENCE = 30.0  # seconds before a round gives up


def open_stream(port: int) -> tuple[socket.socket, str]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(REQUEST)
    received = b""
    while b"\r\n" not in received and len(received) < 4096:
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    status = received.split(b"\r\n", 1)[0].decode("ascii", "replace")
    code = status.split(" ")[1] if " " in status else status
    if code == "200":
        while b"event:presence" not in received and len(received) < 1_000_000:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return sock, code


def leave(sock: socket.socket, mode: str) -> None:
    if mode == "half-close":
        sock.shutdown(socket.SHUT_WR)
    elif mode == "rst":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    else:
        sock.setblocking(False)
        try:
            while sock.recv(65536):
                pass
        except BlockingIOError:
            pass
        sock.close()


def admitted(port: int, deadline: float) -> socket.socket:
    """A stream, asked for every 5 ms until one is granted."""
    while time.monotonic() < deadline:
        sock, code = open_stream(port)
        if code == "200":
            return sock
        sock.close()
        time.sleep(0.005)
    raise TimeoutError("no slot came free within %s s" % PATIENCE)


def one_round(port: int, mode: str) -> tuple[float, float]:
    readers = []
    try:
        # The last round's newcomers may still hold slots: wait for them as for any.
        start_by = time.monotonic() + PATIENCE
        for _ in range(SLOTS):
            readers.append(admitted(port, start_by))
        refused, code = open_stream(port)
        refused.close()
        if code != "503":
            raise RuntimeError(f"a 17th reader got {code}, not 503")
        for sock in readers:
            leave(sock, mode)
        left = time.monotonic()
        deadline = left + PATIENCE
        newcomers = [admitted(port, deadline)]
        first = time.monotonic() - left
        while len(newcomers) < SLOTS:
            newcomers.append(admitted(port, deadline))
        all_in = time.monotonic() - left
        for sock in newcomers:
            leave(sock, "rst")
        return first * 1000, all_in * 1000
    finally:
        for sock in readers:
            sock.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--modes", default="close,rst,half-close")
    args = parser.parse_args()
    for mode in args.modes.split(","):
        firsts, alls = [], []
        for _ in range(args.rounds):
            first, all_in = one_round(args.port, mode)
            firsts.append(round(first, 1))
            alls.append(round(all_in, 1))
        print(json.dumps({"mode": mode, "rounds": args.rounds,
                          "first_ms": firsts, "first_median_ms": round(statistics.median(firsts), 1),
                          "first_max_ms": max(firsts),
                          "all_ms": alls, "all_median_ms": round(statistics.median(alls), 1), "all_max_ms": max(alls)}),
              flush=True)


if __name__ == "__main__":
    main()
