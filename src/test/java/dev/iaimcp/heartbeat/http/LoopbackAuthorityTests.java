package dev.iaimcp.heartbeat.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackAuthorityTests {

	@ParameterizedTest
	@CsvSource({ "localhost, localhost, -1", "localhost:8479, localhost, 8479", "LocalHost:8479, localhost, 8479",
			"127.0.0.1, 127.0.0.1, -1", "127.0.0.1:8479, 127.0.0.1, 8479", "127.255.0.7:1, 127.255.0.7, 1",
			"127.0.0.1:65535, 127.0.0.1, 65535", "[::1], [::1], -1", "[::1]:8479, [::1], 8479",
			"[0:0:0:0:0:0:0:1]:8479, [0:0:0:0:0:0:0:1], 8479" })
	void loopbackNamesAndAddressesWithAnyPortAreAccepted(String value, String host, int port) {
		assertThat(LoopbackAuthority.parse(value)).isEqualTo(new LoopbackAuthority(host, port));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "evil.example", "evil.example:8479", "127.0.0.1.evil.example",
			"127.0.0.1.evil.example:8479", "localhost.evil.example", "evil.localhost", "a.b.localhost:8479",
			"localhost.", "localhost.:8479", "127.0.0.1.", "evil.example#@127.0.0.1", "evil.example@127.0.0.1",
			"user@localhost", "user:pw@127.0.0.1:8479", "localhost:8479@evil.example", "localhost/evil",
			"localhost:8479/", " localhost", "localhost ", "localhost:", "localhost:0", "localhost:65536",
			"localhost:123456", "localhost:-1", "localhost:+80", "localhost:80:80", "localhost:8o", "2130706433",
			"0x7f000001", "0x7f.1", "0x7f.0.0.1", "0177.0.0.1", "127.0.0.01", "127.1", "127.0.1", "127.0.0.1.1",
			"127.0.0.256", "127..0.1", "127.0.0.-1", "128.0.0.1", "10.0.0.1", "0.0.0.0", "192.168.1.5:8479", "::1",
			"[::1", "::1]", "[::1]x", "[::1]:", "[::1%lo]", "[::1%25lo]:8479", "[fe80::1%25eth0]", "[::ffff:127.0.0.1]",
			"[::ffff:7f00:1]", "[::]", "[0::1]", "[::2]", "l\u0131calhost", "\u1d0cocalhost", "localhost\u0000",
			"localhost\r\nX: y", "localhost:8479\u00a0" })
	void everyOtherSpellingIsRefused(String value) {
		assertThat(LoopbackAuthority.parse(value)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "localhost, 80", "localhost:8479, 8479", "[::1]:1, 1" })
	void aMissingPortMeansPort80(String value, int port) {
		assertThat(LoopbackAuthority.parse(value).effectivePort()).isEqualTo(port);
	}

}
