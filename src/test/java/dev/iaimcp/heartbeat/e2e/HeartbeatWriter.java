package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A stand-in for an MCP wrapper, run as its own process by the end-to-end tests. It keeps
 * the wrappers' protocol: the payload goes to
 * {@code heartbeat-<pid>-<uuid>.json.<uuid>.tmp} and is renamed over the heartbeat,
 * timestamps look like JavaScript's {@code toISOString()}, the file is refreshed on an
 * interval, and a clean exit (SIGTERM) deletes it. SIGKILL leaves it behind, as a crash
 * does.
 * <p>
 * Usage:
 * {@code java -cp target/test-classes dev.iaimcp.heartbeat.e2e.HeartbeatWriter DIR REFRESH_MILLIS};
 * prints one line per refresh.
 */
final class HeartbeatWriter {

	private static final DateTimeFormatter TO_ISO_STRING = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final Object lock = new Object();

	private final Path file;

	private final long pid = ProcessHandle.current().pid();

	private final String uuid = UUID.randomUUID().toString();

	private final String startedAt = TO_ISO_STRING.format(Instant.now());

	private boolean stopping;

	private HeartbeatWriter(Path dir) {
		this.file = dir.resolve("heartbeat-" + this.pid + "-" + this.uuid + ".json");
	}

	/**
	 * The heartbeat a writer started by {@link Launcher} keeps.
	 * @param writer the writer's process
	 * @param dir where it writes
	 * @return its file, if there is one now
	 */
	static Optional<Path> heartbeatOf(Process writer, Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("heartbeat-" + writer.pid() + "-"))
				.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.findFirst();
		}
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		long refreshMillis = Long.parseLong(args[1]);
		Files.createDirectories(dir);
		HeartbeatWriter writer = new HeartbeatWriter(dir);
		Runtime.getRuntime().addShutdownHook(new Thread(writer::stop));
		while (writer.refresh()) {
			System.out.println("refreshed " + writer.file);
			Thread.sleep(refreshMillis);
		}
	}

	// Under the lock, so that a refresh cannot put the file back after stop() deleted it.
	private boolean refresh() throws IOException {
		synchronized (this.lock) {
			if (this.stopping) {
				return false;
			}
			Path temporary = this.file.resolveSibling(this.file.getFileName() + "." + UUID.randomUUID() + ".tmp");
			Files.writeString(temporary, payload(TO_ISO_STRING.format(Instant.now())));
			Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE);
			return true;
		}
	}

	private void stop() {
		synchronized (this.lock) {
			this.stopping = true;
			try {
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private String payload(String lastRefresh) {
		return """
				{"pid": %d, "uuid": "%s", "started_at": "%s", "last_refresh": "%s", "wrapper_version": "0.0.0-e2e", "schema_version": 1}
				"""
			.formatted(this.pid, this.uuid, this.startedAt, lastRefresh);
	}

}
