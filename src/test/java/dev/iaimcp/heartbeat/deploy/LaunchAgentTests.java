package dev.iaimcp.heartbeat.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LaunchAgent as {@code deploy/launchd/install.sh} renders it. launchd itself only
 * exists on macOS, so these check the plist's structure and values, which is what launchd
 * reads.
 */
class LaunchAgentTests {

	private static final String LAUNCH_AGENT = "Library/LaunchAgents/dev.iaimcp.heartbeat-scanner.plist";

	/**
	 * Two {@code spring.lifecycle.timeout-per-shutdown-phase} of 10 s (the tick, then
	 * HTTP requests): launchd must wait longer than this.
	 */
	private static final long SHUTDOWN_GRACE_SECONDS = 20;

	@TempDir
	Path tempDir;

	@Test
	void renderedPlistIsAnXmlPropertyListWithTheServiceLabel() throws Exception {
		Map<String, Object> plist = render(new ScriptSandbox(this.tempDir));
		assertThat(plist).containsEntry("Label", "dev.iaimcp.heartbeat-scanner");
	}

	@Test
	void launchAgentStartsAtLoginAsABackgroundProcess() throws Exception {
		Map<String, Object> plist = render(new ScriptSandbox(this.tempDir));
		assertThat(plist).containsEntry("RunAtLoad", true).containsEntry("ProcessType", "Background");
	}

	@Test
	void launchAgentRestartsAfterCrashButNotAfterCleanStop() throws Exception {
		Map<String, Object> plist = render(new ScriptSandbox(this.tempDir));
		assertThat(plist).containsEntry("KeepAlive", Map.of("SuccessfulExit", false));
		assertThat((Long) plist.get("ThrottleInterval")).isPositive();
	}

	@Test
	void launchAgentWaitsLongerThanTheShutdownGraceBeforeKilling() throws Exception {
		Map<String, Object> plist = render(new ScriptSandbox(this.tempDir));
		assertThat((Long) plist.get("ExitTimeOut")).isGreaterThan(SHUTDOWN_GRACE_SECONDS);
	}

	@Test
	void launchAgentRunsTheInstalledJarWithTheSharedJvmOptionsAndARollingLogFile() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Map<String, Object> plist = render(sandbox);
		List<String> arguments = programArguments(plist);
		assertThat(Path.of(arguments.get(0))).isAbsolute().isExecutable();
		assertThat(arguments.subList(1, 6)).containsExactly("@" + sandbox.installDir().resolve("jvm.options"),
				"@" + sandbox.installDir().resolve("aot.options"), "-jar",
				sandbox.installDir().resolve("heartbeat-scanner.jar").toString(),
				"--logging.file.name=" + sandbox.logDir().resolve("heartbeat-scanner.log"));
		assertThat(plist).containsEntry("WorkingDirectory", sandbox.installDir().toString());
	}

	@Test
	void launchAgentKeepsItsStandardStreamsOutOfTheRollingLog() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Map<String, Object> plist = render(sandbox);
		assertThat(programArguments(plist)).contains("--logging.threshold.console=OFF");
		assertThat(plist).containsEntry("StandardOutPath",
				sandbox.logDir().resolve("heartbeat-scanner.stdout.log").toString());
		assertThat(plist).containsEntry("StandardErrorPath",
				sandbox.logDir().resolve("heartbeat-scanner.stderr.log").toString());
	}

	@Test
	void pathsWithXmlSpecialCharactersArriveIntact() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir, "Tom & Jerry <home>");
		Map<String, Object> plist = render(sandbox);
		assertThat(plist).containsEntry("WorkingDirectory", sandbox.installDir().toString());
	}

	@Test
	void storeSetAtInstallTimeReachesTheAgentsEnvironment() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path store = this.tempDir.resolve("Tom & Jerry's store");
		ScriptSandbox.ScriptResult result = sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "IAI_MCP_STORE", store.toString()),
				"deploy/launchd/install.sh");
		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<String, Object> plist = PropertyList.read(sandbox.home().resolve(LAUNCH_AGENT));
		assertThat(plist).containsEntry("EnvironmentVariables",
				Map.of("LC_ALL", "en_US.UTF-8", "IAI_MCP_STORE", store.toString()));
		assertThat(store).isDirectory();
	}

	@Test
	void withoutAStoreAtInstallTimeTheAgentSetsOnlyTheLocale() throws Exception {
		assertThat(render(new ScriptSandbox(this.tempDir))).containsEntry("EnvironmentVariables",
				Map.of("LC_ALL", "en_US.UTF-8"));
	}

	@Test
	void relativeStoreIsRefusedBeforeWritingAnything() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "IAI_MCP_STORE", "relative/store"),
				"deploy/launchd/install.sh");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("IAI_MCP_STORE must be an absolute path");
		assertThat(sandbox.filesInHome()).isEmpty();
	}

	private static List<String> programArguments(Map<String, Object> plist) {
		return ((List<?>) plist.get("ProgramArguments")).stream().map(String.class::cast).toList();
	}

	private static Map<String, Object> render(ScriptSandbox sandbox) throws Exception {
		assertThat(sandbox.run("deploy/launchd/install.sh").exitCode()).isZero();
		Path plist = sandbox.home().resolve("Library/LaunchAgents/dev.iaimcp.heartbeat-scanner.plist");
		assertThat(Files.readString(plist)).doesNotContainPattern("@[A-Z_]+@");
		return PropertyList.read(plist);
	}

}
