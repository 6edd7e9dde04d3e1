package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTests {

	@Test
	void ordinaryTextIsLeftAsItIs() {
		String text = "/home/me/.iai-mcp/wrappers/heartbeat-1-ünï-\u4e2d.json";
		assertThat(SafeText.of(text)).isSameAs(text);
	}

	@Test
	void lineBreaksAndEscapeSequencesCannotReachTheLog() {
		assertThat(SafeText.of(Path.of("/w/heartbeat-1-a\nINFO forged\r\t\u001b[2J.json")))
			.isEqualTo("/w/heartbeat-1-a\\nINFO forged\\r\\t\\u001B[2J.json");
	}

	@Test
	void everyControlCharacterIsEscaped() {
		StringBuilder controls = new StringBuilder();
		for (char c = 0; c < 0x20; c++) {
			controls.append(c);
		}
		for (char c = 0x7F; c <= 0x9F; c++) {
			controls.append(c);
		}
		controls.append('\u2028').append('\u2029');
		String escaped = SafeText.of(controls);
		assertThat(escaped.chars()).allMatch((c) -> c >= 0x20 && c < 0x7F);
		assertThat(escaped).contains("\\u0000", "\\u007F", "\\u0085", "\\u009F", "\\u2028");
	}

	@Test
	void aBackslashIsDoubledSoThatNoEscapeCanBeForged() {
		assertThat(SafeText.of("a\\nb")).isEqualTo("a\\\\nb");
	}

}
