package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.Prerequisite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client in {@code clients/python} (stdlib {@code unittest}), run against the
 * built jar: its tests start the jar themselves, on scratch directories and free ports.
 * Without a usable {@code python3} they are skipped with the reason, except in CI, where
 * that is a failure.
 */
class PythonClientIT {

	private static final Path CLIENT_DIR = Launcher.PROJECT_DIR.resolve("clients/python");

	private static final Path LOG = Launcher.PROJECT_DIR.resolve("target/python-client-tests.log");

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private static final Pattern VERSION = Pattern.compile("Python 3\\.(\\d+)");

	private static final int OLDEST_MINOR_VERSION = 10;

	@Test
	void thePythonClientsTestsPassAgainstTheBuiltJar() throws Exception {
		ProcessBuilder builder = new ProcessBuilder(python3(), "-m", "unittest", "discover", "-v", "-s", "tests", "-t",
				".")
			.directory(CLIENT_DIR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(LOG.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("HEARTBEAT_SCANNER_TEST_JAR", Launcher.JAR.toString());
		environment.put("HEARTBEAT_SCANNER_TEST_JAVA", Launcher.JAVA);
		// No __pycache__ left in the source tree.
		environment.put("PYTHONDONTWRITEBYTECODE", "1");
		Process tests = builder.start();
		tests.getOutputStream().close();
		if (!tests.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			tests.descendants().forEach(ProcessHandle::destroyForcibly);
			tests.destroyForcibly();
		}
		String output = Files.readString(LOG, StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(tests.isAlive()).as("python tests still running after %s:%n%s", TIMEOUT, output).isFalse();
		assertThat(tests.exitValue()).as("python -m unittest failed (%s):%n%s", LOG, output).isZero();
		assertThat(output).as("some tests skipped:%n%s", output).contains("\nOK").doesNotContain("skipped=");
	}

	private static String python3() throws InterruptedException {
		return Prerequisite.PYTHON3.require(python3Version().filter((version) -> {
			Matcher matcher = VERSION.matcher(version);
			return matcher.find() && Integer.parseInt(matcher.group(1)) >= OLDEST_MINOR_VERSION;
		}).map((version) -> "python3"));
	}

	private static Optional<String> python3Version() throws InterruptedException {
		try {
			Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
			String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			probe.waitFor(30, TimeUnit.SECONDS);
			return Optional.of(version);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
