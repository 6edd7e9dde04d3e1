package dev.iaimcp.heartbeat.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.iaimcp.heartbeat.scan.WrapperHeartbeat;

/**
 * Starts the built jar the way launchd and systemd do ({@code java @jvm.options -jar ...}
 * from an install directory, no terminal, an isolated store) and heartbeat writers as
 * separate processes, and kills whatever it started when closed.
 */
final class Launcher implements AutoCloseable {

	static final Path PROJECT_DIR = Path.of("").toAbsolutePath();

	static final Path JAR = PROJECT_DIR.resolve("target/heartbeat-scanner.jar");

	private static final Path JVM_OPTIONS = PROJECT_DIR.resolve("deploy/jvm.options");

	static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(120);

	private final Path root;

	private final Path store;

	private final Path installDir;

	private final List<Process> started = new ArrayList<>();

	private final Map<String, String> environment = new HashMap<>();

	Launcher(Path root) throws IOException {
		this.root = root;
		this.store = Files.createDirectories(root.resolve("store"));
		this.installDir = Files.createDirectories(root.resolve("install"));
	}

	/** The service with its standard streams in files, as launchd keeps them. */
	Process service(List<String> args) throws IOException {
		return start(serviceCommand(args), this.root.resolve("service.stdout"), this.root.resolve("service.stderr"));
	}

	/**
	 * The service with no locale but the given variables, as a service manager starts it.
	 * @param args the arguments
	 * @param locale the only {@code LANG} and {@code LC_*} variables it gets
	 * @return the process
	 */
	Process service(List<String> args, Map<String, String> locale) throws IOException {
		return start(serviceCommand(args), this.root.resolve("service.stdout"), this.root.resolve("service.stderr"),
				(environment) -> {
					environment.keySet().removeIf((name) -> name.equals("LANG") || name.startsWith("LC_"));
					environment.putAll(locale);
				});
	}

	/**
	 * A wrapper stand-in refreshing its heartbeat in {@code wrappersDir} every second.
	 */
	Process writer(Path wrappersDir) throws IOException {
		return writer(wrappersDir, Duration.ofSeconds(1));
	}

	/**
	 * A wrapper stand-in refreshing its heartbeat in {@code wrappersDir} on the given
	 * interval.
	 */
	Process writer(Path wrappersDir, Duration refresh) throws IOException {
		String name = "writer-" + this.started.size();
		return start(
				List.of(JAVA, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", writerClassPath(),
						HeartbeatWriter.class.getName(), wrappersDir.toString(), Long.toString(refresh.toMillis())),
				this.root.resolve(name + ".stdout"), this.root.resolve(name + ".stderr"));
	}

	/** Any other process (a {@code sleep} that stands for a wrapper), killed on close. */
	Process process(List<String> command) throws IOException {
		String name = "process-" + this.started.size();
		return start(command, this.root.resolve(name + ".stdout"), this.root.resolve(name + ".stderr"));
	}

	/** Sets an environment variable for every process started from now on. */
	void environment(String name, String value) {
		this.environment.put(name, value);
	}

	/** {@code java -jar heartbeat-scanner.jar check ...}, run to its end. */
	Result check(String... args) throws IOException, InterruptedException {
		return runToItsEnd("check", args);
	}

	/** {@code java -jar heartbeat-scanner.jar verify ...}, run to its end. */
	Result verify(String... args) throws IOException, InterruptedException {
		return runToItsEnd("verify", args);
	}

	/**
	 * {@code java -jar heartbeat-scanner.jar verify ...}, started and left running; its
	 * output goes to {@code verify.stdout} and {@code verify.stderr} under the root, as
	 * {@link #verify(String...)} leaves it.
	 */
	Process startVerify(String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("verify"));
		command.addAll(List.of(args));
		return start(serviceCommand(command), this.root.resolve("verify.stdout"), this.root.resolve("verify.stderr"));
	}

	private Result runToItsEnd(String name, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(name));
		command.addAll(List.of(args));
		Path stdout = this.root.resolve(name + ".stdout");
		Path stderr = this.root.resolve(name + ".stderr");
		long startNanos = System.nanoTime();
		Process process = start(serviceCommand(command), stdout, stderr);
		if (!process.waitFor(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			throw new IllegalStateException(name + " did not end within " + CHECK_TIMEOUT + ":\n" + read(stderr));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
		return new Result(process.exitValue(), read(stdout), read(stderr), took);
	}

	/**
	 * What the service wrote, for the message of a test that fails.
	 * @param log its log file
	 * @return its log, stdout and stderr
	 */
	String serviceOutput(Path log) {
		return "its log:%n%s%nits stdout:%n%s%nits stderr:%n%s".formatted(read(log),
				read(this.root.resolve("service.stdout")), read(this.root.resolve("service.stderr")));
	}

	Path root() {
		return this.root;
	}

	@Override
	public void close() throws InterruptedException {
		for (Process process : this.started) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<String> serviceCommand(List<String> args) {
		List<String> command = new ArrayList<>(List.of(JAVA, "@" + JVM_OPTIONS, "-jar", JAR.toString()));
		command.addAll(args);
		return command;
	}

	private Process start(List<String> command, Path stdout, Path stderr) throws IOException {
		return start(command, stdout, stderr, (environment) -> {
		});
	}

	private Process start(List<String> command, Path stdout, Path stderr, Consumer<Map<String, String>> environment)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.installDir.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile());
		// A developer's own ~/.iai-mcp/heartbeat-scanner.yml must not leak into the run.
		builder.environment().put("IAI_MCP_STORE", this.store.toString());
		builder.environment().putAll(this.environment);
		environment.accept(builder.environment());
		Process process = builder.start();
		this.started.add(process);
		process.getOutputStream().close();
		return process;
	}

	// The writer and the protocol it keeps, which the service's classes hold.
	private static String writerClassPath() {
		return codeSourceOf(HeartbeatWriter.class) + File.pathSeparator + codeSourceOf(WrapperHeartbeat.class);
	}

	private static String codeSourceOf(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Result(int exitCode, String stdout, String stderr, Duration took) {

	}

}
