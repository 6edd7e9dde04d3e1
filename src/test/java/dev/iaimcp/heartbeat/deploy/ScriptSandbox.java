package dev.iaimcp.heartbeat.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the deploy scripts against a temporary HOME, with {@code launchctl} and
 * {@code systemctl} shadowed by stubs that only record their arguments. Nothing a script
 * does can reach the real HOME or a real service manager: the user manager's runtime
 * directory and session bus are pointed away as well, in case a script ever bypasses
 * PATH.
 */
final class ScriptSandbox {

	static final Path PROJECT_DIR = Path.of("").toAbsolutePath();

	static final byte[] JAR_CONTENT = "not a real jar, only bytes to copy".getBytes(StandardCharsets.UTF_8);

	private final Path root;

	private final Path home;

	private final Path jar;

	private final Path stubs;

	private final Path serviceManagerCalls;

	private final Path stubJavaHome;

	ScriptSandbox(Path root) throws IOException {
		this(root, "home");
	}

	ScriptSandbox(Path root, String homeName) throws IOException {
		this.root = root;
		this.home = Files.createDirectories(root.resolve(homeName));
		this.jar = Files.write(Files.createDirectories(root.resolve("target")).resolve("heartbeat-scanner.jar"),
				JAR_CONTENT);
		this.stubs = Files.createDirectories(root.resolve("stubs"));
		this.serviceManagerCalls = root.resolve("service-manager-calls");
		writeRecordingStub("launchctl");
		writeRecordingStub("systemctl");
		this.stubJavaHome = Files.createDirectories(root.resolve("stub-jdk/bin")).getParent();
		writeStubJava(this.stubJavaHome.resolve("bin/java"));
	}

	Path home() {
		return this.home;
	}

	Path store() {
		return this.home.resolve(".iai-mcp");
	}

	Path installDir() {
		return store().resolve("heartbeat-scanner");
	}

	Path logDir() {
		return store().resolve("logs");
	}

	/** Runs a script in its files-only mode, the way every test but one should. */
	ScriptResult run(String script, String... args) throws IOException, InterruptedException {
		return run(Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1"), script, args);
	}

	/**
	 * Runs a script as an operator would, so that it calls the (stubbed) service manager
	 * and then verify, through a stubbed java that records it and exits with
	 * {@code verifyExitCode}.
	 */
	ScriptResult runCallingServiceManager(String script, String... args) throws IOException, InterruptedException {
		return runCallingServiceManager(0, script, args);
	}

	ScriptResult runCallingServiceManager(int verifyExitCode, String script, String... args)
			throws IOException, InterruptedException {
		return run(
				Map.of("JAVA_HOME", this.stubJavaHome.toString(), "STUB_VERIFY_EXIT", Integer.toString(verifyExitCode)),
				script, args);
	}

	ScriptResult run(Map<String, String> extraEnv, String script, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", PROJECT_DIR.resolve(script).toString()));
		if (script.endsWith("/install.sh")) {
			command.addAll(List.of("--jar", this.jar.toString()));
		}
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT_DIR.toFile()).redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.remove("XDG_CONFIG_HOME");
		env.remove("DBUS_SESSION_BUS_ADDRESS");
		env.remove("HEARTBEAT_SCANNER_FILES_ONLY");
		env.remove("IAI_MCP_STORE");
		env.put("HOME", this.home.toString());
		env.put("XDG_RUNTIME_DIR", Files.createDirectories(this.root.resolve("run")).toString());
		env.put("PATH", this.stubs + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
		env.put("SERVICE_MANAGER_CALLS", this.serviceManagerCalls.toString());
		env.putAll(extraEnv);
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(script + " did not finish within 60 s:\n" + output);
		}
		return new ScriptResult(process.exitValue(), output);
	}

	List<String> serviceManagerCalls() throws IOException {
		return Files.exists(this.serviceManagerCalls) ? Files.readAllLines(this.serviceManagerCalls) : List.of();
	}

	/** Every regular file under the sandbox's HOME, relative to it. */
	List<String> filesInHome() throws IOException {
		try (var paths = Files.walk(this.home)) {
			return paths.filter(Files::isRegularFile)
				.map((path) -> this.home.relativize(path).toString())
				.sorted()
				.toList();
		}
	}

	// "launchctl print" answers as for a label launchd does not know (any more).
	private void writeRecordingStub(String name) throws IOException {
		Path stub = this.stubs.resolve(name);
		Files.writeString(stub, "#!/bin/sh\necho \"$(basename \"$0\") $*\" >>\"$SERVICE_MANAGER_CALLS\"\n"
				+ "[ \"$1\" != print ] || exit 113\n");
		Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	// A Java 17 that records how verify was run (from where) and answers with a report;
	// like
	// a real java, it cannot extract the sandbox's jar, which is not one.
	private static void writeStubJava(Path java) throws IOException {
		Files.writeString(java, """
				#!/bin/sh
				case "$*" in *-XshowSettings*) echo '    java.specification.version = 17' >&2; exit 0 ;; esac
				case "$*" in *-Djarmode=tools*) echo 'Error: Invalid or corrupt jarfile' >&2; exit 1 ;; esac
				echo "java $* in $(pwd)" >>"$SERVICE_MANAGER_CALLS"
				echo "new wrapper seen in 0.31 s"
				echo "all held: stub report"
				exit "$STUB_VERIFY_EXIT"
				""");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	record ScriptResult(int exitCode, String output) {

	}

}
