package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.scan.HeartbeatReader.Reading;

/**
 * Scans the wrappers directory, judges each heartbeat, and deletes what dead wrappers left.
 */
public final class HeartbeatScanner {

	/** How far ahead of our clock a timestamp may be before it is distrusted. */
	static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(5);

	/** How much later than the writer's start its pid's process may have started. */
	static final Duration START_TIME_RESOLUTION = Duration.ofSeconds(2);

	/** How old a dead writer's staging file must be before it is deleted. */
	static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

	private final Path wrappersDir;

	private final Duration staleThreshold;

	private final ProcessProbe probe;

	private final Clock clock;

	private Map<FileStamp, Instant> firstSeenOfFutureDated = Map.of();

	// Reused scan after scan (scans hold this object's lock): the reader's 64 KiB buffer and
	// the probe cache's table would otherwise be rebuilt every tick.
	private final HeartbeatReader reader;

	private final Map<Long, ProcessLiveness> probed = new HashMap<>();

	public HeartbeatScanner(Path wrappersDir, Duration staleThreshold, ProcessProbe probe, Clock clock,
			@Nullable UserPrincipal trustedOwner) {
		this.wrappersDir = Objects.requireNonNull(wrappersDir, "'wrappersDir' must not be null");
		this.staleThreshold = Objects.requireNonNull(staleThreshold, "'staleThreshold' must not be null");
		this.probe = Objects.requireNonNull(probe, "'probe' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		this.reader = new HeartbeatReader(trustedOwner);
	}

	public Path wrappersDir() {
		return this.wrappersDir;
	}

	public synchronized Scan scan() {
		Instant now = this.clock.instant();
		long startNanos = System.nanoTime();
		Pass pass = new Pass(now);
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.wrappersDir)) {
			files.forEach(pass::consider);
		}
		catch (NoSuchFileException ex) {
			// No wrapper has ever run here: nothing to judge, nothing wrong.
		}
		catch (IOException | DirectoryIteratorException ex) {
			return Scan.failed(now, Duration.ofNanos(System.nanoTime() - startNanos), describe(ex));
		}
		this.firstSeenOfFutureDated = pass.firstSeenOfFutureDated;
		return new Scan(now, Duration.ofNanos(System.nanoTime() - startNanos), pass.entries, pass.skipped,
				pass.leftovers, null);
	}

	/**
	 * Deletes the given files unless they are FRESH or were replaced since they were judged.
	 * @param entries the heartbeats to delete
	 * @param leftovers the staging files to delete
	 * @return what was deleted and what was kept
	 */
	public Cleanup delete(Collection<HeartbeatEntry> entries, Collection<StagingLeftover> leftovers) {
		List<HeartbeatEntry> deleted = new ArrayList<>();
		List<StagingLeftover> deletedLeftovers = new ArrayList<>();
		List<SkippedFile> kept = new ArrayList<>();
		for (HeartbeatEntry entry : entries) {
			String keptBecause = (entry.status() != HeartbeatStatus.FRESH)
					? deleteIfUnchanged(entry.file(), entry.stamp()) : "fresh";
			sort(entry, entry.file(), keptBecause, deleted, kept);
		}
		for (StagingLeftover leftover : leftovers) {
			sort(leftover, leftover.file(), deleteIfUnchanged(leftover.file(), leftover.stamp()), deletedLeftovers,
					kept);
		}
		return new Cleanup(this.clock.instant(), deleted, deletedLeftovers, kept);
	}

	private static <T> void sort(T item, Path file, @Nullable String keptBecause, List<T> deleted,
			List<SkippedFile> kept) {
		if (keptBecause == null) {
			deleted.add(item);
		}
		else {
			kept.add(new SkippedFile(file, keptBecause));
		}
	}

	private static @Nullable String deleteIfUnchanged(Path file, FileStamp judged) {
		try {
			BasicFileAttributes current = Files.readAttributes(file, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!FileStamp.of(current).equals(judged)) {
				return "changed since it was judged";
			}
			Files.delete(file);
			return null;
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			return describe(ex);
		}
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/** The state of one scan: its reader, the pids probed so far, and what it found. */
	private final class Pass {

		private final Instant now;

		private final HeartbeatReader reader = HeartbeatScanner.this.reader;

		private final Map<Long, ProcessLiveness> probed = HeartbeatScanner.this.probed;

		private final Map<FileStamp, Instant> firstSeenOfFutureDated = new HashMap<>();

		private final List<HeartbeatEntry> entries = new ArrayList<>();

		private final List<SkippedFile> skipped = new ArrayList<>();

		private final List<StagingLeftover> leftovers = new ArrayList<>();

		Pass(Instant now) {
			this.now = now;
			this.probed.clear();
		}

		void consider(Path file) {
			String fileName = file.getFileName().toString();
			if (HeartbeatName.looksLikeHeartbeat(fileName)) {
				considerHeartbeat(file, fileName);
			}
			else {
				HeartbeatName.parseStaging(fileName).ifPresent((name) -> considerStaging(file, name));
			}
		}

		private void considerHeartbeat(Path file, String fileName) {
			HeartbeatName name = HeartbeatName.parse(fileName).orElse(null);
			if (name == null) {
				this.skipped.add(new SkippedFile(file, "name is not heartbeat-<pid>-<uuid>.json"));
				return;
			}
			Reading reading = this.reader.read(file, name);
			if (reading instanceof Reading.Found found) {
				this.entries.add(judge(file, found.heartbeat()));
			}
			else if (reading instanceof Reading.Skipped skip) {
				this.skipped.add(new SkippedFile(file, skip.reason()));
			}
		}

		private void considerStaging(Path file, HeartbeatName name) {
			try {
				BasicFileAttributes attributes = this.reader.attributesOf(file);
				Instant modified = attributes.lastModifiedTime().toInstant();
				boolean abandoned = this.reader.whyUntrusted(attributes) == null
						&& Duration.between(modified, this.now).compareTo(LEFTOVER_AGE) > 0
						&& !probe(name.pid()).alive();
				if (abandoned) {
					this.leftovers.add(new StagingLeftover(file, name.pid(), modified, FileStamp.of(attributes)));
				}
			}
			catch (IOException ex) {
				// Renamed into place or otherwise gone: nothing left over.
			}
		}

		private ProcessLiveness probe(long pid) {
			return this.probed.computeIfAbsent(pid, HeartbeatScanner.this.probe::check);
		}

		private HeartbeatEntry judge(Path file, Heartbeat heartbeat) {
			Instant lastRefresh = trustedLastRefresh(heartbeat);
			ProcessLiveness process = probe(heartbeat.pid());
			return new HeartbeatEntry(file, heartbeat.pid(), heartbeat.uuid(), lastRefresh,
					status(lastRefresh, heartbeat, process), process.alive(), heartbeat.stamp());
		}

		private HeartbeatStatus status(Instant lastRefresh, Heartbeat heartbeat, ProcessLiveness process) {
			if (Duration.between(lastRefresh, this.now).compareTo(HeartbeatScanner.this.staleThreshold) > 0) {
				return HeartbeatStatus.STALE;
			}
			if (!process.alive() || isReused(heartbeat, process)) {
				return HeartbeatStatus.ORPHAN;
			}
			return HeartbeatStatus.FRESH;
		}

		/**
		 * A timestamp ahead of our clock would pin presence forever, so it yields to the
		 * file's mtime; when that is ahead too, the file is aged from when we first saw
		 * this version of it.
		 */
		private Instant trustedLastRefresh(Heartbeat heartbeat) {
			Instant horizon = this.now.plus(CLOCK_SKEW_TOLERANCE);
			Instant claimed = heartbeat.lastRefresh();
			if (claimed != null && !claimed.isAfter(horizon)) {
				return claimed;
			}
			if (!heartbeat.modified().isAfter(horizon)) {
				return heartbeat.modified();
			}
			Instant firstSeen = HeartbeatScanner.this.firstSeenOfFutureDated.getOrDefault(heartbeat.stamp(), this.now);
			this.firstSeenOfFutureDated.put(heartbeat.stamp(), firstSeen);
			return firstSeen;
		}

		private static boolean isReused(Heartbeat heartbeat, ProcessLiveness process) {
			Instant writerStart = heartbeat.startedAt();
			Instant processStart = process.startedAt();
			return writerStart != null && processStart != null
					&& processStart.isAfter(writerStart.plus(START_TIME_RESOLUTION));
		}

	}

}
