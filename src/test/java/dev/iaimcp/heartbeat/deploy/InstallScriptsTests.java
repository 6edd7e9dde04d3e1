package dev.iaimcp.heartbeat.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.iaimcp.heartbeat.testsupport.Prerequisite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the install and uninstall scripts of both platforms do to a HOME. Every run goes
 * through {@link ScriptSandbox}: a temporary HOME and stubbed service managers.
 */
class InstallScriptsTests {

	private static final String LAUNCH_AGENT = "Library/LaunchAgents/dev.iaimcp.heartbeat-scanner.plist";

	private static final String USER_UNIT = ".config/systemd/user/heartbeat-scanner.service";

	@TempDir
	Path tempDir;

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void installWritesOnlyIntoTheGivenHome(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.run("deploy/" + platform + "/install.sh").exitCode()).isZero();
		assertThat(sandbox.filesInHome()).containsExactlyInAnyOrder(serviceDefinition(platform),
				".iai-mcp/heartbeat-scanner/heartbeat-scanner.jar", ".iai-mcp/heartbeat-scanner/jvm.options",
				".iai-mcp/heartbeat-scanner/aot.options");
		assertThat(sandbox.logDir()).isDirectory();
		assertThat(sandbox.serviceManagerCalls()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void installCopiesTheJarAndJvmOptionsSoThatMavenCleanCannotBreakTheService(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.run("deploy/" + platform + "/install.sh").exitCode()).isZero();
		assertThat(sandbox.installDir().resolve("heartbeat-scanner.jar")).hasBinaryContent(ScriptSandbox.JAR_CONTENT);
		assertThat(sandbox.installDir().resolve("jvm.options"))
			.hasSameTextualContentAs(ScriptSandbox.PROJECT_DIR.resolve("deploy/jvm.options"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void renderedDefinitionPointsIntoTheGivenHomeWithNoPlaceholderLeft(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.run("deploy/" + platform + "/install.sh").exitCode()).isZero();
		String definition = Files.readString(sandbox.home().resolve(serviceDefinition(platform)));
		assertThat(definition).doesNotContainPattern("@[A-Z_]+@")
			.contains(sandbox.installDir().resolve("heartbeat-scanner.jar").toString())
			.doesNotContain(System.getProperty("user.home") + "/.iai-mcp");
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void uninstallRemovesWhatInstallWroteButKeepsTheLogsAndTheOperatorsConfig(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.run("deploy/" + platform + "/install.sh").exitCode()).isZero();
		Files.writeString(sandbox.store().resolve("heartbeat-scanner.yml"), "iai.heartbeat.stale-threshold-sec: 60\n");
		Files.writeString(sandbox.logDir().resolve("heartbeat-scanner.log"), "a line\n");
		ScriptSandbox.ScriptResult result = sandbox.run("deploy/" + platform + "/uninstall.sh");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(sandbox.filesInHome()).containsExactlyInAnyOrder(".iai-mcp/heartbeat-scanner.yml",
				".iai-mcp/logs/heartbeat-scanner.log");
		assertThat(sandbox.installDir()).doesNotExist();
		assertThat(sandbox.serviceManagerCalls()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void uninstallOfWhatWasNeverInstalledSucceeds(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.run("deploy/" + platform + "/uninstall.sh").exitCode()).isZero();
		assertThat(sandbox.filesInHome()).isEmpty();
	}

	@Test
	void launchdInstallBootstrapsTheAgentIntoTheGuiDomainOnceTheOldOneIsGoneThenVerifiesIt() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = sandbox.runCallingServiceManager("deploy/launchd/install.sh");
		assertThat(result.exitCode()).as(result.output()).isZero();
		Path plist = sandbox.home().resolve(LAUNCH_AGENT);
		assertThat(sandbox.serviceManagerCalls()).hasSize(5)
			.satisfies((calls) -> assertThat(calls.get(0))
				.matches("launchctl bootout gui/\\d+/dev.iaimcp.heartbeat-scanner"))
			.satisfies((calls) -> assertThat(calls.get(1))
				.matches("launchctl print gui/\\d+/dev.iaimcp.heartbeat-scanner"))
			.satisfies((calls) -> assertThat(calls.get(2))
				.matches("launchctl enable gui/\\d+/dev.iaimcp.heartbeat-scanner"))
			.satisfies((calls) -> assertThat(calls.get(3)).matches("launchctl bootstrap gui/\\d+ \\Q" + plist + "\\E"))
			.satisfies((calls) -> assertThat(calls.get(4)).isEqualTo(verifyCall(sandbox)));
		assertThat(result.output()).contains("stub report");
	}

	@Test
	void systemdInstallEnablesAndRestartsTheUserUnitThenVerifiesIt() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = sandbox.runCallingServiceManager("deploy/systemd/install.sh");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(sandbox.serviceManagerCalls()).containsExactly("systemctl --user daemon-reload",
				"systemctl --user enable heartbeat-scanner.service",
				"systemctl --user restart heartbeat-scanner.service", verifyCall(sandbox));
		assertThat(result.output()).contains("stub report");
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void failedVerifyLeavesTheServiceInstalledAndSaysWhereToLook(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = sandbox.runCallingServiceManager(1, "deploy/" + platform + "/install.sh");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("stub report")
			.contains("the service is installed, but verify did not pass (its report is above). Look at "
					+ sandbox.logDir().resolve("heartbeat-scanner.log"))
			.contains(platform.equals("launchd") ? "launchctl print gui/"
					: "systemctl --user status heartbeat-scanner.service")
			.contains("verify again with: ");
		assertThat(sandbox.filesInHome()).contains(serviceDefinition(platform),
				".iai-mcp/heartbeat-scanner/heartbeat-scanner.jar");
	}

	/**
	 * verify, from the service's working directory, with its flags, waiting for it to
	 * start.
	 */
	private static String verifyCall(ScriptSandbox sandbox) {
		Path installDir = sandbox.installDir();
		return "java @" + installDir.resolve("jvm.options") + " -jar " + installDir.resolve("heartbeat-scanner.jar")
				+ " verify --wait=120 in " + installDir;
	}

	@Test
	void launchdUninstallBootsTheAgentOut() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.runCallingServiceManager("deploy/launchd/uninstall.sh").exitCode()).isZero();
		assertThat(sandbox.serviceManagerCalls()).singleElement()
			.asString()
			.matches("launchctl bootout gui/\\d+/dev.iaimcp.heartbeat-scanner");
	}

	@Test
	void systemdUninstallStopsDisablesAndForgetsTheUserUnit() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.runCallingServiceManager("deploy/systemd/uninstall.sh").exitCode()).isZero();
		assertThat(sandbox.serviceManagerCalls()).containsExactly(
				"systemctl --user disable --now heartbeat-scanner.service", "systemctl --user daemon-reload",
				"systemctl --user reset-failed heartbeat-scanner.service");
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void filesOnlyFlagWorksLikeTheEnvironmentVariable(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		assertThat(sandbox.runCallingServiceManager("deploy/" + platform + "/install.sh", "--files-only").exitCode())
			.isZero();
		assertThat(sandbox.runCallingServiceManager("deploy/" + platform + "/uninstall.sh", "--files-only").exitCode())
			.isZero();
		assertThat(sandbox.serviceManagerCalls()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void installWithoutABuiltJarFailsBeforeWritingAnything(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = sandbox.run("deploy/" + platform + "/install.sh", "--jar",
				this.tempDir.resolve("missing.jar").toString());
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("./mvnw package");
		assertThat(sandbox.filesInHome()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void installRefusesAJavaOlderThan17BeforeWritingAnything(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path javaHome = Files.createDirectories(this.tempDir.resolve("jdk-11/bin"));
		Path java = Files.writeString(javaHome.resolve("java"),
				"#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		ScriptSandbox.ScriptResult result = sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "JAVA_HOME", javaHome.getParent().toString()),
				"deploy/" + platform + "/install.sh");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("is Java 11; heartbeat-scanner needs 17 or later");
		assertThat(sandbox.filesInHome()).isEmpty();
	}

	@Test
	void scriptsAreShellcheckClean() throws Exception {
		Path shellcheck = Path.of("/usr/bin/shellcheck");
		Prerequisite.SHELLCHECK.require(Files.isExecutable(shellcheck));
		Process process = new ProcessBuilder(shellcheck.toString(), "-x", "deploy/common.sh",
				"deploy/launchd/install.sh", "deploy/launchd/uninstall.sh", "deploy/systemd/install.sh",
				"deploy/systemd/uninstall.sh")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static String serviceDefinition(String platform) {
		return (List.of("launchd", "systemd").indexOf(platform) == 0) ? LAUNCH_AGENT : USER_UNIT;
	}

}
