package dev.iaimcp.heartbeat.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PrerequisiteTests {

	private static final Prerequisite TOOL = new Prerequisite("sometool", "sudo apt-get install some-tool",
			"brew install some-tool");

	private final List<String> console = new ArrayList<>();

	@Test
	void aPrerequisiteFoundIsHandedBack() {
		assertThat(TOOL.require(Optional.of("/usr/bin/sometool"), true, this.console::add))
			.isEqualTo("/usr/bin/sometool");
		assertThat(TOOL.require(Optional.of("/usr/bin/sometool"), false, this.console::add))
			.isEqualTo("/usr/bin/sometool");
		assertThat(this.console).isEmpty();
	}

	@Test
	void aMissingPrerequisiteSkipsTheTestOutsideCiNamingHowToInstallIt() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> TOOL.require(Optional.empty(), false, this.console::add))
			.withMessageContaining("needs sometool")
			.withMessageContaining("on Debian/Ubuntu `sudo apt-get install some-tool`")
			.withMessageContaining("on macOS `brew install some-tool`");
		assertThat(this.console).singleElement()
			.asString()
			.startsWith("SKIPPED: needs sometool")
			.contains("sudo apt-get install some-tool");
	}

	@Test
	void aMissingPrerequisiteFailsTheTestOnCi() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> TOOL.require(Optional.empty(), true, this.console::add))
			.withMessageContaining("needs sometool")
			.withMessageContaining("sudo apt-get install some-tool")
			.withMessageContaining("CI=true");
	}

	@Test
	void aPlatformWithoutThePrerequisiteIsNamedAsSuch() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> Prerequisite.LIBFAKETIME.require(Optional.empty(), false, this.console::add))
			.withMessageContaining("sudo apt-get install faketime")
			.withMessageContaining("on macOS none: the test needs Linux's LD_PRELOAD and /proc");
	}

}
