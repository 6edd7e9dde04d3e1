package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.iaimcp.heartbeat.scan.WrapperHeartbeat;

/**
 * A stand-in for an MCP wrapper: a process of its own (a {@code sleep}, so that it ends
 * by itself should verify be killed) whose heartbeat is written the way the wrappers
 * write theirs (see {@link WrapperHeartbeat}).
 */
final class StandInWrapper implements AutoCloseable {

	private static final Duration REAP_WAIT = Duration.ofSeconds(2);

	private final Process process;

	private final String uuid = UUID.randomUUID().toString();

	private final WrapperHeartbeat heartbeat;

	private Instant lastRefresh = Instant.EPOCH;

	private StandInWrapper(Process process, Path dir) {
		this.process = process;
		this.heartbeat = new WrapperHeartbeat(dir, process.pid(), this.uuid, Instant.now(), "verify");
	}

	/**
	 * Starts the stand-in's process.
	 * @param dir the wrappers directory it writes into
	 * @param lifetime how long the process lives unless ended before
	 * @return the stand-in, not yet written
	 * @throws IOException if the process cannot be started
	 */
	static StandInWrapper start(Path dir, Duration lifetime) throws IOException {
		Process process = new ProcessBuilder("sleep", Long.toString(lifetime.toSeconds()))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		return new StandInWrapper(process, dir);
	}

	long pid() {
		return this.process.pid();
	}

	String uuid() {
		return this.uuid;
	}

	Path file() {
		return this.heartbeat.file();
	}

	/**
	 * The {@code last_refresh} of the latest write.
	 * @return the timestamp exactly as it was written into the file
	 */
	String lastRefresh() {
		return WrapperHeartbeat.toIsoString(this.lastRefresh);
	}

	/**
	 * Writes (or refreshes) the heartbeat; a refresh always carries a later time.
	 * @return the monotonic time at which the new version was in place
	 * @throws IOException if it cannot be written
	 */
	long refresh() throws IOException {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.lastRefresh = now.isAfter(this.lastRefresh) ? now : this.lastRefresh.plusMillis(1);
		this.heartbeat.write(this.lastRefresh);
		return System.nanoTime();
	}

	/**
	 * Ends as a wrapper does on a clean exit: the process ends, its heartbeat is deleted.
	 * @throws IOException if the heartbeat cannot be deleted
	 * @throws InterruptedException if interrupted while the process ends
	 */
	void exitCleanly() throws IOException, InterruptedException {
		this.process.destroy();
		this.process.waitFor(10, TimeUnit.SECONDS);
		Files.deleteIfExists(file());
	}

	/**
	 * Ends as a crashed wrapper does: the process is killed, its heartbeat stays.
	 * @throws InterruptedException if interrupted while the process ends
	 */
	void crash() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * Ends the process if it still runs, and deletes the heartbeat and any staging file
	 * of it that is still there. Never throws: it also runs in a shutdown hook, where
	 * whatever it can remove, it must.
	 */
	@Override
	public void close() {
		this.process.destroyForcibly();
		deleteQuietly(file());
		try (DirectoryStream<Path> staged = Files.newDirectoryStream(file().getParent(),
				file().getFileName() + ".*.tmp")) {
			staged.forEach(StandInWrapper::deleteQuietly);
		}
		catch (IOException | DirectoryIteratorException ex) {
			// The directory is gone or unreadable: nothing of ours is left in it to find.
		}
		awaitEnd();
	}

	// Reaped here, not by whoever adopts it after verify ends: a PID 1 that does not reap
	// (as in many containers) would keep it as a zombie that still looks alive.
	private void awaitEnd() {
		try {
			this.process.onExit().get(REAP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// SIGKILL cannot be ignored: it ends when the kernel gets to it.
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// Left for the service's cleanup, which deletes abandoned heartbeats and
			// staging files.
		}
	}

}
