package dev.iaimcp.heartbeat.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The systemd install with a real Java 25, and with the Java the build runs on (17), and
 * the built jar (so a Failsafe test, run after {@code package}): it trains an AOT cache
 * (25) or a CDS archive (17), and the command line of the rendered unit starts the
 * application with it, or without it once it is gone.
 */
class AotCacheInstallIT {

	private static final Path JAVA_25_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private static final Path JAR = ScriptSandbox.PROJECT_DIR.resolve("target/heartbeat-scanner.jar");

	/** The Java 17 this build runs on (CI's, and every developer's by the README). */
	private static final Path BUILD_JAVA_HOME = Path.of(System.getProperty("java.home"));

	@TempDir
	Path tempDir;

	private ScriptSandbox sandbox;

	private void install(Path javaHome) throws Exception {
		assertThat(JAR).as("the jar ./mvnw package builds").isRegularFile();
		this.sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = this.sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "JAVA_HOME", javaHome.toString()),
				"deploy/systemd/install.sh", "--jar", JAR.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).as(result.output()).doesNotContain("warning");
	}

	@Test
	void installBeforeJava25TrainsACdsArchiveThatTheServiceCommandLineUses() throws Exception {
		assertThat(Runtime.version().feature()).as("the build's java").isLessThan(25);
		install(BUILD_JAVA_HOME);
		Path installDir = this.sandbox.installDir();
		assertThat(installDir.resolve("app.jsa")).isNotEmptyFile();
		assertThat(installDir.resolve("app.aot")).doesNotExist();
		assertThat(Files.readAllLines(installDir.resolve("aot.options")))
			.contains("-XX:SharedArchiveFile=\"" + installDir.resolve("app.jsa") + "\"");
		// Xshare:on turns "archive not usable" from silently running without it into a
		// failed start.
		ScriptSandbox.ScriptResult run = startUntilRefreshed("-Xshare:on");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("Root WebApplicationContext: initialization completed");
	}

	@Test
	void installOnJava25TrainsACacheThatTheServiceCommandLineUses() throws Exception {
		installJava25();
		Path installDir = this.sandbox.installDir();
		assertThat(installDir.resolve("app.aot")).isNotEmptyFile();
		assertThat(installDir.resolve("lib")).isDirectoryContaining("glob:**/spring-boot-*.jar");
		assertThat(Files.readAllLines(installDir.resolve("aot.options")))
			.contains("-XX:AOTCache=\"" + installDir.resolve("app.aot") + "\"");
		// AOTMode=on turns "cache not usable" from a warning into a failed start.
		ScriptSandbox.ScriptResult run = startUntilRefreshed("-XX:AOTMode=on");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).doesNotContain("[aot]")
			.contains("Root WebApplicationContext: initialization completed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "app.aot", "app.jsa" })
	void serviceStillStartsWhenTheCacheIsGone(String cache) throws Exception {
		if (cache.equals("app.aot")) {
			installJava25();
		}
		else {
			install(BUILD_JAVA_HOME);
		}
		Files.delete(this.sandbox.installDir().resolve(cache));
		ScriptSandbox.ScriptResult run = startUntilRefreshed();
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("Root WebApplicationContext: initialization completed");
	}

	private void installJava25() throws Exception {
		assumeThat(JAVA_25_HOME.resolve("bin/java")).as("Temurin 25 is installed").isExecutable();
		install(JAVA_25_HOME);
	}

	/**
	 * The unit's ExecStart, from its working directory, with a throwaway store and port,
	 * and told to exit once the context has refreshed.
	 */
	private ScriptSandbox.ScriptResult startUntilRefreshed(String... extraJvmFlags)
			throws IOException, InterruptedException {
		UnitFile unit = UnitFile.read(this.sandbox.home().resolve(".config/systemd/user/heartbeat-scanner.service"));
		List<String> execStart = unit.words("Service.ExecStart");
		int jar = execStart.indexOf("-jar");
		List<String> command = new ArrayList<>(execStart.subList(0, jar));
		command.addAll(List.of(extraJvmFlags));
		command.add("-Dspring.context.exit=onRefresh");
		command.addAll(execStart.subList(jar, execStart.size()));
		Path store = Files.createDirectories(this.tempDir.resolve("store"));
		command.addAll(List.of("--server.port=0", "--iai.heartbeat.wrappers-dir=" + store.resolve("wrappers")));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.sandbox.installDir().toFile())
			.redirectErrorStream(true);
		builder.environment().put("IAI_MCP_STORE", store.toString());
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("did not exit within 120 s:\n" + output);
		}
		return new ScriptSandbox.ScriptResult(process.exitValue(), output);
	}

}
