package dev.iaimcp.heartbeat.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/jvm.options}, the one place both service definitions take their JVM flags
 * from.
 */
class JvmOptionsTests {

	private static final Path JVM_OPTIONS = Path.of("deploy/jvm.options").toAbsolutePath();

	@Test
	void everyFlagIsAcceptedByTheJavaRunningTheTests() throws Exception {
		String java = ProcessHandle.current().info().command().orElseThrow();
		Process process = new ProcessBuilder(java, "@" + JVM_OPTIONS, "-version").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		// An obsolete or ignored flag is only a warning, with exit code 0.
		assertThat(output).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("ignoring option");
	}

	@Test
	void everyFlagIsOnItsOwnLineBelowACommentSayingWhy() throws Exception {
		List<String> lines = Files.readAllLines(JVM_OPTIONS);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (!line.isBlank() && !line.startsWith("#")) {
				assertThat(line).as("line %d", i + 1).startsWith("-").doesNotContain(" ");
				assertThat(lines.get(i - 1)).as("line %d", i).startsWith("#");
			}
		}
	}

	@Test
	void heapIsBoundedAndTheJvmExitsOnOutOfMemorySoTheServiceManagerRestartsIt() throws Exception {
		assertThat(Files.readAllLines(JVM_OPTIONS)).contains("-XX:+ExitOnOutOfMemoryError")
			.anySatisfy((line) -> assertThat(line).startsWith("-Xmx"))
			.noneSatisfy((line) -> assertThat(line).contains("MemoryDenyWriteExecute"));
	}

}
