package dev.iaimcp.heartbeat.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.testsupport.Prerequisite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The user unit as {@code deploy/systemd/install.sh} renders it: checked by
 * {@code systemd-analyze verify} where it can run, and key by key everywhere.
 */
class SystemdUserUnitTests {

	/**
	 * Two {@code spring.lifecycle.timeout-per-shutdown-phase} of 10 s (the tick, then
	 * HTTP requests): systemd must wait longer than this.
	 */
	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

	/** glibc's locale that needs no generating: C with UTF-8 as its charset. */
	private static final String SERVICE_LOCALE = "C.UTF-8";

	private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

	private static final String USER_UNIT = ".config/systemd/user/heartbeat-scanner.service";

	@TempDir
	Path tempDir;

	@Test
	void renderedUnitPassesSystemdAnalyzeVerifyAsAUserUnit() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir, "home with space and 100%");
		Path unit = render(sandbox);
		Path trivialUnit = Files.writeString(this.tempDir.resolve("trivial.service"),
				"[Service]\nExecStart=/bin/true\n");
		assumeThat(verify(trivialUnit).exitCode()).as("systemd-analyze verify works here").isZero();
		ScriptSandbox.ScriptResult result = verify(unit);
		assertThat(result.exitCode()).as(result.output()).isZero();
		// verify reports unknown keys and bad values but still exits 0; any line about
		// the unit is a finding.
		assertThat(result.output()).doesNotContain("heartbeat-scanner.service");
	}

	@Test
	void unitWithAStorePassesSystemdAnalyzeVerifyAsAUserUnit() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path store = this.tempDir.resolve("store with space and 100%");
		ScriptSandbox.ScriptResult rendered = sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "IAI_MCP_STORE", store.toString()),
				"deploy/systemd/install.sh");
		assertThat(rendered.exitCode()).as(rendered.output()).isZero();
		Path trivialUnit = Files.writeString(this.tempDir.resolve("trivial.service"),
				"[Service]\nExecStart=/bin/true\n");
		assumeThat(verify(trivialUnit).exitCode()).as("systemd-analyze verify works here").isZero();
		ScriptSandbox.ScriptResult result = verify(sandbox.home().resolve(USER_UNIT));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("heartbeat-scanner.service");
	}

	@Test
	void userServiceRestartsOnFailureButTreatsSigtermSigintAndSighupAsCleanStops() throws Exception {
		UnitFile unit = UnitFile.read(render(new ScriptSandbox(this.tempDir)));
		assertThat(unit.get("Service.Type")).isEqualTo("exec");
		assertThat(unit.get("Service.Restart")).isEqualTo("on-failure");
		// The JVM's exit codes after a graceful stop on each: 128 + 15, 2 and 1.
		assertThat(unit.words("Service.SuccessExitStatus")).containsExactlyInAnyOrder("143", "130", "129");
		assertThat(unit.get("Install.WantedBy")).isEqualTo("default.target");
	}

	@Test
	void userServiceWaitsLongerThanTheShutdownGraceBeforeKilling() throws Exception {
		UnitFile unit = UnitFile.read(render(new ScriptSandbox(this.tempDir)));
		assertThat(unit.get("Service.TimeoutStopSec")).matches("\\d+s");
		String seconds = unit.get("Service.TimeoutStopSec").replace("s", "");
		assertThat(Duration.ofSeconds(Long.parseLong(seconds))).isGreaterThan(SHUTDOWN_GRACE);
	}

	@Test
	void userServiceRunsTheInstalledJarWithTheSharedJvmOptionsAndARollingLogFile() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		UnitFile unit = UnitFile.read(render(sandbox));
		List<String> command = unit.words("Service.ExecStart");
		assertThat(Path.of(command.get(0))).isAbsolute().isExecutable();
		assertThat(command.subList(1, command.size())).containsExactly(
				"@" + sandbox.installDir().resolve("jvm.options"), "@" + sandbox.installDir().resolve("aot.options"),
				"-jar", sandbox.installDir().resolve("heartbeat-scanner.jar").toString(),
				"--logging.file.name=" + sandbox.logDir().resolve("heartbeat-scanner.log"));
		assertThat(unit.get("Service.WorkingDirectory")).isEqualTo(sandbox.installDir().toString());
	}

	@Test
	void userServiceCanWriteOnlyTheStoreDirectory() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		UnitFile unit = UnitFile.read(render(sandbox));
		assertThat(unit.get("Service.ProtectSystem")).isEqualTo("strict");
		assertThat(unit.words("Service.ReadWritePaths")).containsExactly(sandbox.store().toString());
		// The web server needs a writable /tmp, and a user unit gets none of the
		// namespaces
		// without PrivateUsers.
		assertThat(unit.get("Service.PrivateTmp")).isEqualTo("yes");
		assertThat(unit.get("Service.PrivateUsers")).isEqualTo("yes");
	}

	@Test
	void userServiceIsHardenedWithoutBreakingTheJit() throws Exception {
		UnitFile unit = UnitFile.read(render(new ScriptSandbox(this.tempDir)));
		assertThat(unit.get("Service.MemoryDenyWriteExecute")).isNull();
		assertThat(unit.get("Service.NoNewPrivileges")).isEqualTo("yes");
		assertThat(unit.get("Service.LockPersonality")).isEqualTo("yes");
		assertThat(unit.get("Service.RestrictRealtime")).isEqualTo("yes");
		assertThat(unit.get("Service.SystemCallArchitectures")).isEqualTo("native");
		assertThat(unit.words("Service.RestrictAddressFamilies")).containsExactlyInAnyOrder("AF_UNIX", "AF_INET",
				"AF_INET6");
	}

	@Test
	void userServiceKeepsThePidsOfOtherProcessesVisibleToTheScanner() throws Exception {
		UnitFile unit = UnitFile.read(render(new ScriptSandbox(this.tempDir)));
		assertThat(unit.get("Service.ProtectProc")).isNull();
		assertThat(unit.get("Service.PrivatePIDs")).isNull();
	}

	@Test
	void storeSetAtInstallTimeIsPassedOnAndWritable() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path store = this.tempDir.resolve("elsewhere/my store");
		ScriptSandbox.ScriptResult result = sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "IAI_MCP_STORE", store.toString()),
				"deploy/systemd/install.sh");
		assertThat(result.exitCode()).as(result.output()).isZero();
		UnitFile unit = UnitFile.read(sandbox.home().resolve(USER_UNIT));
		assertThat(unit.words("Service.Environment")).containsExactly("LC_ALL=C.UTF-8", "IAI_MCP_STORE=" + store);
		assertThat(unit.words("Service.ReadWritePaths")).containsExactly(sandbox.store().toString(), store.toString());
		assertThat(store).isDirectory();
	}

	@Test
	void withoutAStoreAtInstallTimeTheUnitSetsOnlyTheLocale() throws Exception {
		UnitFile unit = UnitFile.read(render(new ScriptSandbox(this.tempDir)));
		assertThat(unit.words("Service.Environment")).containsExactly("LC_ALL=C.UTF-8");
	}

	@Test
	void userServiceRunsInAUtf8LocaleThatThisSystemHas() throws Exception {
		UnitFile unit = UnitFile.read(render(new ScriptSandbox(this.tempDir)));
		assertThat(unit.words("Service.Environment")).contains("LC_ALL=" + SERVICE_LOCALE);
		Process locales = new ProcessBuilder("locale", "-a").redirectErrorStream(true).start();
		String available = new String(locales.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(available.lines().map((name) -> name.replace("utf8", "UTF-8"))).contains(SERVICE_LOCALE);
	}

	@Test
	void percentSignsInPathsAreEscapedFromSystemdSpecifiers() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir, "100%h");
		UnitFile unit = UnitFile.read(render(sandbox));
		assertThat(unit.get("Service.WorkingDirectory")).endsWith("100%%h/.iai-mcp/heartbeat-scanner");
		assertThat(unit.words("Service.ReadWritePaths")).containsExactly(sandbox.store().toString());
	}

	@Test
	void homeThatCannotBeQuotedForSystemdIsRefusedBeforeWritingAnything() throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir, "say \"cheese\"");
		ScriptSandbox.ScriptResult result = sandbox.run("deploy/systemd/install.sh");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("cannot put");
		assertThat(sandbox.home().resolve(".config/systemd/user/heartbeat-scanner.service")).doesNotExist();
	}

	private static Path render(ScriptSandbox sandbox) throws Exception {
		ScriptSandbox.ScriptResult result = sandbox.run("deploy/systemd/install.sh");
		assertThat(result.exitCode()).as(result.output()).isZero();
		Path unit = sandbox.home().resolve(".config/systemd/user/heartbeat-scanner.service");
		assertThat(Files.readString(unit)).doesNotContainPattern("@[A-Z_]+@");
		return unit;
	}

	private ScriptSandbox.ScriptResult verify(Path unit) throws IOException, InterruptedException {
		Prerequisite.SYSTEMD_ANALYZE.require(Files.isExecutable(SYSTEMD_ANALYZE));
		// --user needs a runtime directory; a private one keeps the real user manager out
		// of it.
		Path runtime = Files.createDirectories(this.tempDir.resolve("verify-runtime"));
		ProcessBuilder builder = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "--user", "verify", unit.toString())
			.redirectErrorStream(true);
		builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
		builder.environment().put("HOME", this.tempDir.toString());
		builder.environment().remove("XDG_CONFIG_HOME");
		builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new ScriptSandbox.ScriptResult(process.exitValue(), output);
	}

}
