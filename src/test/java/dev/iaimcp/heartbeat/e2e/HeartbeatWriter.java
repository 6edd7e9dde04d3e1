package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.iaimcp.heartbeat.scan.WrapperHeartbeat;

/**
 * A stand-in for an MCP wrapper, run as its own process by the end-to-end tests. It keeps
 * the wrappers' protocol ({@link WrapperHeartbeat}), refreshes its file on an interval,
 * and deletes it on a clean exit (SIGTERM). SIGKILL leaves it behind, as a crash does.
 * <p>
 * Usage:
 * {@code java -cp target/test-classes:target/classes dev.iaimcp.heartbeat.e2e.HeartbeatWriter DIR REFRESH_MILLIS};
 * prints one line per refresh.
 */
final class HeartbeatWriter {

	private final Object lock = new Object();

	private final WrapperHeartbeat heartbeat;

	private boolean stopping;

	private HeartbeatWriter(Path dir) {
		this.heartbeat = new WrapperHeartbeat(dir, ProcessHandle.current().pid(), UUID.randomUUID().toString(),
				Instant.now(), "0.0.0-e2e");
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
			System.out.println("refreshed " + writer.heartbeat.file());
			Thread.sleep(refreshMillis);
		}
	}

	// Under the lock, so that a refresh cannot put the file back after stop() deleted it.
	private boolean refresh() throws IOException {
		synchronized (this.lock) {
			if (this.stopping) {
				return false;
			}
			this.heartbeat.write(Instant.now());
			return true;
		}
	}

	private void stop() {
		synchronized (this.lock) {
			this.stopping = true;
			try {
				Files.deleteIfExists(this.heartbeat.file());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
