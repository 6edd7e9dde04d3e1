"""Finding the service as verify does, from the YAML subset this module reads."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

from heartbeat_scanner_client import HeartbeatClientError, HeartbeatScanner, HeartbeatUnavailable, locate_service

from tests.support import PROJECT_DIR, free_port


class LocateServiceTests(unittest.TestCase):
    def setUp(self) -> None:
        scratch = tempfile.TemporaryDirectory(prefix="pyclient-locate-")
        self.addCleanup(scratch.cleanup)
        self.home = Path(scratch.name, "home")
        self.store = Path(scratch.name, "store")
        (self.home / ".iai-mcp").mkdir(parents=True)
        self.store.mkdir()

    def locate(self, yaml: str | None = None, store: bool = False) -> str:
        environ = {"HOME": str(self.home)}
        if store:
            environ["IAI_MCP_STORE"] = str(self.store)
        if yaml is not None:
            root = self.store if store else self.home / ".iai-mcp"
            (root / "heartbeat-scanner.yml").write_text(yaml)
        return locate_service(environ=environ).authority

    def refused(self, yaml: str) -> str:
        with self.assertRaises(HeartbeatClientError) as raised:
            self.locate(yaml)
        return str(raised.exception)

    def test_without_a_file_the_packaged_default(self) -> None:
        self.assertEqual(self.locate(), "127.0.0.1:8479")

    def test_nested_keys_in_the_home_store(self) -> None:
        self.assertEqual(self.locate("server:\n  address: 127.0.0.2\n  port: 9000\n"), "127.0.0.2:9000")

    def test_iai_mcp_store_names_the_file_as_it_does_for_the_service(self) -> None:
        (self.home / ".iai-mcp" / "heartbeat-scanner.yml").write_text("server.port: 1111\n")
        self.assertEqual(self.locate("server.port: 2222\n", store=True), "127.0.0.1:2222")

    def test_dotted_keys_quotes_and_comments(self) -> None:
        yaml = "# mine\nserver.port: '9001'   # moved\nserver.address: \"::1\"\n"
        self.assertEqual(self.locate(yaml), "[::1]:9001")

    def test_an_unspecified_address_means_loopback_as_in_verify(self) -> None:
        self.assertEqual(self.locate("server:\n  address: 0.0.0.0\n"), "127.0.0.1:8479")
        self.assertEqual(self.locate("server:\n  address: localhost\n"), "127.0.0.1:8479")

    def test_other_settings_of_any_shape_are_passed_over(self) -> None:
        yaml = (
            "spring:\n  autoconfigure:\n    exclude:\n      - a.B\n      - c.D\n"
            "iai:\n  heartbeat:\n    description: |\n      port: 1\n      server:\n"
            "    stale-threshold-sec: 120\n"
            "server:\n  jetty:\n    threads:\n      min: 4\n  port: 9002\n"
            "management:\n  server:\n    port: 7\n"
        )
        self.assertEqual(self.locate(yaml), "127.0.0.1:9002")

    def test_the_projects_own_yaml_files_read_as_the_default(self) -> None:
        for packaged in (PROJECT_DIR / "application.yml", PROJECT_DIR / "src/main/resources/application.yml"):
            with self.subTest(packaged.name):
                self.assertEqual(self.locate(packaged.read_text()), "127.0.0.1:8479")

    def test_what_could_move_the_service_but_is_not_read_fails_safe(self) -> None:
        cases = {
            "server: {port: 9000}\n": "not a plain mapping",
            "server:\n  port: ${PORT:9000}\n": "placeholders",
            "server:\n  port: 0\n": "chosen at random",
            "server:\n  port: 70000\n": "from 1 to 65535",
            "server:\n  address: example.org\n": "only an IP address",
            "server:\n  port: 1\n---\nserver:\n  port: 2\n": "second YAML document",
            "server:\n  - port: 1\n": "only 'key: value'",
            "server:\n  port: 1\nserver.port: 2\n": "set twice",
            "server:\n\tport: 1\n": "tab",
            "server:\n  port: &p 1\n": "not a plain scalar",
            "#" * (64 * 1024 + 1): "over 64 KiB",
        }
        for yaml, reason in cases.items():
            with self.subTest(yaml[:40]):
                self.assertIn(reason, self.refused(yaml))

    def test_an_explicit_url_wins_over_the_file(self) -> None:
        (self.home / ".iai-mcp" / "heartbeat-scanner.yml").write_text("server: {port: 9000}\n")
        self.assertEqual(
            locate_service("http://127.0.0.1:9100", {"HOME": str(self.home)}).authority, "127.0.0.1:9100"
        )
        for bad in ("https://127.0.0.1:1", "http://127.0.0.1", "http://127.0.0.1:1/actuator", "http://host.example:1"):
            with self.subTest(bad), self.assertRaises(HeartbeatClientError):
                locate_service(bad)

    def test_a_configuration_not_read_takes_the_fallback_with_its_reason(self) -> None:
        (self.home / ".iai-mcp" / "heartbeat-scanner.yml").write_text("server:\n  port: ${PORT}\n")
        scanner = HeartbeatScanner(
            self.home / ".iai-mcp" / "wrappers", environ={"HOME": str(self.home), "PATH": ""}
        )

        with self.assertRaises(HeartbeatUnavailable) as raised:
            scanner.scan()

        self.assertIn("cannot locate the service", raised.exception.reasons[0])
        self.assertIn("heartbeat-scanner.jar, which is not a file", raised.exception.reasons[1])

    def test_the_configured_port_is_the_one_asked(self) -> None:
        port = free_port()
        (self.home / ".iai-mcp" / "heartbeat-scanner.yml").write_text(f"server:\n  port: {port}\n")
        scanner = HeartbeatScanner(self.home / "w", fallback=False, environ={"HOME": str(self.home)})

        with self.assertRaises(HeartbeatUnavailable) as raised:
            scanner.is_active()

        self.assertIn(f"nothing listens at 127.0.0.1:{port}", raised.exception.reasons[0])


if __name__ == "__main__":
    unittest.main()
