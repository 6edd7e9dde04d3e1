"""Presence of the MCP wrappers, asked of the heartbeat-scanner service.

A drop-in replacement for ``iai_mcp.heartbeat_scanner``: the same public names, signatures
and meanings (``HeartbeatScanner``, ``HeartbeatEntry``, ``HeartbeatStatus``,
``DEFAULT_STALE_THRESHOLD_SEC``, ``IDLE_WINDOW_SEC``), but the answers come from the
heartbeat-scanner service instead of a scan in this process, so the rules (FRESH, STALE,
ORPHAN, clock steps, pid reuse, the idle window) exist once, in the service.

Where the answer comes from, for each call:

1. the service, found as its ``verify`` command finds it (an explicit ``service_url``, else
   ``server.address`` and ``server.port`` in ``$IAI_MCP_STORE/heartbeat-scanner.yml`` or
   ``~/.iai-mcp/heartbeat-scanner.yml``, else 127.0.0.1:8479), used only when its
   ``/actuator/info`` says it scans this directory with this stale threshold;
2. otherwise (nothing listening, no answer in time, 503, an error status, a malformed or
   half-read answer, another directory or threshold, a configuration this module cannot
   read) the service's own one-shot ``java -jar heartbeat-scanner.jar check --json`` on this
   directory, bounded by ``check_timeout`` and killed when it runs over;
3. otherwise :class:`HeartbeatUnavailable`, an :class:`OSError` naming why each path failed.

Stdlib only, Python 3.10+. No global state, no threads, nothing printed.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_CHECK_TIMEOUT_SEC",
    "DEFAULT_CONNECT_TIMEOUT_SEC",
    "DEFAULT_READ_TIMEOUT_SEC",
    "DEFAULT_STALE_THRESHOLD_SEC",
    "IDLE_WINDOW_SEC",
    "JAR_ENV",
    "HeartbeatClientError",
    "HeartbeatEntry",
    "HeartbeatScanner",
    "HeartbeatStatus",
    "HeartbeatUnavailable",
    "Presence",
    "PresenceStream",
    "ScanError",
    "ServiceLocation",
    "locate_service",
]

#: A heartbeat older than this is STALE (the seed's default; the service's too).
DEFAULT_STALE_THRESHOLD_SEC = 90

#: The service's default idle window: ``heartbeat_idle_30min()`` is true after this long
#: without a FRESH heartbeat (the service's ``iai.heartbeat.idle-window-sec``).
IDLE_WINDOW_SEC = 30 * 60

#: Default time to establish a TCP connection with the service.
DEFAULT_CONNECT_TIMEOUT_SEC = 0.25

#: Default time the service has to answer once connected, for all requests of one call.
DEFAULT_READ_TIMEOUT_SEC = 0.5

#: Default bound on the one-shot ``check`` fallback: a JVM start plus one scan takes
#: 0.6-1.7 s on a laptop; beyond this it is killed.
DEFAULT_CHECK_TIMEOUT_SEC = 10.0

#: Environment variable naming the jar for the ``check`` fallback.
JAR_ENV = "HEARTBEAT_SCANNER_JAR"

_DEFAULT_ADDRESS = "127.0.0.1"
_DEFAULT_PORT = 8479
_CONFIG_FILE_NAME = "heartbeat-scanner.yml"
# Where deploy/{launchd,systemd}/install.sh put the jar: always under $HOME, whatever
# IAI_MCP_STORE says.
_INSTALLED_JAR = Path(".iai-mcp", "heartbeat-scanner", "heartbeat-scanner.jar")
_MAX_CONFIG_BYTES = 64 * 1024
_MAX_HEAD_BYTES = 16 * 1024
_MAX_BODY_BYTES = 4 * 1024 * 1024
_MAX_EVENT_BYTES = 4 * 1024 * 1024
_MAX_CHECK_OUTPUT_BYTES = 8 * 1024 * 1024
_MAX_ENTRIES = 1000
_STATES = ("UNKNOWN", "ACTIVE", "ABSENT", "DROWSY", "IDLE")

_log = logging.getLogger(__name__)


class HeartbeatStatus(Enum):
    """Tri-state classification of a single heartbeat file."""

    FRESH = "fresh"
    STALE = "stale"
    ORPHAN = "orphan"


@dataclass
class HeartbeatEntry:
    """One heartbeat file as the service judged it.

    Attributes:
        path: The file: the wrappers directory given to the scanner joined with its name.
        pid: The writer's pid, from the payload or else the file name.
        uuid: The writer's uuid, likewise.
        last_refresh: The refresh time the service trusted (the payload's, or the file's
            modification time), an aware UTC datetime.
        status: FRESH, STALE or ORPHAN.
    """

    path: Path
    pid: int
    uuid: str
    last_refresh: datetime
    status: HeartbeatStatus


@dataclass(frozen=True)
class Presence:
    """One snapshot of presence, as the service (or its ``check``) reported it.

    Attributes:
        state: ``UNKNOWN``, ``ACTIVE``, ``ABSENT``, ``DROWSY`` or ``IDLE``.
        active: True exactly when ``state`` is ``ACTIVE`` (a heartbeat is FRESH).
        idle: True exactly when ``state`` is ``IDLE`` (none FRESH for the idle window).
        since: When the state began.
        idle_seconds: Seconds since a heartbeat was last FRESH; 0 while one is.
        fresh: Heartbeats judged FRESH (all of them, listed or not).
        stale: Heartbeats judged STALE.
        orphan: Heartbeats judged ORPHAN.
        skipped: Files named like heartbeats that were not trusted (links, other owners...).
        scanned_at: When the scan began; None before the service's first scan.
        last_fresh_at: When a heartbeat was last seen FRESH; None if never.
        entries: The heartbeats judged, FRESH ones first, at most 1,000.
        omitted: Heartbeats judged and counted but not in ``entries``.
        deleted: Heartbeat files a cleanup deleted; None when no cleanup ran.
        error: Why the directory could not be scanned; None when it could.
        source: ``"service"``, ``"check"`` (the one-shot fallback) or ``"stream"``.
        fallback_reason: Why the service's answer was not used; None when it was.
    """

    state: str
    active: bool
    idle: bool
    since: datetime
    idle_seconds: int
    fresh: int
    stale: int
    orphan: int
    skipped: int
    scanned_at: datetime | None
    last_fresh_at: datetime | None
    entries: tuple[HeartbeatEntry, ...]
    omitted: int
    deleted: int | None
    error: str | None
    source: str
    fallback_reason: str | None = None

    def summary(self) -> str:
        """The doctor row: ``n=3 fresh, 1 stale, 0 orphan``."""
        return f"n={self.fresh} fresh, {self.stale} stale, {self.orphan} orphan"


class HeartbeatClientError(OSError):
    """Base of this module's errors; an :class:`OSError`, as the daemon and doctor catch."""


class HeartbeatUnavailable(HeartbeatClientError):
    """Neither the service nor the ``check`` fallback gave a trustworthy answer.

    Attributes:
        reasons: Why each path that was tried failed, in order.
    """

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("no presence answer: " + "; ".join(reasons))
        self.reasons: tuple[str, ...] = tuple(reasons)


class ScanError(HeartbeatClientError):
    """The answer came, and says the wrappers directory could not be scanned."""


class _Refused(Exception):
    """One path gave no trustworthy answer; the message says why."""


# Locating the service --------------------------------------------------------


@dataclass(frozen=True)
class ServiceLocation:
    """Where the service answers.

    Attributes:
        host: An IP literal (IPv6 without brackets).
        port: The TCP port.
    """

    host: str
    port: int

    @property
    def authority(self) -> str:
        """``host:port`` as a Host header carries it, IPv6 in brackets."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def locate_service(
    service_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ServiceLocation:
    """Finds the service as its ``verify`` command does.

    An explicit ``service_url`` (``http://127.0.0.1:8479``) wins. Otherwise the settings
    ``server.address`` and ``server.port`` are read from ``$IAI_MCP_STORE/heartbeat-scanner.yml``
    (``~/.iai-mcp/heartbeat-scanner.yml`` when ``IAI_MCP_STORE`` is unset or empty), over the
    packaged defaults 127.0.0.1 and 8479. An unspecified address (``0.0.0.0``, ``::``) means
    127.0.0.1, as in ``verify``. Not read: ``./application.yml`` of the service's working
    directory, environment variables such as ``SERVER_PORT`` and command line arguments of
    the running service, which this process cannot see; when they move the service, the
    directory check fails safe to the ``check`` fallback, or pass ``service_url``.

    Args:
        service_url: ``http://host:port`` with an IP literal or ``localhost``; no path.
        environ: The environment to read ``IAI_MCP_STORE`` and ``HOME`` from
            (``os.environ`` when None).

    Returns:
        The location.

    Raises:
        HeartbeatClientError: When the URL or the configuration file is one this module
            cannot read for certain; the message names the file, the key and the rule.
    """
    if service_url is not None:
        return _location_from_url(service_url)
    env = os.environ if environ is None else environ
    config = _config_file(env)
    settings = _read_server_settings(config)
    address = settings.get("server.address", _DEFAULT_ADDRESS)
    port_text = settings.get("server.port", str(_DEFAULT_PORT))
    return ServiceLocation(_address(address, f"server.address in {config}"), _port(port_text, f"server.port in {config}"))


def _config_file(env: Mapping[str, str]) -> Path:
    store = env.get("IAI_MCP_STORE")
    root = Path(store) if store else _home(env) / ".iai-mcp"
    return root / _CONFIG_FILE_NAME


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME")
    return Path(home) if home else Path.home()


def _location_from_url(url: str) -> ServiceLocation:
    match = re.fullmatch(r"http://(\[[0-9A-Fa-f:.]+\]|[^/:\[\]]+):([0-9]{1,5})/?", url)
    if match is None:
        raise HeartbeatClientError(f"service_url {url!r} is not http://host:port")
    host = match.group(1).strip("[]")
    return ServiceLocation(_address(host, "service_url"), _port(match.group(2), "service_url"))


def _address(text: str, where: str) -> str:
    if text == "localhost":
        return _DEFAULT_ADDRESS
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise HeartbeatClientError(
            f"{where} is {text!r}: only an IP address or localhost is read here"
        ) from None
    return _DEFAULT_ADDRESS if address.is_unspecified else str(address)


def _port(text: str, where: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 0 < int(text) < 65536:
        raise HeartbeatClientError(
            f"{where} is {text!r}: must be a port from 1 to 65535 (0 means one chosen at random, "
            "which no client can know)"
        )
    return int(text)


_KEY_LINE = re.compile(r"(?P<indent> *)(?P<key>[A-Za-z0-9_.\-]+|\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]+(?P<value>.*))?")
_WANTED = ("server.address", "server.port")


def _read_server_settings(config: Path) -> dict[str, str]:
    """Reads ``server.address`` and ``server.port`` from a YAML file, if it exists.

    The subset read: block mappings indented by spaces (``server:`` then ``  port: 9000``)
    and dotted keys (``server.port: 9000``) with plain or quoted scalars and ``#`` comments.
    Other content (lists, block scalars, flow mappings) is passed over wherever it cannot
    hold these two keys. Anything that could hold them but is outside the subset (a flow
    mapping under ``server``, a ``${placeholder}``, an anchor or tag, a second document,
    a tab in the indentation, a key given twice, a file over 64 KiB) raises instead of
    guessing a location.
    """
    try:
        with config.open("rb") as file:
            raw = file.read(_MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as ex:
        raise HeartbeatClientError(f"cannot read {config}: {ex}") from None
    if len(raw) > _MAX_CONFIG_BYTES:
        raise HeartbeatClientError(f"{config} is over 64 KiB; not read")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HeartbeatClientError(f"{config} is not UTF-8") from None
    return _parse_server_settings(text, str(config))


def _parse_server_settings(text: str, name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    parents: list[tuple[int, str]] = []
    opaque_above: int | None = None
    seen_content = False
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name} line {number}"
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if opaque_above is not None:
            if not stripped or indent > opaque_above:
                continue
            opaque_above = None
        if not stripped or stripped.startswith("#"):
            continue
        if line[: len(line) - len(line.lstrip())].count("\t"):
            raise HeartbeatClientError(f"{where}: a tab in the indentation is not read here")
        if stripped in ("---", "...") or stripped.startswith("--- "):
            if seen_content:
                raise HeartbeatClientError(f"{where}: a second YAML document is not read here")
            continue
        seen_content = True
        while parents and parents[-1][0] >= indent:
            parents.pop()
        prefix = ".".join(key for _, key in parents)
        match = _KEY_LINE.fullmatch(line.rstrip())
        if match is None:
            # A list item or a continuation line: it sits under the last key.
            if _could_hold_wanted(prefix):
                raise HeartbeatClientError(f"{where}: under {prefix or 'the top'}, only 'key: value' is read here")
            opaque_above = indent - 1
            continue
        key = match.group("key").strip("\"'")
        path = f"{prefix}.{key}" if prefix else key
        value = _strip_comment(match.group("value") or "")
        if not value:
            parents.append((indent, key))
            continue
        if path in _WANTED:
            if path in found:
                raise HeartbeatClientError(f"{where}: {path} is set twice")
            found[path] = _scalar(value, f"{where} ({path})")
        elif _could_hold_wanted(path) and value[0] in "{[&*!|>":
            raise HeartbeatClientError(f"{where}: {path} is not a plain mapping; not read here")
        elif value[0] in "|>":
            opaque_above = indent
    return found


def _could_hold_wanted(path: str) -> bool:
    return any(wanted == path or wanted.startswith(path + ".") for wanted in _WANTED) or path == ""


def _strip_comment(value: str) -> str:
    if value[:1] in ("'", '"'):
        quote = value[0]
        end = value.find(quote, 1)
        if end < 0:
            return value.strip()
        rest = value[end + 1 :].strip()
        return value[: end + 1] if not rest or rest.startswith("#") else value.strip()
    hashed = re.search(r"[ \t]#", value)
    return (value[: hashed.start()] if hashed else value).strip()


def _scalar(value: str, where: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in ("'", '"'):
        value = value[1:-1]
    elif value[0] in "{[&*!|>'\"":
        raise HeartbeatClientError(f"{where}: {value!r} is not a plain scalar; not read here")
    if "${" in value:
        raise HeartbeatClientError(f"{where}: placeholders are not resolved here")
    return value.strip()


# A bounded HTTP/1.1 exchange ----------------------------------------------------------------
# Written on sockets rather than http.client because every read must end by one deadline
# and survive a timeout: http.client's buffered reader is unusable after one, and its
# timeouts apply per read, so a server sending a byte now and then could hold it forever.


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return self.at - time.monotonic()


class _Closed(Exception):
    """The connection ended before the answer did."""


class _Connection:
    """One TCP connection to the service, read into a buffer of its own."""

    def __init__(self, location: ServiceLocation, connect_timeout: float, deadline: _Deadline) -> None:
        timeout = min(connect_timeout, deadline.left())
        if timeout <= 0:
            raise TimeoutError("no time left to connect")
        self.sock = socket.create_connection((location.host, location.port), timeout=timeout)
        self.buffer = bytearray()

    def send(self, data: bytes, deadline: _Deadline) -> None:
        left = deadline.left()
        if left <= 0:
            raise TimeoutError("no time left to send the request")
        self.sock.settimeout(left)
        self.sock.sendall(data)

    def fill(self, deadline: _Deadline) -> bool:
        """Reads what arrives before the deadline; False when nothing did."""
        left = deadline.left()
        if left <= 0:
            return False
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(65536)
        except TimeoutError:
            return False
        if not data:
            raise _Closed("the service closed the connection")
        self.buffer += data
        return True

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


@dataclass(frozen=True)
class _Head:
    status: int
    headers: dict[str, str]


def _request(location: ServiceLocation, method: str, path: str, body: bytes | None, accept: str) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {location.authority}",
        f"Accept: {accept}",
        "User-Agent: heartbeat-scanner-client-python",
        "Connection: close",
    ]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + (body or b"")


def _read_head(conn: _Connection, deadline: _Deadline) -> _Head:
    while True:
        end = conn.buffer.find(b"\r\n\r\n")
        if end >= 0:
            break
        if len(conn.buffer) > _MAX_HEAD_BYTES:
            raise _Refused("the answer's header is over 16 KiB")
        if not conn.fill(deadline):
            raise TimeoutError("no complete answer header in time")
    head = bytes(conn.buffer[:end]).decode("latin-1")
    del conn.buffer[: end + 4]
    status_line, *header_lines = head.split("\r\n")
    match = re.fullmatch(r"HTTP/1\.[01] ([0-9]{3})(?: .*)?", status_line)
    if match is None:
        raise _Refused(f"not an HTTP answer: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    for header in header_lines:
        name, colon, value = header.partition(":")
        if not colon or not name or name != name.strip():
            raise _Refused(f"a malformed header line: {header[:80]!r}")
        name = name.lower()
        value = value.strip()
        if name in headers and name in ("content-length", "transfer-encoding", "content-type"):
            raise _Refused(f"header {name} given twice")
        headers[name] = value
    return _Head(int(match.group(1)), headers)


class _Chunks:
    """Decodes a chunked body as its bytes arrive, keeping its place across reads."""

    def __init__(self) -> None:
        self.left = 0
        self.expect_crlf = False
        self.in_trailer = False
        self.done = False

    def take(self, buffer: bytearray) -> bytes:
        out = bytearray()
        while not self.done:
            if self.in_trailer:
                end = buffer.find(b"\r\n")
                if end < 0:
                    break
                line = bytes(buffer[:end])
                del buffer[: end + 2]
                self.done = line == b""
                continue
            if self.expect_crlf:
                if len(buffer) < 2:
                    break
                if buffer[:2] != b"\r\n":
                    raise _Refused("a chunk does not end where its size says")
                del buffer[:2]
                self.expect_crlf = False
            if self.left == 0:
                end = buffer.find(b"\r\n")
                if end < 0:
                    if len(buffer) > 1024:
                        raise _Refused("a chunk size line is over 1 KiB")
                    break
                size = bytes(buffer[:end]).split(b";", 1)[0].strip()
                del buffer[: end + 2]
                if not re.fullmatch(rb"[0-9A-Fa-f]{1,8}", size):
                    raise _Refused(f"a malformed chunk size {size[:20]!r}")
                self.left = int(size, 16)
                if self.left == 0:
                    self.in_trailer = True
                    continue
            taken = min(self.left, len(buffer))
            if taken == 0:
                break
            out += buffer[:taken]
            del buffer[:taken]
            self.left -= taken
            self.expect_crlf = self.left == 0
        return bytes(out)


def _read_body(conn: _Connection, head: _Head, deadline: _Deadline) -> bytes:
    encoding = head.headers.get("transfer-encoding", "").lower()
    if encoding:
        if encoding != "chunked":
            raise _Refused(f"transfer-encoding {encoding!r} is not read here")
        chunks = _Chunks()
        body = bytearray()
        while True:
            body += chunks.take(conn.buffer)
            if len(body) > _MAX_BODY_BYTES:
                raise _Refused("the answer is over 4 MiB")
            if chunks.done:
                return bytes(body)
            _fill_or_fail(conn, deadline, "the answer's body")
    length = head.headers.get("content-length")
    if length is not None:
        if not re.fullmatch(r"[0-9]{1,10}", length) or int(length) > _MAX_BODY_BYTES:
            raise _Refused(f"content-length {length[:20]!r} is not a length up to 4 MiB")
        while len(conn.buffer) < int(length):
            _fill_or_fail(conn, deadline, "the answer's body")
        return bytes(conn.buffer[: int(length)])
    while True:
        try:
            if not conn.fill(deadline):
                raise TimeoutError("the answer's body did not arrive in time")
        except _Closed:
            return bytes(conn.buffer)
        if len(conn.buffer) > _MAX_BODY_BYTES:
            raise _Refused("the answer is over 4 MiB")


def _fill_or_fail(conn: _Connection, deadline: _Deadline, what: str) -> None:
    try:
        if not conn.fill(deadline):
            raise TimeoutError(f"{what} did not arrive in time")
    except _Closed:
        raise _Refused(f"{what} was cut short: the connection closed") from None


def _exchange(
    location: ServiceLocation,
    method: str,
    path: str,
    body: bytes | None,
    connect_timeout: float,
    deadline: _Deadline,
) -> Any:
    """One request, its JSON answer parsed; every failure is a :class:`_Refused`."""
    where = f"{method} http://{location.authority}{path}"
    try:
        conn = _Connection(location, connect_timeout, deadline)
    except ConnectionRefusedError:
        raise _Refused(f"nothing listens at {location.authority}") from None
    except OSError as ex:
        raise _Refused(f"cannot connect to {location.authority}: {_describe(ex)}") from None
    try:
        conn.send(_request(location, method, path, body, "application/json"), deadline)
        head = _read_head(conn, deadline)
        payload = _read_body(conn, head, deadline)
    except _Refused as ex:
        raise _Refused(f"{where}: {ex}") from None
    except _Closed:
        raise _Refused(f"{where}: the connection closed before the answer") from None
    except OSError as ex:
        raise _Refused(f"{where}: {_describe(ex)}") from None
    finally:
        conn.close()
    if head.status != 200:
        retry = head.headers.get("retry-after")
        raise _Refused(f"{where} answered {head.status}" + (f" (Retry-After: {retry[:20]})" if retry else ""))
    if not head.headers.get("content-type", "").lower().split(";")[0].strip().endswith("json"):
        raise _Refused(f"{where} answered {head.headers.get('content-type', 'no content type')!r}, not JSON")
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as ex:
        raise _Refused(f"{where} answered malformed JSON ({ex})") from None


def _describe(ex: BaseException) -> str:
    if isinstance(ex, TimeoutError):
        return f"timed out ({ex})" if str(ex) else "timed out"
    return f"{type(ex).__name__}: {ex}"


# Reading a snapshot ----------------------------------------------------------------------


_INSTANT = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?P<fraction>[0-9]{1,9}))?(?:Z|\+00:00)"
)


def _instant(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise _Refused(f"{what} is not a time: {value!r:.60}")
    match = _INSTANT.fullmatch(value)
    if match is None:
        raise _Refused(f"{what} is not an ISO-8601 UTC time: {value!r:.60}")
    try:
        moment = datetime.strptime(match.group("date"), "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise _Refused(f"{what} is not a valid time: {value!r:.60}") from None
    micros = int((match.group("fraction") or "0").ljust(9, "0")[:6])
    return moment.replace(microsecond=micros, tzinfo=timezone.utc)


def _optional_instant(value: Any, what: str) -> datetime | None:
    return None if value is None else _instant(value, what)


def _count(snapshot: dict[str, Any], key: str) -> int:
    value = snapshot.get(key)
    if type(value) is not int or value < 0:
        raise _Refused(f"{key} is not a count: {value!r:.60}")
    return value


def _flag(snapshot: dict[str, Any], key: str) -> bool:
    value = snapshot.get(key)
    if type(value) is not bool:
        raise _Refused(f"{key} is not true or false: {value!r:.60}")
    return value


def _entry(item: Any, wrappers_dir: Path) -> HeartbeatEntry:
    if not isinstance(item, dict):
        raise _Refused(f"an entry is not an object: {item!r:.60}")
    pid, uuid, status, name = item.get("pid"), item.get("uuid"), item.get("status"), item.get("file")
    if type(pid) is not int or not isinstance(uuid, str):
        raise _Refused(f"an entry has no integer pid and string uuid: {item!r:.100}")
    if status not in ("FRESH", "STALE", "ORPHAN"):
        raise _Refused(f"an entry's status is {status!r:.40}")
    if not isinstance(name, str) or name in ("", ".", "..") or "/" in name or "\0" in name:
        raise _Refused(f"an entry's file is not a name in the directory: {name!r:.100}")
    return HeartbeatEntry(
        path=wrappers_dir / name,
        pid=pid,
        uuid=uuid,
        last_refresh=_instant(item.get("lastRefresh"), "an entry's lastRefresh"),
        status=HeartbeatStatus[status],
    )


def _presence(snapshot: Any, wrappers_dir: Path, source: str, fallback_reason: str | None = None) -> Presence:
    """Reads a snapshot as the schema gives it; anything missing or inconsistent refuses."""
    if not isinstance(snapshot, dict):
        raise _Refused("the snapshot is not a JSON object")
    state = snapshot.get("state")
    if state not in _STATES:
        raise _Refused(f"state is {state!r:.40}")
    active, idle = _flag(snapshot, "active"), _flag(snapshot, "idle")
    if active != (state == "ACTIVE") or idle != (state == "IDLE"):
        raise _Refused(f"active={active} and idle={idle} contradict state {state}")
    fresh, stale, orphan = _count(snapshot, "fresh"), _count(snapshot, "stale"), _count(snapshot, "orphan")
    omitted = _count(snapshot, "omitted")
    items = snapshot.get("entries")
    if not isinstance(items, list) or len(items) > _MAX_ENTRIES:
        raise _Refused("entries is not a list of at most 1,000")
    entries = tuple(_entry(item, wrappers_dir) for item in items)
    if len(entries) + omitted != fresh + stale + orphan:
        raise _Refused(f"{len(entries)} entries and {omitted} omitted do not add up to the counts")
    for status, count in ((HeartbeatStatus.FRESH, fresh), (HeartbeatStatus.STALE, stale), (HeartbeatStatus.ORPHAN, orphan)):
        if sum(1 for entry in entries if entry.status is status) > count:
            raise _Refused(f"more {status.name} entries than the {status.value} count")
    cleanup = snapshot.get("cleanup")
    if cleanup is not None and not isinstance(cleanup, dict):
        raise _Refused("cleanup is neither null nor an object")
    error = snapshot.get("error")
    if error is not None and not isinstance(error, str):
        raise _Refused("error is neither null nor a string")
    _count(snapshot, "scanMillis")
    return Presence(
        state=state,
        active=active,
        idle=idle,
        since=_instant(snapshot.get("since"), "since"),
        idle_seconds=_count(snapshot, "idleSeconds"),
        fresh=fresh,
        stale=stale,
        orphan=orphan,
        skipped=_count(snapshot, "skipped"),
        scanned_at=_optional_instant(snapshot.get("scannedAt"), "scannedAt"),
        last_fresh_at=_optional_instant(snapshot.get("lastFreshAt"), "lastFreshAt"),
        entries=entries,
        omitted=omitted,
        deleted=None if cleanup is None else _count(cleanup, "deleted"),
        error=error,
        source=source,
        fallback_reason=fallback_reason,
    )


# The scanner -----------------------------------------------------------------------------


class HeartbeatScanner:
    """Presence of the wrappers writing into ``wrappers_dir``, from the service.

    Same constructor and methods as the seed ``iai_mcp.heartbeat_scanner.HeartbeatScanner``;
    the keyword-only arguments are this client's own. Every method asks anew (the service,
    else its ``check``); the object keeps no state between calls and is safe to use from
    several threads.

    Args:
        wrappers_dir: The directory the wrappers write heartbeats into.
        stale_threshold_sec: Older than this is STALE; the service's answer is used only
            when its ``iai.heartbeat.stale-threshold-sec`` is the same, and ``check`` is
            given it.
        service_url: ``http://host:port`` of the service; by default found as ``verify``
            finds it (see :func:`locate_service`).
        connect_timeout: Seconds to connect to the service.
        read_timeout: Seconds the service has, once connected, to answer all requests of
            one call.
        jar: The service's jar for the ``check`` fallback; by default ``$HEARTBEAT_SCANNER_JAR``,
            else ``~/.iai-mcp/heartbeat-scanner/heartbeat-scanner.jar`` where the install
            scripts put it. A ``jvm.options`` beside the jar is passed to Java.
        java: The ``java`` to run it with; by default ``$JAVA_HOME/bin/java``, else ``java``
            on ``PATH``.
        check_timeout: Seconds the ``check`` may take; beyond, it is killed.
        fallback: False to never run ``check``: a service that cannot answer raises
            :class:`HeartbeatUnavailable` at once.
        environ: The environment to read (``os.environ`` when None).
    """

    def __init__(
        self,
        wrappers_dir: Path,
        stale_threshold_sec: int = DEFAULT_STALE_THRESHOLD_SEC,
        *,
        service_url: str | None = None,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT_SEC,
        read_timeout: float = DEFAULT_READ_TIMEOUT_SEC,
        jar: Path | str | None = None,
        java: str | None = None,
        check_timeout: float = DEFAULT_CHECK_TIMEOUT_SEC,
        fallback: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        if type(stale_threshold_sec) is not int or stale_threshold_sec <= 0:
            raise ValueError(f"stale_threshold_sec must be a positive int, not {stale_threshold_sec!r}")
        for name, value in (("connect_timeout", connect_timeout), ("read_timeout", read_timeout), ("check_timeout", check_timeout)):
            if not value > 0:
                raise ValueError(f"{name} must be positive, not {value!r}")
        self._wrappers_dir = Path(wrappers_dir)
        self._stale_threshold_sec = stale_threshold_sec
        self._service_url = service_url
        self._connect_timeout = float(connect_timeout)
        self._read_timeout = float(read_timeout)
        self._jar = None if jar is None else Path(jar)
        self._java = java
        self._check_timeout = float(check_timeout)
        self._fallback = fallback
        self._environ = os.environ if environ is None else environ

    # ----- The seed's interface -----------------------------------------------

    def scan(self) -> list[HeartbeatEntry]:
        """The heartbeats in the directory as it is now, FRESH ones first.

        The service scans now (a file written just before the call is in the answer). It
        lists at most 1,000; the counts (:meth:`presence`) cover all of them. Files the
        service does not trust (links, special files, other owners) are not listed.

        Raises:
            HeartbeatUnavailable: Neither the service nor ``check`` answered.
            ScanError: The directory exists but could not be listed.
        """
        return list(self._scanned(self.presence()).entries)

    def fresh_count(self) -> int:
        """Number of FRESH heartbeats in the directory as it is now (all, listed or not)."""
        return self._scanned(self.presence()).fresh

    def is_active(self) -> bool:
        """True iff a heartbeat is FRESH now: the service's ``active``."""
        return self.presence().active

    def heartbeat_idle_30min(self) -> bool:
        """True iff no heartbeat has been FRESH for the whole idle window: the service's ``idle``.

        The window is the service's ``idle-window-sec`` (1800 s by default), remembered
        across its restarts; after its start, or with no memory, it is not idle until it
        has watched one whole window.
        """
        return self.presence().idle

    def cleanup_stale_orphans(self) -> int:
        """Deletes STALE and ORPHAN heartbeat files as the service's cleanup does.

        Returns:
            How many heartbeat files the cleanup deleted (the service's guards may hold
            some back; FRESH files are never deleted).
        """
        deleted = self._scanned(self.presence(cleanup=True)).deleted
        if deleted is None:
            raise HeartbeatClientError("the answer to a cleanup carries no cleanup")
        return deleted

    # ----- More of what the service knows --------------------------------------

    def presence(self, cleanup: bool = False) -> Presence:
        """Scans now (and cleans up when asked) and returns the whole snapshot.

        Raises:
            HeartbeatUnavailable: Neither the service nor ``check`` answered.
        """
        try:
            return self._from_service(cleanup)
        except _Refused as ex:
            service_reason = str(ex)
        if not self._fallback:
            raise HeartbeatUnavailable([service_reason])
        _log.debug("asking check instead of the service: %s", service_reason)
        try:
            return self._from_check(cleanup, service_reason)
        except _Refused as ex:
            raise HeartbeatUnavailable([service_reason, str(ex)]) from None

    def stream(
        self,
        timeout: float = 1.0,
        stall_timeout: float = 15.0,
        max_backoff: float = 5.0,
    ) -> PresenceStream:
        """Presence pushed by the service at each transition; see :class:`PresenceStream`."""
        return PresenceStream(self, timeout=timeout, stall_timeout=stall_timeout, max_backoff=max_backoff)

    # ----- The service path -----------------------------------------------------

    def _location(self) -> ServiceLocation:
        try:
            return locate_service(self._service_url, self._environ)
        except HeartbeatClientError as ex:
            raise _Refused(f"cannot locate the service: {ex}") from None

    def _from_service(self, cleanup: bool) -> Presence:
        location = self._location()
        deadline = _Deadline(self._connect_timeout + self._read_timeout)
        self._require_same_directory(location, deadline)
        body = b'{"cleanup": true}' if cleanup else b"{}"
        snapshot = _exchange(location, "POST", "/actuator/presence", body, self._connect_timeout, deadline)
        try:
            return _presence(snapshot, self._wrappers_dir, "service")
        except _Refused as ex:
            raise _Refused(f"the service's snapshot is malformed: {ex}") from None

    def _require_same_directory(self, location: ServiceLocation, deadline: _Deadline) -> None:
        info = _exchange(location, "GET", "/actuator/info", None, self._connect_timeout, deadline)
        settings = info.get("heartbeat") if isinstance(info, dict) else None
        if not isinstance(settings, dict) or not isinstance(settings.get("wrappersDir"), str):
            raise _Refused(f"the service at {location.authority} does not say which directory it scans")
        scanned = settings["wrappersDir"]
        if not _same_directory(Path(scanned), self._wrappers_dir):
            raise _Refused(f"the service at {location.authority} scans {scanned}, not {self._wrappers_dir}")
        threshold = settings.get("staleThresholdSec")
        if threshold != self._stale_threshold_sec:
            raise _Refused(
                f"the service at {location.authority} judges STALE after {threshold!r} s, not {self._stale_threshold_sec} s"
            )

    # ----- The check path -------------------------------------------------------

    def _from_check(self, cleanup: bool, service_reason: str) -> Presence:
        jar = self._find_jar()
        command = [self._find_java()]
        options = jar.parent / "jvm.options"
        if options.is_file():
            command.append(f"@{options}")
        command += [
            "-jar",
            str(jar),
            "check",
            "--json",
            f"--iai.heartbeat.wrappers-dir={self._wrappers_dir}",
            f"--iai.heartbeat.stale-threshold-sec={self._stale_threshold_sec}",
        ]
        if cleanup:
            command.append("--cleanup")
        exit_code, stdout, stderr = _run_bounded(command, jar.parent, self._environ, self._check_timeout)
        if exit_code not in (0, 1):
            last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["nothing on stderr"]
            raise _Refused(f"check exited {exit_code}: {last[0][:300]}")
        try:
            snapshot = json.loads(stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as ex:
            raise _Refused(f"check printed malformed JSON ({ex})") from None
        try:
            presence = _presence(snapshot, self._wrappers_dir, "check", service_reason)
        except _Refused as ex:
            raise _Refused(f"check's snapshot is malformed: {ex}") from None
        if exit_code == 1 and presence.error is None:
            raise _Refused("check exited 1 but its snapshot names no error")
        return presence

    def _find_jar(self) -> Path:
        if self._jar is not None:
            candidate, origin = self._jar, "the jar argument"
        elif self._environ.get(JAR_ENV):
            candidate, origin = Path(self._environ[JAR_ENV]), f"${JAR_ENV}"
        else:
            candidate, origin = _home(self._environ) / _INSTALLED_JAR, "the install location"
        if not candidate.is_file():
            raise _Refused(f"no check fallback: {origin} names {candidate}, which is not a file")
        return candidate.absolute()

    def _find_java(self) -> str:
        if self._java is not None:
            return self._java
        java_home = self._environ.get("JAVA_HOME")
        if java_home and Path(java_home, "bin", "java").is_file():
            return str(Path(java_home, "bin", "java"))
        found = shutil.which("java", path=self._environ.get("PATH", os.defpath))
        if found is None:
            raise _Refused("no check fallback: no java in $JAVA_HOME or on PATH (pass java=...)")
        return found

    @staticmethod
    def _scanned(presence: Presence) -> Presence:
        if presence.error is not None:
            raise ScanError(f"the wrappers directory could not be scanned: {presence.error}")
        return presence


def _same_directory(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.expanduser().resolve() == b.expanduser().resolve()
    except OSError:
        return False


def _run_bounded(command: list[str], cwd: Path, environ: Mapping[str, str], timeout: float) -> tuple[int, bytes, bytes]:
    """Runs a command to its end or kills its whole process group at ``timeout``."""
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as ex:
        raise _Refused(f"cannot start check: {_describe(ex)}") from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise _Refused(f"check did not finish within {timeout:g} s; killed") from None
    except BaseException:
        _kill_group(process)
        raise
    if len(stdout) > _MAX_CHECK_OUTPUT_BYTES:
        raise _Refused("check printed over 8 MiB")
    return process.returncode, stdout, stderr


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()
    process.communicate()


# The event stream ------------------------------------------------------------------------


class PresenceStream:
    """The service's ``/presence/stream``: the snapshot on connect and at each transition.

    :meth:`next_event` returns the next snapshot, or None when ``timeout`` passes first;
    it never blocks longer. Iterating yields the same, ``None`` included, so a loop can
    check for shutdown between events. The connection is kept across calls; when it
    fails (the service stopped, another directory, nothing heard for ``stall_timeout``
    although the service sends a comment every 5 s), it reconnects, waiting 0.1 s, then
    doubling up to ``max_backoff`` between failed attempts. Each connection starts with
    the current snapshot, so no state is missed across a reconnect. Only the service
    streams: there is no ``check`` fallback here. Use it from one thread at a time (an
    asyncio daemon: ``await asyncio.to_thread(stream.next_event)``). Close it (or use
    ``with``).

    Attributes:
        connections: Connections opened so far.
        last_error: Why the last connection failed or ended; None if none did.
    """

    def __init__(self, scanner: HeartbeatScanner, timeout: float, stall_timeout: float, max_backoff: float) -> None:
        if not timeout > 0 or not stall_timeout > 0 or not max_backoff > 0:
            raise ValueError("timeout, stall_timeout and max_backoff must be positive")
        self._scanner = scanner
        self._timeout = timeout
        self._stall_timeout = stall_timeout
        self._max_backoff = max_backoff
        self._conn: _Connection | None = None
        self._chunks: _Chunks | None = None
        self._lines = bytearray()
        self._event: str | None = None
        self._data: list[bytes] = []
        self._heard_at = 0.0
        self._failures = 0
        self._retry_at = 0.0
        self._closed = False
        self.connections = 0
        self.last_error: str | None = None

    def __enter__(self) -> PresenceStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Presence | None]:
        while not self._closed:
            yield self.next_event()

    def close(self) -> None:
        """Closes the connection; the stream gives nothing more."""
        self._closed = True
        self._disconnect()

    def next_event(self, timeout: float | None = None) -> Presence | None:
        """The next snapshot, or None when ``timeout`` (default: the stream's) passes first."""
        if self._closed:
            raise ValueError("the stream is closed")
        deadline = _Deadline(self._timeout if timeout is None else timeout)
        while deadline.left() > 0:
            if self._conn is None and not self._try_connect(deadline):
                continue
            try:
                event = self._read_event(deadline)
            except (_Refused, _Closed, OSError) as ex:
                self._fail(f"the stream ended: {ex}")
                continue
            if event is not None:
                self._failures = 0
                return event
        return None

    def _try_connect(self, deadline: _Deadline) -> bool:
        wait = min(self._retry_at - time.monotonic(), deadline.left())
        if wait > 0:
            time.sleep(wait)
            if deadline.left() <= 0:
                return False
        scanner = self._scanner
        connect_deadline = _Deadline(min(deadline.left(), scanner._connect_timeout + scanner._read_timeout))
        conn: _Connection | None = None
        try:
            location = scanner._location()
            scanner._require_same_directory(location, connect_deadline)
            conn = _Connection(location, scanner._connect_timeout, connect_deadline)
            conn.send(_request(location, "GET", "/presence/stream", None, "text/event-stream"), connect_deadline)
            head = _read_head(conn, connect_deadline)
            if head.status != 200:
                raise _Refused(f"the stream answered {head.status}")
            if head.headers.get("content-type", "").split(";")[0].strip().lower() != "text/event-stream":
                raise _Refused(f"the stream answered {head.headers.get('content-type')!r}")
            encoding = head.headers.get("transfer-encoding", "").lower()
            if encoding not in ("", "chunked"):
                raise _Refused(f"transfer-encoding {encoding!r} is not read here")
        except (_Refused, _Closed, OSError) as ex:
            if conn is not None:
                conn.close()
            self._fail(f"cannot open the stream: {ex}")
            return False
        self._conn = conn
        self._chunks = _Chunks() if encoding == "chunked" else None
        self._lines = bytearray()
        self._event, self._data = None, []
        self._heard_at = time.monotonic()
        self.connections += 1
        return True

    def _fail(self, reason: str) -> None:
        self._disconnect()
        self.last_error = reason
        delay = min(self._max_backoff, 0.1 * (2**self._failures)) if self._failures else 0.0
        self._failures = min(self._failures + 1, 30)
        self._retry_at = time.monotonic() + delay
        _log.debug("presence stream: %s; next attempt in %.1f s", reason, delay)

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _read_event(self, deadline: _Deadline) -> Presence | None:
        assert self._conn is not None
        conn = self._conn
        if conn.buffer:
            self._decode(conn)
        while True:
            event = self._next_parsed()
            if event is not None:
                return event
            stalled_at = self._heard_at + self._stall_timeout
            read_until = _Deadline(min(deadline.left(), stalled_at - time.monotonic()))
            if conn.fill(read_until):
                self._heard_at = time.monotonic()
                self._decode(conn)
            elif time.monotonic() >= stalled_at:
                raise _Closed(f"nothing heard for {self._stall_timeout:g} s")
            else:
                return None

    def _decode(self, conn: _Connection) -> None:
        if self._chunks is None:
            self._lines += conn.buffer
            conn.buffer.clear()
        else:
            self._lines += self._chunks.take(conn.buffer)
            if self._chunks.done:
                raise _Closed("the service ended the stream")
        if len(self._lines) > _MAX_EVENT_BYTES:
            raise _Refused("an event is over 4 MiB")

    def _next_parsed(self) -> Presence | None:
        while True:
            end = self._lines.find(b"\n")
            if end < 0:
                return None
            line = bytes(self._lines[:end]).rstrip(b"\r")
            del self._lines[: end + 1]
            if line == b"":
                event, data = self._event, self._data
                self._event, self._data = None, []
                if event == "presence" and data:
                    return self._snapshot(b"\n".join(data))
                continue
            if line.startswith(b":"):
                continue
            field, _, value = line.partition(b":")
            value = value[1:] if value.startswith(b" ") else value
            if field == b"event":
                self._event = value.decode("utf-8", "replace")
            elif field == b"data":
                self._data.append(value)

    def _snapshot(self, data: bytes) -> Presence:
        try:
            snapshot = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as ex:
            raise _Refused(f"an event's data is malformed JSON ({ex})") from None
        return _presence(snapshot, self._scanner._wrappers_dir, "stream")
