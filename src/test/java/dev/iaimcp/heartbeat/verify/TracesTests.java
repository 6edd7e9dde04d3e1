package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What verify wrote and started is removed once, on whichever way out comes first, and
 * nothing is written after.
 */
class TracesTests {

	private static final Duration LIFETIME = Duration.ofSeconds(60);

	@TempDir
	Path wrappers;

	private final Traces traces = new Traces();

	@Test
	void removingEndsTheStandInDeletesItsFileAndHappensOnce() throws Exception {
		StandInWrapper standIn = this.traces.startStandIn(this.wrappers, LIFETIME);
		this.traces.refresh(standIn);
		assertThat(filesIn(this.wrappers)).containsExactly(standIn.file());
		assertThat(this.traces.removeAll()).isTrue();
		assertThat(filesIn(this.wrappers)).isEmpty();
		assertThat(ProcessHandle.of(standIn.pid()).filter(ProcessHandle::isAlive)).as("its process").isEmpty();
		assertThat(this.traces.removeAll()).as("the second way out finds nothing left").isFalse();
	}

	@Test
	void onceRemovedNothingIsWrittenStartedOrMade() throws Exception {
		StandInWrapper standIn = this.traces.startStandIn(this.wrappers, LIFETIME);
		this.traces.removeAll();
		assertThatExceptionOfType(Traces.Stopped.class).isThrownBy(() -> this.traces.refresh(standIn));
		assertThatExceptionOfType(Traces.Stopped.class)
			.isThrownBy(() -> this.traces.startStandIn(this.wrappers, LIFETIME));
		assertThatExceptionOfType(Traces.Stopped.class)
			.isThrownBy(() -> this.traces.createDirectories(this.wrappers.resolve("a")));
		assertThat(filesIn(this.wrappers)).isEmpty();
	}

	@Test
	void aHookRemovingWhileTheRunRefreshesNeverLeavesAFileBehind() throws Exception {
		for (int attempt = 0; attempt < 20; attempt++) {
			Traces traces = new Traces();
			StandInWrapper standIn = traces.startStandIn(this.wrappers, LIFETIME);
			CompletableFuture<Void> run = CompletableFuture.runAsync(() -> refreshUntilStopped(traces, standIn));
			Thread.sleep(attempt % 5);
			traces.removeAll();
			run.get();
			assertThat(filesIn(this.wrappers)).as("attempt %d", attempt).isEmpty();
		}
	}

	@Test
	void directoriesItHadToMakeAreRemovedButNotThoseThatWereThere() throws Exception {
		this.traces.createDirectories(this.wrappers.resolve("store/wrappers"));
		assertThat(this.wrappers.resolve("store/wrappers")).isDirectory();
		this.traces.removeAll();
		assertThat(this.wrappers.resolve("store")).doesNotExist();
		assertThat(this.wrappers).isDirectory();
	}

	private static void refreshUntilStopped(Traces traces, StandInWrapper standIn) {
		try {
			while (true) {
				traces.refresh(standIn);
			}
		}
		catch (Traces.Stopped ex) {
			// The way out was taken.
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Path> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
