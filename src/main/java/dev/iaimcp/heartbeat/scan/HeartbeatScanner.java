package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.scan.HeartbeatReader.Reading;

/**
 * Scans the wrappers directory, judges each heartbeat, and deletes what dead wrappers left.
 */
public final class HeartbeatScanner {

	/** How far ahead of our clock a timestamp may be before it is distrusted. */
	static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(5);

	/** How old a dead writer's staging file must be before it is deleted. */
	static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

	/** From how many heartbeat files on a scan spreads over the cores; below, threads cost more. */
	static final int PARALLEL_FROM = 2_000;

	private final Path wrappersDir;

	private final Verdict verdict;

	private final ProcessProbe probe;

	private final Clock clock;

	private Map<FileStamp, Instant> firstSeenOfFutureDated = Map.of();

	// Reused scan after scan (scans hold this object's lock): the reader's 64 KiB buffer and
	// the probe cache's table would otherwise be rebuilt every tick.
	private final HeartbeatReader reader;

	private final Map<Long, ProcessLiveness> probed = new ConcurrentHashMap<>();

	private final @Nullable Integer trustedUid;

	public HeartbeatScanner(Path wrappersDir, Duration staleThreshold, ProcessProbe probe, Clock clock,
			@Nullable Integer trustedUid) {
		this.wrappersDir = Objects.requireNonNull(wrappersDir, "'wrappersDir' must not be null");
		this.verdict = new Verdict(staleThreshold);
		this.probe = Objects.requireNonNull(probe, "'probe' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		this.trustedUid = trustedUid;
		this.reader = new HeartbeatReader(trustedUid);
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
		pass.judgeHeartbeats();
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

		private final Map<FileStamp, Instant> firstSeenOfFutureDated = new ConcurrentHashMap<>();

		private final List<Path> heartbeatFiles = new ArrayList<>();

		private final List<HeartbeatEntry> entries = new ArrayList<>();

		private final List<SkippedFile> skipped = new ArrayList<>();

		private final List<StagingLeftover> leftovers = new ArrayList<>();

		Pass(Instant now) {
			this.now = now;
			this.probed.clear();
			HeartbeatScanner.this.verdict.scanStarting();
		}

		void consider(Path file) {
			String fileName = file.getFileName().toString();
			if (HeartbeatName.looksLikeHeartbeat(fileName)) {
				this.heartbeatFiles.add(file);
			}
			else {
				HeartbeatName.parseStaging(fileName).ifPresent((name) -> considerStaging(file, name));
			}
		}

		void judgeHeartbeats() {
			List<Judged> judged = (this.heartbeatFiles.size() < PARALLEL_FROM)
					? judge(this.heartbeatFiles, this.reader) : judgeInParallel();
			for (Judged one : judged) {
				if (one.entry() != null) {
					this.entries.add(one.entry());
				}
				if (one.skipped() != null) {
					this.skipped.add(one.skipped());
				}
			}
		}

		// One slice per core, each with its own reader: a reader's buffer is not shared.
		private List<Judged> judgeInParallel() {
			int slices = ForkJoinPool.getCommonPoolParallelism() + 1;
			int size = (this.heartbeatFiles.size() + slices - 1) / slices;
			List<List<Path>> parts = new ArrayList<>();
			for (int from = 0; from < this.heartbeatFiles.size(); from += size) {
				parts.add(this.heartbeatFiles.subList(from, Math.min(from + size, this.heartbeatFiles.size())));
			}
			return parts.parallelStream()
				.flatMap((part) -> judge(part, new HeartbeatReader(HeartbeatScanner.this.trustedUid)).stream())
				.toList();
		}

		private List<Judged> judge(List<Path> files, HeartbeatReader reader) {
			List<Judged> judged = new ArrayList<>(files.size());
			for (Path file : files) {
				judged.add(judge(file, reader));
			}
			return judged;
		}

		private Judged judge(Path file, HeartbeatReader reader) {
			HeartbeatName name = HeartbeatName.parse(file.getFileName().toString()).orElse(null);
			if (name == null) {
				return Judged.skipped(file, "name is not heartbeat-<pid>-<uuid>.json");
			}
			Reading reading = reader.read(file, name);
			if (reading instanceof Reading.Found found) {
				return new Judged(judge(file, found.heartbeat()), null);
			}
			if (reading instanceof Reading.Skipped skip) {
				return Judged.skipped(file, skip.reason());
			}
			return new Judged(null, null);
		}

		private void considerStaging(Path file, HeartbeatName name) {
			try {
				FileFacts attributes = this.reader.attributesOf(file);
				Instant modified = attributes.stamp().lastModified().toInstant();
				boolean abandoned = this.reader.whyUntrusted(attributes) == null
						&& Duration.between(modified, this.now).compareTo(LEFTOVER_AGE) > 0
						&& !probe(name.pid()).alive();
				if (abandoned) {
					this.leftovers.add(new StagingLeftover(file, name.pid(), modified, attributes.stamp()));
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
			HeartbeatStatus status = HeartbeatScanner.this.verdict.judge(this.now, file, heartbeat, lastRefresh,
					process);
			return new HeartbeatEntry(file, heartbeat.pid(), heartbeat.uuid(), lastRefresh, status, process.alive(),
					heartbeat.stamp());
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

		/** What became of one heartbeat file: judged, skipped, or neither (it vanished). */
		private record Judged(@Nullable HeartbeatEntry entry, @Nullable SkippedFile skipped) {

			static Judged skipped(Path file, String reason) {
				return new Judged(null, new SkippedFile(file, reason));
			}

		}

	}

}
